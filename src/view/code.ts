import { extension, type Language, languageOf } from "./paths.js";

type CommentStyle = "c" | "hash" | "ruby" | "config" | "xml";

const STYLE: Record<Language, CommentStyle> = {
  javascript: "c",
  typescript: "c",
  go: "c",
  java: "c",
  kotlin: "c",
  rust: "c",
  csharp: "c",
  scala: "c",
  php: "c",
  python: "hash",
  ruby: "ruby",
  elixir: "hash",
};

/** Configuration formats whose comments would otherwise count as settings (a commented-out `sentry.dsn=`). */
const CONFIG_STYLE: Record<string, CommentStyle> = {
  yml: "config",
  yaml: "config",
  toml: "config",
  ini: "config",
  cfg: "config",
  conf: "config",
  properties: "config",
  xml: "xml",
};

/** Characters at which a comment or a string literal may open, per style: the scan jumps between them. */
const OPENERS: Record<CommentStyle, RegExp> = {
  c: /[/"'`]/g,
  hash: /[#"']/g,
  ruby: /[#"']/g,
  config: /[#"']/g,
  xml: /<!--/g,
};

/**
 * Returns the source with every comment blanked out (replaced by spaces, newlines kept),
 * so offsets and line numbers stay valid and a word inside a comment can never be taken
 * for code. String literals are kept: route paths live in them. One linear pass that jumps
 * from one possible opener to the next and copies the text between them in slices. When given
 * `strings`, it receives each string literal's start and end offsets, in order.
 */
export function blankComments(text: string, path: string, strings?: number[]): string {
  const language = languageOf(path);
  const style = language ? STYLE[language] : CONFIG_STYLE[extension(path)];
  if (!style) return text;
  const openers = new RegExp(OPENERS[style]);
  // A JavaScript regular expression literal may hold quotes (/["'`]/): read as a string opener, they would hide the comments after it.
  const jsLike = language === "javascript" || language === "typescript";
  const pieces: string[] = [];
  const n = text.length;
  let copied = 0;
  let i = 0;
  const blank = (from: number, to: number) => {
    pieces.push(text.slice(copied, from), text.slice(from, to).replace(/[^\n]/g, " "));
    copied = to;
    return to;
  };
  while (i < n) {
    openers.lastIndex = i;
    const opener = openers.exec(text);
    if (!opener) break;
    i = opener.index;
    const c = text[i] as string;
    const next = text[i + 1];
    if (style === "xml") {
      const end = text.indexOf("-->", i + 4);
      i = blank(i, end === -1 ? n : end + 3);
    } else if (style === "c" && c === "/") {
      if (next === "/") i = blank(i, lineEnd(text, i));
      else if (next === "*") {
        const end = text.indexOf("*/", i + 2);
        i = blank(i, end === -1 ? n : end + 2);
      } else i = jsLike ? skipRegexLiteral(text, i) : i + 1;
    } else if (c === "#") {
      // In configuration formats a "#" inside a value (url: http://host/#anchor) does not open a comment.
      if (style === "config" && i > 0 && !/\s/.test(text[i - 1] as string)) i++;
      else i = blank(i, lineEnd(text, i));
    } else if (style === "hash" && text.startsWith(c.repeat(3), i)) {
      const end = text.indexOf(c.repeat(3), i + 3);
      i = end === -1 ? n : end + 3;
    } else {
      const start = i;
      i = skipString(text, i, c);
      strings?.push(start, i);
    }
  }
  pieces.push(text.slice(copied));
  return pieces.join("");
}

const MAX_REGEX_LITERAL = 1000;
/** Characters after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set([..."(,=:[!&|?{};+-*%<>~^"]);

/**
 * Index just past the regular expression literal at `start`, when the `/` opens one: it follows an
 * operator, a bracket, `return` or the start of a line, and closes on the same line (a `/` inside a
 * character class or escaped does not close it) within MAX_REGEX_LITERAL characters. Otherwise the
 * `/` is a division: index + 1.
 */
function skipRegexLiteral(text: string, start: number): number {
  let before = start - 1;
  while (before >= 0 && (text[before] === " " || text[before] === "\t")) before--;
  const previous = before < 0 ? "\n" : (text[before] as string);
  const opens = previous === "\n" || BEFORE_REGEX.has(previous) || /\breturn$/.test(text.slice(Math.max(0, before - 5), before + 1));
  if (!opens) return start + 1;
  let inClass = false;
  // Bounded, so a line of unclosed slashes stays linear: a regular expression literal is short.
  const limit = Math.min(text.length, start + MAX_REGEX_LITERAL);
  for (let i = start + 1; i < limit; i++) {
    const c = text[i];
    if (c === "\n") return start + 1;
    if (c === "\\") i++;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) return i + 1;
  }
  return start + 1;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end === -1 ? text.length : end;
}

/** What ends, or escapes inside, each kind of string literal: template literals span lines. */
const STRING_STOPS: Record<string, RegExp> = { '"': /["\\\n]/g, "'": /['\\\n]/g, "`": /[`\\]/g };

/** Index just past the string literal opening at `start`; single-line strings end at a newline. */
function skipString(text: string, start: number, quote: string): number {
  const stops = STRING_STOPS[quote] as RegExp;
  let i = start + 1;
  while (i < text.length) {
    stops.lastIndex = i;
    const stop = stops.exec(text);
    if (!stop) return text.length;
    const c = text[stop.index];
    if (c === "\\") i = stop.index + 2;
    else return c === quote ? stop.index + 1 : stop.index;
  }
  return i;
}

/** Offsets of the first character of each line, for offset → line lookups. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  let at = text.indexOf("\n");
  while (at !== -1) {
    starts.push(at + 1);
    at = text.indexOf("\n", at + 1);
  }
  return starts;
}

/** 1-based line number of a character offset. */
export function lineAtOffset(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The [start, end) of the string literal the offset lies inside (after its opening quote), given blankComments' sorted ranges. */
export function enclosingString(strings: readonly number[], offset: number): [number, number] | undefined {
  let lo = 0;
  let hi = strings.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = strings[2 * mid] as number;
    const end = strings[2 * mid + 1] as number;
    if (offset <= start) hi = mid - 1;
    else if (offset >= end) lo = mid + 1;
    else return [start, end];
  }
  return undefined;
}
