import { contentLines, type DocSection, isDocPath, parseDoc } from "../../facts/markdown.js";
import { isReadmeName, projectReadme } from "../../facts/readme.js";
import { basename, dirname, extension, isNonProjectPath } from "../../engine/paths.js";
import type { RepoView } from "../../engine/repo-view.js";
import { type Evidence, fail, type Probe, partial, pass } from "../probe.js";
import { titleHeading } from "./title.js";

/** Documents whose path says they are about deploying: docs/deployment.md, docs/hosting/docker.md, deploy/README.md. */
const DEPLOY_PATH = /(?:^|[/._-])(?:deploy\w*|hosting|self-?host\w*|production|kubernetes|k8s|helm)(?:[/._-]|$)/i;
/**
 * Installation, setup, getting-started and running guides (docs/guide/getting-started.md,
 * running-with-frankenphp.md) are deployment guides when they set up a server, not a development checkout.
 */
const INSTALL_PATH = /(?:^|[/._-])(?:install\w*|setup|getting[-_]started|quick-?start|running)(?:[/._-]|$)/i;
const SERVER_TERMS = /\b(?:nginx|apache|systemd|gunicorn|uwsgi|supervisord?|reverse proxy|production|kubernetes|helm|certbot|let'?s ?encrypt)\b/gi;
const DEPLOY_HEADING = /\b(?:deploy\w*|production|hosting|self-?host\w*|kubernetes|k8s|helm|heroku)\b/i;
/**
 * A section taken on its heading alone must instruct, not only say where things run (a "Hosting" list
 * of providers is an architecture note): a command, numbered steps, a link to a guide or deploy button,
 * or a deploy verb. Third-person "runs on" describes; "run", "deploy" instruct.
 */
const DEPLOY_VERB = /\b(?:deploy\w*|run|build|install|configure|set up|push|start|serve|upload|provision)\b/i;
const NUMBERED_STEP = /^\s*\d+[.)]\s/;
const INLINE_CODE = /`[^`\n]+`/;
const GUIDE_LINK = /\]\(\s*<?(?![a-z][a-z0-9+.-]*:|#)[^)\s]|(?:\]\(|https?:\/\/)[^)\s]*\b(?:docs?|guides?|documentation|wiki)\b/i;
/** An installation section documents deployment when it says it installs for production or self-hosting, not for development. */
const INSTALL_HEADING = /\b(?:install\w*|setup|set up)\b/i;
const PRODUCTION_PROSE = /\b(?:production (?:configuration|deployment|environment|setup|server|install\w*)|self-?host(?:ed|ing)?)\b/i;
/**
 * A "Docker" section documents deployment when it builds, runs or publishes the image, not when it
 * starts a dev database or offers a local trial run ("Try it out with Docker").
 */
const DOCKER_HEADING = /\bdocker\b/i;
const TRIAL_HEADING = /\b(?:try(?:ing)? (?:it )?out|demo|locally|local development)\b/i;
const IMAGE_COMMAND = /\bdocker (?:build|run|push)\b|\bdocker buildx build\b/;
/** Production-readiness self-assessments claim a deployment story; the claims pass checks them, they are not guides. */
const READINESS = /readiness/i;
/** A section that is a readiness self-assessment, not a README whose product happens to be named Readiness. */
const READINESS_HEADING = /\b(?:production|go[- ]?live|launch|deploy\w*|operational)[- ]readiness\b|\breadiness (?:check(?:list)?|assessment|review|report|status|score)\b/i;
/**
 * A README link to an installation or deployment guide kept elsewhere (a docs website): Markdown
 * [text](url) or HTML <a href="url">text</a> whose text names a guide ("Installation Instructions",
 * "deployment guide"). A link named for a tool ("[Docker](…/engine/installation/)") installs a prerequisite.
 */
const README_LINK = /\[([^\]\n]{1,120})\]\(\s*<?(https?:\/\/[^)\s>]{1,300})|<a\s[^>\n]{0,200}?href=["'](https?:\/\/[^"'\s]{1,300})["'][^>\n]{0,200}>([^<\n]{1,120})</gi;
const GUIDE_NAME = /\b(?:install\w*|deploy\w*|hosting|self-?host\w*)\b[^\n]{0,40}\b(?:guide|instructions|docs|documentation|manual)\b|\bhow to (?:install|deploy|self-?host)\b/i;
/** Files that configure a platform deployment but explain nothing by themselves. */
const PLATFORM_FILES = ["Procfile", "fly.toml", "app.json", "render.yaml", "vercel.json", "netlify.toml", "app.yaml", "railway.json", "Chart.yaml"];
/** Fewer characters of prose than this under a heading is a stub ("TBD"), not documentation. */
const MIN_SECTION_CHARS = 40;
const MIN_DOC_LINES = 3;

/**
 * Someone other than the author can deploy the service: a deployment or hosting guide, an
 * installation guide that sets up a server, a Helm chart's README, or a README section on
 * deploying. Platform files (Procfile, fly.toml) configure a deployment; they do not document it.
 */
export const deploymentDocs: Probe = {
  id: "docs.deployment",
  run({ view }) {
    const evidence = [...readmeSections(view), ...deploymentDocuments(view)];
    if (evidence.length > 0) return pass(`deployment documented in ${[...new Set(evidence.map((e) => e.path))].slice(0, 3).join(", ")}`, evidence.slice(0, 6));
    const linked = linkedGuide(view);
    if (linked) return partial(`the README links to an installation or deployment guide kept outside the repository (${linked.note}); its content cannot be checked here`, [linked]);
    const platform = view.find((p) => PLATFORM_FILES.includes(basename(p)) && !isNonProjectPath(p));
    const platformNote = platform.length > 0 ? `; ${platform.slice(0, 3).join(", ")} configure${platform.length === 1 ? "s" : ""} a deployment but no document explains it` : "";
    return fail(`no deployment guide (docs/deployment.md, DEPLOYMENT.md, a hosting or production guide, a Helm chart README) and no README section on deploying${platformNote}`);
  },
};

function readmeSections(view: RepoView): Evidence[] {
  const readme = projectReadme(view);
  const text = readme ? view.text(readme) : undefined;
  if (!readme || text === undefined) return [];
  const out: Evidence[] = [];
  const doc = parseDoc(text, readme);
  const title = titleHeading(doc);
  let coveredUntil = 0;
  for (const section of doc.sections) {
    if (section.heading.line <= coveredUntil) continue;
    if (READINESS_HEADING.test(section.heading.text)) {
      coveredUntil = section.body.at(-1)?.line ?? section.heading.line;
      continue;
    }
    if (section.heading === title || !documentsDeployment(section)) continue;
    out.push({ path: readme, line: section.heading.line, note: `section "${section.heading.text}"` });
    coveredUntil = section.body.at(-1)?.line ?? section.heading.line;
  }
  return out;
}

/** The README's first link to an installation or deployment guide elsewhere, outside code blocks. */
function linkedGuide(view: RepoView): Evidence | undefined {
  const readme = projectReadme(view);
  const text = readme ? view.text(readme) : undefined;
  if (!readme || text === undefined) return undefined;
  for (const line of parseDoc(text, readme).lines) {
    if (line.inCode) continue;
    for (const match of line.text.matchAll(README_LINK)) {
      const label = (match[1] ?? match[4] ?? "").trim();
      const url = match[2] ?? match[3] ?? "";
      if (GUIDE_NAME.test(label)) return { path: readme, line: line.line, note: `${label} → ${url}` };
    }
  }
  return undefined;
}

function documentsDeployment(section: DocSection): boolean {
  const lines = contentLines(section);
  const chars = lines.reduce((n, l) => n + l.text.trim().length, 0);
  if (chars < MIN_SECTION_CHARS) return false;
  if (DEPLOY_HEADING.test(section.heading.text)) return lines.some((l) => l.inCode || NUMBERED_STEP.test(l.text) || INLINE_CODE.test(l.text) || GUIDE_LINK.test(l.text) || DEPLOY_VERB.test(l.text));
  if (INSTALL_HEADING.test(section.heading.text) && lines.some((l) => !l.inCode && PRODUCTION_PROSE.test(l.text))) return true;
  return DOCKER_HEADING.test(section.heading.text) && !TRIAL_HEADING.test(section.heading.text) && lines.some((l) => l.inCode && IMAGE_COMMAND.test(l.text));
}

function deploymentDocuments(view: RepoView): Evidence[] {
  const out: Evidence[] = [];
  const readme = projectReadme(view);
  for (const { path } of view.files) {
    if (path === readme || !isDocPath(path) || extension(path) === "txt" || isNonProjectPath(path) || READINESS.test(path) || /^(?:CHANGELOG|CHANGES|HISTORY)/i.test(basename(path))) continue;
    const helmReadme = isReadmeName(path) && view.has(dirname(path) ? `${dirname(path)}/Chart.yaml` : "Chart.yaml");
    const named = DEPLOY_PATH.test(path) || helmReadme;
    if (!named && !INSTALL_PATH.test(path)) continue;
    const text = view.text(path);
    if (text === undefined) continue;
    const doc = parseDoc(text, path);
    if (doc.lines.filter((l) => l.text.trim() !== "").length < MIN_DOC_LINES) continue;
    if (!named && (text.match(SERVER_TERMS)?.length ?? 0) < 2) continue;
    const heading = doc.headings[0];
    const title = /^title:\s*["']?([^"'\n]{1,120})/m.exec(text.slice(0, 1000))?.[1]?.trim() ?? heading?.text ?? basename(path);
    out.push({ path, line: heading?.line ?? 1, note: helmReadme ? "Helm chart README" : named ? `"${title}"` : `installation guide for a server: "${title}"` });
  }
  const rank = (e: Evidence) => (e.note?.startsWith("installation guide") ? 100 : 0) + e.path.split("/").length;
  return out.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
}
