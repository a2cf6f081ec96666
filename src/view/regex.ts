/** Text made literal inside a regular expression (also escapes "/" for use in pattern sources). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
