// Runs Turnkey as a real child process (node + tsx), for restart, SIGKILL and SIGTERM tests.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { ADMIN_TOKEN, SECRET_KEY } from "./server.js";
import { waitUntil } from "./wait.js";

const root = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * `options.entry`: "built" runs `dist/main.js` (or `{ file }`, another build's entry; what production runs; the caller makes sure the build is current, see
 * test/support/build.ts), with `options.nodeOptions` before it (a bench's --cpu-prof); the default is the sources through tsx.
 */
export async function startServerProcess(environment: Record<string, string>, port?: number, options: { entry?: "sources" | "built" | { file: string }; nodeOptions?: string[] } = {}): Promise<ServerProcess> {
  const listenPort = port ?? (await freePort());
  let output = "";
  // { file }: another build's main.js (a bench's earlier side, e.g. `.bench-scale-before/dist/main.js`).
  const entry = typeof options.entry === "object" ? [options.entry.file] : options.entry === "built" ? ["dist/main.js"] : ["--import", "tsx", "src/main.ts"];
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), ...entry], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/root",
      PORT: String(listenPort),
      HOST: "127.0.0.1",
      TURNKEY_ADMIN_TOKEN: ADMIN_TOKEN,
      TURNKEY_SECRET_KEY: SECRET_KEY,
      TURNKEY_LOG_LEVEL: "warn",
      ...environment,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${listenPort}/graphql`;
  const ready = async () => {
    if (child.exitCode !== null) throw new Error(`server process exited with ${child.exitCode}:\n${output.slice(-3000)}`);
    return (await fetch(`http://127.0.0.1:${listenPort}/readyz`).catch(() => null))?.ok === true;
  };
  await waitUntil(ready, 90_000, `the server process on port ${listenPort} to be ready`).catch((error: Error) => {
    throw new Error(`${error.message}\n${output.slice(-3000)}`);
  });
  return {
    url,
    child,
    output: () => output,
    exited,
    kill: async (signal) => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
