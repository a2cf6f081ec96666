import { repairMojibake } from "./mojibake.js";
import { type Block, outline } from "./outline.js";
import { findScore, type SelfScore } from "./scores.js";
import {
  isAboutVerification,
  isAfterState,
  isHypothetical,
  isPureStatus,
  markPolarity,
  moodOf,
  type Polarity,
  proseStatus,
  subjectWords,
  valuePolarity,
  wordPolarity,
} from "./status.js";
import { plainText, withoutAsides } from "./text.js";
import { type Concept, isBroad, mergeSameMeaning, type Vocabulary } from "./vocabulary.js";

/** A claim as the document makes it, before it is held against the audit. */
export interface ExtractedClaim {
  path: string;
  line: number;
  text: string;
  kind: "positive" | "negative" | "score";
  /** What the claim is about, in the document's words: its own subject, or its section's heading. */
  subject: string;
  /** What the subject names; empty when it names nothing the vocabulary knows. */
  concepts: Concept[];
  /** The claim's own line names nothing: its subject is the section heading. */
  fromHeading?: boolean;
  score?: SelfScore;
  /** The claim is about one component of the repository (e.g. "mobile-app/"): only evidence there (or shared) counts. */
  scope?: string;
  /** A negative claim about checking something ("migrations tested"), not about having it. */
  aboutVerification?: boolean;
  /** Files or folders of the repository the claim's line points at ("`cms/src/middlewares/rate-limit.ts`"). */
  cites?: string[];
  /**
   * What a claim narrows its practice or category to: a gap about "unit tests for auth utilities" may be
   * only there; "Security Middleware: 100%" grades a piece of work, not the Security category.
   */
  narrowedTo?: string;
  /** Practices this checklist does not check that a positive claim's description names: "Performance tests: benchmarking". */
  explainedBy?: string[];
  /** The section is about a folder the repository does not have ("### **scheduler/** Testing" after the folder was removed). */
  aboutAbsentFolder?: string;
  /** Things a negative claim lists that name nothing the checklist checks ("configuration validation"). */
  unnamed?: string[];
  /** A score with no subject of its own or above it: "**75/100**" under "Production-Ready Score". */
  wholeAssessment?: boolean;
}

export interface ReadinessDocument {
  path: string;
  text: string;
  /** 1-based inclusive line ranges to read; the whole document when absent. */
  sections?: { from: number; to: number }[];
}

export interface ExtractOptions {
  vocabulary: Vocabulary;
  /** The component folder a heading names, e.g. "Mobile App" → "mobile-app/". */
  scopeOf?: (heading: string) => string | undefined;
  /** The component folder the document itself sits in: its claims are about that component. */
  documentScope?: string;
  /** Whether a repository-relative path is a file or folder of the repository. */
  exists?: (path: string) => boolean;
  /** Whether a folder of this name is anywhere in the repository ("optimized" for services/optimized/). */
  hasFolderNamed?: (name: string) => boolean;
  maxClaims: number;
}

interface HeadingContext {
  level: number;
  text: string;
  /** Set from a mark on any heading, from words only on a pure status heading ("Completed", "Known gaps"). */
  polarity?: Polarity;
  /** The heading is only a status: everything under it is claimed, named or not. */
  pure: boolean;
  /** A plan or a condition ("Phase 6 (Week 8)", "Definition of done"): what it lists is a target. */
  hypothetical: boolean;
  scope?: string;
  absentFolder?: string;
}

interface Inherited {
  polarity: Polarity;
  /** From a pure status: the line is a claim even when it names nothing known. */
  explicit: boolean;
}

/**
 * A lead-in paragraph ending with a colon: "✅ **Ready**:", "Missing:", "When all tasks above are
 * completed:"; or one saying the list is the contents of something ("Includes:", "Covers:"), which
 * keeps the heading's status from the list: under "### Testing guide ✅", "Includes: - API testing
 * with cURL" describes the guide, not the test suite.
 */
