// /v1/quotas: Magnum's per-project hard limits on the domain's quota functions (Magnum's resource "Cluster" is Turnkey's CLUSTERS).
import { Router, type Request, type Response } from "express";
import { and, eq } from "drizzle-orm";
import { quotas } from "../db/schema/index.js";
import { allowed, canSee } from "../domain/policy/index.js";
import { DEFAULT_QUOTAS, limitsOf, type QuotaResource } from "../domain/tenancy/quotas.js";
import { setQuota } from "../domain/tenancy/tenancy.js";
import type { GraphQLContext } from "../graphql/context.js";
import { audited, contextOf } from "./context.js";
import { badRequest, RestError } from "./errors.js";
import { projectIdIn, projectIdOut, timestamp } from "./views.js";

/** Magnum's QuotaResourceName is only "Cluster"; Turnkey's other limits are offered under names of the same style. */
const RESOURCES: Record<string, QuotaResource> = { Cluster: "CLUSTERS", Node: "NODES", NodeGroupsPerCluster: "NODE_GROUPS_PER_CLUSTER" };
const NAMES = Object.fromEntries(Object.entries(RESOURCES).map(([name, resource]) => [resource, name])) as Record<QuotaResource, string>;

function resourceIn(name: unknown): QuotaResource {
  const resource = typeof name === "string" ? RESOURCES[name] : undefined;
  if (!resource) throw badRequest(`Invalid input for field/attribute resource. Value: '${String(name)}'. Value should be one of: ${Object.keys(RESOURCES).join(", ")}`);
  return resource;
}

function projectIn(value: unknown): string {
  const id = typeof value === "string" ? projectIdIn(value) : null;
  if (!id) throw badRequest("Must provide a valid project ID.");
  return id;
}

function hardLimit(value: unknown): number {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  throw badRequest(`Invalid input for field/attribute hard_limit. Value: '${String(value)}'. Wrong type. Expected 'int'`);
}

function view(row: { projectId: string; resource: string; limit: number; createdAt?: Date | null; updatedAt?: Date | null }) {
  return { project_id: projectIdOut(row.projectId), resource: NAMES[row.resource as QuotaResource] ?? row.resource, hard_limit: row.limit, created_at: timestamp(row.createdAt), updated_at: timestamp(row.updatedAt) };
}

async function storedQuota(context: GraphQLContext, projectId: string, resource: QuotaResource) {
  const [row] = await context.domain.db.select().from(quotas).where(and(eq(quotas.projectId, projectId), eq(quotas.resource, resource)));
  return row;
}

async function list(request: Request, response: Response) {
  const context = contextOf(response);
  const allTenants = context.principal.isGlobalAdmin && /^(1|true|yes)$/i.test(String(request.query.all_tenants ?? ""));
  const rows = await context.domain.db.select().from(quotas);
  const visible = rows.filter((row) => (allTenants ? true : context.principal.projectRoles.has(row.projectId)) && canSee(context.principal, "quota", { projectId: row.projectId }));
  response.json({ quotas: visible.map(view) });
}

async function show(request: Request, response: Response) {
  const context = contextOf(response);
  const projectId = projectIn(request.params.project);
  const resource = resourceIn(request.params.resource);
  // Magnum: another project's quota is NotAuthorized (403) for a non-admin.
  if (!canSee(context.principal, "quota", { projectId })) throw new RestError(403, "Not authorized.");
  const row = await storedQuota(context, projectId, resource);
  const limits = await limitsOf(context.domain.db, projectId);
  response.json(view(row ?? { projectId, resource, limit: limits[resource] }));
}

/** Quotas are set by global admins (Magnum's admin_api rule); the domain checks it, this only words Magnum's refusal first. */
async function set(context: GraphQLContext, mutation: string, projectId: string, resource: QuotaResource, limit: number) {
  await audited(context, mutation, { type: "Project", id: projectId, projectId }, () => setQuota(context.domain, { projectId, resource, limit }));
}

async function create(request: Request, response: Response) {
  const context = contextOf(response);
  const body = (request.body ?? {}) as Record<string, unknown>;
  const projectId = projectIn(body.project_id);
  const resource = resourceIn(body.resource ?? "Cluster");
  const limit = hardLimit(body.hard_limit ?? 1);
  if (allowed(context.principal, "quota", "set", { projectId }) && (await storedQuota(context, projectId, resource))) {
    throw new RestError(409, `Quota for project ${projectIdOut(projectId)} already exists for resource ${NAMES[resource]}.`);
  }
  await set(context, "quotaSet", projectId, resource, limit);
  response.status(201).json(view((await storedQuota(context, projectId, resource))!));
}

async function update(request: Request, response: Response) {
  const context = contextOf(response);
  const projectId = projectIn(request.params.project);
  const resource = resourceIn(request.params.resource);
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (allowed(context.principal, "quota", "set", { projectId }) && !(await storedQuota(context, projectId, resource))) {
    throw new RestError(404, `Quota for project ${projectIdOut(projectId)} for resource ${NAMES[resource]} could not be found.`);
  }
  await set(context, "quotaSet", projectId, resource, hardLimit(body.hard_limit));
  response.status(202).json(view((await storedQuota(context, projectId, resource))!));
}

/** Deleting a quota returns the project to the default limit (the domain keeps limits as values, not as absences). */
async function remove(request: Request, response: Response) {
  const context = contextOf(response);
  const projectId = projectIn(request.params.project);
  const resource = resourceIn(request.params.resource);
  if (allowed(context.principal, "quota", "set", { projectId }) && !(await storedQuota(context, projectId, resource))) {
    throw new RestError(404, `Quota for project ${projectIdOut(projectId)} for resource ${NAMES[resource]} could not be found.`);
  }
  await set(context, "quotaSet", projectId, resource, DEFAULT_QUOTAS[resource]);
  response.status(204).end();
}

export function quotaRoutes(): Router {
  const router = Router();
  router.get("/quotas", list);
  router.get("/quotas/detail", list);
  router.get("/quotas/:project/:resource", show);
  router.post("/quotas", create);
  router.patch("/quotas/:project/:resource", update);
  router.delete("/quotas/:project/:resource", remove);
  return router;
}
