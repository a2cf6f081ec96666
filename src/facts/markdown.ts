import { dirname, extension, joinRepoPath } from "../view/paths.js";

/** One line of a document, with whether it sits inside a fenced or indented code block. */
export interface DocLine {
  text: string;
  /** 1-based. */
  line: number;
  inCode: boolean;
}

export interface DocHeading {
  text: string;
  /** 1 for a title, larger for nested headings. */
  level: number;
  /** 1-based line of the heading text. */
  line: number;
}

/** A heading and every line up to the next heading of the same or a higher level. */
export interface DocSection {
  heading: DocHeading;
  /** The section's lines after its heading, nested sub-sections included. */
  body: DocLine[];
}

export interface ParsedDoc {
  lines: DocLine[];
  headings: DocHeading[];
  sections: DocSection[];
}

/** Lines longer than this are documentation noise (inline SVG, data URLs): truncated before any matching. */
const MAX_LINE_CHARS = 2000;

const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.{1,300})$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const RST_UNDERLINE = /^([=\-~^*#+"'`])\1{2,}\s*$/;

/**
 * Splits Markdown (or reStructuredText) into lines, headings and sections, with code blocks
 * marked so that a "# comment" in a shell snippet is never taken for a heading.
 */
export function parseDoc(text: string, path: string): ParsedDoc {
  const raw = text.split("\n");
  const rst = extension(path) === "rst";
  const lines: DocLine[] = [];
  const headings: DocHeading[] = [];
  const rstLevels: string[] = [];
  let fence: string | undefined;
  const frontMatterEnd = raw[0]?.trim() === "---" ? raw.findIndex((l, i) => i > 0 && l.trim() === "---") : -1;
  raw.forEach((full, index) => {
    const text = full.length > MAX_LINE_CHARS ? full.slice(0, MAX_LINE_CHARS) : full.replace(/\r$/, "");
    if (index <= frontMatterEnd) {
      lines.push({ text, line: index + 1, inCode: true });
      return;
    }
    const fenceMatch = FENCE.exec(text);
    if (fence !== undefined) {
      if (fenceMatch && (fenceMatch[1] as string)[0] === fence[0] && (fenceMatch[1] as string).length >= fence.length) fence = undefined;
      lines.push({ text, line: index + 1, inCode: true });
      return;
    }
    if (fenceMatch) {
      fence = fenceMatch[1] as string;
      lines.push({ text, line: index + 1, inCode: true });
      return;
    }
    const indentedCode = /^(?: {4}|\t)\S/.test(text) && (rst || lines.at(-1)?.inCode === true || (lines.at(-1)?.text.trim() ?? "") === "");
    lines.push({ text, line: index + 1, inCode: indentedCode });
    if (indentedCode) return;
    const atx = ATX_HEADING.exec(text);
    if (atx) {
      headings.push({ text: cleanHeading(atx[2] as string), level: (atx[1] as string).length, line: index + 1 });
      return;
    }
    const previous = raw[index - 1]?.trim();
    const underline = RST_UNDERLINE.exec(text.trim());
    if (underline && previous && !lines[index - 1]?.inCode && !RST_UNDERLINE.test(previous) && previous.length <= text.trim().length + 2) {
      const marker = underline[1] as string;
      if (!rst && marker !== "=" && marker !== "-") return;
      if (!rstLevels.includes(marker)) rstLevels.push(marker);
      const level = rst ? rstLevels.indexOf(marker) + 1 : marker === "=" ? 1 : 2;
      headings.push({ text: cleanHeading(previous), level, line: index });
    }
  });
  const sections = headings.map((heading, i) => {
    const next = headings.slice(i + 1).find((h) => h.level <= heading.level);
    const end = next ? next.line - 1 : lines.length;
    const start = heading.line + (isUnderlined(raw, heading.line) ? 1 : 0);
    return { heading, body: lines.slice(start, end) };
  });
  return { lines, headings, sections };
}

function isUnderlined(raw: string[], headingLine: number): boolean {
  return RST_UNDERLINE.test((raw[headingLine] ?? "").trim());
}

/**
 * The line without its closed `<!-- … -->` comments, as `/<!--.*?-->/g` would remove them, found by
 * `indexOf`: the lazy expression re-scanned the rest of the line from every unclosed `<!--` (quadratic).
 */
function withoutComments(line: string): string {
  let out = "";
  let from = 0;
  for (let open = line.indexOf("<!--"); open >= 0; open = line.indexOf("<!--", from)) {
    const close = line.indexOf("-->", open + 4);
    if (close < 0) break;
    out += line.slice(from, open);
    from = close + 3;
  }
  return out + line.slice(from);
}

/** Heading text without emphasis, emoji-ish decorations, trailing hashes or anchors. */
function cleanHeading(text: string): string {
  return text
    .split(/(\r\n|[\n\r\u2028\u2029])/)
    .map(withoutComments)
    .join("")
    .replace(/[ \t]#+[ \t]*$/, "")
    .replace(/[*_`]/g, "")
    .trim();
}

/** Lines of a section that say something: not blank, not a heading, not an HTML comment. */
export function contentLines(section: DocSection): DocLine[] {
  return section.body.filter((l) => l.text.trim() !== "" && !ATX_HEADING.test(l.text) && !/^\s*<!--/.test(l.text));
}

/** Targets of Markdown links `[text](target)`, with the line each appears on. */
export function docLinks(doc: ParsedDoc): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  for (const l of doc.lines) {
    if (l.inCode) continue;
    for (const match of l.text.matchAll(/\]\(\s*<?([^)\s>]{1,500})/g)) out.push({ target: match[1] as string, line: l.line });
  }
  return out;
}

/** The repository path a relative or root-relative link points to; undefined for URLs and anchors. */
export function resolveRepoLink(fromPath: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#") || target.startsWith("//")) return undefined;
  const bare = safeDecode(target.replace(/[#?].*$/, ""));
  if (!bare) return undefined;
  return bare.startsWith("/") ? joinRepoPath("", bare.slice(1)) : joinRepoPath(dirname(fromPath), bare);
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURI(text);
  } catch {
    return undefined;
  }
}

const DOC_EXTENSIONS = new Set(["md", "mdx", "markdown", "rst", "txt", "adoc"]);

export function isDocPath(path: string): boolean {
  return isDocExtension(extension(path));
}

/** isDocPath for an extension already taken (a path table row's). */
export function isDocExtension(extension: string): boolean {
  return DOC_EXTENSIONS.has(extension);
}

/**
 * A sentence that tells the reader to do something: it starts with a verb in the imperative ("Run the
 * image behind nginx", "Deploy the API to Railway", "Open the app and sign in"). Descriptions ("The app
 * is deployed on Vercel", "Requires Node 20") do not instruct.
 */
export const IMPERATIVE_SENTENCE =
  /(?:^|[.!:;]\s+)\W{0,4}(?:(?:first|then|next|now|simply|just),?\s+)?(?:install|run|open|start|clone|download|deploy|build|configure|copy|set|create|go to|visit|use|navigate|execute|launch|add|edit|point|put|follow|upload|push|provision|serve|register|enable|log ?in|sign ?in)\b/i;

