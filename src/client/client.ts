// The typed Turnkey client: GraphQL over HTTP with a token, live cluster events that resume from their last cursor
// after a reconnect, and waiting for an operation to finish. Runs in Node (>= 20, pass `webSocketImpl`) and browsers.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { createClient, type Client as WebSocketClient } from "graphql-ws";
import { ClusterEventsDocument, ClusterNewestEventDocument, OperationDetailDocument, type ClusterEventsSubscription, type OperationDetailQuery } from "./generated/graphql.js";

export type ClusterEvent = ClusterEventsSubscription["clusterEvents"];
export type OperationDetail = OperationDetailQuery["operation"];

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** A refusal or failure the server reported (top-level `errors`), or a transport failure. */
export class TurnkeyError extends Error {
  constructor(
    message: string,
    readonly errors: GraphQLErrorShape[] = [],
    readonly status?: number,
  ) {
    super(message);
    this.name = "TurnkeyError";
  }

  /** The first error's `extensions.code`, such as NOT_FOUND or UNAUTHENTICATED. */
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export interface TurnkeyClientOptions {
  /** The URL the server prints (`http://host:port/graphql`) or its bare origin: both work. */
  url: string;
  token?: string;
  fetch?: typeof fetch;
  /** A WebSocket constructor: the `ws` package's in Node 20, the global one in browsers and Node >= 22. */
  webSocketImpl?: unknown;
}

export interface ClusterEventsOptions {
  /** One cluster's events; omit for every cluster the caller may see. */
  clusterId?: string;
  /** Start after this cursor (replay, then live); it moves forward with every event delivered. */
  after?: string;
  signal?: AbortSignal;
  /** Reconnect attempts in a row before giving up; default 20 (about a minute with the backoff). */
  retries?: number;
  /** Told before each reconnect (for a "reconnecting" line or badge). */
  onReconnect?: (attempt: number, cause: unknown) => void;
}

const TERMINAL_OPERATION = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);
/** Close codes after which reconnecting cannot help: bad request, unauthorized, forbidden, too many subscriptions. */
const FATAL_CLOSE_CODES = new Set([4400, 4401, 4403, 4429, 4409]);

