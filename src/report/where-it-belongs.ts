import type { ItemResult } from "../findings/findings.js";
import type { AuditReport } from "../audit/report-model.js";
import type { Evidence } from "../findings/findings.js";

/** A file a missing thing belongs in: code scanning needs a place for every result, even "there is none". */
export interface Home {
  path: string;
  note: string;
}

/** Build manifests, by the package manager that reads them; the first one found in the report is the project's. */
const MANIFESTS: Record<string, string> = {
  npm: "package.json",
  pnpm: "package.json",
  yarn: "package.json",
  bun: "package.json",
  pip: "requirements.txt",
  poetry: "pyproject.toml",
  uv: "pyproject.toml",
  pipenv: "Pipfile",
  go: "go.mod",
  maven: "pom.xml",
  gradle: "build.gradle",
  bundler: "Gemfile",
  cargo: "Cargo.toml",
  composer: "composer.json",
};
const MANIFEST_NAME = /(^|\/)(package\.json|pyproject\.toml|setup\.py|requirements\.txt|Pipfile|go\.mod|pom\.xml|build\.gradle(\.kts)?|Gemfile|Cargo\.toml|composer\.json|[^/]+\.csproj|mix\.exs)$/;
const DOCKERFILE_NAME = /(^|\/)(Dockerfile|Containerfile)[^/]*$/i;
const README_NAME = /(^|\/)README[^/]*$/i;
const WORKFLOW_NAME = /^\.github\/workflows\/[^/]+\.ya?ml$/;
const WORKFLOWS_FOLDER = ".github/workflows/";

/** Evidence that points into the repository (a scan's "." summary points at nothing). */
export function locatable(evidence: readonly Evidence[]): Evidence[] {
  return evidence.filter((e) => e.path !== "" && e.path !== "." && !e.path.startsWith("/"));
}

/** Where each failing item without evidence belongs, judged from the files the rest of the report names. */
export function whereItBelongs(report: AuditReport): (item: ItemResult) => Home {
  const known = [...report.profile.evidence, ...report.items.flatMap((i) => i.evidence)].map((e) => e.path);
  const shallowest = (pattern: RegExp) => known.filter((p) => pattern.test(p)).sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b))[0];
  const manifest = shallowest(MANIFEST_NAME) ?? MANIFESTS[report.profile.packageManagers[0] ?? ""];
  const readme = shallowest(README_NAME) ?? "README.md";
  const dockerfile = shallowest(DOCKERFILE_NAME) ?? "Dockerfile";
  const workflow = shallowest(WORKFLOW_NAME);
  const beside = (path: string, name: string) => (path.includes("/") ? `${path.replace(/\/[^/]*$/, "")}/${name}` : name);

  const code = manifest
    ? { path: manifest, note: "not found anywhere in the repository; what to add is declared in this manifest" }
    : { path: readme, note: "nothing found in the repository" };
  const ci = workflow
    ? { path: workflow, note: "no CI step found; a step belongs in this workflow" }
    : { path: WORKFLOWS_FOLDER, note: "no CI workflow found; one belongs in this folder" };
  const specific: Record<string, Home> = {
    "ci.present": { path: WORKFLOWS_FOLDER, note: "no CI configuration found; a workflow belongs in this folder" },
    "security.sast": ci,
    "security.dependency-updates": { path: ".github/dependabot.yml", note: "no Dependabot or Renovate configuration; it belongs in this file" },
    "security.policy": { path: "SECURITY.md", note: "no security policy; it belongs in this file" },
    "container.dockerfile": { path: "Dockerfile", note: "no Dockerfile; it belongs at the top of the repository" },
    "container.dockerignore": { path: beside(dockerfile, ".dockerignore"), note: "no .dockerignore; it belongs beside the Dockerfile" },
    "docs.env-example": { path: ".env.example", note: "no documented environment variables; they belong in this file" },
  };
  const byCategory: Record<string, Home> = {
    ci,
    container: { path: dockerfile, note: "missing from this Dockerfile" },
    docs: { path: readme, note: "missing from this README" },
  };
  return (item) => specific[item.id] ?? byCategory[item.category] ?? code;
}
