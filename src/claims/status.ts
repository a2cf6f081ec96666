import { tokenize, words } from "./text.js";

/**
 * How a document says something is done or not: marks (✅ ❌ ⚠️ …), checkboxes and status words.
 * "positive" says it is there; "negative" admits it is not (missing, partial, in progress).
 */
export type Polarity = "positive" | "negative";

const POSITIVE_MARKS = new Set([..."✅✔✓☑🟢🟩💚🆗"]);
const NEGATIVE_MARKS = new Set([..."❌❎✗✘✖⚠🔴🟡🟠🟥🟧🟨⛔🚫🚧⏳⌛☐⭕"]);

/** The first status mark in the text, if any. */
export function markPolarity(text: string): Polarity | undefined {
  for (const char of text) {
    if (POSITIVE_MARKS.has(char)) return "positive";
    if (NEGATIVE_MARKS.has(char)) return "negative";
  }
  return undefined;
}

/** Multi-word phrases first: "not implemented" must win over "implemented". */
const NEGATIVE_PHRASES = normalized([
  "not yet",
  "not implemented",
  "not configured",
  "not done",
  "not ready",
  "not started",
  "not met",
  "not set up",
  "not enabled",
  "not integrated",
  "not complete",
  "not in place",
  "not available",
  "not supported",
  "isn t",
  "aren t",
  "doesn t",
  "don t",
  "hasn t",
  "haven t",
  "working on",
  "in progress",
  "work in progress",
  "to do",
  "needs work",
  "needs implementation",
  "needs setup",
  "need to",
  "needs to",
  "to be done",
  "to be implemented",
  "next step",
  "known issue",
  "known gap",
  "known limitation",
  "action item",
  "remaining work",
  "future improvement",
  "future enhancement",
  "needs improvement",
]);
const NEGATIVE_WORDS = new Set([
  "missing",
  "todo",
  "pending",
  "planned",
  "wip",
  "incomplete",
  "partial",
  "partially",
  "lacking",
  "lack",
  "absent",
  "blocked",
  "deferred",
  "gap",
  "recommended",
  "unimplemented",
  "unconfigured",
  "roadmap",
  "blocker",
  "recommendation",
  "limitation",
]);
const POSITIVE_PHRASES = normalized(["in place", "set up", "up and running", "fully implemented"]);
const POSITIVE_WORDS = new Set([
  "done",
  "complete",
  "completed",
  "implemented",
  "configured",
  "ready",
  "enabled",
  "integrated",
  "working",
  "operational",
  "active",
  "passing",
  "added",
  "deployed",
  "finished",
  "established",
  "installed",
  "achieved",
  "delivered",
  "strength",
  "met",
]);
const NEGATIONS = new Set(["no", "not", "never", "without"]);

/** Words that are a status only when they are the whole value: "| Rate limiting | No |", "Docker: yes". */
const VALUE_ONLY: Record<string, Polarity> = {
  yes: "positive",
  ok: "positive",
  pass: "positive",
  passed: "positive",
  no: "negative",
  none: "negative",
  fail: "negative",
  failed: "negative",
  failing: "negative",
};

/** Words that carry no subject: a line made only of these and status words names nothing. */
const FILLER = new Set(
  (
    "status state result progress current currently overall the a an and or of for to is are be been has have all our " +
    "feature item task component work area summary overview checklist requirement what s that it this we with by on in " +
    "legend key note notes known fully mostly very now yet still also here below above done ready implementation level " +
    "production prod readiness assessment score grade rating total final quick setup after change"
  ).split(" "),
);

const STATUS_WORDS = new Set([...NEGATIVE_WORDS, ...POSITIVE_WORDS, ...Object.keys(VALUE_ONLY), "not", "yet", "need", "needed"]);

/** Phrases by their first word, so that finding them costs one look-up per word of the text. */
function normalized(phrases: string[]): Map<string, string[][]> {
  const byFirst = new Map<string, string[][]>();
  for (const phrase of phrases) {
    const list = words(phrase);
    const first = list[0] as string;
    byFirst.set(first, [...(byFirst.get(first) ?? []), list]);
  }
  return byFirst;
}

function hasPhrase(list: readonly string[], phrases: ReadonlyMap<string, string[][]>): boolean {
  for (let i = 0; i < list.length; i++) for (const phrase of phrases.get(list[i] as string) ?? []) if (phrase.every((w, k) => list[i + k] === w)) return true;
  return false;
}

