// The drizzle schema: one table per file, gathered here for the client and drizzle-kit.
export * from "./columns.js";
export * from "./projects.js";
export * from "./cluster-templates.js";
export * from "./clusters.js";
export * from "./node-groups.js";
export * from "./certificates.js";
export * from "./operations.js";
export * from "./cluster-events.js";
export * from "./cluster-event-retention.js";
export * from "./idempotency-keys.js";
export * from "./users.js";
export * from "./role-bindings.js";
export * from "./api-tokens.js";
export * from "./quotas.js";
export * from "./audit-events.js";
export * from "./rate-limits.js";
