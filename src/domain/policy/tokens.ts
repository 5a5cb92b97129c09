// What a scoped API token may do (pure): its rights are its user's current roles, cut to its scope and cap.
import type { Principal, ProjectRole } from "../tenancy/principal.js";

const RANK: Record<ProjectRole, number> = { READER: 1, MEMBER: 2, ADMIN: 3 };

export function lowerRole(left: ProjectRole, right: ProjectRole | null | undefined): ProjectRole {
  return right && RANK[right] < RANK[left] ? right : left;
}

export function roleAtMost(role: ProjectRole, cap: ProjectRole | null | undefined): boolean {
  return !cap || RANK[role] <= RANK[cap];
}

/** What a token says of itself: the projects it may act in (null: all of its user's) and a role cap. */
export interface TokenGrant {
  projectIds: readonly string[] | null;
  maxRole: ProjectRole | null;
}

/**
 * The roles a token acts with, computed at every authentication from the user's CURRENT role bindings:
 * only projects in the token's scope, each role lowered to the token's cap; and for a token minted by a
 * project admin for someone else, only projects its minter still administers (a removed admin keeps
 * nothing through tokens it minted).
 */
export function effectiveRoles(bindings: ReadonlyMap<string, ProjectRole>, grant: TokenGrant, minterAdministers: ReadonlySet<string> | null): Map<string, ProjectRole> {
  const roles = new Map<string, ProjectRole>();
  for (const [projectId, role] of bindings) {
    if (grant.projectIds && !grant.projectIds.includes(projectId)) continue;
    if (minterAdministers && !minterAdministers.has(projectId)) continue;
    roles.set(projectId, lowerRole(role, grant.maxRole));
  }
  return roles;
}

/**
 * May `principal` mint a token with `grant` for a user bound as `targetBindings`? Null when it may, else
 * why not. A user mints for itself within its own current rights (never wider than the token it calls
 * with); a project admin mints for a user of its project, scoped to that project alone; only a global
 * admin mints unscoped tokens.
 */
export function mintingRefusal(principal: Principal, targetUserId: string, targetBindings: ReadonlyMap<string, ProjectRole>, grant: TokenGrant): string | null {
  if (principal.isGlobalAdmin) return null;
  if (grant.projectIds === null) return "only a global admin mints unscoped tokens: name the projects (projectIds)";
  if (grant.projectIds.length === 0) return "a token needs at least one project";
  const callerCap = principal.tokenGrant?.maxRole ?? null;
  if (callerCap && !(grant.maxRole && roleAtMost(grant.maxRole, callerCap))) return `the token you call with acts at most as ${callerCap}: the new token's maxRole must not be higher`;
  if (targetUserId === principal.id) {
    const outside = grant.projectIds.filter((projectId) => !principal.projectRoles.has(projectId));
    return outside.length === 0 ? null : "a token can only be scoped to projects you act in now";
  }
  if (grant.projectIds.length !== 1) return "a token for another user is scoped to exactly one project you administer";
  const [projectId] = grant.projectIds as [string];
  if (principal.projectRoles.get(projectId) !== "ADMIN") return "minting a token for another user needs the ADMIN role in the token's project";
  if (!targetBindings.has(projectId)) return "the user has no role in that project";
  return null;
}

/**
 * May `principal` see and revoke this token: a global admin, its user, its minter, or an admin of a project
 * the token can act in (its scope, or its user's projects when unscoped). Revoking only ever takes rights away.
 */
export function mayManageToken(principal: Principal, token: { userId: string; createdBy: string | null; projectIds: readonly string[] | null }, userProjectIds: readonly string[]): boolean {
  if (principal.isGlobalAdmin || token.userId === principal.id || (token.createdBy !== null && token.createdBy === principal.id)) return true;
  const reach = token.projectIds ?? userProjectIds;
  return reach.some((projectId) => userProjectIds.includes(projectId) && principal.projectRoles.get(projectId) === "ADMIN");
}