/** Polarity expressed in words: negative phrases are checked first so "not implemented" is never positive. */
export function wordPolarity(text: string): Polarity | undefined {
  const list = words(text);
  if (hasPhrase(list, NEGATIVE_PHRASES) || list.some((w) => NEGATIVE_WORDS.has(w))) return "negative";
  if (list.length === 1 && list[0] !== undefined && VALUE_ONLY[list[0]]) return VALUE_ONLY[list[0]];
  const positive = list.findIndex((w) => POSITIVE_WORDS.has(w));
  // "No error reporting service integrated yet": a status word under a negation is the gap.
  if (positive > 0 && list.slice(0, positive).some((w) => NEGATIONS.has(w))) return "negative";
  if (hasPhrase(list, POSITIVE_PHRASES) || positive >= 0) return "positive";
  return undefined;
}

/** A status given as the value after a colon: "Docker: Complete", "Rate limiting — No (planned)". */
export function valuePolarity(value: string): Polarity | undefined {
  const list = words(value);
  const first = list[0];
  if (first && VALUE_ONLY[first]) return VALUE_ONLY[first];
  return wordPolarity(value);
}

/** "After", "After the changes": a heading reporting the state once the work is done. */
export function isAfterState(text: string): boolean {
  return words(text)[0] === "after" && isPureStatus(text);
}

const CLAUSE_BREAK = /\s[-—–]\s|[—–:;|]|,\s/;
const TAIL_WORDS = 4;

/**
 * Status said in prose, clause by clause: "Updated: … load testing done", "🎉 PRODUCTION READY —
 * load tests complete", "Rate limiting not implemented". A clause is a subject followed by a status
 * (the longest tail of at most four words that is only a status). The clauses of the first status
 * found are returned, each without its status; clauses with the other status are left out.
 */
export function proseStatus(text: string): { polarity: Polarity; subjects: string[] } | undefined {
  let polarity: Polarity | undefined;
  const subjects: string[] = [];
  for (const clause of text.split(CLAUSE_BREAK)) {
    const said = clauseStatus(clause);
    if (!said) continue;
    polarity ??= said.polarity;
    if (said.polarity === polarity) subjects.push(said.subject);
  }
  return polarity ? { polarity, subjects } : undefined;
}

/**
 * Words a clause may end with to give its subject a status: participles and states ("load testing
 * done", "rate limiting not implemented"), not nouns ("Testing recommendations", "Security gaps").
 */
const CLAUSE_ENDINGS = new Set(
  (
    "done complete completed implemented configured enabled integrated added deployed finished ready passing working active " +
    "operational installed established achieved delivered met missing pending incomplete partial progress todo wip blocked " +
    "deferred yet started unimplemented unconfigured absent lacking place up"
  ).split(" "),
);

function clauseStatus(clause: string): { polarity: Polarity; subject: string } | undefined {
  const tokens = tokenize(clause);
  if (!CLAUSE_ENDINGS.has(tokens[tokens.length - 1]?.word ?? "")) return undefined;
  for (let k = Math.min(TAIL_WORDS, tokens.length - 1); k >= 1; k--) {
    const tailStart = (tokens[tokens.length - k] as { start: number }).start;
    const tail = clause.slice(tailStart);
    const subject = clause.slice(0, tailStart);
    if (!isPureStatus(tail) || isPureStatus(subject)) continue;
    const polarity = valuePolarity(tail);
    if (polarity) return { polarity, subject };
  }
  return undefined;
}

/** True when the text names nothing once marks, status words, scores and filler are removed. */
export function isPureStatus(text: string): boolean {
  return subjectWords(text).length === 0;
}

/** The words of a text that could name a subject. */
export function subjectWords(text: string): string[] {
  return tokenize(text)
    .map((t) => t.word)
    .filter((w) => !STATUS_WORDS.has(w) && !FILLER.has(w) && !/^\d+$/.test(w) && w.length > 1);
}

/**
 * Verbs that open a task rather than a claim. An unchecked "Configure Sentry DSN" in a launch
 * checklist does not say the code lacks Sentry: it is an operations step, never a claim.
 */
const TASK_VERBS = new Set(
  (
    "configure verify test run check review ensure confirm validate monitor deploy provision generate rotate share " +
    "update set enable seed import gather plan prepare create perform schedule document migrate " +
    "install fill copy obtain register request purchase buy sign notify train communicate announce conduct " +
    "execute measure tune optimize optimise double remove disable delete clean publish"
  ).split(" "),
);

