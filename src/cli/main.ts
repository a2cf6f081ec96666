#!/usr/bin/env node
import module from "node:module";

// Node ≥ 22.1 keeps V8's compiled code of the modules imported below between runs; Node 20 has no such cache.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { runCli } = await import("./cli.js");

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
