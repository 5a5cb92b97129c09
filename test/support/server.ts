// Starts a real Turnkey server on a free port for a test and gives a typed GraphQL client over real HTTP.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startServer, type RunningServer, type ServerParts } from "../../src/server.js";
import { HOME_PROJECT } from "../../src/bootstrap.js";
import { toGlobalId } from "../../src/graphql/common/global-id.js";
import type { TestDatabase } from "./databases.js";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
export const SECRET_KEY = "test-secret-key-0123456789abcdef-0123456789";

export interface GraphQLResponse<Data> {
  status: number;
  data?: Data | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown }; path?: (string | number)[] }[];
  extensions?: { sqlStatements?: number; [key: string]: unknown };
}

export interface TestServer {
  server: RunningServer;
  url: string;
  databaseUrl: string;
  /** Sends a typed document over HTTP; the admin token unless `token` says otherwise (null: none). */
  request<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables?: Variables, token?: string | null): Promise<GraphQLResponse<Data>>;
  /** Like request, but fails the test on any top-level error and returns data. */
  query<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables?: Variables, token?: string | null): Promise<Data>;
  raw(body: string, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** `parts` injects a driver or clock (test/support/held-driver.ts, clock.ts) instead of those the environment describes. */
export async function startTestServer(database: TestDatabase, environment: Record<string, string> = {}, parts: ServerParts = {}): Promise<TestServer> {
  const created = await database.create();
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: created.url,
    TURNKEY_DATA_DIR: "/tmp/turnkey-test-unused",
    TURNKEY_ADMIN_TOKEN: ADMIN_TOKEN,
    TURNKEY_SECRET_KEY: SECRET_KEY,
    TURNKEY_LOG_LEVEL: "silent",
    TURNKEY_QUERY_STATS: "1",
    ...environment,
  });
  // TURNKEY_TEST_LOG_LEVEL=error shows what the servers log (masked internal errors, for one) while debugging a test.
  const server = await startServer(config, createLogger(process.env.TURNKEY_TEST_LOG_LEVEL ?? "silent"), parts);
  // The operator's home project keeps Magnum's default quota of 20 clusters; suites that are not about
  // quotas create more than that, so they lift it (quota suites use projects of their own).
  for (const resource of ["CLUSTERS", "NODES"]) {
    await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ query: `mutation { quotaSet(input: { projectId: "${toGlobalId("Project", HOME_PROJECT.id)}", resource: ${resource}, limit: 1000000 }) { userErrors { code } } }` }),
    });
  }
  const raw = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    return { status: response.status, body: await response.text() };
  };
  const request = async <Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables?: Variables, token: string | null = ADMIN_TOKEN) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const response = await fetch(server.url, { method: "POST", headers, body: JSON.stringify({ query: print(document), variables }) });
    const body = (await response.json()) as GraphQLResponse<Data>;
    return { ...body, status: response.status };
  };
  return {
    server,
    url: server.url,
    databaseUrl: created.url,
    request,
    async query(document, variables, token) {
      const response = await request(document, variables, token);
      if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
      return response.data as never;
    },
    raw,
    async close() {
      await server.close();
      await created.dispose();
    },
  };
}
