// Who is calling: the identity every rule is checked against.
export type ProjectRole = "ADMIN" | "MEMBER" | "READER";

export interface Principal {
  /** Stable identifier, recorded as createdBy and used to scope idempotency keys. */
  id: string;
  name: string;
  /** Global admin (the TURNKEY_ADMIN_TOKEN holder): administers every project. */
  isGlobalAdmin: boolean;
  /** Project id → role. The tenancy issue fills this from role bindings. */
  projectRoles: Map<string, ProjectRole>;
}

/** Projects the principal may read; null means every project (global admin). */
export function readableProjects(principal: Principal): string[] | null {
  return principal.isGlobalAdmin ? null : [...principal.projectRoles.keys()];
}

export function canRead(principal: Principal, projectId: string): boolean {
  return principal.isGlobalAdmin || principal.projectRoles.has(projectId);
}

export function canWrite(principal: Principal, projectId: string): boolean {
  if (principal.isGlobalAdmin) return true;
  const role = principal.projectRoles.get(projectId);
  return role === "ADMIN" || role === "MEMBER";
}

export function isProjectAdmin(principal: Principal, projectId: string): boolean {
  return principal.isGlobalAdmin || principal.projectRoles.get(projectId) === "ADMIN";
}
