// Per-cluster trustee users and trusts, as Magnum makes them: a domain admin creates a user in the
// trustee domain, and the requesting identity delegates roles on its project to that user
// (impersonation on, redelegation off). The cluster then acts on its owner's behalf with a
// trust-scoped token, and both are removed once the cluster's stack is gone.

import { randomBytes } from "node:crypto";
import { OpenStackError } from "./http.js";
import { KeystoneSession, type KeystoneToken } from "./keystone-session.js";

/** What a caller stores with the cluster; `password` is the secret to encrypt at rest. */
export interface TrusteeCredentials {
  userId: string;
  userName: string;
  password: string;
  domainId: string;
  trustId: string;
  trustorUserId: string;
  projectId: string;
  roles: string[];
}

export interface TrustManagerOptions {
  /** The trustor: the identity whose project and roles the trust delegates. */
  trustor: KeystoneSession;
  /** An admin of the trustee domain, with a token scoped to that domain. */
  domainAdmin: KeystoneSession;
  /** Role names the trust delegates, such as ["member"]. */
  roles: readonly string[];
}

interface RawUser {
  id: string;
  name: string;
  domain_id: string;
}

interface RawTrust {
  id: string;
  trustor_user_id: string;
  trustee_user_id: string;
  project_id: string | null;
  impersonation: boolean;
  expires_at: string | null;
  roles?: { name: string }[];
}

export class TrustManager {
  private readonly trustor: KeystoneSession;
  private readonly domainAdmin: KeystoneSession;
  private readonly roles: readonly string[];

  constructor(options: TrustManagerOptions) {
    this.trustor = options.trustor;
    this.domainAdmin = options.domainAdmin;
    this.roles = options.roles;
  }

  /**
   * The trustee and trust named `userName`: `stored` when its trust still yields a token, otherwise
   * made now. Repeatable: an existing user gets a new password, an existing trust is kept.
   */
  async ensure(userName: string, stored: TrusteeCredentials | null, description: string): Promise<TrusteeCredentials> {
    if (stored !== null && stored.userName === userName && (await this.works(stored))) return stored;
    const trustor = await this.trustor.token();
    if (trustor.projectId === null) {
      throw new OpenStackError("misconfigured", "Keystone", null, `${this.trustor.identity} has no project to delegate`);
    }
    const domainId = await this.domainId();
    const password = randomBytes(18).toString("base64url");
    const user = await this.upsertUser(domainId, userName, password, description);
    const trust = await this.upsertTrust(trustor, user.id);
    return {
      userId: user.id,
      userName,
      password,
      domainId,
      trustId: trust.id,
      trustorUserId: trustor.userId,
      projectId: trustor.projectId,
      roles: (trust.roles ?? []).map((role) => role.name),
    };
  }

  /** Deletes the trusts to the user named `userName`, then the user. Returns what it found. */
  async remove(userName: string): Promise<{ userId: string | null; trusts: number }> {
    const user = await this.findUser(await this.domainId(), userName);
    if (user === null) return { userId: null, trusts: 0 };
    const trusts = await this.trustsTo(user.id);
    for (const trust of trusts) await this.deleteTrust(trust.id);
    await this.domainAdmin.request({
      service: "Keystone",
      method: "DELETE",
      url: `${this.domainAdmin.authUrl}/users/${user.id}`,
      accept: [404],
    });
    return { userId: user.id, trusts: trusts.length };
  }

  /** A session acting through the trust: what the cluster's own calls use. */
  trustSession(credentials: TrusteeCredentials): KeystoneSession {
    return new KeystoneSession({
      authUrl: this.trustor.authUrl,
      auth: {
        method: "password",
        userId: credentials.userId,
        password: credentials.password,
        scope: { trustId: credentials.trustId },
      },
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    });
  }

  /** The trustee domain's id, from the domain admin's token. */
  async domainId(): Promise<string> {
    const token = await this.domainAdmin.token();
    if (token.domainId === null) {
      throw new OpenStackError(
        "misconfigured",
        "Keystone",
        null,
        `The trustee domain admin ${this.domainAdmin.identity} needs a token scoped to the trustee domain`,
      );
    }
    return token.domainId;
  }

