// The rules the policy table is written in: each says in words who it lets through, and checks it.
import type { Principal, ProjectRole } from "../tenancy/principal.js";

/** What a rule looks at: the object's project and the few facts some rules need. */
export interface PolicyTarget {
  projectId: string | null;
  /** Principal id of whoever created the object (clusters). */
  createdBy?: string | null;
  public?: boolean;
  hidden?: boolean;
  /** The user an object belongs to (API tokens). */
  userId?: string | null;
}

export interface Rule {
  /** How the rule reads in the policy table (and in `viewer` for clients). */
  description: string;
  allows(principal: Principal, target: PolicyTarget): boolean;
}

function roleIn(principal: Principal, projectId: string | null): ProjectRole | undefined {
  return projectId ? principal.projectRoles.get(projectId) : undefined;
}

export const anyCaller: Rule = {
  description: "any authenticated caller",
  allows: () => true,
};

export const globalAdmin: Rule = {
  description: "global admin only",
  allows: (principal) => principal.isGlobalAdmin,
};

export const anyRoleInProject: Rule = {
  description: "any role (reader, member, admin) in the object's project",
  allows: (principal, target) => principal.isGlobalAdmin || roleIn(principal, target.projectId) !== undefined,
};

export const memberOfProject: Rule = {
  description: "member or admin of the object's project",
  allows: (principal, target) => principal.isGlobalAdmin || ["MEMBER", "ADMIN"].includes(roleIn(principal, target.projectId) ?? ""),
};

export const adminOfProject: Rule = {
  description: "admin of the object's project",
  allows: (principal, target) => principal.isGlobalAdmin || roleIn(principal, target.projectId) === "ADMIN",
};

export const adminOrCreator: Rule = {
  description: "admin of the object's project, or the user who created the cluster",
  allows: (principal, target) =>
    adminOfProject.allows(principal, target) || (target.createdBy === principal.id && roleIn(principal, target.projectId) !== undefined),
};

export const visibleTemplate: Rule = {
  description: "public templates for everyone, others for any role in their project; hidden ones for global admins only",
  allows: (principal, target) => {
    if (target.hidden && !principal.isGlobalAdmin) return false;
    return Boolean(target.public) || anyRoleInProject.allows(principal, target);
  },
};

export const selfOrProjectAdmin: Rule = {
  description: "the token's own user (scoped to projects it acts in, no wider than the token it calls with), an admin of one project for a user of that project (scoped to it alone), or a global admin (unscoped tokens); see policy/tokens.ts",
  allows: (principal, target) => principal.isGlobalAdmin || target.userId === principal.id || adminOfProject.allows(principal, target),
};

export const adminOfAnyProject: Rule = {
  description: "admin of at least one project, or a global admin",
  allows: (principal) => principal.isGlobalAdmin || [...principal.projectRoles.values()].includes("ADMIN"),
};
