import { fileURLToPath } from "node:url";

/** The vocabulary that maps a document's words to checklist items; see the file's header. */
export const DEFAULT_SYNONYMS_PATH = fileURLToPath(new URL("../../checklists/claims-synonyms.yml", import.meta.url));

/** The synonyms file, validated (synonyms-schema.ts's schema gives exactly this; it does not compile otherwise). */
export interface Synonyms {
  version: 1;
  /** Phrases by checklist item id. */
  items: Record<string, string[]>;
  /** Phrases by checklist category id. */
  categories: Record<string, string[]>;
  overall: string[];
  unchecked: string[];
}
