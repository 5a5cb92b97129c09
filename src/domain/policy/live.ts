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