type Label = Polarity | "hypothetical" | "contents";
/** "**Next steps:**", "Remaining work:": what follows is still to do. */
const NEXT_STEPS_LABEL = /^(?:next\s+steps?|remaining\s+(?:work|tasks?|items?)|to\s+do|todo|follow[-\s]?ups?)$/i;
const CONTENTS_LABEL = /^(?:it\s+|this\s+|the\s+file\s+)?(?:includes?|including|covers?|contains?|creates?|provides?|usage|examples?|topics|sections|steps|instructions|how\s+to\s+use|documents?)$/i;

/** Headers saying what a table column holds. */
const STATUS_COLUMN = /status|state|done|implemented|complete|ready|result|after|now|current|today|✅/i;
/** "| Practice | Before | After |": what a column says about how things were is no claim about the code today. */
const PAST_COLUMN = /^(?:before|previously|previous|old|was|initial|baseline|original)\b/i;
const SCORE_COLUMN = /score|rating|grade|progress|%/i;
const NOT_APPLICABLE_CELL = /^(?:n\/?a|not applicable|-|—|–)$/i;
const MAX_CLAIM_TEXT = 300;

/** Every claim in a readiness document (or in its readiness sections), with its line. */
export function extractClaims(document: ReadinessDocument, options: ExtractOptions): { claims: ExtractedClaim[]; truncated: boolean } {
  const blocks = outline(repairMojibake(document.text)).filter((b) => !document.sections || document.sections.some((s) => b.line >= s.from && b.line <= s.to));
  return new Extractor(document.path, blocks, options).run();
}

class Extractor {
  private readonly claims: ExtractedClaim[] = [];
  /** A status heading waiting to see whether anything right under it claims something; if nothing does, it is a claim itself. */
  private pendingHeading: { claim: ExtractedClaim; claimsBefore: number } | undefined;
  private readonly headings: HeadingContext[] = [];
  private readonly listParents: { indent: number; polarity: Polarity }[] = [];
  private label: Label | undefined;
  /** Per block: does its heading section check any box? All-unchecked lists are to-do templates, not admissions. */
  private readonly sectionHasChecked: boolean[];

  constructor(
    private readonly path: string,
    private readonly blocks: readonly Block[],
    private readonly options: ExtractOptions,
  ) {
    this.sectionHasChecked = checkedBySection(blocks);
  }

  run(): { claims: ExtractedClaim[]; truncated: boolean } {
    let truncated = false;
    for (const [index, block] of this.blocks.entries()) {
      if (this.claims.length >= this.options.maxClaims) {
        truncated = true;
        break;
      }
      if (block.kind === "heading") this.heading(block);
      const said =
        block.kind === "list"
          ? this.listItem(block, index)
          : block.kind === "row"
            ? this.row(block)
            : block.kind === "paragraph"
              ? this.paragraph(block)
              : undefined;
      const claim = said && this.build(block.line, said.text, said);
      if (claim) this.claims.push(claim);
    }
    this.settlePendingHeading();
    const claims = this.claims.sort((a, b) => a.line - b.line).slice(0, this.options.maxClaims);
    return { claims, truncated };
  }

  private settlePendingHeading(): void {
    if (this.pendingHeading && this.claims.length === this.pendingHeading.claimsBefore) this.claims.push(this.pendingHeading.claim);
    this.pendingHeading = undefined;
  }

