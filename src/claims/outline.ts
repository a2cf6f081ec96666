import { MAX_LINE_LENGTH } from "./text.js";

/**
 * The block structure of a Markdown document, line by line: headings, list items (with their
 * checkbox), table rows (with their cells and the table's header) and paragraph lines. Lines in
 * code fences, HTML comments and front matter are left out: they are not claims.
 */
export type Block =
  | { kind: "heading"; line: number; level: number; text: string }
  | {
      kind: "list";
      line: number;
      indent: number;
      text: string;
      checkbox?: "checked" | "unchecked";
    }
  | { kind: "row"; line: number; cells: string[]; header?: string[] }
  | { kind: "paragraph"; line: number; text: string }
  | { kind: "blank"; line: number };

export function outline(text: string): Block[] {
  const lines = text.split(/\r?\n/);
  const blocks: Block[] = [];
  let fence: { char: string; length: number } | undefined;
  let inComment = false;
  let header: string[] | undefined;
  for (let index = frontMatterEnd(lines); index < lines.length; index++) {
    const raw = (lines[index] as string).slice(0, MAX_LINE_LENGTH);
    const line = index + 1;
    const { body, indent } = unquote(raw);

    const fenceMark = fenceOpening(body);
    if (fence) {
      if (fenceMark && fenceMark.char === fence.char && fenceMark.length >= fence.length && fenceMark.rest.trim() === "") fence = undefined;
      continue;
    }
    if (fenceMark) {
      fence = { char: fenceMark.char, length: fenceMark.length };
      continue;
    }
    if (inComment) {
      if (body.includes("-->")) inComment = false;
      continue;
    }
    if (body.startsWith("<!--")) {
      if (!body.includes("-->")) inComment = true;
      continue;
    }

    const trimmed = body.trim();
    if (trimmed === "") {
      blocks.push({ kind: "blank", line });
      header = undefined;
      continue;
    }
    if (isTableSeparator(trimmed)) {
      const previous = blocks[blocks.length - 1];
      if (previous?.kind === "row") {
        blocks.pop();
        header = previous.cells;
      }
      continue;
    }
    const setext = setextLevel(trimmed);
    if (setext) {
      const previous = blocks[blocks.length - 1];
      if (previous?.kind === "paragraph")
        blocks[blocks.length - 1] = {
          kind: "heading",
          line: previous.line,
          level: setext,
          text: previous.text,
        };
      continue;
    }
    if (isThematicBreak(trimmed)) {
      blocks.push({ kind: "blank", line });
      continue;
    }
    const heading = atxHeading(trimmed);
    if (heading && indent < 4) {
      blocks.push({ kind: "heading", line, ...heading });
      header = undefined;
      continue;
    }
    if (isTableRow(trimmed, header !== undefined, lines[index + 1])) {
      blocks.push({
        kind: "row",
        line,
        cells: splitCells(trimmed),
        ...(header ? { header } : {}),
      });
      continue;
    }
    header = undefined;
    const item = listItem(trimmed);
    if (item) {
      blocks.push({ kind: "list", line, indent, ...item });
      continue;
    }
    blocks.push({ kind: "paragraph", line, text: trimmed });
  }
  return blocks;
}

/** Leading blockquote markers and indentation: a table quoted or nested in a list is still a table. */
function unquote(raw: string): { body: string; indent: number } {
  let i = 0;
  let quoted = false;
  while (i < raw.length) {
    const c = raw[i];
    if (c === " " || c === "\t") i++;
    else if (c === ">") {
      i++;
      quoted = true;
    } else break;
  }
  if (!quoted) {
    const body = raw.trimStart();
    return { body, indent: raw.length - body.length };
  }
  return { body: raw.slice(i), indent: 0 };
}

function fenceOpening(body: string): { char: string; length: number; rest: string } | undefined {
  const char = body[0];
  if (char !== "`" && char !== "~") return undefined;
  let length = 0;
  while (body[length] === char) length++;
  if (length < 3) return undefined;
  return { char, length, rest: body.slice(length) };
}

function frontMatterEnd(lines: readonly string[]): number {
  if (lines[0]?.trim() !== "---") return 0;
  for (let i = 1; i < Math.min(lines.length, 60); i++) if (lines[i]?.trim() === "---") return i + 1;
  return 0;
}

function isTableSeparator(trimmed: string): boolean {
  if (!trimmed.includes("-") || !trimmed.includes("|")) return false;
  for (const c of trimmed) if (c !== "|" && c !== "-" && c !== ":" && c !== " " && c !== "\t") return false;
  return true;
}

function setextLevel(trimmed: string): number | undefined {
  if (/^=+$/.test(trimmed)) return 1;
  if (/^-+$/.test(trimmed) && trimmed.length >= 2) return 2;
  return undefined;
}

function isThematicBreak(trimmed: string): boolean {
  const compact = trimmed.replaceAll(" ", "");
  return compact.length >= 3 && (/^\*+$/.test(compact) || /^-+$/.test(compact) || /^_+$/.test(compact));
}

function atxHeading(trimmed: string): { level: number; text: string } | undefined {
  let level = 0;
  while (trimmed[level] === "#") level++;
  if (level === 0 || level > 6) return undefined;
  const rest = trimmed.slice(level);
  if (rest !== "" && rest[0] !== " " && rest[0] !== "\t") return undefined;
  let end = rest.length;
  while (end > 0 && rest[end - 1] === "#") end--;
  return { level, text: rest.slice(0, end).trim() };
}

/** A row of a table: inside a table, or a line starting with a pipe, or a header line above a separator. */
function isTableRow(trimmed: string, inTable: boolean, next: string | undefined): boolean {
  if (!trimmed.includes("|")) return false;
  if (inTable || (trimmed.startsWith("|") && trimmed.indexOf("|", 1) !== -1)) return true;
  return next !== undefined && isTableSeparator(unquote(next).body.trim());
}

/** Cells split on unescaped pipes outside code spans; the outer pipes do not make empty cells. */
function splitCells(row: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let inCode = false;
  for (let i = 0; i < row.length; i++) {
    const c = row[i] as string;
    if (c === "\\" && row[i + 1] === "|") {
      cell += "|";
      i++;
    } else if (c === "`") {
      inCode = !inCode;
      cell += c;
    } else if (c === "|" && !inCode) {
      cells.push(cell.trim());
      cell = "";
    } else cell += c;
  }
  cells.push(cell.trim());
  if (row.startsWith("|")) cells.shift();
  if (row.endsWith("|") && !row.endsWith("\\|")) cells.pop();
  return cells;
}

const LIST_MARKER = /^(?:[-*+•]|\d{1,9}[.)])(?:[ \t]+|$)/;
const CHECKBOX = /^\[([ xX✓✔])\](?:[ \t]+|$)/;

function listItem(trimmed: string): { text: string; checkbox?: "checked" | "unchecked" } | undefined {
  const marker = LIST_MARKER.exec(trimmed);
  if (!marker && !CHECKBOX.test(trimmed)) return undefined;
  const content = marker ? trimmed.slice(marker[0].length) : trimmed;
  const box = CHECKBOX.exec(content);
  if (!box) return { text: content };
  return {
    text: content.slice(box[0].length),
    checkbox: box[1] === " " ? "unchecked" : "checked",
  };
}
