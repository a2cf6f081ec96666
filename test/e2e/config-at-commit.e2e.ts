import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deliveries from "../support/deliveries.js";
import { runsOf, startWorld, type World } from "../support/e2e-world.js";
import { shaOf } from "../support/git-trees.js";

/**
 * The configuration a commit is audited under is the one in that commit. Here the default
 * branch still points at the older commit (as it does when GitHub sends check_suite before the
 * push lands, or the push event is lost), and only check_suite is delivered for the new commit,
 * which adds an invalid `.github/readiness.yml`: the check names the file and the line.
 */
const OLD = shaOf("config old");
const NEW = shaOf("config new");
const FILES = { "README.md": "# service\n", "package.json": '{"name":"x","scripts":{"test":"node --test"}}' };
const INVALID = "threshold: 70\nmode: strict\n";

let world: World;

beforeAll(async () => {
  world = await startWorld({
    repositories: [
      {
        owner: "configured",
        name: "service",
        installationId: 8100,
        head: OLD,
        commits: { [OLD]: { files: FILES }, [NEW]: { files: { ...FILES, ".github/readiness.yml": INVALID } } },
      },
    ],
  });
  await world.deliver(deliveries.checkSuite("requested", { owner: "configured", repo: "service", installationId: 8100, sha: NEW }));
  await world.settle(30_000);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe("an invalid configuration committed to the default branch, announced by check_suite alone", () => {
  it("fails the check naming the file and the line, read at the commit rather than at the branch's older head", () => {
    const [run] = runsOf(world, "configured", "service", NEW);
    expect(run?.status).toBe("completed");
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.title).toMatch(/^Invalid configuration/);
    expect(run?.output.summary).toContain(".github/readiness.yml:2");
    expect(run?.annotations).toEqual([expect.objectContaining({ path: ".github/readiness.yml", start_line: 2 })]);
  });

  it("made only requests GitHub would accept", () => {
    expect(world.problems()).toEqual([]);
  });
});
