/** Text made literal inside a regular expression (also escapes "/" for use in pattern sources). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** One expression per needle list: the lists are the catalogs' constants, so this holds a fixed number of entries. */
const NEEDLE_PATTERNS = new WeakMap<readonly string[], RegExp>();

/**
 * Whether any of the needles occurs in the text. Several needles are searched with one expression
 * (`a|b|c`), a single native pass that measured two to five times faster than an `includes` per
 * needle; a single needle with `includes`.
 */
export function includesAny(text: string, needles: readonly string[]): boolean {
  if (needles.length < 2) return needles.length === 1 && text.includes(needles[0] as string);
  let pattern = NEEDLE_PATTERNS.get(needles);
  if (pattern === undefined) {
    pattern = new RegExp(needles.map(escapeRegExp).join("|"));
    NEEDLE_PATTERNS.set(needles, pattern);
  }
  return pattern.test(text);
}
