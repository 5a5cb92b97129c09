// Per-request plumbing of the REST face: the caller from X-Auth-Token, the same context GraphQL resolvers get, the audit record, and lookups by uuid or name.
import type { NextFunction, Request, Response } from "express";
import { GraphQLError } from "graphql";
import { pageClusterTemplates } from "../db/queries/cluster-templates.js";
import { pageClusters } from "../db/queries/clusters.js";
import { auditEvents, type ClusterRow, type ClusterTemplateRow } from "../db/schema/index.js";
import { DomainError, forbidden, toRefusal } from "../domain/errors.js";
import { allowed, authorize, canSee, readableProjects, type Resource } from "../domain/policy/index.js";
import type { Principal } from "../domain/tenancy/principal.js";
import { toGlobalId } from "../graphql/common/global-id.js";
import type { GraphQLContext } from "../graphql/context.js";
import { chargeOperation, type RateLimits } from "../graphql/rate-limit/index.js";
import { RestError, sendUnauthenticated } from "./errors.js";
import { isUuid } from "./views.js";

export interface RestServices {
  /** The identity providers GraphQL uses: null for an unknown token; IdentityUnavailableError when they cannot answer. */
  authenticate(token: string): Promise<Principal | null>;
  /** Exactly the context a GraphQL request gets: domain, loaders, home project, certificate options. */
  contextFor(principal: Principal, requestId: string): GraphQLContext;
  /** Keystone's URL for the WWW-Authenticate header, when identities come from Keystone. */
  keystoneUrl: string | null;
  /** Who serves the work behind the API (mservices). */
  workerId: string;
  startedAt: Date;
  /** The GraphQL face's budgets, shared: a refused token costs its IP, a read its page size, a change one mutation. */
  rateLimits?: RateLimits;
}

/** Up to `limit` objects per list (Magnum's page), one for a single object: the read's cost, as a GraphQL connection's. */
function readCost(request: Request): number {
  const limit = Number(request.query.limit);
  return Number.isInteger(limit) && limit > 0 ? Math.min(limit, 1_000) : 20;
}

function rateLimitedAnswer(error: unknown): RestError | null {
  const extensions = (error as { extensions?: { code?: unknown; retryAfterSeconds?: unknown } } | null)?.extensions;
  if (extensions?.code !== "RATE_LIMITED") return null;
  const retryAfterSeconds = Number(extensions.retryAfterSeconds) || 1;
  return new RestError(429, (error as Error).message, { title: "Too Many Requests", extra: { turnkey_code: "RATE_LIMITED", retry_after_seconds: retryAfterSeconds }, retryAfterSeconds });
}

/** Magnum sits behind keystonemiddleware: X-Auth-Token. `Authorization: Bearer` works too, as on the GraphQL face. */
function tokenOf(request: Request): string | null {
  const header = request.headers["x-auth-token"];
  if (typeof header === "string" && header.trim()) return header.trim();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  return match?.[1] ?? null;
}

export function authenticate(services: RestServices) {
  return async (request: Request, response: Response, next: NextFunction) => {
    const token = tokenOf(request);
    const limits = services.rateLimits;
    let principal: Principal | null;
    try {
      if (limits) {
        principal = await limits
          .authenticated(request.ip ?? "unknown", async () => {
            const found = token ? await services.authenticate(token) : null;
            // A GraphQLError, as the GraphQL face's refusal: the limiter charges the IP for it.
            if (!found) throw new GraphQLError("unauthenticated", { extensions: { code: "UNAUTHENTICATED" } });
            return found;
          })
          .catch((error: unknown) => {
            if ((error as { extensions?: { code?: unknown } }).extensions?.code === "UNAUTHENTICATED") return null;
            throw error;
          });
        if (principal) await chargeOperation(limits, principal, request.method === "GET" || request.method === "HEAD" ? "query" : "mutation", { cost: readCost(request), rootFields: 1 });
      } else {
        principal = token ? await services.authenticate(token) : null;
      }
    } catch (error) {
      return next(rateLimitedAnswer(error) ?? error);
    }
    if (!principal) return sendUnauthenticated(response, services.keystoneUrl);
    response.locals.context = services.contextFor(principal, String(request.id));
    next();
  };
}

export function contextOf(response: Response): GraphQLContext {
  return response.locals.context as GraphQLContext;
}

type AuditType = "Cluster" | "ClusterTemplate" | "NodeGroup" | "Project";

