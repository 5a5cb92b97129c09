// One HTTP server: Apollo (GraphQL over HTTP), graphql-ws (GraphQL over WebSocket), health and metrics, on one port.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type NextFunction, type Request, type Response } from "express";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { pinoHttp } from "pino-http";
import { collectDefaultMetrics, Counter, Registry } from "prom-client";
import { ensureHomeProject, resolveSecrets } from "./bootstrap.js";
import { certificatePhases } from "./domain/certificates-phases.js";
import { trustPhase } from "./orchestration/trust-phase.js";
import { CaRetirementTask } from "./domain/certificates-retirement.js";
import type { CertificateOptions } from "./domain/certificates-settings.js";
import type { Config } from "./config.js";
import { openDatabase, statementScope, type DatabaseHandle } from "./db/client.js";
import type { DomainContext } from "./domain/context.js";
import { bearerToken, BuiltInIdentityProvider, ChainedIdentityProvider, IdentityUnavailableError, type IdentityProvider } from "./identity/providers.js";
import { TokenCache } from "./identity/api-tokens.js";
import { listenForIdentityChanges } from "./identity/invalidation.js";
import { LastUseRecorder } from "./identity/last-use.js";
import { KeystoneIdentityProvider } from "./identity/keystone.js";
import type { Principal } from "./domain/principal.js";
import type { GraphQLContext } from "./graphql/context.js";
import { formatError } from "./graphql/errors.js";
import { createLoaders } from "./graphql/loaders.js";
import { QueryLimits } from "./graphql/limits/index.js";
import { queryLimitsPlugin } from "./graphql/limits/apollo-plugin.js";
import { watchReadiness } from "./readiness.js";
import { RateLimits } from "./graphql/rate-limit/index.js";
import { refuseSpentBudgets } from "./graphql/rate-limit/early-refusal.js";
import { createSchema } from "./graphql/schema.js";
import { mountConsole } from "./http/console.js";
import { withHealth } from "./http/health.js";
import { corsAllowlist } from "./http/cors.js";
import { noteGraphQLOperation, requestLogProps } from "./http/request-log.js";
import { observeLifecycle, requestMetricsPlugin } from "./observability.js";
import { attachWebSocketTransport } from "./graphql/websocket.js";
import type { Logger } from "./logger.js";
import { rsaKeys } from "./pki/index.js";
import { EventBus } from "./events/bus.js";
import { registerEventBusMetrics } from "./events/metrics.js";
import type { Clock } from "./clock.js";
import { EventRetention } from "./events/retention.js";
import { HealthMonitor } from "./orchestration/health-monitor.js";
import { Autopilot } from "./orchestration/autopilot.js";
import { Reconciler } from "./orchestration/reconciler.js";
import { driverFromOptions, simulatedFaults } from "./orchestration/registry.js";
import { describeClusterType, providesClusterType, type ClusterType, type Driver } from "./orchestration/driver.js";
import { DEFAULT_DISTRO } from "./orchestration/spec.js";
import { restRouter } from "./rest/router.js";

export interface RunningServer {
  url: string;
  port: number;
  adminToken: string;
  adminTokenGenerated: boolean;
  database: DatabaseHandle;
  reconciler: Reconciler;
  health: HealthMonitor;
  bus: EventBus;
  rateLimits: RateLimits;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), closes the database. */
  close(): Promise<void>;
}

/** Parts a caller (an integration test) may inject instead of those the configuration describes. */
export interface ServerParts {
  /** Replaces the driver TURNKEY_DRIVER names. */
  driver?: Driver;
  /** The simulated driver's and the reconciler's time (default: the system clock). */
  clock?: Clock;
}

/** WebSocket close code 1001: clients reconnect elsewhere. */
const GOING_AWAY = 1001;

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
}

/** Built-in tokens always (the operator's admin token keeps working); Keystone's after them when configured. */
function identityProvider(config: Config, database: DatabaseHandle, adminToken: string, homeProjectId: string, tokens: TokenCache): IdentityProvider {
  const builtIn = new BuiltInIdentityProvider(adminToken, homeProjectId, tokens);
  if (config.identity.provider === "builtin") return builtIn;
  return new ChainedIdentityProvider([builtIn, new KeystoneIdentityProvider(database.db, config.identity)]);
}

