import type { FileSpec } from "./git-trees.js";

/**
 * Repositories built to hurt an auditor: huge, binary, explosive, deep, oddly named, linked,
 * and full of inputs that make backtracking regular expressions take forever. Each is a small
 * service otherwise, so the audit has real work to do besides surviving.
 */
const service: Record<string, FileSpec> = {
  "package.json": JSON.stringify({ name: "svc", scripts: { start: "node server.js", test: "node --test" }, dependencies: { express: "^4.19.2" } }, null, 2),
  "package-lock.json": "{}\n",
  "server.js": 'const express = require("express");\nconst app = express();\napp.get("/healthz", (_req, res) => res.send("ok"));\napp.listen(3000);\n',
  "test/server.test.js": 'const test = require("node:test");\ntest("up", () => {});\n',
  "README.md": "# svc\n\nInstall with `npm ci`, run with `npm start`, test with `npm test`.\n",
};

export const HOSTILE_NAMES = {
  html: "<img src=x onerror=alert(1)>",
  link: "[click me](https://evil.invalid)",
  table: "a | b | c",
  emphasis: "**bold** _it_ `code`",
  unicode: "サービス🚀-ünïcødé",
} as const;

/** A YAML document whose aliases expand to 9^9 nodes (the "billion laughs"). */
export function yamlBomb(topKey: string): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 9; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous}]`);
  }
  lines.push(`${topKey}: *i`);
  return `${lines.join("\n")}\n`;
}

/**
 * Text that drives backtracking regular expressions to their worst case: long runs of the
 * characters code patterns repeat (spaces, tabs, word characters, punctuation used in routes,
 * URLs, comments, template expressions, YAML and Markdown), each ending in a character that
 * makes the match fail at the last moment. About `bytes` long, on few and very long lines.
 */
export function pathologicalText(bytes: number): string {
  const runs = [
    " ",
    "\t",
    "a",
    "1",
    "-",
    "_",
    ".",
    "/",
    ":",
    "=",
    "#",
    "*",
    "`",
    "'",
    '"',
    "<!--",
    "${",
    "{{",
    "[",
    "](",
    "a.",
    "a/",
    "a-",
    "a ",
    "- ",
    ": ",
    "//",
    "/*",
    "\\",
    "http://a",
    "app.get(",
    "route(",
    "from ",
    "import ",
    "require(",
    "@",
    "| ",
    "\r",
  ];
  const each = Math.floor(bytes / runs.length);
  return runs.map((run) => `${run.repeat(Math.max(1, Math.floor(each / run.length)))}!\n`).join("");
}

export function hostileTrees(): Record<string, Record<string, FileSpec>> {
  const fifty = new Uint8Array(50 * 1024 * 1024).fill(0x61);
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, ...new Array(2000).fill(0)]);
  const deep = `${Array.from({ length: 150 }, (_, i) => `level-${i}`).join("/")}`;
  const hundredThousand: Record<string, FileSpec> = { ...service };
  for (let i = 0; i < 100_000; i++) hundredThousand[`packages/p${Math.floor(i / 500)}/src/m${i}.js`] = `module.exports = ${i};\n`;
  const attack = pathologicalText(480 * 1024);
  return {
    "a 50 MB file": { ...service, "src/bundle.js": fifty, "data/dump.sql": fifty },
    "binary files named like source": { ...service, "src/app.ts": png, "src/server.py": png, "main.go": png, "Dockerfile": png, "README.md": png },
    "a YAML bomb in a workflow": { ...service, ".github/workflows/ci.yml": yamlBomb("jobs"), "docker-compose.yml": yamlBomb("services") },
    "a YAML bomb in .github/readiness.yml": { ...service, ".github/readiness.yml": yamlBomb("threshold") },
    "100,000 files": hundredThousand,
    "deeply nested paths": { ...service, [`${deep}/Dockerfile`]: "FROM node:latest\n", [`${deep}/server.test.js`]: "test('x', () => {});\n" },
    "Markdown and HTML in file names": {
      ...service,
      ...Object.fromEntries(Object.values(HOSTILE_NAMES).map((name) => [`docker/${name}/Dockerfile`, "FROM node:latest\nCMD node server.js\n"])),
    },
    symlinks: {
      ...service,
      "src/passwd.js": { symlink: "/etc/passwd" },
      Dockerfile: { symlink: "../../../../etc/shadow" },
      "loop/a": { symlink: "../loop/a" },
      "docs/deploy.md": { symlink: "../README.md" },
    },
    "catastrophic-backtracking content": {
      ...service,
      "README.md": `# svc\n\n${attack}`,
      "PRODUCTION_READINESS.md": `# Production readiness\n\n| Area | Status |\n|---|---|\n${attack}`,
      "package.json": JSON.stringify({ name: "svc", scripts: { test: attack.slice(0, 200_000) }, description: attack.slice(0, 200_000) }),
      Dockerfile: `FROM node:20 AS ${attack}`,
      ".github/workflows/ci.yml": `on: push\njobs:\n  test:\n    steps:\n      - run: ${attack}`,
      "src/server.ts": attack,
      "app.py": attack,
      "main.go": attack,
      "requirements.txt": attack,
      ".env.example": attack,
      "docs/deploy.md": attack,
      "k8s/deployment.yaml": attack,
      "src/main/resources/application.yml": attack,
      // One line of 480 KB, as in minified or generated files: per-line patterns see all of it.
      "src/one-line.ts": attack.replaceAll("\n", " "),
      "docs/one-line.md": attack.replaceAll("\n", " "),
    },
  };
}
