// /v1/stats: cluster and node counts of a project (or, for a global admin, of all), from the domain's quota usage.
import { Router, type Request, type Response } from "express";
import { projects } from "../db/schema/index.js";
import { canSee } from "../domain/policy/index.js";
import { usageOf } from "../domain/tenancy/quotas.js";
import { contextOf } from "./context.js";
import { badRequest, RestError } from "./errors.js";
import { projectIdIn } from "./views.js";

async function stats(request: Request, response: Response) {
  const context = contextOf(response);
  const type = typeof request.query.type === "string" ? request.query.type : "cluster";
  if (type.toLowerCase() !== "cluster") throw badRequest("Invalid stats type. Allowed values are 'cluster'");
  const asked = typeof request.query.project_id === "string" && request.query.project_id ? request.query.project_id : null;
  let projectIds: string[];
  if (asked) {
    const projectId = projectIdIn(asked);
    // Magnum: another project's stats are NotAuthorized for a non-admin.
    if (!projectId || !canSee(context.principal, "project", { projectId })) throw new RestError(403, "Not authorized.");
    projectIds = [projectId];
  } else if (context.principal.isGlobalAdmin) {
    projectIds = (await context.domain.db.select({ id: projects.id }).from(projects)).map((row) => row.id);
  } else projectIds = [...context.principal.projectRoles.keys()];
  const usage = await Promise.all(projectIds.map((projectId) => usageOf(context.domain.db, projectId)));
  response.json({ clusters: usage.reduce((sum, entry) => sum + entry.CLUSTERS, 0), nodes: usage.reduce((sum, entry) => sum + entry.NODES, 0) });
}

export function statsRoutes(): Router {
  const router = Router();
  router.get("/stats", stats);
  return router;
}
