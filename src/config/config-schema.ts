import * as z from "zod";
import { CONFIG_PATH, type ConfigResult, type ReadinessConfig } from "./config.js";
import type { SameType } from "./same-type.js";
import { describe, locateIssues, parseYamlDocument, type YamlProblem } from "./yaml-errors.js";

/**
 * The readiness.yml schema and its validation, with zod: imported only where a readiness.yml is
 * read, so an audit without one never loads zod. config.ts declares what it gives.
 */

/**
 * The schema is built on first use, not when the module loads: an audit without a readiness.yml
 * (most of them) never pays for building it.
 */
function buildConfigSchema() {
  const ItemId = z.string().regex(/^[a-z]+\.[a-z0-9-]+$/, "expected a checklist item id such as container.non-root");
  /** A calendar date as YYYY-MM-DD that exists: 2027-02-30 and 2027-13-01 are refused, 2028-02-29 is accepted. */
  const IsoDate = z
    .union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD")])
    .transform((d) => (typeof d === "string" ? d : d.toISOString().slice(0, 10)))
    .refine((d) => isCalendarDate(d), { error: (issue) => `${issue.input} is not a date in the calendar` });

  return z.strictObject({
    /** Org defaults to inherit (resolved by the GitHub App through Probot's config loader). */
    _extends: z.string().optional(),
    threshold: z.number().min(0).max(100).default(0),
    mode: z.enum(["enforce", "advisory"]).default("enforce"),
    required: z.array(ItemId).default([]),
    items: z
      .record(
        ItemId,
        z.strictObject({
          weight: z.number().min(0).max(100).optional(),
          enabled: z.boolean().optional(),
        }),
      )
      .default({}),
    waivers: z
      .array(
        z.strictObject({
          item: ItemId,
          reason: z.string().min(1, "say why the item is waived"),
          expires: IsoDate,
        }),
      )
      .default([]),
    ignore: z.array(z.string().min(1)).default([]),
    levels: z.record(z.string(), z.number().min(0).max(100)).optional(),
    claims: z
      .union([
        z.boolean(),
        z.strictObject({
          enabled: z.boolean().default(true),
          documents: z.array(z.string().min(1)).default([]),
        }),
      ])
      .default(true),
  });
}

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

let schema: ReturnType<typeof buildConfigSchema> | undefined;

/** The readiness.yml schema, built once per process on first use. */
export function configSchema(): ReturnType<typeof buildConfigSchema> {
  schema ??= buildConfigSchema();
  return schema;
}

/** Compiles only while the schema gives exactly the ReadinessConfig that config.ts declares. */
export const SCHEMA_GIVES_READINESS_CONFIG: SameType<z.infer<ReturnType<typeof buildConfigSchema>>, ReadinessConfig> = true;

/** Validates a readiness.yml; every problem comes back with its line and column. */
export function parseConfig(text: string, source: string = CONFIG_PATH): ConfigResult {
  const parsed = parseYamlDocument(text, source);
  if (!parsed.ok) return { ok: false, problems: parsed.problems, message: parsed.message };
  return validateConfig(parsed.value ?? {}, (issues) => locateIssues(parsed, source, issues), source);
}

/** Validates an already-parsed config object (e.g. merged by Probot's _extends), locating problems when possible. */
export function validateConfig(
  value: unknown,
  locate: (issues: readonly z.core.$ZodIssue[]) => YamlProblem[] = (issues) =>
    issues.map((i) => ({ source: CONFIG_PATH, key: i.path.join("."), message: i.message })),
  source: string = CONFIG_PATH,
): ConfigResult {
  const result = configSchema().safeParse(value ?? {});
  if (result.success) return { ok: true, config: result.data };
  const problems = locate(result.error.issues).map((p) => ({ ...p, source }));
  return { ok: false, problems, message: describe(problems) };
}
