import { lineAtOffset, lineStarts } from "../view/code.js";
import { escapeRegExp } from "../view/regex.js";
import { DockerfileParser } from "dockerfile-ast";
import type { RepoView } from "../view/repo-view.js";
import { basename, dirname, extension, joinRepoPath } from "../view/paths.js";
import { parseYamlFile, type YamlDoc, type YamlNode } from "./ci-yaml.js";
import { logicalLines, type ShellLine } from "./shell.js";

/**
 * Readers for the places a CI command hands work to: Makefile targets, Justfile recipes,
 * compose services, Dockerfile commands, script files. Pure parsing, memoised per file;
 * the command analyser in commands.ts decides what the commands do.
 */

export interface Recipe {
  name: string;
  line: number;
  prerequisites: string[];
  commands: ShellLine[];
}

const MAKE_ASSIGNMENT = /^(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(\?=|:=|::=|\+=|=)\s*(.*)$/;
const MAKE_VARIABLE = /\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]/g;

/** A Makefile's rules by target name, recipe variables expanded one level from the file's own assignments. */
export function makeTargets(view: RepoView, path: string): Map<string, Recipe> {
  return view.memo(`sources:make:${path}`, () => {
    const text = view.text(path) ?? "";
    const variables = new Map<string, string>();
    const rules = new Map<string, Recipe>();
    let current: Recipe[] = [];
    let recipeLines: string[] = [];
    let recipeNumbers: number[] = [];
    const flush = () => {
      const commands = logicalLines(recipeLines.join("\n"), recipeNumbers).map((l) => ({
        text: stripRecipePrefix(l.text).replace(MAKE_VARIABLE, (whole, name: string) => variables.get(name) ?? whole),
        line: l.line,
      }));
      for (const rule of current) rule.commands.push(...commands);
      recipeLines = [];
      recipeNumbers = [];
    };
    text.split("\n").forEach((raw, index) => {
      const line = raw.replace(/\r$/, "");
      if (line.startsWith("\t")) {
        if (current.length > 0) {
          recipeLines.push(line.slice(1));
          recipeNumbers.push(index + 1);
        }
        return;
      }
      if (!line.trim() || line.trimStart().startsWith("#")) return;
      flush();
      current = [];
      const assignment = MAKE_ASSIGNMENT.exec(line);
      if (assignment && !/^[^=]*[^:=]:(?![:=])/.test(line.slice(0, line.indexOf("=")))) {
        const [, name, operator, value] = assignment as unknown as [string, string, string, string];
        const previous = variables.get(name);
        // `+=` appends to the variable (GO_TEST_FLAGS += -coverprofile=...); `?=` only sets it when unset.
        if (operator === "+=") variables.set(name, `${previous ?? ""} ${value.trim()}`.trim());
        else if (operator !== "?=" || previous === undefined) variables.set(name, value.trim());
        return;
      }
      const colon = ruleColon(line);
      if (colon === -1) return;
      const targets = line.slice(0, colon).trim().split(/\s+/);
      const rest = line.slice(colon + 1).replace(/^:/, "");
      const semicolon = rest.indexOf(";");
      const prerequisites = (semicolon === -1 ? rest : rest.slice(0, semicolon)).split(/\s+/).filter((p) => p && p !== "|");
      for (const name of targets) {
        if (!name || name.startsWith(".")) continue;
        const rule = rules.get(name) ?? { name, line: index + 1, prerequisites: [], commands: [] };
        rule.prerequisites.push(...prerequisites);
        rules.set(name, rule);
        current.push(rule);
      }
      if (semicolon !== -1) {
        recipeLines.push(rest.slice(semicolon + 1));
        recipeNumbers.push(index + 1);
      }
    });
    flush();
    return rules;
  });
}

/** Position of the colon that ends a rule's target list, or -1 for anything else (assignments, directives). */
function ruleColon(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "=") return -1;
    if (c === ":" && line[i + 1] !== "=") return i;
  }
  return -1;
}

