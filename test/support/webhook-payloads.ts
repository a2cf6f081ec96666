import { createRequire } from "node:module";

/**
 * Real webhook payloads from @octokit/webhooks-examples (scraped from GitHub's docs), cloned so
 * each test may adjust what the examples leave out (an installation id, this app's id, a fork).
 */
interface ExampleEvent {
  name: string;
  examples: Record<string, unknown>[];
}

const events = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as ExampleEvent[];

export const INSTALLATION_ID = 957387;

// biome-ignore lint/suspicious/noExplicitAny: payloads are edited freely in tests; Probot types them at receive().
export type Payload = any;

/** The first example of `name` with this action (and matching `where`), with an installation id set. */
export function example(name: string, action: string | undefined, where: (payload: Payload) => boolean = () => true): Payload {
  const event = events.find((e) => e.name === name);
  const found = event?.examples.find((p) => (action === undefined || p.action === action) && where(p));
  if (!found) throw new Error(`no ${name}.${action} example in @octokit/webhooks-examples`);
  const payload = structuredClone(found) as Payload;
  payload.installation = { ...(payload.installation ?? {}), id: INSTALLATION_ID };
  return payload;
}
