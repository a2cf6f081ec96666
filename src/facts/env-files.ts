import { basename, extension, languageOf } from "../view/paths.js";

/**
 * What a dotenv-style file is for: an `example` documents variables with placeholder values,
 * a `test` file configures the test suite, a `live` file is somebody's real configuration.
 */
export type EnvFileRole = "example" | "test" | "live";

const EXAMPLE_WORDS = new Set(["example", "examples", "sample", "samples", "template", "templates", "tpl", "dist", "default", "defaults"]);
const TEST_WORDS = new Set(["test", "tests", "testing", "ci", "e2e", "spec"]);
/** Extensions that make an "env"-named file code or structured config rather than a dotenv file. */
const NOT_DOTENV = new Set(["json", "yml", "yaml", "toml", "xml", "md", "mdx", "txt", "d", "lock", "sh", "ps1", "bat"]);

/** Words of a file name split at dots, dashes and underscores, lower-cased. */
export function nameWords(name: string): string[] {
  return name.toLowerCase().split(/[._-]+/).filter(Boolean);
}

export function hasExampleWord(name: string): boolean {
  return nameWords(name).some((w) => EXAMPLE_WORDS.has(w));
}

/**
 * The role of a dotenv-style file, or undefined for other files. Dotenv files are `.env` and
 * `.env.<stage>`, `<name>.env`, and example copies such as `env.example` or `env-example-relational`.
 */
export function envFileRole(path: string): EnvFileRole | undefined {
  const name = basename(path).toLowerCase();
  // Every dotenv name below has "env" in it: most files are settled here, before any splitting.
  if (!name.includes("env")) return undefined;
  const words = nameWords(name);
  const code = languageOf(path) !== undefined || name.endsWith(".d.ts") || NOT_DOTENV.has(extension(path));
  const dotenv =
    name === ".env" ||
    name.endsWith(".env") ||
    (name.startsWith(".env.") && !code) ||
    (/(?:^|[._-])env[._-]/.test(name) && !code && words.some((w) => EXAMPLE_WORDS.has(w)));
  if (!dotenv) return undefined;
  if (words.some((w) => EXAMPLE_WORDS.has(w))) return "example";
  if (words.some((w) => TEST_WORDS.has(w))) return "test";
  return "live";
}

export interface EnvAssignment {
  name: string;
  /** The value as written, surrounding quotes removed. */
  value: string;
  /** 1-based. */
  line: number;
  commentedOut: boolean;
}

const ASSIGNMENT = /^\s*(#\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]{0,127})\s*=[ \t]*(.{0,4096})$/;

/** `NAME=value` lines of a dotenv file, including commented-out ones (flagged as such). */
export function envAssignments(text: string): EnvAssignment[] {
  const out: EnvAssignment[] = [];
  text.split("\n").forEach((raw, index) => {
    const match = ASSIGNMENT.exec(raw.replace(/\r$/, ""));
    if (!match) return;
    out.push({ name: match[2] as string, value: unquote((match[3] as string).trim()), line: index + 1, commentedOut: match[1] !== undefined });
  });
  return out;
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2) {
    const end = value.indexOf(quote, 1);
    return end === -1 ? value.slice(1) : value.slice(1, end);
  }
  const comment = value.search(/\s#/);
  return comment === -1 ? value : value.slice(0, comment).trim();
}
