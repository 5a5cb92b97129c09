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
}