class Services {
  constructor(
    readonly config: Config,
    readonly database: DatabaseHandle,
    readonly identity: IdentityProvider,
    readonly homeProjectId: string,
    readonly bus: EventBus,
    readonly reconciler: Reconciler,
    readonly driver: Driver,
    readonly certificates: CertificateOptions,
    /** Set once the WebSocket transport exists (src/identity/invalidation.ts has the cross-replica half). */
    public identityChanged: (userId: string) => void = () => undefined,
  ) {}

  unsupportedClusterType = (type: { coe: string; clusterDistro: string | null; serverType: string }): string | null => {
    const wanted = { coe: type.coe, clusterDistro: type.clusterDistro ?? DEFAULT_DISTRO, serverType: type.serverType } as ClusterType;
    if (providesClusterType(this.driver, wanted)) return null;
    return `the ${this.driver.name} driver does not provide ${describeClusterType(wanted)}; it provides ${this.driver.provides.map((entry) => `${entry.coe} on ${entry.distros.join("/")} (${entry.serverTypes.join("/")})`).join("; ")}`;
  };

  /** After a commit: deliver its events now (ahead of NOTIFY's round trip) and look for new operations. */
  announce = (cursors: bigint[]): void => {
    if (cursors.length === 0) return;
    // Outside the request's scope: the work these wake-ups start is not the request's (nor counted in its statements).
    statementScope.exit(() => {
      this.bus.wake();
      this.reconciler.wake();
    });
  };

  async principalFor(authorization: unknown): Promise<Principal> {
    const token = bearerToken(authorization);
    if (!token) throw unauthenticated("authentication required: send Authorization: Bearer <token>");
    let principal: Principal | null;
    try {
      principal = await this.identity.authenticate(token);
    } catch (error) {
      // The identity service is down or unreachable: refuse (never let through), and say why.
      if (error instanceof IdentityUnavailableError) throw new GraphQLError(`identity service unavailable: ${error.message}`, { extensions: { code: "UNAUTHENTICATED", reason: "IDENTITY_UNAVAILABLE", http: { status: 503 } } });
      throw error;
    }
    if (!principal) throw unauthenticated("the token is not valid (unknown, expired or revoked)");
    return principal;
  }

  /** `caller` is a function for a WebSocket operation: its rights are the session's current ones, read at each use. */
  contextFor(caller: Principal | (() => Principal), requestId: string): GraphQLContext {
    const current = typeof caller === "function" ? caller : () => caller;
    const domain: DomainContext = {
      db: this.database.db,
      get principal() {
        return current();
      },
      policy: { ciliumEnabled: this.config.ciliumEnabled },
      announce: this.announce,
      identityChanged: this.identityChanged,
      unsupportedClusterType: this.unsupportedClusterType,
    };
    return {
      requestId,
      get principal() {
        return current();
      },
      domain,
      loaders: createLoaders(this.database.db),
      homeProjectId: this.homeProjectId,
      events: { bus: this.bus, bufferLimit: this.config.subscriptionBuffer },
      certificates: this.certificates,
    };
  }
}

function queryStatsPlugin(enabled: boolean): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const scope = statementScope.getStore();
          if (!enabled || !scope || response.body.kind !== "single") return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: scope.statements };
        },
      };
    },
  };
}

