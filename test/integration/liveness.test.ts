// Liveness under load: statement_timeout on every PostgreSQL connection, a deadline per HTTP request, /readyz from a background probe.
import { sql } from "drizzle-orm";
import postgresClient from "postgres";
import { HOME_PROJECT } from "../../src/bootstrap.js";
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

  it("answers a create that waited on a locked project past statement_timeout with RATE_LIMITED and retryAfterSeconds, and writes nothing", async () => {
    const send = (query: string) => api.raw(JSON.stringify({ query }), { authorization: `Bearer ${ADMIN_TOKEN}` }).then((answer) => JSON.parse(answer.body) as { data?: Record<string, unknown>; errors?: { message: string; extensions?: Record<string, unknown> }[] });
    const templates = (await send("{ clusterTemplates(first: 1) { nodes { id } } }")).data as { clusterTemplates: { nodes: { id: string }[] } };
    const templateId = templates.clusterTemplates.nodes[0]!.id;
    const count = async () => ((await send("{ clusters { totalCount } }")).data as { clusters: { totalCount: number } }).clusters.totalCount;
    const before = await count();
    // Another transaction holds the project row as a burst of creates into the project would: this create queues behind it.
    const holder = postgresClient(api.databaseUrl, { max: 1, onnotice: () => undefined });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holding = holder.begin(async (transaction) => {
      await transaction`select id from projects where id = ${HOME_PROJECT.id} for no key update`;
      locked();
      await released;
    });
    try {
      await lockTaken;
      const answer = await send(`mutation { clusterCreate(input: { name: "queued-on-the-project", clusterTemplateId: "${templateId}" }) { cluster { id } userErrors { code } } }`);
      expect(answer.errors?.[0]?.extensions).toEqual({ code: "RATE_LIMITED", reason: "DATABASE_BUSY", retryAfterSeconds: 1 });
      expect(answer.errors?.[0]?.message).toMatch(/nothing was changed/);
    } finally {
      release();
      await holding;
      await holder.end({ timeout: 1 });
    }
    expect(await count()).toBe(before);
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
