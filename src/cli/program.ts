import { fileURLToPath } from "node:url";
import { COMPILED_BUNDLE } from "./compiled-bundle.js";
import { loadCompiledProgram } from "./compiled-program.js";
import type * as Cli from "./cli.js";

export interface Program {
  cli: typeof Cli;
  /** Called when the run is over: saves the compiled code for the next start, where there is a bundle. */
  finished(): void;
}

/** The command line from the compiled bundle when built, from its modules when run from the source. */
export async function loadProgram(): Promise<Program> {
  if (!COMPILED_BUNDLE) return { cli: await import("./cli.js"), finished: () => {} };
  const path = fileURLToPath(new URL(COMPILED_BUNDLE.file, import.meta.url));
  const compiled = loadCompiledProgram<typeof Cli>({ path, sha256: COMPILED_BUNDLE.sha256 });
  return { cli: compiled.exports, finished: () => compiled.keepCompiledCode() };
}
