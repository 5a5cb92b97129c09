// Reads the process environment once into a typed, validated configuration.
import path from "node:path";
import type { DatabaseTarget } from "./db/client.js";
import { z } from "zod";
import { DEFAULT_QUERY_LIMITS, type QueryLimitSettings } from "./graphql/limits/index.js";
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from "./graphql/rate-limit/settings.js";
import { certificateEnvironment, certificateSettingsFrom, type CertificateSettings } from "./domain/certificates/certificates-settings.js";
import type { HeatDriverConfig, TrusteeDomainConfig } from "./orchestration/drivers/heat/config.js";
import type { KeystoneAuth } from "./openstack/keystone-session.js";

const booleanString = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .transform((value) => value === "1" || value === "true" || value === "yes");

export const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().optional(),
  TURNKEY_DATA_DIR: z.string().default("./.turnkey"),
  TURNKEY_DRIVER: z.enum(["simulated", "heat"]).default("simulated"),
  TURNKEY_ADMIN_TOKEN: z.string().min(16, "TURNKEY_ADMIN_TOKEN must be at least 16 characters").optional(),
  TURNKEY_SECRET_KEY: z.string().min(32, "TURNKEY_SECRET_KEY must be at least 32 characters").optional(),
  TURNKEY_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TURNKEY_LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
  TURNKEY_QUERY_STATS: booleanString.default(false),
  TURNKEY_COMPILED_LANE: booleanString.default(true),
  // PostgreSQL connections: requests and background work (reconciler, event bus, health, retention) have separate pools.
  TURNKEY_DB_REQUEST_CONNECTIONS: z.coerce.number().int().min(1).default(10),
  TURNKEY_DB_BACKGROUND_CONNECTIONS: z.coerce.number().int().min(1).default(5),
  TURNKEY_CILIUM_ENABLED: booleanString.default(false),
  TURNKEY_MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(DEFAULT_QUERY_LIMITS.depth),
  TURNKEY_MAX_QUERY_TOKENS: z.coerce.number().int().min(10).default(DEFAULT_QUERY_LIMITS.tokens),
  TURNKEY_MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(DEFAULT_QUERY_LIMITS.aliases),
  TURNKEY_MAX_QUERY_ROOT_FIELDS: z.coerce.number().int().min(1).default(DEFAULT_QUERY_LIMITS.rootFields),
  TURNKEY_MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).default(DEFAULT_QUERY_LIMITS.directives),
  TURNKEY_MAX_QUERY_COST: z.coerce.number().int().min(1).default(DEFAULT_QUERY_LIMITS.cost),
  NODE_ENV: z.string().optional(),
  TURNKEY_REQUEST_DEADLINE_MS: z.coerce.number().int().min(1).default(30_000),
  TURNKEY_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  TURNKEY_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.windowSeconds),
  TURNKEY_RATE_LIMIT_QUERY_COST: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.queryCost),
  TURNKEY_RATE_LIMIT_MUTATIONS: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.mutations),
  TURNKEY_RATE_LIMIT_SUBSCRIPTIONS: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.subscriptions),
  TURNKEY_RATE_LIMIT_UNAUTHENTICATED: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.unauthenticated),
  TURNKEY_MAX_SOCKETS_PER_TOKEN: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.socketsPerToken),
  TURNKEY_MAX_SOCKETS_PER_IP: z.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.socketsPerIp),
  TURNKEY_RATE_LIMIT_STORE: z.enum(["auto", "memory", "postgres", "redis"]).default("auto"),
  TURNKEY_REDIS_URL: z.string().optional(),
  TURNKEY_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  // The embedded default runs a demo create (about 7 simulated minutes) in about half a minute.
  TURNKEY_SIM_SPEED: z.coerce.number().positive().default(15),
  TURNKEY_SIM_SEED: z.string().optional(),
  // Fault injection for the simulated driver (the reliability suite's backend faults); all off by default.
  TURNKEY_SIM_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  TURNKEY_SIM_HANG_RATE: z.coerce.number().min(0).max(1).default(0),
  TURNKEY_SIM_CALL_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  TURNKEY_SIM_SLOW_RATE: z.coerce.number().min(0).max(1).default(0),
  TURNKEY_SIM_SLOW_MS: z.coerce.number().int().min(0).default(0),
  TURNKEY_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1).default(250),
  TURNKEY_LEASE_MS: z.coerce.number().int().min(100).default(15_000),
  // 0: this replica serves the API and drives no operation (another replica does; tests about records only).
  TURNKEY_WORKER_CONCURRENCY: z.coerce.number().int().min(0).default(200),
  TURNKEY_WORKER_ID: z.string().optional(),
  TURNKEY_HEALTH_INTERVAL_MS: z.coerce.number().int().min(10).default(30_000),
  TURNKEY_AUTOPILOT_INTERVAL_MS: z.coerce.number().int().min(10).default(30_000),
  TURNKEY_SUBSCRIPTION_BUFFER: z.coerce.number().int().min(1).default(1_000),
  TURNKEY_IDENTITY: z.enum(["builtin", "keystone"]).default("builtin"),
  TURNKEY_KEYSTONE_URL: z.string().url().optional(),
  TURNKEY_KEYSTONE_SERVICE_USER: z.string().default("turnkey"),
  TURNKEY_KEYSTONE_SERVICE_PASSWORD: z.string().optional(),
  TURNKEY_KEYSTONE_SERVICE_PROJECT: z.string().default("service"),
  TURNKEY_KEYSTONE_DOMAIN: z.string().default("Default"),
  TURNKEY_KEYSTONE_ADMIN_PROJECT: z.string().default("admin"),
  TURNKEY_KEYSTONE_CACHE_SECONDS: z.coerce.number().int().min(0).default(10),
  TURNKEY_SESSION_SWEEP_MS: z.coerce.number().int().min(50).default(2_000),
  TURNKEY_AUTH_CACHE_MS: z.coerce.number().int().min(0).default(10_000),
  TURNKEY_TOKEN_LAST_USED_FLUSH_MS: z.coerce.number().int().min(10).default(5_000),
  TURNKEY_EVENT_RETENTION_HOURS: z.coerce.number().positive().default(168),
  TURNKEY_EVENT_PRUNE_INTERVAL_MS: z.coerce.number().int().min(10).default(600_000),
  TURNKEY_EVENT_HEARTBEAT_MS: z.coerce.number().int().min(0).default(5_000),
  TURNKEY_WS_INIT_TIMEOUT_MS: z.coerce.number().int().min(1).default(3_000),
  TURNKEY_WS_PING_INTERVAL_MS: z.coerce.number().int().min(0).default(12_000),
  TURNKEY_WS_PONG_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
  TURNKEY_WS_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).default(50),
  TURNKEY_WS_MAX_BUFFERED_BYTES: z.coerce.number().int().min(1_024).default(1_048_576),
  TURNKEY_WS_SEND_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
  TURNKEY_WS_DOCUMENT_CACHE: z.coerce.number().int().min(1).default(1_000),
  TURNKEY_CORS_ORIGINS: z.string().default(""),
  ...certificateEnvironment,
});

