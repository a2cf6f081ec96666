/** A checklist (or its synonyms) that cannot be used: in a module of its own, so the CLI can recognise one without loading the schemas. */
export class ChecklistError extends Error {}
