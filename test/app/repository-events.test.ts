import { afterEach, beforeEach, expect, test } from "vitest";
import { releaseNetworkGuard, startApp, useNetworkGuard } from "../support/app-harness.js";
import { checkSuiteRequested, fakeGitHub, HEAD_SHA, serviceFiles } from "../support/app-fixtures.js";
import { example } from "../support/webhook-payloads.js";

beforeEach(useNetworkGuard);
afterEach(releaseNetworkGuard);

test("renames update what is kept; removing the repository or uninstalling the app forgets it", async () => {
  const github = fakeGitHub({ [HEAD_SHA]: serviceFiles() });
  const app = await startApp(github);
  const { db } = app.readiness.store();
  const suite = checkSuiteRequested();
  const repositoryId = suite.repository.id as number;
  await app.deliver("check_suite", suite);
  const kept = async () => ({
    audits: (await db.selectFrom("audits").select(["repository_id", "sha", "trigger"]).execute()).map((a) => `${a.repository_id}@${a.sha.slice(0, 7)} ${a.trigger}`),
    repositories: (await db.selectFrom("repositories").select(["id", "full_name", "visibility"]).execute()).map((r) => `${r.id} ${r.full_name} ${r.visibility}`),
  });
  expect(await kept()).toEqual({
    audits: [`${repositoryId}@${HEAD_SHA.slice(0, 7)} check_suite.requested`],
    repositories: [`${repositoryId} ${suite.repository.full_name} public`],
  });

  const renamed = example("repository", "renamed");
  renamed.repository = { ...renamed.repository, id: repositoryId, name: "Renamed", full_name: "Codertocat/Renamed", private: true, visibility: "private" };
  await app.deliver("repository", renamed);
  expect((await kept()).repositories).toEqual([`${repositoryId} Codertocat/Renamed private`]);

  const removed = example("installation_repositories", "removed");
  removed.repositories_removed = [{ id: repositoryId, node_id: "x", name: "Renamed", full_name: "Codertocat/Renamed", private: true }];
  await app.deliver("installation_repositories", removed);
  expect(await kept()).toEqual({ audits: [], repositories: [] });

  const rerun = checkSuiteRequested();
  rerun.action = "rerequested";
  await app.deliver("check_suite", rerun);
  expect((await kept()).audits).toHaveLength(1);
  await app.deliver("installation", example("installation", "deleted"));
  expect(await kept()).toEqual({ audits: [], repositories: [] });
  await app.readiness.shutdown(0);
});