  private heading(block: Extract<Block, { kind: "heading" }>): void {
    this.settlePendingHeading();
    while ((this.headings[this.headings.length - 1]?.level ?? 0) >= block.level) this.headings.pop();
    this.label = undefined;
    this.listParents.length = 0;
    const text = plainText(block.text);
    const score = findScore(text);
    const rest = withoutScore(text, score);
    const pure = isPureStatus(rest);
    const polarity = markPolarity(text) ?? (pure ? (wordPolarity(rest) ?? (isAfterState(rest) ? "positive" : undefined)) : proseStatus(rest)?.polarity);
    const scope = this.options.scopeOf?.(withoutAsides(text)) ?? this.headings.findLast((h) => h.scope)?.scope;
    const hypothetical = isHypothetical(text);
    const absentFolder = this.absentFolderIn(text) ?? this.headings.findLast((h) => h.absentFolder)?.absentFolder;
    this.headings.push({ level: block.level, text, pure, hypothetical, ...(polarity ? { polarity } : {}), ...(scope ? { scope } : {}), ...(absentFolder ? { absentFolder } : {}) });
    if (score) {
      const claim = this.build(block.line, text, { score, primary: withoutAsides(text), all: text, explicit: true });
      if (claim) this.claims.push(claim);
    } else if (polarity && !pure && !hypothetical) {
      const claim = this.build(block.line, text, { polarity, primary: withoutAsides(text), all: text, whole: true, explicit: true });
      if (claim) this.pendingHeading = { claim, claimsBefore: this.claims.length };
    }
  }

  private listItem(block: Extract<Block, { kind: "list" }>, index: number): Said | undefined {
    while ((this.listParents[this.listParents.length - 1]?.indent ?? -1) >= block.indent) this.listParents.pop();
    const text = plainText(block.text);
    if (!text) return undefined;
    const shown = block.checkbox ? `[${block.checkbox === "checked" ? "x" : " "}] ${text}` : text;
    if (!block.checkbox && this.inHypothetical()) return undefined;
    const score = findScore(text);
    const context = this.inherited();
    let own: Polarity | undefined;
    if (block.checkbox === "checked") own = "positive";
    else if (block.checkbox === "unchecked") {
      // An unchecked box admits a gap only where the list records progress (something else is
      // checked) or the section says these are missing; otherwise it is a to-do template.
      const admits = this.sectionHasChecked[index] || context?.polarity === "negative";
      if (!admits || this.isTask(text)) return undefined;
      own = "negative";
    } else {
      own = markPolarity(text);
      if (!own && !this.isTask(text) && moodOf(text) !== "build") own = wordPolarity(withoutScore(text, score));
    }
    if (own) this.listParents.push({ indent: block.indent, polarity: own });
    const shape = { text: shown, primary: subjectPart(text), all: text, whole: true, explicit: true };
    if (score) return { ...shape, score };
    if (own) return { ...shape, polarity: own };
    const parent = this.listParents.findLast((p) => p.indent < block.indent);
    const inherited: Inherited | undefined = parent ? { polarity: parent.polarity, explicit: false } : context;
    // An instruction is no claim where the status comes from a titled heading ("## 🎉 Deployment Complete!" then "1. Set up backups").
    if (!inherited || ((inherited.polarity === "negative" || !inherited.explicit) && this.isTask(text))) return undefined;
    return { ...shape, polarity: inherited.polarity, explicit: inherited.explicit };
  }

  private row(block: Extract<Block, { kind: "row" }>): Said | undefined {
    if (this.inHypothetical()) return undefined;
    const header = block.header ?? [];
    const cells = block.cells.map((cell, i) => (PAST_COLUMN.test(plainText(header[i] ?? "")) ? "" : plainText(cell)));
    if (cells.every((c) => c === "")) return undefined;
    const statusColumn = header.findIndex((h, i) => i > 0 && STATUS_COLUMN.test(h));
    const scoreColumn = header.findIndex((h, i) => i > 0 && SCORE_COLUMN.test(h));

    let scoreAt = -1;
    let score: SelfScore | undefined;
    for (const [i, cell] of cells.entries()) {
      score = findScore(cell, { standalone: i === scoreColumn || subjectWords(cell).length === 0 });
      if (score) {
        scoreAt = i;
        break;
      }
    }
    // The status column may hold a detail ("express-rate-limit") while the ✅ sits beside the subject.
    const columnSays = statusColumn >= 0 && cells[statusColumn] && statusPolarity(cells[statusColumn] as string) !== undefined;
    let statusAt = columnSays ? statusColumn : cells.findIndex((c) => markPolarity(c) !== undefined);
    if (statusAt < 0) statusAt = statusColumn >= 0 && cells[statusColumn] ? statusColumn : cells.findIndex((c, i) => i > 0 && isPureStatus(c) && valuePolarity(c) !== undefined);
    const statusCell = statusAt >= 0 ? (cells[statusAt] as string) : undefined;
    if (statusCell !== undefined && NOT_APPLICABLE_CELL.test(statusCell.trim())) return undefined;

    // "✅ Rate limiting" is the subject and its status at once.
    const subjectCells = cells.filter((c, i) => (i !== statusAt || (statusAt !== statusColumn && !isPureStatus(c))) && i !== scoreAt && c !== "");
    const shown = cells.filter((c) => c !== "").join(" | ");
    const shape = { text: shown, primary: this.subjectCell(subjectCells, score !== undefined), all: subjectCells.join(" · "), explicit: true };
    if (score) return { ...shape, score };
    const own = statusCell !== undefined ? statusPolarity(statusCell) : undefined;
    if (own) return { ...shape, polarity: own };
    const context = this.inherited();
    return context ? { ...shape, polarity: context.polarity, explicit: context.explicit } : undefined;
  }

