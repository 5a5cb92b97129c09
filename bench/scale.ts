// Benchmark: orchestration at scale. N simulated creates (fixed stage durations: the simulated driver's plan, no faults)
// are recorded through the API on a replica that drives nothing, then one worker process starts and claims them all at
// once. Their wall time (first claim → last finish, from the operations table) against the ideal: one create alone on
// the same worker, in the same run. The database connections the run used are sampled from pg_stat_activity.
import { loadavg } from "node:os";
import { join } from "node:path";
import { BENCH_SERVER_SETTINGS } from "./load.js";
import "reflect-metadata";
import postgres from "postgres";
import { ClusterCreateDocument, ClusterTemplateCreateDocument, QuotaSetDocument, ViewerPolicyDocument } from "../src/client/generated/graphql.js";
import { DATABASES } from "../test/support/databases.js";
import { templateInput } from "../test/support/fixtures.js";
import { ensureBuilt } from "../test/support/build.js";
import { startServerProcess, type ServerProcess } from "../test/support/process.js";
import { startTestServer, type TestServer } from "../test/support/server.js";
import { waitUntil } from "../test/support/wait.js";
import { format } from "./stats.js";
import { record } from "./table.js";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function createMany(api: TestServer, templateId: string, count: number, concurrency = 32): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        next += 1;
        const created = await api.query(ClusterCreateDocument, { input: { clusterTemplateId: templateId } });
        if (!created.clusterCreate.cluster) throw new Error(`create refused: ${JSON.stringify(created.clusterCreate.userErrors)}`);
      }
    }),
  );
}

interface Drive {
  wallSeconds: number;
  finished: number;
  failed: number;
  maxConnections: number;
  /** Longest single operation, claim → finish. */
  slowestSeconds: number;
  /** Claim → the operation's first event from the worker (its submission), median and longest. */
  submitP50: number;
  submitMax: number;
  /** That event → finish, median and longest. */
  runP50: number;
  runMax: number;
  runP99: number;
  /** Operations claimed more than once (a lease that lapsed and was taken again). */
  reclaimed: number;
  /** Lines the worker logged at warn or above, and the first of them. */
  complaints: number;
  firstComplaint?: string | undefined;
}

/** Starts a worker, waits until every pending create has finished, and stops it; connections sampled meanwhile. */
async function drive(sql: postgres.Sql, environment: Record<string, string>, count: number, timeoutMs: number, exclude: string[], entry: WorkerEntry): Promise<Drive> {
  const [{ base }] = (await sql`select count(*)::int as base from pg_stat_activity where datname = current_database()`) as unknown as [{ base: number }];
  let maxConnections = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const [row] = await sql`select count(*)::int as open from pg_stat_activity where datname = current_database()`;
      maxConnections = Math.max(maxConnections, (row!.open as number) - base);
      await pause(250);
    }
  })();
  // TURNKEY_BENCH_NODE_OPTIONS (e.g. --cpu-prof --cpu-prof-dir=…) profiles the worker; SIGTERM lets it write the profile.
  const nodeOptions = process.env.TURNKEY_BENCH_NODE_OPTIONS?.split(" ").filter(Boolean) ?? [];
  const worker: ServerProcess = await startServerProcess(environment, undefined, { entry, nodeOptions });
  try {
    let exited = false;
    void worker.exited.then(() => (exited = true));
    await waitUntil(
      async () => {
        if (exited) throw new Error(`the worker exited before the creates finished:\n${worker.output().slice(-3000)}`);
        const [row] = await sql`select count(*)::int as open from operations where finished_at is null`;
        return row!.open === 0;
      },
      timeoutMs,
      `${count} creates to finish`,
    );
  } finally {
    sampling = false;
    await sampler;
    await worker.kill("SIGTERM");
  }
  // What the worker logged at warn and above (a tick that failed and waited for its lease, say), for the run's line.
  const complaints = worker.output().split("\n").filter((line) => /"level":(40|50|60)/.test(line));
  const [row] = await sql`
    select extract(epoch from max(finished_at) - min(started_at))::float as wall,
           extract(epoch from max(finished_at - started_at))::float as slowest,
           count(*) filter (where status = 'SUCCEEDED')::int as finished,
           count(*) filter (where status <> 'SUCCEEDED')::int as failed
    from operations where type = 'CLUSTER_CREATE' and started_at is not null and not (id::text = any(${exclude}::text[]))`;
  // Where the time goes: claim → the submission's first event (the worker's submit tick), and that event → finish.
  const [lags] = await sql`
    with submitted as (
      select o.id, o.started_at, o.finished_at,
             o.attempts, (select min(e.occurred_at) from cluster_events e where e.operation_id = o.id and e.occurred_at >= o.started_at) as first_event
      from operations o
      where o.type = 'CLUSTER_CREATE' and o.started_at is not null and not (o.id::text = any(${exclude}::text[])))
    select count(*) filter (where attempts > 1)::int as reclaimed,
           percentile_cont(0.99) within group (order by extract(epoch from finished_at - first_event))::float as run_p99,
           percentile_cont(0.5) within group (order by extract(epoch from first_event - started_at))::float as submit_p50,
           max(extract(epoch from first_event - started_at))::float as submit_max,
           percentile_cont(0.5) within group (order by extract(epoch from finished_at - first_event))::float as run_p50,
           max(extract(epoch from finished_at - first_event))::float as run_max
    from submitted`;
  return {
    wallSeconds: row!.wall as number,
    finished: row!.finished as number,
    failed: row!.failed as number,
    maxConnections,
    slowestSeconds: row!.slowest as number,
    submitP50: lags!.submit_p50 as number,
    submitMax: lags!.submit_max as number,
    runP50: lags!.run_p50 as number,
    runMax: lags!.run_max as number,
    runP99: lags!.run_p99 as number,
    reclaimed: lags!.reclaimed as number,
    complaints: complaints.length,
    firstComplaint: complaints[0]?.slice(0, 400),
  };
}

