// The signal that someone's rights changed: a NOTIFY on turnkey_identity (sent by triggers, see drizzle/0005), heard by every replica.
import type { DatabaseHandle } from "../db/client.js";

/** Channel of drizzle/0005_identity-notify.sql's triggers; the payload is the user's id. */
export const IDENTITY_CHANNEL = "turnkey_identity";

/**
 * Calls `changed(userId)` for every change of a role binding, token (revocation, expiry, scope) or user,
 * committed by any replica; `changed(null)` whenever the listening connection is (re)established, since
 * notifications sent while it was down are lost: then everything is re-checked.
 */
export async function listenForIdentityChanges(database: DatabaseHandle, changed: (userId: string | null) => void): Promise<() => Promise<void>> {
  return database.listen(
    IDENTITY_CHANNEL,
    (payload) => changed(payload || null),
    () => changed(null),
  );
}

/**
 * Where a change of someone's rights is told inside this process: the composition root (src/app.ts) has the
 * token cache forget, the HTTP server re-checks open WebSocket sessions; both subscribe as they are built.
 * `null` means anyone's (the NOTIFY connection was re-established and may have missed some).
 */
export class IdentityChanges {
  private readonly listeners: ((userId: string | null) => void)[] = [];

  onChange(listener: (userId: string | null) => void): this {
    this.listeners.push(listener);
    return this;
  }

  readonly changed = (userId: string | null): void => {
    for (const listener of this.listeners) listener(userId);
  };
}
