// Issue 12's hostile documents over real HTTP and WebSocket: each refused with its code, the socket kept, the server responsive.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES } from "../support/databases.js";
import { PATHOLOGICAL } from "../support/pathological.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../support/server.js";
import { openRawSocket, subscribeMessage, type RawSocket } from "../support/sockets.js";

// The limits do not depend on the database; the embedded one is enough.
const database = DATABASES[0]!;

interface ErrorBody {
  errors?: { message: string; extensions?: { code?: string; which?: string; limit?: number; value?: number; http?: unknown } }[];
}

describe("query limits on both transports", () => {
  let api: TestServer;
  let socket: RawSocket;
  const post = async (query: string) => {
    const response = await api.raw(JSON.stringify({ query }), { authorization: `Bearer ${ADMIN_TOKEN}` });
    return { status: response.status, body: JSON.parse(response.body) as ErrorBody };
  };
  beforeAll(async () => {
    api = await startTestServer(database);
    socket = await openRawSocket(api.url);
  });
  afterAll(async () => {
    socket?.socket.close();
    await api?.close();
  });

  it.each(PATHOLOGICAL)("refuses $name over HTTP with 400 and $code", async ({ query, code, which }) => {
    const { status, body } = await post(query);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    if (which) expect(body.errors?.[0]?.extensions).toEqual({ code, which, limit: expect.any(Number), value: expect.any(Number) });
    expect((await fetch(api.url.replace("/graphql", "/healthz"))).status).toBe(200);
  });

  it.each(PATHOLOGICAL)("refuses $name over WebSocket with $code and keeps the socket", async ({ name, query, code, which }) => {
    const id = `p-${name}`;
    socket.send(subscribeMessage(id, query));
    const answer = await socket.waitFor((message) => message.id === id);
    expect(answer.type).toBe("error");
    const [error] = answer.payload as NonNullable<ErrorBody["errors"]>;
    expect(error?.extensions?.code).toBe(code);
    if (which) expect(error?.extensions).toEqual({ code, which, limit: expect.any(Number), value: expect.any(Number) });
    expect(socket.socket.readyState).toBe(socket.socket.OPEN);
  });

  it("answers ordinary documents as before, fragments and all", async () => {
    const { status, body } = await post("query Mine { ...V } fragment V on Query { viewer { user { name } } clusters(first: 100) { totalCount edges { node { id name nodeGroups { nodes { id } } } } } }");
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
  });

  it("gives no field suggestions outside development", async () => {
    const { body } = await post("{ clusterz { totalCount } }");
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    expect(body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });
});