type WorkerEntry = "built" | { file: string };

interface ScaleRun {
  alone: Drive;
  many: Drive;
  ratio: number;
  submitSeconds: number;
  concurrency: string;
}

/** One run on a fresh database: one create alone, then `count` at once, both driven by a worker of `entry`. */
async function scaleRun(database: NonNullable<(typeof DATABASES)[number]>, count: number, speed: number, extra: Record<string, string>, entry: WorkerEntry): Promise<ScaleRun> {
  const settings = { ...BENCH_SERVER_SETTINGS, TURNKEY_SIM_SPEED: String(speed), TURNKEY_LOG_LEVEL: "silent" };
  // The API replica records creates and drives nothing; the worker is a process of its own.
  const api = await startTestServer(database, { ...settings, TURNKEY_WORKER_CONCURRENCY: "0" });
  const sql = postgres(api.databaseUrl, { max: 1, onnotice: () => undefined });
  const concurrency = String(Math.max(200, count));
  const worker = { ...settings, TURNKEY_LOG_LEVEL: "warn", DATABASE_URL: api.databaseUrl, TURNKEY_WORKER_CONCURRENCY: concurrency, ...extra };
  try {
    const viewer = await api.query(ViewerPolicyDocument);
    const projectId = viewer.viewer.projectRoles[0]!.project.id;
    for (const resource of ["CLUSTERS", "NODES"] as const) await api.query(QuotaSetDocument, { input: { projectId, resource, limit: 1_000_000 } });
    const template = await api.query(ClusterTemplateCreateDocument, { input: templateInput() });
    const templateId = template.clusterTemplateCreate.clusterTemplate!.id;

    // The ideal: one create alone on the same worker.
    await createMany(api, templateId, 1);
    const alone = await drive(sql, worker, 1, 300_000, [], entry);
    const measured = (await sql`select id::text as id from operations`).map((row) => row.id as string);
    const submitting = performance.now();
    await createMany(api, templateId, count);
    const submitSeconds = (performance.now() - submitting) / 1000;
    const many = await drive(sql, worker, count, 1_800_000, measured, entry);
    return { alone, many, ratio: many.wallSeconds / alone.wallSeconds, submitSeconds, concurrency };
  } finally {
    await sql.end();
    await api.close();
  }
}