  private paragraph(block: Extract<Block, { kind: "paragraph" }>): Said | undefined {
    this.listParents.length = 0;
    const text = plainText(block.text);
    this.label = labelOf(text);
    // A lead-in ("✅ Checkpoint: Test the backend:") introduces what follows; it claims nothing itself.
    if (this.label || this.inHypothetical() || text.endsWith(":")) return undefined;
    const shape = { text, primary: subjectPart(text), all: text, whole: true, explicit: true };
    const score = findScore(text);
    if (score) return { ...shape, score };
    const polarity = markPolarity(text) ?? keyValuePolarity(text);
    return polarity ? { ...shape, polarity } : this.prose(text);
  }

  /** "Updated: … load testing done": the clauses of a sentence that give a named practice a status. */
  private prose(text: string): Said | undefined {
    const said = proseStatus(text);
    const named = said?.subjects.filter((s) => this.options.vocabulary.match(s).some((c) => c.items.length > 0)) ?? [];
    if (!said || named.length === 0) return undefined;
    const subject = named.join(", ");
    return { text, primary: subject, all: subject, whole: true, explicit: true, polarity: said.polarity };
  }

  /**
   * The cell a row is about. Wide tables often open with a group ("Monitoring | Prometheus metrics |
   * ❌"): the first cell naming a specific item wins over a cell naming only a category, and notes
   * columns count only when nothing else names anything.
   */
  private subjectCell(cells: readonly string[], isScore: boolean): string {
    if (isScore) return cells[0] ?? "";
    const concepts = cells.map((c) => this.options.vocabulary.match(c));
    const specific = concepts.findIndex((list) => list.some((c) => c.items.length > 0 && c.categories.length === 0));
    if (specific >= 0) return cells[specific] as string;
    const any = concepts.findIndex((list) => list.some((c) => c.items.length > 0));
    return cells[Math.max(any, 0)] ?? "";
  }

  /** "### **scheduler/** Testing": a folder the heading is about, when the repository has no folder of that name (nor of any other the heading names). */
  private absentFolderIn(heading: string): string | undefined {
    const has = this.options.hasFolderNamed;
    if (!has) return undefined;
    // "scheduler/ vs optimized/" compares a folder that is gone with one that is here: not about the gone one alone.
    const folders = [...heading.matchAll(FOLDER_IN_HEADING)].map((m) => m[1] as string);
    return folders.length > 0 && folders.every((folder) => !has(folder.slice(0, -1))) ? folders[0] : undefined;
  }

  private inHypothetical(): boolean {
    return this.label === "hypothetical" || this.headings.some((h) => h.hypothetical);
  }

  /** The status a line gets from the label or heading it sits under. */
  private inherited(): Inherited | undefined {
    if (this.label === "contents") return undefined;
    if (this.label && this.label !== "hypothetical") return { polarity: this.label, explicit: true };
    // A document's title ("# 10/10 PRODUCTION READY") claims the whole, not each line under it.
    const heading = this.headings.findLast((h) => h.polarity && h.level > 1);
    return heading?.polarity ? { polarity: heading.polarity, explicit: heading.pure } : undefined;
  }

