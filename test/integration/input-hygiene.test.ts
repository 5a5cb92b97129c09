// Issue 12's hostile strings: NUL and lone surrogates, oversized strings and lists refused as BAD_USER_INPUT with the field, nothing stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES } from "../support/databases.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../support/server.js";
import { openRawSocket, subscribeMessage } from "../support/sockets.js";

const database = DATABASES[0]!;

const CREATE = "mutation ($input: ClusterTemplateCreateInput!) { clusterTemplateCreate(input: $input) { clusterTemplate { id } userErrors { code field message } } }";
const base = { name: "hygiene", coe: "KUBERNETES", imageId: "fedora-coreos-38" };

interface Answer {
  data?: { clusterTemplateCreate?: { clusterTemplate: { id: string } | null; userErrors: { code: string; field: string[]; message: string }[] } } | null;
  errors?: { message: string; extensions?: { code?: string; field?: string[] } }[];
}

describe("input hygiene", () => {
  let api: TestServer;
  // A raw JSON body: JSON.stringify would turn a lone surrogate into an escape the server decodes back, which is the point.
  const send = async (body: string) => {
    const response = await api.raw(body, { authorization: `Bearer ${ADMIN_TOKEN}` });
    return { status: response.status, body: JSON.parse(response.body) as Answer };
  };
  const templateCount = async () => ((await send(JSON.stringify({ query: "{ clusterTemplates { totalCount } }" }))).body.data as unknown as { clusterTemplates: { totalCount: number } }).clusterTemplates.totalCount;
  beforeAll(async () => {
    api = await startTestServer(database);
  });
  afterAll(async () => {
    await api?.close();
  });

  it.each([
    ["a NUL byte", { ...base, insecureRegistry: "\u0000" }, ["input", "insecureRegistry"], /NUL/],
    ["a lone high surrogate", { ...base, name: "bad\ud800name" }, ["input", "name"], /surrogate/],
    ["a lone low surrogate in a label", { ...base, labels: [{ key: "k", value: "\udc00" }] }, ["input", "labels", "0", "value"], /surrogate/],
    ["a 256-character name", { ...base, name: "n".repeat(256) }, ["input", "name"], /at most 255/],
    ["a million-character string", { ...base, httpProxy: "x".repeat(1_000_000) }, ["input", "httpProxy"], /at most 255/],
    ["101 labels", { ...base, labels: Array.from({ length: 101 }, (_, index) => ({ key: `k${index}`, value: "v" })) }, ["input", "labels"], /at most 100/],
    ["51 tags", { ...base, tags: Array.from({ length: 51 }, (_, index) => `t${index}`) }, ["input", "tags"], /at most 50/],
  ])("refuses %s in a mutation with userErrors BAD_USER_INPUT on its field, and stores nothing", async (_name, input, field, message) => {
    const before = await templateCount();
    const { status, body } = await send(JSON.stringify({ query: CREATE, variables: { input } }));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.clusterTemplateCreate).toEqual({ clusterTemplate: null, userErrors: [{ code: "BAD_USER_INPUT", field, message: expect.stringMatching(message) }] });
    expect(await templateCount()).toBe(before);
  });

  it("refuses a NUL in a query's filter as a top-level BAD_USER_INPUT with the field", async () => {
    const { body } = await send(JSON.stringify({ query: 'query ($name: String) { clusters(filter: { nameContains: $name }) { totalCount } }', variables: { name: "a\u0000b" } }));
    expect(body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field: ["filter", "nameContains"] });
  });

  it("refuses a list of 60 wrongly typed values as BAD_USER_INPUT, including graphql-js's own error-limit error", async () => {
    const ids = Array.from({ length: 60 }, (_, index) => ({ key: `k${index}`, value: "v" }));
    const { status, body } = await send(JSON.stringify({ query: "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", variables: { ids } }));
    expect(status).toBe(400);
    expect(body.errors?.some((error) => error.message.startsWith("Too many errors processing variables"))).toBe(true);
    expect(new Set(body.errors?.map((error) => error.extensions?.code))).toEqual(new Set(["BAD_USER_INPUT"]));
  });

  it("refuses too many nodesToRemove before looking anything up", async () => {
    const { body } = await send(JSON.stringify({ query: "mutation ($input: ClusterResizeInput!) { clusterResize(input: $input) { userErrors { code field } } }", variables: { input: { id: "x", nodeCount: 1, nodesToRemove: Array.from({ length: 1_001 }, (_, index) => `n${index}`) } } }));
    expect(body.data).toEqual({ clusterResize: { userErrors: [{ code: "BAD_USER_INPUT", field: ["input", "nodesToRemove"] }] } });
  });

  it("refuses a NUL in a subscription's argument without closing the socket", async () => {
    const socket = await openRawSocket(api.url);
    socket.send(subscribeMessage("nul", "subscription ($after: String) { clusterEvents(after: $after) { cursor } }", { after: "\u0000" }));
    const answer = await socket.waitFor((message) => message.id === "nul" && (message.type === "error" || message.type === "next"));
    const errors = answer.type === "error" ? (answer.payload as Answer["errors"]) : (answer.payload as Answer).errors;
    expect(errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(socket.socket.readyState).toBe(socket.socket.OPEN);
    socket.socket.close();
  });
});
