import picomatch from "picomatch";
import type { RepoView } from "../engine/repo-view.js";
import { basename, dirname, extension, isNonProjectPath, segments } from "../engine/paths.js";
import type { ReadinessDocument } from "./extract.js";
import { outline } from "./outline.js";
import { plainText } from "./text.js";

/**
 * Finds the documents (and the sections of other documents) that talk about production
 * readiness: PRODUCTION_READINESS.md, DEPLOYMENT_FINAL.md, docs/production-readiness/*.md, a
 * README's "Production Readiness" section, a CLAUDE.md or AGENTS.md "Go-live checklist"...
 */
export interface DiscoveryOptions {
  /** Globs (config `claims.documents`) of documents to read whatever their name. */
  documents: readonly string[];
  maxDocuments: number;
}

export interface Discovery {
  documents: ReadinessDocument[];
  /** What the reader should know: documents over the bound, documents that could not be read. */
  notes: string[];
}

const DOCUMENT_EXTENSIONS = new Set(["md", "mdx", "markdown", "txt", "rst", "adoc"]);
/** Histories and legal texts are not assessments, whatever their headings say. */
const NOT_ASSESSMENTS = /^(?:changelog|changes|history|releases?|release[-_ ]notes|news|license|licence|copying|notice|code[-_]of[-_]conduct)(?:\.|$)/i;

const PRODUCTION_COMPANIONS = new Set([
  "ready",
  "readiness",
  "status",
  "checklist",
  "check",
  "audit",
  "assessment",
  "report",
  "review",
  "launch",
  "final",
  "summary",
  "complete",
  "gate",
  "score",
]);
const LAUNCH_COMPANIONS = new Set(["checklist", "readiness", "ready", "plan", "status"]);
const DEPLOYMENT_COMPANIONS = new Set(["checklist", "final", "status", "ready", "complete", "summary", "report"]);
const RELEASE_COMPANIONS = new Set(["checklist", "readiness"]);

