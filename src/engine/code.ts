import { type Language, languageOf } from "./paths.js";

type CommentStyle = "c" | "hash" | "ruby";

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

/**
 * Returns the source with every comment blanked out (replaced by spaces, newlines kept),
 * so offsets and line numbers stay valid and a word inside a comment can never be taken
 * for code. String literals are kept: route paths live in them. One linear pass.
 */
export function blankComments(text: string, path: string): string {
  const language = languageOf(path);
  if (!language) return text;
  const style = STYLE[language];
  const out = text.split("");
  const n = text.length;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  let i = 0;
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (style === "c" && c === "/" && next === "/") {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (style === "c" && c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end === -1 ? n : end + 2;
      blank(i, stop);
      i = stop;
    } else if (style !== "c" && c === "#") {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (style === "hash" && (c === '"' || c === "'") && text.startsWith(c.repeat(3), i)) {
      const end = text.indexOf(c.repeat(3), i + 3);
      i = end === -1 ? n : end + 3;
    } else if (c === '"' || c === "'" || (c === "`" && style === "c")) {
      i = skipString(text, i, c);
    } else {
      i++;
    }
  }
  return out.join("");
}

/** Index just past the string literal opening at `start`; single-line strings end at a newline. */
function skipString(text: string, start: number, quote: string): number {
  const multiline = quote === "`";
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") i += 2;
    else if (c === quote) return i + 1;
    else if (c === "\n" && !multiline) return i;
    else i++;
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
