/** What every command of the CLI (and the Action) shares, without loading the engine. */

export const EXIT = { ok: 0, belowThreshold: 1, usage: 2 } as const;

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Bad input from the user (a flag, a path, a file): reported in one line, exit code 2. */
export class UsageError extends Error {}

/** --min-score (or the Action's min-score input): a number from 0 to 100, or nothing. */
export function parseMinScore(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const minScore = Number(text);
  if (!(Number.isFinite(minScore) && minScore >= 0 && minScore <= 100)) throw new UsageError(`--min-score must be a number from 0 to 100; got "${text}"`);
  return minScore;
}
