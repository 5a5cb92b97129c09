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