export async function startServer(config: Config, logger: Logger, parts: ServerParts = {}): Promise<RunningServer> {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const statements = new Counter({ name: "turnkey_sql_statements_total", help: "SQL statements executed", registers: [metrics] });
  const graphqlRequests = new Counter({ name: "turnkey_graphql_requests_total", help: "GraphQL requests over HTTP", registers: [metrics] });

  const secrets = resolveSecrets(config);
  const certificates: CertificateOptions = { ...config.certificates, secretKey: secrets.secretKey };
  const database = await openDatabase(config.database, () => statements.inc(), { statementTimeoutMs: config.statementTimeoutMs, connections: config.databaseConnections });
  const homeProjectId = await ensureHomeProject(database.db);
  const driver =
    parts.driver ??
    driverFromOptions({
      name: config.driver,
      simulated: { speed: config.simulation.speed, ...(config.simulation.seed ? { seed: config.simulation.seed } : {}), ...(parts.clock ? { clock: parts.clock } : {}), ...simulatedFaults(config.simulation.faults) },
      heat: config.heat,
    });
  const bus = new EventBus({ ...database, db: database.background }, { onError: (error) => logger.error({ err: error }, "reading the event log failed"), heartbeatMs: config.events.heartbeatMs });
  registerEventBusMetrics(metrics, bus);
  const retention = new EventRetention({
    db: database.background,
    retentionMs: config.events.retentionMs,
    intervalMs: config.events.pruneIntervalMs,
    onError: (error) => logger.error({ err: error }, "pruning the event log failed"),
    onPruned: (deleted) => logger.info({ deleted }, "pruned cluster events past retention"),
  });
  let services: Services | undefined;
  const announce = (cursors: bigint[]) => services?.announce(cursors);
  const reconciler = new Reconciler({
    db: database.background,
    driver,
    workerId: config.reconciler.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leaseMs: config.reconciler.leaseMs,
    intervalMs: config.reconciler.intervalMs,
    concurrency: config.reconciler.concurrency,
    exclusive: database.kind === "pglite",
    announce,
    logger,
    phases: [...certificatePhases(certificates), ...[trustPhase(driver, secrets.secretKey)].filter((phase) => phase !== null)],
    ...(parts.clock ? { clock: parts.clock } : {}),
  });
  const health = new HealthMonitor({ db: database.background, driver, intervalMs: config.healthIntervalMs, batchSize: 500, announce, logger });
  const lastUse = new LastUseRecorder(database.background, config.tokens.lastUsedFlushMs, (error) => logger.warn({ err: error }, "recording token use failed"));
  const tokenCache = new TokenCache(database.db, { cacheMs: config.tokens.cacheMs }, lastUse);
  const autopilot = new Autopilot({ db: database.background, driver, intervalMs: config.autopilotIntervalMs, announce, logger });
  services = new Services(config, database, identityProvider(config, database, secrets.adminToken, homeProjectId, tokenCache), homeProjectId, bus, reconciler, driver, certificates);
  const caRetirement = new CaRetirementTask({ db: database.background, graceSeconds: certificates.rotationGraceSeconds, intervalMs: certificates.retirementIntervalMs, announce, logger });
  const ready = services;
  await bus.start();
  // A new operation announced by any replica wakes this one's reconciler too.
  bus.add({ push: (event) => (event.type === "STATUS_CHANGED" && event.status?.endsWith("_IN_PROGRESS") && reconciler.wake(), true), overflow: () => undefined });
  observeLifecycle({ registry: metrics, logger, bus, database, poolSize: database.kind === "postgres" ? config.databaseConnections.requests + config.databaseConnections.background : 1 });
  const schema: GraphQLSchema = await createSchema();
  const queryLimits = new QueryLimits(schema, config.queryLimits);
  const rateLimits = new RateLimits(config.rateLimits, database, logger);

  const app = express();
  app.disable("x-powered-by");
  // /healthz and /readyz are answered ahead of Express (src/http/health.ts): they never wait behind GraphQL work.
  const readiness = watchReadiness(database, logger);
  const httpServer: Server = createServer(withHealth(app, readiness));
  const webSockets = attachWebSocketTransport({
    httpServer,
    schema,
    // The same limits as the HTTP path.
    queryLimits,
    rateLimits,
    authenticate: (connectionParams) => ready.principalFor(connectionParams?.authorization),
    context: (principal, requestId) => ready.contextFor(principal, requestId),
    formatError: formatError((error) => logger.error({ err: error }, "unexpected error while resolving over WebSocket"), config),
    limits: config.webSocket,
    logger,
    metrics,
    closeGraceMs: config.shutdownGraceMs,
  });

  // A change of anyone's rights, committed on any replica, is NOTIFYed by the database (drizzle/0005):
  // drop the cached answers it affects and re-check every open socket at once. The sweep is the safety net
  // (and catches expiry on a token whose timer could not be set).
  const refreshSessions = () => void webSockets.refreshSessions().catch((error: unknown) => logger.warn({ err: error }, "re-checking WebSocket sessions failed"));
  const identityChanged = (userId: string | null) => {
    tokenCache.forget(userId ?? undefined);
    refreshSessions();
  };
  ready.identityChanged = identityChanged;
  const stopIdentityListener = await listenForIdentityChanges(database, identityChanged);
  const sessionSweep = setInterval(refreshSessions, config.sessionSweepMs);
  sessionSweep.unref();

  const onUnexpected = (error: unknown) => logger.error({ err: error }, "unexpected error while resolving");
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    parseOptions: queryLimits.parseOptions,
    formatError: formatError(onUnexpected, config),
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals: it drains Apollo, the reconciler, the bus and the database in order.
    stopOnTerminationSignals: false,
    introspection: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // GraphiQL is served locally at /graphiql (src/http/console.ts): no CDN sandbox, nothing sent to Apollo.
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      queryStatsPlugin(config.queryStats),
      queryLimitsPlugin(queryLimits, rateLimits),
      requestMetricsPlugin(metrics),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await webSockets.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.use(
    pinoHttp({
      logger,
      genReqId: (request: IncomingMessage, response) => {
        const given = request.headers["x-request-id"];
        const id = typeof given === "string" && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
        response.setHeader("x-request-id", id);
        return id;
      },
      autoLogging: { ignore: (request) => request.url === "/healthz" || request.url === "/readyz" || request.url === "/metrics" },
      customProps: requestLogProps,
    }),
  );
  app.get("/metrics", async (_request, response) => {
    response.type(metrics.contentType).send(await metrics.metrics());
  });
  mountConsole(app);
  app.use(
    "/graphql",
    corsAllowlist(config.corsOrigins),
    (_request: Request, _response: Response, next: NextFunction) => {
      graphqlRequests.inc();
      // The statement scope is an AsyncLocalStorage (promise hooks on every await): only when query stats are asked for.
      if (config.queryStats) statementScope.run({ statements: 0 }, next);
      else next();
    },
    express.json({ limit: "1mb" }),
    noteGraphQLOperation,
    refuseSpentBudgets(rateLimits, (authorization) => ready.principalFor(authorization)),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        ...ready.contextFor(await rateLimits.authenticated(req.ip ?? "unknown", () => ready.principalFor(req.headers.authorization)), String(req.id)),
        deadlineAt: Date.now() + config.requestDeadlineMs,
      }),
    }),
  );
  // Magnum's v1 REST API: the same identities, context and domain functions as GraphQL (src/rest/).
  app.use(restRouter({ authenticate: (token) => ready.identity.authenticate(token), contextFor: (principal, requestId) => ready.contextFor(principal, requestId), keystoneUrl: config.identity.provider === "keystone" ? config.identity.authUrl : null, workerId: hostname(), startedAt: new Date(), rateLimits }, logger));
  // Malformed JSON and other request errors: a typed answer, never a stack trace.
  app.use((error: Error & { status?: number; type?: string }, request: Request, response: Response, _next: NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) request.log?.error({ err: error }, "request failed");
    response.status(status).json({ errors: [{ message: status === 500 ? "Internal server error" : `bad request: ${error.message}`, extensions: { code: status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST" } }] });
  });

  await reconciler.start();
  health.start();
  autopilot.start();
  caRetirement.start();
  retention.start();
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  // The next creates' CA keys, made while nobody waits: after listening, so key generation does not compete with start-up.
  rsaKeys.resize(certificates.keyPoolSize);
  rsaKeys.warm(certificates.caKeyBits);
  const address = httpServer.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/graphql`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      clearInterval(sessionSweep);
      await stopIdentityListener().catch(() => undefined);
      readiness.stop();
      webSockets.close(GOING_AWAY, "server going away");
      const forceAfter = setTimeout(() => httpServer.closeAllConnections(), config.shutdownGraceMs);
      logger.debug("closing: apollo");
      await apollo.stop();
      clearTimeout(forceAfter);
      logger.debug("closing: health monitor");
      await health.stop();
      await autopilot.stop();
      await caRetirement.stop();
      await retention.stop();
      logger.debug("closing: reconciler");
      await reconciler.stop(true);
      logger.debug("closing: event bus");
      await bus.close();
      await lastUse.close();
      await rateLimits.close();
      logger.debug("closing: database");
      await database.close();
    })();
    return closing;
  };
  return { url, port: address.port, reconciler, health, bus, rateLimits, adminToken: secrets.adminToken, adminTokenGenerated: secrets.adminTokenGenerated, database, close };
}
