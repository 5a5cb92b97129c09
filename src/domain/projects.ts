// Which project a new object belongs to, and whether the caller may act in it.
import { projectsByIds } from "../db/queries/projects.js";
import type { DomainContext } from "./context.js";
import { DomainError, problem } from "./errors.js";
import { canRead, canWrite, type Principal } from "./principal.js";

/** The project named in the input, or the caller's only (or home) project. */
export async function targetProject(context: DomainContext, requested: string | null | undefined, homeProjectId: string | null): Promise<string> {
  const { principal } = context;
  if (requested) {
    // A global admin may act anywhere, but only in a project that exists.
    const [exists] = await projectsByIds(context.db, [requested]);
    if (!exists) throw new DomainError(problem("NOT_FOUND", "projectId", "no such project"));
    if (!canRead(principal, requested)) throw new DomainError(problem("NOT_FOUND", "projectId", "no such project"));
    if (!canWrite(principal, requested)) throw new DomainError(problem("FORBIDDEN", "projectId", "your role in this project does not allow creating objects"));
    return requested;
  }
  const writable = [...principal.projectRoles.entries()].filter(([projectId]) => canWrite(principal, projectId));
  if (writable.length === 1 && writable[0]) return writable[0][0];
  if (principal.isGlobalAdmin && homeProjectId) return homeProjectId;
  throw new DomainError(problem("BAD_USER_INPUT", "projectId", "projectId is required: you can create objects in more than one project (or in none)"));
}
