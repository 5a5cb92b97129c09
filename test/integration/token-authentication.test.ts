// A known token costs no statement after its first use, its use is recorded in batches, and a change of its rights is seen at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { apiTokens } from "../../src/db/schema/index.js";
import { uuidOf } from "../../src/graphql/common/global-id.js";
import { DATABASES } from "../support/databases.js";
import { startFastServer } from "../support/lifecycle.js";
import { waitUntil } from "../support/sockets.js";
import { ADMIN_TOKEN, type TestServer } from "../support/server.js";
import { createTenant, type Tenant } from "../support/tenants.js";

interface Answer {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { sqlStatements?: number };
}

describe.each(DATABASES)("token authentication on $label", (database) => {
  let api: TestServer;
  let tenant: Tenant;

  const call = async (query: string, variables: Record<string, unknown>, token: string): Promise<Answer> => {
    const response = await fetch(api.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as Answer;
  };

  beforeAll(async () => {
    api = await startFastServer(database, { TURNKEY_TOKEN_LAST_USED_FLUSH_MS: "200" });
    tenant = await createTenant(api, "cached");
  });
  afterAll(async () => {
    await api?.close();
  });

  it("authenticates a known token from memory and records its last use later, in a batch", async () => {
    const probe = "{ viewer { projectRoles { role } } }";
    const first = await call(probe, {}, tenant.reader.token);
    const second = await call(probe, {}, tenant.reader.token);
    expect(first.data?.viewer.projectRoles).toEqual([{ role: "READER" }]);
    expect(second.data?.viewer.projectRoles).toEqual([{ role: "READER" }]);
    // The first request read the token and its bindings; the second none of that.
    expect(second.extensions!.sqlStatements!).toBeLessThan(first.extensions!.sqlStatements!);
    await waitUntil(
      async () => {
        // The API shows lastUsedAt only through a user's tokens, which no query reaches by id: read the row.
        const [row] = await api.server.database.db.select({ lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, uuidOf(tenant.reader.tokenId, "ApiToken")!));
        return Boolean(row?.lastUsedAt);
      },
      20_000,
      "lastUsedAt to be recorded",
    );
  });

  it("sees a removed role and a revoked token on the very next request", async () => {
    const probe = "{ viewer { projectRoles { role } } }";
    const user = await call("mutation($input: UserCreateInput!) { userCreate(input: $input) { user { id } } }", { input: { name: `cache-${Date.now()}` } }, ADMIN_TOKEN);
    const userId = user.data!.userCreate.user.id as string;
    const binding = await call("mutation($input: RoleBindingCreateInput!) { roleBindingCreate(input: $input) { roleBinding { id } } }", { input: { userId, projectId: tenant.projectId, role: "MEMBER" } }, ADMIN_TOKEN);
    const minted = await call("mutation($input: ApiTokenCreateInput!) { apiTokenCreate(input: $input) { token apiToken { id } } }", { input: { userId, name: "cached" } }, ADMIN_TOKEN);
    const token = minted.data!.apiTokenCreate.token as string;
    expect((await call(probe, {}, token)).data?.viewer.projectRoles).toEqual([{ role: "MEMBER" }]);
    await call("mutation($input: RoleBindingDeleteInput!) { roleBindingDelete(input: $input) { deletedRoleBindingId } }", { input: { id: binding.data!.roleBindingCreate.roleBinding.id } }, ADMIN_TOKEN);
    expect((await call(probe, {}, token)).data?.viewer.projectRoles).toEqual([]);
    await call("mutation($input: ApiTokenRevokeInput!) { apiTokenRevoke(input: $input) { apiToken { id } } }", { input: { id: minted.data!.apiTokenCreate.apiToken.id } }, ADMIN_TOKEN);
    expect((await call(probe, {}, token)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
