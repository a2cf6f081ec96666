import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { DEFAULT_CHECKLIST_PATH, loadChecklist } from "../../src/checklist/checklist.js";
import { renderChecklistDocs } from "../../src/report/checklist-docs.js";
import { itemDocsUrl } from "../../src/report/links.js";

describe("docs/checklist.md", () => {
  it("is the default checklist as it is now (regenerate with `npm run docs:checklist`)", async () => {
    const committed = await readFile(new URL("../../docs/checklist.md", import.meta.url), "utf8");
    expect(committed).toBe(renderChecklistDocs(await loadChecklist(DEFAULT_CHECKLIST_PATH)));
  });

  it("has the heading every item's documentation link points at", async () => {
    const committed = await readFile(new URL("../../docs/checklist.md", import.meta.url), "utf8");
    for (const item of (await loadChecklist(DEFAULT_CHECKLIST_PATH)).items) {
      expect(committed).toContain(`\n### ${item.id}\n`);
      expect(itemDocsUrl(item.id)).toMatch(new RegExp(`#${item.id.replace(".", "")}$`));
    }
  });
});
