// The per-request GraphQL context: who calls, the domain context, and this request's loaders.
import type { CertificateOptions } from "../domain/certificates/certificates-settings.js";
import type { DomainContext } from "../domain/context.js";
import type { Principal } from "../domain/tenancy/principal.js";
import type { EventBus } from "../events/bus.js";
import type { Loaders } from "./loaders.js";

export interface GraphQLContext {
  requestId: string;
  principal: Principal;
  domain: DomainContext;
  loaders: Loaders;
  /** The project a global admin's creations go to when it names none. */
  homeProjectId: string;
  events: { bus: EventBus; bufferLimit: number };
  /** Certificate policy and the key that opens CA private keys (src/domain/certificates/certificates-settings.ts). */
  certificates: CertificateOptions;
  /** What a mutation adds to its audit record (token minting: for whom, by whom, the scope). */
  auditDetails?: Record<string, unknown>;
  /** Epoch ms after which no more fields are resolved (HTTP requests; src/graphql/limits/field-guards.ts). */
  deadlineAt?: number;
}
