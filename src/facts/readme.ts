import type { RepoView } from "../view/repo-view.js";
import { basename } from "../view/paths.js";
import { docLinks, isDocPath, parseDoc, resolveRepoLink } from "./markdown.js";

const README_NAME = /^readme(?:\.(?:md|markdown|mdx|rst|txt|adoc|org))?$/i;
/** Where GitHub looks for the README it shows on the repository page; the root first, where people look. */
const README_DIRS = ["", ".github", "docs"];

export function isReadmeName(path: string): boolean {
  return README_NAME.test(basename(path));
}

/** The repository's README, the one GitHub shows on its front page. */
export function projectReadme(view: RepoView): string | undefined {
  return view.memo("facts:readme", () => {
    for (const dir of README_DIRS) {
      const candidates = view.paths
        .inFolder(dir)
        .filter((row) => README_NAME.test(row.name))
        .map((row) => row.path);
      const preferred = candidates.find((p) => /\.md$/i.test(p)) ?? candidates[0];
      if (preferred) return preferred;
    }
    return undefined;
  });
}

/** READMEs of the project's top-level folders (frontend/README.md, backend/README.md), for repositories without a root one. */
export function folderReadmes(view: RepoView): string[] {
  return view.findRows((row) => README_NAME.test(row.name) && row.depth === 1 && !row.path.startsWith(".github/") && !row.path.startsWith("docs/") && !row.nonProject);
}

