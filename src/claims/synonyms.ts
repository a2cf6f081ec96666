import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as z from "zod";
import { ChecklistError } from "../checklist/checklist.js";
import { PRECOMPILED } from "../checklist/precompiled.js";
import { describe, locateIssues, parseYamlDocument } from "../config/yaml-errors.js";
import { words } from "./text.js";

/** The vocabulary that maps a document's words to checklist items; see the file's header. */
export const DEFAULT_SYNONYMS_PATH = fileURLToPath(new URL("../../checklists/claims-synonyms.yml", import.meta.url));

/** Built on first use: the bundles carry the default synonyms validated at build time. */
function buildSynonymsSchema() {
  /** One list of phrases: a string of phrases separated by commas (see the file's header). */
  const Phrases = z
    .string()
    .transform((list) =>
      list
        .split(",")
        .map((phrase) => phrase.trim())
        .filter((phrase) => phrase !== ""),
    )
    .superRefine((phrases, ctx) => {
      const seen = new Set<string>();
      for (const phrase of phrases) {
        const key = words(phrase).join(" ");
        if (key === "") ctx.addIssue({ code: "custom", message: `"${phrase}" has no words` });
        else if (seen.has(key)) ctx.addIssue({ code: "custom", message: `"${phrase}" is listed twice (after folding case and plurals)` });
        seen.add(key);
      }
      if (phrases.length === 0) ctx.addIssue({ code: "custom", message: "expected at least one phrase" });
    });

  return z.strictObject({
    version: z.literal(1),
    items: z.record(z.string().regex(/^[a-z]+\.[a-z0-9-]+$/, "keys are checklist item ids such as container.non-root"), Phrases),
    categories: z.record(z.string().regex(/^[a-z]+$/, "keys are checklist category ids"), Phrases).default({}),
    overall: Phrases.default([]),
    unchecked: Phrases.default([]),
  });
}

let schema: ReturnType<typeof buildSynonymsSchema> | undefined;

/** The synonyms file's schema, built once per process on first use. */
function synonymsSchema(): ReturnType<typeof buildSynonymsSchema> {
  schema ??= buildSynonymsSchema();
  return schema;
}

export type Synonyms = z.infer<ReturnType<typeof buildSynonymsSchema>>;

export function parseSynonyms(text: string, source: string): Synonyms {
  const parsed = parseYamlDocument(text, source);
  if (!parsed.ok) throw new ChecklistError(parsed.message);
  const result = synonymsSchema().safeParse(parsed.value);
  if (!result.success) throw new ChecklistError(describe(locateIssues(parsed, source, result.error.issues)));
  return result.data;
}

let bundled: Synonyms | undefined;

/** The synonyms shipped beside the default checklist, read once per process. */
export function defaultSynonyms(): Synonyms {
  bundled ??= PRECOMPILED ? (JSON.parse(PRECOMPILED.synonyms) as Synonyms) : parseSynonyms(readFileSync(DEFAULT_SYNONYMS_PATH, "utf8"), DEFAULT_SYNONYMS_PATH);
  return bundled;
}
