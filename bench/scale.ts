// Benchmark: orchestration at scale. N simulated creates (fixed stage durations: the simulated driver's plan, no faults)
// are recorded through the API on a replica that drives nothing, then one worker process starts and claims them all at
// once. Their wall time (first claim → last finish, from the operations table) against the ideal: one create alone on
// the same worker, in the same run. The database connections the run used are sampled from pg_stat_activity.
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
}

/** Starts a worker, waits until every pending create has finished, and stops it; connections sampled meanwhile. */
async function drive(sql: postgres.Sql, environment: Record<string, string>, count: number, timeoutMs: number, exclude: string[]): Promise<Drive> {
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
  const worker: ServerProcess = await startServerProcess(environment, undefined, { entry: "built" });
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
  const [row] = await sql`
    select extract(epoch from max(finished_at) - min(started_at))::float as wall,
           extract(epoch from max(finished_at - started_at))::float as slowest,
           count(*) filter (where status = 'SUCCEEDED')::int as finished,
           count(*) filter (where status <> 'SUCCEEDED')::int as failed
    from operations where type = 'CLUSTER_CREATE' and started_at is not null and not (id::text = any(${exclude}::text[]))`;
  return { wallSeconds: row!.wall as number, finished: row!.finished as number, failed: row!.failed as number, maxConnections, slowestSeconds: row!.slowest as number };
}

export async function benchScale(count: number, speed: number, extra: Record<string, string> = {}): Promise<void> {
  const database = DATABASES.find((candidate) => candidate.label === "PostgreSQL");
  if (!database) {
    console.log("scale: skipped, it needs PostgreSQL (a worker process and the API process share the database)");
    return;
  }
  // The worker runs the build, as production does (rebuilt first when older than its sources).
  await ensureBuilt();
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
    const alone = await drive(sql, worker, 1, 300_000, []);
    const measured = (await sql`select id::text as id from operations`).map((row) => row.id as string);
    const submitting = performance.now();
    await createMany(api, templateId, count);
    const submitSeconds = (performance.now() - submitting) / 1000;
    const many = await drive(sql, worker, count, 1_800_000, measured);
    const ratio = many.wallSeconds / alone.wallSeconds;
    console.log(
      `scale: 1 create alone ${format(alone.wallSeconds, 2)} s; ${count} at once ${format(many.wallSeconds, 2)} s (${format(ratio, 2)}× ideal), slowest single ${format(many.slowestSeconds, 2)} s; ` +
        `${many.finished} succeeded, ${many.failed} not; at most ${many.maxConnections} connections open by the worker; ${count} creates recorded in ${format(submitSeconds, 1)} s beforehand`,
    );
    record({
      scenario: "orchestration scale",
      figure: `${count} simulated creates at once: wall time vs one create alone`,
      turnkey: `${format(many.wallSeconds, 1)} s`,
      baseline: `${format(alone.wallSeconds, 1)} s (1 create)`,
      ratio: `${format(ratio, 2)}×`,
      target: count >= 1_000 ? "≤ 1.1×" : undefined,
      met: count >= 1_000 ? ratio <= 1.1 && many.failed === 0 : undefined,
      setup:
        `one worker process (TURNKEY_WORKER_CONCURRENCY=${concurrency}${Object.entries(extra).map(([key, value]) => `, ${key}=${value}`).join("")}), the creates recorded beforehand through the API on a replica that drives none (${format(submitSeconds, 0)} s); ` +
        `speed ${speed}; ${many.finished}/${count} succeeded; first claim → last finish from the operations table; 2 shared cores`,
    });
    record({ scenario: "orchestration scale", figure: "database connections used by the worker (max sampled)", turnkey: String(many.maxConnections), baseline: String(alone.maxConnections), setup: "pg_stat_activity every 250 ms during the run, over the idle count; the worker may open 15" });
  } finally {
    await sql.end();
    await api.close();
  }
}
