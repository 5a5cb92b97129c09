// `npm start` runs the current build without rebuilding, and SIGTERM to the npm process stops the server (no orphan).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildIsStale } from "../../scripts/start.mjs";
import { ensureBuilt } from "../support/build.js";

const root = path.resolve(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

describe("npm start", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "turnkey-start-"));
  let child: ReturnType<typeof spawn> | undefined;
  afterAll(() => {
    if (child?.exitCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("does not rebuild a current build, and SIGTERM to npm stops the server", { timeout: 180_000 }, async () => {
    await ensureBuilt();
    expect(buildIsStale()).toBe(false);
    const port = await freePort();
    let output = "";
    child = spawn("npm", ["start"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", PORT: String(port), DATABASE_URL: "memory://", TURNKEY_DATA_DIR: dataDir, TURNKEY_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
    const readyz = `http://127.0.0.1:${port}/readyz`;
    // Waits on the fact (the banner), then checks the server answers.
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (output.includes("Turnkey is ready")) resolve();
      };
      child!.stdout?.on("data", check);
      child!.stderr?.on("data", check);
      child!.once("exit", () => reject(new Error(`npm start exited before the banner: ${output}`)));
      check();
    });
    expect(await answers(readyz)).toBe(true);
    expect(output).not.toContain("older than its sources");

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).not.toContain("shutdown failed");
    // npm waited for the server it started: nothing listens on the port any more.
    expect(await answers(readyz)).toBe(false);
  });
});
