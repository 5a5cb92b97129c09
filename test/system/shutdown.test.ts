// SIGTERM: the process stops accepting, tells WebSocket clients it is going away (1001), and exits cleanly.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startServerProcess, type ServerProcess } from "../support/process.js";
import { ADMIN_TOKEN } from "../support/server.js";

describe("graceful shutdown", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "turnkey-shutdown-"));
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Above startServerProcess's own 90 s deadline for a start on a loaded machine.
  it("closes sockets with 1001, refuses new connections and exits 0 on SIGTERM", { timeout: 150_000 }, async () => {
    server = await startServerProcess({ TURNKEY_DATA_DIR: dataDir, TURNKEY_LOG_LEVEL: "info" });
    const socket = new WebSocket(server.url.replace("http", "ws"), "graphql-transport-ws");
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${ADMIN_TOKEN}` } })));
      socket.on("message", (data) => {
        if (JSON.parse(data.toString()).type === "connection_ack") resolve();
      });
      socket.once("error", reject);
    });
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    const exitCode = server.kill("SIGTERM");
    expect(await closed).toBe(1001);
    expect(await exitCode).toBe(0);
    await expect(fetch(server.url.replace("/graphql", "/healthz"))).rejects.toThrow();
    expect(server.output()).toContain("shutting down");
  });
});
