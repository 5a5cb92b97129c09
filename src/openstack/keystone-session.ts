// One Keystone identity: authenticates by password, application credential or trust, caches its
// token and renews it before it expires, and finds service endpoints in the token's catalog.

import { type CatalogEntry, type EndpointInterface, findEndpoint } from "./catalog.js";
import { DEFAULT_RETRY, type JsonRequest, type JsonResponse, OpenStackError, type RetryPolicy, requestJson } from "./http.js";

/** What a token is scoped to. Application credentials carry their own scope and take none. */
export type KeystoneScope =
  | { projectId: string }
  | { projectName: string; projectDomainName?: string; projectDomainId?: string }
  | { domainId: string }
  | { domainName: string }
  | { trustId: string };

export type KeystoneAuth =
  | {
      method: "password";
      userName?: string;
      userId?: string;
      /** Needed with userName; default "Default". */
      userDomainName?: string;
      userDomainId?: string;
      password: string;
      scope: KeystoneScope | null;
    }
  | { method: "applicationCredential"; id: string; secret: string };

export interface KeystoneToken {
  id: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  issuedAt: number;
  userId: string;
  userName: string;
  projectId: string | null;
  domainId: string | null;
  trustId: string | null;
  roles: string[];
  catalog: CatalogEntry[];
}

export interface KeystoneSessionOptions {
  /** Keystone's v3 URL, such as http://127.0.0.1:5000/v3. */
  authUrl: string;
  auth: KeystoneAuth;
  retry?: RetryPolicy;
  /** Renew a token this long before it expires (at most half its lifetime). Default 5 minutes. */
  renewBeforeMs?: number;
  /** Epoch milliseconds; tests move it. */
  now?: () => number;
  /** Milliseconds for one try of the token request. Default 30 s. */
  timeoutMs?: number;
}

export const DEFAULT_RENEW_BEFORE_MS = 5 * 60_000;

/** The JSON body of POST /v3/auth/tokens for an identity. */
export function authRequestBody(auth: KeystoneAuth): unknown {
  if (auth.method === "applicationCredential") {
    return {
      auth: {
        identity: { methods: ["application_credential"], application_credential: { id: auth.id, secret: auth.secret } },
      },
    };
  }
  const user: Record<string, unknown> = { password: auth.password };
  if (auth.userId !== undefined) user["id"] = auth.userId;
  else {
    user["name"] = auth.userName;
    user["domain"] = auth.userDomainId !== undefined ? { id: auth.userDomainId } : { name: auth.userDomainName ?? "Default" };
  }
  const body: Record<string, unknown> = { identity: { methods: ["password"], password: { user } } };
  if (auth.scope !== null) body["scope"] = scopeBody(auth.scope);
  return { auth: body };
}

function scopeBody(scope: KeystoneScope): unknown {
  if ("trustId" in scope) return { "OS-TRUST:trust": { id: scope.trustId } };
  if ("domainId" in scope) return { domain: { id: scope.domainId } };
  if ("domainName" in scope) return { domain: { name: scope.domainName } };
  if ("projectId" in scope) return { project: { id: scope.projectId } };
  const domain =
    scope.projectDomainId !== undefined ? { id: scope.projectDomainId } : { name: scope.projectDomainName ?? "Default" };
  return { project: { name: scope.projectName, domain } };
}

/** Who an identity is, for error messages; never includes a secret. */
export function describeAuth(auth: KeystoneAuth): string {
  if (auth.method === "applicationCredential") return `application credential ${auth.id}`;
  const who = auth.userId !== undefined ? `user ${auth.userId}` : `user "${auth.userName}" (domain ${auth.userDomainId ?? auth.userDomainName ?? "Default"})`;
  if (auth.scope !== null && "trustId" in auth.scope) return `${who} through trust ${auth.scope.trustId}`;
  return who;
}

/** True once the token is within `renewBeforeMs` (capped at half its lifetime) of its expiry. */
export function needsRenewal(token: Pick<KeystoneToken, "expiresAt" | "issuedAt">, now: number, renewBeforeMs: number) {
  const margin = Math.min(renewBeforeMs, (token.expiresAt - token.issuedAt) / 2);
  return now >= token.expiresAt - margin;
}

export class KeystoneSession {
  readonly authUrl: string;
  private readonly auth: KeystoneAuth;
  private readonly retry: RetryPolicy;
  private readonly renewBeforeMs: number;
  private readonly now: () => number;
  private readonly timeoutMs: number | undefined;
  private current: KeystoneToken | null = null;
  private pending: Promise<KeystoneToken> | null = null;
  /** Tokens issued so far; tests read it to see renewal and caching at work. */
  issued = 0;

