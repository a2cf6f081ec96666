import { claimsByDocument, claimsHeadline, MISLEADING, VERDICT_LABEL, verdictCounts } from "../claims/present.js";
import type { Claim, ClaimVerdict } from "../claims/model.js";
import type { ReportingDescriptor, Result } from "sarif";
import type { AuditReport } from "../audit/report-model.js";
import { PROJECT_URL } from "./links.js";
import { EVIDENCE_SHOWN, formatLocation } from "./shared.js";

/** How many claims per document a report lists in full before summarising the rest (misleading ones are always listed). */
const CLAIMS_SHOWN = 25;

type Paint = (style: "red" | "yellow" | "green" | "gray" | "cyan" | "bold", text: string) => string;

const TEXT_MARK: Record<ClaimVerdict, [string, Parameters<Paint>[0]]> = {
  contradicted: ["✗", "red"],
  stale: ["!", "yellow"],
  supported: ["✓", "green"],
  confirmed: ["~", "cyan"],
  not_verifiable: ["?", "gray"],
};

const MARKDOWN_ICON: Record<ClaimVerdict, string> = {
  contradicted: "❌",
  stale: "🕰️",
  supported: "✅",
  confirmed: "☑️",
  not_verifiable: "❔",
};

/** Which claims a report lists: every misleading one, then the rest up to the limit. */
function shown(claims: readonly Claim[]): { listed: Claim[]; hidden: number } {
  const misleading = claims.filter((c) => MISLEADING.has(c.verdict));
  const rest = claims.filter((c) => !MISLEADING.has(c.verdict)).slice(0, Math.max(0, CLAIMS_SHOWN - misleading.length));
  return {
    listed: [...misleading, ...rest],
    hidden: claims.length - misleading.length - rest.length,
  };
}

/** The text report's "Claims" section; empty when claims are off or no readiness document exists. */
export function claimsText(report: AuditReport, paint: Paint): string[] {
  const claims = report.claims;
  const headline = claims ? claimsHeadline(claims) : undefined;
  if (!claims || !headline) return [];
  const out = ["", paint("bold", "Claims"), `  ${headline}`];
  for (const document of claimsByDocument(claims)) {
    out.push("", `  ${paint("bold", document.path)}: ${document.summary}${document.claims.length ? ` (${verdictCounts(document.claims)})` : ""}`);
    const { listed, hidden } = shown(document.claims);
    for (const claim of listed) {
      const [mark, style] = TEXT_MARK[claim.verdict];
      out.push(`    ${paint(style, mark)} ${claim.path}:${claim.line}  ${paint(style, VERDICT_LABEL[claim.verdict])}  ${claim.text}`);
      out.push(`        ${claim.reason}`);
      for (const evidence of claim.evidence.slice(0, EVIDENCE_SHOWN))
        out.push(`        ${paint("gray", `${formatLocation(evidence)}${evidence.note ? `  ${evidence.note}` : ""}`)}`);
    }
    if (hidden > 0) out.push(`    ${paint("gray", `… and ${hidden} more claims (see --format json)`)}`);
  }
  return out;
}

/** The Markdown report's "Claims" section; undefined when claims are off or no readiness document exists. */
export function claimsMarkdown(report: AuditReport, escapeText: (text: string) => string): string | undefined {
  const claims = report.claims;
  const headline = claims ? claimsHeadline(claims) : undefined;
  if (!claims || !headline) return undefined;
  const out = ["### 📄 Claims", "", `**${escapeText(headline)}**`, ""];
  for (const document of claimsByDocument(claims)) {
    out.push(
      `#### ${escapeText(document.path)}`,
      "",
      `${escapeText(document.summary)}${document.claims.length ? ` (${verdictCounts(document.claims)})` : ""}`,
      "",
    );
    const { listed, hidden } = shown(document.claims);
    for (const claim of listed) {
      out.push(
        `- ${MARKDOWN_ICON[claim.verdict]} **${VERDICT_LABEL[claim.verdict]}** · line ${claim.line}: ${escapeText(claim.text)}  `,
        `  ${escapeText(claim.reason)}  `,
      );
      for (const evidence of claim.evidence.slice(0, EVIDENCE_SHOWN))
        out.push(`  ↳ ${escapeText(formatLocation(evidence))}${evidence.note ? ` — ${escapeText(evidence.note)}` : ""}  `);
    }
    if (hidden > 0) out.push(`- _… and ${hidden} more claims_`);
    out.push("");
  }
  return `${out.join("\n")}\n`;
}

const SARIF_CLAIM_RULES: ReportingDescriptor[] = [
  {
    id: "claims.contradicted",
    name: "ClaimContradicted",
    shortDescription: {
      text: "A readiness document claims something the code does not contain",
    },
    fullDescription: {
      text: "A readiness document marks a practice as done, but the audit finds no evidence of it in the repository.",
    },
    help: {
      text: "Implement what the document claims, or correct the document.",
    },
    helpUri: `${PROJECT_URL}#claims-versus-evidence`,
    properties: { tags: ["production-readiness", "claims"] },
  },
  {
    id: "claims.stale",
    name: "ClaimStale",
    shortDescription: { text: "A readiness document is out of date" },
    fullDescription: {
      text: "A readiness document says a practice is missing (or scores itself low), but the code has it now.",
    },
    help: { text: "Update the document to match the code." },
    helpUri: `${PROJECT_URL}#claims-versus-evidence`,
    properties: { tags: ["production-readiness", "claims"] },
  },
];

/** SARIF rules and results for contradicted and stale claims, on the claim's line; `firstRuleIndex` is where the claim rules start. */
export function claimsSarif(report: AuditReport, firstRuleIndex: number): { rules: ReportingDescriptor[]; results: Result[] } {
  const misleading = report.claims?.items.filter((c) => MISLEADING.has(c.verdict)) ?? [];
  if (!report.claims) return { rules: [], results: [] };
  const results = misleading.map((claim): Result => {
    const ruleIndex = SARIF_CLAIM_RULES.findIndex((r) => r.id === `claims.${claim.verdict}`);
    return {
      ruleId: `claims.${claim.verdict}`,
      ruleIndex: firstRuleIndex + ruleIndex,
      level: "warning",
      message: { text: `${claim.text} — ${claim.reason}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: claim.path },
            region: { startLine: claim.line },
          },
        },
      ],
      partialFingerprints: { readinessClaim: `${claim.path}|${claim.text}` },
    };
  });
  return { rules: SARIF_CLAIM_RULES, results };
}
