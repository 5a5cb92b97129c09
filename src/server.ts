// The HTTP server in front of the composition root's parts (src/app.ts): Apollo (GraphQL over HTTP), graphql-ws
// (GraphQL over WebSocket), health, metrics, the web console and Magnum's REST face, on one port.
import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type NextFunction, type Request, type Response } from "express";
import type { GraphQLSchema } from "graphql";
import { pinoHttp } from "pino-http";
import { Counter } from "prom-client";
import { buildApp, type App, type AppDependencies } from "./app.js";
import type { Config } from "./config.js";
import { statementScope, type DatabaseHandle } from "./db/client.js";
import type { EventBus } from "./events/bus.js";
import type { GraphQLContext } from "./graphql/context.js";
import { CompiledExecutor } from "./graphql/compiled-executor.js";
import { withCompiledLane, type LaneRequest } from "./graphql/compiled-http.js";
import { formatError } from "./graphql/errors.js";
import { QueryLimits } from "./graphql/limits/index.js";
import { queryLimitsPlugin } from "./graphql/limits/apollo-plugin.js";
import type { RateLimits } from "./graphql/rate-limit/index.js";
import { withEarlyRefusal } from "./graphql/rate-limit/early-refusal.js";
import { createSchema } from "./graphql/schema.js";
import { attachWebSocketTransport } from "./graphql/websocket.js";
import { mountConsole } from "./http/console.js";
import { withHealth } from "./http/health.js";
import { corsAllowlist } from "./http/cors.js";
import { noteGraphQLOperation, requestLogProps } from "./http/request-log.js";
import type { Logger } from "./logger.js";
import { graphqlRequestMetrics } from "./observability.js";
import type { HealthMonitor } from "./orchestration/health-monitor.js";
import type { Reconciler } from "./orchestration/reconciler.js";
import { rsaKeys } from "./pki/index.js";
import { restRouter } from "./rest/router.js";

export interface RunningServer {
  url: string;
  port: number;
  adminToken: string;
  adminTokenGenerated: boolean;
  /** Every part the server stands in front of (src/app.ts). */
  app: App;
  database: DatabaseHandle;
  reconciler: Reconciler;
  health: HealthMonitor;
  bus: EventBus;
  rateLimits: RateLimits;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), stops the parts, closes the database. */
  close(): Promise<void>;
}

/** Parts a caller (an integration test) may inject: src/app.ts's AppDependencies. */
export type ServerParts = AppDependencies;

/** WebSocket close code 1001: clients reconnect elsewhere. */
const GOING_AWAY = 1001;

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

/** Builds the parts from the configuration and listens: the public entry (src/main.ts, integration tests). */
export async function startServer(config: Config, logger: Logger, dependencies: AppDependencies = {}): Promise<RunningServer> {
  // The schema (type-graphql's build, a few hundred ms of CPU) is built while the database opens: the event loop is
  // free while the data-dir template is copied and PGlite's WebAssembly compiles. A turn later, so the opening starts first.
  const schema = new Promise<void>((resolve) => setImmediate(resolve)).then(createSchema);
  schema.catch(() => undefined); // awaited in serve(); buildApp may fail first
  return listen(await buildApp(config, logger, dependencies), schema);
}

/** Puts the HTTP server in front of the app's parts, starts their background work, and listens. */
export async function listen(app: App, schema: Promise<GraphQLSchema> = createSchema()): Promise<RunningServer> {
  try {
    return await serve(app, await schema);
  } catch (error) {
    await app.stop().catch(() => undefined);
    throw error;
  }
}

