import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { tsWorker } from "./ts-worker.js";

/**
 * Catastrophic-backtracking inputs for regular expressions, run where a runaway match cannot
 * hang the test: a worker thread that is terminated when one expression stops making progress.
 *
 * For each expression, candidate attack shapes are built from its own source: every literal character
 * and character-class representative, pairs of neighbouring literals, and its literal words, each
 * repeated into a long run after an optional literal prefix and ended by a character that makes
 * the match fail last (the shape of every classic ReDoS input: prefix + pump^n + mismatch). All
 * candidates are screened at a short length; the slowest few are then timed at the full length
 * the engine can feed that expression.
 */
export interface RegexTarget {
  source: string;
  flags: string;
  /** Where the engine uses it (file:line), for the report. */
  site: string;
  /** The longest input the engine can give it. */
  length: number;
}

export interface RegexVerdict extends RegexTarget {
  /** The slowest attack at full length, in ms; Infinity when the expression hung. */
  worstMs: number;
  attack: string;
}

const SCREEN_LENGTH = 4_000;
const GROWTH_SHORT = 2_000;
const GROWTH_LONG = 8_000;
/** Below this a time is noise, and its growth says nothing. */
const MEASURABLE_MS = 0.2;
/** Time growing with length to a power above this is taken as superlinear (1 is linear, 2 quadratic). */
const SUPERLINEAR = 1.5;
const FINALISTS = 3;
/** Growth is read from the best of this many runs at each length, so one slow run cannot fake a superlinear curve. */
const GROWTH_RUNS = 3;
/** No progress for this long: the expression is taken to be catastrophic and the worker restarted. */
const HANG_MS = 3_000;
const COMMON = [" ", "\t", "\n", "\r", "a", "A", "1", "-", "_", ".", "/", ":", "=", "#", "*", "`", "'", '"', "<", ">", "[", "]", "(", ")", "{", "}", "$", "@", "|", "\\", ",", ";", "!", "?", "+", "&", "%", "~"];
const CLASS_SAMPLES: Record<string, string[]> = { s: [" ", "\t", "\n"], S: ["a"], d: ["1"], D: ["a"], w: ["a", "_", "1"], W: [" ", "-"], n: ["\n"], t: ["\t"], r: ["\r"] };

interface AttackShape {
  prefix: string;
  pump: string;
}

/** The attack of this shape, `length` characters long. */
function materialise({ prefix, pump }: AttackShape, length: number): string {
  const body = pump.repeat(Math.max(1, Math.ceil((length - prefix.length) / pump.length)));
  return `${`${prefix}${body}`.slice(0, length - 1)}\u0000`;
}

/** Candidate attack shapes for one expression, from its literals, class representatives and words. */
export function attackShapes(source: string): AttackShape[] {
  const literals: string[] = [];
  /** Runs of consecutive literal characters ("<!--", "run:", "require("), the pumps of multi-character loops. */
  const runs: string[] = [];
  let run = "";
  const endRun = () => {
    if (run.length >= 2) runs.push(run);
    run = "";
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (char === "\\" && i + 1 < source.length) {
      const next = source[++i] as string;
      const samples = CLASS_SAMPLES[next];
      literals.push(...(samples ?? [next]));
      if (samples) endRun();
      else run += next;
    } else if (!"[](){}*+?|^$.".includes(char)) {
      literals.push(char);
      run += char;
    } else {
      if (char === ".") literals.push("a");
      endRun();
    }
  }
  endRun();
  const words = [...new Set([...runs, ...source.split(/[^A-Za-z0-9_:@/-]+/).filter((w) => w.length >= 2)])].slice(0, 10);
  const pumps = new Set<string>([...COMMON, ...literals]);
  for (let i = 1; i < literals.length && pumps.size < 160; i++) pumps.add(`${literals[i - 1]}${literals[i]}`);
  for (const word of words) {
    pumps.add(word);
    pumps.add(`${word} `);
  }
  const shapes: AttackShape[] = [];
  for (const prefix of ["", ...words.map((w) => `${w} `), ...words]) for (const pump of pumps) shapes.push({ prefix, pump });
  return shapes;
}

