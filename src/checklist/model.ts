/**
 * The checklist's shape, apart from its loading (checklist.ts) and its schema (checklist-schema.ts,
 * with zod), which both build on it.
 */

export const APPLICABILITY = ["always", "service", "web-service", "deployable", "database", "dockerfile"] as const;
export type Applicability = (typeof APPLICABILITY)[number];

export interface ChecklistItem {
  id: string;
  title: string;
  category: string;
  weight: number;
  why: string;
  remediation: string;
  applies: Applicability[];
  /** Where `applies` does not hold, a pass or partial is still reported and counted (present, though not required). */
  creditWhenPresent: boolean;
}

/** A validated checklist (checklist-schema.ts's schema gives exactly this; it does not compile otherwise). */
export interface Checklist {
  version: 1;
  categories: Record<string, string>;
  levels: Record<string, number>;
  items: ChecklistItem[];
}
