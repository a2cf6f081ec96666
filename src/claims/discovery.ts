import picomatch from "picomatch";
import type { PathRow } from "../view/path-table.js";
import type { RepoView } from "../view/repo-view.js";
import { basename, dirname, extension, segments } from "../view/paths.js";
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
  /**
   * The checklist items a line names; with it, documents whose lines mark practices done or missing
   * (tables of ✅) are found by their content. Called only for documents that already carry many
   * status marks, so most audits never need it.
   */
  practicesNamed?: (line: string) => readonly string[];
  /** Characters of other documents read for content signals, in all and per document. */
  contentBudget?: { total: number; perDocument: number };
}

/** How much of the documents that are not readiness documents by name is read for content signals. */
export const CONTENT_BUDGET = { total: 4_000_000, perDocument: 64_000 };

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
  "gaps",
]);
/**
 * Names of documents that often assess readiness without saying so ("GAPS.md", "PROJECT_STATUS_REPORT.md",
 * "IMPROVEMENTS_SUMMARY.md", "SECURITY_FIXES.md", "ROADMAP.md"): fewer practices marked done or missing make them readiness documents.
 */
const ASSESSMENT_NAME_WORDS = new Set(["gap", "gaps", "status", "report", "improvements", "improvement", "summary", "roadmap", "fixes", "assessment", "audit", "review", "evaluation", "analysis", "progress"]);
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
  if (has("status") && has("report")) return true;
  if (has("launch") && withAny(LAUNCH_COMPANIONS)) return true;
  if ((has("deployment") || has("deploy")) && withAny(DEPLOYMENT_COMPANIONS)) return true;
  return has("release") && withAny(RELEASE_COMPANIONS);
}

/** Words that make a heading's "readiness" an assessment rather than a product's name ("# Readiness"). */
const READINESS_QUALIFIERS = new Set([
  "production",
  "prod",
  "operational",
  "ops",
  "launch",
  "deployment",
  "deploy",
  "release",
  "service",
  "go",
  "golive",
  "checklist",
  "assessment",
  "status",
  "score",
  "report",
  "review",
  "enterprise",
  "gaps",
]);

/** Headings also carry names: a bare "Readiness" title names a product, while "Production readiness" assesses one. */
export function headingTalksAboutReadiness(heading: string): boolean {
  const list = nameWords(heading);
  if (list.includes("readiness") && !list.some((w) => READINESS_QUALIFIERS.has(w))) return talksAboutReadiness(list.filter((w) => w !== "readiness").join(" "));
  return talksAboutReadiness(heading);
}

/** A readiness document by its path: its file name, or a folder it sits in (docs/production-readiness/...). */
export function isReadinessDocumentPath(path: string): boolean {
  return isReadinessDocument(basename(path), extension(path), dirname(path));
}

/** isReadinessDocumentPath of a path table row, from the name, extension and folder it already holds. */
export function isReadinessDocumentRow(row: PathRow): boolean {
  return isReadinessDocument(row.name, row.extension, row.folder);
}

