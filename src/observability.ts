// Lifecycle logs and the metrics beyond process defaults: GraphQL requests by operation and outcome with latency,
// events delivered, operations by type and outcome with durations, reconciler queue depth and lag, clusters by
// status and health, and the database pool's size.
import type { ApolloServerPlugin } from "@apollo/server";
import { inArray, sql } from "drizzle-orm";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { DatabaseHandle } from "./db/client.js";
import { operations } from "./db/schema/index.js";
import type { EventBus } from "./events/bus.js";
import type { Logger } from "./logger.js";
import { rowsOf } from "./orchestration/reconciler.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Operation names are the client's to choose: the first this many become labels, the rest count as "other". */
const MAX_OPERATION_LABELS = 200;

function operationLabel(known: Set<string>, name: string | null | undefined): string {
  if (!name) return "anonymous";
  if (!NAME.test(name)) return "other";
  if (known.has(name)) return name;
  if (known.size >= MAX_OPERATION_LABELS) return "other";
  known.add(name);
  return name;
}

/** One observation per HTTP GraphQL request, by operation name and outcome: Apollo's plugin, and `observe` for the compiled lane (src/graphql/compiled-http.ts). */
export function graphqlRequestMetrics(registry: Registry): { plugin: ApolloServerPlugin; observe: (operationName: string | null | undefined, failed: boolean, startedAt: bigint) => void } {
  const known = new Set<string>();
  const duration = new Histogram({
    name: "turnkey_graphql_request_duration_seconds",
    help: "GraphQL requests over HTTP by operation name and outcome (ok, error)",
    labelNames: ["operation", "outcome"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const observe = (operationName: string | null | undefined, failed: boolean, startedAt: bigint) => {
    duration.observe({ operation: operationLabel(known, operationName), outcome: failed ? "error" : "ok" }, Number(process.hrtime.bigint() - startedAt) / 1e9);
  };
  return {
    observe,
    plugin: {
      async requestDidStart() {
        const started = process.hrtime.bigint();
        return {
          async willSendResponse({ request, operationName, response }) {
            const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
            observe(operationName ?? request.operationName, Boolean(errors?.length), started);
          },
        };
      },
    },
  };
}

export interface LifecycleOptions {
  registry: Registry;
  logger: Logger;
  bus: EventBus;
  database: DatabaseHandle;
  /** postgres.js pool size (connections), for turnkey_db_pool_connections; PGlite has one connection. */
  poolSize: number;
}

/**
 * A log line for every transition the event log records (cluster, operation, stage, outcome, reason), and the
 * operation and cluster metrics. Every replica reads every event, so these count the whole fleet's
 * operations on each replica: aggregate them across replicas with max, not sum.
 */
export function observeLifecycle(options: LifecycleOptions): void {
  const { registry, logger, bus, database } = options;
  const operationsFinished = new Counter({ name: "turnkey_operations_finished_total", help: "Lifecycle operations finished, by type and outcome", labelNames: ["type", "outcome"], registers: [registry] });
  const operationDuration = new Histogram({
    name: "turnkey_operation_duration_seconds",
    help: "Lifecycle operations from request to finish, by type and outcome",
    labelNames: ["type", "outcome"],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  });
  const eventsRead = new Counter({ name: "turnkey_cluster_events_total", help: "Cluster events read from the event log by this process, by type", labelNames: ["type"], registers: [registry] });

  // Finished operations are read in batches (one statement per half second at most), off the event path.
  const pending = new Set<string>();
  let batch: NodeJS.Timeout | undefined;
  const readFinished = async (ids: string[]) => {
    const rows = await database.db.select({ id: operations.id, type: operations.type, status: operations.status, createdAt: operations.createdAt, finishedAt: operations.finishedAt, errorCode: operations.errorCode }).from(operations).where(inArray(operations.id, ids));
    for (const row of rows) {
      if (!row.finishedAt) continue;
      const outcome = row.status.toLowerCase();
      const seconds = (row.finishedAt.getTime() - row.createdAt.getTime()) / 1000;
      operationsFinished.inc({ type: row.type, outcome });
      operationDuration.observe({ type: row.type, outcome }, seconds);
      logger.info({ operation: row.id, type: row.type, outcome: row.status, error: row.errorCode ?? undefined, seconds }, `operation ${row.type} ${row.status}`);
    }
  };
  const finished = (operationId: string) => {
    pending.add(operationId);
    batch ??= setTimeout(() => {
      batch = undefined;
      const ids = [...pending];
      pending.clear();
      readFinished(ids).catch((error: unknown) => logger.warn({ err: error }, "reading finished operations failed"));
    }, 500);
    batch.unref();
  };

  bus.add({
    push: (event) => {
      eventsRead.inc({ type: event.type });
      const base = { cluster: event.clusterId, operation: event.operationId ?? undefined };
      if (event.type === "STATUS_CHANGED") {
        const line = { ...base, status: event.status, previousStatus: event.previousStatus ?? undefined, reason: event.statusReason ?? undefined };
        if (event.status?.endsWith("_FAILED")) logger.warn(line, `cluster ${event.status}`);
        else logger.info(line, `cluster ${event.status}`);
        if (event.operationId && !event.status?.endsWith("_IN_PROGRESS")) {
          finished(event.operationId);
        }
      } else if (event.type === "PROGRESS") {
        const stageStatus = (event.details as { stageStatus?: string }).stageStatus;
        logger.info({ ...base, stage: event.stage, stageStatus, percent: event.percent }, `stage ${event.stage} ${stageStatus ?? ""}`.trimEnd());
      } else if (event.type === "HEALTH_CHANGED") {
        logger.info({ ...base, health: event.healthStatus, reason: event.statusReason ?? undefined }, `cluster health ${event.healthStatus}`);
      } else if (event.type === "DELETED") {
        logger.info(base, "cluster deleted");
        if (event.operationId) finished(event.operationId);
      }
      return true;
    },
    overflow: () => undefined,
  });

  // Read at scrape time: one grouped statement each.
  new Gauge({
    name: "turnkey_clusters",
    help: "Clusters by status and health",
    labelNames: ["status", "health"],
    registers: [registry],
    async collect() {
      const rows = rowsOf(await database.db.execute(sql`select status, health_status as health, count(*)::int as count from clusters group by 1, 2`));
      this.reset();
      for (const row of rows) this.set({ status: String(row.status), health: String(row.health) }, Number(row.count));
    },
  });
  new Gauge({
    name: "turnkey_reconciler_queue_depth",
    help: "Operations waiting (PENDING) or being driven (RUNNING)",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const rows = rowsOf(await database.db.execute(sql`select status, count(*)::int as count from operations where status in ('PENDING', 'RUNNING') group by 1`));
      this.reset();
      this.set({ status: "PENDING" }, 0);
      this.set({ status: "RUNNING" }, 0);
      for (const row of rows) this.set({ status: String(row.status) }, Number(row.count));
    },
  });
  new Gauge({
    name: "turnkey_reconciler_lag_seconds",
    help: "Age of the oldest operation no worker has started yet (0 when none waits)",
    registers: [registry],
    async collect() {
      const [row] = rowsOf(await database.db.execute(sql`select coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as lag from operations where status = 'PENDING'`));
      this.set(Number(row?.lag ?? 0));
    },
  });
  new Gauge({
    name: "turnkey_db_pool_connections",
    help: "Database connections this process may open (postgres.js pool size; 1 for PGlite)",
    registers: [registry],
    collect() {
      this.set(options.poolSize);
    },
  });
}
