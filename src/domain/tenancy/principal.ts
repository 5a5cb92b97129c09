// Who is calling: the identity every rule is checked against.
export type ProjectRole = "ADMIN" | "MEMBER" | "READER";

export interface Principal {
  /** Stable identifier, recorded as createdBy and used to scope idempotency keys. */
  id: string;
  name: string;
  /** Global admin (the TURNKEY_ADMIN_TOKEN holder): administers every project. */
  isGlobalAdmin: boolean;
  /** Project id → role, from role bindings (or Keystone's role assignments). */
  projectRoles: Map<string, ProjectRole>;
  /** The API token used, when it is one of ours: revocation ends its subscriptions. */
  tokenId?: string;
  /** When the credential stops being valid; long-lived connections re-check it. */
  expiresAt?: Date | null;
  /**
   * For an API token: its scope and cap (projectRoles is already cut to them), and who minted it. A token
   * minted with this one can be no wider, and keeps the same minter of record.
   */
  tokenGrant?: { projectIds: readonly string[] | null; maxRole: ProjectRole | null; mintedBy: string | null };
}

/** Whose authority a token minted by this caller rests on: the minter of the caller's own token when someone else minted it. */
export function minterOfRecord(principal: Principal): string {
  const mintedBy = principal.tokenGrant?.mintedBy;
  return mintedBy && mintedBy !== GLOBAL_ADMIN_ID ? mintedBy : principal.id;
}

/** The principal id of the operator's admin token. */
export const GLOBAL_ADMIN_ID = "admin";
