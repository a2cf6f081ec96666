import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";

/**
 * Every dashboard answer carries these: no script may run at all (no inline script, no
 * origin allowed), styles come from the app itself, no page can be framed, and links to GitHub
 * carry no referrer (the dashboard's URLs name private repositories).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

/** Below this a body is sent as it is: compressing it would save less than the header costs. */
const GZIP_MIN_BYTES = 1024;

export interface Answer {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string | string[]>;
}

/** Sends an answer with the security headers, gzipped when the client takes it, and the server time it took. */
export function send(req: IncomingMessage, res: ServerResponse, answer: Answer, startedAt: bigint): void {
  const raw = typeof answer.body === "string" ? Buffer.from(answer.body) : answer.body;
  const gzip = raw.length >= GZIP_MIN_BYTES && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const body = gzip ? gzipSync(raw) : raw;
  const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
  res.writeHead(answer.status, {
    ...SECURITY_HEADERS,
    "content-type": answer.type,
    "content-length": String(body.length),
    "cache-control": "no-store",
    vary: "accept-encoding, cookie, authorization",
    "server-timing": `app;dur=${ms.toFixed(1)}`,
    ...(gzip ? { "content-encoding": "gzip" } : {}),
    ...answer.headers,
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

export const HTML = "text/html; charset=utf-8";
export const JSON_TYPE = "application/json; charset=utf-8";

export function json(status: number, value: unknown, headers?: Record<string, string | string[]>): Answer {
  return { status, type: JSON_TYPE, body: JSON.stringify(value), headers };
}

export function redirect(location: string, headers: Record<string, string | string[]> = {}): Answer {
  return { status: 303, type: "text/plain; charset=utf-8", body: "", headers: { location, ...headers } };
}

/** Reads a small urlencoded form body (sign-out); anything bigger than `limit` is refused. */
export async function readForm(req: IncomingMessage, limit = 4096): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0) cookies.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return cookies;
}

/** Behind a TLS-terminating proxy the app sees plain HTTP; the proxy says https in x-forwarded-proto. */
export function isHttps(req: IncomingMessage): boolean {
  return (req.socket as { encrypted?: boolean }).encrypted === true || String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]?.trim() === "https";
}

export function cookie(name: string, value: string, options: { maxAgeSeconds: number; secure: boolean; path?: string }): string {
  return [`${name}=${value}`, `Path=${options.path ?? "/"}`, `Max-Age=${options.maxAgeSeconds}`, "HttpOnly", "SameSite=Lax", ...(options.secure ? ["Secure"] : [])].join("; ");
}
