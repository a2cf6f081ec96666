/**
 * The default checklist and claim synonyms as JSON, parsed and validated when the bundles are
 * built: scripts/build.mjs replaces this module, so a start-up pays for neither the YAML parse nor
 * the schemas. Run from the source (tests, tsx) nothing is precompiled and the YAML files are read.
 */
export const PRECOMPILED: { checklist: string; synonyms: string } | undefined = undefined;
