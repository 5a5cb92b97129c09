// Sizes, the figures table and small measuring helpers of the reliability suite (npm run test:reliability runs it full size).
import { appendFileSync } from "node:fs";
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