export type { DatabaseTarget };

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  dataDir: string;
  driver: "simulated" | "heat";
  /** The Heat driver's settings (TURNKEY_OPENSTACK_*, TURNKEY_HEAT_*; heatConfigFrom below documents each); null unless TURNKEY_DRIVER=heat. */
  heat: HeatDriverConfig | null;
  adminToken: string | undefined;
  secretKey: string | undefined;
  logLevel: z.infer<typeof environmentSchema>["TURNKEY_LOG_LEVEL"];
  logFormat: z.infer<typeof environmentSchema>["TURNKEY_LOG_FORMAT"];
  /** Adds `extensions.sqlStatements` to every GraphQL response (tests, diagnostics). */
  queryStats: boolean;
  /** Query documents seen compiled are answered in front of Apollo's pipeline (src/graphql/compiled-http.ts). */
  compiledLane: boolean;
  /** PostgreSQL pool sizes: requests, and background work (reconciler, event bus, health monitor, retention). */
  databaseConnections: { requests: number; background: number };
  /** Operators opt in to cilium as a network driver, as Magnum's config does. */
  ciliumEnabled: boolean;
  /** Query limits of both transports (src/graphql/limits/index.ts documents each). */
  queryLimits: QueryLimitSettings;
  /** graphql-js's "Did you mean …?" in validation errors: only when NODE_ENV=development (they map the schema for a prober). */
  fieldSuggestions: boolean;
  /** An HTTP request resolves no more fields after this long: DEADLINE_EXCEEDED for the rest. */
  requestDeadlineMs: number;
  /** PostgreSQL's statement_timeout on every connection (0: none). PGlite cannot interrupt a statement. */
  statementTimeoutMs: number;
  /** Budgets per token and IP, socket caps, and where counters live (src/graphql/rate-limit/settings.ts documents each). */
  rateLimits: RateLimitSettings;
  shutdownGraceMs: number;
  simulation: {
    speed: number;
    seed: string | undefined;
    /** Injected faults: operations that fail or hang at a random stage, driver calls that fail or answer late. */
    faults: { failureRate: number; hangRate: number; callFailureRate: number; slowRate: number; slowMs: number };
  };
  reconciler: { intervalMs: number; leaseMs: number; concurrency: number; workerId: string | undefined };
  healthIntervalMs: number;
  /** Pause between auto-healing / auto-scaling rounds (src/orchestration/autopilot.ts). */
  autopilotIntervalMs: number;
  /** Where identities come from: built-in tokens only, or Keystone as well. */
  identity:
    | { provider: "builtin" }
    | { provider: "keystone"; authUrl: string; serviceUser: { name: string; password: string; domain: string; project: string; projectDomain: string }; adminProject: string; cacheSeconds: number };
  /** How often every WebSocket session's rights are re-checked as a safety net (changes are signalled at once over NOTIFY). */
  sessionSweepMs: number;
  /** Cached authentication of API tokens (src/identity/api-tokens.ts) and batched lastUsedAt writes (src/identity/last-use.ts). */
  tokens: { cacheMs: number; lastUsedFlushMs: number };
  /** Live events held for one subscriber that is behind; past it, it pages from the event table instead (src/events/stream.ts). */
  subscriptionBuffer: number;
  /** The event log's retention and the event bus's liveness check (src/events). */
  events: { retentionMs: number; pruneIntervalMs: number; heartbeatMs: number };
  /** Limits of GraphQL over WebSocket (src/graphql/websocket.ts documents each). */
  webSocket: { initTimeoutMs: number; pingIntervalMs: number; pongTimeoutMs: number; maxSubscriptions: number; maxBufferedBytes: number; sendTimeoutMs: number; documentCacheSize: number };
  /** CA size and lifetime, client certificate limits and groups, rotation grace (src/domain/certificates-settings.ts). */
  certificates: CertificateSettings;
  /** Browser origins allowed to call the API across origins (src/http/cors.ts); empty: same origin only. */
  corsOrigins: string[];
}

