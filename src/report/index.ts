import type { AuditReport } from "../audit/report-model.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderSarif } from "./sarif.js";
import { renderText, type TextOptions } from "./text.js";

export const FORMATS = ["text", "markdown", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

export function render(report: AuditReport, format: Format, options: TextOptions): string {
  switch (format) {
    case "text":
      return renderText(report, options);
    case "markdown":
      return renderMarkdown(report, { maxLength: Number.POSITIVE_INFINITY });
    case "json":
      return renderJson(report);
    case "sarif":
      return renderSarif(report);
  }
}
