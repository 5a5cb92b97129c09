// Liveness and readiness answered by the HTTP server itself, ahead of Express, logging, body parsing and GraphQL:
// a probe costs one comparison and a fixed, pre-serialised body, so it waits only for the event loop, never for a route stack.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

export interface Readiness {
  readonly ready: boolean;
}

const LIVE = Buffer.from(JSON.stringify({ status: "ok" }));
const READY = Buffer.from(JSON.stringify({ status: "ready" }));
const NOT_READY = Buffer.from(JSON.stringify({ status: "database unreachable" }));

function send(response: ServerResponse, status: number, body: Buffer): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": body.length, "cache-control": "no-store" });
  response.end(body);
}

/** Answers GET/HEAD /healthz and /readyz and returns true; anything else returns false for the next listener. */
export function answerHealth(request: IncomingMessage, response: ServerResponse, readiness: Readiness): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  // A query string is allowed (probes add cache-busters); the path must match exactly.
  const url = request.url ?? "";
  const path = url.includes("?") ? url.slice(0, url.indexOf("?")) : url;
  if (path === "/healthz") {
    send(response, 200, LIVE);
    return true;
  }
  if (path === "/readyz") {
    // The last background probe's answer (src/readiness.ts): a probe queued behind GraphQL statements would stall the check.
    const ready = readiness.ready;
    send(response, ready ? 200 : 503, ready ? READY : NOT_READY);
    return true;
  }
  return false;
}

/** The server's request listener: health first, then the application. */
export function withHealth(app: RequestListener, readiness: Readiness): RequestListener {
  return (request, response) => {
    if (!answerHealth(request, response, readiness)) app(request, response);
  };
}