/** Accepts `http://host:port`, `http://host:port/` or `http://host:port/graphql`. */
export function graphqlUrl(url: string): string {
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith("/graphql")) parsed.pathname = `${parsed.pathname.replace(/\/$/, "")}/graphql`;
  return parsed.toString();
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export class TurnkeyClient {
  readonly url: string;
  private readonly token: string | undefined;
  private readonly fetcher: typeof fetch;
  private readonly webSocketImpl: unknown;
  private socket: WebSocketClient | undefined;

  constructor(options: TurnkeyClientOptions) {
    this.url = graphqlUrl(options.url);
    this.token = options.token;
    this.fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.webSocketImpl = options.webSocketImpl;
  }

  /** Sends a typed document; resolves with `data`, rejects with a TurnkeyError on any top-level error. */
  async request<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables?: Variables): Promise<Data> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await this.fetcher(this.url, { method: "POST", headers, body: JSON.stringify({ query: print(document), variables }) });
    } catch (error) {
      throw new TurnkeyError(`cannot reach ${this.url}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`);
    }
    let body: { data?: Data | null; errors?: GraphQLErrorShape[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new TurnkeyError(`${this.url} answered HTTP ${response.status} without a GraphQL response`, [], response.status);
    }
    if (body.errors?.length) throw new TurnkeyError(body.errors.map((error) => error.message).join("; "), body.errors, response.status);
    if (!body.data) throw new TurnkeyError(`${this.url} answered HTTP ${response.status} without data`, [], response.status);
    return body.data;
  }

  private webSocket(): WebSocketClient {
    this.socket ??= createClient({
      url: this.url.replace(/^http/, "ws"),
      ...(this.webSocketImpl ? { webSocketImpl: this.webSocketImpl } : {}),
      connectionParams: this.token ? { authorization: `Bearer ${this.token}` } : {},
      lazy: true,
      // Reconnects are clusterEvents' own, so each resumes after its last cursor instead of replaying.
      retryAttempts: 0,
    });
    return this.socket;
  }

  /**
   * Cluster events as an async iterable. After a dropped connection or a server restart it reconnects
   * with `after` set to the last cursor it delivered, so nothing is lost and nothing is repeated.
   */
  async *clusterEvents(options: ClusterEventsOptions = {}): AsyncGenerator<ClusterEvent> {
    let after = options.after;
    let failures = 0;
    const retries = options.retries ?? 20;
    while (!options.signal?.aborted) {
      const iterator = this.webSocket().iterate<ClusterEventsSubscription>({ query: print(ClusterEventsDocument), variables: { clusterId: options.clusterId ?? null, after: after ?? null } });
      const abort = () => void iterator.return?.();
      options.signal?.addEventListener("abort", abort, { once: true });
      try {
        for await (const result of iterator) {
          if (result.errors?.length) throw new TurnkeyError(result.errors.map((error) => error.message).join("; "), result.errors as GraphQLErrorShape[]);
          const event = result.data?.clusterEvents;
          if (!event) continue;
          failures = 0;
          after = event.cursor;
          yield event;
        }
        return;
      } catch (error) {
        if (error instanceof TurnkeyError) throw error;
        const code = (error as { code?: number }).code;
        if (code !== undefined && FATAL_CLOSE_CODES.has(code)) throw new TurnkeyError(`subscription refused: ${(error as { reason?: string }).reason ?? code}`);
        failures += 1;
        if (failures > retries) throw new TurnkeyError(`lost the event stream and could not reconnect after ${retries} attempts`);
        options.onReconnect?.(failures, error);
        await delay(Math.min(250 * 2 ** (failures - 1), 3_000), options.signal);
      } finally {
        options.signal?.removeEventListener("abort", abort);
      }
    }
  }

  /**
   * Resolves with the operation once it has SUCCEEDED, FAILED or been CANCELLED, telling `onEvent` each of its
   * cluster's events on the way (stages, percent). Does not throw on a failed operation: read `status` and `error`.
   */
  async waitForOperation(operationId: string, options: { onEvent?: (event: ClusterEvent) => void; signal?: AbortSignal } = {}): Promise<OperationDetail> {
    const read = async () => (await this.request(OperationDetailDocument, { id: operationId })).operation;
    let operation = await read();
    if (TERMINAL_OPERATION.has(operation.status) || !operation.cluster) return operation;
    // The newest recorded event before the second look at the status: its transition and event commit together,
    // so whatever ends the operation after this cursor is replayed by the subscription, however fast it was.
    let after = "0";
    try {
      after = (await this.request(ClusterNewestEventDocument, { id: operation.cluster.id })).cluster.events.nodes[0]?.cursor ?? "0";
    } catch (error) {
      if (!(error instanceof TurnkeyError && error.code === "NOT_FOUND")) throw error;
    }
    operation = await read();
    if (TERMINAL_OPERATION.has(operation.status) || !operation.cluster) return operation;
    const controller = new AbortController();
    options.signal?.addEventListener("abort", () => controller.abort(), { once: true });
    try {
      for await (const event of this.clusterEvents({ clusterId: operation.cluster.id, after, signal: controller.signal })) {
        if (event.operation && event.operation.id !== operationId) continue;
        options.onEvent?.(event);
        if (event.type === "STATUS_CHANGED" || event.type === "DELETED") {
          operation = await read();
          if (TERMINAL_OPERATION.has(operation.status)) return operation;
        }
      }
    } catch (error) {
      // A deleted cluster's stream may be refused once it is gone: the operation says how it ended.
      operation = await read();
      if (TERMINAL_OPERATION.has(operation.status)) return operation;
      throw error;
    } finally {
      controller.abort();
    }
    return read();
  }

  /** Closes the WebSocket, if one was opened. */
  async close(): Promise<void> {
    await this.socket?.dispose();
    this.socket = undefined;
  }
}