  /** "Configure Sentry DSN": an operations step. "Test coverage", "Load testing" open with a known phrase, so they are nouns. */
  private isTask(text: string): boolean {
    return moodOf(text) === "task" && !this.options.vocabulary.match(text).some((c) => c.at === 0);
  }

  private build(line: number, text: string, shape: ClaimShape): ExtractedClaim | undefined {
    const { vocabulary } = this.options;
    const scope = this.headings.findLast((h) => h.scope)?.scope ?? this.options.documentScope;
    const aboutAbsentFolder = this.headings[this.headings.length - 1]?.absentFolder;
    const cites = this.options.exists ? citedPaths(text).filter(this.options.exists) : [];
    const base = {
      path: this.path,
      line,
      text: text.length > MAX_CLAIM_TEXT ? `${text.slice(0, MAX_CLAIM_TEXT - 1)}…` : text,
      ...(scope ? { scope } : {}),
      ...(cites.length > 0 ? { cites } : {}),
      ...(aboutAbsentFolder ? { aboutAbsentFolder } : {}),
    };
    const primary = clean(withoutScore(shape.primary, shape.score));
    const all = clean(withoutScore(shape.all, shape.score));
    let subject: string;
    let concepts: Concept[];
    let fromHeading = false;
    if (subjectWords(primary).length === 0) {
      // "Legend: ✅ done · ❌ missing" explains the marks; it claims nothing.
      if (isLegend(text)) return undefined;
      const titled = this.headings.findLast((h) => !h.pure);
      const overall = shape.score ? vocabulary.match(primary).filter((c) => c.overall) : [];
      if (!titled) return shape.score ? { ...base, kind: "score", subject: "", concepts: overall, score: shape.score, wholeAssessment: true } : undefined;
      subject = clean(withoutAsides(titled.text));
      concepts = matchFirst(vocabulary, subject, titled.text, shape.score !== undefined);
      fromHeading = true;
      // "Production readiness: 90%" under "📊 Where we stand" scores the whole, not the section.
      if (overall.length > 0 && !concepts.some((c) => c.items.length > 0 || c.categories.length > 0 || c.overall)) {
        subject = primary;
        concepts = overall;
        fromHeading = false;
      }
    } else {
      subject = primary;
      concepts = shape.whole && shape.polarity ? everythingNamed(vocabulary, primary, all, shape.polarity) : matchFirst(vocabulary, primary, all, shape.score !== undefined);
    }
    if (!shape.explicit && !concepts.some((c) => c.items.length > 0)) return undefined;
    const common = { ...base, subject, concepts, ...(fromHeading ? { fromHeading } : {}) };
    if (shape.score) {
      // "Load testing: 0/10" admits a gap; it is not a score of anything.
      const admitsGap = shape.score.percent === 0 && concepts.some((c) => c.items.length > 0);
      if (admitsGap) return { ...common, kind: "negative" };
      // "Security Middleware | ✅ | 100%" grades a piece of work, not the Security category.
      const narrowed = narrowingWords(subject, vocabulary, (c) => c.items.length > 0 || c.categories.length > 0);
      return { ...common, kind: "score", score: shape.score, ...(narrowed.length > 0 ? { narrowedTo: narrowed.join(" ") } : {}) };
    }
    const polarity = shape.polarity as Polarity;
    if (polarity === "positive") {
      // "Performance tests: benchmarking and profiling": the description says which kind is meant.
      const named = vocabulary.match(primary);
      const explainedBy = named.some((c) => c.items.length > 0) && !named.some((c) => c.unchecked) ? vocabulary.match(all).filter((c) => c.unchecked).map((c) => c.phrase) : [];
      return { ...common, kind: polarity, ...(explainedBy.length > 0 ? { explainedBy } : {}) };
    }
    // What else the line admits ("⚠️ needs log shipping" in the status cell) may be the real gap.
    const elsewhere = vocabulary.match(text).filter((c) => c.unchecked && !concepts.some((k) => k.unchecked && k.phrase === c.phrase));
    const aboutVerification = isAboutVerification(outsideConcepts(all, concepts));
    const unnamed = unnamedElements(all, vocabulary);
    const narrowed = narrowingWords(primary, vocabulary);
    return {
      ...common,
      concepts: [...concepts, ...elsewhere],
      kind: polarity,
      ...(aboutVerification ? { aboutVerification } : {}),
      ...(unnamed.length > 0 ? { unnamed } : {}),
      ...(narrowed.length > 0 ? { narrowedTo: narrowed.join(" ") } : {}),
    };
  }
}

