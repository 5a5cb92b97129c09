// Shared pieces of the HTTP benchmarks: server processes, CPU read from /proc, autocannon runs, alternating repeats.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { freePort } from "../test/support/process.js";

const root = path.resolve(import.meta.dirname, "..");
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */

/**
 * The settings of every Turnkey process a benchmark measures: the rate limits (issue 12) lifted far above any
 * load a benchmark makes, so a figure measures the path under test, never 429 answers or sockets refused by
 * the per-token caps. The limiter itself is tested in test/integration/rate-limits.test.ts.
 */
export const BENCH_SERVER_SETTINGS: Record<string, string> = {
  TURNKEY_RATE_LIMIT_QUERY_COST: "1000000000",
  TURNKEY_RATE_LIMIT_MUTATIONS: "1000000000",
  TURNKEY_RATE_LIMIT_SUBSCRIPTIONS: "1000000000",
  TURNKEY_RATE_LIMIT_UNAUTHENTICATED: "1000000000",
  TURNKEY_MAX_SOCKETS_PER_TOKEN: "1000000",
  TURNKEY_MAX_SOCKETS_PER_IP: "1000000",
};

export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces), counted from field 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export function residentMegabytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith("VmRSS:"));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

export interface Child {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * An entry point of this repository as its own node process; resolves once `ready` answers. A built `.js` entry
 * (`dist/main.js`, what production runs) runs as plain node; a `.ts` one through tsx. `nodeOptions` go before the
 * entry (`--cpu-prof` when profiling a bench: TURNKEY_BENCH_NODE_OPTIONS).
 */
export async function startProcess(entry: string, environment: Record<string, string>, ready: (port: number) => Promise<boolean>, nodeOptions: string[] = []): Promise<Child & { port: number }> {
  const port = await freePort();
  let output = "";
  const child = spawn(process.execPath, [...nodeOptions, ...(entry.endsWith(".ts") ? ["--import", "tsx"] : []), entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", PORT: String(port), HOST: "127.0.0.1", ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (await ready(port).catch(() => false)) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${entry} did not start:\n${output.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    stop: async () => {
      if (child.exitCode === null) {
        // A profiled process must exit on its own to write its profile: SIGTERM, then SIGKILL after 20 s.
        if (nodeOptions.length > 0) {
          child.kill("SIGTERM");
          const forced = setTimeout(() => child.kill("SIGKILL"), 20_000);
          await exited;
          clearTimeout(forced);
        } else child.kill("SIGKILL");
      }
      await exited;
    },
  };
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  non2xx: number;
  errors: number;
  latencyP50: number;
  latencyP99: number;
  /** Server CPU milliseconds per completed request. */
  cpuMsPerRequest: number;
}

export interface LoadOptions {
  url: string;
  pid: number;
  body: string | (() => string);
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  /** Counts a response as failed when it says so (GraphQL errors travel with status 200). */
  failed?: (body: string) => boolean;
}

/** One autocannon run against one server; CPU is the server process's own, read before and after. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const cpuBefore = cpuSeconds(options.pid);
  let failures = 0;
  const dynamic = typeof options.body === "function" ? options.body : null;
  const result = await autocannon({
    url: options.url,
    method: "POST",
    headers: { "content-type": "application/json", ...options.headers },
    body: dynamic ? undefined : (options.body as string),
    requests: dynamic ? [{ setupRequest: (request) => ({ ...request, body: dynamic() }) }] : undefined,
    connections: options.connections,
    duration: options.seconds,
    setupClient: options.failed
      ? (client) => {
          client.on("body", (body: Buffer) => {
            if (options.failed!(body.toString())) failures += 1;
          });
        }
      : undefined,
  });
  const cpu = cpuSeconds(options.pid) - cpuBefore;
  const requests = result.requests.total;
  return {
    requestsPerSecond: requests / options.seconds,
    requests,
    non2xx: result.non2xx + failures,
    errors: result.errors + result.timeouts,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    cpuMsPerRequest: requests ? (cpu * 1000) / requests : Number.NaN,
  };
}

/** Runs `rounds` repeats, each side once per round, the order swapped every round so neither side always runs warm or first. */
export async function alternate<Side extends string, Result extends LoadResult>(rounds: number, sides: Record<Side, () => Promise<Result>>): Promise<Record<Side, Result[]>> {
  const names = Object.keys(sides) as Side[];
  const results = Object.fromEntries(names.map((name) => [name, [] as Result[]])) as Record<Side, Result[]>;
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) results[name].push(await sides[name]());
  }
  return results;
}
