import { contentLines, type DocLine, type DocSection, docLinks, IMPERATIVE_SENTENCE, parseDoc, resolveRepoLink } from "../../facts/markdown.js";
import { folderReadmes, linkedGuide, projectReadme, readmeWithLinkedDocs, templateReadme } from "../../facts/readme.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, fail, type Finding, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";
import { titleHeading } from "./title.js";

export const CONTRIBUTING = ["CONTRIBUTING.md", ".github/CONTRIBUTING.md", "docs/CONTRIBUTING.md", "CONTRIBUTING.rst", "docs/contributing.md"];

/**
 * Section headings that introduce install or run steps: headings that start with one of these words
 * (after numbering like "Step 1:" or a decoration), or contain one of the unambiguous phrases.
 * A desktop app or a command-line tool is installed from its "Download" section's release links.
 * Document titles are excluded: they head everything (see titleHeading).
 */
const RUN_HEADING_START =
  /^(?:step \d+\s*[:.-]\s*|\d+[.)]\s*|[^\w\s]{1,4}\s*)?(?:install\w*|download(?:s|ing)?\b|getting started|get started|quick ?start|setup|set ?up|usage|develop(?:ment|ing)?\b|prerequisites|requirements|run(?:ning)?\b|how to (?:run|use|install|start)|serve)/i;
