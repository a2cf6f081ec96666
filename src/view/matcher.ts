/**
 * Aho–Corasick over UTF-16 code units: every occurrence of every needle in one pass over a text,
 * whatever the number of needles. Built as a full transition table over the needles' own
 * characters (every other character leads back to the root), so the pass is one table lookup
 * per character.
 */
export class NeedleMatcher {
  readonly needles: readonly string[];
  /** Character code → column of the table; 0 for characters no needle holds. */
  private readonly column: Uint16Array;
  private readonly width: number;
  private readonly next: Int32Array;
  /** Needles that end at each state, the state's own and those of its suffixes. */
  private readonly endings: (readonly number[] | undefined)[];

  constructor(needles: readonly string[]) {
    this.needles = needles;
    this.column = new Uint16Array(65536);
    let columns = 1;
    for (const needle of needles) {
      for (let i = 0; i < needle.length; i++) {
        const code = needle.charCodeAt(i);
        if (this.column[code] === 0) this.column[code] = columns++;
      }
    }
    this.width = columns;

    // The trie: goto[state * width + column], -1 where it has no edge.
    const edges: number[] = [];
    const newState = () => {
      for (let c = 0; c < columns; c++) edges.push(-1);
      return edges.length / columns - 1;
    };
    newState();
    const ends: number[][] = [[]];
    needles.forEach((needle, id) => {
      if (needle === "") return;
      let state = 0;
      for (let i = 0; i < needle.length; i++) {
        const slot = state * columns + (this.column[needle.charCodeAt(i)] as number);
        if ((edges[slot] as number) === -1) {
          edges[slot] = newState();
          ends.push([]);
        }
        state = edges[slot] as number;
      }
      (ends[state] as number[]).push(id);
    });

    // Breadth first: each state's failure is the longest proper suffix that is a trie state; its
    // missing edges are its failure's, and it ends whatever its failure ends.
    const states = edges.length / columns;
    this.next = new Int32Array(states * columns);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let c = 0; c < columns; c++) {
      const child = edges[c] as number;
      this.next[c] = child === -1 ? 0 : child;
      if (child > 0) queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number;
      const failure = fail[state] as number;
      (ends[state] as number[]).push(...(ends[failure] as number[]));
      for (let c = 0; c < columns; c++) {
        const child = edges[state * columns + c] as number;
        if (child === -1) this.next[state * columns + c] = this.next[failure * columns + c] as number;
        else {
          this.next[state * columns + c] = child;
          fail[child] = this.next[failure * columns + c] as number;
          queue.push(child);
        }
      }
    }
    this.endings = ends.map((list) => (list.length > 0 ? list : undefined));
  }

  /** Calls found(needle index, start offset) for every occurrence, overlapping ones included, in order of their ends. */
  scan(text: string, found: (needle: number, start: number) => void): void {
    const { column, width, next, endings, needles } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = next[state * width + (column[text.charCodeAt(i)] as number)] as number;
      const ending = endings[state];
      if (ending !== undefined) for (const id of ending) found(id, i + 1 - (needles[id] as string).length);
    }
  }
}
