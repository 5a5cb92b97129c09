// Liveness under load: statement_timeout on every PostgreSQL connection, a deadline per HTTP request, /readyz from a background probe.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { DATABASES } from "../support/databases.js";
import { ADMIN_TOKEN, SECRET_KEY, startTestServer, type TestServer } from "../support/server.js";

const postgres = DATABASES.find((database) => database.label === "PostgreSQL");

describe.runIf(postgres)("liveness on PostgreSQL", () => {
  let api: TestServer;
  let strict: RunningServer | null = null;
  beforeAll(async () => {
    api = await startTestServer(postgres!, { TURNKEY_STATEMENT_TIMEOUT_MS: "1500" });
    const created = await api.raw(JSON.stringify({ query: 'mutation { clusterTemplateCreate(input: { name: "deadline", coe: KUBERNETES, imageId: "fedora-coreos-38" }) { userErrors { code } } }' }), { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(created.body).toContain('"userErrors":[]');
  });
  afterAll(async () => {
    await strict?.close();
    await api?.close();
  });

  it("sets statement_timeout on every connection, and a runaway statement ends with it", async () => {
    const [row] = (await api.server.database.db.execute(sql`select current_setting('statement_timeout') as timeout`)) as unknown as { timeout: string }[];
    expect(row?.timeout).toBe("1500ms");
    // 57014: query_canceled, "canceling statement due to statement timeout" (drizzle keeps it as the cause).
    await expect(api.server.database.db.execute(sql`select pg_sleep(30)`)).rejects.toMatchObject({ cause: { code: "57014" } });
  });

  it("refuses the fields left once a request passes its deadline with DEADLINE_EXCEEDED", async () => {
    // A replica on the same database whose requests have a deadline of 1 ms: every nested field comes after it.
    const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: api.databaseUrl, TURNKEY_DATA_DIR: "/tmp/turnkey-test-unused", TURNKEY_ADMIN_TOKEN: ADMIN_TOKEN, TURNKEY_SECRET_KEY: SECRET_KEY, TURNKEY_LOG_LEVEL: "silent", TURNKEY_REQUEST_DEADLINE_MS: "1" });
    strict = await startServer(config, createLogger("silent"));
    const response = await fetch(strict.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ query: "{ clusterTemplates { nodes { id clusters { totalCount } } } }" }) });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.map((error) => error.extensions?.code)).toContain("DEADLINE_EXCEEDED");
    expect((await fetch(strict.url.replace("/graphql", "/readyz"))).status).toBe(200);
  });
});
