// HTTP to OpenStack services: JSON in and out, retries with backoff while a service is down or
// answering 5xx, and errors that carry the HTTP status and the service's own message.

import got, { type Method, RequestError } from "got";

export type OpenStackService = "Keystone" | "Heat";

/** What a service refused, so one place can turn it into a user error. */
export type OpenStackFailure = "unauthorized" | "forbidden" | "not-found" | "conflict" | "rejected" | "misconfigured";

/**
 * The driver-error code a refusal means to the reconciler (the same strings as orchestration's DriverErrorCode, which
 * treats an OpenStackError as a refusal): there is no code for refused credentials, so they are INVALID_REQUEST
 * (change the configuration); `failure` carries the precise kind.
 */
export type OpenStackRefusalCode = "INVALID_REQUEST" | "STACK_NOT_FOUND" | "CONFLICT";

const CODES: Record<OpenStackFailure, OpenStackRefusalCode> = {
  unauthorized: "INVALID_REQUEST",
  forbidden: "INVALID_REQUEST",
  "not-found": "STACK_NOT_FOUND",
  conflict: "CONFLICT",
  rejected: "INVALID_REQUEST",
  misconfigured: "INVALID_REQUEST",
};

/** A definite answer: the service (or the configuration) refused; trying again will not help. */
export class OpenStackError extends Error {
  override readonly name: string = "OpenStackError";
  readonly retryable = false;
  readonly code: OpenStackRefusalCode;

  constructor(
    readonly failure: OpenStackFailure,
    readonly service: OpenStackService,
    /** The HTTP status; null when the refusal did not come from an HTTP answer. */
    readonly status: number | null,
    readonly reason: string,
  ) {
    super(reason);
    this.code = CODES[failure];
  }
}

/**
 * The service stayed down, timed out or answered 5xx through every retry. Deliberately not a
 * refusal (OpenStackError): callers treat it as transient and try the whole step again later, so an outage
 * never fails an operation by itself. The message has the HTTP status and the service's words.
 */
export class OpenStackUnavailableError extends Error {
  override readonly name: string = "OpenStackUnavailableError";
  readonly failure = "unavailable";
  readonly retryable = true;

  constructor(
    readonly service: OpenStackService,
    /** The last HTTP status; null when the service never answered. */
    readonly status: number | null,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function isRetryable(error: unknown): error is OpenStackUnavailableError {
  return error instanceof OpenStackUnavailableError;
}

export interface RetryPolicy {
  /** Tries in all, the first included. Default 5. */
  attempts: number;
  /** Delay before the second try; doubles each time. Default 250 ms. */
  baseDelayMs: number;
  /** Longest delay between two tries. Default 4 s. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 4000 };

/** Exponential backoff with half of each delay randomised, so restarted clients do not retry in step. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export interface JsonRequest {
  service: OpenStackService;
  method: Method;
  url: string;
  token?: string;
  /** More request headers, such as Keystone's x-subject-token. */
  headers?: Record<string, string>;
  json?: unknown;
  searchParams?: Record<string, string | number | boolean>;
  /** Statuses handed back to the caller instead of thrown, such as 404 for a lookup. */
  accept?: readonly number[];
  retry?: RetryPolicy;
  /** Called after every try that found the service down or failing (a refused connection, a 5xx). */
  onOutage?: () => void;
  /** Milliseconds for one try. Default 30 s. */
  timeoutMs?: number;
}

export interface JsonResponse<T> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

const RETRIED_STATUSES = new Set([500, 502, 503, 504]);

/** One JSON call, retried while the service is unreachable or answering 5xx; throws OpenStack(Unavailable)Error. */
export async function requestJson<T = unknown>(request: JsonRequest): Promise<JsonResponse<T>> {
  const policy = request.retry ?? DEFAULT_RETRY;
  let outage = "";
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) await sleep(backoffDelay(attempt - 1, policy));
    let response;
    try {
      response = await got(request.url, {
        method: request.method,
        headers: {
          accept: "application/json",
          ...request.headers,
          ...(request.token === undefined ? {} : { "x-auth-token": request.token }),
        },
        ...(request.json === undefined ? {} : { json: request.json }),
        ...(request.searchParams === undefined ? {} : { searchParams: request.searchParams }),
        throwHttpErrors: false,
        retry: { limit: 0 },
        timeout: { request: request.timeoutMs ?? 30_000 },
        responseType: "text",
      });
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      outage = `${request.service} at ${new URL(request.url).origin} is unreachable: ${error.code ?? error.message}`;
      request.onOutage?.();
      continue;
    }
    const body = parseBody(response.body);
    if (RETRIED_STATUSES.has(response.statusCode) && !request.accept?.includes(response.statusCode)) {
      outage = answered(request.service, response.statusCode, response.statusMessage, body);
      request.onOutage?.();
      continue;
    }
    if (response.statusCode >= 400 && !request.accept?.includes(response.statusCode)) {
      const reason = answered(request.service, response.statusCode, response.statusMessage, body);
      throw new OpenStackError(failureOf(response.statusCode), request.service, response.statusCode, reason);
    }
    return { status: response.statusCode, body: body as T, headers: response.headers };
  }
  const tries = policy.attempts === 1 ? "" : ` (after ${policy.attempts} tries)`;
  throw new OpenStackUnavailableError(request.service, statusIn(outage), `${outage}${tries}`);
}

/** "Heat answered 400 Bad Request: Property error: ...", with the service's own message. */
export function answered(service: OpenStackService, status: number, statusText: string | undefined, body: unknown) {
  const message = serviceMessage(body);
  const head = `${service} answered ${status}${statusText ? ` ${statusText}` : ""}`;
  return message === "" ? head : `${head}: ${message}`;
}

/** The human part of an OpenStack error body: Keystone's error.message, Heat's error.message or explanation. */
export function serviceMessage(body: unknown): string {
  if (typeof body === "string") return body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().slice(0, 300);
  if (body === null || typeof body !== "object") return "";
  const record = body as Record<string, unknown>;
  const error = record["error"];
  if (error !== null && typeof error === "object") {
    const message = (error as Record<string, unknown>)["message"];
    if (typeof message === "string" && message !== "") return message;
  }
  for (const key of ["explanation", "message", "title"]) {
    const value = record[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return "";
}

function failureOf(status: number): OpenStackFailure {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 409) return "conflict";
  return "rejected";
}

function statusIn(outage: string): number | null {
  const match = /answered (\d{3})/.exec(outage);
  return match === null ? null : Number(match[1]);
}

function parseBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
