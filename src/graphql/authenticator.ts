// Who calls: a bearer token through the identity providers to a Principal, or the GraphQL error that says why not.
import { GraphQLError } from "graphql";
import type { Principal } from "../domain/tenancy/principal.js";
import { bearerToken, IdentityUnavailableError, type IdentityProvider } from "../identity/providers.js";

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
}

/** One for the process: GraphQL over HTTP and WebSocket, and the REST face, authenticate through it. */
export class Authenticator {
  constructor(private readonly identity: IdentityProvider) {}

  /** The caller behind a bare token, or null (the REST face words its own refusals). */
  authenticate(token: string): Promise<Principal | null> {
    return this.identity.authenticate(token);
  }

  /** The caller behind an Authorization header value (or graphql-ws's connection parameter); throws UNAUTHENTICATED. */
  async principalFor(authorization: unknown): Promise<Principal> {
    const token = bearerToken(authorization);
    if (!token) throw unauthenticated("authentication required: send Authorization: Bearer <token>");
    let principal: Principal | null;
    try {
      principal = await this.identity.authenticate(token);
    } catch (error) {
      // The identity service is down or unreachable: refuse (never let through), and say why.
      if (error instanceof IdentityUnavailableError) throw new GraphQLError(`identity service unavailable: ${error.message}`, { extensions: { code: "UNAUTHENTICATED", reason: "IDENTITY_UNAVAILABLE", http: { status: 503 } } });
      throw error;
    }
    if (!principal) throw unauthenticated("the token is not valid (unknown, expired or revoked)");
    return principal;
  }
}
