import { createRequire } from "node:module";

const { homepage } = createRequire(import.meta.url)("../../package.json") as { homepage: string };

/** The project's home on GitHub (package.json's homepage, without its #readme anchor). */
export const PROJECT_URL = homepage.replace(/#.*$/, "");

/** Where docs/checklist.md documents an item: GitHub's heading anchor drops the dot of `testing.tests-present`. */
export function itemDocsUrl(itemId: string): string {
  return `${PROJECT_URL}/blob/main/docs/checklist.md#${itemId.toLowerCase().replace(/[^a-z0-9 -]/g, "")}`;
}
