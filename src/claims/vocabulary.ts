import type { Synonyms } from "./synonyms.js";
import { type Token, tokenize, words } from "./text.js";

/** One thing a claim names, found by a phrase of the synonym table. */
export interface Concept {
  /** The words as the document wrote them, e.g. "Health checks". */
  phrase: string;
  /** Checklist items the phrase means; several mean "any of these". */
  items: string[];
  /** Categories the phrase names (used for self-given scores). */
  categories: string[];
  /** The phrase names the whole assessment ("Overall", "Production readiness"). */
  overall: boolean;
  /** The phrase names a practice this checklist does not check. */
  unchecked: boolean;
  /** Word index in the text where the phrase starts. */
  at: number;
  /** Character offsets of the phrase in the text. */
  start: number;
  end: number;
}

interface Entry {
  words: string[];
  items: Set<string>;
  categories: Set<string>;
  overall: boolean;
  unchecked: boolean;
}

/**
 * Whole-word phrase matching over the synonym table. Phrases are compared on folded words,
 * never substrings, and the longest phrase wins where two overlap.
 */
export class Vocabulary {
  private readonly byFirstWord = new Map<string, Entry[]>();

  constructor(synonyms: Synonyms, categoryTitles: Record<string, string> = {}) {
    for (const [item, phrases] of Object.entries(synonyms.items)) for (const p of phrases) this.entry(p).items.add(item);
    for (const [category, phrases] of Object.entries(synonyms.categories)) for (const p of phrases) this.entry(p).categories.add(category);
    for (const [category, title] of Object.entries(categoryTitles)) this.entry(title).categories.add(category);
    for (const p of synonyms.overall) this.entry(p).overall = true;
    for (const p of synonyms.unchecked) this.entry(p).unchecked = true;
    for (const entries of this.byFirstWord.values()) entries.sort((a, b) => b.words.length - a.words.length);
  }

  private entry(phrase: string): Entry {
    const list = words(phrase);
    const first = list[0] as string;
    const entries = this.byFirstWord.get(first) ?? [];
    this.byFirstWord.set(first, entries);
    const key = list.join(" ");
    let entry = entries.find((e) => e.words.join(" ") === key);
    if (!entry) {
      entry = {
        words: list,
        items: new Set(),
        categories: new Set(),
        overall: false,
        unchecked: false,
      };
      entries.push(entry);
    }
    return entry;
  }

  /** Character spans of every phrase the text contains, overlapping ones included: what the vocabulary covers of it. */
  covered(text: string): { start: number; end: number }[] {
    const tokens = tokenize(text);
    return this.candidates(tokens).map(({ at, length }) => ({ start: (tokens[at] as Token).start, end: (tokens[at + length - 1] as Token).end }));
  }

  private candidates(tokens: readonly Token[]): { at: number; length: number; entry: Entry }[] {
    const found: { at: number; length: number; entry: Entry }[] = [];
    tokens.forEach((token, at) => {
      for (const entry of this.byFirstWord.get(token.word) ?? []) {
        if (entry.words.every((w, k) => tokens[at + k]?.word === w)) found.push({ at, length: entry.words.length, entry });
      }
    });
    return found;
  }

  /** Every concept the text names, in reading order, longest phrase first where they overlap. */
  match(text: string): Concept[] {
    const tokens = tokenize(text);
    const found = this.candidates(tokens);
    found.sort((a, b) => b.length - a.length || a.at - b.at);
    const taken = new Array<boolean>(tokens.length).fill(false);
    const kept: typeof found = [];
    for (const candidate of found) {
      let free = true;
      for (let k = candidate.at; k < candidate.at + candidate.length; k++) if (taken[k]) free = false;
      if (!free) continue;
      for (let k = candidate.at; k < candidate.at + candidate.length; k++) taken[k] = true;
      kept.push(candidate);
    }
    kept.sort((a, b) => a.at - b.at);
    return kept.map(({ at, length, entry }) => {
      const start = (tokens[at] as { start: number }).start;
      const end = (tokens[at + length - 1] as { end: number }).end;
      return {
        phrase: text.slice(start, end),
        items: [...entry.items],
        categories: [...entry.categories],
        overall: entry.overall,
        unchecked: entry.unchecked,
        at,
        start,
        end,
      };
    });
  }
}

/** A phrase meaning three or more items ("monitoring", "observability", "documentation") names an area, not one practice. */
export function isBroad(concept: Pick<Concept, "items">): boolean {
  return concept.items.length >= 3;
}

/**
 * One concept per meaning: "Sentry error tracking" names error tracking twice, and reads better
 * as one phrase. Concepts with the same items merge; adjacent ones keep the words between them.
 */
export function mergeSameMeaning(concepts: readonly Concept[], text: string): Concept[] {
  const merged: Concept[] = [];
  for (const concept of concepts) {
    const key = meaningKey(concept);
    const same = merged.findIndex((m) => meaningKey(m) === key);
    if (same === -1) {
      merged.push(concept);
      continue;
    }
    const first = merged[same] as Concept;
    const between = text.slice(first.end, concept.start);
    const phrase = between.trim() === "" ? text.slice(first.start, concept.end) : `${first.phrase} / ${concept.phrase}`;
    merged[same] = { ...first, phrase, end: concept.end };
  }
  return merged;
}

function meaningKey(concept: Concept): string {
  return [concept.items.join(","), concept.categories.join(","), concept.overall, concept.unchecked].join("|");
}
