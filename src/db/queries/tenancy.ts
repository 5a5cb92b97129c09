// Tenancy rows: projects, users, role bindings, API tokens and quota limits, as the tenancy mutations write them.
import { and, eq, inArray } from "drizzle-orm";
import type { Executor, Transaction } from "../client.js";
import { apiTokens, projects, quotas, roleBindings, users, type ApiTokenRow, type RoleBindingRow, type UserRow } from "../schema/index.js";

export type { ApiTokenRow, RoleBindingRow, UserRow };

export async function projectIdByName(executor: Executor, name: string): Promise<string | undefined> {
  const [existing] = await executor.select({ id: projects.id }).from(projects).where(eq(projects.name, name));
  return existing?.id;
}

export async function projectExists(executor: Executor, id: string): Promise<boolean> {
  const [project] = await executor.select({ id: projects.id }).from(projects).where(eq(projects.id, id));
  return project !== undefined;
}

/** Which of these projects exist (`ids` must not be empty). */
export async function existingProjectIds(executor: Executor, ids: string[]): Promise<{ id: string }[]> {
  return executor.select({ id: projects.id }).from(projects).where(inArray(projects.id, ids));
}

export async function insertProject(transaction: Transaction, values: { id: string; name: string }): Promise<void> {
  await transaction.insert(projects).values(values);
}

/** Locks the project row FOR NO KEY UPDATE (serializes removals of its admins). */
export async function lockProject(transaction: Transaction, id: string): Promise<void> {
  await transaction.select({ id: projects.id }).from(projects).where(eq(projects.id, id)).for("no key update");
}

export async function userIdByName(executor: Executor, name: string): Promise<string | undefined> {
  const [existing] = await executor.select({ id: users.id }).from(users).where(eq(users.name, name));
  return existing?.id;
}

export async function userExists(executor: Executor, id: string): Promise<boolean> {
  const [user] = await executor.select({ id: users.id }).from(users).where(eq(users.id, id));
  return user !== undefined;
}

export async function findUser(executor: Executor, id: string): Promise<UserRow | undefined> {
  const [user] = await executor.select().from(users).where(eq(users.id, id));
  return user;
}

export async function insertUser(transaction: Transaction, values: { id: string; name: string }): Promise<void> {
  await transaction.insert(users).values(values);
}

/** Deletes the user (role bindings and tokens go by cascade); the ids deleted. */
export async function deleteUserRow(executor: Executor, id: string): Promise<{ id: string }[]> {
  return executor.delete(users).where(eq(users.id, id)).returning({ id: users.id });
}

export async function roleBindingOf(executor: Executor, userId: string, projectId: string): Promise<RoleBindingRow | undefined> {
  const [existing] = await executor.select().from(roleBindings).where(and(eq(roleBindings.userId, userId), eq(roleBindings.projectId, projectId)));
  return existing;
}

export async function findRoleBinding(executor: Executor, id: string): Promise<RoleBindingRow | undefined> {
  const [binding] = await executor.select().from(roleBindings).where(eq(roleBindings.id, id));
  return binding;
}

export async function bindingsOfUser(executor: Executor, userId: string): Promise<{ projectId: string; role: string }[]> {
  return executor.select({ projectId: roleBindings.projectId, role: roleBindings.role }).from(roleBindings).where(eq(roleBindings.userId, userId));
}

export async function projectIdsOfUser(executor: Executor, userId: string): Promise<{ projectId: string }[]> {
  return executor.select({ projectId: roleBindings.projectId }).from(roleBindings).where(eq(roleBindings.userId, userId));
}

export async function adminBindingsOf(executor: Executor, projectId: string): Promise<{ id: string }[]> {
  return executor
    .select({ id: roleBindings.id })
    .from(roleBindings)
    .where(and(eq(roleBindings.projectId, projectId), eq(roleBindings.role, "ADMIN")));
}

export async function insertRoleBinding(transaction: Transaction, values: { id: string; userId: string; projectId: string; role: string }): Promise<void> {
  await transaction.insert(roleBindings).values(values);
}

export async function deleteRoleBindingRow(transaction: Transaction, id: string): Promise<void> {
  await transaction.delete(roleBindings).where(eq(roleBindings.id, id));
}

export async function findApiToken(executor: Executor, id: string): Promise<ApiTokenRow | undefined> {
  const [row] = await executor.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

export async function insertApiToken(executor: Executor, values: typeof apiTokens.$inferInsert): Promise<void> {
  await executor.insert(apiTokens).values(values);
}

export async function revokeApiTokenRow(executor: Executor, id: string): Promise<void> {
  await executor.update(apiTokens).set({ revokedAt: new Date(), updatedAt: new Date() }).where(eq(apiTokens.id, id));
}

export async function apiTokensOfUsers(executor: Executor, userIds: string[]): Promise<ApiTokenRow[]> {
  return executor.select().from(apiTokens).where(inArray(apiTokens.userId, userIds));
}

export async function upsertQuota(executor: Executor, values: { projectId: string; resource: string; limit: number }): Promise<void> {
  await executor
    .insert(quotas)
    .values(values)
    .onConflictDoUpdate({ target: [quotas.projectId, quotas.resource], set: { limit: values.limit, updatedAt: new Date() } });
}
