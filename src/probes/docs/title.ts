import type { DocHeading, ParsedDoc } from "../../facts/markdown.js";

/** Lines that decorate a document's top without saying anything: HTML (logos), badges, images, reST directives. */
const DECORATION = /^\s*(?:<|\[!\[|!\[|\.\. |:\w+:)/;

/**
 * The document's title: its first heading when that is level 1 and only decoration comes before it.
 * A title heads the whole document, so it says nothing about any one section; a level-1 heading
 * after prose ("# Installation" below the project's blurb) is a section like any other.
 */
export function titleHeading(doc: ParsedDoc): DocHeading | undefined {
  const first = doc.headings[0];
  if (first?.level !== 1) return undefined;
  const before = doc.lines.slice(0, first.line - 1);
  return before.some((l) => !l.inCode && l.text.trim() !== "" && !DECORATION.test(l.text)) ? undefined : first;
}