/** The README and the in-repository documents it links to, following links up to `hops` deep. */
export function readmeWithLinkedDocs(view: RepoView, readme: string, hops = 2): string[] {
  const seen = [readme];
  let frontier = [readme];
  for (let hop = 0; hop < hops; hop++) {
    const next: string[] = [];
    for (const path of frontier) {
      const text = view.text(path);
      if (text === undefined) continue;
      for (const { target } of docLinks(parseDoc(text, path))) {
        const linked = resolveRepoLink(path, target);
        if (linked && isDocPath(linked) && view.has(linked) && !seen.includes(linked)) {
          seen.push(linked);
          next.push(linked);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/** Opening lines that generators write into the README of a freshly created project. */
const TEMPLATE_SIGNATURES = [
  /This template provides a minimal setup to get React working in Vite/i,
  /This template should help get you started developing with \w+/i,
  /project (?:was )?(?:bootstrapped|created|generated|scaffolded) (?:with|using|by) \[?`?(?:create-|Create React App|Angular CLI|Vue CLI|vite|cookiecutter)/i,
  /This project was generated (?:with|using) \[Angular CLI\]/i,
  /\[Nest\]\(https:\/\/github\.com\/nestjs\/nest\) framework TypeScript starter repository/i,
  /This README would normally document whatever steps are necessary to get the/i,
  /See \[Configuration Reference\]\(https:\/\/cli\.vuejs\.org\/config\/\)/i,
  /Look at the \[Nuxt(?: 3)? documentation\]/i,
];
/** Generated READMEs are short; a project that kept the generator's opening line but wrote its own docs has a longer one. */
const TEMPLATE_MAX_CHARS = 6000;

/** The generator whose untouched README this is, if it is one. */
export function templateReadme(text: string): string | undefined {
  if (text.length > TEMPLATE_MAX_CHARS) return undefined;
  const opening = text.slice(0, 2000);
  for (const signature of TEMPLATE_SIGNATURES) {
    const match = signature.exec(opening);
    if (match) return match[0];
  }
  return undefined;
}

/**
 * A README link to an installation or deployment guide, on a docs website or in the repository: Markdown
 * [text](target) or HTML <a href="target">text</a> whose text names a guide ("Installation Instructions",
 * "Deployment", "Self-hosting docs"). A link named for a tool ("[Docker](…/engine/installation/)",
 * "Installing Docker") installs a prerequisite, not the project.
 */
const README_LINK = /\[([^\]\n]{1,120})\]\(\s*<?((?!#|mailto:)[^)\s>]{1,300})|<a\s[^>\n]{0,200}?href=["']((?!#|mailto:)[^"'\s]{1,300})["'][^>\n]{0,200}>([^<\n]{1,120})</gi;
const GUIDE_NAME = /\b(?:install\w*|deploy\w*|hosting|self-?host\w*)\b[^\n]{0,40}\b(?:guide|instructions|docs|documentation|manual)\b|\bhow to (?:install|deploy|self-?host)\b/i;
const GUIDE_LABEL =
  /^\W{0,4}(?:install(?:ation|ing)?|deploy(?:ment|ing)?|self-?host(?:ing)?|hosting|getting started|quick ?start)(?:\s+(?:guide|instructions|docs|documentation|manual|page|steps|for production|in production))*\W{0,4}$/i;

/** A link that says nothing of where it goes ("see [here](…)"): its target's name tells. */
const GENERIC_LABEL = /^\W{0,4}(?:(?:over )?here|this(?: page| guide| link)?|link|more|details|read more|instructions|(?:the )?(?:documentation|docs))\W{0,4}$/i;
/** A page named as a guide ("…/wiki/Installation"): a wiki or docs page, not a workflow file or a badge. */
const GUIDE_PAGE = /\/[\w.-]*\b(?:install(?:ation|ing)?|deploy(?:ment|ing)?|self-?host(?:ing)?|hosting|getting[-_]started)\b[\w-]*(?:\.(?:md|html?|rst|adoc))?\/?(?:[?#][^)\s]*)?$/i;

export interface LinkedGuide {
  path: string;
  line: number;
  note: string;
}

/** A section about getting the software installed or deployed, or the documentation index: its links are to guides whatever they are labelled ("[Hetzner](…/hosting-hetzner.html)"). */
const GUIDE_SECTION = /\b(?:install\w*|deploy\w*|hosting|self-?host\w*|setup|set up|documentation|docs)\b/i;

/** A link named for the project's documentation ("Official Documentation", "The Documentation Website", "wiki"). */
const DOCS_NAME = /\b(?:documentation|docs|wiki|manual|user guide)\b/i;
/** A documentation site by its address: docs.example.org, example.readthedocs.io, example.org/docs/, a GitHub wiki. */
const DOCS_SITE = /^https?:\/\/(?:docs?\.[\w.-]+|[\w.-]+\.readthedocs\.io|[\w.-]+\.gitbook\.io|[^)\s]*\/(?:docs?|documentation|wiki|manual)(?:\/|$))/i;

/** A single page of a site, by its file name or an anchor in it, rather than the site's front door. */
const NAMED_PAGE = /\/[^/?#)\s]+\.(?:html?|md|rst|adoc)(?:[?#][^)\s]*)?$|#[^)\s]+$/i;

/** Installation guides of the tools a project needs, which an installation section links to as prerequisites. */
const PREREQUISITE_DOCS =
  /^https?:\/\/(?:[\w-]+\.)*(?:docker\.com|nodejs\.org|python\.org|go\.dev|golang\.org|rust-lang\.org|rustup\.rs|php\.net|getcomposer\.org|ruby-lang\.org|postgresql\.org|mysql\.com|mariadb\.(?:org|com)|redis\.io|kubernetes\.io|helm\.sh|git-scm\.com|brew\.sh|npmjs\.com|yarnpkg\.com|pnpm\.io|microsoft\.com|adoptium\.net|oracle\.com)\//i;

/** The README's first link to an installation or deployment guide, outside code blocks. */
export function linkedGuide(view: RepoView, readme: string): LinkedGuide | undefined {
  const text = view.text(readme);
  if (text === undefined) return undefined;
  const doc = parseDoc(text, readme);
  const inGuideSection = new Set(doc.sections.filter((s) => GUIDE_SECTION.test(s.heading.text)).flatMap((s) => s.body.map((l) => l.line)));
  for (const line of doc.lines) {
    if (line.inCode) continue;
    for (const match of line.text.matchAll(README_LINK)) {
      const label = (match[1] ?? match[4] ?? "").trim();
      const target = match[2] ?? match[3] ?? "";
      const ownDocs = inGuideSection.has(line.line) && !PREREQUISITE_DOCS.test(target);
      const namedByTarget = (GENERIC_LABEL.test(label) || ownDocs) && GUIDE_PAGE.test(target);
      // Under a heading about installing or documentation, the project's own documentation site is where its guides are; a
      // page of it named for something else (…/conventions-for-rails-applications.html, how-tos.html#replicate-data) is not that site.
      const documentationSite = ownDocs && (DOCS_NAME.test(label) || (DOCS_SITE.test(target) && !NAMED_PAGE.test(target)));
      if (GUIDE_NAME.test(label) || GUIDE_LABEL.test(label) || namedByTarget || documentationSite) return { path: readme, line: line.line, note: `${label} → ${target}` };
    }
  }
  return undefined;
}

