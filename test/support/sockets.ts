// Raw graphql-transport-ws sockets (no client library in between) and GraphQL over HTTP to a server process.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import WebSocket from "ws";
import { ADMIN_TOKEN } from "./server.js";

export interface ProtocolMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

export interface RawSocket {
  socket: WebSocket;
  messages: ProtocolMessage[];
  /** Resolves with the close code and reason the client saw (1006 when the server dropped it without one). */
  closed: Promise<{ code: number; reason: string }>;
  send(message: ProtocolMessage): void;
  /** The first message (already received or still to come) that matches. */
  waitFor(matches: (message: ProtocolMessage) => boolean, timeoutMs?: number): Promise<ProtocolMessage>;
}

export interface RawSocketOptions {
  /** connection_init payload; null: send no connection_init. Default: the admin token. */
  init?: Record<string, unknown> | null;
  /** Answer the server's pings (default true, as browsers do). */
  autoPong?: boolean;
}

/** Opens a socket on the graphql-transport-ws subprotocol; with init, resolves after connection_ack. */
export async function openRawSocket(httpUrl: string, options: RawSocketOptions = {}): Promise<RawSocket> {
  const socket = new WebSocket(httpUrl.replace(/^http/, "ws"), "graphql-transport-ws", { autoPong: options.autoPong ?? true });
  const messages: ProtocolMessage[] = [];
  const waiters = new Set<() => void>();
  socket.on("message", (data) => {
    messages.push(JSON.parse(data.toString()) as ProtocolMessage);
    for (const waiter of [...waiters]) waiter();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const raw: RawSocket = {
    socket,
    messages,
    closed,
    send: (message) => socket.send(JSON.stringify(message)),
    waitFor: (matches, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(matches);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages.slice(-3))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
  const init = options.init === undefined ? { authorization: `Bearer ${ADMIN_TOKEN}` } : options.init;
  if (init !== null) {
    raw.send({ type: "connection_init", payload: init });
    await Promise.race([raw.waitFor((message) => message.type === "connection_ack"), closed]);
  }
  return raw;
}

export function subscribeMessage(id: string, query: string, variables: Record<string, unknown> = {}): ProtocolMessage {
  return { type: "subscribe", id, payload: { query, variables } };
}

/** GraphQL over HTTP to a server process as the admin; fails on any top-level error. */
export async function callHttp<Data, Variables>(url: string, document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

/** The shared wait (test/support/wait.ts), kept importable from here. */
export { waitUntil } from "./wait.js";
