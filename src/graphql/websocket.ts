// GraphQL over WebSocket: graphql-ws's protocol core on a ws server, with the limits a shared, long-lived server needs.
import { randomUUID } from "node:crypto";
import type { Server as HttpServer } from "node:http";
import { getOperationAST, GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { handleProtocols, makeServer, type Context as ProtocolContext } from "graphql-ws";
import { Counter, Gauge, type Registry } from "prom-client";
import { WebSocketServer, type WebSocket } from "ws";
import { UnauthenticatedError } from "../domain/errors.js";
import type { Principal } from "../domain/tenancy/principal.js";
import { sessionVerdict } from "../domain/policy/live.js";
import type { Logger } from "../logger.js";
import type { GraphQLContext } from "./context.js";
import { WebSocketCloseCode } from "./websocket-close-codes.js";
import { DocumentCache } from "./websocket-documents.js";
import { FanOut, SourceStream, type FanOutStatistics } from "./subscription-fanout.js";
import type { QueryLimits } from "./limits/index.js";
import { chargeOperation, type RateLimits } from "./rate-limit/index.js";

export interface WebSocketLimits {
  /** Time a client has to send connection_init before the socket is closed with 4408. TURNKEY_WS_INIT_TIMEOUT_MS, default 3000. */
  initTimeoutMs: number;
  /** Interval of the server's WebSocket pings; 0 disables them. TURNKEY_WS_PING_INTERVAL_MS, default 12 000. */
  pingIntervalMs: number;
  /** A socket that has not answered a ping after this long is terminated (the client sees 1006). TURNKEY_WS_PONG_TIMEOUT_MS, default 10 000. */
  pongTimeoutMs: number;
  /** Operations in flight on one socket; one more is refused with RATE_LIMITED. TURNKEY_WS_MAX_SUBSCRIPTIONS, default 50. */
  maxSubscriptions: number;
  /**
   * Bytes queued on a socket that its client has not read yet. Above a quarter of it each operation waits
   * for the client before sending more, so a replay or a burst goes at the client's pace (the events wait
   * in the table, not in memory); above it the socket is closed with 4413. TURNKEY_WS_MAX_BUFFERED_BYTES,
   * default 1 MiB.
   */
  maxBufferedBytes: number;
  /**
   * A socket with bytes waiting whose client takes none of them for this long is closed with 4413; so is
   * one that misses a pong while bytes wait (its ping is stuck behind them). TURNKEY_WS_SEND_TIMEOUT_MS,
   * default 10 000.
   */
  sendTimeoutMs: number;
  /** Parsed and validated documents kept. TURNKEY_WS_DOCUMENT_CACHE, default 1000. */
  documentCacheSize: number;
}

export interface WebSocketOptions {
  httpServer: HttpServer;
  /** Default /graphql: the same path as GraphQL over HTTP. */
  path?: string;
  schema: GraphQLSchema;
  /** The HTTP path's query limits (token cap, depth, aliases, cost…), applied here too. */
  queryLimits: QueryLimits;
  /** Budgets per token and caps on sockets per token and IP; none: unlimited. */
  rateLimits?: RateLimits;
  /** connection_init's payload to a principal; throws UNAUTHENTICATED (GraphQLError or UnauthenticatedError) to refuse. */
  authenticate(connectionParams: Readonly<Record<string, unknown>> | undefined): Promise<Principal>;
  /** A fresh context for each operation of an authenticated socket; `principal` reads the session's current rights. */
  context(principal: () => Principal, requestId: string): GraphQLContext;
  /** The HTTP path's error formatter: known codes pass, the rest is masked and logged. */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  limits: WebSocketLimits;
  logger: Logger;
  metrics?: Registry;
  /** How long dispose() waits for clients to answer the close before dropping them. Default 5000 ms. */
  closeGraceMs?: number;
}

export interface WebSocketTransport {
  /** Stops accepting sockets and closes the open ones with `code` (1001 "going away" on shutdown). */
  close(code: number, reason: string): void;
  /** close(1001) unless already closed, then waits for the sockets to go (dropping stragglers after the grace). */
  dispose(): Promise<void>;
  /**
   * The hook for token expiry and revocation (tenancy): ends with 4401 every socket whose principal
   * matches, and returns how many. A revocation on another replica must reach this one, e.g. over NOTIFY.
   */
  endSessions(matches: (principal: Principal) => boolean, reason: string): number;
  /**
   * Authenticates every open socket's credentials again (rights changed, see src/identity/invalidation.ts):
   * each keeps its new rights (the next event is checked against them), or is closed with 4401 when its
   * token is no longer valid, or 4403 when it could see some project and now sees none.
   */
  refreshSessions(): Promise<void>;
  readonly connectionCount: number;
  readonly documents: DocumentCache;
  /** Executions of subscription documents for events, and results delivered: the first is shared by a group of sockets. */
  readonly fanOut: FanOutStatistics;
}

interface Session {
  socket: WebSocket;
  /** The caller's rights now: replaced (never copied) when they change, read by every event's check. */
  principal: Principal | null;
  /** connection_init's payload, to authenticate again when rights change. */
  connectionParams: Readonly<Record<string, unknown>> | undefined;
  /** Closes the socket with 4401 when the token expires. */
  expiry: NodeJS.Timeout | null;
  /** Counts refreshes: only the newest one's answer is applied (an older one may finish later). */
  refreshes: number;
  /** The peer's address: sockets per IP are capped. */
  ip: string;
  /** Counted against its token's and IP's socket caps (released on close). */
  counted: boolean;
  protocol: ProtocolContext<Record<string, unknown>, Session> | null;
  closing: boolean;
  /** Sends waiting for the client to read; released when the socket goes, whatever happened to the bytes. */
  waiting: Set<() => void>;
  /** Runs while sends wait; restarted whenever the client takes bytes. */
  stall: NodeJS.Timeout | null;
}

/** How long a slow consumer has to read up to the close frame before its socket is dropped. */
const SLOW_CONSUMER_CLOSE_GRACE_MS = 10_000;

/** Close reasons are at most 123 bytes. */
function reasonOf(text: string): string {
  return Buffer.byteLength(text) <= 123 ? text : `${Buffer.from(text).subarray(0, 119).toString()}…`;
}

/** setTimeout's longest delay; a later expiry is caught by a refresh. */
const LONGEST_TIMER_MS = 2_147_483_647;

function isUnauthenticated(error: unknown): error is Error {
  return error instanceof UnauthenticatedError || (error instanceof GraphQLError && error.extensions.code === "UNAUTHENTICATED");
}

export function attachWebSocketTransport(options: WebSocketOptions): WebSocketTransport {
  const { limits, logger } = options;
  const pacingBytes = Math.floor(limits.maxBufferedBytes / 4);
  const documents = new DocumentCache(options.queryLimits, limits.documentCacheSize);
  const sessions = new Set<Session>();
  const cutOffs = options.metrics
    ? new Counter({ name: "turnkey_ws_cut_off_total", help: "WebSockets closed by the server for a reason other than shutdown", labelNames: ["reason"], registers: [options.metrics] })
    : null;
  const delivered = options.metrics ? new Counter({ name: "turnkey_subscription_results_total", help: "Results (events) delivered to WebSocket subscribers", registers: [options.metrics] }) : null;

  const server = new WebSocketServer({
    server: options.httpServer,
    path: options.path ?? "/graphql",
    handleProtocols,
    // Like the HTTP path's 1 MB body limit; ws would otherwise accept 100 MiB messages.
    maxPayload: 1_048_576,
  });

  function closeSession(session: Session, code: number, reason: string): void {
    if (session.closing) return;
    session.closing = true;
    session.socket.close(code, reasonOf(reason));
    // Stop producing now rather than when the client answers the close (a slow one may take ws's 30 s).
    for (const operation of Object.values(session.protocol?.subscriptions ?? {})) {
      if (operation && "return" in operation && typeof operation.return === "function") void operation.return(undefined);
    }
  }

  function cutOff(session: Session, why: "slow_consumer" | "keep_alive" | "revoked", detail: string): void {
    if (session.closing) return;
    cutOffs?.inc({ reason: why });
    logger.warn({ reason: why, bufferedBytes: session.socket.bufferedAmount, principal: session.principal?.name }, `closing a WebSocket: ${detail}`);
    if (why === "keep_alive") {
      session.closing = true;
      session.socket.terminate();
    } else if (why === "slow_consumer") {
      closeSession(session, WebSocketCloseCode.SlowConsumer, "slow consumer: reconnect with your last cursor");
      // The close frame waits behind what the client has not read; do not hold those bytes for ws's 30 s.
      const { socket } = session;
      const drop = setTimeout(() => socket.terminate(), SLOW_CONSUMER_CLOSE_GRACE_MS).unref();
      socket.once("close", () => clearTimeout(drop));
    } else {
      closeSession(session, WebSocketCloseCode.Unauthorized, detail);
    }
  }

  function armExpiry(session: Session): void {
    if (session.expiry) clearTimeout(session.expiry);
    session.expiry = null;
    const expiresAt = session.principal?.expiresAt?.getTime();
    if (expiresAt === undefined || session.closing) return;
    const delay = expiresAt - Date.now();
    if (delay > LONGEST_TIMER_MS) return;
    session.expiry = setTimeout(() => cutOff(session, "revoked", "the token expired"), Math.max(0, delay)).unref();
  }

  async function refresh(session: Session): Promise<void> {
    const before = session.principal;
    if (!before || session.closing) return;
    const generation = ++session.refreshes;
    let after: Principal;
    try {
      after = await options.authenticate(session.connectionParams);
      if (generation !== session.refreshes) return;
    } catch (error) {
      if (generation !== session.refreshes) return;
      if (isUnauthenticated(error)) cutOff(session, "revoked", error.message);
      // The identity service cannot answer now: keep the socket; the next refresh asks again.
      else logger.warn({ err: error }, "re-authenticating a WebSocket failed");
      return;
    }
    if (session.closing) return;
    if (sessionVerdict(before, after) === "lost-every-project") {
      cutOffs?.inc({ reason: "forbidden" });
      closeSession(session, WebSocketCloseCode.Forbidden, "the token has lost every project it could see");
      return;
    }
    session.principal = after;
    armExpiry(session);
  }

  function watchStall(session: Session): void {
    if (session.stall) clearTimeout(session.stall);
    session.stall = null;
    if (session.waiting.size === 0 || session.closing) return;
    session.stall = setTimeout(() => {
      session.stall = null;
      if (session.waiting.size > 0) cutOff(session, "slow_consumer", `took no bytes for ${limits.sendTimeoutMs} ms`);
    }, limits.sendTimeoutMs);
  }

  /** Queues a message; resolves at once while little is queued, else once the client has taken it. */
  function send(session: Session, data: string): Promise<void> {
    const { socket } = session;
    if (socket.readyState !== socket.OPEN || session.closing) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let waiting = false;
      const release = () => {
        if (waiting && session.waiting.delete(release)) watchStall(session);
        resolve();
      };
      // Called once the bytes are handed to the kernel, or with an error once the socket is gone.
      socket.send(data, release);
      const queued = socket.bufferedAmount;
      if (queued > limits.maxBufferedBytes) {
        cutOff(session, "slow_consumer", `${queued} bytes queued, more than ${limits.maxBufferedBytes}`);
        resolve();
      } else if (queued > pacingBytes) {
        waiting = true;
        session.waiting.add(release);
        if (!session.stall) watchStall(session);
      } else {
        resolve();
      }
    });
  }

  function keepAlive(session: Session): () => void {
    if (limits.pingIntervalMs <= 0) return () => undefined;
    const { socket } = session;
    let pongDue: NodeJS.Timeout | null = null;
    socket.on("pong", () => {
      if (pongDue) clearTimeout(pongDue);
      pongDue = null;
    });
    const interval = setInterval(() => {
      if (socket.readyState !== socket.OPEN || pongDue) return;
      pongDue = setTimeout(() => {
        // A ping stuck behind bytes the client has not read is slowness, not a dead peer.
        if (socket.bufferedAmount > 0) cutOff(session, "slow_consumer", `no pong within ${limits.pongTimeoutMs} ms with bytes waiting`);
        else cutOff(session, "keep_alive", `no pong within ${limits.pongTimeoutMs} ms`);
      }, limits.pongTimeoutMs);
      socket.ping();
    }, limits.pingIntervalMs);
    return () => {
      clearInterval(interval);
      if (pongDue) clearTimeout(pongDue);
    };
  }

  const formatOne = (error: GraphQLError): GraphQLFormattedError => options.formatError(error.toJSON(), error);
  // One execution and one serialisation per event for all sockets with the same document, variables and rights.
  const fanOut = new FanOut({ format: (result) => (result.errors?.length ? { ...result, errors: result.errors.map(formatOne) as never } : result) });
  if (options.metrics) registerGauges(options.metrics, sessions, documents, fanOut.statistics);

  const protocol = makeServer<Record<string, unknown>, Session>({
    schema: options.schema,
    connectionInitWaitTimeout: limits.initTimeoutMs,
    onConnect: async (context) => {
      const session = context.extra;
      try {
        session.principal = await options.authenticate(context.connectionParams);
        session.connectionParams = context.connectionParams;
        const refusal = options.rateLimits?.openSocket(session.principal, session.ip) ?? null;
        if (refusal) {
          closeSession(session, WebSocketCloseCode.TryAgainLater, `${refusal}; close one or try again later`);
          return false;
        }
        session.counted = Boolean(options.rateLimits);
        session.protocol = context;
        armExpiry(session);
        logger.info({ principal: session.principal.name }, "WebSocket connected");
        return true;
      } catch (error) {
        if (isUnauthenticated(error)) {
          closeSession(session, WebSocketCloseCode.Unauthorized, error.message);
        } else {
          logger.error({ err: error }, "authenticating a WebSocket failed");
          closeSession(session, WebSocketCloseCode.TryAgainLater, "authentication is unavailable; try again later");
        }
        return false;
      }
    },
    onSubscribe: async (context, _id, payload) => {
      // The new operation is already counted.
      const inFlight = Object.keys(context.subscriptions).length;
      if (inFlight > limits.maxSubscriptions) {
        return [
          new GraphQLError(`this connection already has ${limits.maxSubscriptions} operations in flight; complete one, or open another connection`, {
            extensions: { code: "RATE_LIMITED", limit: limits.maxSubscriptions },
          }),
        ];
      }
      const prepared = documents.prepare(payload.query, payload.operationName, payload.variables);
      if (prepared.errors) return prepared.errors;
      const operation = getOperationAST(prepared.document, payload.operationName);
      if (options.rateLimits && operation && context.extra.principal) {
        try {
          await chargeOperation(options.rateLimits, context.extra.principal, operation.operation, options.queryLimits.figures(prepared.document, payload.operationName, payload.variables));
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
      }
      return { schema: options.schema, document: prepared.document, operationName: payload.operationName, variableValues: payload.variables };
    },
    context: (context) => {
      const session = context.extra;
      return options.context(() => session.principal!, randomUUID());
    },
    subscribe: fanOut.subscribe,
    onOperation: (context, id, _payload, _args, result) => {
      if (!(result instanceof SourceStream)) return undefined;
      const session = context.extra;
      return fanOut.frames(result, id, (frame) => {
        delivered?.inc();
        return send(session, frame);
      });
    },
    onNext: (_context, _id, _payload, _args, result) => {
      delivered?.inc();
      return result.errors?.length ? { ...result, errors: result.errors.map(formatOne) } : undefined;
    },
    onError: (_context, _id, _payload, errors) => errors.map(formatOne),
  });

  server.on("connection", (socket, request) => {
    const session: Session = { socket, ip: request.socket.remoteAddress ?? "unknown", principal: null, connectionParams: undefined, expiry: null, refreshes: 0, counted: false, protocol: null, closing: false, waiting: new Set(), stall: null };
    sessions.add(session);
    socket.once("error", (error) => {
      logger.warn({ err: error }, "WebSocket error");
      closeSession(session, WebSocketCloseCode.InternalServerError, "Internal server error");
    });
    const stopKeepAlive = keepAlive(session);
    const closed = protocol.opened(
      {
        protocol: socket.protocol,
        send: (data) => send(session, data),
        close: (code, reason) => closeSession(session, code ?? WebSocketCloseCode.InternalServerError, reason ?? ""),
        onMessage: (handle) =>
          socket.on("message", async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              logger.error({ err: error }, "handling a WebSocket message failed");
              closeSession(session, WebSocketCloseCode.InternalServerError, "Internal server error");
            }
          }),
      },
      session,
    );
    socket.once("close", (code, reason) => {
      stopKeepAlive();
      if (session.stall) clearTimeout(session.stall);
      if (session.expiry) clearTimeout(session.expiry);
      sessions.delete(session);
      if (session.counted && session.principal) options.rateLimits?.closeSocket(session.principal, session.ip);
      session.closing = true;
      for (const release of [...session.waiting]) release();
      logger.info({ principal: session.principal?.name, code, reason: reason.toString() || undefined }, "WebSocket closed");
      void closed(code, reason.toString());
    });
  });

  let closedWith: Promise<void> | null = null;
  const close = (code: number, reason: string) => {
    closedWith ??= new Promise<void>((resolve) => server.close(() => resolve()));
    for (const session of sessions) closeSession(session, code, reason);
  };

  return {
    close,
    async dispose() {
      close(WebSocketCloseCode.GoingAway, "server going away");
      const grace = setTimeout(() => {
        for (const session of sessions) session.socket.terminate();
      }, options.closeGraceMs ?? 5_000);
      await closedWith;
      clearTimeout(grace);
    },
    endSessions(matches, reason) {
      let ended = 0;
      for (const session of sessions) {
        if (!session.principal || !matches(session.principal)) continue;
        cutOff(session, "revoked", reason);
        ended += 1;
      }
      return ended;
    },
    async refreshSessions() {
      await Promise.all([...sessions].map((session) => refresh(session)));
    },
    get connectionCount() {
      return sessions.size;
    },
    documents,
    fanOut: fanOut.statistics,
  };
}

function registerGauges(registry: Registry, sessions: Set<Session>, documents: DocumentCache, fanOut: FanOutStatistics): void {
  new Gauge({
    name: "turnkey_subscription_executions",
    help: "Subscription documents executed for events since start: one per event for each group of sockets with the same document, variables and rights",
    registers: [registry],
    collect() {
      this.set(fanOut.executions);
    },
  });
  new Gauge({
    name: "turnkey_ws_connections",
    help: "Open GraphQL WebSocket connections",
    registers: [registry],
    collect() {
      this.set(sessions.size);
    },
  });
  new Gauge({
    name: "turnkey_ws_operations",
    help: "Subscriptions and other operations in flight over WebSocket",
    registers: [registry],
    collect() {
      let count = 0;
      for (const session of sessions) count += session.protocol ? Object.keys(session.protocol.subscriptions).length : 0;
      this.set(count);
    },
  });
  new Gauge({
    name: "turnkey_ws_document_cache_lookups",
    help: "Lookups of parsed and validated WebSocket documents, by result",
    labelNames: ["result"],
    registers: [registry],
    collect() {
      const { hits, misses } = documents.statistics;
      this.set({ result: "hit" }, hits);
      this.set({ result: "miss" }, misses);
    },
  });
}
