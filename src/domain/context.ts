// What every domain service needs: the database, the caller, the operator's policy, and eventsCommitted, which wakes the event bus and the reconciler after a commit that recorded events.
import type { Database } from "../db/client.js";
import type { TemplatePolicy } from "./cluster-templates/cluster-template-rules.js";
import type { Principal } from "./tenancy/principal.js";

export interface DomainContext {
  db: Database;
  principal: Principal;
  policy: TemplatePolicy;
  /** Null when the configured driver can build this kind of cluster, else why not (Magnum's ClusterTypeNotSupported). */
  unsupportedClusterType(type: { coe: string; clusterDistro: string | null; serverType: string }): string | null;
  /** Called after a transaction commits, with the cursors of the events it recorded. */
  eventsCommitted(cursors: bigint[]): void;
  /**
   * Called after a change of a user's rights commits (role binding, token): this process forgets what it
   * cached at once, so the caller's next request sees it. Other replicas hear the database's NOTIFY.
   */
  identityChanged?(userId: string): void;
}
