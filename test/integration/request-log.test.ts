// The request log: one JSON line per HTTP request at info, with the request id (also sent back as x-request-id), the
// request (its credentials redacted), the status, the time taken and the GraphQL operation; nothing at a higher level.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { DATABASES } from "../support/databases.js";
import { ADMIN_TOKEN, SECRET_KEY } from "../support/server.js";

const database = DATABASES.find((candidate) => candidate.label === "PGlite")!;

async function serverLogging(level: string): Promise<{ server: RunningServer; lines: Record<string, unknown>[]; dispose: () => Promise<void> }> {
  const created = await database.create();
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: created.url, TURNKEY_DATA_DIR: "/tmp/turnkey-test-unused", TURNKEY_ADMIN_TOKEN: ADMIN_TOKEN, TURNKEY_SECRET_KEY: SECRET_KEY, TURNKEY_LOG_LEVEL: level });
  const server = await startServer(config, createLogger(level, "json", destination));
  return { server, lines, dispose: async () => { await server.close(); await created.dispose(); } };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}`, ...headers }, body: JSON.stringify(body) });

describe("request log", () => {
  let info: Awaited<ReturnType<typeof serverLogging>>;
  let warn: Awaited<ReturnType<typeof serverLogging>>;
  beforeAll(async () => {
    [info, warn] = await Promise.all([serverLogging("info"), serverLogging("warn")]);
  });
  afterAll(async () => {
    await info?.dispose();
    await warn?.dispose();
  });

  it("writes one line per request at info, with its id, the request, the status, the time and the operation", async () => {
    const response = await post(info.server.url, { query: "query Who { viewer { user { name } } }" }, { "x-request-id": "req-log-1" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req-log-1");
    await response.text();
    const ofRequest = (entry: Record<string, unknown>) => (entry.req as { id?: string } | undefined)?.id === "req-log-1";
    const line = await waitFor(() => info.lines.find((entry) => ofRequest(entry) && entry.res));
    expect(line).toMatchObject({
      level: 30,
      req: { id: "req-log-1", method: "POST", url: "/graphql", headers: { authorization: "[redacted]" } },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      graphql: { operation: "Who", type: "query" },
      msg: "request completed",
    });
    expect(info.lines.filter(ofRequest)).toHaveLength(1);
  });

  it("writes the same line for a request the compiled lane answers (a document seen compiled)", async () => {
    const lines: Record<string, unknown>[] = [];
    for (const id of ["req-lane-1", "req-lane-2", "req-lane-3", "req-lane-4"]) {
      const response = await post(info.server.url, { query: "query Again { viewer { user { name } } }" }, { "x-request-id": id });
      expect(response.status).toBe(200);
      expect(response.headers.get("x-request-id")).toBe(id);
      await response.text();
      lines.push(await waitFor(() => info.lines.find((entry) => (entry.req as { id?: string } | undefined)?.id === id && entry.res)));
    }
    // The first two through Apollo, the last two through the lane (src/graphql/compiled-http.ts): one line each, alike.
    const metrics = await (await fetch(info.server.url.replace(/\/graphql$/, "/metrics"))).text();
    expect(metrics).toMatch(/^turnkey_graphql_compiled_lane_total [1-9]/m);
    for (const line of lines) {
      expect(line).toMatchObject({ level: 30, req: { method: "POST", url: "/graphql", headers: { authorization: "[redacted]" } }, res: { statusCode: 200 }, graphql: { operation: "Again", type: "query" }, msg: "request completed" });
    }
    const shape = (line: Record<string, unknown>) => ({ keys: Object.keys(line).sort(), req: Object.keys(line.req as object).sort(), res: Object.keys(line.res as object).sort(), headers: Object.keys((line.res as { headers: object }).headers).sort() });
    expect(shape(lines[3]!)).toEqual(shape(lines[0]!));
  });

  it("writes no request line above info", async () => {
    const response = await post(warn.server.url, { query: "{ viewer { user { name } } }" }, { "x-request-id": "req-log-2" });
    expect(response.status).toBe(200);
    await response.text();
    // A request the server answered after the first one: its line, had there been one, would be written by now.
    await (await post(warn.server.url, { query: "{ viewer { user { name } } }" })).text();
    expect(warn.lines.filter((entry) => entry.req !== undefined || entry.res !== undefined)).toEqual([]);
  });
});

async function waitFor<T>(find: () => T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("no such log line");
}
