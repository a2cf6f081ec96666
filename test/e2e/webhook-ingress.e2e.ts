import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deliveries from "../support/deliveries.js";
import { runsOf, startWorld, type World } from "../support/e2e-world.js";
import { shaOf } from "../support/git-trees.js";

/**
 * What reaches the webhook endpoint that is not a valid delivery: refused before any work (no
 * request to GitHub, no check run), and the app keeps serving the valid ones.
 */
const SHA = shaOf("ingress head");
const target = { owner: "acme", repo: "ingress", installationId: 303, sha: SHA };
let world: World;

beforeAll(async () => {
  world = await startWorld({
    repositories: [{ owner: "acme", name: "ingress", installationId: 303, commits: { [SHA]: { files: { "README.md": "# ingress\n" } } } }],
  });
});

afterAll(async () => {
  await world?.close();
});

describe("the webhook endpoint refuses what GitHub did not send", () => {
  it("a missing signature: 400, no work", async () => {
    const ack = await world.deliver(deliveries.checkSuite("requested", target), { signature: null });
    expect(ack.status).toBe(400);
  });

  it("a signature made with another secret: refused, no work", async () => {
    const ack = await world.deliver(deliveries.checkSuite("requested", target), { secret: "not the webhook secret" });
    expect([400, 401]).toContain(ack.status);
  });

  it("a payload altered after signing: refused, no work", async () => {
    const delivery = deliveries.checkSuite("requested", target);
    const ack = await world.deliver(delivery, {
      signature: deliveries.signature(world.credentials.webhookSecret, delivery.body),
      rawBody: delivery.body.replace(target.sha, shaOf("someone else's commit")),
    });
    expect([400, 401]).toContain(ack.status);
  });

  it("a sha1-only signature (the legacy X-Hub-Signature): refused", async () => {
    const ack = await world.deliver(deliveries.checkSuite("requested", target), { signature: "sha1=0123456789abcdef0123456789abcdef01234567" });
    expect([400, 401]).toContain(ack.status);
  });

  it("malformed JSON, correctly signed: a client error, no work", async () => {
    const ack = await world.deliver(deliveries.checkSuite("requested", target), { rawBody: '{"action":"requested","check_suite":' });
    expect(ack.status).toBeGreaterThanOrEqual(400);
    expect(ack.status).toBeLessThan(500);
  });

  it("a form-encoded body: 415", async () => {
    const ack = await world.deliver(deliveries.checkSuite("requested", target), { contentType: "application/x-www-form-urlencoded" });
    expect(ack.status).toBe(415);
  });

  it("nothing was audited and GitHub was never called", async () => {
    await world.settle(5_000);
    expect(world.standin.requests).toEqual([]);
    expect(world.standin.checkRuns.size).toBe(0);
  });
});

describe("valid deliveries the app does not act on", () => {
  it("an event the app does not subscribe to: acknowledged, ignored", async () => {
    const ack = await world.deliver(deliveries.unrelated(target));
    expect(ack.status).toBe(200);
    await world.settle(5_000);
    expect(world.standin.requests).toEqual([]);
  });

  it("after all that, a valid delivery is audited as usual", async () => {
    const ack = await world.deliver(deliveries.checkSuite("requested", target));
    expect(ack.status).toBe(200);
    await world.settle();
    expect(runsOf(world, "acme", "ingress", SHA).map((r) => r.status)).toEqual(["completed"]);
    expect(world.problems()).toEqual([]);
  });
});
