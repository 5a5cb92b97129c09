// A real graphql-ws client over a real WebSocket, for subscription tests.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { ADMIN_TOKEN } from "./server.js";
import { waitUntil } from "./wait.js";

export function wsClient(httpUrl: string, token: string | null = ADMIN_TOKEN, options: { lazy?: boolean } = {}): Client {
  return createClient({
    url: httpUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: token === null ? {} : { authorization: `Bearer ${token}` },
    lazy: options.lazy ?? true,
    retryAttempts: 0,
  });
}

export interface Collected<Data> {
  items: Data[];
  /** Resolves when `until` matched an item (or rejects on error / timeout). */
  done: Promise<Data[]>;
  stop(): void;
}

/** Subscribes and collects every result until `until` says so. */
export function collect<Data, Variables extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  until: (item: Data, all: Data[]) => boolean,
  timeoutMs = 45_000,
): Collected<Data> {
  const items: Data[] = [];
  let stop = () => undefined as void;
  const done = new Promise<Data[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`subscription timed out after ${timeoutMs} ms with ${items.length} items: ${JSON.stringify(items.slice(-5))}`));
    }, timeoutMs);
    const unsubscribe = client.subscribe<Data>(
      { query: print(document), variables },
      {
        next: (result) => {
          if (result.errors?.length) {
            clearTimeout(timer);
            reject(Object.assign(new Error(result.errors[0]!.message), { errors: result.errors }));
            return;
          }
          const item = result.data as Data;
          items.push(item);
          if (until(item, items)) {
            clearTimeout(timer);
            stop();
            // A copy: events arriving in the same tick must not be appended after the one that ended it.
            resolve([...items]);
          }
        },
        error: (error) => {
          clearTimeout(timer);
          const closed = error as { code?: number; reason?: string };
          reject(error instanceof Error ? error : new Error(closed.code ? `socket closed ${closed.code}: ${closed.reason ?? ""}` : `subscription failed: ${JSON.stringify(error)}`));
        },
        complete: () => {
          clearTimeout(timer);
          resolve(items);
        },
      },
    );
    stop = () => unsubscribe();
  });
  return { items, done, stop: () => stop() };
}

/** How many subscriptions a server's event bus has ever registered: in process, or from a server process's /metrics. */
export type SubscriptionCounter = () => number | Promise<number>;

export function openedOn(server: { bus: { subscriptionsOpened: number } }): SubscriptionCounter {
  return () => server.bus.subscriptionsOpened;
}

export function openedAt(httpUrl: string): SubscriptionCounter {
  return async () => {
    const text = await (await fetch(httpUrl.replace(/\/graphql$/, "/metrics"))).text();
    const line = text.split("\n").find((entry) => entry.startsWith("turnkey_event_subscriptions_opened "));
    return line ? Number(line.split(" ").at(-1)) : 0;
  };
}

/**
 * Like collect, but resolves only once the subscription is live: registered on the server's event bus, so
 * every event committed from now on reaches it (or once it ended, e.g. refused with NOT_FOUND). This is the
 * fact a test needs before it makes the change it expects to see, instead of a sleep.
 */
export async function collectLive<Data, Variables extends Record<string, unknown>>(
  opened: SubscriptionCounter,
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  until: (item: Data, all: Data[]) => boolean,
  timeoutMs = 45_000,
): Promise<Collected<Data>> {
  const before = await opened();
  const collected = collect(client, document, variables, until, timeoutMs);
  let ended = false;
  collected.done.then(
    () => (ended = true),
    () => (ended = true),
  );
  await waitUntil(async () => ended || (await opened()) > before, timeoutMs, `the subscription ${JSON.stringify(variables)} to be live on the event bus`);
  return collected;
}
