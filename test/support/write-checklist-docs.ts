import { writeFile } from "node:fs/promises";
import { DEFAULT_CHECKLIST_PATH, loadChecklist } from "../../src/checklist/checklist.js";
import { renderChecklistDocs } from "../../src/report/checklist-docs.js";

await writeFile(new URL("../../docs/checklist.md", import.meta.url), renderChecklistDocs(await loadChecklist(DEFAULT_CHECKLIST_PATH)));
