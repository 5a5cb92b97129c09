// The rate limits' settings and defaults (read by src/config.ts).

export interface RateLimitSettings {
  /** The window every budget refills over. TURNKEY_RATE_LIMIT_WINDOW_SECONDS, default 60. */
  windowSeconds: number;
  /** Query cost (src/graphql/limits) per token per window. TURNKEY_RATE_LIMIT_QUERY_COST, default 200 000. */
  queryCost: number;
  /** Mutation root fields per token per window. TURNKEY_RATE_LIMIT_MUTATIONS, default 1200. */
  mutations: number;
  /** Subscriptions started per token per window. TURNKEY_RATE_LIMIT_SUBSCRIPTIONS, default 600. */
  subscriptions: number;
  /** Requests that fail authentication, per IP per window. TURNKEY_RATE_LIMIT_UNAUTHENTICATED, default 120. */
  unauthenticated: number;
  /** Open WebSockets per token (per process). TURNKEY_MAX_SOCKETS_PER_TOKEN, default 100. */
  socketsPerToken: number;
  /** Open WebSockets per IP (per process). TURNKEY_MAX_SOCKETS_PER_IP, default 500. */
  socketsPerIp: number;
  /** Where counters live: shared by replicas on PostgreSQL or Redis, in process otherwise. TURNKEY_RATE_LIMIT_STORE, default auto. */
  store: "auto" | "memory" | "postgres" | "redis";
  /** TURNKEY_REDIS_URL: with auto, counters go to Redis. */
  redisUrl: string | undefined;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  windowSeconds: 60,
  queryCost: 200_000,
  mutations: 1_200,
  subscriptions: 600,
  unauthenticated: 120,
  socketsPerToken: 100,
  socketsPerIp: 500,
  store: "auto",
  redisUrl: undefined,
};
