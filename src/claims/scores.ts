/**
 * Self-given scores in a line: "10/10", "85/100", "3.5/5", "85%", "Grade: S+". Linear-time patterns only.
 */
export interface SelfScore {
  /** The number, or the letter grade as written ("A-", "S+"). */
  value: number | string;
  /** 5, 10 or 100 for fractions and percentages; "grade" for letter grades. */
  scale: 5 | 10 | 100 | "grade";
  /** The same claim on a 0–100 scale, for comparison with the measured score. */
  percent: number;
  /** Where it was found in the line, and how it was written ("10/10", "85%", "Grade: S+"). */
  index: number;
  written: string;
}

const FRACTION = /(?<![\d./])(\d{1,3}(?:\.\d{1,2})?)\s{0,2}\/\s{0,2}(100|10|5)(?![\d/])/g;
const PERCENT = /(?<![\d.])(\d{1,3}(?:\.\d{1,2})?)\s?%/g;
const GRADE = /\bgrade\b[^\S\n]{0,3}[:=\-–—]?[^\S\n]{0,3}\**[^\S\n]{0,2}([A-FS][+-]{0,2})(?![\p{L}\p{N}])/giu;
const COUNT = /(?<![\d./])\d{1,6}[^\S\n]?\/[^\S\n]?(?!(?:100|10|5)(?![\d/]))\d{1,6}(?![\d/])/;
const ARROW = /→|->|=>|⟶|➡/;
/** Words that make a bare percentage a self-assessment rather than, say, a latency figure. */
const SCORE_CONTEXT = /\b(?:ready|readiness|complete|completion|completed|done|score|progress|implemented|coverage)\b/i;
/** "3/5" is a rating only where the line says so: "3/5" alone is as likely a step or a date. */
const RATING_CONTEXT = /\b(?:ready|readiness|score|scored|rating|rated|grade|maturity|stars?)\b|⭐|★/i;
/** "(weight: 10/10)", "Priority 8/10": what the document gives an item, not how well it is done. */
const NOT_A_GRADE = /\b(?:weight|weighted|priority|importance|severity|impact|effort|complexity|difficulty|risk|confidence|likelihood|urgency)\b[^\S\n]{0,3}[:=]?[^\S\n]{0,3}\**[^\S\n]{0,2}$/i;
/**
 * Words that may follow a percentage that scores readiness: "65% production ready", "90% complete",
 * "85% coverage". Any other word makes it a measure of something else: "20% trace sampling", "30% faster".
 */
const SCORE_FOLLOWERS = new Set(
  "production prod ready readiness complete completed completion done implemented finished coverage covered score overall test tests code line lines branch"
    .split(" "),
);

const GRADE_PERCENT: Record<string, number> = {
  S: 100,
  A: 90,
  B: 80,
  C: 70,
  D: 60,
  E: 50,
  F: 0,
};

export interface ScoreOptions {
  /** The text is a whole table cell or a "Label: value" value, where a bare percentage is a score. */
  standalone?: boolean;
}

/**
 * The score the line gives itself, if any. With several ("6/10 → 9/10") the one after an
 * arrow is the current claim; otherwise the first.
 */
export function findScore(text: string, options: ScoreOptions = {}): SelfScore | undefined {
  const found: SelfScore[] = [];
  const labelled = options.standalone || isLabelValue(text);
  for (const m of text.matchAll(FRACTION)) {
    const value = Number(m[1]);
    const scale = Number(m[2]) as 5 | 10 | 100;
    if (scale === 5 && !labelled && !RATING_CONTEXT.test(text)) continue;
    if (value <= scale && !NOT_A_GRADE.test(text.slice(Math.max(0, m.index - 40), m.index)))
      found.push({
        value,
        scale,
        percent: Math.round((100 * value) / scale),
        index: m.index,
        written: m[0],
      });
  }
  // "196/196 handlers configured (100%)", "45/50 passing (90%)": the percentage is a ratio of the count.
  const percentIsScore = (labelled || SCORE_CONTEXT.test(text)) && !COUNT.test(text);
  if (percentIsScore) {
    for (const m of text.matchAll(PERCENT)) {
      const value = Number(m[1]);
      if (value <= 100 && !isThreshold(text, m.index) && !measuresSomethingElse(text, m.index + m[0].length))
        found.push({
          value,
          scale: 100,
          percent: Math.round(value),
          index: m.index,
          written: m[0],
        });
    }
  }
  for (const m of text.matchAll(GRADE)) {
    const letter = (m[1] as string).toUpperCase();
    found.push({
      value: letter,
      scale: "grade",
      percent: gradePercent(letter),
      index: m.index,
      written: `grade ${letter}`,
    });
  }
  if (found.length === 0) return undefined;
  found.sort((a, b) => a.index - b.index);
  const last = found[found.length - 1] as SelfScore;
  const arrow = text.search(ARROW);
  return arrow !== -1 && arrow < last.index ? last : found[0];
}

const NEXT_WORD = /^[^\S\n]{0,3}([\p{L}]+)/u;

/** "20% trace sampling", "30% faster": a percentage followed by a word that is not about readiness. */
function measuresSomethingElse(text: string, end: number): boolean {
  const next = NEXT_WORD.exec(text.slice(end, end + 40));
  return next !== null && !SCORE_FOLLOWERS.has((next[1] as string).toLowerCase());
}

/** "> 5%", "≤ 80%": an alert threshold or a target, not a score. */
function isThreshold(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && text[i] === " ") i--;
  return i >= 0 && "<>≤≥~".includes(text[i] as string);
}

/** "Security: 85%", "**Testing** — 70%": a label, a separator, then the value. */
function isLabelValue(text: string): boolean {
  const colon = text.search(/[:—–]|\s-\s/);
  return colon > 0 && /\d/.test(text.slice(colon));
}

function gradePercent(grade: string): number {
  const base = GRADE_PERCENT[grade[0] as string] ?? 0;
  if (grade[0] === "S" || grade[0] === "F") return base;
  if (grade.includes("+")) return base + 7;
  if (grade.includes("-")) return base;
  return base + 3;
}
