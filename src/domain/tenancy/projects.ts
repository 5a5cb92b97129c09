// Which project a new object belongs to, and whether the caller may act in it.
import { allowed, authorize } from "../policy/index.js";
import { projectsByIds } from "../../db/queries/projects.js";
import type { DomainContext } from "../context.js";
import { DomainError, problem } from "../errors.js";

/** The project named in the input, or the caller's only (or home) project. */
export async function targetProject(context: DomainContext, requested: string | null | undefined, homeProjectId: string | null, resource: "cluster" | "clusterTemplate"): Promise<string> {
  const { principal } = context;
  if (requested) {
    // A global admin may act anywhere, but only in a project that exists.
    const [exists] = await projectsByIds(context.db, [requested]);
    if (!exists) throw new DomainError(problem("NOT_FOUND", "projectId", "no such project"));
    authorize(principal, resource, "create", { projectId: requested }, "projectId", "project");
    return requested;
  }
  const writable = [...principal.projectRoles.entries()].filter(([projectId]) => allowed(principal, resource, "create", { projectId }));
  if (writable.length === 1 && writable[0]) return writable[0][0];
  if (principal.isGlobalAdmin && homeProjectId) return homeProjectId;
  // One project, but a role there that cannot create: say so rather than ask for a projectId.
  const readable = [...principal.projectRoles.keys()];
  if (writable.length === 0 && readable.length === 1) authorize(principal, resource, "create", { projectId: readable[0]! }, "projectId", "project");
  throw new DomainError(problem("BAD_USER_INPUT", "projectId", "projectId is required: you can create objects in more than one project (or in none)"));
}