interface ClaimShape {
  polarity?: Polarity;
  score?: SelfScore;
  /** The subject without asides (or a table's first subject cell); matched first. */
  primary: string;
  /** Everything the line says besides its status; matched when the primary text names nothing. */
  all: string;
  /** False for lines that only inherit a status from a heading with a subject: they count only if they name an item. */
  explicit: boolean;
  /** Every part of the text is the claim's (a line, not a table row whose other cells are notes): what its description and asides name counts too. */
  whole?: boolean;
}

/** What one line says, and how it reads in the report. */
interface Said extends ClaimShape {
  text: string;
}

/**
 * The part of a line that names its subject: "**Docker Compose** - Container orchestration" is about
 * Docker Compose; the description after the dash, and asides in parentheses, are matched only when
 * the subject itself names nothing.
 */
function subjectPart(text: string): string {
  const main = withoutAsides(text);
  const cut = main.search(/\s[-—–]\s|:\s/);
  return cut > 0 && subjectWords(main.slice(0, cut)).length > 0 ? main.slice(0, cut) : main;
}

/**
 * Concepts of the primary text; of the whole text when the primary names nothing a claim of this
 * kind can be about (a practice for a status; also a category or the whole for a score).
 */
function matchFirst(vocabulary: Vocabulary, primary: string, all: string, isScore: boolean): Concept[] {
  const relevant = (c: Concept) => c.items.length > 0 || c.unchecked || (isScore && (c.categories.length > 0 || c.overall));
  const concepts = vocabulary.match(primary);
  if (concepts.some(relevant)) return mergeSameMeaning(concepts, primary);
  return mergeSameMeaning(vocabulary.match(all), all);
}

/**
 * Everything a line names: its subject, and what its description and asides add ("Full monitoring
 * — live error tracking", "Automated tests (unit, integration, e2e)"), except parts that say they
 * are absent or not yet there ("— no tracing yet"). For a claim of having something, a broad word
 * ("monitoring", "observability") gives way to the specific practices the line names within it:
 * "monitoring with Sentry" is supported by Sentry, not by a health route.
 */
function everythingNamed(vocabulary: Vocabulary, primary: string, all: string, polarity: Polarity): Concept[] {
  const subject = matchFirst(vocabulary, primary, all, false);
  // "Unit tests (Vitest)", "Tracing (OpenTelemetry)": what shares an item with a specific subject only says how.
  const specific = subject.filter((s) => !isBroad(s)).flatMap((s) => s.items);
  const added = mergeSameMeaning(
    affirmedConcepts(vocabulary, all).filter((c) => c.items.length > 0 && !c.items.some((id) => specific.includes(id)) && !subject.some((s) => sameItems(s, c))),
    all,
  );
  if (added.length === 0) return subject;
  const kept = polarity === "positive" ? subject.filter((s) => !isNarrowedBy(s, added)) : subject;
  return [...kept, ...added];
}

/** A broad phrase, and the line names one of its items more precisely. */
function isNarrowedBy(broad: Concept, specific: readonly Concept[]): boolean {
  return isBroad(broad) && specific.some((c) => c.items.length < broad.items.length && c.items.every((id) => broad.items.includes(id)));
}