async function serve(app: App, schema: GraphQLSchema): Promise<RunningServer> {
  const { config, logger, metrics, authenticator, requestContexts, rateLimits, readiness } = app;
  const graphqlRequests = new Counter({ name: "turnkey_graphql_requests_total", help: "GraphQL requests over HTTP", registers: [metrics] });
  const compiledLaneRequests = new Counter({ name: "turnkey_graphql_compiled_lane_total", help: "GraphQL requests over HTTP answered by the compiled lane, without Apollo's pipeline", registers: [metrics] });
  const queryLimits = new QueryLimits(schema, config.queryLimits);

  const server = express();
  server.disable("x-powered-by");
  // /healthz and /readyz are answered ahead of Express (src/http/health.ts): they never wait behind GraphQL work;
  // a request whose budget is spent is refused ahead of it too (src/graphql/rate-limit/early-refusal.ts).
  // Query documents Apollo has validated and seen compiled are answered ahead of Express (src/graphql/compiled-http.ts),
  // once Apollo is up: until then (and with the lane off) every request goes to Express.
  let graphqlFront: RequestListener = server;
  const earlyRefusal = withEarlyRefusal((request, response) => graphqlFront(request, response), { limits: rateLimits, principalFor: (authorization) => authenticator.principalFor(authorization), onRefused: () => graphqlRequests.inc() });
  // The statement scope is an AsyncLocalStorage (promise hooks on every await): only when query stats are asked for.
  // It opens around the whole request, so statements of the early refusal's authentication are counted too.
  const counted: RequestListener = config.queryStats ? (request, response) => statementScope.run({ statements: 0 }, () => earlyRefusal(request, response)) : earlyRefusal;
  const httpServer: Server = createServer(withHealth(counted, readiness));
  // Idle keep-alive connections stay open longer than the usual load balancer's idle timeout (60 s) and a client's own
  // (undici: 4 s): a server that closes first races a client reusing the socket, and the client's request fails with
  // ECONNRESET (seen on a loaded machine with Node's default of 5 s). Shutdown still closes idle connections at once.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const webSockets = attachWebSocketTransport({
    httpServer,
    schema,
    // The same limits as the HTTP path.
    queryLimits,
    rateLimits,
    authenticate: (connectionParams) => authenticator.principalFor(connectionParams?.authorization),
    context: (principal, requestId) => requestContexts.contextFor(principal, requestId),
    formatError: formatError((error) => logger.error({ err: error }, "unexpected error while resolving over WebSocket"), config),
    limits: config.webSocket,
    logger,
    metrics,
    closeGraceMs: config.shutdownGraceMs,
  });

  // A change of anyone's rights (this process's or, over NOTIFY, any replica's) re-checks every open socket at
  // once. The sweep is the safety net (and catches expiry on a token whose timer could not be set).
  const refreshSessions = () => webSockets.refreshSessions().catch((error: unknown) => logger.warn({ err: error }, "re-checking WebSocket sessions failed"));
  app.identityChanges.onChange(() => void refreshSessions());
  app.tasks.add({ name: "session-sweep", intervalMs: config.sessionSweepMs, round: refreshSessions, onError: () => undefined });

  const onUnexpected = (error: unknown) => logger.error({ err: error }, "unexpected error while resolving");
  const formatGraphQLError = formatError(onUnexpected, config);
  const requestMetrics = graphqlRequestMetrics(metrics);
  const executor = new CompiledExecutor(schema);
  const apollo = new ApolloServer<GraphQLContext>({
    // The schema, executed by graphql-jit for query documents seen again (src/graphql/compiled-executor.ts).
    gateway: executor.gateway(),
    parseOptions: queryLimits.parseOptions,
    formatError: formatGraphQLError,
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals: it drains Apollo, then the app's parts, in order.
    stopOnTerminationSignals: false,
    introspection: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // GraphiQL is served locally at /graphiql (src/http/console.ts): no CDN sandbox, nothing sent to Apollo.
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      // Apollo's cache-control plugin wraps every field of every answer (willResolveField) to compute cache hints
      // this API never gives; its only output was `cache-control: no-store`, set below for every GraphQL answer.
      ApolloServerPluginCacheControlDisabled(),
      queryStatsPlugin(config.queryStats),
      queryLimitsPlugin(queryLimits, rateLimits),
      requestMetrics.plugin,
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
  // The client's address as Express's req.ip has it without 'trust proxy' (never set here): the socket's peer. One
  // function for the Express path and the compiled lane, which both charge the unauthenticated budget by it.
  const contextOf = async (request: IncomingMessage): Promise<GraphQLContext> => ({
    ...requestContexts.contextFor(await rateLimits.authenticated(request.socket.remoteAddress ?? "unknown", () => authenticator.principalFor(request.headers.authorization)), String(request.id)),
    deadlineAt: Date.now() + config.requestDeadlineMs,
  });
  const parseJson = express.json({ limit: "1mb" });

  const requestLog = pinoHttp({
    logger,
    genReqId: (request: IncomingMessage, response) => {
      const given = request.headers["x-request-id"];
      const id = typeof given === "string" && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
      response.setHeader("x-request-id", id);
      return id;
    },
    autoLogging: { ignore: (request) => request.url === "/healthz" || request.url === "/readyz" || request.url === "/metrics" },
    customProps: requestLogProps,
    // Above info no line is written: "silent" skips the line's props, child logger and serialisation at the end of
    // every request. (pino-http 11 still makes the request's child logger at its start; its quiet options add one
    // more child rather than save one: measured slower, issue 13.)
    customLogLevel: () => (logger.isLevelEnabled("info") ? "info" : "silent"),
  });
  // A request the compiled lane looked at and handed on already has its log line and id.
  server.use((request: Request, response: Response, next: NextFunction) => ((request as Request & { log?: unknown }).log ? next() : requestLog(request, response, next)));
  server.get("/metrics", async (_request, response) => {
    response.type(metrics.contentType).send(await metrics.metrics());
  });
  mountConsole(server);
  server.use(
    "/graphql",
    corsAllowlist(config.corsOrigins),
    (_request: Request, response: Response, next: NextFunction) => {
      graphqlRequests.inc();
      response.setHeader("cache-control", "no-store");
      next();
    },
    parseJson,
    // A body the compiled lane read and could not parse: the parser's own error, answered as before.
    (request: Request, _response: Response, next: NextFunction) => next((request as LaneRequest).laneBodyError),
    noteGraphQLOperation,
    expressMiddleware(apollo, { context: ({ req }) => contextOf(req) }),
  );
  if (config.compiledLane) {
    graphqlFront = withCompiledLane(server, {
      executor,
      schema,
      limits: queryLimits,
      rates: rateLimits,
      context: contextOf,
      formatError: formatGraphQLError,
      observe: requestMetrics.observe,
      statements: config.queryStats ? () => statementScope.getStore()?.statements : undefined,
      answered: () => {
        graphqlRequests.inc();
        compiledLaneRequests.inc();
      },
      logRequest: (request, response) => requestLog(request, response),
      parseBody: parseJson,
    });
  }
  // Magnum's v1 REST API: the same identities, context and domain functions as GraphQL (src/rest/).
  server.use(restRouter({ authenticate: (token) => authenticator.authenticate(token), contextFor: (principal, requestId) => requestContexts.contextFor(principal, requestId), keystoneUrl: config.identity.provider === "keystone" ? config.identity.authUrl : null, workerId: hostname(), startedAt: new Date(), rateLimits }, logger));
  // Malformed JSON and other request errors: a typed answer, never a stack trace.
  server.use((error: Error & { status?: number; type?: string }, request: Request, response: Response, _next: NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) request.log?.error({ err: error }, "request failed");
    response.status(status).json({ errors: [{ message: status === 500 ? "Internal server error" : `bad request: ${error.message}`, extensions: { code: status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST" } }] });
  });

  await app.start();
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  // The next creates' CA keys, made while nobody waits: after listening, so key generation does not compete with start-up.
  rsaKeys.resize(app.certificates.keyPoolSize);
  rsaKeys.warm(app.certificates.caKeyBits);
  const address = httpServer.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/graphql`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      webSockets.close(GOING_AWAY, "server going away");
      const forceAfter = setTimeout(() => httpServer.closeAllConnections(), config.shutdownGraceMs);
      logger.debug("closing: apollo");
      await apollo.stop();
      clearTimeout(forceAfter);
      await app.stop();
    })();
    return closing;
  };
  const { secrets, database, reconciler, health, bus } = app;
  return { url, port: address.port, app, reconciler, health, bus, rateLimits, adminToken: secrets.adminToken, adminTokenGenerated: secrets.adminTokenGenerated, database, close };
}
