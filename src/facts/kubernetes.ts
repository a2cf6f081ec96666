import { isMap, isNode } from "yaml";
import { basename, dirname, joinRepoPath, segments } from "../view/paths.js";
import type { PathRow } from "../view/path-table.js";
import type { RepoView } from "../view/repo-view.js";
import { namesDatastore } from "./dockerfiles.js";
import { eachMap, entry, parseYamlDocuments, scalarText } from "./yaml-nodes.js";

export type ProbeKind = "liveness" | "readiness" | "startup";

export interface KubernetesProbe {
  path: string;
  line: number;
  kind: ProbeKind;
  /** The container's name and image, when they could be read. */
  container?: string;
  image?: string;
  /** The container runs a database, cache or broker beside the application, not the application. */
  datastore: boolean;
}

const PROBE_KEYS: Record<string, ProbeKind> = { livenessProbe: "liveness", readinessProbe: "readiness", startupProbe: "startup" };
/** Manifests are small; a larger YAML file is generated or data, and both reading bounds keep the audit cheap. */
const MAX_MANIFEST_CHARS = 512 * 1024;
const MAX_MANIFESTS = 400;
/** Manifests in docs are examples for readers; CI folders hold workflow YAML, not workloads. */
const SKIPPED_TOP_DIRS = new Set(["docs", "doc", ".github", ".gitlab"]);

/** The project's Kubernetes manifests and Helm templates (with their text) that mention `needle`, within the reading bounds. */
function manifestsMentioning(view: RepoView, needle: string, includeChartValues: boolean): { path: string; text: string }[] {
  const found: { path: string; text: string }[] = [];
  for (const row of view.paths.rows) {
    const { path } = row;
    if (found.length >= MAX_MANIFESTS) break;
    if (!isManifestCandidate(row)) continue;
    const text = view.text(path);
    if (text === undefined || text.length > MAX_MANIFEST_CHARS || !text.includes(needle) || text.includes("CustomResourceDefinition")) continue;
    if (text.includes("kind:") || (includeChartValues && isChartValues(view, path))) found.push({ path, text });
  }
  return found;
}

/**
 * Liveness, readiness and startup probes declared for containers in the project's Kubernetes
 * manifests: plain manifests (k8s/, deploy/, kustomize patches) parsed as YAML, Helm templates
 * (not valid YAML because of `{{ }}`) scanned line by line. Dependency charts, docs and tests are left out.
 */
export function kubernetesProbes(view: RepoView): KubernetesProbe[] {
  return view.memo("facts:kubernetes-probes", () =>
    manifestsMentioning(view, "Probe", false).flatMap(({ path, text }) => (text.includes("{{") ? scanLines(path, text) : parseManifest(path, text))),
  );
}

export interface RunAsNonRoot {
  path: string;
  line: number;
  /** The setting as written, e.g. "runAsNonRoot: true" or "runAsUser: 1000". */
  setting: string;
}

const IMAGE_LINE = /^[ \t]*(?:-[ \t]+)?image:[ \t]*(\S{1,300})/gm;
const NON_ROOT_SETTING = /^[ \t]*(?:-[ \t]+)?(runAsNonRoot:[ \t]*true|runAsUser:[ \t]*[1-9][0-9]{0,9})[ \t]*(?:#.*)?$/gm;

/**
 * securityContext settings that make Kubernetes run the application's containers as a non-root user
 * (`runAsNonRoot: true`, `runAsUser: 1000`), in manifests, Helm templates and a chart's values.yaml.
 * Files whose every image is a database's are left out: their user is not the application's.
 */
export function kubernetesRunAsNonRoot(view: RepoView): RunAsNonRoot[] {
  return view.memo("facts:kubernetes-run-as-non-root", () => {
    const settings: RunAsNonRoot[] = [];
    for (const { path, text } of manifestsMentioning(view, "runAs", true)) {
      const images = [...text.matchAll(IMAGE_LINE)].map((m) => m[1] as string);
      if (images.length > 0 && images.every(namesDatastore)) continue;
      for (const match of text.matchAll(NON_ROOT_SETTING)) {
        settings.push({ path, line: view.lineAt(path, match.index), setting: (match[1] as string).replace(/[ \t]+/, " ") });
      }
    }
    return settings;
  });
}

/** values.yaml of a Helm chart (beside its Chart.yaml): where a chart's securityContext defaults usually live. */
function isChartValues(view: RepoView, path: string): boolean {
  const name = basename(path);
  return (name === "values.yaml" || name === "values.yml") && view.has(joinRepoPath(dirname(path), "Chart.yaml") as string);
}

function isManifestCandidate({ path, extension: ext, nonProject, test }: PathRow): boolean {
  if (ext !== "yaml" && ext !== "yml") return false;
  if (nonProject || test) return false;
  const parts = segments(path);
  if (SKIPPED_TOP_DIRS.has((parts[0] as string).toLowerCase())) return false;
  return parts.indexOf("charts") === parts.lastIndexOf("charts");
}

function parseManifest(path: string, text: string): KubernetesProbe[] {
  const yaml = parseYamlDocuments(text);
  if (yaml.broken) return scanLines(path, text);
  const probes: KubernetesProbe[] = [];
  for (const root of yaml.roots) {
    if (!entry(root, "kind") || !entry(root, "apiVersion")) continue;
    eachMap(root, (map) => {
      for (const pair of map.items) {
        const key = scalarText(pair.key);
        const kind = key === undefined ? undefined : PROBE_KEYS[key];
        if (!kind || !isMap(pair.value) || !isNode(pair.key)) continue;
        const container = scalarText(entry(map, "name")?.value);
        const image = scalarText(entry(map, "image")?.value);
        probes.push({ path, line: yaml.lineOf(pair.key) ?? 1, kind, container, image, datastore: namesDatastore(image ?? container ?? "") });
      }
    });
  }
  return probes;
}

const PROBE_LINE = /^(\s*)(?:-\s+)?(livenessProbe|readinessProbe|startupProbe)\s*:/;
const CONTAINER_FIELD = /^(\s*)(-\s+)?(name|image)\s*:\s*(.{0,300})$/;

/**
 * For templates that are not YAML: a probe key at the start of a line (so a `#` comment never
 * counts), with the container's name and image read from the keys at the same indentation.
 */
function scanLines(path: string, text: string): KubernetesProbe[] {
  const probes: KubernetesProbe[] = [];
  let fields = new Map<number, { name?: string; image?: string }>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith("---")) {
      fields = new Map();
      continue;
    }
    const field = CONTAINER_FIELD.exec(line);
    if (field) {
      const column = (field[1] as string).length + (field[2]?.length ?? 0);
      if (field[2]) fields.set(column, {});
      const current = fields.get(column) ?? {};
      current[field[3] as "name" | "image"] = (field[4] as string).trim().replace(/^["']|["']$/g, "");
      fields.set(column, current);
      continue;
    }
    const probe = PROBE_LINE.exec(line);
    if (!probe) continue;
    const container = fields.get((probe[1] as string).length + (line.trimStart().startsWith("-") ? 2 : 0)) ?? {};
    probes.push({
      path,
      line: i + 1,
      kind: PROBE_KEYS[probe[2] as string] as ProbeKind,
      container: container.name,
      image: container.image,
      datastore: namesDatastore(container.image ?? container.name ?? ""),
    });
  }
  return probes;
}
