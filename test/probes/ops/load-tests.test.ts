import { describe, expect, it } from "vitest";
import { loadTests } from "../../../src/probes/ops/load-tests.js";
import { locations } from "../../support/evidence.js";
import { contextOf, fixtureContext } from "../../support/probe-harness.js";

const k6Script = [
  "// Ramp to 100 virtual users against the orders endpoint.",
  "import http from 'k6/http';",
  "import { check, sleep } from 'k6';",
  "",
  "export const options = { stages: [{ duration: '1m', target: 100 }] };",
  "",
  "export default function () {",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the k6 script's own template literal
  "  const res = http.get(`${__ENV.TARGET}/api/orders`);",
  "  check(res, { 'status is 200': (r) => r.status === 200 });",
  "  sleep(1);",
  "}",
  "",
].join("\n");

describe("ops.load-tests", () => {
  it("passes on a k6 script, at its k6 import", () => {
    const finding = loadTests.run(contextOf({ "test/perf/orders.js": k6Script }));
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["test/perf/orders.js:2"]);
    expect(finding.evidence[0]?.note).toBe("k6");
  });

  it("does not take a k6 check of one user and one iteration, or a helper module without k6's default function, for a load test", () => {
    const singlePass = k6Script.replace(/export (?:const|let) options = \{[^}]*\};?/s, "export const options = { scenarios: { default: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } } };");
    expect(singlePass).toContain("iterations: 1");
    expect(loadTests.run(contextOf({ "test/k6/src/tests/users.js": singlePass })).outcome).toBe("fail");
    const helper = 'import http from "k6/http";\n\nexport function getFavorites(token) {\n  return http.get(baseUrl + "/favorites", { headers: { Authorization: token } });\n}\n';
    expect(loadTests.run(contextOf({ "test/k6/src/api/favorites.js": helper })).outcome).toBe("fail");
  });

  it("recognises Locust, Artillery, Gatling and JMeter", () => {
    const locust = "from locust import HttpUser, task\n\nclass Shopper(HttpUser):\n    @task\n    def browse(self):\n        self.client.get('/products')\n";
    const artillery = "# smoke load\nconfig:\n  target: https://staging.example.com\n  phases:\n    - duration: 60\n      arrivalRate: 20\nscenarios:\n  - flow:\n      - get:\n          url: /health\n";
    const gatling = "package perf\n\nimport io.gatling.core.Predef._\n\nclass OrdersSimulation extends Simulation {}\n";
    const finding = loadTests.run(
      contextOf({ "locustfile.py": locust, "load/smoke.yml": artillery, "src/gatling/scala/perf/OrdersSimulation.scala": gatling, "jmeter/checkout.jmx": "<jmeterTestPlan/>" }),
    );
    expect(finding.outcome).toBe("pass");
    expect(locations(finding)).toEqual(["locustfile.py:1", "load/smoke.yml:2", "src/gatling/scala/perf/OrdersSimulation.scala:3", "jmeter/checkout.jmx"]);
    expect(finding.evidence.map((e) => e.note)).toEqual(["Locust", "Artillery", "Gatling", "JMeter test plan"]);
  });

  it("counts a wrk script in a perf folder, not a one-off ab command in the docs", () => {
    const script = "#!/bin/sh\nset -eu\nwrk -t4 -c200 -d60s --latency \"$TARGET/api/orders\"\n";
    expect(locations(loadTests.run(contextOf({ "perf/orders.sh": script })))).toEqual(["perf/orders.sh:3"]);
    const docs = "# Benchmarking\n\n```bash\nab -n 1000 -c 100 http://localhost:3000/api/v1/\n```\n";
    expect(loadTests.run(contextOf({ "docs/benchmarking.md": docs })).outcome).toBe("fail");
  });

  it("counts a wrk Lua script that shapes the requests, in any folder, but not other Lua", () => {
    const wrkLua = '-- wrk --threads 10 --connections 50 --duration 30s --script tests/wrk/event.lua\nwrk.method = "POST"\nwrk.path = "/symbolicate"\nwrk.body = body\n';
    expect(locations(loadTests.run(contextOf({ "tests/wrk/event.lua": wrkLua })))).toEqual(["tests/wrk/event.lua:2"]);
    expect(loadTests.run(contextOf({ "scripts/filter.lua": "local wrk = {}\nfunction filter(x) return x end\n" })).outcome).toBe("fail");
  });

  it("counts a load generator the project writes itself in a folder named for load or stress testing, not a program in a perf folder", () => {
    expect(locations(loadTests.run(contextOf({ "limitador-server/sandbox/loadtest/src/main.rs": "fn main() {}\n" })))).toEqual(["limitador-server/sandbox/loadtest/src/main.rs"]);
    expect(loadTests.run(contextOf({ "Tests/LoadTester/Program.cs": "class Program {}\n" })).outcome).toBe("pass");
    expect(loadTests.run(contextOf({ "internal/perf/main.go": "package main\nfunc main() {}\n" })).outcome).toBe("fail");
  });

  it("counts a script named for load testing that drives a load generator, wherever it is kept", () => {
    const script = '#!/bin/bash\n# Requirements: oha\noha -n $NUM_REQUESTS -c $NUM_CLIENTS "$API_URL/summary"\n';
    expect(locations(loadTests.run(contextOf({ "scripts/loadtest.sh": script })))).toEqual(["scripts/loadtest.sh:3"]);
    expect(loadTests.run(contextOf({ "scripts/deploy.sh": script })).outcome).toBe("fail");
  });

  it("counts a CI step that drives a load generator against the built server", () => {
    const workflow = "name: perfcheck\non: [push]\njobs:\n  bench:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo build --release\n      - name: Run benchmark\n        run: |\n          ./target/release/server &\n          echo \"GET http://localhost:8787\" | ./vegeta attack -duration=30s > report.bin\n";
    expect(loadTests.run(contextOf({ ".github/workflows/perfcheck.yml": workflow }))).toMatchObject({
      outcome: "pass",
      evidence: [{ path: ".github/workflows/perfcheck.yml", line: 11, note: "vegeta in CI" }],
    });
  });

  it("does not take a folder named like a load generator (a ZAP scan's /zap/wrk volume) for the tool", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template
    const workflow = "on: [push]\njobs:\n  zap:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          docker run --rm -d \\\n            -v ${{ github.workspace }}/zapoutput/:/zap/wrk:rw \\\n            -u zap zaproxy/zap-stable zap.sh -daemon\n";
    expect(loadTests.run(contextOf({ ".github/workflows/security-tests.yml": workflow })).outcome).toBe("fail");
  });

  it("does not count a k6 import in a comment, k6 examples, Go micro-benchmarks, or source code in a performance folder", () => {
    const finding = loadTests.run(
      contextOf({
        "src/client.ts": "// see import http from 'k6/http' for load tests\nexport const x = 1;\n",
        "examples/k6/script.js": k6Script,
        "pkg/cache/cache_test.go": "package cache\n\nimport \"testing\"\n\nfunc BenchmarkGet(b *testing.B) {}\n",
        "src/performance/greeting.ts": 'export const greet = () => "wrk hard, hey -c friends";\n',
      }),
    );
    expect(finding.outcome).toBe("fail");
    expect(finding.reason).toMatch(/^no load-test scripts/);
  });

  it("fails on a service repository without load tests", async () => {
    expect(loadTests.run(await fixtureContext("fastapi-service")).outcome).toBe("fail");
  });

  it("recognises a drill benchmark plan, and not any YAML that has a plan", () => {
    const plan = "concurrency: 32\nbase: 'http://localhost:8000'\niterations: 10000\nrampup: 4\n\nplan:\n  - name: Call Index\n    request:\n      url: /\n";
    expect(loadTests.run(contextOf({ "load_tests/loadtest_index.yml": plan }))).toMatchObject({ outcome: "pass", evidence: [{ path: "load_tests/loadtest_index.yml", line: 6, note: "drill" }] });
    expect(loadTests.run(contextOf({ "deploy/plan.yml": "plan:\n  - apply\nbase: main\n" })).outcome).toBe("fail");
  });

  it("counts a load generator's script in a Rust benches/ folder", () => {
    const script = "#!/bin/bash\nfor rate in $RATE; do\n  echo GET $URL | vegeta attack -rate $rate -duration 30s > out.bin\ndone\n";
    expect(locations(loadTests.run(contextOf({ "benches/scripts/http/latency.sh": script })))).toEqual(["benches/scripts/http/latency.sh:3"]);
  });
});
