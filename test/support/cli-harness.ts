import { Writable } from "node:stream";
import { runCli } from "../../src/cli/cli.js";

/** Runs the CLI in-process and captures what it writes, as a terminal user would see it. */
export async function cli(argv: string[], options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  let stdout = "";
  let stderr = "";
  const sink = (write: (chunk: string) => void) =>
    Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          write(String(chunk));
          done();
        },
      }),
      { isTTY: options.tty ?? false },
    );
  const code = await runCli(argv, {
    stdout: sink((c) => {
      stdout += c;
    }),
    stderr: sink((c) => {
      stderr += c;
    }),
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}
