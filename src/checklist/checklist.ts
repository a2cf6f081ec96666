import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { ChecklistError } from "./checklist-error.js";
import type { Checklist } from "./model.js";
import { PRECOMPILED } from "./precompiled.js";

export { ChecklistError } from "./checklist-error.js";
export { APPLICABILITY, type Applicability, type Checklist, type ChecklistItem } from "./model.js";

/**
 * Loading the checklist. Its schema (checklist-schema.ts, with zod) loads only to read a checklist
 * file: the bundles carry the default checklist validated at build time.
 */

export const DEFAULT_CHECKLIST_PATH = fileURLToPath(new URL("../../checklists/default.yml", import.meta.url));

/** The checklist at path; without one, the default checklist (precompiled in the bundles). */
export async function loadChecklist(path?: string): Promise<Checklist> {
  if (path === undefined && PRECOMPILED) return JSON.parse(PRECOMPILED.checklist) as Checklist;
  return readChecklist(path ?? DEFAULT_CHECKLIST_PATH);
}

async function readChecklist(path: string): Promise<Checklist> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ChecklistError(`cannot read checklist ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const { parseChecklist } = await import("./checklist-schema.js");
  return parseChecklist(text, path);
}
