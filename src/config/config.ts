import type { YamlProblem } from "./yaml-errors.js";

/**
 * What a readiness.yml configures, without its schema: the audit and the CLI import this and load
 * the schema (config-schema.ts, with zod) only to read a readiness.yml.
 */

/** Where the repository's own configuration lives, relative to its root. */
export const CONFIG_PATH = ".github/readiness.yml";

/** A validated readiness.yml (config-schema.ts's schema gives exactly this; it does not compile otherwise). */
export interface ReadinessConfig {
  /** Org defaults to inherit (resolved by the GitHub App through Probot's config loader). */
  _extends?: string | undefined;
  threshold: number;
  mode: "enforce" | "advisory";
  required: string[];
  items: Record<string, { weight?: number | undefined; enabled?: boolean | undefined }>;
  waivers: { item: string; reason: string; expires: string }[];
  ignore: string[];
  levels?: Record<string, number> | undefined;
  claims: boolean | { enabled: boolean; documents: string[] };
}

/** What the schema gives for an empty file (a test holds them equal, key for key). */
export const DEFAULT_CONFIG: ReadinessConfig = { threshold: 0, mode: "enforce", required: [], items: {}, waivers: [], ignore: [], claims: true };

export type ConfigResult = { ok: true; config: ReadinessConfig } | { ok: false; problems: YamlProblem[]; message: string };
