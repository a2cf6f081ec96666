import { basename, dirname, languageOf } from "../view/paths.js";
import type { RepoView } from "../view/repo-view.js";

/**
 * Token-signing keys written into the code: a string literal handed to a JWT signing call
 * (`jwt.sign(payload, "…")`, `token.SignedString([]byte("…"))`, `jwt.encode(payload, "…")`),
 * a constant under a secret name that such a call signs with, and a Django SECRET_KEY in
 * settings that production loads. Whoever reads the repository can forge the tokens.
 */
export interface SigningKey {
  path: string;
  line: number;
  kind: string;
}

/** Signing calls and the argument that holds the key: 1 = first, 2 = second, 0 = any. */
const SIGNING_CALLS: { call: RegExp; keyArgument: number; what: string }[] = [
  { call: /\b(?:jwt|jsonwebtoken|JWT|jws)\.sign\s*\(/g, keyArgument: 2, what: "jwt.sign" },
  { call: /\b(?:jwt|jsonwebtoken|JWT|jws)\.verify\s*\(/g, keyArgument: 2, what: "jwt.verify" },
  { call: /\b(?:jwt|pyjwt|jose\.jwt)\.encode\s*\(/g, keyArgument: 2, what: "jwt.encode" },
  { call: /\.SignedString\s*\(/g, keyArgument: 1, what: "SignedString" },
  { call: /\.signWith\s*\(/g, keyArgument: 0, what: "signWith" },
  { call: /\bAlgorithm\.HMAC(?:256|384|512)\s*\(/g, keyArgument: 1, what: "Algorithm.HMAC" },
  { call: /\bKeys\.hmacShaKeyFor\s*\(/g, keyArgument: 1, what: "Keys.hmacShaKeyFor" },
];
/** Options objects that hand the key to a JWT library: passport-jwt's `secretOrKey`, NestJS's `JwtModule.register({ secret })`. */
const SIGNING_OPTION = /\b(secretOrKey|secretOrPrivateKey)\s*:\s*([^,\n}]{1,300})|\bJwtModule\.register\s*\(\s*\{[^}]{0,400}?\bsecret\s*:\s*([^,\n}]{1,300})/g;
/** Files worth parsing for signing calls. */
const SIGNING_HINT = /\.sign\s*\(|\.verify\s*\(|\.encode\s*\(|SignedString|signWith|Algorithm\.HMAC|hmacShaKeyFor|secretOrKey|secretOrPrivateKey|JwtModule\.register/;

/** A string literal as the whole argument (or keyword argument), or inside `[]byte(…)`, `.getBytes()`, `Buffer.from(…)`, `new TextEncoder().encode(…)`. */
const LITERAL = /^(?:\w+[ \t]*=[ \t]*)?(?:\[\]byte\(|Buffer\.from\(|new TextEncoder\(\)\.encode\()?(["'`])((?:(?!\1)[^\\\n$]){1,512})\1\)?(?:\.getBytes\([^)]{0,40}\))?$/;
/** Names a signing key goes by. */
const KEY_NAME = /secret|key|jwt|sign|token|hmac/i;
/** `NAME = "…"`, `NAME := []byte("…")`, `name: "…"` (an object property), with an optional type. */
const SECRET_ASSIGNMENT =
  /^[ \t]*(?:export[ \t]+)?(?:(?:const|let|var|val|final|static|private|public|readonly)[ \t]+)*(?:[\w<>[\]]+[ \t]+)?([A-Za-z_]\w{0,63})[ \t]*(?::[ \t]*[\w<>[\]]+[ \t]*)?(?::=|=|:)[ \t]*(?:\[\]byte\()?(["'`])((?:(?!\2)[^\\\n$]){8,512})\2/gm;

/**
 * Values that announce themselves as placeholders: made only of words like "change", "me",
 * "your", "secret", "key", "here", "dev", "test" ("changeme", "your-secret-here", "mysecretkey"),
 * or the libraries' own documentation examples (jsonwebtoken's "shhhhh", express-session's "keyboard cat").
 */
const PLACEHOLDER_PARTS =
  /change|replace|your|my|our|the|this|with|me|secret|key|here|dev(?:elopment)?|test(?:ing)?|local|jwt|token|example|sample|placeholder|dummy|fake|default|insert|put|todo|xxx|foo|bar|password|value|signing|app|please|some|super|env|sh+|keyboard|cat|[^a-z]/g;

/** Sentences that tell the reader to put their own key there ("DO NOT USE THIS VALUE. INSTEAD, CREATE A COMPLEX SECRET…"). */
const PLACEHOLDER_SENTENCE = /\b(?:do not use|don'?t use|change (?:this|me|it)|replace (?:this|me|it|with)|not (?:a )?(?:real )?secret|for development only)\b/i;

function isObviousPlaceholder(value: string): boolean {
  return value.toLowerCase().replace(PLACEHOLDER_PARTS, "") === "" || PLACEHOLDER_SENTENCE.test(value);
}

/** A key generated for use, not a word someone typed as a default ("tralala", "change me"): long enough to be one. */
const MIN_REAL_KEY_LENGTH = 16;

function isRealLookingKey(value: string): boolean {
  return value.length >= MIN_REAL_KEY_LENGTH && !isObviousPlaceholder(value);
}

/** Django settings production loads: not a development, local or test settings module. */
const DJANGO_SETTINGS = /(?:^|\/)settings(?:\.py$|\/[\w]+\.py$)|(?:^|\/)[\w]*settings\.py$/;
const NON_PRODUCTION_SETTINGS = /(?:^|[_.-])(?:dev|develop|development|local|test|tests|testing|ci|example|sample)(?:[_.-]|$)/i;
const DJANGO_SECRET_KEY = /^SECRET_KEY[ \t]*=[ \t]*(["'])((?:(?!\1)[^\\\n]){1,512})\1/m;
/** Settings that hard-code DEBUG on are a development configuration, whatever the module is called. */
const DJANGO_DEBUG_ON = /^DEBUG[ \t]*=[ \t]*True\b/m;

interface SigningCall {
  path: string;
  line: number;
  what: string;
  key: string;
}

/** Every hard-coded signing key in the project's source files (the caller decides what counts as test material). */
export function hardCodedSigningKeys(view: RepoView, sources: readonly string[]): SigningKey[] {
  const calls = sources.flatMap((path) => signingCalls(view, path));
  const out: SigningKey[] = [];
  for (const call of calls) {
    const literal = LITERAL.exec(call.key);
    if (literal && !isObviousPlaceholder(literal[2] as string)) out.push({ path: call.path, line: call.line, kind: `signing key hard-coded in ${call.what}` });
  }
  const keyNames = new Set(calls.flatMap((c) => c.key.match(/[A-Za-z_]\w*/g) ?? []).filter((word) => KEY_NAME.test(word)));
  for (const path of sources) {
    // Comments are blanked only in files that may hold a key: blanking every source file is a pass over the whole project.
    const text = view.text(path) ?? "";
    const namesKey = keyNames.size > 0 && [...keyNames].some((name) => text.includes(name));
    const settings = DJANGO_SETTINGS.test(path) && !NON_PRODUCTION_SETTINGS.test(basename(path).replace(/\.py$/, ""));
    if (!namesKey && !settings) continue;
    const code = view.code(path);
    if (code === undefined) continue;
    if (namesKey) out.push(...keyConstants(view, path, code, keyNames));
    const production = settings && !DJANGO_DEBUG_ON.test(code) && !overriddenInProduction(view, path);
    const django = production ? DJANGO_SECRET_KEY.exec(code) : null;
    if (django && isRealLookingKey(django[2] as string)) out.push({ path, line: view.lineAt(path, django.index), kind: "Django SECRET_KEY hard-coded in settings" });
  }
  return dedupe(out);
}

/** A shared settings module (settings/base.py) whose production sibling (settings/prod.py) sets its own SECRET_KEY. */
function overriddenInProduction(view: RepoView, path: string): boolean {
  return view.paths
    .inFolder(dirname(path))
    .some((row) => row.path !== path && PRODUCTION_SETTINGS.test(row.name) && /^\s*SECRET_KEY\s*=/m.test(view.code(row.path) ?? ""));
}

const PRODUCTION_SETTINGS = /^prod(?:uction)?\w*\.py$/;

/** Constants under a name a signing call signs with, holding a literal that is no placeholder. */
function keyConstants(view: RepoView, path: string, code: string, keyNames: ReadonlySet<string>): SigningKey[] {
  const out: SigningKey[] = [];
  for (const match of code.matchAll(SECRET_ASSIGNMENT)) {
    const [name, value] = [match[1] as string, match[3] as string];
    if (keyNames.has(name) && value.length >= 16 && !isObviousPlaceholder(value))
      out.push({ path, line: view.lineAt(path, match.index + match[0].search(/\S/)), kind: `signing key ${name} hard-coded` });
  }
  return out;
}

function signingCalls(view: RepoView, path: string): SigningCall[] {
  // The hint is tried on the raw text first: blanking comments costs a pass over every source file.
  if (languageOf(path) === undefined || !SIGNING_HINT.test(view.text(path) ?? "")) return [];
  const code = view.code(path);
  if (code === undefined || !SIGNING_HINT.test(code)) return [];
  const out: SigningCall[] = [];
  for (const { call, keyArgument, what } of SIGNING_CALLS) {
    for (const match of code.matchAll(call)) {
      const args = callArguments(code, match.index + match[0].length);
      const keys = keyArgument === 0 ? args : [args[keyArgument - 1] ?? ""];
      for (const key of keys) out.push({ path, line: view.lineAt(path, match.index), what, key });
    }
  }
  for (const match of code.matchAll(SIGNING_OPTION)) {
    const key = (match[2] ?? match[3] ?? "").trim();
    const at = match.index + match[0].length - (match[2] ?? match[3] ?? "").length;
    out.push({ path, line: view.lineAt(path, at), what: match[1] ?? "JwtModule.register", key });
  }
  return out;
}

/** Maximum characters read for one call's arguments. */
const MAX_CALL_CHARS = 2000;

/** The top-level arguments of a call whose `(` ends just before `start`, split at commas outside brackets and strings. */
function callArguments(code: string, start: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote = "";
  let current = "";
  const end = Math.min(code.length, start + MAX_CALL_CHARS);
  for (let i = start; i < end; i++) {
    const c = code[i] as string;
    if (quote) {
      if (c === "\\") current += c + (code[++i] ?? "");
      else {
        if (c === quote) quote = "";
        current += c;
      }
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) {
      if (depth === 0) {
        args.push(current.trim());
        return args;
      }
      depth--;
    } else if (c === "," && depth === 0) {
      args.push(current.trim());
      current = "";
      continue;
    }
    current += c;
  }
  return args;
}

function dedupe(keys: SigningKey[]): SigningKey[] {
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = `${k.path}:${k.line}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
