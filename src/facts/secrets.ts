import type { RepoView } from "../view/repo-view.js";
import { basename, CI_DIRS, dirname, isNonProjectPath, isTestPath } from "../view/paths.js";
import { envAssignments, envFileRole, nameWords } from "./env-files.js";
import { isDocExtension } from "./markdown.js";
import { hardCodedSigningKeys } from "./signing-keys.js";
import { rustUnitTestsStart } from "./test-files.js";

/**
 * Credentials committed to the repository. A finding names the kind of secret and where it
 * is; it never carries the secret's value, so reports can be shared and logged safely.
 */
export interface SecretFinding {
  path: string;
  line: number;
  /** e.g. "AWS access key ID", "RSA private key", "value of JWT_SECRET". */
  kind: string;
  /** A private key or secret value in a test, fixture or example file, or a test environment file: test material, not a leak. */
  testMaterial: boolean;
}

export interface SecretScan {
  findings: SecretFinding[];
  /** Text files whose contents were scanned. */
  scannedFiles: number;
}

/** Lines are scanned up to this many characters: minified bundles and data blobs stay cheap. */
const MAX_LINE_CHARS = 4096;

interface TokenPattern {
  kind: string;
  pattern: RegExp;
  /** Characters of the match that carry the randomness (after the fixed prefix). */
  prefixLength: (match: string) => number;
}