/** Words of a file name or heading: separators and camelCase boundaries split them. */
function nameWords(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Does this name or heading talk about production readiness, go-live, launch or deployment checklists, production status? */
export function talksAboutReadiness(text: string): boolean {
  const list = nameWords(text);
  const has = (word: string) => list.includes(word);
  const withAny = (companions: Set<string>) => list.some((w) => companions.has(w));
  if (has("readiness") || has("golive") || has("prelaunch")) return true;
  if (list.some((w, i) => w === "go" && list[i + 1] === "live")) return true;
  if (list.some((w, i) => w === "pre" && list[i + 1] === "launch")) return true;
  if ((has("production") || has("prod")) && withAny(PRODUCTION_COMPANIONS)) return true;
  if (has("launch") && withAny(LAUNCH_COMPANIONS)) return true;
  if ((has("deployment") || has("deploy")) && withAny(DEPLOYMENT_COMPANIONS)) return true;
  return has("release") && withAny(RELEASE_COMPANIONS);
}

/** Words that make a heading's "readiness" an assessment rather than a product's name ("# Readiness"). */
const READINESS_QUALIFIERS = new Set(["production", "prod", "operational", "ops", "launch", "deployment", "deploy", "release", "service", "go", "golive", "checklist", "assessment", "status", "score", "report", "review"]);

/** Headings also carry names: a bare "Readiness" title names a product, while "Production readiness" assesses one. */
export function headingTalksAboutReadiness(heading: string): boolean {
  const list = nameWords(heading);
  if (list.includes("readiness") && !list.some((w) => READINESS_QUALIFIERS.has(w))) return talksAboutReadiness(list.filter((w) => w !== "readiness").join(" "));
  return talksAboutReadiness(heading);
}

/** A readiness document by its path: its file name, or a folder it sits in (docs/production-readiness/...). */
export function isReadinessDocumentPath(path: string): boolean {
  if (!DOCUMENT_EXTENSIONS.has(extension(path))) return false;
  const name = basename(path);
  if (NOT_ASSESSMENTS.test(name)) return false;
  const stem = name.slice(0, name.length - extension(path).length - 1);
  return talksAboutReadiness(stem) || isReadinessFolder(dirname(path));
}

/** Folders seen so far: a docs tree of thousands of pages asks about the same few folders. */
const folderVerdicts = new Map<string, boolean>();

function isReadinessFolder(folder: string): boolean {
  if (folder === "") return false;
  let verdict = folderVerdicts.get(folder);
  if (verdict === undefined) {
    verdict = talksAboutReadiness(basename(folder)) || isReadinessFolder(dirname(folder));
    if (folderVerdicts.size > 100_000) folderVerdicts.clear();
    folderVerdicts.set(folder, verdict);
  }
  return verdict;
}

const ATX_HEADING = /^#{1,6}[ \t][^\n]{0,300}$/gm;

export function discoverDocuments(view: RepoView, options: DiscoveryOptions): Discovery {
  const notes: string[] = [];
  const chosen = new Map<string, ReadinessDocument>();
  const unread: string[] = [];
  const add = (path: string, sections?: ReadinessDocument["sections"]) => {
    if (chosen.has(path)) return;
    const text = view.text(path);
    if (text === undefined) unread.push(path);
    else chosen.set(path, { path, text, ...(sections ? { sections } : {}) });
  };

  if (options.documents.length > 0) {
    const configured = picomatch([...options.documents], { dot: true });
    const matched = view.find((p) => configured(p));
    for (const path of matched) add(path);
    if (matched.length === 0) notes.push(`claims.documents (${options.documents.join(", ")}) matches no file in the repository`);
  }

  const named = view.find((p) => isReadinessDocumentPath(p) && !isNonProjectPath(p));
  named.sort((a, b) => segments(a).length - segments(b).length || a.localeCompare(b));
  for (const path of named) add(path);

  for (const file of view.files) {
    const { path } = file;
    if (chosen.has(path) || !DOCUMENT_EXTENSIONS.has(extension(path)) || NOT_ASSESSMENTS.test(basename(path)) || isNonProjectPath(path)) continue;
    const text = view.text(path);
    if (text === undefined || !hasReadinessHeading(text)) continue;
    const sections = readinessSections(text);
    if (sections.length > 0) add(path, sections);
  }

  const documents = [...chosen.values()];
  if (documents.length > options.maxDocuments) {
    const left = documents.slice(options.maxDocuments).map((d) => d.path);
    notes.push(
      `${left.length} more readiness documents were not checked for claims (at most ${options.maxDocuments} are read): ${left.slice(0, 5).join(", ")}${left.length > 5 ? ", …" : ""}`,
    );
  }
  if (unread.length > 0)
    notes.push(
      `readiness documents that could not be read for claims (too large, binary or past the read budget): ${unread.slice(0, 5).join(", ")}${unread.length > 5 ? ", …" : ""}`,
    );
  return { documents: documents.slice(0, options.maxDocuments), notes };
}

function hasReadinessHeading(text: string): boolean {
  for (const match of text.matchAll(ATX_HEADING)) if (headingTalksAboutReadiness(match[0])) return true;
  return false;
}

/** Line ranges of the sections whose headings talk about readiness; the whole document when its title does. */
function readinessSections(text: string): { from: number; to: number }[] {
  const headings = outline(text).filter((b) => b.kind === "heading");
  const lastLine = text.split("\n").length;
  const sections: { from: number; to: number }[] = [];
  headings.forEach((heading, index) => {
    if (!headingTalksAboutReadiness(plainText(heading.text))) return;
    if (sections.some((s) => heading.line >= s.from && heading.line <= s.to)) return;
    const next = headings.slice(index + 1).find((h) => h.level <= heading.level);
    const isTitle = index === 0 && heading.level === 1;
    sections.push({
      from: heading.line,
      to: isTitle ? lastLine : next ? next.line - 1 : lastLine,
    });
  });
  return sections;
}
