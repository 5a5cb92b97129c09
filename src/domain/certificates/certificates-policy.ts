// Who may hold a client certificate carrying which Kubernetes groups, and for how long: pure rules, tested as a table.
import { badInput } from "../errors.js";
import { allowed, POLICY } from "../policy/index.js";
import type { Principal } from "../tenancy/principal.js";
import { CLUSTER_ADMIN_GROUP, type CertificateSettings } from "./certificates-settings.js";

export const CREDENTIAL_ROLES = ["ADMIN", "VIEWER"] as const;
export type CredentialRole = (typeof CREDENTIAL_ROLES)[number];

/** What the rules look at on the cluster: its project, and who created it. */
export interface IssuingCluster {
  projectId: string;
  createdBy: string;
}

export type GroupSettings = Pick<CertificateSettings, "viewerGroup" | "allowedGroups">;

/** Shortest client certificate lifetime: less is more likely a mistake (seconds for minutes) than a wish. */
export const MINIMUM_TTL_SECONDS = 60;

/** The groups kubeconfig credentials of a role carry. */
export function groupsForRole(role: CredentialRole, settings: GroupSettings): string[] {
  return role === "ADMIN" ? [CLUSTER_ADMIN_GROUP] : [settings.viewerGroup];
}

/**
 * Why `principal` may not hold a certificate for `cluster` whose subject is CN=<its name> with these
 * groups as O; null when it may. Kubernetes believes whatever a certificate from the cluster CA says,
 * so each group is a grant: `system:masters` is cluster admin and goes only to those the policy lets
 * manage credentials (project admins and the cluster's creator), the viewer group to anyone who may
 * read the cluster, and any other configured group to those who may change the cluster.
 */
export function certificateRefusal(principal: Principal, cluster: IssuingCluster, groups: readonly string[], settings: GroupSettings): string | null {
  // Kubernetes reserves system: user names for its own components (system:kube-controller-manager…).
  if (principal.name.startsWith("system:")) {
    return `your user name "${principal.name}" starts with "system:", which Kubernetes reserves for its own components`;
  }
  for (const group of new Set(groups)) {
    if (!settings.allowedGroups.includes(group)) {
      return `group "${group}" is not one this server issues certificates for; allowed: ${settings.allowedGroups.map((name) => `"${name}"`).join(", ") || "none"}`;
    }
    const action = group === CLUSTER_ADMIN_GROUP ? "credentials" : group === settings.viewerGroup ? "viewerCredentials" : "update";
    if (!allowed(principal, "cluster", action, cluster)) {
      return `group "${group}" needs: ${POLICY.cluster[action].description}`;
    }
  }
  return null;
}

/** The lifetime to give a client certificate: the default when none is asked for, refused beyond the maximum. */
export function certificateLifetime(requested: number | null | undefined, settings: Pick<CertificateSettings, "defaultTtlSeconds" | "maxTtlSeconds">): number {
  if (requested === null || requested === undefined) return settings.defaultTtlSeconds;
  if (!Number.isInteger(requested) || requested < MINIMUM_TTL_SECONDS || requested > settings.maxTtlSeconds) {
    throw badInput("ttlSeconds", `ttlSeconds must be a whole number from ${MINIMUM_TTL_SECONDS} to ${settings.maxTtlSeconds} (TURNKEY_CERT_MAX_TTL_SECONDS)`);
  }
  return requested;
}
