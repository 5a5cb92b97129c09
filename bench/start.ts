// Benchmark: time from `node dist/main.js` on an empty data directory (embedded PGlite) to the first 200 from /readyz,
// against a bare node:http process answering /readyz, started the same way in the same run.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../test/support/process.js";
import { format, median } from "./stats.js";
import { record } from "./table.js";

const root = path.resolve(import.meta.dirname, "..");
const BARE = "require('node:http').createServer((q, s) => s.end('{\"status\":\"ready\"}')).listen(Number(process.env.PORT), '127.0.0.1')";

/** CPU time (user + system, every thread) a live child has used so far, ms; null where /proc is absent. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks: USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** Wall time to the first 200 from /readyz, and the CPU the process had used by then (less disturbed by other load). */
async function timeToReady(args: string[], environment: Record<string, string>, cpu?: number[]): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", PORT: String(port), HOST: "127.0.0.1", TURNKEY_LOG_LEVEL: "warn", ...environment }, stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.ok, () => false);
      if (ok) {
        const wall = performance.now() - started;
        const used = cpuMs(child.pid);
        if (cpu && used !== null) cpu.push(used);
        return wall;
      }
      if (child.exitCode !== null || performance.now() - started > 120_000) throw new Error(`${args.join(" ")} did not become ready`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
}

export async function benchStart(quick: boolean): Promise<void> {
  // The built server is what `npm start` runs; --quick measures the tsx entry when there is no build.
  const built = existsSync(path.join(root, "dist/main.js"));
  const entry = built ? ["dist/main.js"] : ["--import", "tsx", "src/main.ts"];
  const rounds = Number(process.env.TURNKEY_BENCH_START_ROUNDS ?? (quick ? 1 : 5));
  const turnkey: number[] = [];
  const turnkeyCpu: number[] = [];
  const bareCpu: number[] = [];
  const bare: number[] = [];
  // The same build without its migrated data-dir template (dist/pgdata-template, src/db/template.ts): PGlite's initdb
  // and the migrations run as they did before the template, so the lever's before and after come from one run.
  const withTemplate = built && existsSync(path.join(root, "dist/pgdata-template/PG_VERSION"));
  const plainDist = path.join(root, ".bench-dist-without-template");
  const plain: number[] = [];
  // TURNKEY_BENCH_START_BEFORE: an earlier build's directory (a copy of dist/ inside this repository, so its imports
  // and drizzle/ resolve), a further side of the same alternating run: a lever's before and after under the same load.
  const beforeDirectory = process.env.TURNKEY_BENCH_START_BEFORE;
  const before: number[] = [];
  const beforeCpu: number[] = [];
  // TURNKEY_BENCH_START_NO_PLAIN=1: leaves out the side without the template (already measured; 5 s a round).
  const plainSide = withTemplate && process.env.TURNKEY_BENCH_START_NO_PLAIN !== "1";
  if (plainSide) cpSync(path.join(root, "dist"), plainDist, { recursive: true, filter: (source) => !source.includes("pgdata-template") });
  try {
    for (let round = 0; round < rounds; round += 1) {
      const dataDirs: string[] = [];
      const fresh = () => {
        const dataDir = mkdtempSync(path.join(tmpdir(), "turnkey-start-"));
        dataDirs.push(dataDir);
        return dataDir;
      };
      try {
        const sides = [async () => turnkey.push(await timeToReady(entry, { TURNKEY_DATA_DIR: fresh() }, turnkeyCpu)), async () => bare.push(await timeToReady(["-e", BARE], {}, bareCpu))];
        if (beforeDirectory) sides.push(async () => before.push(await timeToReady([path.join(path.resolve(root, beforeDirectory), "main.js")], { TURNKEY_DATA_DIR: fresh() }, beforeCpu)));
        if (plainSide) sides.push(async () => plain.push(await timeToReady([path.join(plainDist, "main.js")], { TURNKEY_DATA_DIR: fresh() })));
        for (const side of round % 2 === 0 ? sides : sides.reverse()) await side();
      } finally {
        for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(plainDist, { recursive: true, force: true });
  }
  const ours = median(turnkey);
  record({
    scenario: "start",
    figure: `node ${entry.join(" ")} → /readyz 200, empty data directory (ms)`,
    turnkey: format(ours, 0),
    baseline: format(median(bare), 0),
    ratio: `${format(ours / median(bare), 1)}×`,
    target: "< 2000 ms",
    met: ours < 2000,
    setup: `median of ${rounds}, alternating; baseline: a bare node:http process answering /readyz${built ? "" : "; no dist/ build, so the tsx entry (run npm run build first for the real figure)"}${withTemplate ? "; the data directory seeded from the build's migrated template" : ""}`,
  });
  if (turnkeyCpu.length > 0 && bareCpu.length > 0) {
    record({
      scenario: "start",
      figure: "CPU used by then (user + system, all threads), ms",
      turnkey: format(median(turnkeyCpu), 0),
      baseline: format(median(bareCpu), 0),
      ratio: `${format(median(turnkeyCpu) / median(bareCpu), 1)}×`,
      setup: "from /proc/<pid>/stat at the first 200; on a loaded machine steadier than the wall time",
    });
  }
  if (beforeDirectory) {
    record({
      scenario: "start",
      figure: `the earlier build in ${beforeDirectory} → /readyz 200 (ms; CPU ms by then)`,
      turnkey: `${format(median(before), 0)} (CPU ${format(median(beforeCpu), 0)})`,
      baseline: format(median(bare), 0),
      ratio: `${format(median(before) / median(bare), 1)}×`,
      setup: `median of ${rounds}, alternating with the sides above; runs: ${before.map((ms) => ms.toFixed(0)).join(", ")}; this build's: ${turnkey.map((ms) => ms.toFixed(0)).join(", ")}`,
    });
  }
  if (plainSide) {
    record({
      scenario: "start",
      figure: "the same build without the data-dir template (initdb + migrations), ms",
      turnkey: format(median(plain), 0),
      baseline: format(median(bare), 0),
      ratio: `${format(median(plain) / median(bare), 1)}×`,
      setup: `median of ${rounds}, alternating with the two above`,
    });
  }
}