  private async works(credentials: TrusteeCredentials): Promise<boolean> {
    try {
      await this.trustSession(credentials).token();
      return true;
    } catch (error) {
      if (error instanceof OpenStackError && (error.status === 401 || error.status === 403 || error.status === 404)) {
        return false;
      }
      throw error;
    }
  }

  private async findUser(domainId: string, name: string): Promise<RawUser | null> {
    const { body } = await this.domainAdmin.request<{ users: RawUser[] }>({
      service: "Keystone",
      method: "GET",
      url: `${this.domainAdmin.authUrl}/users`,
      searchParams: { name, domain_id: domainId },
    });
    return body.users.find((user) => user.name === name) ?? null;
  }

  private async upsertUser(domainId: string, name: string, password: string, description: string): Promise<RawUser> {
    const existing = await this.findUser(domainId, name);
    if (existing === null) {
      const { status, body } = await this.domainAdmin.request<{ user: RawUser }>({
        service: "Keystone",
        method: "POST",
        url: `${this.domainAdmin.authUrl}/users`,
        json: { user: { name, password, domain_id: domainId, enabled: true, description } },
        accept: [409],
      });
      if (status !== 409) return body.user;
    }
    // Made by an earlier try whose password nobody kept: give it the new one.
    const user = existing ?? (await this.findUser(domainId, name));
    if (user === null) throw new OpenStackError("conflict", "Keystone", 409, `Trustee user ${name} vanished while being created`);
    await this.domainAdmin.request({
      service: "Keystone",
      method: "PATCH",
      url: `${this.domainAdmin.authUrl}/users/${user.id}`,
      json: { user: { password, enabled: true } },
    });
    return user;
  }

  private async upsertTrust(trustor: KeystoneToken, trusteeUserId: string): Promise<RawTrust> {
    const wanted = [...this.roles].sort().join(",");
    const existing = (await this.trustsTo(trusteeUserId)).filter((trust) => trust.project_id === trustor.projectId);
    const keep = existing.find(
      (trust) =>
        trust.impersonation &&
        trust.expires_at === null &&
        (trust.roles ?? []).map((role) => role.name).sort().join(",") === wanted,
    );
    for (const trust of existing) if (trust !== keep) await this.deleteTrust(trust.id);
    if (keep !== undefined) return keep;
    const { body } = await this.trustor.request<{ trust: RawTrust }>({
      service: "Keystone",
      method: "POST",
      url: `${this.trustor.authUrl}/OS-TRUST/trusts`,
      json: {
        trust: {
          trustor_user_id: trustor.userId,
          trustee_user_id: trusteeUserId,
          project_id: trustor.projectId,
          impersonation: true,
          allow_redelegation: false,
          roles: this.roles.map((name) => ({ name })),
        },
      },
    });
    return body.trust;
  }

  /** Trusts from the trustor to this user; a trustor may only list its own trusts. */
  private async trustsTo(trusteeUserId: string): Promise<RawTrust[]> {
    const trustor = await this.trustor.token();
    const { body } = await this.trustor.request<{ trusts: RawTrust[] }>({
      service: "Keystone",
      method: "GET",
      url: `${this.trustor.authUrl}/OS-TRUST/trusts`,
      searchParams: { trustor_user_id: trustor.userId },
    });
    const listed = body.trusts.filter((trust) => trust.trustee_user_id === trusteeUserId);
    // The list leaves out roles; read each trust for them.
    return Promise.all(
      listed.map(async (trust) => {
        const { body: detail } = await this.trustor.request<{ trust: RawTrust }>({
          service: "Keystone",
          method: "GET",
          url: `${this.trustor.authUrl}/OS-TRUST/trusts/${trust.id}`,
        });
        return detail.trust;
      }),
    );
  }

  private async deleteTrust(trustId: string): Promise<void> {
    await this.trustor.request({
      service: "Keystone",
      method: "DELETE",
      url: `${this.trustor.authUrl}/OS-TRUST/trusts/${trustId}`,
      accept: [404],
    });
  }
}
