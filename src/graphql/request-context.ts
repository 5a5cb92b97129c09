// Builds each request's (or WebSocket operation's) context: the caller, the domain context, fresh loaders.
import type { Database } from "../db/client.js";
import type { CertificateOptions } from "../domain/certificates/certificates-settings.js";
import type { DomainContext } from "../domain/context.js";
import type { Principal } from "../domain/tenancy/principal.js";
import type { EventBus } from "../events/bus.js";
import type { GraphQLContext } from "./context.js";
import { createLoaders } from "./loaders.js";

export interface RequestContextOptions {
  db: Database;
  homeProjectId: string;
  /** The operator's template policy (TURNKEY_CILIUM_ENABLED). */
  policy: DomainContext["policy"];
  /** Called after a commit that recorded events (the post-commit waker, src/events/post-commit-waker.ts). */
  eventsCommitted(cursors: bigint[]): void;
  /** Called after a change of a user's rights commits: drop what this process cached about them. */
  identityChanged(userId: string): void;
  unsupportedClusterType: DomainContext["unsupportedClusterType"];
  bus: EventBus;
  /** TURNKEY_SUBSCRIPTION_BUFFER. */
  subscriptionBuffer: number;
  certificates: CertificateOptions;
}

export class RequestContextFactory {
  constructor(private readonly options: RequestContextOptions) {}

  /** `caller` is a function for a WebSocket operation: its rights are the session's current ones, read at each use. */
  contextFor(caller: Principal | (() => Principal), requestId: string): GraphQLContext {
    const current = typeof caller === "function" ? caller : () => caller;
    const { options } = this;
    const domain: DomainContext = {
      db: options.db,
      get principal() {
        return current();
      },
      policy: options.policy,
      eventsCommitted: options.eventsCommitted,
      identityChanged: options.identityChanged,
      unsupportedClusterType: options.unsupportedClusterType,
    };
    return {
      requestId,
      get principal() {
        return current();
      },
      domain,
      loaders: createLoaders(options.db),
      homeProjectId: options.homeProjectId,
      events: { bus: options.bus, bufferLimit: options.subscriptionBuffer },
      certificates: options.certificates,
    };
  }
}