function sameItems(a: Concept, b: Concept): boolean {
  return a.items.length === b.items.length && a.items.every((id) => b.items.includes(id));
}

const FOLDER_IN_HEADING = /(?:^|[\s*`(])([\w.-]{1,80}\/)(?=[\s*`):]|$)/g;
const PART_REACH = 120;
/** No one writes a claim naming more practices than this; past it, a line's description adds nothing. */
const MAX_PARTS_CONCEPTS = 40;
const PHRASE_STOP = /[()[\],;|—–:]/;
const PART_BREAK = /[,;()[\]—–:|·+/]|\s-\s/g;
/** Words saying a part of a line is absent, excluded or only intended: "no tracing yet", "/health excluded", "later". */
const DENIAL =
  /\b(?:no|not|non|without|except|excluding|excluded|disabled|instead|replaces?|replaced|todo|later|planned|missing|pending|soon|optional|recommended|consider|vs|versus|eventually|someday|off)\b/i;

/** "Service containers in CI", "Rate limiting on the health route": a practice named as the place of another is not claimed. */
const CONTEXT_BEFORE = /\b(?:in|on|for|via|during|inside|across|from|per|through|at|to|by|under|behind|into)(?:\s+(?:the|a|an|every|each|all|our))?\s*$/i;

/** Concepts of the text whose part (between commas, dashes, brackets) does not deny them, and that are not named only as a place. */
function affirmedConcepts(vocabulary: Vocabulary, text: string): Concept[] {
  const breaks = [0, ...[...text.matchAll(PART_BREAK)].map((m) => m.index), text.length];
  // Concepts come in reading order: one walk over the breaks finds each one's part.
  let next = 0;
  return vocabulary
    .match(text)
    .slice(0, MAX_PARTS_CONCEPTS)
    .filter((concept) => {
    while (next < breaks.length - 1 && (breaks[next] as number) < concept.end) next++;
    let first = next;
    while (first > 0 && (breaks[first - 1] as number) > concept.start) first--;
    // A part is read at most PART_REACH characters either side: a hostile line of one endless part stays linear.
    const from = Math.max(first > 0 ? (breaks[first - 1] as number) : 0, concept.start - PART_REACH);
    const to = Math.min(breaks[next] as number, concept.end + PART_REACH);
    // "RLS (Row Level Security) policies" names no security policy: a phrase does not run across brackets.
    if (PHRASE_STOP.test(text.slice(concept.start, concept.end))) return false;
    if (CONTEXT_BEFORE.test(text.slice(Math.max(0, concept.start - 20), concept.start))) return false;
    const rest = `${text.slice(from, concept.start)} ${text.slice(concept.end, to)}`;
    return !DENIAL.test(rest) && wordPolarity(rest) !== "negative";
  });
}

/** Path-like words: "cms/src/middlewares/rate-limit.ts", "./docker/", "Dockerfile.prod" is not one (no slash, no known extension). */
const PATH_LIKE = /(?:^|[\s(,])(?:\.{1,2}\/|\/)?([\w.-]{1,100}(?:\/[\w.-]{1,100}){1,20}\/?|[\w-]{1,100}\.(?:ts|tsx|js|mjs|cjs|py|go|rb|java|kt|cs|php|rs|yml|yaml|json|toml|tf|sh))(?=$|[\s),;:])/g;

function citedPaths(text: string): string[] {
  return [...new Set([...text.matchAll(PATH_LIKE)].map((m) => (m[1] as string).replace(/\/$/, "")))];
}

/**
 * The things a line lists ("Logging implementation, configuration validation, test coverage")
 * that name nothing the checklist knows: when a gap is admitted about a list, the part the
 * checklist cannot see may be the part that is missing.
 */
function unnamedElements(text: string, vocabulary: Vocabulary): string[] {
  const elements = text.split(/[,;]| and | & /);
  if (elements.length < 2) return [];
  return elements
    .map((element) => clean(element.replace(/^[^:]{0,40}:\s/, "")))
    .filter((element) => subjectWords(element).length > 0 && !vocabulary.match(element).some((c) => c.items.length > 0 || c.unchecked));
}

