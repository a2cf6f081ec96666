#!/usr/bin/env node
import { loadProgram } from "./program.js";

const { cli, finished } = await loadProgram();
process.exitCode = await cli.runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
finished();
