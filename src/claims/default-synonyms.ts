import { PRECOMPILED } from "../checklist/precompiled.js";
import type { Synonyms } from "./synonyms.js";
import { readDefaultSynonyms } from "./synonyms-schema.js";

let bundled: Synonyms | undefined;

/** The synonyms shipped beside the default checklist, read once per process: precompiled in the bundles, read from the file run from the source. */
export function defaultSynonyms(): Synonyms {
  bundled ??= PRECOMPILED ? (JSON.parse(PRECOMPILED.synonyms) as Synonyms) : readDefaultSynonyms();
  return bundled;
}
