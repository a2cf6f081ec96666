import { readFileSync } from "node:fs";
import * as z from "zod";
import { ChecklistError } from "../checklist/checklist.js";
import type { SameType } from "../config/same-type.js";
import { describe, locateIssues, parseYamlDocument } from "../config/yaml-errors.js";
import { DEFAULT_SYNONYMS_PATH, type Synonyms } from "./synonyms.js";
import { words } from "./text.js";

/**
 * The synonyms file's schema and its validation, with zod. The bundles carry the default synonyms
 * validated at build time, and scripts/build.mjs leaves this module out of them; run from the
 * source, synonyms.ts reads the default file through it. synonyms.ts declares what it gives.
 */

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

/** Built when this module loads, which is when a synonyms file is to be read. */
const SynonymsSchema = buildSynonymsSchema();

/** Compiles only while the schema gives exactly the Synonyms that synonyms.ts declares. */
export const SCHEMA_GIVES_SYNONYMS: SameType<z.infer<ReturnType<typeof buildSynonymsSchema>>, Synonyms> = true;

export function parseSynonyms(text: string, source: string): Synonyms {
  const parsed = parseYamlDocument(text, source);
  if (!parsed.ok) throw new ChecklistError(parsed.message);
  const result = SynonymsSchema.safeParse(parsed.value);
  if (!result.success) throw new ChecklistError(describe(locateIssues(parsed, source, result.error.issues)));
  return result.data;
}

/** The default synonyms file, read and validated (run from the source; the bundles carry them precompiled). */
export function readDefaultSynonyms(): Synonyms {
  return parseSynonyms(readFileSync(DEFAULT_SYNONYMS_PATH, "utf8"), DEFAULT_SYNONYMS_PATH);
}
