// Global setup of the test run: the reliability files (separate workers) append their figures to one file; the teardown prints one table.
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    reliabilityFigures: string;
  }
}

export default function setup(project: TestProject): () => void {
  const directory = mkdtempSync(path.join(tmpdir(), "turnkey-figures-"));
  const file = path.join(directory, "figures.jsonl");
  project.provide("reliabilityFigures", file);
  return () => {
    if (existsSync(file)) {
      const rows = readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line) as { suite: string; figure: string; value: string | number });
      const order = ["fuzz", "pathological", "load", "crash", "faults"];
      rows.sort((a, b) => (order.indexOf(a.suite) + 1 || 99) - (order.indexOf(b.suite) + 1 || 99));
      console.info(`\nTurnkey reliability (${process.env.TURNKEY_RELIABILITY === "full" ? "full" : "bounded"} run)`);
      console.table(rows);
    }
    rmSync(directory, { recursive: true, force: true });
  };
}
