// Projects, users, role bindings, API tokens and quota limits: the administration of who may do what where.
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { apiTokens, projects, quotas, roleBindings, users } from "../db/schema/index.js";
import type { DomainContext } from "./context.js";
import { conflict, DomainError, notFound, problem } from "./errors.js";
import { generateToken } from "../identity/providers.js";
import { once } from "./idempotency.js";
import { allowed, authorize, requireAllowed } from "./policy/index.js";
import type { ProjectRole } from "./principal.js";
import { QUOTA_RESOURCES, type QuotaResource } from "./quotas.js";
import { inTransaction } from "./transactions.js";
import { parseOrThrow } from "./validation.js";

const NAME = z.string().trim().min(1, "name must not be empty").max(255, "name must be at most 255 characters").regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/, "name may contain letters, digits, '_', '.', '@' and '-'");
export const PROJECT_ROLES = ["ADMIN", "MEMBER", "READER"] as const satisfies readonly ProjectRole[];

export async function createProject(context: DomainContext, input: { name: string }, requestId?: string | null) {
  requireAllowed(context.principal, "project", "create", { projectId: null }, "name");
  const name = parseOrThrow(NAME, input.name, ["name"]);
  return inTransaction(context, (transaction) =>
    once(transaction, context.principal, "projectCreate", requestId, input, async () => {
      const [existing] = await transaction.select({ id: projects.id }).from(projects).where(eq(projects.name, name));
      if (existing) throw conflict("name", `a project named "${name}" already exists`);
      const id = randomUUID();
      await transaction.insert(projects).values({ id, name });
      return { projectId: id };
    }),
  );
}

export async function createUser(context: DomainContext, input: { name: string }, requestId?: string | null) {
  requireAllowed(context.principal, "user", "create", { projectId: null }, "name");
  const name = parseOrThrow(NAME, input.name, ["name"]);
  return inTransaction(context, (transaction) =>
    once(transaction, context.principal, "userCreate", requestId, input, async () => {
      const [existing] = await transaction.select({ id: users.id }).from(users).where(eq(users.name, name));
      if (existing) throw conflict("name", `a user named "${name}" already exists`);
      const id = randomUUID();
      await transaction.insert(users).values({ id, name });
      return { userId: id };
    }),
  );
}

export async function createRoleBinding(context: DomainContext, input: { userId: string; projectId: string; role: ProjectRole }, requestId?: string | null) {
  authorize(context.principal, "project", "administer", { projectId: input.projectId }, "projectId");
  return inTransaction(context, (transaction) =>
    once(transaction, context.principal, "roleBindingCreate", requestId, input, async () => {
      const [user] = await transaction.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
      if (!user) throw notFound("userId", "no such user");
      const [project] = await transaction.select({ id: projects.id }).from(projects).where(eq(projects.id, input.projectId));
      if (!project) throw notFound("projectId", "no such project");
      const [existing] = await transaction.select().from(roleBindings).where(and(eq(roleBindings.userId, input.userId), eq(roleBindings.projectId, input.projectId)));
      if (existing) throw conflict("userId", `the user already has the ${existing.role} role in this project; delete that binding first`);
      const id = randomUUID();
      await transaction.insert(roleBindings).values({ id, userId: input.userId, projectId: input.projectId, role: input.role });
      return { roleBindingId: id };
    }),
  );
}

export async function deleteRoleBinding(context: DomainContext, id: string, requestId?: string | null) {
  return inTransaction(context, (transaction) =>
    once(transaction, context.principal, "roleBindingDelete", requestId, { id }, async () => {
      const [binding] = await transaction.select().from(roleBindings).where(eq(roleBindings.id, id));
      if (!binding) throw notFound("id", "no such role binding");
      authorize(context.principal, "roleBinding", "delete", { projectId: binding.projectId }, "id", "roleBinding");
      await transaction.delete(roleBindings).where(eq(roleBindings.id, id));
      return { roleBindingId: id, projectId: binding.projectId };
    }),
  );
}

/** May the caller manage this user's tokens: itself, a global admin, or an admin of a project the user belongs to. */
async function mayManageTokensOf(context: DomainContext, userId: string): Promise<boolean> {
  if (context.principal.isGlobalAdmin || context.principal.id === userId) return true;
  const bindings = await context.db.select({ projectId: roleBindings.projectId }).from(roleBindings).where(eq(roleBindings.userId, userId));
  return bindings.some((binding) => allowed(context.principal, "apiToken", "create", { projectId: binding.projectId, userId }));
}

export async function createApiToken(context: DomainContext, input: { userId: string; name: string; expiresAt?: Date | null }, requestId?: string | null) {
  const name = parseOrThrow(z.string().trim().min(1, "name must not be empty").max(255), input.name, ["name"]);
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw new DomainError(problem("BAD_USER_INPUT", "expiresAt", "expiresAt must be in the future"));
  const [user] = await context.db.select().from(users).where(eq(users.id, input.userId));
  if (!user || !(await mayManageTokensOf(context, input.userId))) throw notFound("userId", "no such user");
  // The secret exists only in this response: a retried request cannot replay it, so requestId is not offered here.
  void requestId;
  const { token, hash, prefix } = generateToken();
  const id = randomUUID();
  await context.db.insert(apiTokens).values({ id, userId: user.id, name, tokenHash: hash, prefix, expiresAt: input.expiresAt ?? null });
  return { apiTokenId: id, token };
}

export async function revokeApiToken(context: DomainContext, id: string) {
  const [row] = await context.db.select().from(apiTokens).where(eq(apiTokens.id, id));
  if (!row || !(await mayManageTokensOf(context, row.userId))) throw notFound("id", "no such API token");
  if (!row.revokedAt) await context.db.update(apiTokens).set({ revokedAt: new Date(), updatedAt: new Date() }).where(eq(apiTokens.id, id));
  return { apiTokenId: id };
}

export async function setQuota(context: DomainContext, input: { projectId: string; resource: QuotaResource; limit: number }) {
  authorize(context.principal, "quota", "set", { projectId: input.projectId }, "projectId");
  if (!QUOTA_RESOURCES.includes(input.resource)) throw new DomainError(problem("BAD_USER_INPUT", "resource", `resource must be one of ${QUOTA_RESOURCES.join(", ")}`));
  const limit = parseOrThrow(z.number().int().min(0, "limit must be 0 or more").max(1_000_000), input.limit, ["limit"]);
  const [project] = await context.db.select({ id: projects.id }).from(projects).where(eq(projects.id, input.projectId));
  if (!project) throw notFound("projectId", "no such project");
  await context.db
    .insert(quotas)
    .values({ projectId: input.projectId, resource: input.resource, limit })
    .onConflictDoUpdate({ target: [quotas.projectId, quotas.resource], set: { limit, updatedAt: new Date() } });
  return { projectId: input.projectId };
}

export async function tokensOfUsers(context: DomainContext, userIds: string[]) {
  if (userIds.length === 0) return [];
  return context.db.select().from(apiTokens).where(inArray(apiTokens.userId, userIds));
}
