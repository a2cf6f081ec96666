import { contentLines, type DocSection, IMPERATIVE_SENTENCE, isDocExtension, parseDoc } from "../../facts/markdown.js";
import { DOCKER_RUN_VALUED } from "../../facts/commands.js";
import { composeServices } from "../../facts/compose.js";
import { namesDatastore } from "../../facts/dockerfiles.js";
import { isReadmeName, linkedGuide, projectReadme, readmeWithLinkedDocs } from "../../facts/readme.js";
import { basename, dirname } from "../../view/paths.js";
import type { RepoView } from "../../view/repo-view.js";
import { type Evidence, fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";
import { titleHeading } from "./title.js";

/** Documents whose path says they are about deploying: docs/deployment.md, docs/hosting/docker.md, deploy/README.md. */
const DEPLOY_PATH = /(?:^|[/._-])(?:deploy\w*|hosting|self-?host\w*|production|kubernetes|k8s|helm)(?:[/._-]|$)/i;
/**
 * Installation, setup, getting-started and running guides (docs/guide/getting-started.md,
 * running-with-frankenphp.md) are deployment guides when they set up a server, not a development checkout.
 */
const INSTALL_PATH = /(?:^|[/._-])(?:install\w*|setup|getting[-_]started|quick-?start|running)(?:[/._-]|$)/i;
const SERVER_TERMS = /\b(?:nginx|apache|systemd|gunicorn|uwsgi|supervisord?|reverse proxy|production|kubernetes|helm|certbot|let'?s ?encrypt)\b/gi;
const DEPLOY_HEADING = /\b(?:deploy\w*|production|hosting|self-?host\w*|kubernetes|k8s|helm|heroku|own (?:instance|server))\b/i;
/**
 * A section taken on its heading alone must instruct, not only say where things run (a "Hosting" list
 * of providers is an architecture note): a command, numbered steps, a link to a guide or deploy button,
 * or a sentence in the imperative. "The app is deployed on Vercel" describes; "Deploy the API to Railway" instructs.
 */
const NUMBERED_STEP = /^\s*\d+[.)]\s/;
const INLINE_CODE = /`[^`\n]+`/;
const GUIDE_LINK = /\]\(\s*<?(?![a-z][a-z0-9+.-]*:|#)[^)\s]|(?:\]\(|https?:\/\/)[^)\s]*\b(?:docs?|guides?|documentation|wiki)\b/i;
/** An installation section documents deployment when it says it installs for production or self-hosting, not for development. */
const INSTALL_HEADING = /\b(?:install\w*|setup|set up)\b/i;
/** Sections that get the service running (installation, quick start, usage), and the commands that run it from its published image. */
const RUN_HEADING = /\b(?:install\w*|setup|set up|getting started|get started|quick ?start|running|run|usage|self-?host\w*)\b/i;
const DEPLOYED_IMAGE = /\bdocker pull\b|\bdocker run\b|\bdocker[- ]compose\b[^\n]{0,80}\bup\b/;
/** Installing into a cluster: `kubectl apply -f`, `helm install`, `helm upgrade --install`, a rendered chart piped to kubectl. */
const CLUSTER_INSTALL = /\bkubectl (?:apply|create) (?:-f|-k|--filename)\b|\bhelm (?:install|upgrade)\b|\|\s*kubectl apply\b/;
const PRODUCTION_PROSE = /\b(?:production (?:configuration|deployment|environment|setup|server|install\w*)|self-?host(?:ed|ing)?)\b/i;
/**
 * A "Docker" section documents deployment when it builds, runs or publishes the image, not when it
 * starts a dev database or offers a local trial run ("Try it out with Docker").
 */
const DOCKER_HEADING = /\bdocker\b/i;
const TRIAL_HEADING = /\b(?:try(?:ing)? (?:it )?out|demo|locally|local development)\b/i;
/** A link to the project's published image: "Use [our image](https://hub.docker.com/r/acme/app/)". */
const PUBLISHED_IMAGE_LINK = /\]\(\s*https?:\/\/(?:hub\.docker\.com\/(?:r\/)?[\w.-]+\/[\w.-]+|ghcr\.io\/[\w.-]+\/[\w.-]+|quay\.io\/repository\/[\w.-]+\/[\w.-]+|github\.com\/[\w.-]+\/[\w.-]+\/pkgs\/container\/[\w.-]+)/i;
/** A getting-started section that sets up a developer's machine: its docker commands run a local stack, not a deployment. */
const LOCAL_SETUP = /\b(?:running locally|run (?:it )?locally|local development|development (?:shell|environment|setup)|dev(?:elopment)? server)\b/i;
const IMAGE_COMMAND = /\bdocker (?:build|run|push|pull)\b|\bdocker buildx build\b|\bdocker[- ]compose\b[^\n]{0,80}\bup\b/;
/** `docker compose up db redis`: starts the supporting services for development, not the application. */
const COMPOSE_UP_SERVICES = /\bdocker[- ]compose\b[^\n]{0,80}?\bup\b((?:\s+[\w.-]+)*)/;
const SUPPORT_SERVICE = /^(?:db|database|cache|queue|broker|mail\w*|smtp)$/i;

/** `docker run -d --name pg -p 5432:5432 postgres:16`: the image a run or pull starts, after its options. */
function runImage(text: string): string | undefined {
  const command = /\bdocker (?:run|pull)\b([^\n]*)/.exec(text);
  if (!command) return undefined;
  const words = (command[1] as string).trim().split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (!word.startsWith("-")) return word;
    if (!word.includes("=") && DOCKER_RUN_VALUED.has(word)) i++;
  }
  return undefined;
}

/**
 * A command line that builds, runs or publishes the image, or brings the stack up, rather than
 * only its databases: `docker run postgres` or a compose file of databases starts what the
 * application needs, not the application.
 */
function runsTheImage(text: string, commands: RegExp, composeIsSupportOnly: boolean): boolean {
  if (!commands.test(text)) return false;
  if (/\bdocker (?:build|push)\b|\bdocker buildx build\b/.test(text)) return true;
  const image = runImage(text);
  if (image !== undefined) return !namesDatastore(image.replace(/[:@].*$/, ""));
  const services = (COMPOSE_UP_SERVICES.exec(text)?.[1] ?? "").split(/\s+/).filter((w) => w !== "" && !w.startsWith("-"));
  if (services.length === 0) return !composeIsSupportOnly;
  return !services.every((s) => SUPPORT_SERVICE.test(s) || namesDatastore(s));
}

/** The project's compose files run only datastores and brokers: `compose up` starts a development database. */
function composeIsSupportOnly(view: RepoView): boolean {
  const services = composeServices(view);
  return services.length > 0 && services.every((s) => s.build === undefined && (SUPPORT_SERVICE.test(s.name) || namesDatastore(s.name) || namesDatastore(s.image ?? "")));
}
/** Production-readiness self-assessments claim a deployment story; the claims pass checks them, they are not guides. */
const READINESS = /readiness/i;
/** A section that is a readiness self-assessment, not a README whose product happens to be named Readiness. */
const READINESS_HEADING = /\b(?:production|go[- ]?live|launch|deploy\w*|operational)[- ]readiness\b|\breadiness (?:check(?:list)?|assessment|review|report|status|score)\b/i;
/** A guide found by its title rather than its path: "Deploying to Fly.io", "Self-hosting", "Installation in production". */
const DEPLOY_TITLE =
  /\b(?:deploy\w*|self-?host\w*|hosting)\b|\binstall\w* (?:in|for|on) (?:a )?production\b|\bproduction (?:install\w*|setup|deployment|guide)\b|\brunning (?:in|on) production\b/i;
/** How far into a document its title is looked for. */
const TITLE_SCAN_CHARS = 2000;

/** A Markdown document's title: front matter `title:`, else its first heading. */
function documentTitle(text: string): string | undefined {
  const opening = text.slice(0, TITLE_SCAN_CHARS);
  return /^title:\s*["']?([^"'\n]{1,120})/m.exec(opening)?.[1]?.trim() ?? /^#{1,2}\s+(.{1,120})$/m.exec(opening)?.[1]?.trim();
}

/** A systemd unit the project ships to run it on a server: a [Service] section that starts a program. */
const SYSTEMD_SERVICE = /^\[Service\][\s\S]*^ExecStart=\S/m;
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
    const readme = projectReadme(view);
    const linked = readme ? linkedGuide(view, readme) : undefined;
    if (linked) return partial(`the README links to an installation or deployment guide (${linked.note}) that does not explain deploying by itself`, [linked]);
    const unit = view.findRows((row) => row.extension === "service" && !row.nonProject).find((p) => SYSTEMD_SERVICE.test(view.text(p) ?? ""));
    if (unit) return partial(`${unit} is a systemd unit that runs the service, but no document explains deploying it`, [{ path: unit, note: "systemd unit" }]);
    const platform = view.findRows((row) => PLATFORM_FILES.includes(row.name) && !row.nonProject);
    const platformNote = platform.length > 0 ? `; ${platform.slice(0, 3).join(", ")} configure${platform.length === 1 ? "s" : ""} a deployment but no document explains it` : "";
    return fail(`no deployment guide (docs/deployment.md, DEPLOYMENT.md, a hosting or production guide, a Helm chart README) and no README section on deploying${platformNote}`);
  },
};

/** Deployment sections of the README and of the in-repository documents it links to (docs/usage.md's "Deploying" section). */
function readmeSections(view: RepoView): Evidence[] {
  const readme = projectReadme(view);
  if (!readme) return [];
  return readmeWithLinkedDocs(view, readme, 1)
    .filter((path) => path === readme || !READINESS.test(path))
    .flatMap((path) => deploymentSections(view, path));
}

function deploymentSections(view: RepoView, path: string): Evidence[] {
  const text = view.text(path);
  if (text === undefined) return [];
  const out: Evidence[] = [];
  const doc = parseDoc(text, path);
  const title = titleHeading(doc);
  const supportOnly = composeIsSupportOnly(view);
  let coveredUntil = 0;
  for (const section of doc.sections) {
    if (section.heading.line <= coveredUntil) continue;
    if (READINESS_HEADING.test(section.heading.text)) {
      coveredUntil = section.body.at(-1)?.line ?? section.heading.line;
      continue;
    }
    if (section.heading === title || !documentsDeployment(section, supportOnly)) continue;
    out.push({ path, line: section.heading.line, note: `section "${section.heading.text}"` });
    coveredUntil = section.body.at(-1)?.line ?? section.heading.line;
  }
  return out;
}

function documentsDeployment(section: DocSection, supportOnly: boolean): boolean {
  const lines = contentLines(section);
  const chars = lines.reduce((n, l) => n + l.text.trim().length, 0);
  if (chars < MIN_SECTION_CHARS) return false;
  const heading = section.heading.text;
  const instructs = lines.some((l) => l.inCode || NUMBERED_STEP.test(l.text) || INLINE_CODE.test(l.text) || GUIDE_LINK.test(l.text) || IMPERATIVE_SENTENCE.test(l.text));
  if (DEPLOY_HEADING.test(heading)) return instructs;
  if (INSTALL_HEADING.test(heading) && instructs && lines.some((l) => !l.inCode && PRODUCTION_PROSE.test(l.text))) return true;
  if (TRIAL_HEADING.test(heading)) return false;
  if (DOCKER_HEADING.test(heading)) return lines.some((l) => (l.inCode && runsTheImage(l.text, IMAGE_COMMAND, supportOnly)) || (!l.inCode && PUBLISHED_IMAGE_LINK.test(l.text)));
  if (!RUN_HEADING.test(heading) || lines.some((l) => !l.inCode && LOCAL_SETUP.test(l.text))) return false;
  return lines.some((l) => (l.inCode || INLINE_CODE.test(l.text)) && (runsTheImage(l.text, DEPLOYED_IMAGE, supportOnly) || (l.inCode && CLUSTER_INSTALL.test(l.text))));
}

/** Documents about the image: docs/docker.md, docker/README.md, docs/installation/docker.mdx. */
const DOCKER_PATH = /(?:^|[/._-])docker(?:[/._-]|$)/i;

function deploymentDocuments(view: RepoView): Evidence[] {
  const out: Evidence[] = [];
  const readme = projectReadme(view);
  const supportOnly = composeIsSupportOnly(view);
  for (const { path, name, extension, nonProject } of view.paths.rows) {
    if (path === readme || !isDocExtension(extension) || extension === "txt" || nonProject || READINESS.test(path) || /^(?:CHANGELOG|CHANGES|HISTORY)/i.test(name)) continue;
    const helmReadme = isReadmeName(path) && view.has(dirname(path) ? `${dirname(path)}/Chart.yaml` : "Chart.yaml");
    const text = view.text(path);
    if (text === undefined) continue;
    const documentTitleText = documentTitle(text) ?? "";
    const named = DEPLOY_PATH.test(path) || helmReadme || DEPLOY_TITLE.test(documentTitleText);
    const dockerGuide = DOCKER_PATH.test(path) || DOCKER_HEADING.test(documentTitleText);
    if (!named && !dockerGuide && !INSTALL_PATH.test(path)) continue;
    const doc = parseDoc(text, path);
    if (doc.lines.filter((l) => l.text.trim() !== "").length < MIN_DOC_LINES) continue;
    // A Docker guide that builds or runs the project's image shows how to run it anywhere (an installation guide's compose up may start a dev stack).
    const runsImage = !named && dockerGuide && !LOCAL_SETUP.test(text) && doc.lines.some((l) => l.inCode && runsTheImage(l.text, IMAGE_COMMAND, supportOnly));
    if (!named && !runsImage && (dockerGuide || (text.match(SERVER_TERMS)?.length ?? 0) < 2)) continue;
    const heading = doc.headings[0];
    const title = /^title:\s*["']?([^"'\n]{1,120})/m.exec(text.slice(0, 1000))?.[1]?.trim() ?? heading?.text ?? basename(path);
    const kind = helmReadme ? "Helm chart README" : named ? `"${title}"` : runsImage ? `guide to running the image: "${title}"` : `installation guide for a server: "${title}"`;
    out.push({ path, line: heading?.line ?? 1, note: kind });
  }
  const rank = (e: Evidence) => (e.note?.startsWith("installation guide") || e.note?.startsWith("guide to running") ? 100 : 0) + e.path.split("/").length;
  return out.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
}