export class ConfigError extends Error {}

export function parseDatabaseTarget(url: string | undefined, dataDir: string): DatabaseTarget {
  if (!url) return { kind: "pglite", dataDir: path.join(dataDir, "pgdata") };
  if (url === "memory://") return { kind: "pglite", dataDir: null };
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return { kind: "postgres", url };
  throw new ConfigError(`DATABASE_URL must be a postgres:// URL or memory://, got "${url.split(":")[0]}:…"`);
}

function heatConfig(driver: "simulated" | "heat", environment: NodeJS.ProcessEnv): HeatDriverConfig | null {
  return driver === "heat" ? heatConfigFrom(environment) : null;
}

function identityConfig(values: z.infer<typeof environmentSchema>): Config["identity"] {
  if (values.TURNKEY_IDENTITY === "builtin") return { provider: "builtin" };
  if (!values.TURNKEY_KEYSTONE_URL || !values.TURNKEY_KEYSTONE_SERVICE_PASSWORD) {
    throw new ConfigError("TURNKEY_IDENTITY=keystone needs TURNKEY_KEYSTONE_URL and TURNKEY_KEYSTONE_SERVICE_PASSWORD");
  }
  return {
    provider: "keystone",
    authUrl: values.TURNKEY_KEYSTONE_URL.replace(/\/$/, ""),
    serviceUser: {
      name: values.TURNKEY_KEYSTONE_SERVICE_USER,
      password: values.TURNKEY_KEYSTONE_SERVICE_PASSWORD,
      domain: values.TURNKEY_KEYSTONE_DOMAIN,
      project: values.TURNKEY_KEYSTONE_SERVICE_PROJECT,
      projectDomain: values.TURNKEY_KEYSTONE_DOMAIN,
    },
    adminProject: values.TURNKEY_KEYSTONE_ADMIN_PROJECT,
    cacheSeconds: values.TURNKEY_KEYSTONE_CACHE_SECONDS,
  };
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
    heat: heatConfig(values.TURNKEY_DRIVER, environment),
    adminToken: values.TURNKEY_ADMIN_TOKEN,
    secretKey: values.TURNKEY_SECRET_KEY,
    logLevel: values.TURNKEY_LOG_LEVEL,
    logFormat: values.TURNKEY_LOG_FORMAT,
    queryStats: values.TURNKEY_QUERY_STATS,
    compiledLane: values.TURNKEY_COMPILED_LANE,
    databaseConnections: { requests: values.TURNKEY_DB_REQUEST_CONNECTIONS, background: values.TURNKEY_DB_BACKGROUND_CONNECTIONS },
    ciliumEnabled: values.TURNKEY_CILIUM_ENABLED,
    queryLimits: {
      ...DEFAULT_QUERY_LIMITS,
      tokens: values.TURNKEY_MAX_QUERY_TOKENS,
      depth: values.TURNKEY_MAX_QUERY_DEPTH,
      aliases: values.TURNKEY_MAX_QUERY_ALIASES,
      rootFields: values.TURNKEY_MAX_QUERY_ROOT_FIELDS,
      directives: values.TURNKEY_MAX_QUERY_DIRECTIVES,
      cost: values.TURNKEY_MAX_QUERY_COST,
    },
    fieldSuggestions: values.NODE_ENV === "development",
    requestDeadlineMs: values.TURNKEY_REQUEST_DEADLINE_MS,
    statementTimeoutMs: values.TURNKEY_STATEMENT_TIMEOUT_MS,
    rateLimits: {
      windowSeconds: values.TURNKEY_RATE_LIMIT_WINDOW_SECONDS,
      queryCost: values.TURNKEY_RATE_LIMIT_QUERY_COST,
      mutations: values.TURNKEY_RATE_LIMIT_MUTATIONS,
      subscriptions: values.TURNKEY_RATE_LIMIT_SUBSCRIPTIONS,
      unauthenticated: values.TURNKEY_RATE_LIMIT_UNAUTHENTICATED,
      socketsPerToken: values.TURNKEY_MAX_SOCKETS_PER_TOKEN,
      socketsPerIp: values.TURNKEY_MAX_SOCKETS_PER_IP,
      store: values.TURNKEY_RATE_LIMIT_STORE,
      redisUrl: values.TURNKEY_REDIS_URL || undefined,
    },
    shutdownGraceMs: values.TURNKEY_SHUTDOWN_GRACE_MS,
    simulation: {
      speed: values.TURNKEY_SIM_SPEED,
      seed: values.TURNKEY_SIM_SEED,
      faults: {
        failureRate: values.TURNKEY_SIM_FAILURE_RATE,
        hangRate: values.TURNKEY_SIM_HANG_RATE,
        callFailureRate: values.TURNKEY_SIM_CALL_FAILURE_RATE,
        slowRate: values.TURNKEY_SIM_SLOW_RATE,
        slowMs: values.TURNKEY_SIM_SLOW_MS,
      },
    },
    reconciler: {
      intervalMs: values.TURNKEY_RECONCILE_INTERVAL_MS,
      leaseMs: values.TURNKEY_LEASE_MS,
      concurrency: values.TURNKEY_WORKER_CONCURRENCY,
      workerId: values.TURNKEY_WORKER_ID,
    },
    healthIntervalMs: values.TURNKEY_HEALTH_INTERVAL_MS,
    autopilotIntervalMs: values.TURNKEY_AUTOPILOT_INTERVAL_MS,
    subscriptionBuffer: values.TURNKEY_SUBSCRIPTION_BUFFER,
    sessionSweepMs: values.TURNKEY_SESSION_SWEEP_MS,
    tokens: { cacheMs: values.TURNKEY_AUTH_CACHE_MS, lastUsedFlushMs: values.TURNKEY_TOKEN_LAST_USED_FLUSH_MS },
    identity: identityConfig(values),
    events: {
      retentionMs: Math.round(values.TURNKEY_EVENT_RETENTION_HOURS * 3_600_000),
      pruneIntervalMs: values.TURNKEY_EVENT_PRUNE_INTERVAL_MS,
      heartbeatMs: values.TURNKEY_EVENT_HEARTBEAT_MS,
    },
    webSocket: {
      initTimeoutMs: values.TURNKEY_WS_INIT_TIMEOUT_MS,
      pingIntervalMs: values.TURNKEY_WS_PING_INTERVAL_MS,
      pongTimeoutMs: values.TURNKEY_WS_PONG_TIMEOUT_MS,
      maxSubscriptions: values.TURNKEY_WS_MAX_SUBSCRIPTIONS,
      maxBufferedBytes: values.TURNKEY_WS_MAX_BUFFERED_BYTES,
      sendTimeoutMs: values.TURNKEY_WS_SEND_TIMEOUT_MS,
      documentCacheSize: values.TURNKEY_WS_DOCUMENT_CACHE,
    },
    certificates: certificateSettingsFrom(values),
    corsOrigins: values.TURNKEY_CORS_ORIGINS.split(",").map((origin) => origin.trim()).filter((origin) => origin !== ""),
  };
}

