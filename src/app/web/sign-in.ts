import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { exchangeWebFlowCode, getWebFlowAuthorizationUrl } from "@octokit/oauth-methods";
import { request as octokitRequest } from "@octokit/request";
import { type Answer, cookie, isHttps, parseCookies, readForm, redirect } from "./http.js";
import { SESSION_TTL_MS, type Session, type SessionSealer } from "./session.js";

export const SESSION_COOKIE = "readiness_session";
const STATE_COOKIE = "readiness_oauth_state";
/** Time from "Sign in" to GitHub's redirect back. */
const STATE_TTL_SECONDS = 600;

export interface SignInOptions {
  clientId: string;
  clientSecret: string;
  apiUrl: string;
  sealer: SessionSealer;
  clock: () => number;
  /** Where a failed exchange is told, without the code or any token. */
  warn: (message: string, details: Record<string, unknown>) => void;
}

/**
 * GitHub's web flow with the app's own OAuth client, through @octokit/oauth-methods (which
 * derives GitHub's sign-in host from the API URL, GHES included): a random `state` travels in
 * a short-lived cookie and must come back unchanged, the code is exchanged for the user's token,
 * and the token is kept only inside the sealed session cookie.
 */
export class SignIn {
  private readonly request: typeof octokitRequest;

  constructor(private readonly options: SignInOptions) {
    this.request = octokitRequest.defaults({ baseUrl: options.apiUrl, headers: { "user-agent": "readiness-dashboard" } });
  }

  start(req: IncomingMessage): Answer {
    const state = randomBytes(24).toString("base64url");
    const { url } = getWebFlowAuthorizationUrl({ clientType: "github-app", clientId: this.options.clientId, state, request: this.request });
    return redirect(url, { "set-cookie": cookie(STATE_COOKIE, state, { maxAgeSeconds: STATE_TTL_SECONDS, secure: isHttps(req), path: "/auth" }) });
  }

  async callback(req: IncomingMessage, query: URLSearchParams): Promise<Answer | { refused: string }> {
    const expected = parseCookies(req.headers.cookie).get(STATE_COOKIE) ?? "";
    const state = query.get("state") ?? "";
    const code = query.get("code");
    if (!code || !expected || !sameText(state, expected)) return { refused: "The sign-in could not be verified (it expired or did not start here). Please sign in again." };
    let token: string;
    try {
      const { authentication } = await exchangeWebFlowCode({ clientType: "github-app", clientId: this.options.clientId, clientSecret: this.options.clientSecret, code, request: this.request });
      token = authentication.token;
    } catch (error) {
      this.options.warn("GitHub refused the sign-in code", { status: (error as { status?: number }).status });
      return { refused: "GitHub did not accept the sign-in. Please sign in again." };
    }
    const { data: user } = await this.request("GET /user", { headers: { authorization: `token ${token}` } });
    const session: Session = { login: user.login, token, csrf: randomBytes(24).toString("base64url"), expiresAt: this.options.clock() + SESSION_TTL_MS };
    const secure = isHttps(req);
    return redirect("/", {
      "set-cookie": [
        cookie(SESSION_COOKIE, this.options.sealer.seal(session), { maxAgeSeconds: SESSION_TTL_MS / 1000, secure }),
        cookie(STATE_COOKIE, "", { maxAgeSeconds: 0, secure, path: "/auth" }),
      ],
    });
  }

  /** POST /auth/sign-out with the session's CSRF token: the cookie is cleared. */
  async signOut(req: IncomingMessage, session: Session | undefined): Promise<Answer | undefined> {
    const form = await readForm(req);
    if (!session || !form || !sameText(form.get("csrf") ?? "", session.csrf)) return undefined;
    return redirect("/", { "set-cookie": cookie(SESSION_COOKIE, "", { maxAgeSeconds: 0, secure: isHttps(req) }) });
  }
}

export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
