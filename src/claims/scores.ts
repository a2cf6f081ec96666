/**
 * Self-given scores in a line: "10/10", "85/100", "85%", "Grade: S+". Linear-time patterns only.
 */
export interface SelfScore {
  /** The number, or the letter grade as written ("A-", "S+"). */
  value: number | string;
  /** 10 or 100 for fractions and percentages; "grade" for letter grades. */
  scale: 10 | 100 | "grade";
  /** The same claim on a 0–100 scale, for comparison with the measured score. */
  percent: number;
  /** Where it was found in the line, and how it was written ("10/10", "85%", "Grade: S+"). */
  index: number;
  written: string;
}

const FRACTION = /(?<![\d./])(\d{1,3}(?:\.\d{1,2})?)\s{0,2}\/\s{0,2}(10|100)(?![\d/])/g;
const PERCENT = /(?<![\d.])(\d{1,3}(?:\.\d{1,2})?)\s?%/g;
const GRADE = /\bgrade\b[^\S\n]{0,3}[:=\-–—]?[^\S\n]{0,3}\**[^\S\n]{0,2}([A-FS][+-]{0,2})(?![\p{L}\p{N}])/giu;
const ARROW = /→|->|=>|⟶|➡/;
/** Words that make a bare percentage a self-assessment rather than, say, a latency figure. */
const SCORE_CONTEXT = /\b(?:ready|readiness|complete|completion|completed|done|score|progress|implemented|coverage)\b/i;

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
  for (const m of text.matchAll(FRACTION)) {
    const value = Number(m[1]);
    const scale = Number(m[2]) as 10 | 100;
    if (value <= scale)
      found.push({
        value,
        scale,
        percent: Math.round((100 * value) / scale),
        index: m.index,
        written: m[0],
      });
  }
  const percentIsScore = options.standalone || SCORE_CONTEXT.test(text) || isLabelValue(text);
  if (percentIsScore) {
    for (const m of text.matchAll(PERCENT)) {
      const value = Number(m[1]);
      if (value <= 100 && !isThreshold(text, m.index))
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
