import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * Writes a synthetic monorepo of `count` files with the mix of a real one: TypeScript,
 * Python and Go services with tests, docs, configs, workflows, Dockerfiles, and some
 * binary assets. Deterministic, so runs are comparable.
 */
export async function generateTree(root: string, count: number): Promise<void> {
  const files = new Map<string, string | Buffer>();
  files.set("package.json", JSON.stringify({ name: "bench", private: true, workspaces: ["packages/*"], scripts: { test: "vitest run" } }, null, 2));
  files.set("package-lock.json", "{}");
  files.set("README.md", "# Bench\n\n## Install\n\n```sh\nnpm ci\n```\n\n## Test\n\n```sh\nnpm test\n```\n");
  files.set(".github/workflows/ci.yml", "on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: npm test\n");
  files.set("PRODUCTION_READINESS.md", "# Production readiness\n\n| Area | Status |\n|---|---|\n| Sentry error tracking | ✅ |\n| Health checks | ✅ |\n| Load testing | ❌ |\n\nScore: 9/10\n");
  let index = 0;
  while (files.size < count) {
    const pkg = `packages/pkg-${Math.floor(index / 40)}`;
    const n = index % 40;
    switch (n % 10) {
      case 0:
        files.set(`${pkg}/package.json`, JSON.stringify({ name: `pkg-${index}`, dependencies: { express: "^4.19.0", pino: "^9.0.0" }, scripts: { test: "vitest run" } }, null, 2));
        break;
      case 1:
        files.set(`${pkg}/src/server-${n}.ts`, typescriptModule(index));
        break;
      case 2:
        files.set(`${pkg}/src/routes/r${n}.ts`, typescriptModule(index));
        break;
      case 3:
        files.set(`${pkg}/test/r${n}.test.ts`, `import { it, expect } from "vitest";\nit("works ${index}", () => expect(${index}).toBe(${index}));\n`);
        break;
      case 4:
        files.set(`${pkg}/py/module_${n}.py`, pythonModule(index));
        break;
      case 5:
        files.set(`${pkg}/go/handler_${n}.go`, goModule(index));
        break;
      case 6:
        files.set(`${pkg}/docs/page-${n}.md`, `# Page ${index}\n\n${"Lorem ipsum dolor sit amet. ".repeat(40)}\n`);
        break;
      case 7:
        files.set(`${pkg}/config/settings-${n}.json`, JSON.stringify({ id: index, retries: 3, endpoints: Array.from({ length: 20 }, (_, i) => `/v1/r${i}`) }));
        break;
      case 8:
        files.set(`${pkg}/assets/logo-${n}.png`, Buffer.alloc(4096, index % 251));
        break;
      default:
        files.set(`${pkg}/${n === 9 ? "Dockerfile" : `src/util-${n}.js`}`, n === 9 ? "FROM node:20.18-alpine\nUSER node\nCMD [\"node\", \"server.js\"]\n" : typescriptModule(index));
    }
    index++;
  }
  for (const [path, content] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

function typescriptModule(seed: number): string {
  const body = Array.from({ length: 30 }, (_, i) => `export function handler${seed}_${i}(input: number): number {\n  // multiply and clamp the value\n  return Math.min(input * ${i + 1}, ${seed});\n}\n`).join("\n");
  return `import express from "express";\nimport pino from "pino";\n\nconst log = pino();\nconst router = express.Router();\nrouter.get("/items/${seed}", (_req, res) => res.json({ ok: true }));\n\n${body}`;
}

function pythonModule(seed: number): string {
  return `import logging\n\nlogger = logging.getLogger(__name__)\n\n${Array.from({ length: 20 }, (_, i) => `def compute_${i}(value):\n    """Scale the value."""\n    return value * ${i + seed}\n`).join("\n")}`;
}

function goModule(seed: number): string {
  return `package handlers\n\nimport "net/http"\n\n${Array.from({ length: 15 }, (_, i) => `func Handler${i}(w http.ResponseWriter, r *http.Request) {\n\tw.WriteHeader(${200 + (i % 3)}) // seed ${seed}\n}\n`).join("\n")}`;
}
