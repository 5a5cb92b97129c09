// Projects, users, role bindings, API tokens and quota limits: the administration of who may do what where.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  adminBindingsOf,
  apiTokensOfUsers,
  bindingsOfUser,
  deleteRoleBindingRow,
  deleteUserRow,
  existingProjectIds,
  findApiToken,
  findRoleBinding,
  findUser,
  insertApiToken,
  insertProject,
  insertRoleBinding,
  insertUser,
  lockProject,
  projectExists,
  projectIdByName,
  projectIdsOfUser,
  revokeApiTokenRow,
  roleBindingOf,
  upsertQuota,
  userExists,
  userIdByName,
} from "../../db/queries/tenancy.js";
import type { DomainContext } from "../context.js";
import { conflict, DomainError, invalidState, notFound, problem } from "../errors.js";
import { generateToken } from "./token-secrets.js";
import { runOncePerRequestId } from "../idempotency.js";
import { authorize, requireAllowed } from "../policy/index.js";
import { mayManageToken, mintingRefusal } from "../policy/tokens.js";
import { minterOfRecord, type Principal, type ProjectRole } from "./principal.js";
import { QUOTA_RESOURCES, type QuotaResource } from "./quotas.js";
import { inTransaction } from "../transactions.js";
import { parseOrThrow } from "../validation.js";

const NAME = z.string().trim().min(1, "name must not be empty").max(255, "name must be at most 255 characters").regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/, "name may contain letters, digits, '_', '.', '@' and '-'");
export const PROJECT_ROLES = ["ADMIN", "MEMBER", "READER"] as const satisfies readonly ProjectRole[];
const NO_PROJECT = "00000000-0000-0000-0000-000000000000";

export async function createProject(context: DomainContext, input: { name: string }, requestId?: string | null) {
  requireAllowed(context.principal, "project", "create", { projectId: null }, "name");
  const name = parseOrThrow(NAME, input.name, ["name"]);
  return inTransaction(context, (transaction) =>
    runOncePerRequestId(transaction, context.principal, "projectCreate", requestId, input, async () => {
      const existing = await projectIdByName(transaction, name);
      if (existing) throw conflict("name", `a project named "${name}" already exists`);
      const id = randomUUID();
      await insertProject(transaction, { id, name });
      return { projectId: id };
    }),
  );
}

export async function createUser(context: DomainContext, input: { name: string }, requestId?: string | null) {
  requireAllowed(context.principal, "user", "create", { projectId: null }, "name");
  const name = parseOrThrow(NAME, input.name, ["name"]);
  return inTransaction(context, (transaction) =>
    runOncePerRequestId(transaction, context.principal, "userCreate", requestId, input, async () => {
      const existing = await userIdByName(transaction, name);
      if (existing) throw conflict("name", `a user named "${name}" already exists`);
      const id = randomUUID();
      await insertUser(transaction, { id, name });
      return { userId: id };
    }),
  );
}

/** Removes a user with its role bindings and tokens (cascade); its open sockets close at once (the identity NOTIFY). */
export async function deleteUser(context: DomainContext, id: string) {
  requireAllowed(context.principal, "user", "delete", { projectId: null }, "id");
  const deleted = await deleteUserRow(context.db, id);
  if (deleted.length === 0) throw notFound("id", "no such user");
  context.identityChanged?.(id);
  return { userId: id };
}

export async function createRoleBinding(context: DomainContext, input: { userId: string; projectId: string; role: ProjectRole }, requestId?: string | null) {
  // A project admin grants roles in the projects it administers, up to its own (ADMIN); never anywhere else.
  // A token capped below ADMIN is not an admin here (its projectRoles are already cut to the cap).
  authorize(context.principal, "project", "administer", { projectId: input.projectId }, "projectId");
  if (!PROJECT_ROLES.includes(input.role)) throw new DomainError(problem("BAD_USER_INPUT", "role", `role must be one of ${PROJECT_ROLES.join(", ")}`));
  return inTransaction(context, (transaction) =>
    runOncePerRequestId(transaction, context.principal, "roleBindingCreate", requestId, input, async () => {
      if (!(await projectExists(transaction, input.projectId))) throw notFound("projectId", "no such project");
      if (!(await userExists(transaction, input.userId))) throw notFound("userId", "no such user");
      const existing = await roleBindingOf(transaction, input.userId, input.projectId);
      if (existing) throw conflict("userId", `the user already has the ${existing.role} role in this project; delete that binding first`);
      const id = randomUUID();
      await insertRoleBinding(transaction, { id, userId: input.userId, projectId: input.projectId, role: input.role });
      return { roleBindingId: id, projectId: input.projectId };
    }),
  ).then((outcome) => {
    context.identityChanged?.(input.userId);
    return outcome;
  });
}

export async function deleteRoleBinding(context: DomainContext, id: string, requestId?: string | null) {
  return inTransaction(context, (transaction) =>
    runOncePerRequestId(transaction, context.principal, "roleBindingDelete", requestId, { id }, async () => {
      const binding = await findRoleBinding(transaction, id);
      if (!binding) throw notFound("id", "no such role binding");
      authorize(context.principal, "roleBinding", "delete", { projectId: binding.projectId }, "id", "roleBinding");
      if (binding.role === "ADMIN") {
        // Serializes removals of a project's admins: two admins removing each other cannot both succeed.
        await lockProject(transaction, binding.projectId);
        const admins = await adminBindingsOf(transaction, binding.projectId);
        if (admins.length <= 1) throw invalidState("id", "this is the project's last ADMIN binding: grant ADMIN to someone else first");
      }
      await deleteRoleBindingRow(transaction, id);
      return { roleBindingId: id, projectId: binding.projectId, userId: binding.userId };
    }),
  ).then((outcome) => {
    if (outcome.result.userId) context.identityChanged?.(outcome.result.userId);
    return outcome;
  });
}

