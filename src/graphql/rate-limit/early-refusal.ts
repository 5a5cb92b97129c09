// A request whose budget is already spent is refused by the HTTP server itself, ahead of Express, the request log,
// CORS, the body parser and Apollo (like /healthz, src/http/health.ts): a 429 then costs a token-cache lookup, a
// limiter read, a JSON.parse of a small body and a fixed answer, so a burst beyond the limits costs the server little
// and does not starve other tenants or the probes. A refusal here is not written to the request log (a burst of them
// would be a log amplifier); it is counted through `onRefused`.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Principal } from "../../domain/tenancy/principal.js";
import { operationTypeOf } from "../../http/request-log.js";
import type { RateLimits } from "./index.js";

export interface EarlyRefusalOptions {
  limits: RateLimits;
  principalFor: (authorization: unknown) => Promise<Principal>;
  /** Called once per request refused here (the server counts it as a GraphQL request). */
  onRefused?: () => void;
  /** Bodies larger than this (or of unknown length) go on to Express untouched; Apollo charges them as before. */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Whether this request is one the early refusal may decide: everything else goes straight on. */
function candidate(request: IncomingMessage, maxBodyBytes: number): boolean {
  if (request.method !== "POST" || !request.headers.authorization) return false;
  // A browser's cross-origin request needs the CORS headers on its refusal too: Express's path answers it.
  if (request.headers.origin) return false;
  const url = request.url ?? "";
  const path = url.includes("?") ? url.slice(0, url.indexOf("?")) : url;
  if (path !== "/graphql") return false;
  if (!(request.headers["content-type"] ?? "").startsWith("application/json")) return false;
  if (request.headers["content-encoding"] && request.headers["content-encoding"] !== "identity") return false;
  const length = Number(request.headers["content-length"]);
  return Number.isInteger(length) && length > 0 && length <= maxBodyBytes;
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.once("error", () => resolve(null));
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = Buffer.from(JSON.stringify(body));
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": text.length, ...headers });
  response.end(text);
}

/**
 * The server's request listener: a POST /graphql whose principal has spent the budget of its operation's type is
 * answered 429 here; anything this cannot decide cheaply (no token, an unknown one, no budget spent, a large or
 * cross-origin request) goes on to `app` unchanged. When the body had to be read to tell the operation's type and
 * the request goes on after all, it goes on with `request.body` set (Express's body parser skips a read request).
 */
export function withEarlyRefusal(app: RequestListener, options: EarlyRefusalOptions): RequestListener {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const decide = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let principal: Principal;
    try {
      principal = await options.principalFor(request.headers.authorization);
    } catch {
      // Authentication failed: Apollo's path answers it (and charges the IP) as before.
      return app(request, response);
    }
    const [query, mutation] = await Promise.all([options.limits.spent("query", principal), options.limits.spent("mutation", principal)]);
    if (!query && !mutation) return app(request, response);
    // Some budget is spent: the operation's type decides, and it is in the body.
    const text = await readBody(request);
    let body: unknown;
    try {
      body = text === null ? undefined : JSON.parse(text);
    } catch (error) {
      // The same answer as Express's error handler gives a malformed body (src/server.ts).
      return send(response, 400, { errors: [{ message: `bad request: ${(error as Error).message}`, extensions: { code: "BAD_REQUEST" } }] });
    }
    const queryText = typeof (body as { query?: unknown } | undefined)?.query === "string" ? (body as { query: string }).query : "";
    const type = operationTypeOf(queryText);
    const refusal = type === "query" ? query : type === "mutation" ? mutation : null;
    if (!refusal) {
      (request as IncomingMessage & { body?: unknown }).body = body;
      return app(request, response);
    }
    options.onRefused?.();
    send(response, 429, { errors: [{ message: refusal.message, extensions: { code: "RATE_LIMITED", retryAfterSeconds: refusal.retryAfterSeconds } }] }, { "retry-after": String(refusal.retryAfterSeconds) });
  };
  return (request, response) => {
    if (!candidate(request, maxBodyBytes)) return app(request, response);
    decide(request, response).catch(() => {
      // Nothing above is expected to throw (the limiter's reads and the body's read settle on failure): never leave a request hanging.
      if (!response.headersSent) send(response, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
    });
  };
}