/** Words that add nothing to what a gap is about: verbs of building, links, and generic nouns. */
const NOT_NARROWING = new Set(
  (
    "add adding implement implementing write introduce integrate build develop wire support set up setup create configure enable " +
    "file files proper properly basic any some full comprehensive automated automatic committed used using with at on in via per " +
    "across into from for of to pipeline real proper dedicated own"
  ).split(" "),
);

/**
 * The words of a gap's subject that narrow it beyond the practices it names: "Add unit tests for
 * auth utilities" admits missing tests for the auth utilities, and tests elsewhere do not make it stale.
 */
function narrowingWords(subject: string, vocabulary: Vocabulary, names: (concept: Concept) => boolean = (c) => c.items.length > 0): string[] {
  if (!vocabulary.match(subject).some(names)) return [];
  const blank = new Array<boolean>(subject.length).fill(false);
  for (const { start, end } of vocabulary.covered(subject)) blank.fill(true, start, end);
  let rest = "";
  for (let i = 0; i < subject.length; i++) rest += blank[i] ? " " : subject[i];
  return subjectWords(rest).filter((word) => !NOT_NARROWING.has(word));
}

function isLegend(text: string): boolean {
  let positive = false;
  let negative = false;
  for (const char of text) {
    const polarity = markPolarity(char);
    if (polarity === "positive") positive = true;
    if (polarity === "negative") negative = true;
  }
  return positive && negative;
}

function withoutScore(text: string, score: SelfScore | undefined): string {
  if (!score) return text;
  const at = text.indexOf(score.written);
  return at === -1 ? text : `${text.slice(0, at)} ${text.slice(at + score.written.length)}`;
}

/** The subject as a reader would name it: no status marks, no dangling separators. */
function clean(text: string): string {
  let out = "";
  for (const char of text) if (markPolarity(char) === undefined && char !== "\uFE0F") out += char;
  const separators = " :|·—–-";
  let start = 0;
  let end = out.length;
  while (start < end && separators.includes(out[start] as string)) start++;
  while (end > start && separators.includes(out[end - 1] as string)) end--;
  return out.slice(start, end).replace(/\s+/g, " ");
}

/** The words of the text that no matched phrase covers ("migrations tested" → "tested"). */
function outsideConcepts(text: string, concepts: readonly Concept[]): string {
  let rest = text;
  for (const concept of concepts) rest = rest.replace(concept.phrase, " ");
  return rest;
}

function statusPolarity(cell: string): Polarity | undefined {
  return markPolarity(cell) ?? valuePolarity(cell);
}

function labelOf(text: string): Label | undefined {
  if (!text.endsWith(":")) return undefined;
  const body = text.slice(0, -1);
  if (isHypothetical(body)) return "hypothetical";
  if (CONTENTS_LABEL.test(body.trim())) return "contents";
  if (NEXT_STEPS_LABEL.test(body.trim())) return "negative";
  if (!isPureStatus(body)) return undefined;
  return markPolarity(body) ?? wordPolarity(body);
}

/** "Docker: Complete", "Rate limiting — no": a subject, a separator, and a value that is only a status. */
function keyValuePolarity(text: string): Polarity | undefined {
  const separator = text.search(/:\s|\s[—–-]\s/);
  if (separator <= 0) return undefined;
  const value = text.slice(separator + 1).replace(/^[\s—–-]+/, "");
  if (!value || !isPureStatus(value)) return undefined;
  return valuePolarity(value);
}

function checkedBySection(blocks: readonly Block[]): boolean[] {
  const result = new Array<boolean>(blocks.length).fill(false);
  let start = 0;
  const close = (end: number) => {
    const any = blocks.slice(start, end).some((b) => b.kind === "list" && b.checkbox === "checked");
    result.fill(any, start, end);
  };
  for (const [index, block] of blocks.entries()) {
    if (block.kind !== "heading") continue;
    close(index);
    start = index;
  }
  close(blocks.length);
  return result;
}