export interface ApiTokenRequest {
  userId: string;
  name: string;
  expiresAt?: Date | null;
  /** Null or absent: see defaultScope. */
  projectIds?: string[] | null;
  maxRole?: ProjectRole | null;
}

/**
 * Without projectIds: a global admin mints an unscoped token; a user minting its own gets the projects it
 * acts in now; a project admin minting for someone else gets the one project they share (ADMIN for the
 * caller), or must name it.
 */
function defaultScope(principal: Principal, userId: string, targetBindings: ReadonlyMap<string, ProjectRole>): string[] | null {
  if (principal.isGlobalAdmin) return null;
  if (userId === principal.id) return [...principal.projectRoles.keys()];
  const shared = [...targetBindings.keys()].filter((projectId) => principal.projectRoles.get(projectId) === "ADMIN");
  return shared.length === 1 ? shared : null;
}

export async function createApiToken(context: DomainContext, input: ApiTokenRequest, requestId?: string | null) {
  const { principal } = context;
  // Authorization first: a user the caller has no business with does not exist for it.
  const user = await findUser(context.db, input.userId);
  const bindings = user ? await bindingsOfUser(context.db, user.id) : [];
  const targetBindings = new Map(bindings.map((binding) => [binding.projectId, binding.role as ProjectRole]));
  const related = principal.isGlobalAdmin || input.userId === principal.id || [...targetBindings.keys()].some((projectId) => principal.projectRoles.get(projectId) === "ADMIN");
  if (!user || !related) throw notFound("userId", "no such user");
  const projectIds = input.projectIds ? [...new Set(input.projectIds)] : defaultScope(principal, user.id, targetBindings);
  if (!principal.isGlobalAdmin && projectIds === null) {
    throw new DomainError(problem("FORBIDDEN", "projectIds", "name the one project the token is for (projectIds): you administer more than one project of this user"));
  }
  if (!principal.isGlobalAdmin && projectIds?.some((projectId) => !principal.projectRoles.has(projectId))) throw notFound("projectIds", "no such project");
  const maxRole = input.maxRole ?? principal.tokenGrant?.maxRole ?? null;
  const refusal = mintingRefusal(principal, user.id, targetBindings, { projectIds, maxRole });
  if (refusal) throw new DomainError(problem("FORBIDDEN", input.projectIds ? "projectIds" : "userId", refusal));
  const name = parseOrThrow(z.string().trim().min(1, "name must not be empty").max(255), input.name, ["name"]);
  if (input.maxRole && !PROJECT_ROLES.includes(input.maxRole)) throw new DomainError(problem("BAD_USER_INPUT", "maxRole", `maxRole must be one of ${PROJECT_ROLES.join(", ")}`));
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw new DomainError(problem("BAD_USER_INPUT", "expiresAt", "expiresAt must be in the future"));
  if (projectIds && principal.isGlobalAdmin) {
    const found = await existingProjectIds(context.db, projectIds.length ? projectIds : [NO_PROJECT]);
    if (found.length !== projectIds.length) throw notFound("projectIds", "no such project");
  }
  // The secret exists only in this response: a retried request cannot replay it, so requestId is not offered here.
  void requestId;
  const { token, hash, prefix } = generateToken();
  const id = randomUUID();
  const createdBy = minterOfRecord(principal);
  await insertApiToken(context.db, { id, userId: user.id, name, tokenHash: hash, prefix, expiresAt: input.expiresAt ?? null, projectIds, maxRole, createdBy });
  return { apiTokenId: id, token, audit: { mintedFor: user.id, mintedForName: user.name, mintedBy: createdBy, projectIds, maxRole, expiresAt: input.expiresAt?.toISOString() ?? null } };
}

export async function revokeApiToken(context: DomainContext, id: string) {
  const row = await findApiToken(context.db, id);
  const userProjects = row ? await projectIdsOfUser(context.db, row.userId) : [];
  if (!row || !mayManageToken(context.principal, row, userProjects.map((binding) => binding.projectId))) throw notFound("id", "no such API token");
  if (!row.revokedAt) {
    await revokeApiTokenRow(context.db, id);
    context.identityChanged?.(row.userId);
  }
  return { apiTokenId: id };
}

export async function setQuota(context: DomainContext, input: { projectId: string; resource: QuotaResource; limit: number }) {
  authorize(context.principal, "quota", "set", { projectId: input.projectId }, "projectId");
  if (!QUOTA_RESOURCES.includes(input.resource)) throw new DomainError(problem("BAD_USER_INPUT", "resource", `resource must be one of ${QUOTA_RESOURCES.join(", ")}`));
  const limit = parseOrThrow(z.number().int().min(0, "limit must be 0 or more").max(1_000_000), input.limit, ["limit"]);
  if (!(await projectExists(context.db, input.projectId))) throw notFound("projectId", "no such project");
  await upsertQuota(context.db, { projectId: input.projectId, resource: input.resource, limit });
  return { projectId: input.projectId };
}

export async function tokensOfUsers(context: DomainContext, userIds: string[]) {
  if (userIds.length === 0) return [];
  return apiTokensOfUsers(context.db, userIds);
}
