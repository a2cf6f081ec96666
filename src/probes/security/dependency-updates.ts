import { parseYamlDocument } from "../../config/yaml-errors.js";
import { dependencies, type Ecosystem } from "../../facts/dependencies.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, fail, type Finding, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

const DEPENDABOT_PATHS = [".github/dependabot.yml", ".github/dependabot.yaml"];
const RENOVATE_PATHS = [
  "renovate.json",
  "renovate.json5",
  ".renovaterc",
  ".renovaterc.json",
  ".renovaterc.json5",
  ".github/renovate.json",
  ".github/renovate.json5",
  ".gitlab/renovate.json",
  ".gitlab/renovate.json5",
];

/** Dependabot's package-ecosystem values that update each dependency ecosystem's manifests. */
const DEPENDABOT_ECOSYSTEMS: Record<Ecosystem, string[]> = {
  npm: ["npm", "bun"],
  pypi: ["pip", "uv"],
  go: ["gomod"],
  maven: ["maven", "gradle"],
  rubygems: ["bundler"],
  cargo: ["cargo"],
  composer: ["composer"],
  nuget: ["nuget"],
};

/**
 * Dependabot or Renovate is configured. Renovate updates every manager it detects by default;
 * Dependabot updates only the ecosystems it lists, so a Dependabot file that leaves the
 * project's own dependencies out (only github-actions, say) is partial; an entry whose
 * open-pull-requests-limit is 0 updates nothing.
 */
export const dependencyUpdates: Probe = {
  id: "security.dependency-updates",
  run({ view }) {
    const renovate = renovateConfig(view);
    const dependabotPath = DEPENDABOT_PATHS.find((p) => view.has(p));
    const dependabot = dependabotPath ? checkDependabot(view, dependabotPath) : undefined;
    if (renovate && dependabot?.outcome !== "pass") return pass(`Renovate is configured in ${formatPlace(renovate)}`, [renovate]);
    if (dependabot) return dependabot;
    return fail(`no Dependabot (${DEPENDABOT_PATHS.join(", ")}) or Renovate configuration (renovate.json, .renovaterc, .github/renovate.json, a "renovate" key in package.json)`);
  },
};

function formatPlace(evidence: Evidence): string {
  return evidence.line ? `${evidence.path}:${evidence.line}` : evidence.path;
}

function renovateConfig(view: RepoView): Evidence | undefined {
  const file = RENOVATE_PATHS.find((p) => view.has(p));
  if (file) return { path: file, note: "Renovate configuration" };
  const key = /^[ \t]{0,8}"renovate"\s*:\s*\{/m.exec(view.text("package.json") ?? "");
  return key ? { path: "package.json", line: view.lineAt("package.json", key.index), note: "Renovate configuration in package.json" } : undefined;
}

interface DependabotUpdate {
  "package-ecosystem"?: unknown;
  "open-pull-requests-limit"?: unknown;
}

function checkDependabot(view: RepoView, path: string): Finding {
  const text = view.text(path);
  if (text === undefined) return fail(`${path} exists but could not be read`, [{ path }]);
  const parsed = parseYamlDocument(text, path);
  if (!parsed.ok) return fail(`${path} is not valid YAML, so Dependabot ignores it: ${parsed.message}`, [{ path, line: parsed.problems[0]?.line }]);
  const updates = (parsed.value as { updates?: unknown } | null)?.updates;
  if (!Array.isArray(updates) || updates.length === 0) return fail(`${path} declares no "updates" entries, so Dependabot updates nothing`, [{ path }]);
  const lines = text.split("\n");
  // GitHub documents a limit of 0 as the way to turn version updates off for an entry.
  const active = updates.filter((u: DependabotUpdate) => u?.["open-pull-requests-limit"] !== 0);
  if (active.length === 0) {
    const index = lines.findIndex((l) => /^\s*open-pull-requests-limit\s*:\s*0\b/.test(l));
    return fail(
      `${path} sets open-pull-requests-limit: 0 on every entry, which turns Dependabot version updates off (security updates are a repository setting the tree does not show)`,
      [{ path, line: index === -1 ? undefined : index + 1, note: "version updates disabled" }],
    );
  }
  const ecosystems = active.map((u: DependabotUpdate) => u?.["package-ecosystem"]).filter((e): e is string => typeof e === "string");
  const evidence: Evidence[] = ecosystems.map((ecosystem) => {
    const index = lines.findIndex((l) => new RegExp(`package-ecosystem\\s*:\\s*["']?${ecosystem.replace(/[^\w-]/g, "")}["']?`).test(l));
    return { path, line: index === -1 ? undefined : index + 1, note: `Dependabot updates ${ecosystem}` };
  });
  const uncovered = [...new Set(dependencies(view).map((d) => d.ecosystem))].filter((e) => !DEPENDABOT_ECOSYSTEMS[e].some((name) => ecosystems.includes(name)));
  const listed = ecosystems.join(", ") || "no package ecosystem";
  if (uncovered.length > 0)
    return partial(`Dependabot (${path}) updates ${listed} but not the project's ${uncovered.map((e) => DEPENDABOT_ECOSYSTEMS[e][0]).join(", ")} dependencies`, evidence);
  return pass(`Dependabot is configured in ${path} for ${listed}`, evidence);
}