/** Verbs that say something must still be built: an unchecked "Add rate limiting" admits the gap. */
const BUILD_VERBS = new Set("add implement write introduce integrate build develop wire support".split(" "));

export type Mood = "task" | "build" | "statement";

/** Whether a line is an instruction (and of which kind) or a statement, by its first word as written. */
export function moodOf(text: string): Mood {
  const token = tokenize(text)[0];
  const first = token ? text.slice(token.start, token.end).toLowerCase() : undefined;
  if (!first) return "statement";
  if (BUILD_VERBS.has(first)) return "build";
  if (TASK_VERBS.has(first)) return "task";
  return "statement";
}

/**
 * Words saying a gap is about checking something, not about having it: an unchecked
 * "Database migrations tested" admits the testing is not done, not that migrations are missing.
 */
const VERIFICATION_WORDS = new Set(
  "tested verified validated reviewed review audited audit optimized optimised tuned benchmarked approved signed responding".split(" "),
);

export function isAboutVerification(text: string): boolean {
  return words(text).some((w) => VERIFICATION_WORDS.has(w));
}

/**
 * Words that make a heading or a lead-in a plan or a condition, whatever status it shows: "Will add
 * tracing", "Target state", "When all tasks above are completed:", "Your app is production-ready if:",
 * "Definition of done".
 */
const FUTURE_WORDS = new Set("when once until if unless will would should must target goal expected aim".split(" "));
/**
 * Words of plans that a status can settle: "Phase 6 (Week 8)" lists targets, "Phase 2 (✅ COMPLETE)"
 * and "Acceptance criteria — ✅ met" report what was done.
 */
const SCHEDULE_WORDS = new Set("phase milestone sprint week timeline criterion criteria acceptance".split(" "));
/** "After launch", "After deployment:": what is to happen once something has happened ("After the changes" reports a state). */
const AFTER_AN_EVENT = /\bafter[^\S\n]{1,3}(?:the[^\S\n]{1,3})?(?:first[^\S\n]{1,3})?(?:deploy|deployment|deploying|launch|launching|release|releasing|go[-\s]?live|merge|merging|rollout|cutover|migration|approval)\b/i;
/** Sections about how things were: "Before", "Previously". Neither claims nor admissions about the code today. */
const PAST_WORDS = new Set("before previously originally formerly".split(" "));

/**
 * A plan, a condition or a past state rather than a report on the code today: a plan is a plan by
 * its status (future tense, a date ahead, a schedule word with nothing marked done), not by one word.
 */
export function isHypothetical(text: string, today: Date = new Date()): boolean {
  if (AFTER_AN_EVENT.test(text)) return true;
  const list = words(text);
  if (list.some((w) => FUTURE_WORDS.has(w) || PAST_WORDS.has(w)) || ` ${list.join(" ")} `.includes(" definition of done ")) return true;
  if (isDateAhead(text, today)) return true;
  return list.some((w) => SCHEDULE_WORDS.has(w)) && (markPolarity(text) ?? wordPolarity(text)) !== "positive";
}

const MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split(" ");
const ISO_MONTH = /\b(20\d\d)-(0[1-9]|1[0-2])\b/g;
const NAMED_MONTH = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?[^\S\n]{1,2}(?:\d{1,2},?[^\S\n]{1,2})?(20\d\d)\b/gi;
const QUARTER = /\bq([1-4])[^\S\n]{0,2}(20\d\d)\b/gi;
const YEAR = /\b(20\d\d)\b/g;

/** "Phase 3 (Q3 2031)", "Week of 2031-03-01", "Launch: March 2031": a date later than this month. */
function isDateAhead(text: string, today: Date): boolean {
  const now = today.getUTCFullYear() * 12 + today.getUTCMonth();
  const ahead = (year: string, month: number) => Number(year) * 12 + month > now;
  for (const m of text.matchAll(ISO_MONTH)) if (ahead(m[1] as string, Number(m[2]) - 1)) return true;
  for (const m of text.matchAll(NAMED_MONTH)) if (ahead(m[2] as string, MONTHS.indexOf((m[1] as string).toLowerCase()))) return true;
  for (const m of text.matchAll(QUARTER)) if (ahead(m[2] as string, Number(m[1]) * 3 - 3)) return true;
  for (const m of text.matchAll(YEAR)) if (Number(m[1]) > today.getUTCFullYear()) return true;
  return false;
}