/** Runs the expression over the input as the engine would: once, or through every match if global. */
function exercise(regex: RegExp, input: string): void {
  regex.lastIndex = 0;
  if (!regex.global) {
    regex.exec(input);
    return;
  }
  for (let i = 0; i < 10_000; i++) {
    const match = regex.exec(input);
    if (!match) return;
    if (match[0] === "") regex.lastIndex++;
  }
}

function timed(regex: RegExp, input: string): number {
  const started = performance.now();
  exercise(regex, input);
  return performance.now() - started;
}

/** The best of a few runs: a pause for garbage collection or another process only ever adds time. */
function bestOf(runs: number, regex: RegExp, input: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) best = Math.min(best, timed(regex, input));
  return best;
}

/**
 * The worst of the finalists at the target's full length. A finalist whose time grows faster
 * than linearly between 2,000 and 8,000 characters is not run at full length (a quadratic
 * expression would hang for hours on 512 KB): its time there is extrapolated from that growth.
 */
function judge(target: RegexTarget): { worstMs: number; attack: string } {
  const regex = new RegExp(target.source, target.flags);
  const screenLength = Math.min(SCREEN_LENGTH, target.length);
  const finalists = attackShapes(target.source)
    .map((shape) => ({ shape, ms: timed(regex, materialise(shape, screenLength)) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, FINALISTS);
  let worst = { worstMs: 0, attack: "" };
  for (const { shape } of finalists) {
    let ms: number;
    if (target.length > GROWTH_LONG) {
      const short = bestOf(GROWTH_RUNS, regex, materialise(shape, GROWTH_SHORT));
      const long = bestOf(GROWTH_RUNS, regex, materialise(shape, GROWTH_LONG));
      const exponent = short > MEASURABLE_MS ? Math.log(long / short) / Math.log(GROWTH_LONG / GROWTH_SHORT) : 1;
      ms = exponent > SUPERLINEAR ? long * (target.length / GROWTH_LONG) ** exponent : timed(regex, materialise(shape, target.length));
    } else ms = timed(regex, materialise(shape, target.length));
    if (ms >= worst.worstMs) worst = { worstMs: ms, attack: materialise(shape, 120) };
  }
  return worst;
}

type Message = { kind: "start"; index: number } | { kind: "done"; index: number; worstMs: number; attack: string };

/** Judges every target; an expression that hangs is reported with worstMs Infinity. */
export async function judgeAll(targets: RegexTarget[]): Promise<RegexVerdict[]> {
  const verdicts: RegexVerdict[] = [];
  let next = 0;
  while (next < targets.length) {
    next = await new Promise<number>((resolve, reject) => {
      const worker = tsWorker(import.meta.url, { kind: "regex-attacks", targets, from: next });
      let current = next;
      let stopped = false;
      let watchdog = setTimeout(() => undefined, 0);
      const arm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          const target = targets[current] as RegexTarget;
          verdicts.push({ ...target, worstMs: Number.POSITIVE_INFINITY, attack: "(no answer: the worker was stopped)" });
          stopped = true;
          void worker.terminate();
        }, HANG_MS);
      };
      arm();
      worker.on("message", (message: Message) => {
        if (message.kind === "start") {
          current = message.index;
          arm();
        } else verdicts.push({ ...(targets[message.index] as RegexTarget), worstMs: message.worstMs, attack: message.attack });
      });
      worker.once("error", (error) => {
        clearTimeout(watchdog);
        reject(error);
      });
      worker.once("exit", () => {
        clearTimeout(watchdog);
        resolve(stopped ? current + 1 : targets.length);
      });
    });
  }
  return verdicts;
}

if (!isMainThread && (workerData as { kind?: string } | undefined)?.kind === "regex-attacks") {
  const { targets, from } = workerData as { targets: RegexTarget[]; from: number };
  for (let index = from; index < targets.length; index++) {
    parentPort?.postMessage({ kind: "start", index } satisfies Message);
    const { worstMs, attack } = judge(targets[index] as RegexTarget);
    parentPort?.postMessage({ kind: "done", index, worstMs, attack: attack.slice(0, 120) } satisfies Message);
  }
  process.exit(0);
}