/** Recipe lines may start with @ (silent), - (ignore errors) or + (always run). */
function stripRecipePrefix(text: string): string {
  let i = 0;
  while (i < text.length && (text[i] === "@" || text[i] === "-" || text[i] === "+" || text[i] === " ")) i++;
  return text.slice(i);
}

/** The first real target: what `make` builds when given none. */
export function defaultMakeTarget(view: RepoView, path: string): string | undefined {
  return makeTargets(view, path).keys().next().value;
}

/** A recipe's header: its name, parameters (with defaults: `test *args=''`, `build target="x"`), then its prerequisites after the colon. */
const JUST_HEADER = /^@?([A-Za-z_][A-Za-z0-9_-]*)((?:\s+[*+$]?[A-Za-z_][\w-]*(?:=(?:'[^'\n]{0,80}'|"[^"\n]{0,80}"|[^\s:'"]{1,80}))?){0,10})\s*:(?!=)(.*)$/;

/** A Justfile's recipes: a header `name args: deps` followed by indented command lines. */
export function justRecipes(view: RepoView, path: string): Map<string, Recipe> {
  return view.memo(`sources:just:${path}`, () => {
    const recipes = new Map<string, Recipe>();
    let current: Recipe | undefined;
    let body: string[] = [];
    let numbers: number[] = [];
    const flush = () => {
      if (current) current.commands.push(...logicalLines(body.join("\n"), numbers).map((l) => ({ text: stripRecipePrefix(l.text), line: l.line })));
      body = [];
      numbers = [];
    };
    (view.text(path) ?? "").split("\n").forEach((raw, index) => {
      if (/^\s/.test(raw)) {
        if (current && raw.trim()) {
          body.push(raw.trim());
          numbers.push(index + 1);
        }
        return;
      }
      flush();
      current = undefined;
      const header = JUST_HEADER.exec(raw.trimEnd());
      if (!header) return;
      const prerequisites = (header[3] as string).split(/\s+/).filter((p) => /^[A-Za-z_][\w-]*$/.test(p));
      current = { name: header[1] as string, line: index + 1, prerequisites, commands: [] };
      recipes.set(current.name, current);
    });
    flush();
    return recipes;
  });
}

const EARTHLY_TARGET = /^([a-z][\w-]*):\s*(?:#.*)?$/;
/** `DO rust+CARGO --args="test"`: lib/rust's function runs cargo with these arguments. */
const EARTHLY_CARGO = /^DO\s+\S*\+CARGO\s+--args=["']([^"']*)["']/;

/**
 * An Earthfile's targets (Earthly, a containerised build CI runs as `earthly +tests`): each RUN
 * line and lib/rust's `DO +CARGO --args=...` as commands, and the local targets it BUILDs as
 * prerequisites. Runs through Earthly's own commands (FROM, COPY, SAVE) are not shell.
 */
export function earthfileTargets(view: RepoView, path: string): Map<string, Recipe> {
  return view.memo(`sources:earthly:${path}`, () => {
    const targets = new Map<string, Recipe>();
    let current: Recipe | undefined;
    (view.text(path) ?? "").split("\n").forEach((raw, index) => {
      const header = EARTHLY_TARGET.exec(raw);
      if (header) {
        current = { name: header[1] as string, line: index + 1, prerequisites: [], commands: [] };
        targets.set(current.name, current);
        return;
      }
      if (!current || !/^\s/.test(raw)) return;
      const line = raw.trim();
      const built = /^BUILD\s+\+([\w-]+)/.exec(line)?.[1];
      if (built) current.prerequisites.push(built);
      const cargo = EARTHLY_CARGO.exec(line)?.[1];
      if (cargo !== undefined) current.commands.push({ text: `cargo ${cargo}`, line: index + 1 });
      else if (line.startsWith("RUN ")) current.commands.push({ text: line.slice(4).replace(/^--\S+\s+/g, ""), line: index + 1 });
    });
    return targets;
  });
}

export interface ComposeServiceRun {
  composePath: string;
  name: string;
  line: number;
  /** `command:` as written: a string is split like a shell line, a list is the words. */
  command?: { value: string | string[]; line: number };
  entrypoint?: { value: string | string[]; line: number };
  build?: { context: string; dockerfile: string; target?: string };
  /** Short-syntax `volumes:` entries (`./web:/app`) and `working_dir:`, to tell which folder a command run in the container sees. */
  volumes: string[];
  workingDir?: string;
}

/** The services of a compose file with what they run (command, entrypoint, build). */
export function composeServiceRuns(view: RepoView, composePath: string): Map<string, ComposeServiceRun> {
  return view.memo(`sources:compose:${composePath}`, () => {
    const out = new Map<string, ComposeServiceRun>();
    const text = view.text(composePath);
    if (text === undefined) return out;
    const parsed = parseYamlFile(text, composePath);
    if (!parsed.ok) return out;
    for (const doc of parsed.docs) {
      for (const service of doc.entries(doc.get(doc.root, "services"))) {
        const words = (node: YamlNode) => (doc.isSeq(node) ? doc.strings(node) : doc.str(node));
        const command = doc.entry(service.value, "command");
        const entrypoint = doc.entry(service.value, "entrypoint");
        const commandValue = words(command?.value);
        const entrypointValue = words(entrypoint?.value);
        out.set(service.key, {
          composePath,
          name: service.key,
          line: doc.line(service.keyNode),
          command: command && commandValue !== undefined ? { value: commandValue, line: doc.line(command.keyNode) } : undefined,
          entrypoint: entrypoint && entrypointValue !== undefined ? { value: entrypointValue, line: doc.line(entrypoint.keyNode) } : undefined,
          build: buildOf(doc, doc.get(service.value, "build"), dirname(composePath)),
          volumes: doc.isSeq(doc.get(service.value, "volumes")) ? doc.strings(doc.get(service.value, "volumes")) : [],
          workingDir: doc.str(doc.get(service.value, "working_dir")),
        });
      }
    }
    return out;
  });
}

function buildOf(doc: YamlDoc, node: YamlNode, folder: string): ComposeServiceRun["build"] {
  if (node === undefined || node === null) return undefined;
  const short = doc.str(node);
  const contextText = short ?? doc.str(doc.get(node, "context")) ?? ".";
  if (contextText.includes("$") || contextText.includes("://")) return undefined;
  const context = joinRepoPath(folder, contextText);
  const dockerfile = context === undefined ? undefined : joinRepoPath(context, doc.str(doc.get(node, "dockerfile")) ?? "Dockerfile");
  if (context === undefined || dockerfile === undefined) return undefined;
  return { context, dockerfile, target: doc.str(doc.get(node, "target")) };
}

export interface DockerInstruction {
  keyword: string;
  args: string;
  line: number;
  stage: number;
}

/** A Dockerfile's instructions with their stage index (0-based, counted by FROM). */
export function dockerInstructions(view: RepoView, path: string): DockerInstruction[] {
  return view.memo(`sources:docker:${path}`, () => {
    const text = view.text(path);
    if (text === undefined) return [];
    let stage = -1;
    return DockerfileParser.parse(text)
      .getInstructions()
      .map((instruction) => {
        const keyword = instruction.getKeyword();
        if (keyword === "FROM") stage++;
        return { keyword, args: (instruction.getArgumentsContent() ?? "").trim(), line: instruction.getRange().start.line + 1, stage };
      });
  });
}

/** The stages a build of `target` runs (all of them up to the target, or to the end). */
export function stagesUpTo(instructions: readonly DockerInstruction[], target?: string): number {
  if (target) {
    const from = instructions.find((i) => i.keyword === "FROM" && new RegExp(`\\s+as\\s+${escapeRegExp(target)}\\s*$`, "i").test(i.args));
    if (from) return from.stage;
  }
  return instructions.reduce((max, i) => Math.max(max, i.stage), 0);
}

/** A JSON exec-form argument list, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith("[")) return undefined;
  try {
    const parsed = JSON.parse(args) as unknown;
    return Array.isArray(parsed) && parsed.every((a) => typeof a === "string") ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where a path inside the image came from in the repository: follows COPY/ADD (from the build
 * context, not from other stages) and WORKDIR up to `stage`.
 */
export function imagePathToRepo(view: RepoView, instructions: readonly DockerInstruction[], stage: number, context: string, imagePath: string): string | undefined {
  let workdir = "/";
  const absolute = (p: string) => (p.startsWith("/") ? normalise(p) : normalise(`${workdir}/${p}`));
  const wanted = absolute(imagePath);
  let found: string | undefined;
  for (const instruction of instructions) {
    if (instruction.stage > stage) break;
    if (instruction.keyword === "FROM") workdir = "/";
    if (instruction.keyword === "WORKDIR") workdir = absolute(instruction.args);
    if ((instruction.keyword !== "COPY" && instruction.keyword !== "ADD") || instruction.stage !== stage) continue;
    const words = execForm(instruction.args) ?? instruction.args.split(/\s+/);
    if (words.some((w) => w.startsWith("--from"))) continue;
    const operands = words.filter((w) => !w.startsWith("--"));
    if (operands.length < 2) continue;
    const destination = absolute(operands[operands.length - 1] as string);
    for (const source of operands.slice(0, -1)) {
      const candidate = copiedFrom(source, destination, wanted, operands.length > 2 || (operands[operands.length - 1] as string).endsWith("/"));
      const repoPath = candidate === undefined ? undefined : joinRepoPath(context, candidate);
      if (repoPath !== undefined && view.has(repoPath)) found = repoPath;
    }
  }
  return found;
}

function copiedFrom(source: string, destination: string, wanted: string, intoFolder: boolean): string | undefined {
  if (wanted === destination) return source;
  if (intoFolder && wanted === normalise(`${destination}/${basename(source)}`)) return source;
  const below = destination === "/" ? wanted.slice(1) : wanted.startsWith(`${destination}/`) ? wanted.slice(destination.length + 1) : undefined;
  return below === undefined ? undefined : `${source}/${below}`;
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}


/** Whether a script file is shell (by shebang or extension), so its lines can be read as commands. */
export function isShellScript(view: RepoView, path: string): boolean {
  const ext = extension(path);
  // PowerShell build scripts run one command a line too: dotnet test, & ./tools/lint.ps1.
  if (ext === "sh" || ext === "bash" || ext === "zsh" || ext === "ps1") return true;
  if (ext !== "") return false;
  const firstLine = (view.text(path) ?? "").split("\n", 1)[0] ?? "";
  return /^#!.*\b(?:ba|z|da|k)?sh\b/.test(firstLine);
}

/** A Ruby or Python script by its extension or shebang: it runs commands through exec/system calls, not line by line. */
export function isInterpretedScript(view: RepoView, path: string): boolean {
  const ext = extension(path);
  if (ext === "rb" || ext === "py") return true;
  if (ext !== "") return false;
  return /^#!.*\b(?:ruby|python[0-9.]*)\b/.test((view.text(path) ?? "").split("\n", 1)[0] ?? "");
}

/** `exec "bundle exec rails test #{files}"`, `system("npm test")`, `os.system("pytest")`: the command lines a script hands to a shell. */
const SHELLED_COMMAND = /\b(?:exec|system|sh|spawn|os\.system|subprocess\.(?:run|call|check_call|check_output))\s*\(?\s*(["'])((?:(?!\1)[^\n\\]){1,400})\1/g;

/** The shell command lines in an interpreted script, with their line numbers; interpolations (`#{x}`, `{x}`) are dropped. */
export function shelledCommands(text: string): { text: string; line: number }[] {
  const starts = lineStarts(text);
  return [...text.matchAll(SHELLED_COMMAND)].map((match) => ({
    text: (match[2] as string).replace(/#\{[^}]*\}|\{[^}]*\}/g, "").trim(),
    line: lineAtOffset(starts, match.index),
  }));
}

export interface NpsTask {
  path: string;
  line: number;
  /** Command strings the task runs (`nps other.task` included), in order. */
  commands: string[];
  /** Helper calls in the task, e.g. `tslint(...)`: their names often say which tool runs. */
  calls: string[];
}

const NPS_FILES = ["package-scripts.js", "package-scripts.cjs", "package-scripts.mjs"];

/**
 * A task of an nps `package-scripts.js` by its dotted name (`test.unit`): the strings and helper
 * calls of its value, read from the object literal (a nested object runs its `default` or `script`).
 */
export function npsTask(view: RepoView, folder: string, name: string): NpsTask | undefined {
  const path = NPS_FILES.map((n) => joinRepoPath(folder, n)).find((p) => p !== undefined && view.text(p) !== undefined);
  const text = path ? view.code(path) : undefined;
  if (!path || text === undefined) return undefined;
  const scripts = /\bscripts\s*:\s*\{/.exec(text);
  let at = scripts ? scripts.index + scripts[0].length - 1 : -1;
  for (const key of name === "" ? ["default"] : name.split(".")) {
    if (at === -1 || text[at] !== "{") return undefined;
    at = memberValue(text, at, key);
  }
  if (at !== -1 && text[at] === "{") at = [memberValue(text, at, "default"), memberValue(text, at, "script")].find((v) => v !== -1) ?? at;
  if (at === -1) return undefined;
  const value = text.slice(at, valueEnd(text, at));
  const commands = [...value.matchAll(/'([^'\n]{1,400})'|"([^"\n]{1,400})"|`([^`]{1,400})`/g)].map((m) => (m[1] ?? m[2] ?? m[3]) as string);
  const calls = [...value.matchAll(/\b([A-Za-z_][\w]{0,40})\s*\(/g)].map((m) => m[1] as string);
  return { path, line: view.lineAt(path, at), commands, calls };
}

/** Index where the value of `key` starts in the object literal opening at `open`, or -1. */
function memberValue(text: string, open: number, key: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'" || c === '"' || c === "`") {
      const quoted = skipQuoted(text, i);
      if (depth === 1 && text.slice(i + 1, quoted - 1) === key && /^\s*:/.test(text.slice(quoted, quoted + 20))) return valueStart(text, text.indexOf(":", quoted) + 1);
      i = quoted - 1;
    } else if (c === "{" || c === "[" || c === "(") depth++;
    else if (c === "}" || c === "]" || c === ")") {
      if (--depth === 0) return -1;
    } else if (depth === 1 && text.startsWith(key, i) && !/[\w$]/.test(text[i - 1] ?? "") && /^\s*:/.test(text.slice(i + key.length, i + key.length + 20))) {
      return valueStart(text, text.indexOf(":", i + key.length) + 1);
    }
  }
  return -1;
}

function valueStart(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}

/** Index just past a value: the comma or closing bracket that ends it at its own depth. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'" || c === '"' || c === "`") i = skipQuoted(text, i) - 1;
    else if (c === "{" || c === "[" || c === "(") depth++;
    else if (c === "}" || c === "]" || c === ")") {
      if (depth === 0) return i;
      depth--;
      if (depth === 0 && i > start && (text[start] === "{" || text[start] === "[")) return i + 1;
    } else if (c === "," && depth === 0) return i;
  }
  return text.length;
}

function skipQuoted(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === quote) return i + 1;
  }
  return text.length;
}