  constructor(options: KeystoneSessionOptions) {
    this.authUrl = options.authUrl.replace(/\/+$/, "");
    this.auth = options.auth;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.renewBeforeMs = options.renewBeforeMs ?? DEFAULT_RENEW_BEFORE_MS;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs;
  }

  get identity(): string {
    return describeAuth(this.auth);
  }

  /** A valid token: the cached one, or a new one when it is close to expiry. Concurrent callers share one request. */
  async token(): Promise<KeystoneToken> {
    if (this.current !== null && !needsRenewal(this.current, this.now(), this.renewBeforeMs)) return this.current;
    this.pending ??= this.authenticate().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forget the cached token, e.g. after a service said 401 to it. */
  invalidate(token?: KeystoneToken): void {
    if (token === undefined || this.current?.id === token.id) this.current = null;
  }

  /** A service's URL from the token's catalog; throws a clear error when the catalog lacks it. */
  async endpoint(type: string, endpointInterface: EndpointInterface, region: string | null): Promise<string> {
    const token = await this.token();
    const found = findEndpoint(token.catalog, { type, interface: endpointInterface, region, projectId: token.projectId });
    if ("missing" in found) {
      throw new OpenStackError("misconfigured", "Keystone", null, `${found.missing}; token of ${this.identity}`);
    }
    return found.url;
  }

  /** A call with this identity's token; a 401 renews the token once and tries again. */
  async request<T = unknown>(request: Omit<JsonRequest, "token">): Promise<JsonResponse<T>> {
    const token = await this.token();
    try {
      return await requestJson<T>({ retry: this.retry, ...request, token: token.id });
    } catch (error) {
      if (!(error instanceof OpenStackError) || error.status !== 401) throw error;
      this.invalidate(token);
      const renewed = await this.token();
      return requestJson<T>({ retry: this.retry, ...request, token: renewed.id });
    }
  }

  private async authenticate(): Promise<KeystoneToken> {
    let response: JsonResponse<{ token?: RawToken }>;
    try {
      response = await requestJson<{ token?: RawToken }>({
        service: "Keystone",
        method: "POST",
        url: `${this.authUrl}/auth/tokens`,
        json: authRequestBody(this.auth),
        retry: this.retry,
        ...(this.timeoutMs === undefined ? {} : { timeoutMs: this.timeoutMs }),
      });
    } catch (error) {
      throw explainAuthFailure(error, this.identity, this.authUrl);
    }
    const subject = response.headers["x-subject-token"];
    const raw = response.body.token;
    if (typeof subject !== "string" || raw === undefined) {
      throw new OpenStackError("misconfigured", "Keystone", response.status, `${this.authUrl} did not answer like Keystone v3`);
    }
    this.current = tokenFrom(subject, raw);
    this.issued++;
    return this.current;
  }
}

interface RawToken {
  expires_at: string;
  issued_at: string;
  user: { id: string; name: string };
  project?: { id: string };
  domain?: { id: string };
  "OS-TRUST:trust"?: { id: string };
  roles?: { name: string }[];
  catalog?: CatalogEntry[];
}

function tokenFrom(id: string, raw: RawToken): KeystoneToken {
  return {
    id,
    expiresAt: Date.parse(raw.expires_at),
    issuedAt: Date.parse(raw.issued_at),
    userId: raw.user.id,
    userName: raw.user.name,
    projectId: raw.project?.id ?? null,
    domainId: raw.domain?.id ?? null,
    trustId: raw["OS-TRUST:trust"]?.id ?? null,
    roles: (raw.roles ?? []).map((role) => role.name),
    catalog: raw.catalog ?? [],
  };
}

// Keystone answers 401 to a wrong password, an unknown user or project, and a scope the user has no role on.
function explainAuthFailure(error: unknown, identity: string, authUrl: string): unknown {
  if (!(error instanceof OpenStackError)) return error;
  if (error.status === 401) {
    return new OpenStackError(
      "unauthorized",
      "Keystone",
      401,
      `Keystone at ${authUrl} refused the credentials of ${identity}: check the name, password (or secret) and project (${error.reason})`,
    );
  }
  if (error.status === 404) {
    return new OpenStackError("misconfigured", "Keystone", 404, `${authUrl} is not a Keystone v3 URL (${error.reason})`);
  }
  return error;
}
