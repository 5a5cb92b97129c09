// The compiled lane (src/graphql/compiled-http.ts) answers what Apollo's pipeline would: two servers, one with the
// lane and one without (TURNKEY_COMPILED_LANE=false), get the same requests in the same order, and every answer's
// status, type, retry-after and body (query stats included) must be the same, and the same as the first answer,
// which graphql-js gave before the document was compiled. The lane's counter shows it answered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOME_PROJECT } from "../../src/bootstrap.js";
import { toGlobalId } from "../../src/graphql/common/global-id.js";
import { DATABASES } from "../support/databases.js";
import { templateInput } from "../support/fixtures.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../support/server.js";
import { createUserWithToken } from "../support/tenants.js";

const database = DATABASES.find((candidate) => candidate.label === "PGlite")!;

interface Answer {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  etag: boolean;
  /** Every header but those of the moment (date, request id) and of the connection. */
  headers: Record<string, string>;
  body: string;
}

const OF_THE_MOMENT = new Set(["date", "x-request-id", "connection", "keep-alive"]);

async function post(url: string, body: unknown, token: string | null, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
  const kept = Object.fromEntries([...response.headers].filter(([name]) => !OF_THE_MOMENT.has(name)));
  return { status: response.status, contentType: response.headers.get("content-type"), retryAfter: response.headers.get("retry-after"), etag: response.headers.has("etag"), headers: kept, body: await response.text() };
}

async function metric(server: TestServer, name: string): Promise<number> {
  const text = await (await fetch(server.url.replace(/\/graphql$/, "/metrics"))).text();
  const line = text.split("\n").find((entry) => entry.startsWith(`${name} `));
  return Number(line?.split(" ")[1] ?? NaN);
}

const laneAnswers = (server: TestServer) => metric(server, "turnkey_graphql_compiled_lane_total");

/** Retry delays depend on the moment; everything else must match. */
const steady = (answer: Answer) => ({ ...answer, retryAfter: answer.retryAfter === null ? null : "n", headers: { ...answer.headers, ...(answer.retryAfter === null ? {} : { "retry-after": "n" }), ...(answer.headers.etag && /retry in \d+ s/.test(answer.body) ? { etag: "of the body" } : {}), ...(/retry in \d+ s/.test(answer.body) ? { "content-length": "of the body" } : {}) }, body: answer.body.replace(/retry in \d+ s/g, "retry in n s").replace(/"retryAfterSeconds":\d+/g, '"retryAfterSeconds":n') });

const TEMPLATES = `query Templates($first: Int!) { clusterTemplates(first: $first) { nodes { name coe networkDriver labels { key value } } pageInfo { hasNextPage } totalCount } }`;
const TWO_OPERATIONS = `query A { viewer { user { name } } } query B { clusterTemplates(first: 2) { nodes { name } } }`;
const MISSING = toGlobalId("Cluster", "00000000-0000-4000-8000-000000000001");
const NOT_FOUND = `query Missing($id: ID!) { cluster(id: $id) { name } }`;
const PARTIAL = `{ viewer { user { name } } cluster(id: "${MISSING}") { name } }`;
// cost 1 + 10 × 1 = 11 (src/graphql/limits/measure.ts): a budget of 25 lets two through and refuses the third.
const PAGE = "{ clusters(first: 10) { nodes { id } } }";

