/**
 * Just enough shell to read CI scripts: logical lines (continuations joined, comments and
 * heredoc bodies dropped) and the simple commands on each line as word lists. Every pass
 * is a single linear scan; nothing is ever executed.
 */

export interface ShellLine {
  text: string;
  /** 1-based line in the source file where the logical line starts. */
  line: number;
}

const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;

/**
 * The logical lines of a script. `lineNumbers[i]` is the source line of the i-th text line
 * (defaults to i + 1), so a `run: |` block can report lines of the workflow file.
 */
export function logicalLines(text: string, lineNumbers?: readonly number[]): ShellLine[] {
  const raw = text.split("\n");
  const out: ShellLine[] = [];
  let pending: ShellLine | undefined;
  let heredocEnd: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const line = (raw[i] as string).replace(/\r$/, "");
    const lineNo = lineNumbers?.[i] ?? i + 1;
    if (heredocEnd !== undefined) {
      if (line.trim() === heredocEnd) heredocEnd = undefined;
      continue;
    }
    const continued = line.endsWith("\\") && !line.endsWith("\\\\");
    const body = continued ? line.slice(0, -1) : line;
    if (pending) pending.text = `${pending.text.trimEnd()} ${body.trim()}`;
    else pending = { text: body, line: lineNo };
    if (continued) continue;
    const heredoc = HEREDOC.exec(pending.text);
    if (heredoc) heredocEnd = heredoc[2];
    const trimmed = pending.text.trim();
    if (trimmed && !trimmed.startsWith("#")) out.push({ text: trimmed, line: pending.line });
    pending = undefined;
  }
  if (pending?.text.trim()) out.push({ text: pending.text.trim(), line: pending.line });
  return out;
}

/** Words that only steer control flow: the command is what follows them. */
const LEADING_KEYWORDS = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time", "exec", "command", "builtin", "nohup"]);
const CLOSING_KEYWORDS = new Set(["fi", "done", "esac", "}", "then", "else", "do"]);

/**
 * The simple commands of one logical line, each as its words with quotes removed. Operators
 * (&&, ||, ;, |, &, parentheses) separate commands; a word starting with # starts a comment.
 * Leading variable assignments and control keywords are dropped; `for`/`case` headers are skipped.
 */
export function simpleCommands(line: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = "";
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    const command = trimCommand(words);
    if (command.length > 0) commands.push(command);
    words = [];
  };
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      const stop = end === -1 ? n : end;
      word += line.slice(i + 1, stop);
      inWord = true;
      i = stop + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < n && line[j] !== '"') {
        if (line[j] === "\\" && j + 1 < n) {
          word += line[j + 1];
          j += 2;
        } else {
          word += line[j];
          j++;
        }
      }
      inWord = true;
      i = j + 1;
    } else if (c === "\\" && i + 1 < n) {
      word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (c === "$" && (line[i + 1] === "(" || line[i + 1] === "{")) {
      const stop = matchingClose(line, i + 1);
      word += line.slice(i, stop);
      inWord = true;
      i = stop;
    } else if (c === "`") {
      const end = line.indexOf("`", i + 1);
      const stop = end === -1 ? n : end + 1;
      word += line.slice(i, stop);
      inWord = true;
      i = stop;
    } else if (c === "#" && !inWord) {
      break;
    } else if (c === " " || c === "\t") {
      endWord();
      i++;
    } else if (c === ";" || c === "&" || c === "|" || c === "(" || c === ")") {
      if (c === "&" && (line[i + 1] === ">" || line[i - 1] === ">" || line[i - 1] === "<")) {
        word += c;
        i++;
        continue;
      }
      endCommand();
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  endCommand();
  return commands;
}

/** Index just past the bracket that closes the one at `open` (or the end of the line). */
function matchingClose(line: string, open: number): number {
  const opening = line[open];
  const closing = opening === "(" ? ")" : "}";
  let depth = 0;
  for (let j = open; j < line.length; j++) {
    if (line[j] === opening) depth++;
    else if (line[j] === closing && --depth === 0) return j + 1;
  }
  return line.length;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const REDIRECT = /^(?:[0-9]*|&)[<>]/;

function trimCommand(words: string[]): string[] {
  let start = 0;
  while (start < words.length) {
    const w = words[start] as string;
    if (LEADING_KEYWORDS.has(w) || ASSIGNMENT.test(w)) start++;
    else break;
  }
  const first = words[start];
  if (first === undefined || first === "for" || first === "case" || first === "select" || first === "[" || first === "[[") return [];
  const out: string[] = [];
  for (let k = start; k < words.length; k++) {
    const w = words[k] as string;
    if (REDIRECT.test(w)) {
      if (/^(?:[0-9]*|&)[<>]+&?$/.test(w)) k++;
      continue;
    }
    out.push(w);
  }
  while (out.length > 0 && CLOSING_KEYWORDS.has(out[out.length - 1] as string)) out.pop();
  if (out.length === 1 && CLOSING_KEYWORDS.has(out[0] as string)) return [];
  return out;
}