function isReadinessDocument(name: string, extension: string, folder: string): boolean {
  if (!DOCUMENT_EXTENSIONS.has(extension)) return false;
  if (NOT_ASSESSMENTS.test(name)) return false;
  const stem = name.slice(0, name.length - extension.length - 1);
  return talksAboutReadiness(stem) || isReadinessFolder(folder);
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

  const named = view.paths.rows.filter((row) => isReadinessDocumentRow(row) && !row.nonProject).map((row) => row.path);
  named.sort((a, b) => segments(a).length - segments(b).length || a.localeCompare(b));
  for (const path of named) add(path);

  const budget = options.contentBudget ?? CONTENT_BUDGET;
  let scanned = 0;
  const unscanned: string[] = [];
  // Found by content: read after the documents found by name and heading, self-grades first.
  const selfGraded: [string, ReadinessDocument["sections"]][] = [];
  const byMarks: string[] = [];
  for (const { path, name, extension, nonProject } of view.paths.rows) {
    if (chosen.has(path) || !DOCUMENT_EXTENSIONS.has(extension) || NOT_ASSESSMENTS.test(name) || nonProject) continue;
    const text = view.text(path);
    if (text === undefined) continue;
    const sections = hasReadinessHeading(text) ? readinessSections(text) : [];
    if (scanned >= budget.total) {
      if (sections.length > 0) add(path, sections);
      else unscanned.push(path);
      continue;
    }
    const head = text.length > budget.perDocument ? text.slice(0, budget.perDocument) : text;
    scanned += head.length;
    const graded = selfGradeLines(head).filter((line) => !sections.some((s) => line >= s.from && line <= s.to));
    // A readiness section in a document that assesses readiness throughout does not make the rest of it unread.
    const wholeByContent = !NOT_BY_MARKS.test(name);
    if (graded.length > 0) selfGraded.push([path, wholeByContent ? undefined : [...sections, ...graded.map((line) => ({ from: line, to: line }))]]);
    else if (wholeByContent && options.practicesNamed && marksPractices(head, path, options.practicesNamed)) byMarks.push(path);
    else if (sections.length > 0) add(path, sections);
  }
  for (const [path, sections] of selfGraded) add(path, sections);
  for (const path of byMarks) add(path);
  if (unscanned.length > 0)
    notes.push(
      `${unscanned.length} documents were not searched for readiness content (at most ${budget.total} characters are): ${unscanned.slice(0, 5).join(", ")}${unscanned.length > 5 ? ", …" : ""}`,
    );

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

/**
 * Self-grades of readiness: "Production readiness: 90%", "Overall score 87/100", "65% production
 * ready", "**Overall:** 8.5/10". Such a line is the document's score wherever it stands.
 */
const GRADED_SUBJECT = /(?:production[-_ ]?read(?:y|iness)|readiness(?:[-_ ]score)?|overall(?:[-_ ](?:score|grade|rating|readiness))?|(?:total|final|health)[-_ ]score)\b/gi;
/** "Overall: 85% complete" is progress; a bare "overall" grades only as a fraction ("Overall: 8.5/10"). */
const PERCENT_GRADE = /^[^\d]{0,40}\d{1,3}(?:\.\d{1,2})?[^\S\n]?%/;
/** "Schema readiness: 95%", "Integration readiness 8/10" grade something else than the service. */
const OTHER_READINESS = /\b(?:integration|schema|data|model|feature|api|frontend|mobile|ui|team|user|market|security|migration)[-_ ]readiness\b/i;
const GRADE_AFTER_SUBJECT = /^[^\S\n]{0,3}(?:score|grade|rating|level)?[^\S\n]{0,3}[*_]{0,3}[^\S\n]{0,2}[:=|—–-]?[^\S\n]{0,3}[*_]{0,3}[^\S\n]{0,3}\d{1,3}(?:\.\d{1,2})?[^\S\n]?(?:\/[^\S\n]?(?:100|10|5)(?![\d/])|%)/i;
const GRADE_BEFORE_READY = /\d{1,3}(?:\.\d{1,2})?[^\S\n]?(?:%|\/[^\S\n]?(?:100|10)(?![\d/]))[^\S\n]{1,3}[*_]{0,3}(?:production[-_ ]?ready|ready for production)\b/i;

/** Cheap tests that rule out almost every document before it is outlined. */
const ANY_GRADE = /\d[^\S\n]?(?:%|\/[^\S\n]?(?:100|10|5)(?![\d/]))/;
const ANY_GRADED_WORD = /ready|readiness|overall|score/i;

/** 1-based lines of the text that self-grade readiness, outside code fences. */
function selfGradeLines(text: string): number[] {
  if (!ANY_GRADE.test(text) || !ANY_GRADED_WORD.test(text)) return [];
  const lines: number[] = [];
  for (const block of outline(text)) {
    if (block.kind === "blank") continue;
    const line = block.kind === "row" ? block.cells.join(" | ") : block.text;
    if (GRADE_BEFORE_READY.test(line)) lines.push(block.line);
    else {
      // "Overall Production Readiness Score: 92/100": the grade follows the last of the words.
      const subject = [...line.matchAll(GRADED_SUBJECT)].pop();
      if (!subject || OTHER_READINESS.test(line)) continue;
      const after = line.slice(subject.index + subject[0].length, subject.index + subject[0].length + 40);
      const bareOverall = subject[0].toLowerCase() === "overall";
      if (GRADE_AFTER_SUBJECT.test(after) && !(bareOverall && PERCENT_GRADE.test(after))) lines.push(block.line);
    }
  }
  return lines;
}

/** READMEs and guides list features with ✅; only their readiness sections and self-grades are claims. */
const NOT_BY_MARKS = /^(?:readme|contributing|security|support|index|agents|claude|gemini|copilot[-_]instructions)(?:\.|$)/i;
/**
 * How many different checklist practices a document must mark done or missing to be a readiness
 * document; fewer for an assessment's name. Pros and cons lists ("✅ Easier to test") name one or two.
 */
const MARKED_PRACTICES = { named: 3, unnamed: 5 };
const STATUS_MARK = /[✅✔☑❌⚠🟢🔴🟡]|\[[xX ]\]|âœ|â�Œ|âŒ|âš|‚úÖ|ðŸŸ/u;

/** Does the document mark enough different checklist practices done or missing ("| Rate limiting | ✅ |")? */
function marksPractices(text: string, path: string, practicesNamed: (line: string) => readonly string[]): boolean {
  const stem = basename(path).slice(0, basename(path).length - extension(path).length - 1);
  const needed = nameWords(stem).some((w) => ASSESSMENT_NAME_WORDS.has(w)) ? MARKED_PRACTICES.named : MARKED_PRACTICES.unnamed;
  const marked: string[] = [];
  for (const line of text.split("\n")) if (STATUS_MARK.test(line)) marked.push(line);
  if (marked.length < needed) return false;
  const practices = new Set<string>();
  for (const line of marked) {
    for (const id of practicesNamed(line)) practices.add(id);
    if (practices.size >= needed) return true;
  }
  return false;
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
