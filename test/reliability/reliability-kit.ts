// Sizes, the figures table and small measuring helpers of the reliability suite (npm run test:reliability runs it full size).
import { fork } from "node:child_process";
import { appendFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";


/** TURNKEY_RELIABILITY=full (npm run test:reliability) runs the full sizes; the normal suite a bounded version. */
export const FULL = process.env.TURNKEY_RELIABILITY === "full";

export const SIZES = FULL
  ? { fuzzInputs: 10_000, burstRequests: 4_000, burstConnections: 50, wellBehavedRequests: 200 }
  : { fuzzInputs: 300, burstRequests: 300, burstConnections: 20, wellBehavedRequests: 40 };

export interface Figure {
  suite: string;
  figure: string;
  value: string | number;
}

/** Appended to the run's figures file (test/reliability/figures-setup.ts prints them all as one table at the end of the run). */
export function record(suite: string, figure: string, value: string | number): void {
  const row: Figure = { suite, figure, value };
  appendFileSync(inject("reliabilityFigures"), `${JSON.stringify(row)}\n`);
}

export function percentile(samples: number[], fraction: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

export const round = (value: number) => Math.round(value * 10) / 10;

/** A seeded generator: a failing fuzz run can be repeated with TURNKEY_FUZZ_SEED. */
export function random(seed = Number(process.env.TURNKEY_FUZZ_SEED ?? 12)): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

export interface ProbeSpec {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** Pause between one answer and the next request. */
  intervalMs?: number;
  /** Stop after this many requests (else at stop()). */
  count?: number;
}

export interface ProbeResult {
  samples: number[];
  failures: number;
  statuses: Record<string, number>;
}

/** A client in a process of its own (test/reliability/probe.mjs): its samples are the server's latency, not this process's event loop's. */
export async function startProbe(spec: ProbeSpec): Promise<{ stop(): Promise<ProbeResult>; done: Promise<ProbeResult> }> {
  const child = fork(fileURLToPath(new URL("./probe.mjs", import.meta.url)), [JSON.stringify(spec)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const done = new Promise<ProbeResult>((resolve, reject) => {
    child.on("message", (message) => {
      if (typeof message === "object" && message !== null) resolve(message as ProbeResult);
    });
    child.once("exit", (code) => reject(new Error(`the probe exited with ${code} before reporting`)));
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("error", reject);
  });
  return {
    done,
    stop: () => {
      if (child.connected) child.send("stop");
      return done;
    },
  };
}