const RUN_HEADING_ANYWHERE = /\b(?:installation|installing|getting started|quick ?start|quick run|build(?:ing)? from source|local development|development (?:setup|environment)|running locally|run locally)\b/i;
const TEST_HEADING = /\btest(?:s|ing)\b|^test\b/i;
/** Prose that promises documentation instead of giving it ("We are working on the documentation", "Coming soon"). */
const PLACEHOLDER = /\b(?:coming soon|to be (?:written|added|done|completed|documented)|under construction|(?:we are|we're|currently|still) working on)\b/i;
/** Placeholder markers, in capitals only: "todo" and "wip" are ordinary words in a project's description. */
const PLACEHOLDER_MARK = /\b(?:TBD|TBA|TODO|WIP)\b/;
/** Fewer words than this with nothing to act on ("TBD.", "Soon") is a stub, not instructions. */
const MIN_STUB_WORDS = 3;

/** Commands that install or start a project, by stack, where a shell command starts. Bounded literals, linear to match. */
const RUN_COMMAND = new RegExp(
  "(?:^|&&|;|\\|)\\s*(?:sudo\\s+)?(?:" +
    [
      "npm (?:install|ci|i|run|start)\\b",
      "(?:yarn|pnpm|bun)(?: (?:install|i|dev|start|build|run)\\b|\\s*$)",
      "npx \\S",
      "pip3? install\\b",
      "pipx install\\b",
      "poetry (?:install|run)\\b",
      "uv (?:sync|run|pip)\\b",
      "pipenv (?:install|run)\\b",
      "python3? (?:-m \\S|manage\\.py|\\S{1,80}\\.py)",
      "go (?:build|run|install|get)\\b",
      "cargo (?:build|run|install)\\b",
      "docker(?:-compose| compose) (?:\\S{1,80} ){0,4}(?:up|run|build)\\b",
      "docker (?:build|run)\\b",
      "(?:flask|uvicorn|gunicorn|hypercorn|fastapi) \\S",
      "node \\S{1,80}\\.[cm]?[jt]s\\b",
      "java -jar\\b",
      "make(?: [\\w-]{1,40})?\\s*$",
      "make [\\w-]{1,40}\\b",
      "(?:mvn|\\./mvnw|gradle|\\./gradlew)\\b",
      "bundle (?:install|exec)\\b",
      "bin/(?:rails|dev|setup)\\b",
      "rails (?:s|server|db:\\w+)\\b",
      "composer (?:install|require)\\b",
      "php artisan\\b",
      "mix (?:deps\\.get|phx\\.server)\\b",
      "dotnet (?:run|build)\\b",
      "helm (?:install|upgrade)\\b",
      "kubectl apply\\b",
      "brew install\\b",
      "deno (?:run|task)\\b",
      "just [\\w-]{1,40}\\b",
    ].join("|") +
    ")",
);
const TEST_COMMAND =
  /\b(?:npm (?:run )?test|yarn (?:run )?test|pnpm (?:run )?test|bun test|pytest|python3? -m (?:pytest|unittest)|manage\.py test|tox|nox|go test|cargo test|mvn (?:\S{1,40} )?(?:test|verify)|gradlew? (?:\S{1,40} )?test|rspec|rails test|php artisan test|phpunit|mix test|dotnet test|make (?:test|check)|just test|jest|vitest|hatch (?:run )?test|scripts\/test)\b/;

interface Instruction {
  kind: "run" | "test";
  evidence: Evidence;
}

/**
 * The README tells a newcomer how to install, run and test the project, directly or through the
 * in-repository docs it links to (and CONTRIBUTING, the conventional home of test instructions).
 */
export const readme: Probe = {
  id: "docs.readme",
  run({ view }) {
    const path = projectReadme(view);
    if (!path) return withoutRootReadme(view);
    const text = view.text(path);
    if (text === undefined) return partial(`${path} exists but could not be read`, [{ path }]);
    const template = templateReadme(text);
    if (template) return fail(`${path} is an unmodified generator template ("${template}"), not documentation of this project`, [{ path }]);
    const readmeDocs = instructionsIn(view, readmeWithLinkedDocs(view, path));
    const contributing = instructionsIn(view, CONTRIBUTING.filter((p) => view.has(p)));
    return judge(view, path, readmeDocs, contributing);
  },
};

function withoutRootReadme(view: RepoView): Finding {
  for (const path of folderReadmes(view)) {
    const text = view.text(path);
    if (text === undefined || templateReadme(text)) continue;
    const found = instructionsIn(view, readmeWithLinkedDocs(view, path));
    if (found.some((i) => i.kind === "run")) return partial(`no README at the repository root; ${path} explains how to run its part`, found.map((i) => i.evidence).slice(0, 4));
  }
  return fail("no README at the repository root (nor in .github/ or docs/)");
}

/**
 * pass: the README (or the docs it links) says how to install and run, and something says how to test;
 * partial: half of that, or run steps only in CONTRIBUTING, where users do not look.
 */
function judge(view: RepoView, path: string, readmeDocs: Instruction[], contributing: Instruction[]): Finding {
  const all = [...readmeDocs, ...contributing];
  const found = all.filter((i, index) => all.findIndex((o) => o.kind === i.kind && o.evidence.path === i.evidence.path && o.evidence.line === i.evidence.line) === index);
  const run = found.filter((i) => i.kind === "run").slice(0, 3);
  const test = found.filter((i) => i.kind === "test").slice(0, 2);
  const evidence = [...run, ...test].map((i) => i.evidence);
  const where = [...new Set(evidence.map((e) => e.path))].join(", ");
  const readmeRuns = readmeDocs.some((i) => i.kind === "run");
  if (run.length > 0 && !readmeRuns) return partial(`${path} does not say how to install and run the project; only ${where} does`, evidence);
  if (run.length > 0 && test.length > 0) return pass(`install/run and test instructions in ${where}`, evidence);
  if (run.length > 0) return partial(`${where} explain${where.includes(",") ? "" : "s"} how to install or run the project, but not how to run the tests`, evidence);
  const linked = linkedGuide(view, path);
  if (linked) return partial(`${path} links to installation docs (${linked.note}) but does not say how to install and run the project itself`, [linked, ...evidence]);
  if (test.length > 0) return partial(`${where} explain${where.includes(",") ? "" : "s"} how to run the tests, but not how to install and run the project`, evidence);
  const size = view.text(path)?.trim().length ?? 0;
  return fail(
    `${path} (${size} characters) has no install or run instructions: no section like Installation, Getting started or Usage, and no command like npm install, pip install, go run, docker compose up or make`,
    [{ path }],
  );
}

function instructionsIn(view: RepoView, paths: readonly string[]): Instruction[] {
  const out: Instruction[] = [];
  for (const path of paths) {
    const text = view.text(path);
    if (text === undefined) continue;
    const doc = parseDoc(text, path);
    const title = titleHeading(doc);
    const repoLinkLines = new Set(docLinks(doc).filter((l) => resolveRepoLink(path, l.target) !== undefined).map((l) => l.line));
    for (const section of doc.sections) {
      if (section.heading === title || isStub(section, repoLinkLines)) continue;
      const note = `section "${section.heading.text}"`;
      if (TEST_HEADING.test(section.heading.text)) out.push({ kind: "test", evidence: { path, line: section.heading.line, note } });
      else if (RUN_HEADING_START.test(section.heading.text) || RUN_HEADING_ANYWHERE.test(section.heading.text)) out.push({ kind: "run", evidence: { path, line: section.heading.line, note } });
    }
    for (const line of doc.lines) {
      for (const snippet of commandSnippets(line)) {
        const command = snippet.trim().replace(/^\$\s*/, "");
        const note = `command: ${command.length > 80 ? `${command.slice(0, 77)}...` : command}`;
        if (TEST_COMMAND.test(command)) out.push({ kind: "test", evidence: { path, line: line.line, note } });
        else if (RUN_COMMAND.test(command)) out.push({ kind: "run", evidence: { path, line: line.line, note } });
      }
    }
  }
  return out;
}

/**
 * A section whose heading promises instructions but whose body gives none. Anything to act on (a
 * command, a code block, a list, a link to an in-repository doc) makes it real, whatever else it says:
 * "Windows steps coming soon" under a working install command is not a stub. Prose alone instructs only
 * in the imperative ("Open the app and sign in"); "Requires Node 20 and PostgreSQL" under "Installation"
 * describes, and a heading over a description or a placeholder is not instructions.
 */
function isStub(section: DocSection, repoLinkLines: ReadonlySet<number>): boolean {
  const lines = contentLines(section);
  if (lines.some((l) => l.inCode || commandSnippets(l).length > 0 || /^\s*(?:[-*+]|\d+[.)])\s/.test(l.text) || repoLinkLines.has(l.line))) return false;
  const prose = lines.map((l) => l.text).join(" ");
  if (PLACEHOLDER.test(prose) || PLACEHOLDER_MARK.test(prose) || prose.split(/\s+/).filter((w) => /\w/.test(w)).length < MIN_STUB_WORDS) return true;
  return !lines.some((l) => IMPERATIVE_SENTENCE.test(l.text));
}

/** Where a doc line holds commands: code blocks, shell prompts, and inline code spans. */
function commandSnippets(line: DocLine): string[] {
  if (line.inCode) return line.text.trim().startsWith("#") ? [] : [line.text];
  if (/^\s*\$ \S/.test(line.text)) return [line.text];
  return [...line.text.matchAll(/`([^`\n]{1,300})`/g)].map((m) => m[1] as string);
}
