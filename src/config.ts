// Reads the process environment once into a typed, validated configuration.
import path from "node:path";
import { z } from "zod";

const booleanString = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((value) => value === "1" || value === "true" || value === "yes");

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().optional(),
  TURNKEY_DATA_DIR: z.string().default("./.turnkey"),
  TURNKEY_DRIVER: z.enum(["simulated", "heat"]).default("simulated"),
  TURNKEY_ADMIN_TOKEN: z.string().min(16, "TURNKEY_ADMIN_TOKEN must be at least 16 characters").optional(),
  TURNKEY_SECRET_KEY: z.string().min(32, "TURNKEY_SECRET_KEY must be at least 32 characters").optional(),
  TURNKEY_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TURNKEY_QUERY_STATS: booleanString.default(false),
  TURNKEY_CILIUM_ENABLED: booleanString.default(false),
  TURNKEY_MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
  TURNKEY_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  // The embedded default runs a demo create (about 7 simulated minutes) in about half a minute.
  TURNKEY_SIM_SPEED: z.coerce.number().positive().default(15),
  TURNKEY_SIM_SEED: z.string().optional(),
  TURNKEY_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1).default(250),
  TURNKEY_LEASE_MS: z.coerce.number().int().min(100).default(15_000),
  TURNKEY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).default(200),
  TURNKEY_WORKER_ID: z.string().optional(),
  TURNKEY_HEALTH_INTERVAL_MS: z.coerce.number().int().min(10).default(30_000),
  TURNKEY_SUBSCRIPTION_BUFFER: z.coerce.number().int().min(1).default(1_000),
});

export type DatabaseTarget =
  | { kind: "pglite"; dataDir: string | null } // null: in memory
  | { kind: "postgres"; url: string };

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  dataDir: string;
  driver: "simulated" | "heat";
  adminToken: string | undefined;
  secretKey: string | undefined;
  logLevel: z.infer<typeof environmentSchema>["TURNKEY_LOG_LEVEL"];
  /** Adds `extensions.sqlStatements` to every GraphQL response (tests, diagnostics). */
  queryStats: boolean;
  /** Operators opt in to cilium as a network driver, as Magnum's config does. */
  ciliumEnabled: boolean;
  maxQueryDepth: number;
  shutdownGraceMs: number;
  simulation: { speed: number; seed: string | undefined };
  reconciler: { intervalMs: number; leaseMs: number; concurrency: number; workerId: string | undefined };
  healthIntervalMs: number;
  /** Events buffered for one slow subscriber before it is cut off. */
  subscriptionBuffer: number;
}

export class ConfigError extends Error {}

export function parseDatabaseTarget(url: string | undefined, dataDir: string): DatabaseTarget {
  if (!url) return { kind: "pglite", dataDir: path.join(dataDir, "pgdata") };
  if (url === "memory://") return { kind: "pglite", dataDir: null };
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return { kind: "postgres", url };
  throw new ConfigError(`DATABASE_URL must be a postgres:// URL or memory://, got "${url.split(":")[0]}:…"`);
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
  }
  const values = parsed.data;
  const dataDir = path.resolve(values.TURNKEY_DATA_DIR);
  return {
    port: values.PORT,
    host: values.HOST,
    database: parseDatabaseTarget(values.DATABASE_URL || undefined, dataDir),
    dataDir,
    driver: values.TURNKEY_DRIVER,
    adminToken: values.TURNKEY_ADMIN_TOKEN,
    secretKey: values.TURNKEY_SECRET_KEY,
    logLevel: values.TURNKEY_LOG_LEVEL,
    queryStats: values.TURNKEY_QUERY_STATS,
    ciliumEnabled: values.TURNKEY_CILIUM_ENABLED,
    maxQueryDepth: values.TURNKEY_MAX_QUERY_DEPTH,
    shutdownGraceMs: values.TURNKEY_SHUTDOWN_GRACE_MS,
    simulation: { speed: values.TURNKEY_SIM_SPEED, seed: values.TURNKEY_SIM_SEED },
    reconciler: {
      intervalMs: values.TURNKEY_RECONCILE_INTERVAL_MS,
      leaseMs: values.TURNKEY_LEASE_MS,
      concurrency: values.TURNKEY_WORKER_CONCURRENCY,
      workerId: values.TURNKEY_WORKER_ID,
    },
    healthIntervalMs: values.TURNKEY_HEALTH_INTERVAL_MS,
    subscriptionBuffer: values.TURNKEY_SUBSCRIPTION_BUFFER,
  };
}
