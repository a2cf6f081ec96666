import type { Probe } from "../probe.js";
import { dbMigrations } from "./db-migrations.js";
import { gracefulShutdown } from "./graceful-shutdown.js";
import { loadTests } from "./load-tests.js";

export const opsProbes: Probe[] = [dbMigrations, loadTests, gracefulShutdown];
