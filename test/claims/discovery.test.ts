import { describe, expect, it } from "vitest";
import { discoverDocuments, headingTalksAboutReadiness, isReadinessDocumentPath, isReadinessDocumentRow, talksAboutReadiness } from "../../src/claims/discovery.js";
import { readRank } from "../../src/view/content-plan.js";
import { PathRow } from "../../src/view/path-table.js";
import { RepoView } from "../../src/view/repo-view.js";

const discover = (files: Record<string, string>, documents: string[] = [], maxDocuments = 20) =>
  discoverDocuments(RepoView.fromFiles(files), { documents, maxDocuments });

describe("readiness document discovery", () => {
  it.each([
    "PRODUCTION_READINESS.md",
    "PRODUCTION-READY.md",
    "DEPLOYMENT_FINAL.md",
    "PRODUCTION_STATUS.md",
    "docs/production-readiness/observability.md",
    "docs/GO_LIVE.md",
    "docs/launch-checklist.md",
    "ProductionReadinessReport.md",
    "ops/prelaunch.txt",
    "release-checklist.mdx",
  ])("finds %s by its name", (path) => {
    expect(isReadinessDocumentPath(path)).toBe(true);
    expect(isReadinessDocumentRow(new PathRow(path, 0))).toBe(true);
  });

  it.each(["README.md", "DEPLOYMENT.md", "docs/production.md", "CHANGELOG.md", "src/readiness.ts", "docs/readiness.png", "RELEASES.md"])(
    "does not take %s for one by its name",
    (path) => {
      expect(isReadinessDocumentPath(path)).toBe(false);
      expect(isReadinessDocumentRow(new PathRow(path, 0))).toBe(false);
    },
  );

  it.each(["Production Readiness Assessment", "🎯 Ready for production", "Go-live checklist", "Deployment Status", "Production-Ready Score"])(
    "recognises the heading %s",
    (heading) => {
      expect(talksAboutReadiness(heading)).toBe(true);
    },
  );

  it.each(["Readiness", "Readiness — developers' guide"])("takes the heading %s for a product's name, not an assessment", (heading) => {
    expect(headingTalksAboutReadiness(heading)).toBe(false);
  });

  it.each(["Production Readiness", "Readiness checklist", "Service readiness review"])("still recognises the heading %s", (heading) => {
    expect(headingTalksAboutReadiness(heading)).toBe(true);
  });

  it("reads named documents whole, and only the readiness sections of READMEs, CLAUDE.md and AGENTS.md", () => {
    const { documents, notes } = discover({
      "README.md": "# app\n\n## Install\n\n- ✅ npm ci\n\n## Production Readiness\n\n- ✅ Docker\n\n### Details\n\nmore\n\n## License\n\nMIT\n",
      "CLAUDE.md": "# Notes\n\n## Go-live checklist\n\n- [x] Sentry\n",
      "AGENTS.md": "# Agents\n\n```bash\n# Production readiness check\n```\n",
      "PRODUCTION_READINESS.md": "# Readiness\n",
      "CHANGELOG.md": "# Changes\n\n## Production readiness\n\n- Added Sentry\n",
      "examples/demo/PRODUCTION_READINESS.md": "# Not ours\n",
    });
    expect(documents.map((d) => [d.path, d.sections])).toEqual([
      ["PRODUCTION_READINESS.md", undefined],
      ["README.md", [{ from: 7, to: 14 }]],
      ["CLAUDE.md", [{ from: 3, to: 6 }]],
    ]);
    expect(notes).toEqual([]);
  });

  it("reads a document whole when its title talks about readiness", () => {
    const { documents } = discover({ "docs/status.md": "# Production Status\n\n## Security\n\n- ✅ Helmet\n" });
    expect(documents[0]?.sections).toEqual([{ from: 1, to: 6 }]);
  });

  it("adds the documents claims.documents names, and says when the globs match nothing", () => {
    expect(discover({ "notes/state-of-things.md": "- ✅ Docker" }, ["notes/*.md"]).documents.map((d) => d.path)).toEqual(["notes/state-of-things.md"]);
    expect(discover({ "README.md": "# x" }, ["notes/*.md"]).notes).toEqual(["claims.documents (notes/*.md) matches no file in the repository"]);
  });

  it("reads at most the bound, and says which documents were left out", () => {
    const files = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`docs/production-readiness/part-${i}.md`, "- ✅ Docker"]));
    const { documents, notes } = discover(files, [], 2);
    expect(documents).toHaveLength(2);
    expect(notes).toEqual([
      "2 more readiness documents were not checked for claims (at most 2 are read): docs/production-readiness/part-2.md, docs/production-readiness/part-3.md",
    ]);
  });

  it("makes the content plan read readiness documents wherever they are", () => {
    expect(readRank(new PathRow("services/billing/docs/deep/PRODUCTION_READINESS.md", 0), undefined, isReadinessDocumentRow)).toBe(1);
    expect(readRank(new PathRow("examples/app/docs/deep/PRODUCTION_READINESS.md", 0), undefined, isReadinessDocumentRow)).not.toBe(1);
  });
});
