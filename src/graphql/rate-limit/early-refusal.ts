// A request whose budget is already spent is refused before Apollo parses, validates and costs it: a 429 is then
// a map lookup and a fixed body, so a burst beyond the limits costs the server little and does not starve other work.
import type { NextFunction, Request, Response } from "express";
import type { Principal } from "../../domain/tenancy/principal.js";
import type { RateLimits } from "./index.js";

/**
 * Express middleware after express.json and noteGraphQLOperation (which tells the operation's type). Anything it cannot
 * decide cheaply (no token, an unknown one, a subscription over HTTP, a budget not yet spent) goes on to Apollo, which
 * charges the operation its real cost as before.
 */
export function refuseSpentBudgets(limits: RateLimits, principalFor: (authorization: unknown) => Promise<Principal>) {
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    const type = (response.locals.graphql as { type?: string } | undefined)?.type;
    if ((type !== "query" && type !== "mutation") || !request.headers.authorization) return next();
    let refusal: { message: string; retryAfterSeconds: number } | null = null;
    try {
      refusal = await limits.spent(type, await principalFor(request.headers.authorization));
    } catch {
      // Authentication failed: Apollo's path answers it (and charges the IP) as before.
      return next();
    }
    if (!refusal) return next();
    response.status(429).setHeader("retry-after", String(refusal.retryAfterSeconds));
    response.json({ errors: [{ message: refusal.message, extensions: { code: "RATE_LIMITED", retryAfterSeconds: refusal.retryAfterSeconds } }] });
  };
}
