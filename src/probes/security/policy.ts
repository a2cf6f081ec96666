import { contentLines, type DocLine, parseDoc } from "../../facts/markdown.js";
import { projectReadme } from "../../facts/readme.js";
import type { RepoView } from "../../view/repo-view.js";
import { CONTRIBUTING } from "../docs/readme.js";
import { titleHeading } from "../docs/title.js";
import { type Evidence, fail, partial, pass } from "../../findings/findings.js";
import type { Probe } from "../probe.js";

const POLICY_PATHS = ["SECURITY.md", ".github/SECURITY.md", "docs/SECURITY.md", "SECURITY.rst", "SECURITY.txt", ".well-known/security.txt", "security.txt"];

/** Headings that can only be about reporting vulnerabilities. */
const DISCLOSURE_HEADING =
  /\b(?:report(?:ing)?\b.{0,30}\bvulnerabilit(?:y|ies)|security (?:polic(?:y|ies)|issues?|vulnerabilit(?:y|ies)|disclosure|reports?|reporting|contact)|vulnerability (?:report(?:ing)?|disclosure)|responsible disclosure)\b/i;
/** A bare "Security" heading may describe the product's security features; its body must speak of reporting. */
const SECURITY_HEADING = /^(?:[^\w\s]{1,4}\s*)?security$/i;
const REPORTING_WORDS = /\b(?:report\w*|disclos\w*|vulnerabilit(?:y|ies))\b/i;
/** Where to report: a link or an e-mail address (the look-behind keeps the address scan linear). */
const CONTACT = /\]\(\s*<?(?:https?:|mailto:)|https?:\/\/\S|(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+/;

/**
 * A security policy file in one of the places GitHub looks for it (case-insensitive); failing
 * that, a README or CONTRIBUTING section that says where to report vulnerabilities is partial:
 * reporters find it, but GitHub's "Report a vulnerability" flow does not.
 */
export const securityPolicy: Probe = {
  id: "security.policy",
  run({ view }) {
    const wanted = new Set(POLICY_PATHS.map((p) => p.toLowerCase()));
    const found = view.find((path) => wanted.has(path.toLowerCase()));
    if (found.length > 0) return pass(`security policy in ${found[0]}`, found.map((path) => ({ path })));
    const section = disclosureSection(view);
    if (section) return partial(`no SECURITY.md, but ${section.path} has a ${section.note} saying where to report vulnerabilities; a SECURITY.md is what GitHub shows reporters`, [section]);
    return fail("no SECURITY.md in the root, .github/ or docs/, and no README or CONTRIBUTING section on reporting vulnerabilities");
  },
};

function disclosureSection(view: RepoView): Evidence | undefined {
  const readme = projectReadme(view);
  for (const path of [...(readme ? [readme] : []), ...CONTRIBUTING.filter((p) => view.has(p))]) {
    const text = view.text(path);
    if (text === undefined) continue;
    const doc = parseDoc(text, path);
    const title = titleHeading(doc);
    for (const section of doc.sections) {
      const heading = section.heading.text;
      if (section.heading === title) continue;
      const lines = contentLines(section).map((l) => l.text);
      const aboutReporting = DISCLOSURE_HEADING.test(heading) || (SECURITY_HEADING.test(heading) && lines.some((l) => REPORTING_WORDS.test(l)));
      if (aboutReporting && lines.some((l) => CONTACT.test(l))) return { path, line: section.heading.line, note: `section "${heading}"` };
    }
    const paragraph = paragraphs(doc.lines).find((p) => SECURITY_BUG.test(p.text) && REPORT_VERB.test(p.text) && CONTACT.test(p.text));
    if (paragraph) return { path, line: paragraph.line, note: "paragraph on reporting security bugs privately" };
  }
  return undefined;
}

/** "If you have discovered a security related bug, please do not use the issue tracker. Send an email to …". */
const SECURITY_BUG = /\bsecurity[- ](?:related )?(?:bugs?|issues?|vulnerabilit(?:y|ies)|problems?|flaws?|holes?)\b/i;
const REPORT_VERB = /\b(?:report\w*|send|e-?mail|contact|disclos\w*)\b/i;

/** Runs of prose lines (code blocks and headings excluded), each with its first line. */
function paragraphs(lines: readonly DocLine[]): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let current: { text: string; line: number } | undefined;
  for (const l of lines) {
    if (l.inCode || l.text.trim() === "" || /^\s*#/.test(l.text)) {
      current = undefined;
      continue;
    }
    if (current) current.text += ` ${l.text.trim()}`;
    else {
      current = { text: l.text.trim(), line: l.line };
      out.push(current);
    }
  }
  return out;
}
