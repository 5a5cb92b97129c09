// A fresh clone of the repository, started with the README's own command, serves /readyz and answers a query.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { waitForValue, waitUntil } from "../support/wait.js";

const root = path.resolve(import.meta.dirname, "../..");

function startCommand(): string {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const match = /Run the server[^\n]*\n\n```sh\n([^\n]+)\n```/.exec(readme);
  if (!match?.[1]) throw new Error("README has no start command block");
  return match[1];
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The first OK answer of `url`; connection errors mean "not listening yet". */
function waitFor(url: string, timeoutMs: number): Promise<Response> {
  return waitForValue(() => fetch(url).catch(() => null), (response) => response?.ok === true, `${url} to answer`, timeoutMs) as Promise<Response>;
}

describe("the README's start command on a fresh clone", () => {
  const workspace = mkdtempSync(path.join(tmpdir(), "turnkey-readme-"));
  let child: ReturnType<typeof spawn> | undefined;
  let output = "";
  afterAll(() => {
    if (child?.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    // The clone's node_modules is large: removing it can outlast the default hook timeout on a loaded machine.
    rmSync(workspace, { recursive: true, force: true });
  }, 180_000);

  it("installs, starts on the embedded default, serves /readyz and answers a query", { timeout: 300_000 }, async () => {
    const clone = path.join(workspace, "turnkey");
    execFileSync("git", ["clone", "--quiet", root, clone]);
    const port = await freePort();
    const command = startCommand();
    expect(command).toBe("npm ci && npm start");
    child = spawn("bash", ["-c", command], {
      cwd: clone,
      detached: true,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", PORT: String(port), TURNKEY_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const ready = await waitFor(`http://127.0.0.1:${port}/readyz`, 280_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${output.slice(-3000)}`);
    });
    expect(await ready.json()).toEqual({ status: "ready" });
    // The banner comes down a pipe, the readiness answer over a socket: either may reach this process first.
    await waitUntil(() => output.includes(`http://127.0.0.1:${port}/graphql`), 10_000, `the banner naming http://127.0.0.1:${port}/graphql\n${output.slice(-3000)}`);
    const token = readFileSync(path.join(clone, ".turnkey", "admin-token"), "utf8").trim();
    expect(output).toContain(token);
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ viewer { user { name } isGlobalAdmin } clusters { totalCount } }" }),
    });
    expect(await response.json()).toEqual({ data: { viewer: { user: { name: "admin" }, isGlobalAdmin: true }, clusters: { totalCount: 0 } } });
  });
});
