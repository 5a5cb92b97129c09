// Apollo's side of the query limits: its standard validation runs first, then the limits, once per cached document.
import type { ApolloServerPlugin } from "@apollo/server";
import type { QueryLimits } from "./index.js";

export function queryLimitsPlugin<Context extends object>(limits: QueryLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, request }) {
          const refusal = limits.check(document, operationName, request.variables);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
