// Rights on long-lived connections (pure): may this event be sent now, and is a re-checked socket still worth keeping.
import type { Principal } from "../tenancy/principal.js";
import { canSee } from "./index.js";

/** Checked for every event just before it is sent, with the subscriber's rights as they are now. */
export function mayReceiveEvent(current: Principal, event: { projectId: string }): boolean {
  return canSee(current, "clusterEvent", { projectId: event.projectId });
}

/**
 * After a change of rights: "keep" (with the new rights), or "lost-every-project" when a token that
 * could see some project can now see none (the socket is closed with 4403).
 */
export function sessionVerdict(before: Principal, after: Principal): "keep" | "lost-every-project" {
  if (after.isGlobalAdmin || after.projectRoles.size > 0) return "keep";
  return before.isGlobalAdmin || before.projectRoles.size > 0 ? "lost-every-project" : "keep";
}

const visibilityKeys = new WeakMap<Principal, string>();

/**
 * Everything the policy reads of a principal when deciding what a result shows: two callers with the same key see
 * the same fields of the same objects, so a subscription's result for an event can be computed once for all of them
 * (src/graphql/subscription-fanout.ts). The id is part of it because some rules look at who created an object. A
 * principal is replaced, never changed, when rights change, so its key is computed once.
 */
export function visibilityKey(principal: Principal): string {
  let key = visibilityKeys.get(principal);
  if (key === undefined) {
    const roles = [...principal.projectRoles.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([projectId, role]) => `${projectId}=${role}`);
    key = JSON.stringify([principal.id, principal.isGlobalAdmin, roles]);
    visibilityKeys.set(principal, key);
  }
  return key;
}
