// Rate limits by cost per token, separate mutation and subscription budgets, per-IP refusals before authentication, socket caps, shared by replicas.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { toGlobalId } from "../../src/graphql/common/global-id.js";
import { HOME_PROJECT } from "../../src/bootstrap.js";
import { createLogger } from "../../src/logger.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { WebSocketCloseCode } from "../../src/graphql/websocket-close-codes.js";
import { DATABASES } from "../support/databases.js";
import { ADMIN_TOKEN, SECRET_KEY, startTestServer, type TestServer } from "../support/server.js";
import { openRawSocket, subscribeMessage } from "../support/sockets.js";
import { createUserWithToken, type Member } from "../support/tenants.js";

// cost 1 + 10 × 1 = 11 (src/graphql/limits/measure.ts)
const PAGE = "{ clusters(first: 10) { nodes { id } } }";
const BUDGETS = {
  TURNKEY_RATE_LIMIT_QUERY_COST: "50",
  // The admin's setup takes five (two quotas, a user, a role binding, a token).
  TURNKEY_RATE_LIMIT_MUTATIONS: "6",
  TURNKEY_RATE_LIMIT_SUBSCRIPTIONS: "2",
  TURNKEY_MAX_SOCKETS_PER_TOKEN: "2",
};

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[] };
}

async function post(url: string, query: string, token: string | null): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query }) });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as Answer["body"] };
}

const MUTATION = `mutation { quotaSet(input: { projectId: "${toGlobalId("Project", HOME_PROJECT.id)}", resource: CLUSTERS, limit: 1000000 }) { userErrors { code } } }`;

describe.each(DATABASES)("rate limits on $label", (database) => {
  let api: TestServer;
  let member: Member;
  let replica: RunningServer | null = null;
  beforeAll(async () => {
    api = await startTestServer(database, BUDGETS);
    member = await createUserWithToken(api, toGlobalId("Project", HOME_PROJECT.id), "MEMBER");
  });
  afterAll(async () => {
    await replica?.close();
    await api?.close();
  });

  it("charges queries by cost per token: over budget is 429 RATE_LIMITED with Retry-After, another token is untouched", async () => {
    for (let index = 0; index < 4; index += 1) expect((await post(api.url, PAGE, member.token)).status).toBe(200);
    const refused = await post(api.url, PAGE, member.token);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions).toEqual({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    expect(Number(refused.retryAfter)).toBe(refused.body.errors?.[0]?.extensions?.retryAfterSeconds);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await post(api.url, PAGE, ADMIN_TOKEN)).status).toBe(200);
  });

  it("charges Magnum's REST face from the same budgets: a token spent on GraphQL is 429 there, in Magnum's error body", async () => {
    let spent = false;
    for (let tries = 0; tries < 10 && !spent; tries += 1) spent = (await post(api.url, PAGE, member.token)).status === 429;
    expect(spent).toBe(true);
    const origin = new URL(api.url).origin;
    const refused = await fetch(`${origin}/v1/clusters?limit=10`, { headers: { "x-auth-token": member.token, "openstack-api-version": "container-infra latest" } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await refused.json()) as { errors: { status: number; turnkey_code: string }[] };
    expect(body.errors[0]).toMatchObject({ status: 429, turnkey_code: "RATE_LIMITED" });
    // Another token is untouched on the REST face too.
    expect((await fetch(`${origin}/v1/clusters`, { headers: { "x-auth-token": ADMIN_TOKEN } })).status).toBe(200);
  });

  it("keeps a separate budget for mutations: a spent query budget still lets mutations through, until theirs is spent", async () => {
    for (let index = 0; index < 6; index += 1) expect((await post(api.url, MUTATION, member.token)).body.errors).toBeUndefined();
    const refused = await post(api.url, MUTATION, member.token);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.message).toMatch(/mutation budget/);
  });

  it("caps sockets per token and subscriptions started per window over WebSocket", async () => {
    const init = { authorization: `Bearer ${member.token}` };
    const first = await openRawSocket(api.url, { init });
    const second = await openRawSocket(api.url, { init });
    const third = await openRawSocket(api.url, { init });
    expect(await third.closed).toEqual({ code: WebSocketCloseCode.TryAgainLater, reason: expect.stringMatching(/2 sockets open/) });
    for (const id of ["s1", "s2", "s3"]) first.send(subscribeMessage(id, "subscription { clusterEvents { cursor } }"));
    // The three are charged concurrently: any one of them is the third.
    const refused = await first.waitFor((message) => message.type === "error");
    expect(refused).toMatchObject({ payload: [{ extensions: { code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) } }] });
    expect(first.messages.filter((message) => message.type === "error")).toHaveLength(1);
    // A closed socket frees its place.
    second.socket.close();
    await second.closed;
    const again = await openRawSocket(api.url, { init });
    expect(again.socket.readyState).toBe(again.socket.OPEN);
    first.socket.close();
    again.socket.close();
  });

  it.runIf(database.label === "PostgreSQL")("shares budgets between replicas on PostgreSQL", async () => {
    const config = loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: api.databaseUrl,
      TURNKEY_DATA_DIR: "/tmp/turnkey-test-unused",
      TURNKEY_ADMIN_TOKEN: ADMIN_TOKEN,
      TURNKEY_SECRET_KEY: SECRET_KEY,
      TURNKEY_LOG_LEVEL: "silent",
      ...BUDGETS,
    });
    replica = await startServer(config, createLogger("silent"));
    // The first test spent this token's query budget on the other replica.
    const refused = await post(replica.url, PAGE, member.token);
    expect(refused.status).toBe(429);
  });
});

describe("requests without a valid token", () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer(DATABASES[0]!, { TURNKEY_RATE_LIMIT_UNAUTHENTICATED: "3" });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("cost their IP a point each; a spent IP is refused with 429 before any token lookup", async () => {
    for (const token of [null, "wrong-token-0123456789", "wrong-token-abcdefghij"]) expect((await post(api.url, PAGE, token)).status).toBe(401);
    const refused = await post(api.url, PAGE, "wrong-token-again-012345");
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  });
});

async function redisReachable(): Promise<boolean> {
  const { Redis } = await import("ioredis");
  const client = new Redis("redis://127.0.0.1:6379", { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

describe.runIf(process.env.CI === "true" || (await redisReachable()))("rate limits on Redis (TURNKEY_REDIS_URL)", () => {
  let api: TestServer;
  let member: Member;
  beforeAll(async () => {
    api = await startTestServer(DATABASES[0]!, { ...BUDGETS, TURNKEY_REDIS_URL: "redis://127.0.0.1:6379" });
    member = await createUserWithToken(api, toGlobalId("Project", HOME_PROJECT.id), "MEMBER");
  });
  afterAll(async () => {
    await api?.close();
  });

  it("keeps the counters in Redis and refuses over budget", async () => {
    expect(api.server.rateLimits.storeKind).toBe("redis");
    for (let index = 0; index < 4; index += 1) expect((await post(api.url, PAGE, member.token)).status).toBe(200);
    expect((await post(api.url, PAGE, member.token)).status).toBe(429);
  });
});
