// The composition root: every part of a running Turnkey, built once from the typed configuration (src/config.ts),
// one block per part. src/server.ts puts the HTTP server in front of these parts; tests inject a driver and a clock.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { collectDefaultMetrics, Counter, Registry } from "prom-client";
import { ensureHomeProject, resolveSecrets, type Secrets } from "./bootstrap.js";
import { SYSTEM_CLOCK, type Clock } from "./clock.js";
import type { Config } from "./config.js";
import { openDatabase, type DatabaseHandle } from "./db/client.js";
import { CaRetirementTask } from "./orchestration/tasks/certificate-retirement.js";
import type { CertificateOptions } from "./domain/certificates/certificates-settings.js";
import { EventBus } from "./events/bus.js";
import { registerEventBusMetrics } from "./events/metrics.js";
import { PostCommitWaker } from "./events/post-commit-waker.js";
import { EventRetention } from "./events/retention.js";
import { Authenticator } from "./graphql/authenticator.js";
import { RateLimits } from "./graphql/rate-limit/index.js";
import { RequestContextFactory } from "./graphql/request-context.js";
import { TokenCache } from "./identity/api-tokens.js";
import { IdentityChanges, listenForIdentityChanges } from "./identity/invalidation.js";
import { KeystoneIdentityProvider } from "./identity/keystone.js";
import { LastUseRecorder } from "./identity/last-use.js";
import { BuiltInIdentityProvider, ChainedIdentityProvider, type IdentityProvider } from "./identity/providers.js";
import type { Logger } from "./logger.js";
import { observeLifecycle } from "./observability.js";
import { Autopilot } from "./orchestration/autopilot.js";
import type { Driver } from "./orchestration/driver.js";
import { HealthMonitor } from "./orchestration/health-monitor.js";
import { Reconciler } from "./orchestration/reconciler.js";
import { clusterTypeCheck, driverFromOptions, driverOptionsFrom } from "./orchestration/registry.js";
import { defaultOperationHooks } from "./orchestration/hooks/index.js";
import { PeriodicTasks } from "./periodic-tasks.js";
import { READINESS_PROBE_INTERVAL_MS, ReadinessProbe } from "./readiness.js";

/** Parts a caller (an integration test) may inject instead of those the configuration describes. */
export interface AppDependencies {
  /** Replaces the driver TURNKEY_DRIVER names. */
  driver?: Driver;
  /** The simulated driver's and the reconciler's time (default: the system clock). */
  clock?: Clock;
}

/** The named parts of a running Turnkey. */
export interface App {
  config: Config;
  logger: Logger;
  /** Prometheus registry every part counts into (served at /metrics). */
  metrics: Registry;
  secrets: Secrets;
  certificates: CertificateOptions;
  database: DatabaseHandle;
  homeProjectId: string;
  clock: Clock;
  driver: Driver;
  /** Wakes the event bus and the reconciler after a commit that recorded events (formerly `announce`). */
  afterCommit: PostCommitWaker;
  bus: EventBus;
  reconciler: Reconciler;
  health: HealthMonitor;
  autopilot: Autopilot;
  caRetirement: CaRetirementTask;
  retention: EventRetention;
  lastUse: LastUseRecorder;
  tokenCache: TokenCache;
  /** A change of someone's rights, from this process or (over NOTIFY) any replica. */
  identityChanges: IdentityChanges;
  authenticator: Authenticator;
  requestContexts: RequestContextFactory;
  rateLimits: RateLimits;
  readiness: ReadinessProbe;
  /** Every timer: health, autopilot, CA retirement, event retention, token last use, readiness (the server adds the session sweep). */
  tasks: PeriodicTasks;
  /** Starts the background work: event bus, identity NOTIFY listener, reconciler, periodic tasks. */
  start(): Promise<void>;
  /** Stops the background work and closes the database; the HTTP server has stopped first. */
  stop(): Promise<void>;
}

