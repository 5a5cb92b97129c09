// Keeps one request from holding the event loop or running past its deadline: every resolver call checks both.
import { GraphQLError } from "graphql";
import type { MiddlewareFn } from "type-graphql";
import type { GraphQLContext } from "../context.js";

/** Longest stretch of synchronous resolution before a request lets the others (and /healthz) run. */
export const YIELD_AFTER_MS = 10;

const lastYield = new WeakMap<object, number>();

/**
 * graphql-js completes a list of ready values synchronously, so a large page of objects would run in one
 * go; yielding with setImmediate every YIELD_AFTER_MS lets other requests' I/O in between. Past the
 * request's deadline (HTTP only; subscriptions live on), what is left is refused rather than resolved.
 */
export const fairness: MiddlewareFn<GraphQLContext> = async ({ context }, next) => {
  const now = performance.now();
  if (context.deadlineAt !== undefined && Date.now() > context.deadlineAt) {
    throw new GraphQLError("the request ran past its deadline (TURNKEY_REQUEST_DEADLINE_MS); ask for less, or page", { extensions: { code: "DEADLINE_EXCEEDED" } });
  }
  const since = lastYield.get(context);
  if (since === undefined) lastYield.set(context, now);
  else if (now - since > YIELD_AFTER_MS) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastYield.set(context, performance.now());
  }
  return next();
};
