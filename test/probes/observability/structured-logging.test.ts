import { describe, expect, it } from "vitest";
import { structuredLogging } from "../../../src/probes/observability/structured-logging.js";
import { fixtureLine } from "../../support/fixture-lines.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const run = (files: Record<string, string>) => structuredLogging.run(contextOf(files));

describe("observability.structured-logging", () => {
  it("passes on pino in the Express fixture, with the logger's creation and the dependency", async () => {
    const finding = structuredLogging.run(await fixtureContext("express-ts-service"));
    expect(finding.outcome).toBe("pass");
    expect(finding.evidence).toContainEqual({ path: "src/logger.ts", line: 3, note: "pino set up" });
    expect(finding.evidence).toContainEqual({ path: "package.json", line: fixtureLine("express-ts-service", "package.json", '"pino"'), note: "pino declared" });
  });

  it("passes on slog's JSON handler (standard library, no dependency) and on structlog", async () => {
    expect(structuredLogging.run(await fixtureContext("go-nethttp-service")).evidence[0]).toEqual({ path: "cmd/server/main.go", line: 17, note: "slog set up" });
    expect(structuredLogging.run(await fixtureContext("fastapi-service")).evidence[0]).toEqual({ path: "app/main.py", line: 11, note: "structlog set up" });
  });

  it("counts loguru only when it serialises records to JSON", () => {
    const files = { "requirements.txt": "loguru==0.7.2\n", "app/log.py": "from loguru import logger\n\nlogger.add(sys.stdout)\n" };
    const plain = run(files);
    expect(plain.outcome).toBe("partial");
    expect(plain.evidence).toEqual([{ path: "requirements.txt", line: 1, note: "loguru declared" }]);
    expect(run({ ...files, "app/log.py": "from loguru import logger\n\nlogger.add(sys.stdout, serialize=True)\n" }).evidence[0]).toEqual({
      path: "app/log.py",
      line: 3,
      note: "loguru (serialize=True) set up",
    });
  });

  it("fails on console.log and on a pretty-printer that is only a dev dependency", () => {
    const finding = run({ "package.json": JSON.stringify({ devDependencies: { "pino-pretty": "^11.0.0" } }), "src/index.js": 'console.log("listening");\n' });
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/pino, winston/);
  });
});