export async function buildApp(config: Config, logger: Logger, dependencies: AppDependencies = {}): Promise<App> {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const statements = new Counter({ name: "turnkey_sql_statements_total", help: "SQL statements executed", registers: [metrics] });

  const secrets = resolveSecrets(config);
  const certificates: CertificateOptions = { ...config.certificates, secretKey: secrets.secretKey };

  const database = await openDatabase(config.database, () => statements.inc(), { statementTimeoutMs: config.statementTimeoutMs, connections: config.databaseConnections });
  const homeProjectId = await ensureHomeProject(database.db);

  const clock = dependencies.clock ?? SYSTEM_CLOCK;

  const driver = dependencies.driver ?? driverFromOptions(driverOptionsFrom(config, dependencies.clock));

  // Built before the parts that commit events; the parts it wakes register below as they are built.
  const afterCommit = new PostCommitWaker();

  const bus = new EventBus({ ...database, db: database.background }, { onError: (error) => logger.error({ err: error }, "reading the event log failed"), heartbeatMs: config.events.heartbeatMs });
  registerEventBusMetrics(metrics, bus);
  afterCommit.wakes(bus);
  // The reconciler's own commits wake the bus only: they record no operation to claim (one it finishes frees a slot,
  // and the reconciler claims again then), and a claim on every transition would queue ahead of the bus's read.
  const reconcilerCommitted = new PostCommitWaker().wakes(bus);

  const reconciler = new Reconciler({
    db: database.background,
    driver,
    workerId: config.reconciler.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leaseMs: config.reconciler.leaseMs,
    intervalMs: config.reconciler.intervalMs,
    concurrency: config.reconciler.concurrency,
    exclusive: database.kind === "pglite",
    eventsCommitted: reconcilerCommitted.eventsCommitted,
    logger,
    hooks: defaultOperationHooks({ certificates, driver, secretKey: secrets.secretKey }),
    clock,
  });
  afterCommit.wakes(reconciler);

  const health = new HealthMonitor({ db: database.background, driver, batchSize: 500, eventsCommitted: afterCommit.eventsCommitted });

  const autopilot = new Autopilot({ db: database.background, driver, eventsCommitted: afterCommit.eventsCommitted, logger });

  const caRetirement = new CaRetirementTask({ db: database.background, graceSeconds: certificates.rotationGraceSeconds, eventsCommitted: afterCommit.eventsCommitted, logger });

  const retention = new EventRetention({
    db: database.background,
    retentionMs: config.events.retentionMs,
    onPruned: (deleted) => logger.info({ deleted }, "pruned cluster events past retention"),
  });

  const lastUse = new LastUseRecorder(database.background, (error) => logger.warn({ err: error }, "recording token use failed"));

  const tokenCache = new TokenCache(database.db, { cacheMs: config.tokens.cacheMs }, lastUse);

  const identityChanges = new IdentityChanges().onChange((userId) => tokenCache.forget(userId ?? undefined));

  // Built-in tokens always (the operator's admin token keeps working); Keystone's after them when configured.
  const builtIn = new BuiltInIdentityProvider(secrets.adminToken, homeProjectId, tokenCache);
  const identity: IdentityProvider = config.identity.provider === "builtin" ? builtIn : new ChainedIdentityProvider([builtIn, new KeystoneIdentityProvider(database.db, config.identity)]);
  const authenticator = new Authenticator(identity);

  const requestContexts = new RequestContextFactory({
    db: database.db,
    homeProjectId,
    policy: { ciliumEnabled: config.ciliumEnabled },
    eventsCommitted: afterCommit.eventsCommitted,
    identityChanged: identityChanges.changed,
    unsupportedClusterType: clusterTypeCheck(driver),
    bus,
    subscriptionBuffer: config.subscriptionBuffer,
    certificates,
  });

  const rateLimits = new RateLimits(config.rateLimits, database, logger);

  const readiness = new ReadinessProbe(database, logger);

  const tasks = new PeriodicTasks()
    .add({ name: "health-monitor", intervalMs: config.healthIntervalMs, round: () => health.checkAll(), onError: (error) => logger.warn({ err: error }, "health round failed") })
    .add({ name: "autopilot", intervalMs: config.autopilotIntervalMs, round: () => autopilot.round(), onError: (error) => logger.warn({ err: error }, "autopilot round failed") })
    .add({ name: "ca-retirement", intervalMs: certificates.retirementIntervalMs, round: () => caRetirement.retireDue(), onError: (error) => logger.warn({ err: error }, "retiring previous CAs failed; trying again next round") })
    .add({ name: "event-retention", intervalMs: config.events.pruneIntervalMs, firstAfterMs: Math.min(config.events.pruneIntervalMs, 5_000), round: (signal) => retention.pruneNow(signal), onError: (error) => logger.error({ err: error }, "pruning the event log failed") })
    .add({ name: "token-last-use", intervalMs: config.tokens.lastUsedFlushMs, round: () => lastUse.flush(), onError: (error) => logger.warn({ err: error }, "recording token use failed") })
    .add({ name: "readiness-probe", intervalMs: READINESS_PROBE_INTERVAL_MS, round: () => readiness.probe(), onError: (error) => logger.warn({ err: error }, "readiness probe failed") });

  observeLifecycle({ registry: metrics, logger, bus, database, poolSize: database.kind === "postgres" ? config.databaseConnections.requests + config.databaseConnections.background : 1 });

  let stopIdentityListener: (() => Promise<void>) | null = null;
  let stopping: Promise<void> | undefined;
  return {
    config,
    logger,
    metrics,
    secrets,
    certificates,
    database,
    homeProjectId,
    clock,
    driver,
    afterCommit,
    bus,
    reconciler,
    health,
    autopilot,
    caRetirement,
    retention,
    lastUse,
    tokenCache,
    identityChanges,
    authenticator,
    requestContexts,
    rateLimits,
    readiness,
    tasks,
    async start() {
      await bus.start();
      // A new operation announced by any replica wakes this one's reconciler too.
      bus.add({ push: (event) => (event.type === "STATUS_CHANGED" && event.status?.endsWith("_IN_PROGRESS") && reconciler.wake(), true), overflow: () => undefined });
      // A change of anyone's rights, committed on any replica, is NOTIFYed by the database (drizzle/0005).
      stopIdentityListener = await listenForIdentityChanges(database, identityChanges.changed);
      await reconciler.start();
      tasks.start();
    },
    stop() {
      stopping ??= (async () => {
        await stopIdentityListener?.().catch(() => undefined);
        logger.debug("closing: periodic tasks");
        await tasks.stop();
        logger.debug("closing: reconciler");
        await reconciler.stop(true);
        logger.debug("closing: event bus");
        await bus.close();
        await lastUse.close();
        await rateLimits.close();
        logger.debug("closing: database");
        await database.close();
      })();
      return stopping;
    },
  };
}
