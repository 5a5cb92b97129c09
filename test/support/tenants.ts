// Two projects with users in each role and their tokens, made through the API as the global admin.
import { expect } from "vitest";
import { ApiTokenCreateDocument, ProjectCreateDocument, RoleBindingCreateDocument, UserCreateDocument } from "../../src/client/generated/graphql.js";
import { uniqueName } from "./fixtures.js";
import type { TestServer } from "./server.js";

export interface Member {
  userId: string;
  name: string;
  token: string;
  tokenId: string;
}

export interface Tenant {
  projectId: string;
  name: string;
  admin: Member;
  member: Member;
  reader: Member;
}

export async function createUserWithToken(api: TestServer, projectId: string, role: "ADMIN" | "MEMBER" | "READER", expiresAt?: string): Promise<Member> {
  const name = uniqueName(role.toLowerCase());
  const user = await api.query(UserCreateDocument, { input: { name } });
  expect(user.userCreate.userErrors).toEqual([]);
  const userId = user.userCreate.user!.id;
  const binding = await api.query(RoleBindingCreateDocument, { input: { userId, projectId, role } });
  expect(binding.roleBindingCreate.userErrors).toEqual([]);
  const token = await api.query(ApiTokenCreateDocument, { input: { userId, name: "test", ...(expiresAt ? { expiresAt } : {}) } });
  expect(token.apiTokenCreate.userErrors).toEqual([]);
  return { userId, name, token: token.apiTokenCreate.token!, tokenId: token.apiTokenCreate.apiToken!.id };
}

export async function createTenant(api: TestServer, label: string): Promise<Tenant> {
  const name = uniqueName(label);
  const project = await api.query(ProjectCreateDocument, { input: { name } });
  expect(project.projectCreate.userErrors).toEqual([]);
  const projectId = project.projectCreate.project!.id;
  return {
    projectId,
    name,
    admin: await createUserWithToken(api, projectId, "ADMIN"),
    member: await createUserWithToken(api, projectId, "MEMBER"),
    reader: await createUserWithToken(api, projectId, "READER"),
  };
}
