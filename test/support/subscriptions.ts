// A real graphql-ws client over a real WebSocket, for subscription tests.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { ADMIN_TOKEN } from "./server.js";

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
  timeoutMs = 20_000,
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
