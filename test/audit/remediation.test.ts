import { describe, expect, it } from "vitest";
import { DEFAULT_CHECKLIST_PATH, loadChecklist } from "../../src/checklist/checklist.js";
import { auditView } from "../../src/audit/audit.js";
import { RepoView } from "../../src/view/repo-view.js";

const checklist = await loadChecklist(DEFAULT_CHECKLIST_PATH);
const now = new Date("2026-11-25T12:00:00Z");

function remediations(files: Record<string, string>): Map<string, string> {
  const report = auditView(RepoView.fromFiles(files), { label: "acme/api" }, { checklist, now });
  return new Map(report.items.filter((i) => i.outcome === "fail" || i.outcome === "partial").map((i) => [i.id, i.remediation]));
}

const GO_SERVICE = {
  "go.mod": "module example.com/api\n\ngo 1.22\n",
  "main.go": 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
};

describe("remediations that fit what was found", () => {
  it("a scratch image: a numeric USER, and probes or a health subcommand instead of a HEALTHCHECK it has no shell to run", () => {
    const fixes = remediations({
      ...GO_SERVICE,
      Dockerfile: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM scratch\nCOPY --from=build /app /app\nEXPOSE 8080\nENTRYPOINT ["/app"]\n',
    });
    expect(fixes.get("container.non-root")).toMatch(/^Add `USER 65534:65534` to the final stage of Dockerfile: a scratch image has no \/etc\/passwd/);
    expect(fixes.get("container.healthcheck")).toMatch(/ships no shell, curl or wget .*Kubernetes httpGet on \/healthz, port 8080.*health subcommand/);
    expect(fixes.get("security.rate-limiting")).toMatch(/golang\.org\/x\/time\/rate/);
  });

  it("a node image: USER node and a HEALTHCHECK through node, on the exposed port and the route the service has", () => {
    const fixes = remediations({
      "package.json": JSON.stringify({ name: "api", dependencies: { express: "^4.21.0" } }),
      "package-lock.json": "{}",
      "src/server.js": 'const app = require("express")();\napp.get("/livez", (req, res) => res.send("ok"));\napp.listen(3000);\n',
      Dockerfile: 'FROM node:22.11-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 3000\nCMD ["node", "src/server.js"]\n',
    });
    expect(fixes.get("container.non-root")).toMatch(/^Add `USER node`/);
    expect(fixes.get("container.healthcheck")).toContain("fetch('http://127.0.0.1:3000/livez')");
    expect(fixes.get("ci.present")).toBeDefined();
    expect(fixes.get("security.rate-limiting")).toMatch(/^Add express-rate-limit/);
    expect(fixes.get("security.headers")).toBe("Add helmet: app.use(helmet()).");
    expect(fixes.get("observability.error-tracking")).toMatch(/@sentry\/node/);
  });

  it("the package manager in use: its own test command", () => {
    const fixes = remediations({
      "pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
      "poetry.lock": "",
      "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
      ".github/workflows/ci.yml": "on: [push, pull_request]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n",
    });
    expect(fixes.get("ci.runs-tests")).toBe("Add a step that runs `poetry run pytest` to the CI job that runs on pushes and pull requests.");
    expect(fixes.get("security.rate-limiting")).toMatch(/^Add slowapi/);
  });
});
