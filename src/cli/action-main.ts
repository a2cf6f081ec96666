#!/usr/bin/env node
import { runAction } from "./action.js";

process.exitCode = await runAction({ stdout: process.stdout, stderr: process.stderr, env: process.env });