describe("compiled lane answers as Apollo does", () => {
  let lane: TestServer;
  let apollo: TestServer;
  beforeAll(async () => {
    const settings = { TURNKEY_RATE_LIMIT_STORE: "memory" };
    [lane, apollo] = await Promise.all([startTestServer(database, settings), startTestServer(database, { ...settings, TURNKEY_COMPILED_LANE: "false" })]);
    for (const server of [lane, apollo]) {
      for (const name of ["alpha", "beta", "gamma"]) {
        const created = await post(server.url, { query: "mutation($input: ClusterTemplateCreateInput!) { clusterTemplateCreate(input: $input) { userErrors { code } } }", variables: { input: templateInput({ name }) } }, ADMIN_TOKEN);
        expect(created.body).toContain('"userErrors":[]');
      }
    }
  });
  afterAll(async () => {
    await lane?.close();
    await apollo?.close();
  });

  /** Sends the request to both servers `times` times and expects the same answers, every time. */
  async function same(body: unknown, token: string | null, times = 4, headers: Record<string, string> = {}): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (let round = 0; round < times; round++) {
      const [fromLane, fromApollo] = [await post(lane.url, body, token, headers), await post(apollo.url, body, token, headers)];
      expect(steady(fromLane), `round ${round} of ${JSON.stringify(body)}`).toEqual(steady(fromApollo));
      // And as graphql-js answered the first time, before the document was compiled.
      if (round > 0) expect(steady(fromLane), `round ${round} of ${JSON.stringify(body)}, against graphql-js`).toEqual(steady(answers[0]!));
      answers.push(fromLane);
    }
    return answers;
  }

  it("answers a repeated query from the lane with the same JSON, headers and statement count", async () => {
    const before = await laneAnswers(lane);
    const answers = await same({ query: TEMPLATES, variables: { first: 2 } }, ADMIN_TOKEN, 5);
    expect(answers.every((answer) => answer.status === 200 && answer.etag && answer.contentType === "application/json; charset=utf-8")).toBe(true);
    expect(JSON.parse(answers[4]!.body)).toMatchObject({ data: { clusterTemplates: { nodes: [{}, {}], pageInfo: { hasNextPage: true } } }, extensions: { sqlStatements: expect.any(Number) } });
    // Apollo answers the first two (graphql-js, then compiling); the lane the next three.
    expect((await laneAnswers(lane)) - before).toBe(3);
    expect(await laneAnswers(apollo)).toBe(0);
    // Other variables: the same compiled document.
    await same({ query: TEMPLATES, variables: { first: 3 } }, ADMIN_TOKEN, 2);
    expect((await laneAnswers(lane)) - before).toBe(5);
    // The same requests counted on both: the lane counts what it answers as the /graphql route does.
    expect(await metric(lane, "turnkey_graphql_requests_total")).toBe(await metric(apollo, "turnkey_graphql_requests_total"));
  });

  it("answers resolver errors, partial data and operation names as Apollo does", async () => {
    // A refusal a resolver throws (a DomainError, not a GraphQLError): graphql-jit gives it no extensions.
    await same({ query: "query Page($first: Int) { clusters(first: $first) { nodes { name } } }", variables: { first: 0 } }, ADMIN_TOKEN);
    await same({ query: NOT_FOUND, variables: { id: MISSING } }, ADMIN_TOKEN);
    await same({ query: PARTIAL }, ADMIN_TOKEN);
    // An interface's type, resolved by its resolveType (graphql-jit does not await one).
    await same({ query: "query Home($id: ID!) { node(id: $id) { __typename id ... on Project { name } } }", variables: { id: toGlobalId("Project", HOME_PROJECT.id) } }, ADMIN_TOKEN);
    await same({ query: TWO_OPERATIONS, operationName: "B" }, ADMIN_TOKEN);
    await same({ query: TWO_OPERATIONS, operationName: "A" }, ADMIN_TOKEN);
    const before = await laneAnswers(lane);
    await same({ query: TWO_OPERATIONS }, ADMIN_TOKEN, 2);
    expect(await laneAnswers(lane)).toBe(before);
  });

  it("hands to Apollo what it does not handle, and answers the same", async () => {
    await same({ query: TEMPLATES, variables: { first: 2 } }, ADMIN_TOKEN, 3);
    const before = await laneAnswers(lane);
    // Variables that do not coerce, a page over the limits, a missing one, extensions, an accept of another type.
    await same({ query: TEMPLATES, variables: { first: "two" } }, ADMIN_TOKEN, 2);
    await same({ query: TEMPLATES, variables: { first: 100000 } }, ADMIN_TOKEN, 2);
    await same({ query: TEMPLATES }, ADMIN_TOKEN, 2);
    await same({ query: TEMPLATES, variables: { first: 2 }, extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }, ADMIN_TOKEN, 2);
    await same({ query: TEMPLATES, variables: { first: 2 } }, ADMIN_TOKEN, 2, { accept: "application/graphql-response+json" });
    await same({ query: TEMPLATES, variables: "{}" }, ADMIN_TOKEN, 2);
    await same('{"query": ', ADMIN_TOKEN, 2);
    expect(await laneAnswers(lane)).toBe(before);
  });

  it("refuses a bad token after the document is known, as Apollo's context does (401)", async () => {
    await same({ query: TEMPLATES, variables: { first: 2 } }, ADMIN_TOKEN, 3);
    const before = await laneAnswers(lane);
    const [refused] = await same({ query: TEMPLATES, variables: { first: 2 } }, "tk_not-a-token-of-anyone", 2);
    expect(refused!.status).toBe(401);
    expect(await laneAnswers(lane)).toBe(before + 2);
  });

  it("refuses the charge that crosses the budget with 429 and retry-after, as Apollo's plugin does", async () => {
    // Servers of their own, with a budget that the third request crosses (ahead of it, budgets still have room).
    const budget = { TURNKEY_RATE_LIMIT_STORE: "memory", TURNKEY_RATE_LIMIT_QUERY_COST: "25" };
    const [laneBudget, apolloBudget] = await Promise.all([startTestServer(database, budget), startTestServer(database, { ...budget, TURNKEY_COMPILED_LANE: "false" })]);
    try {
      const [laneToken, apolloToken] = await Promise.all([laneBudget, apolloBudget].map(async (server) => (await createUserWithToken(server, toGlobalId("Project", HOME_PROJECT.id), "MEMBER")).token));
      const answers: [Answer, Answer][] = [];
      for (let round = 0; round < 4; round++) answers.push([await post(laneBudget.url, { query: PAGE }, laneToken!), await post(apolloBudget.url, { query: PAGE }, apolloToken!)]);
      for (const [fromLane, fromApollo] of answers) expect(steady(fromLane)).toEqual(steady(fromApollo));
      expect(answers.map(([answer]) => answer.status)).toEqual([200, 200, 429, 429]);
      expect(answers[2]![0].retryAfter).toMatch(/^\d+$/);
      // The third went to the lane (its charge refused there); the fourth was refused ahead of Express.
      expect(await laneAnswers(laneBudget)).toBe(1);
    } finally {
      await laneBudget.close();
      await apolloBudget.close();
    }
  });
});
