import * as z from "zod";
import type { SameType } from "../config/same-type.js";
import { describe, locateIssues, parseYamlDocument } from "../config/yaml-errors.js";
import { ChecklistError } from "./checklist-error.js";
import { APPLICABILITY, type Checklist } from "./model.js";

/**
 * The checklist schema and its validation, with zod: loaded only to read a checklist file (the
 * bundles carry the default one validated at build time). checklist.ts declares what it gives.
 */

function buildChecklistSchema() {
  const ItemSchema = z.strictObject({
    id: z.string().regex(/^[a-z]+\.[a-z0-9-]+$/, "ids look like category.item-name"),
    title: z.string().min(1),
    category: z.string().min(1),
    weight: z.number().positive().max(100),
    why: z.string().min(1),
    remediation: z.string().min(1),
    applies: z.array(z.enum(APPLICABILITY)).min(1),
    /** Where `applies` does not hold, a pass or partial is still reported and counted (present, though not required). */
    creditWhenPresent: z.boolean().default(false),
  });

  return z
    .strictObject({
      version: z.literal(1),
      categories: z.record(z.string(), z.string()),
      levels: z.record(z.string(), z.number().min(0).max(100)),
      items: z.array(ItemSchema).min(1),
    })
    .superRefine((checklist, ctx) => {
      const seen = new Set<string>();
      checklist.items.forEach((item, index) => {
        if (seen.has(item.id)) ctx.addIssue({ code: "custom", path: ["items", index, "id"], message: `duplicate item id ${item.id}` });
        seen.add(item.id);
        if (!(item.category in checklist.categories))
          ctx.addIssue({ code: "custom", path: ["items", index, "category"], message: `unknown category "${item.category}" (declare it under categories)` });
      });
    });
}

/** Built when this module loads, which is when a checklist file is to be read. */
const ChecklistSchema = buildChecklistSchema();

/** Compiles only while the schema gives exactly the Checklist that checklist.ts declares. */
export const SCHEMA_GIVES_CHECKLIST: SameType<z.infer<ReturnType<typeof buildChecklistSchema>>, Checklist> = true;

export function parseChecklist(text: string, source: string): Checklist {
  const parsed = parseYamlDocument(text, source);
  if (!parsed.ok) throw new ChecklistError(parsed.message);
  const result = ChecklistSchema.safeParse(parsed.value);
  if (!result.success) {
    const problems = locateIssues(parsed, source, result.error.issues).map((problem) => ({
      ...problem,
      message: problem.key.startsWith("items.") ? `${problem.message} (item ${itemId(parsed.value, problem.key)})` : problem.message,
    }));
    throw new ChecklistError(describe(problems));
  }
  return result.data;
}

function itemId(value: unknown, key: string): string {
  const index = Number(key.split(".")[1]);
  const items = (value as { items?: { id?: unknown }[] } | undefined)?.items;
  const id = Array.isArray(items) ? items[index]?.id : undefined;
  return typeof id === "string" ? id : `#${index + 1}`;
}