// The Heat driver's configuration (TURNKEY_DRIVER=heat selects the driver), read here like every other setting.
//
// Identity Turnkey acts as (the trustor of every cluster's trust, and the owner of its stacks):
//   TURNKEY_OPENSTACK_AUTH_URL            Keystone v3 URL, e.g. http://127.0.0.1:5000/v3. Required.
//   TURNKEY_OPENSTACK_USERNAME            user name, with TURNKEY_OPENSTACK_PASSWORD ...
//   TURNKEY_OPENSTACK_PASSWORD
//   TURNKEY_OPENSTACK_USER_DOMAIN         the user's domain name; default "Default".
//   TURNKEY_OPENSTACK_PROJECT             project name the stacks live in (or TURNKEY_OPENSTACK_PROJECT_ID).
//   TURNKEY_OPENSTACK_PROJECT_ID
//   TURNKEY_OPENSTACK_PROJECT_DOMAIN      the project's domain name; default "Default".
//   TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_ID      ... or an application credential instead of a password.
//   TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_SECRET  Keystone lets no application-credential token manage
//                                                    trusts ("Delegated tokens cannot manage trusts"), even an
//                                                    unrestricted one: so no per-cluster trusts with it, and
//                                                    a Heat with deferred_auth_method = trusts (the default)
//                                                    refuses to create stacks for it. Use a password there.
//   TURNKEY_OPENSTACK_REGION              region of the orchestration endpoint; default: the first listed.
//   TURNKEY_OPENSTACK_INTERFACE           public, internal or admin; default "public".
//   TURNKEY_OPENSTACK_RETRIES             tries per call while Keystone or Heat is down or answering 5xx,
//                                         with exponential backoff from 250 ms to 4 s; default 5.
//   TURNKEY_OPENSTACK_TOKEN_RENEW_SECS    renew a token this long before it expires; default 300.
//
// Per-cluster trusts, as Magnum's [trust] section (all three, or none to make clusters without trusts):
//   TURNKEY_OPENSTACK_TRUSTEE_DOMAIN                 name of the domain trustee users are created in
//                                                    (or TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ID).
//   TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ID
//   TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_USERNAME  an admin of that domain (a user in it) ...
//   TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_PASSWORD
//   TURNKEY_OPENSTACK_TRUST_ROLES                    roles the trust delegates, comma-separated; default "member".
//
// Heat:
//   TURNKEY_HEAT_ENVIRONMENT              Heat environment file(s), comma-separated, merged in order. Required:
//                                         they map Turnkey::Server, Turnkey::Network and Turnkey::LoadBalancer
//                                         onto real resources or, in tests, onto OS::Heat::TestResource and
//                                         OS::Heat::None (the kit's examples/test-env.yaml).
//   TURNKEY_HEAT_POLL_INTERVAL_MS         slowest pace at which the reconciler (and watch()) polls a stack in
//                                         progress: 200 ms after a change, doubling to this while nothing
//                                         happens (the reconciler looks at least every 2 s); default 2000.
//   TURNKEY_HEAT_STALL_SECS               after the driver saw Heat down, a stack that stays in progress with
//                                         no new event this long after Heat is back is restarted with an
//                                         empty update (see recovery.ts); default 300.

