// Which project a new object belongs to, and whether the caller may act in it.
import { DomainError, problem } from "./errors.js";
import { canRead, canWrite, type Principal } from "./principal.js";

/** The project named in the input, or the caller's only (or home) project. */
export function targetProject(principal: Principal, requested: string | null | undefined, homeProjectId: string | null): string {
  if (requested) {
    if (!canRead(principal, requested)) throw new DomainError(problem("NOT_FOUND", "projectId", "no such project"));
    if (!canWrite(principal, requested)) throw new DomainError(problem("FORBIDDEN", "projectId", "your role in this project does not allow creating objects"));
    return requested;
  }
  const writable = [...principal.projectRoles.entries()].filter(([projectId]) => canWrite(principal, projectId));
  if (writable.length === 1 && writable[0]) return writable[0][0];
  if (principal.isGlobalAdmin && homeProjectId) return homeProjectId;
  throw new DomainError(problem("BAD_USER_INPUT", "projectId", "projectId is required: you can create objects in more than one project (or in none)"));
}
