import { describe, expect, it } from "vitest";
import { docLinks, parseDoc, resolveRepoLink } from "../../src/facts/markdown.js";

describe("parseDoc", () => {
  it("finds ATX and setext headings, skipping fenced code and front matter", () => {
    const text = "---\ntitle: Guide\n---\n# Guide\n\n```sh\n# not a heading\n```\n\nUsage\n-----\n\nText.\n\n## Deploy ##\n";
    const doc = parseDoc(text, "docs/guide.md");
    expect(doc.headings).toEqual([
      { text: "Guide", level: 1, line: 4 },
      { text: "Usage", level: 2, line: 10 },
      { text: "Deploy", level: 2, line: 15 },
    ]);
    expect(doc.lines[6]).toEqual({ text: "# not a heading", line: 7, inCode: true });
  });

  it("nests sections: a section runs to the next heading of its level or higher", () => {
    const doc = parseDoc("# A\n## B\nb\n### C\nc\n## D\nd\n", "README.md");
    const b = doc.sections.find((s) => s.heading.text === "B");
    expect(b?.body.map((l) => l.line)).toEqual([3, 4, 5]);
  });

  it("reads reStructuredText underlines in order of appearance", () => {
    const doc = parseDoc("Title\n=====\n\nInstall\n-------\n\n    pip install x\n", "README.rst");
    expect(doc.headings.map((h) => [h.text, h.level, h.line])).toEqual([
      ["Title", 1, 1],
      ["Install", 2, 4],
    ]);
    expect(doc.lines[6]?.inCode).toBe(true);
  });
});

describe("links", () => {
  it("resolves relative and root-relative links inside the repository, and nothing else", () => {
    expect(docLinks(parseDoc("See [docs](docs/setup.md#run) and [site](https://x.dev).\n", "README.md")).map((l) => l.target)).toEqual(["docs/setup.md#run", "https://x.dev"]);
    expect(resolveRepoLink("docs/readme.md", "./installing.md")).toBe("docs/installing.md");
    expect(resolveRepoLink("docs/readme.md", "/CONTRIBUTING.md")).toBe("CONTRIBUTING.md");
    expect(resolveRepoLink("docs/readme.md", "../../outside.md")).toBeUndefined();
    expect(resolveRepoLink("README.md", "mailto:a@b.c")).toBeUndefined();
    expect(resolveRepoLink("README.md", "%E0%A4%A.md")).toBeUndefined();
  });
});