export function heatConfigFrom(environment: Readonly<Record<string, string | undefined>>): HeatDriverConfig {
  const read = (name: string): string | undefined => {
    const value = environment[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const required = (name: string, why: string): string => {
    const value = read(name);
    if (value === undefined) throw invalid(`${name} is required for the Heat driver: ${why}`);
    return value;
  };

  const authUrl = required("TURNKEY_OPENSTACK_AUTH_URL", "Keystone's v3 URL, such as http://127.0.0.1:5000/v3");
  const environmentFiles = required(
    "TURNKEY_HEAT_ENVIRONMENT",
    "a Heat environment that maps Turnkey::Server, Turnkey::Network and Turnkey::LoadBalancer",
  )
    .split(",")
    .map((path) => path.trim())
    .filter((path) => path !== "");
  const endpointInterface = read("TURNKEY_OPENSTACK_INTERFACE") ?? "public";
  if (endpointInterface !== "public" && endpointInterface !== "internal" && endpointInterface !== "admin") {
    throw invalid(`TURNKEY_OPENSTACK_INTERFACE must be public, internal or admin, not "${endpointInterface}"`);
  }
  return {
    authUrl,
    auth: authFrom(read),
    region: read("TURNKEY_OPENSTACK_REGION") ?? null,
    interface: endpointInterface,
    retries: positive(read, "TURNKEY_OPENSTACK_RETRIES", 5),
    tokenRenewSeconds: positive(read, "TURNKEY_OPENSTACK_TOKEN_RENEW_SECS", 300),
    trustee: trusteeFrom(read),
    environmentFiles,
    pollIntervalMs: positive(read, "TURNKEY_HEAT_POLL_INTERVAL_MS", 2000),
    stallSeconds: positive(read, "TURNKEY_HEAT_STALL_SECS", 300),
  };
}

type HeatRead = (name: string) => string | undefined;

function authFrom(read: HeatRead): KeystoneAuth {
  const credentialId = read("TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_ID");
  if (credentialId !== undefined) {
    const secret = read("TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_SECRET");
    if (secret === undefined) throw invalid("TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_SECRET is required with its id");
    return { method: "applicationCredential", id: credentialId, secret };
  }
  const userName = read("TURNKEY_OPENSTACK_USERNAME");
  const password = read("TURNKEY_OPENSTACK_PASSWORD");
  if (userName === undefined || password === undefined) {
    throw invalid(
      "Set TURNKEY_OPENSTACK_USERNAME and TURNKEY_OPENSTACK_PASSWORD, or TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_ID and _SECRET",
    );
  }
  const projectId = read("TURNKEY_OPENSTACK_PROJECT_ID");
  const projectName = read("TURNKEY_OPENSTACK_PROJECT");
  if (projectId === undefined && projectName === undefined) {
    throw invalid("Set TURNKEY_OPENSTACK_PROJECT (or TURNKEY_OPENSTACK_PROJECT_ID): stacks live in a project");
  }
  return {
    method: "password",
    userName,
    userDomainName: read("TURNKEY_OPENSTACK_USER_DOMAIN") ?? "Default",
    password,
    scope:
      projectId !== undefined
        ? { projectId }
        : { projectName: projectName as string, projectDomainName: read("TURNKEY_OPENSTACK_PROJECT_DOMAIN") ?? "Default" },
  };
}

function trusteeFrom(read: HeatRead): TrusteeDomainConfig | null {
  const id = read("TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ID");
  const name = read("TURNKEY_OPENSTACK_TRUSTEE_DOMAIN");
  const adminUserName = read("TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_USERNAME");
  const adminPassword = read("TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_PASSWORD");
  if (id === undefined && name === undefined && adminUserName === undefined) return null;
  if ((id === undefined && name === undefined) || adminUserName === undefined || adminPassword === undefined) {
    throw invalid(
      "Per-cluster trusts need TURNKEY_OPENSTACK_TRUSTEE_DOMAIN (or _ID), TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_USERNAME and _PASSWORD",
    );
  }
  const roles = (read("TURNKEY_OPENSTACK_TRUST_ROLES") ?? "member")
    .split(",")
    .map((role) => role.trim())
    .filter((role) => role !== "");
  return { domain: id !== undefined ? { id } : { name: name as string }, adminUserName, adminPassword, roles };
}

function positive(read: HeatRead, name: string, fallback: number): number {
  const text = read(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw invalid(`${name} must be a positive number, not "${text}"`);
  return value;
}

function invalid(reason: string): ConfigError {
  return new ConfigError(`invalid configuration: ${reason}`);
}
