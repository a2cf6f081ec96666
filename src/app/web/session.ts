import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

export interface Session {
  login: string;
  /** The user's GitHub token: every request is authorised against what it can see. */
  token: string;
  /** Sent back by every form, so another site cannot post one in the user's name. */
  csrf: string;
  expiresAt: number;
}

/** A sign-in lasts a working day; the GitHub token inside lasts as long as GitHub lets it. */
export const SESSION_TTL_MS = 8 * 60 * 60_000;

/**
 * Session cookies sealed with AES-256-GCM: the authentication tag signs them (a changed byte is
 * refused) and the encryption keeps the GitHub token inside unreadable to anything that sees the
 * cookie. The key is derived from the configured secret, so a restart keeps people signed in.
 */
export class SessionSealer {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync("sha256", secret, "readiness-dashboard", "session cookie", 32));
  }

  seal(session: Session): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const sealed = Buffer.concat([cipher.update(JSON.stringify(session), "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
  }

  /** The session, or undefined when the cookie is forged, damaged or expired. */
  open(value: string | undefined, now: number): Session | undefined {
    if (!value) return undefined;
    const bytes = Buffer.from(value, "base64url");
    if (bytes.length < 29) return undefined;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      const session = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8")) as Session;
      return session.expiresAt > now ? session : undefined;
    } catch {
      return undefined;
    }
  }
}
