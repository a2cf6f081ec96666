/**
 * Plain text and word tokens from a line of Markdown. Every pattern here is linear-time
 * (bounded repeats, negated classes): documents are untrusted input.
 */

/** Lines longer than this are cut before any pattern runs; no claim needs more. */
export const MAX_LINE_LENGTH = 2000;

// Link text and targets stop at any bracket: a run of `[` or `[a](` then no longer re-scans up to 1,500 characters from every bracket.
const IMAGE = /!\[[^[\]\n]{0,500}\]\([^)[\]\n]{0,1000}\)/g;
const LINK = /\[([^[\]\n]{0,500})\]\([^)[\]\n]{0,1000}\)/g;
const REFERENCE_LINK = /\[([^[\]\n]{0,500})\]\[[^[\]\n]{0,200}\]/g;
const AUTOLINK = /<(?:https?|mailto):[^>\s]{0,1000}>/gi;
const BARE_URL = /\bhttps?:\/\/[^\s)\]|>]{1,1000}/gi;
const HTML_TAG = /<\/?[a-z][^<>\n]{0,300}>/gi;
const ENTITY = /&(nbsp|amp|lt|gt|quot|#\d{1,6});/g;
const ESCAPE = /\\([\\`*_{}[\]()#+\-.!|~<>])/g;
const EMPHASIS = /\*{1,3}|~~|(?<![\p{L}\p{N}])_{1,3}|_{1,3}(?![\p{L}\p{N}])/gu;

const ENTITIES: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
};

/** Visible text of inline Markdown: links keep their words, URLs and images go, emphasis and code marks are dropped. */
export function plainText(markdown: string): string {
  return markdown
    .slice(0, MAX_LINE_LENGTH)
    .replace(IMAGE, " ")
    .replace(LINK, "$1")
    .replace(REFERENCE_LINK, "$1")
    .replace(AUTOLINK, " ")
    .replace(BARE_URL, " ")
    .replace(HTML_TAG, " ")
    .replace(ENTITY, (_, name: string) => (name.startsWith("#") ? String.fromCodePoint(Number(name.slice(1)) || 32) : (ENTITIES[name] ?? " ")))
    .replace(ESCAPE, "$1")
    .replace(EMPHASIS, "")
    .replaceAll("`", "")
    .replace(/\s+/g, " ")
    .trim();
}

export interface Token {
  /** Lower-cased, singular form: what phrases are compared on. */
  word: string;
  /** Offsets of the original word in the text it came from. */
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Words of a text, case-folded and singularised, so "Health Checks" and "health check" compare equal. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    tokens.push({
      word: normalizeWord(match[0]),
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return tokens;
}

export function words(text: string): string[] {
  return tokenize(text).map((t) => t.word);
}

function normalizeWord(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length > 4 && lower.endsWith("ies")) return `${lower.slice(0, -3)}y`;
  if (lower.length > 3 && lower.endsWith("s") && !/(?:ss|us|is)$/.test(lower)) return lower.slice(0, -1);
  return lower;
}

/** The text with parenthesised asides removed: "Error tracking (Sentry)" → "Error tracking". */
export function withoutAsides(text: string): string {
  let depth = 0;
  let out = "";
  for (const char of text) {
    if (char === "(" || char === "[") depth++;
    else if ((char === ")" || char === "]") && depth > 0) depth--;
    else if (depth === 0) out += char;
  }
  return out;
}
