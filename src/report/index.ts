import type { AuditReport } from "../audit/report-model.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderSarif } from "./sarif.js";
import type { TextOptions } from "./text.js";

export const FORMATS = ["text", "markdown", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

export async function render(report: AuditReport, format: Format, options: TextOptions): Promise<string> {
  switch (format) {
    case "text":
      // Loaded only for the text report: its line wrapping (wrap-ansi) builds a grapheme segmenter
      // and a Unicode emoji expression when it loads, which the other formats do not need.
      return (await import("./text.js")).renderText(report, options);
    case "markdown":
      return renderMarkdown(report, { maxLength: Number.POSITIVE_INFINITY });
    case "json":
      return renderJson(report);
    case "sarif":
      return renderSarif(report);
  }
}
