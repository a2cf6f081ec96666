import { makeBadge } from "badge-maker";
import type { StoredRepository } from "../store/dashboard.js";
import type { Answer } from "./http.js";

const BADGE_COLOURS: Record<string, string> = { Gold: "#c9a227", Silver: "#8e99a4", Bronze: "#b5733a", "Not ready": "#c0392b" };
const LABEL = "readiness";

/** Badges are embedded in READMEs anywhere (GitHub proxies them): any site may load them, and caches may keep them a few minutes. */
const BADGE_HEADERS = { "cache-control": "public, max-age=300", "cross-origin-resource-policy": "cross-origin", "access-control-allow-origin": "*" };

export interface BadgeState {
  repository: StoredRepository;
  latest: { score: number; level: string } | undefined;
}

function message(state: BadgeState): { message: string; color: string } {
  if (!state.latest) return { message: "not audited", color: "#9f9f9f" };
  return { message: `${Math.round(state.latest.score)} ${state.latest.level}`, color: BADGE_COLOURS[state.latest.level] ?? "#5b7fb5" };
}

/** Only public repositories have badges; the caller answers a private or unknown one with the same 404. */
export function isBadgeable(repository: StoredRepository | undefined): repository is StoredRepository {
  return repository?.visibility === "public";
}

/** /badge/<owner>/<repo>.svg: shields.io's flat style, drawn by its own library. */
export function badgeSvg(state: BadgeState): Answer {
  return { status: 200, type: "image/svg+xml; charset=utf-8", body: makeBadge({ label: LABEL, ...message(state) }), headers: BADGE_HEADERS };
}

/** /badge/<owner>/<repo>.json: shields.io's endpoint schema, for https://img.shields.io/endpoint?url=… */
export function badgeEndpoint(state: BadgeState): Answer {
  return { status: 200, type: "application/json; charset=utf-8", body: JSON.stringify({ schemaVersion: 1, label: LABEL, ...message(state) }), headers: BADGE_HEADERS };
}
