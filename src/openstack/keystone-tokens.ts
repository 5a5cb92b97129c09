// Validating someone else's Keystone token (GET /v3/auth/tokens) with a service identity's session:
// what identity/keystone.ts turns into a principal.

import type { KeystoneSession } from "./keystone-session.js";

/** The parts of a validated token Turnkey reads. */
export interface ValidatedToken {
  expiresAt: string;
  user: { id: string; name: string };
  project: { id: string; name: string } | null;
  roles: string[];
}

interface RawValidatedToken {
  token: {
    expires_at: string;
    user: { id: string; name: string };
    project?: { id: string; name: string };
    roles?: { name: string }[];
  };
}

/**
 * The subject token's user, project and roles, or null when Keystone does not know it (404: unknown,
 * expired or revoked). The session's own token is renewed once on a 401; other failures throw
 * OpenStackError or OpenStackUnavailableError (src/openstack/http.ts).
 */
export async function validateToken(session: KeystoneSession, subjectToken: string, timeoutMs: number): Promise<ValidatedToken | null> {
  const response = await session.request<RawValidatedToken>({
    service: "Keystone",
    method: "GET",
    url: `${session.authUrl}/auth/tokens`,
    headers: { "x-subject-token": subjectToken },
    accept: [404],
    timeoutMs,
  });
  if (response.status === 404) return null;
  const { token } = response.body;
  return {
    expiresAt: token.expires_at,
    user: token.user,
    project: token.project ?? null,
    roles: (token.roles ?? []).map((role) => role.name),
  };
}