/**
 * `TURNKEY_BENCH_SCALE_BEFORE=<a copy of an earlier dist/ inside the repository>` adds that build's worker as a second
 * side, `TURNKEY_BENCH_SCALE_ROUNDS` (default 1) runs each side that many times, the sides alternating; medians.
 */
export async function benchScale(count: number, speed: number, extra: Record<string, string> = {}): Promise<void> {
  const database = DATABASES.find((candidate) => candidate.label === "PostgreSQL");
  if (!database) {
    console.log("scale: skipped, it needs PostgreSQL (a worker process and the API process share the database)");
    return;
  }
  // The worker runs the build, as production does (rebuilt first when older than its sources).
  await ensureBuilt();
  const before = process.env.TURNKEY_BENCH_SCALE_BEFORE;
  const rounds = Math.max(1, Number(process.env.TURNKEY_BENCH_SCALE_ROUNDS ?? 1));
  const sides: { name: string; entry: WorkerEntry }[] = [{ name: "turnkey", entry: "built" }, ...(before ? [{ name: `before (${before})`, entry: { file: join(before, "main.js") } }] : [])];
  const runs = new Map<string, ScaleRun[]>(sides.map((side) => [side.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const run = await scaleRun(database, count, speed, extra, side.entry);
      runs.get(side.name)!.push(run);
      const { alone, many, ratio, submitSeconds } = run;
      console.log(
        `scale ${side.name}, round ${round + 1}: 1 create alone ${format(alone.wallSeconds, 2)} s; ${count} at once ${format(many.wallSeconds, 2)} s (${format(ratio, 2)}× ideal), slowest single ${format(many.slowestSeconds, 2)} s; ` +
          `claim → submitted p50 ${format(many.submitP50, 2)} s, max ${format(many.submitMax, 2)} s (alone ${format(alone.submitP50, 2)}); submitted → finished p50 ${format(many.runP50, 2)} s, p99 ${format(many.runP99, 2)} s, max ${format(many.runMax, 2)} s (alone ${format(alone.runP50, 2)}); ` +
          `claimed again ${many.reclaimed}; worker warnings ${many.complaints}${many.firstComplaint ? ` (first: ${many.firstComplaint})` : ""}; ` +
          `${many.finished} succeeded, ${many.failed} not; at most ${many.maxConnections} connections open by the worker; ${count} creates recorded in ${format(submitSeconds, 1)} s beforehand; load ${loadavg().map((value) => value.toFixed(1)).join(" ")}`,
      );
    }
  }
  for (const side of sides) {
    const list = runs.get(side.name)!;
    const middle = [...list].sort((left, right) => left.ratio - right.ratio)[Math.floor(list.length / 2)]!;
    const { alone, many, ratio, submitSeconds, concurrency } = middle;
    const label = side.name === "turnkey" ? "" : ` [${side.name}]`;
    record({
      scenario: "orchestration scale",
      figure: `${count} simulated creates at once: wall time vs one create alone${label}`,
      turnkey: `${format(many.wallSeconds, 1)} s`,
      baseline: `${format(alone.wallSeconds, 1)} s (1 create)`,
      ratio: `${format(ratio, 2)}×`,
      target: count >= 1_000 && !label ? "≤ 1.1×" : undefined,
      met: count >= 1_000 && !label ? ratio <= 1.1 && many.failed === 0 : undefined,
      setup:
        `one worker process (TURNKEY_WORKER_CONCURRENCY=${concurrency}${Object.entries(extra).map(([key, value]) => `, ${key}=${value}`).join("")}), the creates recorded beforehand through the API on a replica that drives none (${format(submitSeconds, 0)} s); ` +
        `speed ${speed}; ${many.finished}/${count} succeeded; first claim → last finish from the operations table; claim → submitted p50 ${format(many.submitP50, 2)} s, max ${format(many.submitMax, 2)} s; ` +
        `the run of median ratio of ${list.length} (ratios ${list.map((run) => format(run.ratio, 2)).join(", ")}); 2 shared cores`,
    });
    if (!label) record({ scenario: "orchestration scale", figure: "database connections used by the worker (max sampled)", turnkey: String(many.maxConnections), baseline: String(alone.maxConnections), setup: "pg_stat_activity every 250 ms during the run, over the idle count; the worker may open 15" });
  }
}
