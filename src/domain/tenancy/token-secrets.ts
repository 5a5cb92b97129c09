// API token secrets: how a new token is made and how it is stored (only its hash). Pure; identity/ authenticates with it.
import { createHash, randomBytes } from "node:crypto";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new API token: `tk_` + 32 random bytes; only its hash is stored. */
export function generateToken(): { token: string; hash: string; prefix: string } {
  const token = `tk_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashToken(token), prefix: token.slice(0, 10) };
}
