import { type Html, html } from "./html.js";

/**
 * Charts as inline SVG drawn on the server: nothing to download, nothing to run, and they render
 * the same offline (GHES installs) as online. Colours are presentation attributes, which the
 * Content-Security-Policy allows where it forbids inline styles.
 */

const LEVEL_COLOURS: Record<string, string> = { Gold: "#c9a227", Silver: "#8e99a4", Bronze: "#b5733a", "Not ready": "#c0392b" };
const OTHER_COLOUR = "#5b7fb5";

export function levelColour(level: string): string {
  return LEVEL_COLOURS[level] ?? OTHER_COLOUR;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A score trend in a table cell: 0–100 upwards, the last point marked. */
export function sparkline(scores: number[], width = 80, height = 20): Html {
  if (scores.length === 0) return html`<span class="muted">no trend</span>`;
  const step = scores.length > 1 ? (width - 4) / (scores.length - 1) : 0;
  const points = scores.map((score, i) => [2 + i * step, 2 + ((100 - score) * (height - 4)) / 100] as const);
  const [lastX, lastY] = points[points.length - 1] as readonly [number, number];
  return html`<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="score trend: ${scores.map((s) => Math.round(s)).join(", ")}"><polyline fill="none" stroke="#3b6ea5" stroke-width="1.5" points="${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ")}"/><circle cx="${lastX.toFixed(1)}" cy="${lastY.toFixed(1)}" r="2" fill="#3b6ea5"/></svg>`;
}

const W = 720;
const H = 220;
const PAD = { left: 36, right: 12, top: 12, bottom: 28 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;
const yOf = (value: number) => PAD.top + ((100 - value) * plotH) / 100;

function axes(from: number, to: number): Html {
  return html`${[0, 25, 50, 75, 100].map(
    (v) => html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${yOf(v)}" y2="${yOf(v)}" stroke="#e3e6ea"/><text x="${PAD.left - 6}" y="${yOf(v) + 4}" text-anchor="end" font-size="11" fill="#667">${v}</text>`,
  )}<text x="${PAD.left}" y="${H - 8}" font-size="11" fill="#667">${day(from)}</text><text x="${W - PAD.right}" y="${H - 8}" text-anchor="end" font-size="11" fill="#667">${day(to)}</text>`;
}

/** A repository's score over its audits, each audit a point with its commit and date as a tooltip. */
export function historyChart(audits: { at: number; score: number; sha: string; level: string }[]): Html {
  if (audits.length === 0) return html`<p class="muted">No audits yet.</p>`;
  const from = (audits[0] as { at: number }).at;
  const to = (audits[audits.length - 1] as { at: number }).at;
  const xOf = (at: number) => PAD.left + (to === from ? plotW / 2 : ((at - from) * plotW) / (to - from));
  const points = audits.map((a) => ({ ...a, x: xOf(a.at), y: yOf(a.score) }));
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="score history from ${day(from)} to ${day(to)}">${axes(from, to)}<polyline fill="none" stroke="#3b6ea5" stroke-width="2" points="${points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ")}"/>${points.map(
    (p) => html`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="3" fill="${levelColour(p.level)}"><title>${Math.round(p.score)} (${p.level}) at ${p.sha.slice(0, 7)}, ${day(p.at)}</title></circle>`,
  )}</svg>`;
}

/**
 * The organisation over time: per period, the share of repositories at each level as stacked
 * bars, and the median score as a line, both on the same 0–100 axis.
 */
export function distributionChart(timeline: { at: number; median: number | null; levels: Record<string, number> }[], levelOrder: string[]): Html {
  if (timeline.every((p) => p.median === null)) return html`<p class="muted">No audits in the last 90 days.</p>`;
  const slot = plotW / timeline.length;
  const bars = timeline.map((point, i) => {
    const total = Object.values(point.levels).reduce((a, b) => a + b, 0);
    let top = 0;
    return [...levelOrder, ...Object.keys(point.levels).filter((l) => !levelOrder.includes(l))].map((level) => {
      const count = point.levels[level] ?? 0;
      if (count === 0) return html``;
      const share = (count * 100) / total;
      const rect = html`<rect x="${(PAD.left + i * slot + 2).toFixed(1)}" y="${yOf(100 - top).toFixed(1)}" width="${(slot - 4).toFixed(1)}" height="${((share * plotH) / 100).toFixed(1)}" fill="${levelColour(level)}" opacity="0.75"><title>${level}: ${count} of ${total}, period ending ${day(point.at)}</title></rect>`;
      top += share;
      return rect;
    });
  });
  const line = timeline.flatMap((p, i) => (p.median === null ? [] : [`${(PAD.left + (i + 0.5) * slot).toFixed(1)},${yOf(p.median).toFixed(1)}`]));
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="levels and median score over the last 90 days">${axes((timeline[0] as { at: number }).at, (timeline[timeline.length - 1] as { at: number }).at)}${bars}<polyline fill="none" stroke="#1d2b3a" stroke-width="2.5" points="${line.join(" ")}"/></svg>`;
}