/** Provider tokens with a recognisable fixed prefix. Every repeat is bounded, so matching is linear. */
const TOKEN_PATTERNS: TokenPattern[] = [
  { kind: "AWS access key ID", pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, prefixLength: () => 4 },
  { kind: "GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,251}\b/g, prefixLength: () => 4 },
  { kind: "GitHub fine-grained token", pattern: /\bgithub_pat_[A-Za-z0-9_]{50,251}\b/g, prefixLength: () => 11 },
  { kind: "Slack token", pattern: /\bxox[baprs]-[0-9]{6,20}-[A-Za-z0-9-]{8,200}/g, prefixLength: () => 5 },
  { kind: "Slack webhook URL", pattern: /hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{20,40}/g, prefixLength: (m) => m.lastIndexOf("/") + 1 },
  { kind: "Stripe live secret key", pattern: /\b[sr]k_live_[A-Za-z0-9]{20,247}\b/g, prefixLength: () => 8 },
  { kind: "Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, prefixLength: () => 4 },
];

/** What follows the key ID in a SigV4 credential scope: /20130524/us-east-1/s3/aws4_request, URL-encoded or not. */
const CREDENTIAL_SCOPE = /^(?:\/|%2F)\d{8}(?:\/|%2F)[\w-]{1,30}(?:\/|%2F)[\w-]{1,30}(?:\/|%2F)aws4_request/i;

/** Cheap first pass: only files containing one of these are scanned line by line for tokens. */
const TOKEN_HINT = /-----BEGIN|AKIA|ASIA|gh[pousr]_|github_pat_|xox[baprs]-|[sr]k_live_|AIza|hooks\.slack\.com/;

const PRIVATE_KEY_HEADER = /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/;
/** A key body: a long base64 run once line breaks, escapes and quotes are removed. */
const KEY_BODY = /[A-Za-z0-9+/]{64}/;

/** Variable names whose values are credentials. */
const SECRET_NAME = /secret|token|passw|pwd|api_?key|access_?key|private_?key|auth_?key|signing_?key|encryption_?key|master_?key|app_?key|credential|salt|pepper|(?:^|_)key$/i;
/** Names that say the value is not the credential itself. */
const NOT_SECRET_NAME = /public|publishable|_id$|_url$|_uri$|_path$|_file$|_dir$|_name$|_len|_length|_ttl|_expir|_lifetime|_type$|_algo|_header|_field$|_prefix|_enabled$|_required$/i;

/** Words that mark a value as a placeholder someone is meant to replace. */
const PLACEHOLDER_WORD =
  /change|replace|your|example|sample|placeholder|dummy|fake|test|secret|password|passwd|todo|fixme|xxx|generate|insert|here|default|local|demo|mock|foo|bar|redacted|none|null|empty/i;

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A value someone is meant to replace: empty, a template marker, or a word like "changeme" or "your-key-here". */
export function isPlaceholderValue(value: string): boolean {
  return value === "" || /^(?:<.*>|\$\{.*\}|\{\{.*\}\}|x+|\*+|\.\.\.)$/i.test(value) || PLACEHOLDER_WORD.test(value);
}

/** Whether a value looks machine-generated (a key, a hash, a token) rather than a word, a template or a placeholder. */
export function looksRandom(value: string): boolean {
  if (value.length < 16 || value.length > 1024 || /\s/.test(value)) return false;
  if (/^[<{[$%]|[>}\]]$|\$\{|\{\{|:\/\//.test(value)) return false;
  if (PLACEHOLDER_WORD.test(value) || /(.)\1{5}/.test(value) || hasCountingRun(value)) return false;
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  // Words are written in one case or capitalised ("changeme", "SECRET", "MaxVerstappen"); base64 keys mix cases at random.
  const wordy = (value.match(/[A-Z]?[a-z]{3,}|[A-Z]{4,}/g) ?? []).reduce((n, w) => n + w.length, 0);
  if (wordy > value.length / 2) return false;
  return entropy(value) >= 3.2 && !encodesText(value);
}

/** Base64 of a sentence ("This is a super secret dev secret!"): someone encoded words, no generator made the key. */
function encodesText(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  const decoded = Buffer.from(value, "base64").toString("latin1");
  return / [A-Za-z]/.test(decoded) && [...decoded].every((c) => c >= " " && c <= "~");
}

/** Six characters counting up ("123456", "abcdef") are typed; a generator makes such a run about once in a million. */
const MIN_COUNTING_RUN = 6;

/** "0123456789abcdef", "abcdefghij", "a1b2c3d4e5f6g7h8", "myAppId:public:123456": someone typed the alphabet, no generator made it. */
function hasCountingRun(value: string): boolean {
  const lower = value.toLowerCase();
  return [lower, lower.replace(/[^a-z]/g, ""), lower.replace(/[^0-9]/g, "")].some(countsUp);
}

function countsUp(lower: string): boolean {
  let run = 1;
  for (let i = 1; i < lower.length; i++) {
    run = lower.charCodeAt(i) === lower.charCodeAt(i - 1) + 1 || (lower[i - 1] === "9" && lower[i] === "a") ? run + 1 : 1;
    if (run >= MIN_COUNTING_RUN) return true;
  }
  return false;
}

/** A token the author made up for docs or tests: an EXAMPLE marker, long repeats, or too little randomness. */
function looksFake(randomPart: string): boolean {
  return /example|sample|dummy|fake|test|x{4}|0{6}|1234|abcd/i.test(randomPart) || /(.)\1{5}/.test(randomPart) || entropy(randomPart) < 3;
}

/** Every committed credential in the files the audit read. */
export function scanSecrets(view: RepoView): SecretScan {
  return view.memo("facts:secrets", () => {
    const findings: SecretFinding[] = [];
    let scannedFiles = 0;
    const sources: string[] = [];
    for (const { path, language, extension } of view.paths.rows) {
      const text = view.text(path);
      if (text === undefined) continue;
      scannedFiles++;
      if (language !== undefined) sources.push(path);
      // Whether the file is test material is asked only of the few files with a finding.
      let testFile: boolean | undefined;
      const testsFrom = rustTestModuleLine(path, text);
      const add = (line: number, kind: string) => {
        testFile ??= isTestMaterial(path);
        findings.push({ path, line, kind, testMaterial: testFile || line >= testsFrom });
      };
      const addToken = (line: number, kind: string) => findings.push({ path, line, kind, testMaterial: false });
      if (TOKEN_HINT.test(text)) scanTokens(text, add, addToken);
      if (envFileRole(path) === "live") scanLiveEnv(text, add);
      // Configuration and scripts, where `${NAME:-default}` means a default value (not source code, not prose).
      if (language === undefined && !isDocExtension(extension)) scanConfigDefaults(text, isComposePath(path), add);
      if (isApplicationSettingsPath(path)) scanApplicationSettings(text, add);
    }
    for (const key of hardCodedSigningKeys(view, sources)) {
      findings.push({ ...key, testMaterial: isTestMaterial(key.path) || key.line >= rustTestModuleLine(key.path, view.text(key.path) ?? "") });
    }
    return { findings, scannedFiles };
  });
}

/** Where a Rust file's unit tests start, as a line (Infinity when it has none): keys below it are test keys. */
function rustTestModuleLine(path: string, text: string): number {
  if (!path.endsWith(".rs")) return Number.POSITIVE_INFINITY;
  const start = rustUnitTestsStart(text);
  return start === text.length ? Number.POSITIVE_INFINITY : text.slice(0, start).split("\n").length;
}

/** Keys and values a test suite, a fixture, CI's throwaway services or a sample configuration needs: not the ones production runs with. */
function isTestMaterial(path: string): boolean {
  return (
    isTestPath(path) ||
    isNonProjectPath(path) ||
    envFileRole(path) === "test" ||
    isCiSetupPath(path) ||
    isLocalhostCertificate(path) ||
    isSamplePath(path) ||
    isLocalDevelopmentSettings(path) ||
    TEST_SETTINGS_FILE.test(basename(path)) ||
    TEST_ENVIRONMENT_DIR.test(path) ||
    TEST_SUPPORT_FILE.test(basename(path))
  );
}

const DEVELOPMENT_WORD = /^(?:dev|develop|development|local)$/i;
/** The test environment's settings: config/settings/test.yml, application-test.yml, appsettings.Test.json. */
const TEST_SETTINGS_FILE = /^(?:[\w-]*[-_.])?(?:test|testing)\.(?:ya?ml|json|toml|properties|ini|conf)$/i;

/**
 * Settings for a developer's own machine: ASP.NET Core's appsettings.Development.json, a
 * `.env.development` or `.env.local`, a dotenv file in a development/ folder. Their keys protect a
 * local stack, as Django's development settings do.
 */
function isLocalDevelopmentSettings(path: string): boolean {
  const name = basename(path);
  if (/^appsettings\.(?:Development|Local)\.json$/i.test(name)) return true;
  if (envFileRole(path) !== "live") return false;
  return nameWords(name).some((w) => DEVELOPMENT_WORD.test(w)) || DEVELOPMENT_WORD.test(basename(dirname(path)));
}

/** A module of helpers for the tests (test_utils.rs, testing_helpers.py, test-support.ts): its keys sign test tokens. */
const TEST_SUPPORT_FILE = /^(?:test|testing)[-_]?(?:utils?|helpers?|support|fixtures?)\.\w+$/i;
/**
 * Folders kept for testing or developing (test-keys/, db-test-setup/, e2e-stack/,
 * scripts/test-environments/, .devcontainer/): their keys protect nothing.
 */
const TEST_ENVIRONMENT_DIR = /(?:^|\/)(?:(?:[a-z0-9]+[-_])*(?:test|tests|testing|e2e)(?:[-_][a-z0-9]+)*|test(?:env(?:ironment)?s?|setup)|\.devcontainer)\//i;

/**
 * Samples to copy from: a file named as one (`config.sample.yml`, `settings.py.sample`) or anything in a
 * samples folder (`env-samples/`, `config_examples/`). A file named `example` stays judged: projects
 * ship `compose.example.yml` to be run as it is, defaults and all.
 */
function isSamplePath(path: string): boolean {
  const lower = path.toLowerCase();
  if (!lower.includes("sample") && !lower.includes("example")) return false;
  const parts = lower.split("/");
  const words = (part: string) => part.split(/[._-]+/);
  return words(parts.at(-1) ?? "").some((w) => w === "sample" || w === "samples") || parts.slice(0, -1).some((dir) => words(dir).some((w) => /^(?:sample|example)s?$/.test(w)));
}

type Report = (line: number, kind: string) => void;

/** Private keys go to `addKey` (a test suite may need one), provider tokens to `addToken` (live wherever they are). */
function scanTokens(text: string, addKey: Report, addToken: Report): void {
  const lines = text.split("\n");
  lines.forEach((full, index) => {
    const line = full.length > MAX_LINE_CHARS ? full.slice(0, MAX_LINE_CHARS) : full;
    const header = PRIVATE_KEY_HEADER.exec(line);
    if (header && hasKeyBody(line.slice(header.index + header[0].length), lines.slice(index + 1, index + 6))) addKey(index + 1, privateKeyKind(header[0]));
    for (const { kind, pattern, prefixLength } of TOKEN_PATTERNS) {
      for (const match of line.matchAll(pattern)) {
        if (looksFake(match[0].slice(prefixLength(match[0])))) continue;
        // A presigned URL's X-Amz-Credential carries the key ID in the clear, by design; the secret key never appears.
        if (kind === "AWS access key ID" && CREDENTIAL_SCOPE.test(line.slice((match.index ?? 0) + match[0].length, (match.index ?? 0) + match[0].length + 80))) continue;
        addToken(index + 1, kind);
      }
    }
  });
}

function hasKeyBody(restOfLine: string, nextLines: string[]): boolean {
  const joined = [restOfLine, ...nextLines.map((l) => l.slice(0, MAX_LINE_CHARS))].join("").replace(/\\n|["'+,\s]/g, "");
  return KEY_BODY.test(joined);
}

function privateKeyKind(header: string): string {
  const algorithm = /BEGIN (RSA|EC|DSA|OPENSSH|PGP|ENCRYPTED) /.exec(header)?.[1];
  return algorithm ? `${algorithm} private key` : "private key";
}

/** A variable name that holds a credential (JWT_SECRET, DB_PASSWORD, API_KEY), not its id, URL or lifetime. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

/** A real .env file: random values under credential names, and passwords in connection URLs to real hosts. */
function scanLiveEnv(text: string, add: Report): void {
  for (const { name, value, line, commentedOut } of envAssignments(text)) {
    const where = commentedOut ? " (commented out)" : "";
    if (isSecretName(name) && looksRandom(value)) add(line, `value of ${name}${where}`);
    else if (hasUrlPassword(value)) add(line, `password in the connection URL ${name}${where}`);
  }
}

const URL_CREDENTIALS = /^[a-z][a-z0-9+.-]{1,20}:\/\/[^:@/\s]{1,128}:([^@/\s]{1,256})@([^/:?#\s,]{1,253})/i;

function hasUrlPassword(value: string): boolean {
  const match = URL_CREDENTIALS.exec(value);
  if (!match) return false;
  const password = match[1] as string;
  const host = (match[2] as string).toLowerCase();
  const localHost = !host.includes(".") || /^(?:127\.|0\.0\.0\.0|10\.|192\.168\.)|\.local$|\.internal$|\.test$|\.example$|example\.(?:com|org)$/.test(host);
  return !localHost && password.length >= 8 && !PLACEHOLDER_WORD.test(password) && !/^[<{$%*x]/i.test(password);
}

/** `${NAME:-fallback}` defaults (the value used whenever nobody overrides it) and, in compose files, literal environment entries. */
function scanConfigDefaults(text: string, compose: boolean, add: Report): void {
  text.split("\n").forEach((full, index) => {
    const line = full.length > MAX_LINE_CHARS ? full.slice(0, MAX_LINE_CHARS) : full;
    for (const match of line.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]{0,127}):?-([^}\s]{1,1024})\}/g)) {
      const name = match[1] as string;
      if (isSecretName(name) && looksRandom(unquote(match[2] as string))) add(index + 1, `default value of ${name}`);
    }
    if (!compose) return;
    const entry = /^\s*(?:-\s*)?["']?([A-Za-z_][A-Za-z0-9_]{0,127})["']?\s*[:=]\s*(["']?)([^"'\s#]{1,1024})\2\s*(?:#.*)?$/.exec(line);
    if (entry && isSecretName(entry[1] as string) && looksRandom(entry[3] as string)) add(index + 1, `value of ${entry[1]}`);
  });
}

/** `key=value`, `key: value` or `"Key": "value",` on one line: properties, YAML and JSON settings files. */
const SETTING_LINE = /^\s*["']?([A-Za-z_][\w.-]{0,127})["']?\s*[:=]\s*(?:"([^"\s]{1,1024})"|'([^'\s]{1,1024})'|([^"'\s#,]{1,1024}))\s*,?\s*(?:#.*)?$/;

/** Spring's application.properties/yml, ASP.NET Core's appsettings.json, a config/default.toml: random values under credential keys (jwt.secret, Jwt:Key). */
function scanApplicationSettings(text: string, add: Report): void {
  text.split("\n").forEach((full, index) => {
    const entry = SETTING_LINE.exec(full.length > MAX_LINE_CHARS ? full.slice(0, MAX_LINE_CHARS) : full);
    const value = entry?.[2] ?? entry?.[3] ?? entry?.[4];
    if (entry && value !== undefined && isSecretName((entry[1] as string).replace(/[.-]/g, "_")) && looksRandom(value)) add(index + 1, `value of ${entry[1]}`);
  });
}

/** The settings files frameworks load at start-up, where a committed secret is the one production runs with unless overridden. */
function isApplicationSettingsPath(path: string): boolean {
  return /^(?:application|bootstrap)(?:-[\w.-]+)?\.(?:properties|ya?ml)$|^appsettings(?:\.[\w-]+)?\.json$/i.test(basename(path)) || LAYERED_CONFIG_DEFAULTS.test(path);
}

/** The defaults a layered configuration loader (Rust's config crate, node-config) reads first: config/default.toml, config/production.json. */
const LAYERED_CONFIG_DEFAULTS = /(?:^|\/)config\/(?:default|production)\.(?:toml|ya?ml|json)$/i;

/** CI's own set-up (a compose file for the test job, a workflow's service containers): credentials for throwaway databases. */
function isCiSetupPath(path: string): boolean {
  const slash = path.indexOf("/");
  return (
    (slash > 0 && CI_DIRS.has(path.slice(0, slash))) ||
    /(?:^|\/)\.?ci[-_](?:config|setup|env|data|fixtures)\//i.test(path) ||
    /(?:^|[.-])(?:ci|cypress|e2e)\.[\w.-]*ya?ml$/i.test(basename(path))
  );
}

/** The key of a self-signed certificate for a local dev server (localhost.pem, localhost-key.pem): nothing it protects is reachable. */
function isLocalhostCertificate(path: string): boolean {
  return /^(?:[\w.-]*[.-])?localhost(?:[.-][\w.-]*)?\.(?:pem|key)$/i.test(basename(path));
}

function unquote(value: string): string {
  return value.replace(/^["']|["']$/g, "");
}

function isComposePath(path: string): boolean {
  return /^(?:docker-)?compose(?:[.-][\w.-]*)?\.ya?ml$/i.test(basename(path));
}

