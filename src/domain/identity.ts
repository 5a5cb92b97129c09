// Turns a bearer token into a Principal; providers sit behind one interface so Keystone can join later.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Principal } from "./principal.js";

export interface IdentityProvider {
  /** The caller behind `token`, or null when the token is unknown, expired or revoked. */
  authenticate(token: string): Promise<Principal | null>;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** The built-in provider: the operator's admin token. Tenancy adds users and API tokens here. */
export class BuiltInIdentityProvider implements IdentityProvider {
  private readonly adminDigest: Buffer;
  constructor(adminToken: string, private readonly homeProjectId: string) {
    this.adminDigest = digest(adminToken);
  }
  async authenticate(token: string): Promise<Principal | null> {
    // Compare digests in constant time: the token's length and prefix leak nothing.
    if (!timingSafeEqual(digest(token), this.adminDigest)) return null;
    return {
      id: "admin",
      name: "admin",
      isGlobalAdmin: true,
      projectRoles: new Map([[this.homeProjectId, "ADMIN"]]),
    };
  }
}

/** Reads `Bearer <token>` from an Authorization header or connection_init payload value. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== "string") return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
