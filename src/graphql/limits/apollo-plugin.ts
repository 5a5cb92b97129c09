// Apollo's side of the query and rate limits: its standard validation runs first, then the limits (once per cached document), then the charge.
import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLContext } from "../context.js";
import { chargeOperation, type RateLimits } from "../rate-limit/index.js";
import type { QueryLimits } from "./index.js";

/** One hook for both: Apollo runs plugins' didResolveOperation in parallel, and a refused document must not be charged. */
export function queryLimitsPlugin(limits: QueryLimits, rates?: RateLimits): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, operation, request, contextValue }) {
          const refusal = limits.check(document, operationName, request.variables);
          if (refusal) throw refusal;
          if (rates && operation) await chargeOperation(rates, contextValue.principal, operation.operation, limits.figures(document, operationName, request.variables));
        },
      };
    },
  };
}
