import { describe, expect, it } from "vitest";
import { loadChecklist } from "../../src/checklist/checklist.js";
import { plainText } from "../../src/claims/text.js";
import { auditView } from "../../src/audit/audit.js";
import { RepoView } from "../../src/view/repo-view.js";

/** 512 KB of hostile text per family of expressions that used to backtrack super-linearly on it. */
const SIZE = 512_000;
const fill = (prefix: string, pump: string): string => `${prefix}${pump.repeat(Math.ceil((SIZE - prefix.length) / pump.length))}`.slice(0, SIZE);

function auditMs(files: Record<string, string>): number {
  const started = performance.now();
  auditView(RepoView.fromFiles(files), { label: "hostile" }, { checklist });
  return performance.now() - started;
}

let checklist: Awaited<ReturnType<typeof loadChecklist>>;

describe("expressions on hostile repository content finish a 512 KB input in well under a second", () => {
  it.each([
    ["`^\\s*import pytest` under /m over blank lines", { "tests/test_a.py": fill("import pytest", "\n"), "requirements.txt": "pytest\n" }],
    ["JVM `^\\s*@Test` / `^\\s*import org.testng.` over carriage returns", { "src/test/java/ATest.java": fill("import ", "\r"), "pom.xml": "<project/>" }],
    ["fastapi and express usage patterns", { "app.py": fill("import fastapi ", "\r"), "requirements.txt": "fastapi\n", "index.js": fill("import ", "\t"), "package.json": '{"dependencies":{"express":"4"}}' }],
    ["e2e imports over carriage returns", { "e2e/a.spec.ts": fill("puppeteer", "\r"), "package.json": '{"devDependencies":{"puppeteer":"1"}}' }],
    ["npm placeholder script of blanks", { "package.json": JSON.stringify({ scripts: { test: fill("", " ") } }) }],
    ["compose secrets line of tabs", { "docker-compose.yml": `services:\n  a:\n    environment:\n${fill("", "\t")}` }],
    ["prometheus in Spring config over carriage returns", { "src/main/resources/application.properties": fill("prometheus", "\r"), "pom.xml": "<project/>" }],
    ["unclosed HTML comments in a heading", { "README.md": `# ${fill("", "<!-- ")}\n` }],
  ])("%s", async (_name, files) => {
    checklist ??= await loadChecklist();
    expect(auditMs(files as Record<string, string>)).toBeLessThan(1_000);
  });

  it("Markdown links and images in claims text", () => {
    for (const pump of ["[", "![ ", "[a](", "[a]["]) {
      const started = performance.now();
      plainText(fill("", pump));
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });

  it("the expressions themselves, timed directly on their worst input", async () => {
    const { FRAMEWORKS } = await import("../../src/profile/catalog.js");
    const express = FRAMEWORKS.find((f) => f.name === "express")?.usage as RegExp;
    const fastapi = FRAMEWORKS.find((f) => f.name === "fastapi")?.usage as RegExp;
    for (const [regex, input] of [
      [express, fill("import ", "\t")],
      [fastapi, fill("fastapi ", "\r")],
      [/<!--/g, fill("", "<!--")],
    ] as const) {
      const started = performance.now();
      regex.exec(input);
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });
});
