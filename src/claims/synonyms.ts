import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ChecklistError } from "../checklist/checklist.js";
import { describe, locateIssues, parseYamlDocument } from "../config/yaml-errors.js";
import { words } from "./text.js";

/** The vocabulary that maps a document's words to checklist items; see the file's header. */
export const DEFAULT_SYNONYMS_PATH = fileURLToPath(new URL("../../checklists/claims-synonyms.yml", import.meta.url));

const Phrase = z.string().refine((phrase) => words(phrase).length > 0, "a phrase needs at least one word");
const Phrases = z.array(Phrase).superRefine((phrases, ctx) => {
  const seen = new Set<string>();
  phrases.forEach((phrase, index) => {
    const key = words(phrase).join(" ");
    if (seen.has(key))
      ctx.addIssue({
        code: "custom",
        path: [index],
        message: `"${phrase}" is listed twice (after folding case and plurals)`,
      });
    seen.add(key);
  });
});

export const SynonymsSchema = z.strictObject({
  version: z.literal(1),
  items: z.record(z.string().regex(/^[a-z]+\.[a-z0-9-]+$/, "keys are checklist item ids such as container.non-root"), Phrases.min(1)),
  categories: z.record(z.string().regex(/^[a-z]+$/, "keys are checklist category ids"), Phrases.min(1)).default({}),
  overall: Phrases.default([]),
  unchecked: Phrases.default([]),
});

export type Synonyms = z.infer<typeof SynonymsSchema>;

export function parseSynonyms(text: string, source: string): Synonyms {
  const parsed = parseYamlDocument(text, source);
  if (!parsed.ok) throw new ChecklistError(parsed.message);
  const result = SynonymsSchema.safeParse(parsed.value);
  if (!result.success) throw new ChecklistError(describe(locateIssues(parsed, source, result.error.issues)));
  return result.data;
}

export async function loadSynonyms(path: string = DEFAULT_SYNONYMS_PATH): Promise<Synonyms> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ChecklistError(`cannot read claim synonyms ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  return parseSynonyms(text, path);
}

let bundled: Synonyms | undefined;

/** The synonyms shipped beside the default checklist, read once per process. */
export function defaultSynonyms(): Synonyms {
  bundled ??= parseSynonyms(readFileSync(DEFAULT_SYNONYMS_PATH, "utf8"), DEFAULT_SYNONYMS_PATH);
  return bundled;
}