/**
 * Runs a change and records it in the audit log as the GraphQL face does (audit.middleware.ts): the same
 * mutation names and global ids, the outcome SUCCEEDED, REFUSED (a domain refusal) or FAILED, written after the change.
 */
export async function audited<Result>(
  context: GraphQLContext,
  mutation: string,
  subject: { type: AuditType; id: string | null; projectId?: string | null },
  work: () => Promise<Result>,
  subjectOfResult?: (result: Result) => { id: string | null; projectId?: string | null },
): Promise<Result> {
  const record = async (outcome: string, target: { id: string | null; projectId?: string | null }, details: Record<string, unknown>) => {
    await context.domain.db
      .insert(auditEvents)
      .values({
        principalId: context.principal.id,
        principalName: context.principal.name,
        projectId: target.projectId ?? null,
        mutation,
        objectId: target.id ? toGlobalId(subject.type, target.id) : null,
        outcome,
        details: { ...details, requestId: context.requestId, face: "rest" },
      })
      .catch(() => undefined);
  };
  try {
    const result = await work();
    await record("SUCCEEDED", subjectOfResult ? { ...subject, ...subjectOfResult(result) } : subject, {});
    return result;
  } catch (thrown) {
    const error = toRefusal(thrown);
    if (error instanceof DomainError) await record("REFUSED", subject, { code: error.code, message: error.message });
    else if (error instanceof RestError && error.status < 500) await record("REFUSED", subject, { code: "BAD_USER_INPUT", message: error.message });
    else await record("FAILED", subject, { message: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

function ambiguous(noun: string, name: string): RestError {
  return new RestError(409, `Multiple ${noun}s exist with same name ${name}. Please use the ${noun} uuid instead.`);
}

/** Magnum's get_resource: a UUID is looked up as an id, anything else as a name among what the caller may see. */
export async function templateByIdent(context: GraphQLContext, ident: string): Promise<ClusterTemplateRow | undefined> {
  if (isUuid(ident)) {
    const row = await context.loaders.template.load(ident.toLowerCase());
    return row && canSee(context.principal, "clusterTemplate", row) ? row : undefined;
  }
  const { page } = await pageClusterTemplates(
    context.domain.db,
    { visibleProjects: readableProjects(context.principal), includeHidden: context.principal.isGlobalAdmin, name: ident },
    { field: "CREATED_AT", direction: "ASC" },
    { first: 2 },
  );
  if (page.rows.length > 1) throw ambiguous("cluster template", ident);
  return page.rows[0];
}

export async function clusterByIdent(context: GraphQLContext, ident: string): Promise<ClusterRow | undefined> {
  if (isUuid(ident)) {
    const row = await context.loaders.cluster.load(ident.toLowerCase());
    return row && canSee(context.principal, "cluster", row) ? row : undefined;
  }
  const { page } = await pageClusters(context.domain.db, { visibleProjects: readableProjects(context.principal), name: ident }, { field: "CREATED_AT", direction: "ASC" }, { first: 2 });
  if (page.rows.length > 1) throw ambiguous("cluster", ident);
  return page.rows[0];
}

export async function requireCluster(context: GraphQLContext, ident: string): Promise<ClusterRow> {
  const row = await clusterByIdent(context, ident);
  if (!row) throw new RestError(404, `Cluster ${ident} could not be found.`);
  return row;
}

export async function requireTemplate(context: GraphQLContext, ident: string, status = 404): Promise<ClusterTemplateRow> {
  const row = await templateByIdent(context, ident);
  if (!row) throw new RestError(status, `ClusterTemplate ${ident} could not be found.`);
  return row;
}

/**
 * The policy's answer before the body is read, so a caller without the right learns FORBIDDEN, not what was
 * wrong with its input (the domain checks again, in its transaction). The same policy table, not a second rule.
 */
export function authorizeFirst(context: GraphQLContext, resource: "cluster" | "clusterTemplate" | "nodeGroup", action: "update" | "delete" | "create", target: { projectId: string }): void {
  authorize(context.principal, resource as Resource, action as never, target);
}

/** For creates: the caller must be able to create this kind of object in some project. */
export function authorizeCreate(context: GraphQLContext, resource: "cluster" | "clusterTemplate"): void {
  const { principal } = context;
  if (principal.isGlobalAdmin) return;
  if ([...principal.projectRoles.keys()].some((projectId) => allowed(principal, resource, "create", { projectId }))) return;
  throw forbidden("projectId", `create on a ${resource === "cluster" ? "cluster" : "cluster template"} needs: member or admin of the object's project`);
}
