// The client package (`turnkey/client`): packed, installed into a sibling TypeScript project beside its peers,
// type-checked and run there; and its clusterEvents helper resumes across a server restart with no event lost or repeated.
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterCreateDocument, ClusterHistoryDocument, ClusterTemplateCreateDocument, TurnkeyClient, type ClusterEvent } from "../../src/client/index.js";
import { ensureBuilt } from "../support/build.js";
import { DATABASES } from "../support/databases.js";
import { FAST } from "../support/lifecycle.js";
import { startServerProcess, type ServerProcess } from "../support/process.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../support/server.js";

const root = path.resolve(import.meta.dirname, "../..");

const siblingProgram = `
import { ClusterCreateDocument, ClusterTemplateCreateDocument, TurnkeyClient, TurnkeyError, ViewerDocument, type ClusterEvent } from "turnkey/client";
import WebSocket from "ws";

const client = new TurnkeyClient({ url: process.env.TURNKEY_URL!, token: process.env.TURNKEY_TOKEN, webSocketImpl: WebSocket });
const viewer = await client.request(ViewerDocument);
const template = await client.request(ClusterTemplateCreateDocument, { input: { name: "sibling", coe: "KUBERNETES", imageId: "fedora-coreos-38" } });
const created = await client.request(ClusterCreateDocument, { input: { name: "from-sibling", clusterTemplateId: template.clusterTemplateCreate.clusterTemplate!.id } });
const seen: ClusterEvent["type"][] = [];
const operation = await client.waitForOperation(created.clusterCreate.operation!.id, { onEvent: (event) => void seen.push(event.type) });
let refused = "";
try {
  await new TurnkeyClient({ url: process.env.TURNKEY_URL!, token: "wrong-token-0123456789" }).request(ViewerDocument);
} catch (error) {
  if (error instanceof TurnkeyError) refused = error.code ?? "";
}
await client.close();
console.log(JSON.stringify({ user: viewer.viewer.user?.name, status: operation.status, clusterStatus: operation.cluster?.status, progressEvents: seen.filter((type) => type === "PROGRESS").length, refused }));
`;

describe("the client package from a sibling project", () => {
  let api: TestServer;
  const workspace = mkdtempSync(path.join(tmpdir(), "turnkey-client-"));
  beforeAll(async () => {
    await ensureBuilt();
    api = await startTestServer(DATABASES[0]!, FAST);
  }, 300_000);
  afterAll(async () => {
    await api?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  it("installs from the packed tarball beside its peers, type-checks and runs", { timeout: 240_000 }, async () => {
    execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", workspace], { cwd: root, stdio: "ignore" });
    const tarball = readdirSync(workspace).find((name) => name.endsWith(".tgz"))!;
    const app = path.join(workspace, "app");
    const modules = path.join(app, "node_modules");
    mkdirSync(path.join(modules, "turnkey"), { recursive: true });
    // npm install of the tarball needs the registry for the server's own dependencies; the client needs none of
    // them, so the package is unpacked as npm would and its peers (and its one types-only dependency) placed beside it.
    execFileSync("tar", ["xzf", path.join(workspace, tarball), "-C", path.join(modules, "turnkey"), "--strip-components=1"]);
    for (const peer of ["graphql", "graphql-ws", "ws", "@types/ws", "@types/node", "undici-types", "@graphql-typed-document-node/core"]) {
      mkdirSync(path.dirname(path.join(modules, peer)), { recursive: true });
      symlinkSync(path.join(root, "node_modules", peer), path.join(modules, peer));
    }
    writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "sibling", private: true, type: "module" }));
    writeFileSync(
      path.join(app, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, types: ["node"], outDir: "out", skipLibCheck: false }, include: ["main.ts"] }),
    );
    writeFileSync(path.join(app, "main.ts"), siblingProgram);
    execFileSync(path.join(root, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], { cwd: app, encoding: "utf8" });
    // Asynchronously: the server runs in this process and must keep answering.
    const { stdout: output } = await promisify(execFile)(process.execPath, ["out/main.js"], { cwd: app, encoding: "utf8", env: { ...process.env, TURNKEY_URL: new URL(api.url).origin, TURNKEY_TOKEN: ADMIN_TOKEN } });
    const result = JSON.parse(output.trim()) as Record<string, unknown>;
    expect(result).toMatchObject({ user: "admin", status: "SUCCEEDED", clusterStatus: "CREATE_COMPLETE", refused: "UNAUTHENTICATED" });
    expect(result.progressEvents).toBeGreaterThan(0);
  });
});

describe("clusterEvents across a server restart", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "turnkey-client-restart-"));
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("resumes from its last cursor: every recorded event once, in order", { timeout: 180_000 }, async () => {
    const environment = { TURNKEY_DATA_DIR: dataDir, TURNKEY_SIM_SPEED: "100", TURNKEY_RECONCILE_INTERVAL_MS: "20", TURNKEY_LEASE_MS: "1000", TURNKEY_WORKER_ID: "restart-test" };
    server = await startServerProcess(environment);
    const port = Number(new URL(server.url).port);
    const client = new TurnkeyClient({ url: server.url, token: ADMIN_TOKEN, webSocketImpl: WebSocket });
    const template = await client.request(ClusterTemplateCreateDocument, { input: { name: "k8s", coe: "KUBERNETES", imageId: "fedora-coreos-38" } });
    const created = await client.request(ClusterCreateDocument, { input: { name: "restarted", clusterTemplateId: template.clusterTemplateCreate.clusterTemplate!.id, nodeCount: 2 } });
    const clusterId = created.clusterCreate.cluster!.id;
    const history = (after: string | null) => client.request(ClusterHistoryDocument, { id: clusterId, first: 100, after });

    const received: ClusterEvent[] = [];
    let reconnects = 0;
    let restarted: Promise<void> | undefined;
    for await (const event of client.clusterEvents({ clusterId, retries: 60, onReconnect: () => void (reconnects += 1) })) {
      received.push(event);
      // Mid-create, after the third event: stop the server, start it again on the same port and data.
      if (received.length === 3) {
        restarted = (async () => {
          await server!.kill("SIGTERM");
          server = await startServerProcess(environment, port);
        })();
      }
      if (event.type === "STATUS_CHANGED" && event.status === "CREATE_COMPLETE") break;
    }
    await restarted;
    await client.close();
    expect(reconnects).toBeGreaterThan(0);

    // The recorded history (newest first, in pages), oldest first.
    const all: string[] = [];
    for (let after: string | null = null; ; ) {
      const page: Awaited<ReturnType<typeof history>> = await history(after);
      all.push(...page.cluster.events.nodes.map((event) => event.cursor));
      if (!page.cluster.events.pageInfo.hasNextPage) break;
      after = page.cluster.events.pageInfo.endCursor ?? null;
    }
    all.reverse();
    const cursors = received.map((event) => event.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
    // Everything recorded from the first delivered event to CREATE_COMPLETE, nothing else.
    const first = all.indexOf(cursors[0]!);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(cursors).toEqual(all.slice(first, first + cursors.length));
    expect(received.at(-1)?.status).toBe("CREATE_COMPLETE");
    await client.close();
  });
});
