import { claimsCheckRunOutput } from "../../claims/present.js";
import type { YamlProblem } from "../../config/yaml-errors.js";
import type { AuditReport } from "../../audit/report-model.js";
import { escapeMarkdown, GITHUB_TEXT_LIMIT, renderMarkdown } from "../../report/markdown.js";
import { headline } from "../../report/shared.js";

export type CheckConclusion = "success" | "failure" | "neutral" | "action_required";

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

/** What a completed check run shows: its conclusion and output. */
export interface CheckOutcome {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  annotations: Annotation[];
}

/** Annotations beyond this are summarised: each 50 cost one more request, and a reader stops long before. */
export const MAX_ANNOTATIONS = 150;
const ANNOTATION_TITLE_LIMIT = 255;
const ANNOTATION_MESSAGE_LIMIT = 64 * 1024 - 1;

/**
 * The check of a finished audit: the report's headline as title, the Markdown report as summary
 * (with the change against the base branch first), a warning on the line of every readiness claim
 * the code contradicts or has outgrown (few, and the reason the product exists, so they come first),
 * and an annotation on every evidence line of a failing or partial item.
 */
export function auditOutcome(report: AuditReport, preface: string[] = []): CheckOutcome {
  const all = [...claimAnnotations(report), ...findingAnnotations(report)];
  const annotations = all.slice(0, MAX_ANNOTATIONS);
  const more =
    all.length > annotations.length
      ? [`_${all.length - annotations.length} more annotations were left out; the items below list every finding._`, ""]
      : [];
  return {
    conclusion: report.conclusion,
    title: headline(report),
    summary: renderMarkdown(report, { maxLength: GITHUB_TEXT_LIMIT, preface: [...preface, ...more] }),
    annotations,
  };
}

function claimAnnotations(report: AuditReport): Annotation[] {
  return (claimsCheckRunOutput(report)?.annotations ?? []).map((claim) => ({
    path: claim.path,
    start_line: claim.line,
    end_line: claim.line,
    annotation_level: claim.level,
    title: clip(claim.title, ANNOTATION_TITLE_LIMIT),
    message: clip(claim.message, ANNOTATION_MESSAGE_LIMIT),
  }));
}

function findingAnnotations(report: AuditReport): Annotation[] {
  const annotations: Annotation[] = [];
  for (const item of report.items) {
    if (item.outcome !== "fail" && item.outcome !== "partial") continue;
    for (const evidence of item.evidence) {
      const line = evidence.line ?? 1;
      const message = [item.reason, evidence.note, `Fix: ${item.remediation}`].filter(Boolean).join("\n");
      annotations.push({
        path: evidence.path,
        start_line: line,
        end_line: line,
        annotation_level: item.outcome === "fail" ? "failure" : "warning",
        title: clip(`${item.id}: ${item.title}`, ANNOTATION_TITLE_LIMIT),
        message: clip(message, ANNOTATION_MESSAGE_LIMIT),
      });
    }
  }
  return annotations;
}

/**
 * An invalid .github/readiness.yml completes the check with `failure`: the repository asked for
 * rules the app cannot apply, so passing (or auditing with silent defaults) would hide that, and
 * `action_required` would send readers to a details page this app does not have.
 */
export function invalidConfigOutcome(problems: readonly YamlProblem[], repositoryConfigPath: string): CheckOutcome {
  const lines = problems.map((p) => `- \`${locate(p)}\` ${p.key ? `**${escapeMarkdown(p.key)}**: ` : ""}${escapeMarkdown(p.message)}`);
  const summary = [
    "## The readiness configuration is invalid",
    "",
    "Readiness did not audit this commit, because its configuration could not be applied. Fix these problems and push again, or press **Re-run audit**:",
    "",
    ...lines,
    "",
    "The configuration is read from the commit audited (for a pull request, from its base commit), with `_extends` followed: a fix counts from the commit that makes it, or once it is merged into the base.",
  ].join("\n");
  return {
    conclusion: "failure",
    title: `Invalid configuration: ${problems.length} problem${problems.length === 1 ? "" : "s"}`,
    summary: clip(summary, GITHUB_TEXT_LIMIT),
    annotations: problems
      .filter((p) => p.source === repositoryConfigPath)
      .slice(0, MAX_ANNOTATIONS)
      .map((p) => ({
        path: repositoryConfigPath,
        start_line: p.line ?? 1,
        end_line: p.line ?? 1,
        annotation_level: "failure" as const,
        title: "Invalid readiness configuration",
        message: clip(`${p.key ? `${p.key}: ` : ""}${p.message}`, ANNOTATION_MESSAGE_LIMIT),
      })),
  };
}

/** An audit that could not finish: `neutral`, so it never blocks a merge, and it says what failed. */
export function failedOutcome(what: string): CheckOutcome {
  return {
    conclusion: "neutral",
    title: "Readiness could not finish the audit",
    summary: clip(
      [
        "## The audit did not finish",
        "",
        `**What failed:** ${escapeMarkdown(what)}`,
        "",
        "Nothing was concluded about this commit's readiness. Press **Re-run audit** to try again; if it keeps failing, the app's logs have the details.",
      ].join("\n"),
      GITHUB_TEXT_LIMIT,
    ),
    annotations: [],
  };
}

function locate(problem: YamlProblem): string {
  return `${problem.source}${problem.line ? `:${problem.line}:${problem.column ?? 1}` : ""}`;
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
