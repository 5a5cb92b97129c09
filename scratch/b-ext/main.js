var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// dist/main.js
import "reflect-metadata";

// dist/config.js
import path from "node:path";
import { z as z2 } from "zod";

// dist/graphql/limits/index.js
import { getOperationAST, GraphQLError, Lexer, parse, Source, specifiedRules, TokenKind, validate } from "graphql";

// dist/graphql/limits/measure.js
import { getNamedType, isCompositeType, isListType, isNonNullType, isObjectType, isInterfaceType, Kind } from "graphql";
var EMPTY = { depth: 0, aliases: 0, rootFields: 0, directives: 0, cost: 0 };
function measureOperation(schema, document, operation, model, pageVariables2 = {}) {
  const fragments = /* @__PURE__ */ new Map();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  const measured = /* @__PURE__ */ new Map();
  const variableDefaults = /* @__PURE__ */ new Map();
  for (const variable of operation.variableDefinitions ?? [])
    variableDefaults.set(variable.variable.name.value, variable.defaultValue);
  const pageSize = (value) => {
    if (!value)
      return null;
    if (value.kind === Kind.INT)
      return Math.max(0, Number(value.value));
    if (value.kind === Kind.VARIABLE) {
      const given = pageVariables2[value.name.value];
      if (given !== void 0)
        return Math.max(0, given);
      const fallback = variableDefaults.get(value.name.value);
      return fallback && fallback.kind === Kind.INT ? Math.max(0, Number(fallback.value)) : model.defaultPageSize;
    }
    return null;
  };
  const multiplier = (node, type) => {
    const named = getNamedType(type);
    const argument = (name) => node.arguments?.find((candidate) => candidate.name.value === name)?.value;
    if (named.name.endsWith("Connection"))
      return pageSize(argument("first")) ?? pageSize(argument("last")) ?? model.defaultPageSize;
    const unwrapped = isNonNullType(type) ? type.ofType : type;
    if (!isListType(unwrapped))
      return 1;
    const ids = argument("ids");
    if (ids?.kind === Kind.LIST)
      return ids.values.length;
    if (ids?.kind === Kind.VARIABLE)
      return pageVariables2[ids.name.value] ?? model.maximumPageSize;
    return 1;
  };
  const fieldOf = (parent, name) => isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : void 0;
  const measureSet = (set2, parent) => {
    const total = { ...EMPTY };
    for (const selection of set2.selections) {
      total.directives += selection.directives?.length ?? 0;
      let part;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias)
          total.aliases += 1;
        const field = fieldOf(parent, selection.name.value);
        if (!field) {
          total.depth = Math.max(total.depth, 1);
          continue;
        }
        const named = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(named)) {
          const inner = measureSet(selection.selectionSet, named);
          const times = multiplier(selection, field.type);
          part = { depth: inner.depth + 1, aliases: inner.aliases, rootFields: 0, directives: inner.directives, cost: 1 + inner.cost * times };
        } else {
          part = { ...EMPTY, depth: 1 };
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        part = measureSet(selection.selectionSet, condition && isCompositeType(condition) ? condition : parent);
      } else {
        part = measureFragment(selection.name.value);
      }
      total.depth = Math.max(total.depth, part.depth);
      total.aliases += part.aliases;
      total.directives += part.directives;
      total.cost += part.cost;
    }
    return total;
  };
  const measureFragment = (name) => {
    const known = measured.get(name);
    if (known === "in progress")
      return EMPTY;
    if (known)
      return known;
    const fragment = fragments.get(name);
    const type = fragment ? schema.getType(fragment.typeCondition.name.value) : void 0;
    if (!fragment || !type || !isCompositeType(type))
      return EMPTY;
    measured.set(name, "in progress");
    const result2 = measureSet(fragment.selectionSet, type);
    measured.set(name, result2);
    return result2;
  };
  const rootCounts = /* @__PURE__ */ new Map();
  const measureRootFields = (set2) => {
    let count3 = 0;
    for (const selection of set2.selections) {
      if (selection.kind === Kind.FIELD)
        count3 += 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT)
        count3 += measureRootFields(selection.selectionSet);
      else
        count3 += fragmentRootFields(selection.name.value);
    }
    return count3;
  };
  const fragmentRootFields = (name) => {
    const known = rootCounts.get(name);
    if (known !== void 0)
      return known;
    rootCounts.set(name, 0);
    const fragment = fragments.get(name);
    const count3 = fragment ? measureRootFields(fragment.selectionSet) : 0;
    rootCounts.set(name, count3);
    return count3;
  };
  const root = operation.operation === "query" ? schema.getQueryType() : operation.operation === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root)
    return EMPTY;
  const result = measureSet(operation.selectionSet, root);
  return { ...result, rootFields: measureRootFields(operation.selectionSet), directives: result.directives + (operation.directives?.length ?? 0) };
}

// dist/graphql/limits/index.js
var DEFAULT_QUERY_LIMITS = { tokens: 2e3, depth: 12, aliases: 15, rootFields: 20, directives: 50, cost: 2e4, defaultPageSize: 20, maximumPageSize: 100 };
function queryTooComplex(which, limit, value) {
  const shown = Number.isFinite(value) ? Math.min(value, Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
  return new GraphQLError(`the query's ${which} is ${shown}, over the limit of ${limit}`, {
    extensions: { code: "QUERY_TOO_COMPLEX", limit, value: shown, which, http: { status: 400 } }
  });
}
var TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;
function tokenLimitError(error) {
  const limit = TOKEN_LIMIT.exec(error.message)?.[1];
  if (!limit || !error.source)
    return null;
  return queryTooComplex("tokens", Number(limit), countTokens(error.source.body));
}
function countTokens(text16) {
  const lexer = new Lexer(new Source(text16));
  let count3 = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF)
      count3 += 1;
  } catch {
  }
  return count3;
}
var QueryLimits = class {
  schema;
  settings;
  /** Refusals per document, operation name and page-size variables: Apollo's document store and the WebSocket cache hand back the same DocumentNode. */
  measured = /* @__PURE__ */ new WeakMap();
  constructor(schema, settings) {
    this.schema = schema;
    this.settings = settings;
  }
  get parseOptions() {
    return { maxTokens: this.settings.tokens };
  }
  /** The figures of one operation of a validated document (tests, the reliability suite). */
  measure(document, operationName, variables) {
    const operation = getOperationAST(document, operationName ?? void 0);
    return operation ? measureOperation(this.schema, document, operation, this.settings, pageVariables(variables)) : null;
  }
  /** The first limit the operation exceeds, or null; for a validated document only. */
  check(document, operationName, variables) {
    return this.assess(document, operationName, variables).refusal;
  }
  /** The operation's figures, as check() measured them (the rate limits charge its cost). */
  figures(document, operationName, variables) {
    return this.assess(document, operationName, variables).figures;
  }
  /** Depth, aliases, root fields, directives of every operation: safe before validation (a cycle counts nothing). */
  countRefusal(document) {
    for (const definition of document.definitions) {
      if (definition.kind !== "OperationDefinition")
        continue;
      const figures = measureOperation(this.schema, document, definition, this.settings);
      for (const which of ["depth", "aliases", "rootFields", "directives"]) {
        if (figures[which] > this.settings[which])
          return queryTooComplex(which, this.settings[which], figures[which]);
      }
    }
    return null;
  }
  assess(document, operationName, variables) {
    let byOperation = this.measured.get(document);
    if (!byOperation)
      this.measured.set(document, byOperation = /* @__PURE__ */ new Map());
    const pages = pageVariables(variables);
    const key = `${operationName ?? ""}\0${JSON.stringify(pages)}`;
    const known = byOperation.get(key);
    if (known !== void 0)
      return known;
    if (byOperation.size >= 100)
      byOperation.clear();
    const figures = this.measure(document, operationName, variables);
    let refusal = null;
    if (figures) {
      for (const which of ["depth", "aliases", "rootFields", "directives", "cost"]) {
        if (figures[which] > this.settings[which]) {
          refusal = queryTooComplex(which, this.settings[which], figures[which]);
          break;
        }
      }
    }
    const assessed = { refusal, figures };
    byOperation.set(key, assessed);
    return assessed;
  }
  /** Parse (token cap), then standard validation alone: a fragment cycle is GRAPHQL_VALIDATION_FAILED before any limit walks it. */
  parseAndValidate(query) {
    let document;
    try {
      document = parse(query, this.parseOptions);
    } catch (error) {
      if (!(error instanceof GraphQLError))
        throw error;
      return { errors: [tokenLimitError(error) ?? withCode(error, "GRAPHQL_PARSE_FAILED")] };
    }
    const early = this.countRefusal(document);
    if (early)
      return { errors: [early] };
    const errors = validate(this.schema, document, specifiedRules);
    if (errors.length > 0)
      return { errors: errors.map((error) => withCode(error, "GRAPHQL_VALIDATION_FAILED")) };
    return { document };
  }
};
function pageVariables(variables) {
  const pages = {};
  for (const [name, value] of Object.entries(variables ?? {})) {
    if (Number.isInteger(value))
      pages[name] = value;
    else if (Array.isArray(value))
      pages[name] = value.length;
  }
  return pages;
}
function withCode(error, code) {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

// dist/graphql/rate-limit/settings.js
var DEFAULT_RATE_LIMITS = {
  windowSeconds: 60,
  queryCost: 2e5,
  mutations: 1200,
  subscriptions: 600,
  unauthenticated: 120,
  socketsPerToken: 100,
  socketsPerIp: 500,
  store: "auto",
  redisUrl: void 0
};

// dist/domain/certificates/certificates-settings.js
import { z } from "zod";
var CLUSTER_ADMIN_GROUP = "system:masters";
var certificateEnvironment = {
  /** RSA keys per size made ahead of need (src/pki/key-pool.ts); 0 turns the pool off. Default 6. */
  TURNKEY_PKI_KEY_POOL: z.coerce.number().int().min(0).max(1e3).default(6),
  /** RSA modulus of each new CA key; default 2048. */
  TURNKEY_CA_KEY_BITS: z.coerce.number().int().min(2048).max(8192).default(2048),
  /** Lifetime of a new CA; default five years, as Magnum. */
  TURNKEY_CA_VALIDITY_DAYS: z.coerce.number().int().min(1).max(36500).default(5 * 365),
  /** The CertificateAuthorityExpiring condition turns true this many days before a CA expires; default 30. */
  TURNKEY_CA_EXPIRY_WARNING_DAYS: z.coerce.number().int().min(0).default(30),
  /** How long the previous CA stays trusted after a rotation before it is retired automatically; default 7 days. */
  TURNKEY_CA_ROTATION_GRACE_SECONDS: z.coerce.number().int().min(0).default(7 * 24 * 60 * 60),
  /** How often the server looks for previous CAs whose grace period is over; default one minute. */
  TURNKEY_CA_RETIREMENT_INTERVAL_MS: z.coerce.number().int().min(10).default(6e4),
  /** Longest lifetime a client certificate may be given; default 7 days. The default lifetime is 24 h (or this, if shorter). */
  TURNKEY_CERT_MAX_TTL_SECONDS: z.coerce.number().int().min(60).default(7 * 24 * 60 * 60),
  /** The group read-only credentials carry; bind it to a view role in the cluster. Default `turnkey:viewers`. */
  TURNKEY_CERT_VIEWER_GROUP: z.string().trim().min(1).default("turnkey:viewers"),
  /**
   * Comma-separated groups a client certificate may carry at all; default `system:masters` and the
   * viewer group. Leaving `system:masters` out stops cluster-admin certificates entirely.
   */
  TURNKEY_CERT_ALLOWED_GROUPS: z.string().optional()
};
var DEFAULT_TTL_SECONDS = 24 * 60 * 60;
function certificateSettingsFrom(values) {
  const listed = values.TURNKEY_CERT_ALLOWED_GROUPS?.split(",").map((group) => group.trim()).filter((group) => group !== "");
  return {
    keyPoolSize: values.TURNKEY_PKI_KEY_POOL,
    caKeyBits: values.TURNKEY_CA_KEY_BITS,
    caValidityDays: values.TURNKEY_CA_VALIDITY_DAYS,
    expiryWarningDays: values.TURNKEY_CA_EXPIRY_WARNING_DAYS,
    rotationGraceSeconds: values.TURNKEY_CA_ROTATION_GRACE_SECONDS,
    retirementIntervalMs: values.TURNKEY_CA_RETIREMENT_INTERVAL_MS,
    defaultTtlSeconds: Math.min(DEFAULT_TTL_SECONDS, values.TURNKEY_CERT_MAX_TTL_SECONDS),
    maxTtlSeconds: values.TURNKEY_CERT_MAX_TTL_SECONDS,
    viewerGroup: values.TURNKEY_CERT_VIEWER_GROUP,
    allowedGroups: listed ?? [CLUSTER_ADMIN_GROUP, values.TURNKEY_CERT_VIEWER_GROUP]
  };
}

// dist/config.js
var booleanString = z2.enum(["1", "0", "true", "false", "yes", "no", ""]).transform((value) => value === "1" || value === "true" || value === "yes");
var environmentSchema = z2.object({
  PORT: z2.coerce.number().int().min(0).max(65535).default(4e3),
  HOST: z2.string().default("127.0.0.1"),
  DATABASE_URL: z2.string().optional(),
  TURNKEY_DATA_DIR: z2.string().default("./.turnkey"),
  TURNKEY_DRIVER: z2.enum(["simulated", "heat"]).default("simulated"),
  TURNKEY_ADMIN_TOKEN: z2.string().min(16, "TURNKEY_ADMIN_TOKEN must be at least 16 characters").optional(),
  TURNKEY_SECRET_KEY: z2.string().min(32, "TURNKEY_SECRET_KEY must be at least 32 characters").optional(),
  TURNKEY_LOG_LEVEL: z2.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TURNKEY_LOG_FORMAT: z2.enum(["auto", "json", "pretty"]).default("auto"),
  TURNKEY_QUERY_STATS: booleanString.default(false),
  // PostgreSQL connections: requests and background work (reconciler, event bus, health, retention) have separate pools.
  TURNKEY_DB_REQUEST_CONNECTIONS: z2.coerce.number().int().min(1).default(10),
  TURNKEY_DB_BACKGROUND_CONNECTIONS: z2.coerce.number().int().min(1).default(5),
  TURNKEY_CILIUM_ENABLED: booleanString.default(false),
  TURNKEY_MAX_QUERY_DEPTH: z2.coerce.number().int().min(1).default(DEFAULT_QUERY_LIMITS.depth),
  TURNKEY_MAX_QUERY_TOKENS: z2.coerce.number().int().min(10).default(DEFAULT_QUERY_LIMITS.tokens),
  TURNKEY_MAX_QUERY_ALIASES: z2.coerce.number().int().min(0).default(DEFAULT_QUERY_LIMITS.aliases),
  TURNKEY_MAX_QUERY_ROOT_FIELDS: z2.coerce.number().int().min(1).default(DEFAULT_QUERY_LIMITS.rootFields),
  TURNKEY_MAX_QUERY_DIRECTIVES: z2.coerce.number().int().min(0).default(DEFAULT_QUERY_LIMITS.directives),
  TURNKEY_MAX_QUERY_COST: z2.coerce.number().int().min(1).default(DEFAULT_QUERY_LIMITS.cost),
  NODE_ENV: z2.string().optional(),
  TURNKEY_REQUEST_DEADLINE_MS: z2.coerce.number().int().min(1).default(3e4),
  TURNKEY_STATEMENT_TIMEOUT_MS: z2.coerce.number().int().min(0).default(15e3),
  TURNKEY_RATE_LIMIT_WINDOW_SECONDS: z2.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.windowSeconds),
  TURNKEY_RATE_LIMIT_QUERY_COST: z2.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.queryCost),
  TURNKEY_RATE_LIMIT_MUTATIONS: z2.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.mutations),
  TURNKEY_RATE_LIMIT_SUBSCRIPTIONS: z2.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.subscriptions),
  TURNKEY_RATE_LIMIT_UNAUTHENTICATED: z2.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.unauthenticated),
  TURNKEY_MAX_SOCKETS_PER_TOKEN: z2.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.socketsPerToken),
  TURNKEY_MAX_SOCKETS_PER_IP: z2.coerce.number().int().min(1).default(DEFAULT_RATE_LIMITS.socketsPerIp),
  TURNKEY_RATE_LIMIT_STORE: z2.enum(["auto", "memory", "postgres", "redis"]).default("auto"),
  TURNKEY_REDIS_URL: z2.string().optional(),
  TURNKEY_SHUTDOWN_GRACE_MS: z2.coerce.number().int().min(0).default(1e4),
  // The embedded default runs a demo create (about 7 simulated minutes) in about half a minute.
  TURNKEY_SIM_SPEED: z2.coerce.number().positive().default(15),
  TURNKEY_SIM_SEED: z2.string().optional(),
  // Fault injection for the simulated driver (the reliability suite's backend faults); all off by default.
  TURNKEY_SIM_FAILURE_RATE: z2.coerce.number().min(0).max(1).default(0),
  TURNKEY_SIM_HANG_RATE: z2.coerce.number().min(0).max(1).default(0),
  TURNKEY_SIM_CALL_FAILURE_RATE: z2.coerce.number().min(0).max(1).default(0),
  TURNKEY_SIM_SLOW_RATE: z2.coerce.number().min(0).max(1).default(0),
  TURNKEY_SIM_SLOW_MS: z2.coerce.number().int().min(0).default(0),
  TURNKEY_RECONCILE_INTERVAL_MS: z2.coerce.number().int().min(1).default(250),
  TURNKEY_LEASE_MS: z2.coerce.number().int().min(100).default(15e3),
  // 0: this replica serves the API and drives no operation (another replica does; tests about records only).
  TURNKEY_WORKER_CONCURRENCY: z2.coerce.number().int().min(0).default(200),
  TURNKEY_WORKER_ID: z2.string().optional(),
  TURNKEY_HEALTH_INTERVAL_MS: z2.coerce.number().int().min(10).default(3e4),
  TURNKEY_AUTOPILOT_INTERVAL_MS: z2.coerce.number().int().min(10).default(3e4),
  TURNKEY_SUBSCRIPTION_BUFFER: z2.coerce.number().int().min(1).default(1e3),
  TURNKEY_IDENTITY: z2.enum(["builtin", "keystone"]).default("builtin"),
  TURNKEY_KEYSTONE_URL: z2.string().url().optional(),
  TURNKEY_KEYSTONE_SERVICE_USER: z2.string().default("turnkey"),
  TURNKEY_KEYSTONE_SERVICE_PASSWORD: z2.string().optional(),
  TURNKEY_KEYSTONE_SERVICE_PROJECT: z2.string().default("service"),
  TURNKEY_KEYSTONE_DOMAIN: z2.string().default("Default"),
  TURNKEY_KEYSTONE_ADMIN_PROJECT: z2.string().default("admin"),
  TURNKEY_KEYSTONE_CACHE_SECONDS: z2.coerce.number().int().min(0).default(10),
  TURNKEY_SESSION_SWEEP_MS: z2.coerce.number().int().min(50).default(2e3),
  TURNKEY_AUTH_CACHE_MS: z2.coerce.number().int().min(0).default(1e4),
  TURNKEY_TOKEN_LAST_USED_FLUSH_MS: z2.coerce.number().int().min(10).default(5e3),
  TURNKEY_EVENT_RETENTION_HOURS: z2.coerce.number().positive().default(168),
  TURNKEY_EVENT_PRUNE_INTERVAL_MS: z2.coerce.number().int().min(10).default(6e5),
  TURNKEY_EVENT_HEARTBEAT_MS: z2.coerce.number().int().min(0).default(5e3),
  TURNKEY_WS_INIT_TIMEOUT_MS: z2.coerce.number().int().min(1).default(3e3),
  TURNKEY_WS_PING_INTERVAL_MS: z2.coerce.number().int().min(0).default(12e3),
  TURNKEY_WS_PONG_TIMEOUT_MS: z2.coerce.number().int().min(1).default(1e4),
  TURNKEY_WS_MAX_SUBSCRIPTIONS: z2.coerce.number().int().min(1).default(50),
  TURNKEY_WS_MAX_BUFFERED_BYTES: z2.coerce.number().int().min(1024).default(1048576),
  TURNKEY_WS_SEND_TIMEOUT_MS: z2.coerce.number().int().min(1).default(1e4),
  TURNKEY_WS_DOCUMENT_CACHE: z2.coerce.number().int().min(1).default(1e3),
  TURNKEY_CORS_ORIGINS: z2.string().default(""),
  ...certificateEnvironment
});
var ConfigError = class extends Error {
};
function parseDatabaseTarget(url, dataDir) {
  if (!url)
    return { kind: "pglite", dataDir: path.join(dataDir, "pgdata") };
  if (url === "memory://")
    return { kind: "pglite", dataDir: null };
  if (url.startsWith("postgres://") || url.startsWith("postgresql://"))
    return { kind: "postgres", url };
  throw new ConfigError(`DATABASE_URL must be a postgres:// URL or memory://, got "${url.split(":")[0]}:\u2026"`);
}
function heatConfig(driver, environment) {
  return driver === "heat" ? heatConfigFrom(environment) : null;
}
function identityConfig(values) {
  if (values.TURNKEY_IDENTITY === "builtin")
    return { provider: "builtin" };
  if (!values.TURNKEY_KEYSTONE_URL || !values.TURNKEY_KEYSTONE_SERVICE_PASSWORD) {
    throw new ConfigError("TURNKEY_IDENTITY=keystone needs TURNKEY_KEYSTONE_URL and TURNKEY_KEYSTONE_SERVICE_PASSWORD");
  }
  return {
    provider: "keystone",
    authUrl: values.TURNKEY_KEYSTONE_URL.replace(/\/$/, ""),
    serviceUser: {
      name: values.TURNKEY_KEYSTONE_SERVICE_USER,
      password: values.TURNKEY_KEYSTONE_SERVICE_PASSWORD,
      domain: values.TURNKEY_KEYSTONE_DOMAIN,
      project: values.TURNKEY_KEYSTONE_SERVICE_PROJECT,
      projectDomain: values.TURNKEY_KEYSTONE_DOMAIN
    },
    adminProject: values.TURNKEY_KEYSTONE_ADMIN_PROJECT,
    cacheSeconds: values.TURNKEY_KEYSTONE_CACHE_SECONDS
  };
}
function loadConfig(environment = process.env) {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
  }
  const values = parsed.data;
  const dataDir = path.resolve(values.TURNKEY_DATA_DIR);
  return {
    port: values.PORT,
    host: values.HOST,
    database: parseDatabaseTarget(values.DATABASE_URL || void 0, dataDir),
    dataDir,
    driver: values.TURNKEY_DRIVER,
    heat: heatConfig(values.TURNKEY_DRIVER, environment),
    adminToken: values.TURNKEY_ADMIN_TOKEN,
    secretKey: values.TURNKEY_SECRET_KEY,
    logLevel: values.TURNKEY_LOG_LEVEL,
    logFormat: values.TURNKEY_LOG_FORMAT,
    queryStats: values.TURNKEY_QUERY_STATS,
    databaseConnections: { requests: values.TURNKEY_DB_REQUEST_CONNECTIONS, background: values.TURNKEY_DB_BACKGROUND_CONNECTIONS },
    ciliumEnabled: values.TURNKEY_CILIUM_ENABLED,
    queryLimits: {
      ...DEFAULT_QUERY_LIMITS,
      tokens: values.TURNKEY_MAX_QUERY_TOKENS,
      depth: values.TURNKEY_MAX_QUERY_DEPTH,
      aliases: values.TURNKEY_MAX_QUERY_ALIASES,
      rootFields: values.TURNKEY_MAX_QUERY_ROOT_FIELDS,
      directives: values.TURNKEY_MAX_QUERY_DIRECTIVES,
      cost: values.TURNKEY_MAX_QUERY_COST
    },
    fieldSuggestions: values.NODE_ENV === "development",
    requestDeadlineMs: values.TURNKEY_REQUEST_DEADLINE_MS,
    statementTimeoutMs: values.TURNKEY_STATEMENT_TIMEOUT_MS,
    rateLimits: {
      windowSeconds: values.TURNKEY_RATE_LIMIT_WINDOW_SECONDS,
      queryCost: values.TURNKEY_RATE_LIMIT_QUERY_COST,
      mutations: values.TURNKEY_RATE_LIMIT_MUTATIONS,
      subscriptions: values.TURNKEY_RATE_LIMIT_SUBSCRIPTIONS,
      unauthenticated: values.TURNKEY_RATE_LIMIT_UNAUTHENTICATED,
      socketsPerToken: values.TURNKEY_MAX_SOCKETS_PER_TOKEN,
      socketsPerIp: values.TURNKEY_MAX_SOCKETS_PER_IP,
      store: values.TURNKEY_RATE_LIMIT_STORE,
      redisUrl: values.TURNKEY_REDIS_URL || void 0
    },
    shutdownGraceMs: values.TURNKEY_SHUTDOWN_GRACE_MS,
    simulation: {
      speed: values.TURNKEY_SIM_SPEED,
      seed: values.TURNKEY_SIM_SEED,
      faults: {
        failureRate: values.TURNKEY_SIM_FAILURE_RATE,
        hangRate: values.TURNKEY_SIM_HANG_RATE,
        callFailureRate: values.TURNKEY_SIM_CALL_FAILURE_RATE,
        slowRate: values.TURNKEY_SIM_SLOW_RATE,
        slowMs: values.TURNKEY_SIM_SLOW_MS
      }
    },
    reconciler: {
      intervalMs: values.TURNKEY_RECONCILE_INTERVAL_MS,
      leaseMs: values.TURNKEY_LEASE_MS,
      concurrency: values.TURNKEY_WORKER_CONCURRENCY,
      workerId: values.TURNKEY_WORKER_ID
    },
    healthIntervalMs: values.TURNKEY_HEALTH_INTERVAL_MS,
    autopilotIntervalMs: values.TURNKEY_AUTOPILOT_INTERVAL_MS,
    subscriptionBuffer: values.TURNKEY_SUBSCRIPTION_BUFFER,
    sessionSweepMs: values.TURNKEY_SESSION_SWEEP_MS,
    tokens: { cacheMs: values.TURNKEY_AUTH_CACHE_MS, lastUsedFlushMs: values.TURNKEY_TOKEN_LAST_USED_FLUSH_MS },
    identity: identityConfig(values),
    events: {
      retentionMs: Math.round(values.TURNKEY_EVENT_RETENTION_HOURS * 36e5),
      pruneIntervalMs: values.TURNKEY_EVENT_PRUNE_INTERVAL_MS,
      heartbeatMs: values.TURNKEY_EVENT_HEARTBEAT_MS
    },
    webSocket: {
      initTimeoutMs: values.TURNKEY_WS_INIT_TIMEOUT_MS,
      pingIntervalMs: values.TURNKEY_WS_PING_INTERVAL_MS,
      pongTimeoutMs: values.TURNKEY_WS_PONG_TIMEOUT_MS,
      maxSubscriptions: values.TURNKEY_WS_MAX_SUBSCRIPTIONS,
      maxBufferedBytes: values.TURNKEY_WS_MAX_BUFFERED_BYTES,
      sendTimeoutMs: values.TURNKEY_WS_SEND_TIMEOUT_MS,
      documentCacheSize: values.TURNKEY_WS_DOCUMENT_CACHE
    },
    certificates: certificateSettingsFrom(values),
    corsOrigins: values.TURNKEY_CORS_ORIGINS.split(",").map((origin) => origin.trim()).filter((origin) => origin !== "")
  };
}
function heatConfigFrom(environment) {
  const read = (name) => {
    const value = environment[name]?.trim();
    return value === void 0 || value === "" ? void 0 : value;
  };
  const required = (name, why) => {
    const value = read(name);
    if (value === void 0)
      throw invalid(`${name} is required for the Heat driver: ${why}`);
    return value;
  };
  const authUrl = required("TURNKEY_OPENSTACK_AUTH_URL", "Keystone's v3 URL, such as http://127.0.0.1:5000/v3");
  const environmentFiles = required("TURNKEY_HEAT_ENVIRONMENT", "a Heat environment that maps Turnkey::Server, Turnkey::Network and Turnkey::LoadBalancer").split(",").map((path5) => path5.trim()).filter((path5) => path5 !== "");
  const endpointInterface = read("TURNKEY_OPENSTACK_INTERFACE") ?? "public";
  if (endpointInterface !== "public" && endpointInterface !== "internal" && endpointInterface !== "admin") {
    throw invalid(`TURNKEY_OPENSTACK_INTERFACE must be public, internal or admin, not "${endpointInterface}"`);
  }
  return {
    authUrl,
    auth: authFrom(read),
    region: read("TURNKEY_OPENSTACK_REGION") ?? null,
    interface: endpointInterface,
    retries: positive(read, "TURNKEY_OPENSTACK_RETRIES", 5),
    tokenRenewSeconds: positive(read, "TURNKEY_OPENSTACK_TOKEN_RENEW_SECS", 300),
    trustee: trusteeFrom(read),
    environmentFiles,
    pollIntervalMs: positive(read, "TURNKEY_HEAT_POLL_INTERVAL_MS", 2e3),
    stallSeconds: positive(read, "TURNKEY_HEAT_STALL_SECS", 300)
  };
}
function authFrom(read) {
  const credentialId = read("TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_ID");
  if (credentialId !== void 0) {
    const secret = read("TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_SECRET");
    if (secret === void 0)
      throw invalid("TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_SECRET is required with its id");
    return { method: "applicationCredential", id: credentialId, secret };
  }
  const userName = read("TURNKEY_OPENSTACK_USERNAME");
  const password = read("TURNKEY_OPENSTACK_PASSWORD");
  if (userName === void 0 || password === void 0) {
    throw invalid("Set TURNKEY_OPENSTACK_USERNAME and TURNKEY_OPENSTACK_PASSWORD, or TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_ID and _SECRET");
  }
  const projectId = read("TURNKEY_OPENSTACK_PROJECT_ID");
  const projectName = read("TURNKEY_OPENSTACK_PROJECT");
  if (projectId === void 0 && projectName === void 0) {
    throw invalid("Set TURNKEY_OPENSTACK_PROJECT (or TURNKEY_OPENSTACK_PROJECT_ID): stacks live in a project");
  }
  return {
    method: "password",
    userName,
    userDomainName: read("TURNKEY_OPENSTACK_USER_DOMAIN") ?? "Default",
    password,
    scope: projectId !== void 0 ? { projectId } : { projectName, projectDomainName: read("TURNKEY_OPENSTACK_PROJECT_DOMAIN") ?? "Default" }
  };
}
function trusteeFrom(read) {
  const id = read("TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ID");
  const name = read("TURNKEY_OPENSTACK_TRUSTEE_DOMAIN");
  const adminUserName = read("TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_USERNAME");
  const adminPassword = read("TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_PASSWORD");
  if (id === void 0 && name === void 0 && adminUserName === void 0)
    return null;
  if (id === void 0 && name === void 0 || adminUserName === void 0 || adminPassword === void 0) {
    throw invalid("Per-cluster trusts need TURNKEY_OPENSTACK_TRUSTEE_DOMAIN (or _ID), TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_USERNAME and _PASSWORD");
  }
  const roles = (read("TURNKEY_OPENSTACK_TRUST_ROLES") ?? "member").split(",").map((role) => role.trim()).filter((role) => role !== "");
  return { domain: id !== void 0 ? { id } : { name }, adminUserName, adminPassword, roles };
}
function positive(read, name, fallback) {
  const text16 = read(name);
  if (text16 === void 0)
    return fallback;
  const value = Number(text16);
  if (!Number.isFinite(value) || value <= 0)
    throw invalid(`${name} must be a positive number, not "${text16}"`);
  return value;
}
function invalid(reason) {
  return new ConfigError(`invalid configuration: ${reason}`);
}

// dist/logger.js
import { pino } from "pino";
function createLogger(level, format = "json") {
  const pretty = format === "pretty" || format === "auto" && process.stdout.isTTY === true;
  return pino({
    level,
    base: { service: "turnkey" },
    redact: { paths: ["req.headers.authorization", 'req.headers["x-auth-token"]', 'req.headers["x-subject-token"]', "*.authorization", "*.token", "*.privateKey", "*.password"], censor: "[redacted]" },
    ...pretty ? { transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service" } } } : {}
  });
}

// dist/server.js
import "reflect-metadata";
import { randomUUID as randomUUID10 } from "node:crypto";
import { hostname as hostname2 } from "node:os";
import { createServer } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express3 from "express";
import { pinoHttp } from "pino-http";
import { Counter as Counter4 } from "prom-client";

// dist/app.js
import "reflect-metadata";
import { randomUUID as randomUUID4 } from "node:crypto";
import { hostname } from "node:os";
import { collectDefaultMetrics, Counter as Counter2, Registry } from "prom-client";

// dist/bootstrap.js
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path2 from "node:path";

// dist/db/queries/projects.js
import { eq, inArray } from "drizzle-orm";

// dist/db/schema/index.js
var schema_exports = {};
__export(schema_exports, {
  apiTokens: () => apiTokens,
  auditEvents: () => auditEvents,
  certificates: () => certificates,
  clusterEventRetention: () => clusterEventRetention,
  clusterEvents: () => clusterEvents,
  clusterTemplates: () => clusterTemplates,
  clusters: () => clusters,
  idempotencyKeys: () => idempotencyKeys,
  nodeGroups: () => nodeGroups,
  operations: () => operations,
  projects: () => projects,
  quotas: () => quotas,
  rateLimits: () => rateLimits,
  resourceVersion: () => resourceVersion,
  roleBindings: () => roleBindings,
  timestamps: () => timestamps,
  users: () => users
});

// dist/db/schema/columns.js
import { integer, timestamp } from "drizzle-orm/pg-core";
var timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date", precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date", precision: 3 }).notNull().defaultNow()
};
var resourceVersion = {
  resourceVersion: integer("resource_version").notNull().default(1)
};

// dist/db/schema/projects.js
import { pgTable, text, uuid } from "drizzle-orm/pg-core";
var projects = pgTable("projects", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull().unique(),
  ...timestamps
});

// dist/db/schema/cluster-templates.js
import { boolean, index, integer as integer2, jsonb, pgTable as pgTable2, text as text2, uniqueIndex, uuid as uuid2 } from "drizzle-orm/pg-core";
var clusterTemplates = pgTable2("cluster_templates", {
  id: uuid2("id").primaryKey(),
  projectId: uuid2("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
  name: text2("name").notNull(),
  coe: text2("coe").notNull(),
  clusterDistro: text2("cluster_distro"),
  imageId: text2("image_id").notNull(),
  keypairId: text2("keypair_id"),
  flavorId: text2("flavor_id"),
  masterFlavorId: text2("master_flavor_id"),
  serverType: text2("server_type").notNull(),
  networkDriver: text2("network_driver"),
  volumeDriver: text2("volume_driver"),
  dockerVolumeSize: integer2("docker_volume_size"),
  dockerStorageDriver: text2("docker_storage_driver"),
  externalNetworkId: text2("external_network_id"),
  fixedNetwork: text2("fixed_network"),
  fixedSubnet: text2("fixed_subnet"),
  dnsNameserver: text2("dns_nameserver"),
  apiserverPort: integer2("apiserver_port"),
  httpProxy: text2("http_proxy"),
  httpsProxy: text2("https_proxy"),
  noProxy: text2("no_proxy"),
  registryEnabled: boolean("registry_enabled").notNull().default(false),
  insecureRegistry: text2("insecure_registry"),
  tlsDisabled: boolean("tls_disabled").notNull().default(false),
  public: boolean("public").notNull().default(false),
  hidden: boolean("hidden").notNull().default(false),
  floatingIpEnabled: boolean("floating_ip_enabled").notNull().default(true),
  masterLbEnabled: boolean("master_lb_enabled").notNull().default(false),
  labels: jsonb("labels").$type().notNull().default([]),
  tags: jsonb("tags").$type().notNull().default([]),
  ...resourceVersion,
  ...timestamps
}, (table) => [
  uniqueIndex("cluster_templates_project_name_key").on(table.projectId, table.name),
  index("cluster_templates_created_at_id_idx").on(table.createdAt, table.id),
  index("cluster_templates_name_id_idx").on(table.name, table.id)
]);

// dist/db/schema/clusters.js
import { boolean as boolean2, index as index2, integer as integer3, jsonb as jsonb2, pgTable as pgTable3, text as text3, uniqueIndex as uniqueIndex2, uuid as uuid3 } from "drizzle-orm/pg-core";
var clusters = pgTable3("clusters", {
  id: uuid3("id").primaryKey(),
  projectId: uuid3("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
  // restrict: a template in use cannot disappear under its clusters.
  templateId: uuid3("template_id").notNull().references(() => clusterTemplates.id, { onDelete: "restrict" }),
  name: text3("name").notNull(),
  status: text3("status").notNull(),
  statusReason: text3("status_reason"),
  healthStatus: text3("health_status").notNull().default("UNKNOWN"),
  healthStatusReason: jsonb2("health_status_reason").$type().notNull().default({}),
  nodeCount: integer3("node_count").notNull(),
  masterCount: integer3("master_count").notNull(),
  flavorId: text3("flavor_id"),
  masterFlavorId: text3("master_flavor_id"),
  keypair: text3("keypair"),
  labels: jsonb2("labels").$type().notNull().default([]),
  createTimeout: integer3("create_timeout").notNull(),
  discoveryUrl: text3("discovery_url"),
  apiAddress: text3("api_address"),
  masterAddresses: jsonb2("master_addresses").$type().notNull().default([]),
  nodeAddresses: jsonb2("node_addresses").$type().notNull().default([]),
  coeVersion: text3("coe_version"),
  containerVersion: text3("container_version"),
  stackId: text3("stack_id"),
  faults: jsonb2("faults").$type().notNull().default({}),
  dockerVolumeSize: integer3("docker_volume_size"),
  fixedNetwork: text3("fixed_network"),
  fixedSubnet: text3("fixed_subnet"),
  floatingIpEnabled: boolean2("floating_ip_enabled").notNull(),
  masterLbEnabled: boolean2("master_lb_enabled").notNull(),
  /** The cluster's own OpenStack identity (trustee and trust, as Magnum's), encrypted with TURNKEY_SECRET_KEY; null without one. */
  trustCredentials: text3("trust_credentials"),
  /** Who asked for the cluster; credentials policy depends on it. */
  createdBy: text3("created_by").notNull(),
  ...resourceVersion,
  ...timestamps
}, (table) => [
  uniqueIndex2("clusters_project_name_key").on(table.projectId, table.name),
  index2("clusters_template_id_idx").on(table.templateId),
  index2("clusters_created_at_id_idx").on(table.createdAt, table.id),
  index2("clusters_name_id_idx").on(table.name, table.id),
  index2("clusters_status_idx").on(table.status)
]);

// dist/db/schema/node-groups.js
import { boolean as boolean3, index as index3, integer as integer4, jsonb as jsonb3, pgTable as pgTable4, text as text4, uniqueIndex as uniqueIndex3, uuid as uuid4 } from "drizzle-orm/pg-core";
var nodeGroups = pgTable4("node_groups", {
  id: uuid4("id").primaryKey(),
  projectId: uuid4("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
  clusterId: uuid4("cluster_id").notNull().references(() => clusters.id, { onDelete: "cascade" }),
  name: text4("name").notNull(),
  role: text4("role").notNull(),
  isDefault: boolean3("is_default").notNull().default(false),
  nodeCount: integer4("node_count").notNull(),
  minNodeCount: integer4("min_node_count").notNull().default(0),
  maxNodeCount: integer4("max_node_count"),
  flavorId: text4("flavor_id"),
  imageId: text4("image_id"),
  dockerVolumeSize: integer4("docker_volume_size"),
  labels: jsonb3("labels").$type().notNull().default([]),
  status: text4("status").notNull(),
  statusReason: text4("status_reason"),
  nodeAddresses: jsonb3("node_addresses").$type().notNull().default([]),
  stackId: text4("stack_id"),
  /** The COE version the nodes run (Magnum's `version`), not the row's revision. */
  version: text4("version"),
  ...resourceVersion,
  ...timestamps
}, (table) => [
  uniqueIndex3("node_groups_cluster_name_key").on(table.clusterId, table.name),
  index3("node_groups_cluster_id_idx").on(table.clusterId)
]);

// dist/db/schema/certificates.js
import { index as index4, integer as integer5, pgTable as pgTable5, text as text5, timestamp as timestamp2, uuid as uuid5 } from "drizzle-orm/pg-core";
var certificates = pgTable5("certificates", {
  id: uuid5("id").primaryKey(),
  projectId: uuid5("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
  // cascade: deleting a cluster removes every CA it had (Magnum leaves etcd/front-proxy CAs behind).
  clusterId: uuid5("cluster_id").notNull().references(() => clusters.id, { onDelete: "cascade" }),
  /** KUBERNETES, ETCD or FRONT_PROXY. */
  kind: text5("kind").notNull(),
  /** Increases with each CA rotation; two generations coexist while one is RETIRING. */
  generation: integer5("generation").notNull().default(1),
  /** ACTIVE, PENDING (rotation phase one), RETIRING. */
  state: text5("state").notNull(),
  pem: text5("pem").notNull(),
  encryptedPrivateKey: text5("encrypted_private_key").notNull(),
  serialNumber: text5("serial_number").notNull(),
  fingerprintSha256: text5("fingerprint_sha256").notNull(),
  notBefore: timestamp2("not_before", { withTimezone: true, mode: "date" }).notNull(),
  notAfter: timestamp2("not_after", { withTimezone: true, mode: "date" }).notNull(),
  ...timestamps
}, (table) => [index4("certificates_cluster_id_idx").on(table.clusterId, table.kind, table.generation)]);

// dist/db/schema/operations.js
import { index as index5, integer as integer6, jsonb as jsonb4, pgTable as pgTable6, text as text6, timestamp as timestamp3, uniqueIndex as uniqueIndex4, uuid as uuid6 } from "drizzle-orm/pg-core";
var operations = pgTable6("operations", {
  id: uuid6("id").primaryKey(),
  projectId: uuid6("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
  // No foreign key: an operation outlives the cluster it deleted, as history.
  clusterId: uuid6("cluster_id").notNull(),
  /** CLUSTER_CREATE, CLUSTER_UPDATE, CLUSTER_RESIZE, CLUSTER_UPGRADE, CLUSTER_DELETE, NODE_GROUP_*, CA_ROTATE. */
  type: text6("type").notNull(),
  /** PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED. */
  status: text6("status").notNull(),
  /** What the operation must achieve (new counts, target template, …), written with the intent. */
  spec: jsonb4("spec").$type().notNull().default({}),
  /**
   * What the reconciler has done so far (driver submission, stack id, transient failures in a row), kept
   * apart from the request in `spec`; read through orchestration/reconcile/operation-specs.ts.
   */
  progress: jsonb4("progress").$type().notNull().default({}),
  /** Set while the operation backs off after a transient driver error: no worker claims it before then. */
  notBefore: timestamp3("not_before", { withTimezone: true, mode: "date" }),
  stages: jsonb4("stages").$type().notNull().default([]),
  percent: integer6("percent").notNull().default(0),
  requestId: text6("request_id"),
  errorCode: text6("error_code"),
  errorMessage: text6("error_message"),
  /** Lease: which worker drives it and until when; an expired lease may be taken over. */
  leaseOwner: text6("lease_owner"),
  leaseExpiresAt: timestamp3("lease_expires_at", { withTimezone: true, mode: "date" }),
  attempts: integer6("attempts").notNull().default(0),
  createdBy: text6("created_by").notNull(),
  /** Who cancelled it (operationCancel), by name; null when nobody did (a delete superseding it says so in errorMessage). */
  cancelledBy: text6("cancelled_by"),
  startedAt: timestamp3("started_at", { withTimezone: true, mode: "date" }),
  finishedAt: timestamp3("finished_at", { withTimezone: true, mode: "date" }),
  ...timestamps
}, (table) => [
  index5("operations_cluster_id_idx").on(table.clusterId, table.createdAt),
  index5("operations_claimable_idx").on(table.status, table.leaseExpiresAt),
  // Query.operations pages a project's operations newest first.
  index5("operations_project_created_idx").on(table.projectId, table.createdAt),
  uniqueIndex4("operations_project_request_key").on(table.projectId, table.requestId)
]);

// dist/db/schema/cluster-events.js
import { bigserial, index as index6, integer as integer7, jsonb as jsonb5, pgTable as pgTable7, text as text7, timestamp as timestamp4, uuid as uuid7 } from "drizzle-orm/pg-core";
var clusterEvents = pgTable7("cluster_events", {
  /** Monotonic across the whole log: the subscription cursor. */
  id: bigserial("id", { mode: "bigint" }).primaryKey(),
  projectId: uuid7("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
  // No foreign key: the history of a deleted cluster is kept.
  clusterId: uuid7("cluster_id").notNull(),
  operationId: uuid7("operation_id"),
  /** STATUS_CHANGED, PROGRESS, HEALTH_CHANGED, DELETED, … */
  type: text7("type").notNull(),
  status: text7("status"),
  previousStatus: text7("previous_status"),
  statusReason: text7("status_reason"),
  healthStatus: text7("health_status"),
  stage: text7("stage"),
  percent: integer7("percent"),
  details: jsonb5("details").$type().notNull().default({}),
  occurredAt: timestamp4("occurred_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
}, (table) => [
  index6("cluster_events_cluster_id_idx").on(table.clusterId, table.id),
  index6("cluster_events_occurred_at_idx").on(table.occurredAt)
]);

// dist/db/schema/cluster-event-retention.js
import { sql } from "drizzle-orm";
import { bigint, check, pgTable as pgTable8, smallint, timestamp as timestamp5 } from "drizzle-orm/pg-core";
var clusterEventRetention = pgTable8("cluster_event_retention", {
  /** Always 1: the log has one watermark. */
  id: smallint("id").primaryKey().default(1),
  /**
   * Every event with an id at or below this may have been deleted; every later one is kept.
   * Derived values (the oldest id left) would be wrong: ids have gaps where appends rolled back,
   * and an empty log says nothing about what was pruned.
   */
  prunedThrough: bigint("pruned_through", { mode: "bigint" }).notNull().default(sql`0`),
  prunedAt: timestamp5("pruned_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
}, (table) => [check("cluster_event_retention_one_row", sql`${table.id} = 1`)]);

// dist/db/schema/idempotency-keys.js
import { jsonb as jsonb6, pgTable as pgTable9, primaryKey, text as text8, timestamp as timestamp6 } from "drizzle-orm/pg-core";
var idempotencyKeys = pgTable9("idempotency_keys", {
  /** Who sent it: a retry by someone else must not see the first caller's result. */
  principal: text8("principal").notNull(),
  requestId: text8("request_id").notNull(),
  mutation: text8("mutation").notNull(),
  /** Hash of the input: the same requestId with a different input is a CONFLICT. */
  inputHash: text8("input_hash").notNull(),
  /** Ids the payload referred to, re-read on replay so the client sees current objects. */
  result: jsonb6("result").$type().notNull(),
  createdAt: timestamp6("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow()
}, (table) => [primaryKey({ columns: [table.principal, table.requestId] })]);

// dist/db/schema/users.js
import { pgTable as pgTable10, text as text9, uuid as uuid8 } from "drizzle-orm/pg-core";
var users = pgTable10("users", {
  id: uuid8("id").primaryKey(),
  name: text9("name").notNull().unique(),
  /** Where the identity comes from: "builtin", or "keystone" for users mirrored from Keystone. */
  source: text9("source").notNull().default("builtin"),
  ...timestamps
});

// dist/db/schema/role-bindings.js
import { index as index7, pgTable as pgTable11, text as text10, uniqueIndex as uniqueIndex5, uuid as uuid9 } from "drizzle-orm/pg-core";
var roleBindings = pgTable11("role_bindings", {
  id: uuid9("id").primaryKey(),
  userId: uuid9("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  projectId: uuid9("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
  role: text10("role").notNull(),
  ...timestamps
}, (table) => [uniqueIndex5("role_bindings_user_project_key").on(table.userId, table.projectId), index7("role_bindings_project_idx").on(table.projectId)]);

// dist/db/schema/api-tokens.js
import { pgTable as pgTable12, text as text11, timestamp as timestamp7, uuid as uuid10 } from "drizzle-orm/pg-core";
var apiTokens = pgTable12("api_tokens", {
  id: uuid10("id").primaryKey(),
  userId: uuid10("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  name: text11("name").notNull(),
  /** Hex SHA-256 of the whole token: the token itself is shown once and never stored. */
  tokenHash: text11("token_hash").notNull().unique(),
  /** The token's first characters, so people can tell their tokens apart. */
  prefix: text11("prefix").notNull(),
  expiresAt: timestamp7("expires_at", { withTimezone: true, mode: "date", precision: 3 }),
  revokedAt: timestamp7("revoked_at", { withTimezone: true, mode: "date", precision: 3 }),
  /** Recorded in batches (src/identity/last-use.ts), never by the request that used the token. */
  lastUsedAt: timestamp7("last_used_at", { withTimezone: true, mode: "date", precision: 3 }),
  /** The projects the token may act in; null: every project of its user (only a global admin mints these). */
  projectIds: uuid10("project_ids").array(),
  /** The highest role the token acts with in any project, whatever its user holds; null: no cap. */
  maxRole: text11("max_role"),
  /** Who minted it: "admin" (the operator's token) or a user id. A token minted for someone else lives only while its minter still administers the project. */
  createdBy: text11("created_by"),
  ...timestamps
});

// dist/db/schema/quotas.js
import { integer as integer8, pgTable as pgTable13, primaryKey as primaryKey2, text as text12, uuid as uuid11 } from "drizzle-orm/pg-core";
var quotas = pgTable13("quotas", {
  projectId: uuid11("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
  resource: text12("resource").notNull(),
  limit: integer8("limit").notNull(),
  ...timestamps
}, (table) => [primaryKey2({ columns: [table.projectId, table.resource] })]);

// dist/db/schema/audit-events.js
import { bigserial as bigserial2, index as index8, jsonb as jsonb7, pgTable as pgTable14, text as text13, timestamp as timestamp8, uuid as uuid12 } from "drizzle-orm/pg-core";
var auditEvents = pgTable14("audit_events", {
  id: bigserial2("id", { mode: "bigint" }).primaryKey(),
  occurredAt: timestamp8("occurred_at", { withTimezone: true, mode: "date", precision: 3 }).notNull().defaultNow(),
  principalId: text13("principal_id").notNull(),
  principalName: text13("principal_name").notNull(),
  /** The project the object belongs to, when known; no foreign key so history outlives projects. */
  projectId: uuid12("project_id"),
  mutation: text13("mutation").notNull(),
  /** Global id of the object acted on, when there is one. */
  objectId: text13("object_id"),
  /** SUCCEEDED, REFUSED (a userError) or FAILED (a top-level error). */
  outcome: text13("outcome").notNull(),
  /** The refusal's code, and the request id. */
  details: jsonb7("details").$type().notNull().default({})
}, (table) => [index8("audit_events_project_idx").on(table.projectId, table.id), index8("audit_events_principal_idx").on(table.principalId, table.id)]);

// dist/db/schema/rate-limits.js
import { index as index9, integer as integer9, pgTable as pgTable15, text as text14, timestamp as timestamp9 } from "drizzle-orm/pg-core";
var rateLimits = pgTable15("rate_limits", {
  /** Budget and subject: "query:token:<id>", "ip:<address>". */
  key: text14("key").primaryKey(),
  points: integer9("points").notNull(),
  expire: timestamp9("expire", { withTimezone: true, mode: "date" })
}, (table) => [index9("rate_limits_expire").on(table.expire)]);

// dist/db/queries/projects.js
async function projectsByIds(executor, ids) {
  if (ids.length === 0)
    return [];
  return executor.select().from(projects).where(inArray(projects.id, [...ids]));
}
async function findProjectByName(executor, name) {
  const [row] = await executor.select().from(projects).where(eq(projects.name, name));
  return row;
}
async function ensureProject(executor, id, name) {
  await executor.insert(projects).values({ id, name }).onConflictDoNothing();
  const row = await findProjectByName(executor, name);
  if (!row)
    throw new Error(`project ${name} could not be created`);
  return row;
}

// dist/bootstrap.js
var HOME_PROJECT = { id: "00000000-0000-4000-8000-000000000001", name: "admin" };
function readOrCreate(file, make) {
  if (existsSync(file))
    return { value: readFileSync(file, "utf8").trim(), created: false };
  mkdirSync(path2.dirname(file), { recursive: true });
  const value = make();
  try {
    writeFileSync(file, `${value}
`, { mode: 384, flag: "wx" });
    return { value, created: true };
  } catch {
    return { value: readFileSync(file, "utf8").trim(), created: false };
  }
}
function resolveSecrets(config) {
  const token = config.adminToken ? { value: config.adminToken, created: false } : readOrCreate(path2.join(config.dataDir, "admin-token"), () => `tk_${randomBytes(24).toString("base64url")}`);
  const key = config.secretKey ? { value: config.secretKey, created: false } : readOrCreate(path2.join(config.dataDir, "secret-key"), () => randomBytes(32).toString("base64url"));
  return { adminToken: token.value, adminTokenGenerated: token.created || !config.adminToken && token.value !== "", secretKey: key.value };
}
async function ensureHomeProject(db) {
  const project = await ensureProject(db, HOME_PROJECT.id, HOME_PROJECT.name);
  return project.id;
}

// dist/clock.js
var SYSTEM_CLOCK = { now: () => Date.now() };

// dist/db/client.js
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync as mkdirSync2 } from "node:fs";
import { fileURLToPath as fileURLToPath2 } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql as sql2 } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

// dist/db/template.js
import { createHash } from "node:crypto";
import { cpSync, existsSync as existsSync2, readdirSync, readFileSync as readFileSync2, rmSync, writeFileSync as writeFileSync2 } from "node:fs";
import path3 from "node:path";
import { fileURLToPath } from "node:url";
var templateDir = fileURLToPath(new URL("../pgdata-template", import.meta.url));
var HASH_FILE = ".turnkey-migrations-hash";
function migrationsHash(migrationsFolder2) {
  const hash = createHash("sha256");
  const files = [path3.join("meta", "_journal.json"), ...readdirSync(migrationsFolder2).filter((name) => name.endsWith(".sql")).sort()];
  for (const file of files) {
    hash.update(file);
    hash.update("\0");
    hash.update(readFileSync2(path3.join(migrationsFolder2, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}
function isEmptyDataDir(dataDir) {
  return !existsSync2(dataDir) || readdirSync(dataDir).length === 0;
}
function seedFromTemplate(dataDir, migrationsFolder2, from = templateDir) {
  if (!isEmptyDataDir(dataDir))
    return false;
  const hashFile = path3.join(from, HASH_FILE);
  if (!existsSync2(hashFile) || !existsSync2(path3.join(from, "PG_VERSION")))
    return false;
  if (readFileSync2(hashFile, "utf8").trim() !== migrationsHash(migrationsFolder2))
    return false;
  cpSync(from, dataDir, { recursive: true, filter: (source) => path3.basename(source) !== HASH_FILE && path3.basename(source) !== "postmaster.pid" });
  return true;
}

// dist/db/client.js
var migrationsFolder = fileURLToPath2(new URL("../../drizzle", import.meta.url));
var statementScope = new AsyncLocalStorage();
var CountingLogger = class {
  observer;
  constructor(observer) {
    this.observer = observer;
  }
  logQuery(query) {
    const scope = statementScope.getStore();
    if (scope)
      scope.statements += 1;
    this.observer?.(query);
  }
};
var MIGRATION_LOCK_KEY = 7353001;
var DEFAULT_CONNECTION_BUDGETS = { requests: 10, background: 5 };
async function openDatabase(target, observer, options = {}) {
  const budgets = options.connections ?? DEFAULT_CONNECTION_BUDGETS;
  const logger = new CountingLogger(observer);
  if (target.kind === "pglite") {
    if (target.dataDir)
      seedFromTemplate(target.dataDir, migrationsFolder);
    if (target.dataDir)
      mkdirSync2(target.dataDir, { recursive: true });
    const client2 = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
    await client2.waitReady;
    yieldBetweenStatements(client2);
    const db2 = drizzlePglite(client2, { schema: schema_exports, logger });
    await migratePglite(db2, { migrationsFolder });
    return {
      db: db2,
      background: db2,
      kind: "pglite",
      ping: async () => probe(db2),
      listen: async (channel, onNotify, onListening) => {
        const unlisten = await client2.listen(channel, onNotify);
        onListening?.();
        return unlisten;
      },
      close: async () => {
        if (!client2.closed)
          await client2.close();
      }
    };
  }
  const timeout = options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {};
  const client = postgres(target.url, { max: budgets.requests, onnotice: () => void 0, connection: { application_name: "turnkey", ...timeout } });
  const db = drizzlePostgres(client, { schema: schema_exports, logger });
  const backgroundClient = postgres(target.url, { max: budgets.background, onnotice: () => void 0, connection: { application_name: "turnkey-background", ...timeout } });
  const background = drizzlePostgres(backgroundClient, { schema: schema_exports, logger });
  const lockHolder = await client.reserve();
  try {
    await lockHolder`set statement_timeout = 0`;
    await lockHolder`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(db, { migrationsFolder });
  } finally {
    await lockHolder`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => void 0);
    await lockHolder`reset statement_timeout`.catch(() => void 0);
    lockHolder.release();
  }
  return {
    db,
    background,
    kind: "postgres",
    ping: async () => probe(db),
    listen: async (channel, onNotify, onListening) => {
      const subscription = await client.listen(channel, onNotify, onListening);
      return () => subscription.unlisten();
    },
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), backgroundClient.end({ timeout: 5 })]);
    }
  };
}
function yieldBetweenStatements(client) {
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const turn = () => new Promise((resolve2) => setImmediate(resolve2));
  client.query = (async (...args) => {
    await turn();
    return query(...args);
  });
  client.exec = (async (...args) => {
    await turn();
    return exec(...args);
  });
}
async function probe(db) {
  try {
    await db.execute(sql2`select 1`);
    return true;
  } catch {
    return false;
  }
}

// dist/db/queries/certificates.js
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq as eq2, getTableColumns, inArray as inArray2, lte, max, notExists } from "drizzle-orm";
var { encryptedPrivateKey: _privateKey, ...publicColumns } = getTableColumns(certificates);
async function certificatesByClusterIds(executor, clusterIds) {
  if (clusterIds.length === 0)
    return [];
  return executor.select(publicColumns).from(certificates).where(inArray2(certificates.clusterId, [...clusterIds])).orderBy(asc(certificates.clusterId), asc(certificates.kind), desc(certificates.generation));
}
async function certificatesByIds(executor, ids) {
  if (ids.length === 0)
    return [];
  return executor.select(publicColumns).from(certificates).where(inArray2(certificates.id, [...ids]));
}
async function signingAuthorityWithKey(executor, clusterId, kind) {
  const [row] = await executor.select({ pem: certificates.pem, encryptedPrivateKey: certificates.encryptedPrivateKey }).from(certificates).where(and(eq2(certificates.clusterId, clusterId), eq2(certificates.kind, kind), eq2(certificates.state, "ACTIVE"))).orderBy(desc(certificates.generation)).limit(1);
  return row;
}
async function insertAuthorities(transaction, cluster, authorities, placement) {
  if (authorities.length === 0)
    return;
  const { generation, state, now } = placement;
  await transaction.insert(certificates).values(authorities.map((authority) => ({ ...authority, id: randomUUID(), projectId: cluster.projectId, clusterId: cluster.id, generation, state, createdAt: now, updatedAt: now })));
}
async function kindsPresent(transaction, clusterId) {
  const rows = await transaction.selectDistinct({ kind: certificates.kind }).from(certificates).where(eq2(certificates.clusterId, clusterId));
  return new Set(rows.map((row) => row.kind));
}
async function nextGeneration(transaction, clusterId) {
  const [row] = await transaction.select({ newest: max(certificates.generation) }).from(certificates).where(eq2(certificates.clusterId, clusterId));
  return (row?.newest ?? 0) + 1;
}
async function discardPendingAuthorities(transaction, clusterId) {
  await transaction.delete(certificates).where(and(eq2(certificates.clusterId, clusterId), eq2(certificates.state, "PENDING")));
}
async function promotePendingAuthorities(transaction, clusterId, now) {
  const pending = await transaction.selectDistinct({ kind: certificates.kind }).from(certificates).where(and(eq2(certificates.clusterId, clusterId), eq2(certificates.state, "PENDING")));
  if (pending.length === 0)
    return;
  const kinds = pending.map((row) => row.kind);
  await transaction.update(certificates).set({ state: "RETIRING", updatedAt: now }).where(and(eq2(certificates.clusterId, clusterId), eq2(certificates.state, "ACTIVE"), inArray2(certificates.kind, kinds)));
  await transaction.update(certificates).set({ state: "ACTIVE", updatedAt: now }).where(and(eq2(certificates.clusterId, clusterId), eq2(certificates.state, "PENDING")));
}
async function removeRetiringAuthorities(transaction, clusterId) {
  await transaction.delete(certificates).where(and(eq2(certificates.clusterId, clusterId), eq2(certificates.state, "RETIRING")));
}
async function retiringGeneration(transaction, clusterId) {
  const [retiring] = await transaction.select({ generation: max(certificates.generation) }).from(certificates).where(and(eq2(certificates.clusterId, clusterId), eq2(certificates.state, "RETIRING")));
  return retiring?.generation ?? null;
}
async function clustersDueForRetirement(db, cutoff, settledStatuses, limit) {
  return db.selectDistinct({ clusterId: certificates.clusterId }).from(certificates).innerJoin(clusters, eq2(clusters.id, certificates.clusterId)).where(and(eq2(certificates.state, "RETIRING"), lte(certificates.updatedAt, cutoff), inArray2(clusters.status, [...settledStatuses]), notExists(db.select({ id: operations.id }).from(operations).where(and(eq2(operations.clusterId, clusters.id), inArray2(operations.status, ["PENDING", "RUNNING"])))))).limit(limit);
}

// dist/db/queries/pagination.js
import { and as and2, asc as asc2, count, desc as desc2, sql as sql3 } from "drizzle-orm";
var PageRequestError = class extends Error {
  field;
  constructor(field, message) {
    super(message);
    this.field = field;
    this.name = "PageRequestError";
  }
};
var badInput = (field, message) => new PageRequestError(field, message);
var DEFAULT_PAGE_SIZE = 20;
var MAX_PAGE_SIZE = 100;
function encodeCursor(content) {
  return Buffer.from(JSON.stringify([content.sort, content.value, content.id])).toString("base64url");
}
function decodeCursor(cursor, sort, argument, idKind = "uuid") {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(decoded) && decoded.length === 3 && decoded.every((part) => typeof part === "string")) {
      const [sortName, value, id] = decoded;
      if (sortName !== sort)
        throw badInput(argument, `cursor was made for ordering ${sortName}, not ${sort}; start again without ${argument}`);
      if (!(idKind === "uuid" ? /^[0-9a-f-]{36}$/ : /^\d{1,19}$/).test(id))
        throw new Error("bad id");
      return { sort: sortName, value, id };
    }
  } catch (error) {
    if (error instanceof PageRequestError)
      throw error;
  }
  throw badInput(argument, `${argument} is not a cursor this API issued`);
}
function pageWindow(request) {
  if (request.first != null && request.last != null)
    throw badInput("last", "give first or last, not both");
  const backward = request.last != null || request.before != null && request.first == null;
  const size = (backward ? request.last : request.first) ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(backward ? "last" : "first", `${backward ? "last" : "first"} must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return { size, backward };
}
function sortValue(row, key, propertyName) {
  const value = row[propertyName];
  return value instanceof Date ? value.toISOString() : String(value);
}
function keysetCondition(key, idColumn, cursor, after) {
  const value = key.kind === "timestamp" ? sql3`${cursor.value}::timestamptz` : key.kind === "bigint" ? sql3`${cursor.value}::bigint` : sql3`${cursor.value}`;
  const forward = key.direction === "ASC" === after;
  const id = key.idKind === "bigint" ? sql3`${cursor.id}::bigint` : sql3`${cursor.id}::uuid`;
  return forward ? sql3`(${key.column}, ${idColumn}) > (${value}, ${id})` : sql3`(${key.column}, ${idColumn}) < (${value}, ${id})`;
}
function orderFor(key, idColumn, reversed) {
  const ascending = key.direction === "ASC" !== reversed;
  return ascending ? [asc2(key.column), asc2(idColumn)] : [desc2(key.column), desc2(idColumn)];
}
function pagePlan(request, key, idColumn) {
  const { size, backward } = pageWindow(request);
  const conditions = [];
  if (request.after)
    conditions.push(keysetCondition(key, idColumn, decodeCursor(request.after, key.name, "after", key.idKind), true));
  if (request.before)
    conditions.push(keysetCondition(key, idColumn, decodeCursor(request.before, key.name, "before", key.idKind), false));
  return { size, backward, conditions, order: orderFor(key, idColumn, backward) };
}
function finishPage(fetched, plan, request, key, propertyName) {
  const more = fetched.length > plan.size;
  const rows = fetched.slice(0, plan.size);
  if (plan.backward)
    rows.reverse();
  return {
    rows,
    hasNextPage: plan.backward ? Boolean(request.before) : more,
    hasPreviousPage: plan.backward ? more : Boolean(request.after),
    cursorOf: (row) => encodeCursor({ sort: key.name, value: sortValue(row, key, propertyName), id: String(row.id) })
  };
}
async function paginate(executor, table, idColumn, filter, key, propertyName, request) {
  const plan = pagePlan(request, key, idColumn);
  const fetched = await executor.select().from(table).where(and2(filter, ...plan.conditions)).orderBy(...plan.order).limit(plan.size + 1);
  return finishPage(fetched, plan, request, key, propertyName);
}
async function countRows(executor, table, filter) {
  const [result] = await executor.select({ total: count() }).from(table).where(filter);
  return result?.total ?? 0;
}

// dist/domain/errors.js
var USER_ERROR_CODES = [
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "CONFLICT",
  "INVALID_STATE",
  "QUOTA_EXCEEDED",
  "FORBIDDEN",
  "NOT_SUPPORTED"
];
var DomainError = class extends Error {
  problems;
  constructor(problems) {
    const list5 = Array.isArray(problems) ? problems : [problems];
    super(list5.map((problem2) => problem2.message).join("; "));
    this.name = "DomainError";
    this.problems = list5;
  }
  get code() {
    return this.problems[0]?.code ?? "BAD_USER_INPUT";
  }
};
function problem(code, field, message) {
  return { code, field: typeof field === "string" ? [field] : field, message };
}
function toRefusal(error) {
  return error instanceof PageRequestError ? badInput2(error.field, error.message) : error;
}
var badInput2 = (field, message) => new DomainError(problem("BAD_USER_INPUT", field, message));
var notFound = (field, message) => new DomainError(problem("NOT_FOUND", field, message));
var noSuch = (noun) => `no such ${noun}`;
var MALFORMED_ID = "00000000-0000-0000-0000-000000000000";
var missing = (field, uuid13, noun) => uuid13 === MALFORMED_ID ? new DomainError(problem("BAD_USER_INPUT", field, "not a valid id")) : new DomainError(problem("NOT_FOUND", field, noSuch(noun)));
var conflict = (field, message) => new DomainError(problem("CONFLICT", field, message));
var invalidState = (field, message) => new DomainError(problem("INVALID_STATE", field, message));
var forbidden = (field, message) => new DomainError(problem("FORBIDDEN", field, message));
var UnauthenticatedError = class extends Error {
  constructor(message = "authentication required: send Authorization: Bearer <token>") {
    super(message);
    this.name = "UnauthenticatedError";
  }
};

// dist/domain/policy/rules.js
function roleIn(principal, projectId) {
  return projectId ? principal.projectRoles.get(projectId) : void 0;
}
var anyCaller = {
  description: "any authenticated caller",
  allows: () => true
};
var globalAdmin = {
  description: "global admin only",
  allows: (principal) => principal.isGlobalAdmin
};
var anyRoleInProject = {
  description: "any role (reader, member, admin) in the object's project",
  allows: (principal, target) => principal.isGlobalAdmin || roleIn(principal, target.projectId) !== void 0
};
var memberOfProject = {
  description: "member or admin of the object's project",
  allows: (principal, target) => principal.isGlobalAdmin || ["MEMBER", "ADMIN"].includes(roleIn(principal, target.projectId) ?? "")
};
var adminOfProject = {
  description: "admin of the object's project",
  allows: (principal, target) => principal.isGlobalAdmin || roleIn(principal, target.projectId) === "ADMIN"
};
var adminOrCreator = {
  description: "admin of the object's project, or the user who created the cluster",
  allows: (principal, target) => adminOfProject.allows(principal, target) || target.createdBy === principal.id && roleIn(principal, target.projectId) !== void 0
};
var visibleTemplate = {
  description: "public templates for everyone, others for any role in their project; hidden ones for global admins only",
  allows: (principal, target) => {
    if (target.hidden && !principal.isGlobalAdmin)
      return false;
    return Boolean(target.public) || anyRoleInProject.allows(principal, target);
  }
};
var selfOrProjectAdmin = {
  description: "the token's own user (scoped to projects it acts in, no wider than the token it calls with), an admin of one project for a user of that project (scoped to it alone), or a global admin (unscoped tokens); see policy/tokens.ts",
  allows: (principal, target) => principal.isGlobalAdmin || target.userId === principal.id || adminOfProject.allows(principal, target)
};
var adminOfAnyProject = {
  description: "admin of at least one project, or a global admin",
  allows: (principal) => principal.isGlobalAdmin || [...principal.projectRoles.values()].includes("ADMIN")
};

// dist/domain/policy/index.js
var POLICY = {
  clusterTemplate: { read: visibleTemplate, create: memberOfProject, update: memberOfProject, delete: memberOfProject, publish: globalAdmin },
  cluster: { read: anyRoleInProject, create: memberOfProject, update: memberOfProject, delete: memberOfProject, credentials: adminOrCreator, viewerCredentials: anyRoleInProject },
  nodeGroup: { read: anyRoleInProject, create: memberOfProject, update: memberOfProject, delete: memberOfProject },
  operation: { read: anyRoleInProject, cancel: memberOfProject },
  clusterEvent: { read: anyRoleInProject },
  certificate: { read: anyRoleInProject },
  project: { read: anyRoleInProject, create: globalAdmin, administer: adminOfProject },
  user: { create: adminOfAnyProject, delete: globalAdmin },
  roleBinding: { create: adminOfProject, delete: adminOfProject, read: adminOfProject },
  apiToken: { create: selfOrProjectAdmin, revoke: selfOrProjectAdmin },
  quota: { read: anyRoleInProject, set: globalAdmin },
  audit: { read: adminOfProject, readAll: globalAdmin },
  labelDefinition: { read: anyCaller }
};
function allowed(principal, resource, action, target) {
  const rule = POLICY[resource][action];
  return rule ? rule.allows(principal, target) : false;
}
function canSee(principal, resource, target) {
  return "read" in POLICY[resource] ? allowed(principal, resource, "read", target) : true;
}
function authorize(principal, resource, action, target, field = "id", noun = resource) {
  if (!canSee(principal, resource, target))
    throw new DomainError(problem("NOT_FOUND", field, `no such ${describe(noun)}`));
  if (!allowed(principal, resource, action, target)) {
    const rule = POLICY[resource][action];
    throw new DomainError(problem("FORBIDDEN", field, `${String(action)} on a ${describe(noun)} needs: ${rule?.description ?? "a role nobody has"}`));
  }
}
function requireAllowed(principal, resource, action, target, field) {
  if (allowed(principal, resource, action, target))
    return;
  const rule = POLICY[resource][action];
  throw new DomainError(problem("FORBIDDEN", field, `${String(action)} ${describe(resource)} needs: ${rule?.description ?? "a role nobody has"}`));
}
function describe(noun) {
  return noun.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}
function readableProjects(principal) {
  return principal.isGlobalAdmin ? null : [...principal.projectRoles.keys()];
}
function policyRows() {
  return Object.entries(POLICY).flatMap(([resource, actions]) => Object.entries(actions).map(([action, rule]) => ({ resource, action, rule: rule.description })));
}

// dist/db/queries/quotas.js
import { and as and3, count as count2, eq as eq3, sql as sql4 } from "drizzle-orm";
async function quotaRowsOf(executor, projectId) {
  return executor.select().from(quotas).where(eq3(quotas.projectId, projectId));
}
async function projectUsage(executor, projectId) {
  const [clusterCount] = await executor.select({ total: count2() }).from(clusters).where(eq3(clusters.projectId, projectId));
  const [nodeTotal] = await executor.select({ total: sql4`coalesce(sum(${nodeGroups.nodeCount}), 0)` }).from(nodeGroups).where(eq3(nodeGroups.projectId, projectId));
  return { CLUSTERS: clusterCount?.total ?? 0, NODES: Number(nodeTotal?.total ?? 0) };
}
async function lockProjectForQuota(transaction, projectId) {
  await transaction.select({ id: projects.id }).from(projects).where(eq3(projects.id, projectId)).for("no key update");
}
async function nodeGroupCountIn(transaction, clusterId) {
  const [groups] = await transaction.select({ total: count2() }).from(nodeGroups).where(and3(eq3(nodeGroups.clusterId, clusterId)));
  return groups?.total ?? 0;
}

// dist/domain/tenancy/quotas.js
var QUOTA_RESOURCES = ["CLUSTERS", "NODES", "NODE_GROUPS_PER_CLUSTER"];
var DEFAULT_QUOTAS = { CLUSTERS: 20, NODES: 500, NODE_GROUPS_PER_CLUSTER: 10 };
async function limitsOf(executor, projectId) {
  const rows = await quotaRowsOf(executor, projectId);
  const limits = { ...DEFAULT_QUOTAS };
  for (const row of rows)
    limits[row.resource] = row.limit;
  return limits;
}
var usageOf = projectUsage;
async function enforceQuota(transaction, projectId, request) {
  await lockProjectForQuota(transaction, projectId);
  const limits = await limitsOf(transaction, projectId);
  const used = await usageOf(transaction, projectId);
  const exceeded = (resource, limit, inUse, asked) => new DomainError({
    code: "QUOTA_EXCEEDED",
    // Too many clusters is no single field's fault; too many nodes is the count's.
    field: resource === "CLUSTERS" ? [] : [request.field],
    message: `quota ${resource} exceeded: the limit is ${limit}, ${inUse} in use, this asks for ${asked} more`,
    limit,
    used: inUse
  });
  if (request.clusters && used.CLUSTERS + request.clusters > limits.CLUSTERS)
    throw exceeded("CLUSTERS", limits.CLUSTERS, used.CLUSTERS, request.clusters);
  if (request.nodes && request.nodes > 0 && used.NODES + request.nodes > limits.NODES)
    throw exceeded("NODES", limits.NODES, used.NODES, request.nodes);
  if (request.nodeGroupIn) {
    const inCluster = await nodeGroupCountIn(transaction, request.nodeGroupIn);
    if (inCluster + 1 > limits.NODE_GROUPS_PER_CLUSTER)
      throw exceeded("NODE_GROUPS_PER_CLUSTER", limits.NODE_GROUPS_PER_CLUSTER, inCluster, 1);
  }
}

// dist/domain/clusters/cluster-lifecycle.js
import { z as z3 } from "zod";

// dist/db/queries/cluster-templates.js
import { and as and4, eq as eq4, ilike, inArray as inArray3, or, sql as sql5 } from "drizzle-orm";
var TEMPLATE_SORT_COLUMNS = {
  NAME: { column: clusterTemplates.name, kind: "text", property: "name" },
  CREATED_AT: { column: clusterTemplates.createdAt, kind: "timestamp", property: "createdAt" },
  UPDATED_AT: { column: clusterTemplates.updatedAt, kind: "timestamp", property: "updatedAt" }
};
function templateVisibility(visibleProjects, includeHidden) {
  const conditions = [];
  if (visibleProjects !== null) {
    conditions.push(or(inArray3(clusterTemplates.projectId, visibleProjects.length ? visibleProjects : ["00000000-0000-0000-0000-000000000000"]), eq4(clusterTemplates.public, true)));
  }
  if (!includeHidden)
    conditions.push(eq4(clusterTemplates.hidden, false));
  return and4(...conditions);
}
function filterCondition(filter) {
  return and4(templateVisibility(filter.visibleProjects, filter.includeHidden), filter.projectId ? eq4(clusterTemplates.projectId, filter.projectId) : void 0, filter.name ? eq4(clusterTemplates.name, filter.name) : void 0, filter.nameContains ? ilike(clusterTemplates.name, `%${escapeLike(filter.nameContains)}%`) : void 0, filter.coe ? eq4(clusterTemplates.coe, filter.coe) : void 0, filter.public != null ? eq4(clusterTemplates.public, filter.public) : void 0);
}
function escapeLike(text16) {
  return text16.replace(/[\\%_]/g, (character) => `\\${character}`);
}
async function pageClusterTemplates(executor, filter, sort, request) {
  const column = TEMPLATE_SORT_COLUMNS[sort.field];
  const key = { name: `${sort.field}_${sort.direction}`, column: column.column, kind: column.kind, direction: sort.direction };
  const condition = filterCondition(filter);
  const page = await paginate(executor, clusterTemplates, clusterTemplates.id, condition, key, column.property, request);
  return { page, count: () => countRows(executor, clusterTemplates, condition) };
}
async function templatesByIds(executor, ids) {
  if (ids.length === 0)
    return [];
  return executor.select().from(clusterTemplates).where(inArray3(clusterTemplates.id, [...ids]));
}
async function findTemplate(executor, id, forUpdate = false) {
  const query = executor.select().from(clusterTemplates).where(eq4(clusterTemplates.id, id));
  const [row] = forUpdate ? await query.for("update") : await query;
  return row;
}
async function clusterNamesUsingTemplate(executor, templateId) {
  const rows = await executor.select({ name: clusters.name }).from(clusters).where(eq4(clusters.templateId, templateId)).orderBy(clusters.name);
  return rows.map((row) => row.name);
}
async function templateTlsAndCoe(executor, templateId) {
  const [template] = await executor.select({ tlsDisabled: clusterTemplates.tlsDisabled, coe: clusterTemplates.coe }).from(clusterTemplates).where(eq4(clusterTemplates.id, templateId));
  return template;
}
async function findTemplateForShare(transaction, id) {
  const [row] = await transaction.select().from(clusterTemplates).where(eq4(clusterTemplates.id, id)).for("share");
  return row;
}
async function templateTlsDisabled(executor, id) {
  const [template] = await executor.select({ tlsDisabled: clusterTemplates.tlsDisabled }).from(clusterTemplates).where(eq4(clusterTemplates.id, id));
  return template?.tlsDisabled;
}
async function templateIdByName(transaction, projectId, name) {
  const [row] = await transaction.select({ id: clusterTemplates.id }).from(clusterTemplates).where(sql5`${clusterTemplates.projectId} = ${projectId} and ${clusterTemplates.name} = ${name}`);
  return row?.id;
}
async function insertTemplateRow(transaction, values) {
  await transaction.insert(clusterTemplates).values(values);
}
async function updateTemplateRow(transaction, id, values) {
  await transaction.update(clusterTemplates).set(values).where(eq4(clusterTemplates.id, id));
}
async function deleteTemplateRow(transaction, id) {
  await transaction.delete(clusterTemplates).where(eq4(clusterTemplates.id, id));
}

// dist/db/queries/clusters.js
import { and as and5, eq as eq5, ilike as ilike2, inArray as inArray4, sql as sql6 } from "drizzle-orm";
var CLUSTER_SORT_COLUMNS = {
  NAME: { column: clusters.name, kind: "text", property: "name" },
  STATUS: { column: clusters.status, kind: "text", property: "status" },
  CREATED_AT: { column: clusters.createdAt, kind: "timestamp", property: "createdAt" },
  UPDATED_AT: { column: clusters.updatedAt, kind: "timestamp", property: "updatedAt" }
};
function sortKey(sort) {
  const column = CLUSTER_SORT_COLUMNS[sort.field];
  return { name: `${sort.field}_${sort.direction}`, column: column.column, kind: column.kind, direction: sort.direction };
}
function filterCondition2(filter) {
  return and5(filter.visibleProjects !== null ? inArray4(clusters.projectId, filter.visibleProjects.length ? filter.visibleProjects : ["00000000-0000-0000-0000-000000000000"]) : void 0, filter.projectId ? eq5(clusters.projectId, filter.projectId) : void 0, filter.name ? eq5(clusters.name, filter.name) : void 0, filter.nameContains ? ilike2(clusters.name, `%${escapeLike(filter.nameContains)}%`) : void 0, filter.statuses?.length ? inArray4(clusters.status, filter.statuses) : void 0, filter.templateId ? eq5(clusters.templateId, filter.templateId) : void 0, filter.coe ? inArray4(clusters.templateId, sql6`(select ${clusterTemplates.id} from ${clusterTemplates} where ${clusterTemplates.coe} = ${filter.coe})`) : void 0);
}
async function pageClusters(executor, filter, sort, request) {
  const condition = filterCondition2(filter);
  const page = await paginate(executor, clusters, clusters.id, condition, sortKey(sort), CLUSTER_SORT_COLUMNS[sort.field].property, request);
  return { page, count: () => countRows(executor, clusters, condition) };
}
async function clustersByIds(executor, ids) {
  if (ids.length === 0)
    return [];
  return executor.select().from(clusters).where(inArray4(clusters.id, [...ids]));
}
async function findCluster(executor, id, forUpdate = false) {
  const query = executor.select().from(clusters).where(eq5(clusters.id, id));
  const [row] = forUpdate ? await query.for("no key update") : await query;
  return row;
}
async function pageClustersPerTemplate(executor, templateIds, filter, sort, request) {
  const key = sortKey(sort);
  const plan = pagePlan(request, key, clusters.id);
  const condition = and5(filterCondition2(filter), inArray4(clusters.templateId, [...templateIds]), ...plan.conditions);
  const ranked = executor.select({ id: clusters.id, rank: sql6`row_number() over (partition by ${clusters.templateId} order by ${sql6.join(plan.order, sql6`, `)})`.as("rank") }).from(clusters).where(condition).as("ranked");
  const rows = await executor.select({ cluster: clusters, rank: ranked.rank }).from(clusters).innerJoin(ranked, eq5(ranked.id, clusters.id)).where(sql6`${ranked.rank} <= ${plan.size + 1}`).orderBy(clusters.templateId, ranked.rank);
  const grouped = new Map(templateIds.map((id) => [id, []]));
  for (const row of rows)
    grouped.get(row.cluster.templateId)?.push(row.cluster);
  const pages = /* @__PURE__ */ new Map();
  for (const [templateId, fetched] of grouped) {
    pages.set(templateId, finishPage(fetched, plan, request, key, CLUSTER_SORT_COLUMNS[sort.field].property));
  }
  return pages;
}
async function countClustersPerTemplate(executor, templateIds, filter) {
  const rows = await executor.select({ templateId: clusters.templateId, total: sql6`count(*)::int` }).from(clusters).where(and5(filterCondition2(filter), inArray4(clusters.templateId, [...templateIds]))).groupBy(clusters.templateId);
  return new Map(rows.map((row) => [row.templateId, Number(row.total)]));
}
async function updateClusterRow(transaction, clusterId, values) {
  await transaction.update(clusters).set(values).where(eq5(clusters.id, clusterId));
}
async function insertClusterRow(transaction, values) {
  await transaction.insert(clusters).values(values);
}
async function clusterIdByName(executor, projectId, name) {
  const [existing] = await executor.select({ id: clusters.id }).from(clusters).where(and5(eq5(clusters.projectId, projectId), eq5(clusters.name, name)));
  return existing?.id;
}

// dist/db/queries/node-groups.js
import { and as and6, asc as asc3, desc as desc3, eq as eq6, inArray as inArray5, like, sql as sql7 } from "drizzle-orm";
async function nodeGroupsByClusterIds(executor, clusterIds) {
  if (clusterIds.length === 0)
    return [];
  return executor.select().from(nodeGroups).where(inArray5(nodeGroups.clusterId, [...clusterIds])).orderBy(desc3(nodeGroups.isDefault), asc3(nodeGroups.role), asc3(nodeGroups.createdAt), asc3(nodeGroups.id));
}
async function nodeGroupsByIds(executor, ids) {
  if (ids.length === 0)
    return [];
  return executor.select().from(nodeGroups).where(inArray5(nodeGroups.id, [...ids]));
}
async function findNodeGroup(executor, id) {
  const [row] = await executor.select().from(nodeGroups).where(eq6(nodeGroups.id, id));
  return row;
}
async function lockNodeGroupsOf(transaction, clusterId) {
  return transaction.select().from(nodeGroups).where(eq6(nodeGroups.clusterId, clusterId)).for("no key update");
}
async function updateNodeGroupRow(transaction, nodeGroupId, values) {
  await transaction.update(nodeGroups).set(values).where(eq6(nodeGroups.id, nodeGroupId));
}
async function updateNodeGroupsOfCluster(transaction, clusterId, values) {
  await transaction.update(nodeGroups).set(values).where(eq6(nodeGroups.clusterId, clusterId));
}
async function failNodeGroupsInProgress(transaction, clusterId, statusReason, now) {
  await transaction.update(nodeGroups).set({ status: sql7`replace(${nodeGroups.status}, '_IN_PROGRESS', '_FAILED')`, statusReason, updatedAt: now }).where(and6(eq6(nodeGroups.clusterId, clusterId), like(nodeGroups.status, "%\\_IN\\_PROGRESS")));
}
async function insertNodeGroupRows(transaction, values) {
  await transaction.insert(nodeGroups).values(values);
}
async function updateNodeGroupLimits(transaction, nodeGroupId, values) {
  await transaction.update(nodeGroups).set(values).where(and6(eq6(nodeGroups.id, nodeGroupId)));
}

// dist/db/queries/operations.js
import { and as and7, desc as desc4, eq as eq7, inArray as inArray6, isNotNull, or as or2 } from "drizzle-orm";
async function operationsByIds(executor, ids) {
  if (ids.length === 0)
    return [];
  return executor.select().from(operations).where(inArray6(operations.id, [...ids]));
}
async function activeOperationsByClusterIds(executor, clusterIds) {
  if (clusterIds.length === 0)
    return [];
  return executor.select().from(operations).where(and7(inArray6(operations.clusterId, [...clusterIds]), inArray6(operations.status, ["PENDING", "RUNNING"]))).orderBy(desc4(operations.createdAt));
}
async function findOperation(executor, id) {
  const [row] = await executor.select().from(operations).where(eq7(operations.id, id));
  return row;
}
async function lockOperation(transaction, id) {
  const [operation] = await transaction.select().from(operations).where(eq7(operations.id, id)).for("update");
  return operation;
}
async function insertOperationRow(transaction, values) {
  await transaction.insert(operations).values(values);
}
async function updateOperationRow(transaction, id, values) {
  await transaction.update(operations).set(values).where(eq7(operations.id, id));
}
async function cancelOperationsOf(transaction, clusterId, activeStatuses, reason) {
  const cancelled = await transaction.update(operations).set({ status: "CANCELLED", errorCode: "CANCELLED", errorMessage: reason, finishedAt: /* @__PURE__ */ new Date(), updatedAt: /* @__PURE__ */ new Date(), leaseOwner: null, leaseExpiresAt: null }).where(and7(eq7(operations.clusterId, clusterId), inArray6(operations.status, [...activeStatuses]))).returning({ id: operations.id });
  return cancelled.map((row) => row.id);
}
async function operationOfClusterIn(transaction, clusterId, activeStatuses) {
  const [row] = await transaction.select().from(operations).where(and7(eq7(operations.clusterId, clusterId), inArray6(operations.status, [...activeStatuses]))).limit(1);
  return row;
}
async function lastFailedOperation(transaction, clusterId) {
  const [failed] = await transaction.select().from(operations).where(and7(eq7(operations.clusterId, clusterId), or2(eq7(operations.status, "FAILED"), and7(eq7(operations.status, "CANCELLED"), isNotNull(operations.cancelledBy))))).orderBy(desc4(operations.createdAt)).limit(1);
  return failed;
}

// dist/domain/certificates/certificates-rotation.js
var CA_ROTATION_PHASES = ["ROTATE", "RETIRE_PREVIOUS"];
function rotationReason(phase) {
  return phase === "ROTATE" ? "Rotating the cluster's certificate authority: adding new CAs beside the current ones" : "Retiring the cluster's previous certificate authority";
}
async function checkRotationPhase(transaction, clusterId, phase) {
  const previous = await retiringGeneration(transaction, clusterId);
  if (phase === "ROTATE" && previous !== null) {
    throw invalidState("phase", `the previous CA (generation ${previous}) is still trusted after the last rotation: retire it first with phase RETIRE_PREVIOUS, or wait until its grace period ends`);
  }
  if (phase === "RETIRE_PREVIOUS" && previous === null) {
    throw invalidState("phase", "there is no previous CA to retire: retiring follows a completed rotation");
  }
}
function retirementDueAt(since, graceSeconds) {
  return new Date(since.getTime() + graceSeconds * 1e3);
}

// dist/domain/enums.js
var COES = ["KUBERNETES", "SWARM", "SWARM_MODE", "MESOS", "DCOS"];
var SERVER_TYPES = ["VM", "BM"];
var DOCKER_STORAGE_DRIVERS = ["DEVICEMAPPER", "OVERLAY", "OVERLAY2"];
var CLUSTER_STATUSES = [
  "CREATE_IN_PROGRESS",
  "CREATE_FAILED",
  "CREATE_COMPLETE",
  "UPDATE_IN_PROGRESS",
  "UPDATE_FAILED",
  "UPDATE_COMPLETE",
  "DELETE_IN_PROGRESS",
  "DELETE_FAILED",
  "DELETE_COMPLETE",
  "RESUME_COMPLETE",
  "RESUME_FAILED",
  "RESTORE_COMPLETE",
  "ROLLBACK_IN_PROGRESS",
  "ROLLBACK_FAILED",
  "ROLLBACK_COMPLETE",
  "SNAPSHOT_COMPLETE",
  "CHECK_COMPLETE",
  "ADOPT_COMPLETE"
];
var HEALTH_STATUSES = ["HEALTHY", "UNHEALTHY", "UNKNOWN"];
var OPERATION_STATUSES = ["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"];
var OPERATION_TYPES = [
  "CLUSTER_CREATE",
  "CLUSTER_UPDATE",
  "CLUSTER_RESIZE",
  "CLUSTER_UPGRADE",
  "CLUSTER_DELETE",
  "NODE_GROUP_CREATE",
  "NODE_GROUP_UPDATE",
  "NODE_GROUP_DELETE",
  "CLUSTER_CA_ROTATE",
  "CLUSTER_ROLLBACK",
  /** Auto-healing: unhealthy nodes replaced, the node count unchanged. */
  "CLUSTER_REPAIR"
];
var CLUSTER_EVENT_TYPES = ["STATUS_CHANGED", "PROGRESS", "HEALTH_CHANGED", "DELETED"];
var DEFAULT_MASTER_GROUP = "default-master";
var DEFAULT_WORKER_GROUP = "default-worker";

// dist/domain/idempotency.js
import { createHash as createHash2 } from "node:crypto";

// dist/db/queries/idempotency.js
import { and as and8, eq as eq8, sql as sql8 } from "drizzle-orm";
async function lockIdempotencyKey(transaction, principalId, requestId) {
  await transaction.execute(sql8`select pg_advisory_xact_lock(hashtext(${`${principalId}|${requestId}`}))`);
}
async function findIdempotencyKey(transaction, principalId, requestId) {
  const [previous] = await transaction.select().from(idempotencyKeys).where(and8(eq8(idempotencyKeys.principal, principalId), eq8(idempotencyKeys.requestId, requestId)));
  return previous;
}
async function insertIdempotencyKey(transaction, key) {
  await transaction.insert(idempotencyKeys).values(key);
}

// dist/domain/idempotency.js
function hashInput(mutation, input) {
  return createHash2("sha256").update(mutation).update(JSON.stringify(input ?? null)).digest("hex");
}
async function runOncePerRequestId(transaction, principal, mutation, requestId, input, work) {
  if (!requestId)
    return { result: await work(), replayed: false };
  const inputHash = hashInput(mutation, input);
  await lockIdempotencyKey(transaction, principal.id, requestId);
  const previous = await findIdempotencyKey(transaction, principal.id, requestId);
  if (previous) {
    if (previous.mutation !== mutation || previous.inputHash !== inputHash) {
      throw conflict("requestId", `requestId "${requestId}" was already used for a different request`);
    }
    return { result: previous.result, replayed: true };
  }
  const result = await work();
  await insertIdempotencyKey(transaction, { principal: principal.id, requestId, mutation, inputHash, result });
  return { result, replayed: false };
}

// dist/domain/clusters/operations.js
import { randomUUID as randomUUID2 } from "node:crypto";

// dist/db/queries/cluster-events.js
import { and as and9, asc as asc4, desc as desc5, eq as eq9, gt, inArray as inArray7, max as max2, sql as sql9 } from "drizzle-orm";
var EVENTS_CHANNEL = "turnkey_cluster_events";
var APPEND_LOCK_KEY = 7353002;
async function appendClusterEvents(executor, events) {
  if (events.length === 0)
    return [];
  await executor.execute(sql9`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
  const rows = await executor.insert(clusterEvents).values(events).returning({ id: clusterEvents.id });
  const ids = rows.map((row) => row.id);
  const newest = ids.reduce((left, right) => right > left ? right : left);
  await executor.execute(sql9`select pg_notify(${EVENTS_CHANNEL}, ${newest.toString()})`);
  return ids;
}
async function appendClusterEvent(executor, event) {
  const [id] = await appendClusterEvents(executor, [event]);
  return id;
}
function filterCondition3(filter) {
  return and9(filter.clusterId ? eq9(clusterEvents.clusterId, filter.clusterId) : void 0, filter.projectIds ? inArray7(clusterEvents.projectId, filter.projectIds.length ? filter.projectIds : ["00000000-0000-0000-0000-000000000000"]) : void 0);
}
async function eventsAfter(executor, cursor, filter, limit) {
  return executor.select().from(clusterEvents).where(and9(gt(clusterEvents.id, cursor), filterCondition3(filter))).orderBy(asc4(clusterEvents.id)).limit(limit);
}
async function newestEventId(executor) {
  const [row] = await executor.select({ newest: max2(clusterEvents.id) }).from(clusterEvents);
  return row?.newest ? BigInt(row.newest) : 0n;
}
async function currentOperationStart(executor, clusterId) {
  const [newest] = await executor.select({ id: clusterEvents.id, operationId: clusterEvents.operationId }).from(clusterEvents).where(eq9(clusterEvents.clusterId, clusterId)).orderBy(desc5(clusterEvents.id)).limit(1);
  if (!newest)
    return 0n;
  if (!newest.operationId)
    return newest.id - 1n;
  const [first] = await executor.select({ id: clusterEvents.id }).from(clusterEvents).where(and9(eq9(clusterEvents.clusterId, clusterId), eq9(clusterEvents.operationId, newest.operationId))).orderBy(asc4(clusterEvents.id)).limit(1);
  return (first?.id ?? newest.id) - 1n;
}

// dist/domain/clusters/status-machine.js
var SETTLED_STATUSES = [
  "CREATE_COMPLETE",
  "UPDATE_COMPLETE",
  "RESUME_COMPLETE",
  "RESTORE_COMPLETE",
  "ROLLBACK_COMPLETE",
  "SNAPSHOT_COMPLETE",
  "CHECK_COMPLETE",
  "ADOPT_COMPLETE"
];
var RECOVERABLE = ["UPDATE_FAILED", "ROLLBACK_FAILED"];
var ALLOWED_FROM = {
  update: [...SETTLED_STATUSES, ...RECOVERABLE],
  resize: [...SETTLED_STATUSES, ...RECOVERABLE],
  upgrade: [...SETTLED_STATUSES, ...RECOVERABLE],
  nodeGroupCreate: [...SETTLED_STATUSES, ...RECOVERABLE],
  nodeGroupUpdate: [...SETTLED_STATUSES, ...RECOVERABLE],
  nodeGroupDelete: [...SETTLED_STATUSES, ...RECOVERABLE],
  // Rotating a CA on a cluster that is failing would leave nodes trusting different CAs.
  rotateCa: SETTLED_STATUSES,
  rollback: ["UPDATE_FAILED", "ROLLBACK_FAILED"],
  delete: "ANY"
};
function isAllowed(action, status) {
  const allowed2 = ALLOWED_FROM[action];
  return allowed2 === "ANY" || allowed2.includes(status);
}
function describeAllowed(action) {
  const allowed2 = ALLOWED_FROM[action];
  return allowed2 === "ANY" ? "any status" : allowed2.join(", ");
}
function statusPath(type) {
  switch (type) {
    case "CLUSTER_CREATE":
      return { running: "CREATE_IN_PROGRESS", succeeded: "CREATE_COMPLETE", failed: "CREATE_FAILED" };
    case "CLUSTER_DELETE":
      return { running: "DELETE_IN_PROGRESS", succeeded: "DELETE_COMPLETE", failed: "DELETE_FAILED" };
    case "CLUSTER_ROLLBACK":
      return { running: "ROLLBACK_IN_PROGRESS", succeeded: "ROLLBACK_COMPLETE", failed: "ROLLBACK_FAILED" };
    default:
      return { running: "UPDATE_IN_PROGRESS", succeeded: "UPDATE_COMPLETE", failed: "UPDATE_FAILED" };
  }
}

// dist/domain/clusters/operations.js
var ACTIVE_OPERATION_STATUSES = ["PENDING", "RUNNING"];
async function recordOperation(transaction, context, cluster, type, spec, requestId, reason) {
  const operationId = randomUUID2();
  const now = /* @__PURE__ */ new Date();
  const running = statusPath(type).running;
  await updateClusterRow(transaction, cluster.id, { status: running, statusReason: reason, resourceVersion: cluster.resourceVersion + 1, updatedAt: now });
  await insertOperationRow(transaction, {
    id: operationId,
    projectId: cluster.projectId,
    clusterId: cluster.id,
    type,
    status: "PENDING",
    spec,
    requestId: requestId ?? null,
    createdBy: context.principal.id,
    createdAt: now,
    updatedAt: now
  });
  const cursor = await appendClusterEvent(transaction, {
    projectId: cluster.projectId,
    clusterId: cluster.id,
    operationId,
    type: "STATUS_CHANGED",
    status: running,
    previousStatus: cluster.status,
    statusReason: reason,
    occurredAt: now
  });
  return { operationId, cursor };
}
async function cancelActiveOperations(transaction, clusterId, reason) {
  return cancelOperationsOf(transaction, clusterId, ACTIVE_OPERATION_STATUSES, reason);
}
async function activeOperation(transaction, clusterId) {
  return operationOfClusterIn(transaction, clusterId, ACTIVE_OPERATION_STATUSES);
}

// dist/domain/database-errors.js
function postgresErrorCode(error) {
  let current = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = current.code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code))
      return code;
    current = current.cause;
  }
  return void 0;
}
var isUniqueViolation = (error) => postgresErrorCode(error) === "23505";
var isDatabaseTimeout = (error) => {
  const code = postgresErrorCode(error);
  return code === "57014" || code === "55P03";
};
var DATABASE_BUSY_MESSAGE = "the database was too busy to finish this request in time (statement_timeout); nothing was changed, retry after a moment";
var DATABASE_BUSY_RETRY_SECONDS = 1;

// dist/domain/transactions.js
async function inTransaction(context, work) {
  try {
    return await context.db.transaction(work);
  } catch (error) {
    if (!isUniqueViolation(error))
      throw error;
    return context.db.transaction(work);
  }
}

// dist/domain/clusters/upgrade-rules.js
import semver from "semver";
var FIXED_ON_UPGRADE = [
  "coe",
  "clusterDistro",
  "serverType",
  "networkDriver",
  "volumeDriver",
  "dockerStorageDriver",
  "tlsDisabled",
  "masterLbEnabled",
  "floatingIpEnabled",
  "externalNetworkId",
  "fixedNetwork",
  "fixedSubnet",
  "apiserverPort",
  "registryEnabled"
];
var UPGRADE_LABELS = ["kube_tag", "ostree_remote", "ostree_commit"];
var DEFAULT_DISTRO = "fedora-coreos";
function upgradeProblems(current, target, subject, field = "clusterTemplateId") {
  const problems = [];
  for (const name of FIXED_ON_UPGRADE) {
    const was = name === "clusterDistro" ? current[name] ?? DEFAULT_DISTRO : current[name] ?? null;
    const will = name === "clusterDistro" ? target[name] ?? DEFAULT_DISTRO : target[name] ?? null;
    if (was !== will) {
      problems.push(problem("BAD_USER_INPUT", field, `${name} differs: the cluster was built with ${describe2(was)}, template ${target.name} has ${describe2(will)}; ${name} cannot change in place (create a new cluster instead)`));
    }
  }
  if (subject.nodeGroup && !subject.nodeGroup.isDefault && target.id !== subject.templateId) {
    problems.push(problem("BAD_USER_INPUT", field, `node group ${subject.nodeGroup.name} can be upgraded only to match the cluster's template`));
  }
  if (current.coe === "KUBERNETES" && current.coe === target.coe && !UPGRADE_LABELS.some((key) => valueOf(target.labels, key) !== void 0)) {
    problems.push(problem("BAD_USER_INPUT", field, `template ${target.name} contains none of the upgrade labels: ${UPGRADE_LABELS.join(", ")}`));
  }
  const running = valueOf(subject.labels, "kube_tag");
  const wanted = valueOf(target.labels, "kube_tag");
  if (running !== void 0 && wanted !== void 0 && isOlder(wanted, running)) {
    problems.push(problem("BAD_USER_INPUT", field, `kube_tag ${wanted} is older than the ${running} the cluster runs: clusters are not downgraded`));
  }
  return problems;
}
function upgradedLabels(labels, targetLabels) {
  const kubeTag = valueOf(targetLabels, "kube_tag");
  if (kubeTag === void 0)
    return labels;
  if (!labels.some((label2) => label2.key === "kube_tag"))
    return [...labels, { key: "kube_tag", value: kubeTag }];
  return labels.map((label2) => label2.key === "kube_tag" ? { key: "kube_tag", value: kubeTag } : label2);
}
function isOlder(candidate, reference) {
  const left = semver.coerce(candidate);
  const right = semver.coerce(reference);
  return left !== null && right !== null && semver.lt(left, right);
}
function valueOf(labels, key) {
  return labels.find((label2) => label2.key === key)?.value;
}
function describe2(value) {
  return value === null ? "none" : JSON.stringify(value);
}

// dist/domain/validation.js
function parseOrThrow(schema, value, prefix = []) {
  const result = schema.safeParse(value);
  if (result.success)
    return result.data;
  const seen = /* @__PURE__ */ new Set();
  const problems = result.error.issues.map((issue) => problem("BAD_USER_INPUT", [...prefix, ...issue.path.map((segment) => String(segment))], issue.message)).filter((entry) => {
    const key = entry.field.join("\0");
    if (seen.has(key))
      return false;
    seen.add(key);
    return true;
  });
  throw new DomainError(problems);
}

// dist/domain/clusters/cluster-lifecycle.js
async function lockClusterFor(transaction, context, clusterId, action, options, field = "id") {
  const cluster = await findCluster(transaction, clusterId, true);
  if (!cluster)
    throw notFound(field, "no such cluster");
  authorize(context.principal, "cluster", action === "delete" ? "delete" : "update", cluster, field);
  if (options.expectedVersion != null && options.expectedVersion !== cluster.resourceVersion) {
    throw conflict("expectedVersion", `the cluster changed meanwhile: it is at version ${cluster.resourceVersion}, not ${options.expectedVersion}`);
  }
  if (!isAllowed(action, cluster.status)) {
    throw invalidState(field, `cannot ${describeAction(action)} a cluster in ${cluster.status}; allowed from ${describeAllowed(action)}`);
  }
  return cluster;
}
async function authorizeClusterAction(context, clusterId, action, field = "id") {
  const cluster = await findCluster(context.db, clusterId);
  if (!cluster)
    throw notFound(field, "no such cluster");
  authorize(context.principal, "cluster", action === "delete" ? "delete" : "update", cluster, field);
}
function describeAction(action) {
  const words = {
    update: "update",
    resize: "resize",
    upgrade: "upgrade",
    rotateCa: "rotate the CA of",
    nodeGroupCreate: "add a node group to",
    nodeGroupUpdate: "update a node group of",
    nodeGroupDelete: "delete a node group of",
    rollback: "roll back",
    delete: "delete"
  };
  return words[action];
}
async function groupsOf(transaction, clusterId) {
  return lockNodeGroupsOf(transaction, clusterId);
}
function snapshotOf(cluster, groups) {
  return { templateId: cluster.templateId, nodeCount: cluster.nodeCount, groups: groups.map((group) => ({ id: group.id, nodeCount: group.nodeCount })) };
}
function countProblems(group, nodeCount, field = "nodeCount") {
  if (nodeCount < group.minNodeCount)
    return [problem("BAD_USER_INPUT", field, `node group ${group.name} needs at least ${group.minNodeCount} nodes (minNodeCount)`)];
  if (group.maxNodeCount !== null && nodeCount > group.maxNodeCount) {
    return [problem("BAD_USER_INPUT", field, `node group ${group.name} allows at most ${group.maxNodeCount} nodes (maxNodeCount)`)];
  }
  return [];
}
async function runAction(context, mutation, requestId, input, work) {
  const cursors = [];
  const outcome = await inTransaction(context, (transaction) => {
    cursors.length = 0;
    return runOncePerRequestId(transaction, context.principal, mutation, requestId, input, () => work(transaction, (cursor) => cursors.push(cursor)));
  });
  if (!outcome.replayed)
    context.eventsCommitted(cursors);
  return outcome.result;
}
var nodeCountSchema = z3.number().int().min(0, "nodeCount must be 0 or more").max(1e4, "nodeCount must be at most 10000");
async function updateCluster(context, clusterId, input, options) {
  await authorizeClusterAction(context, clusterId, "update");
  const nodeCount = parseOrThrow(nodeCountSchema, input.nodeCount, ["nodeCount"]);
  return runAction(context, "clusterUpdate", options.requestId, { clusterId, input }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, clusterId, "update", options);
    const groups = await groupsOf(transaction, clusterId);
    const worker = groups.find((group) => group.name === DEFAULT_WORKER_GROUP && group.isDefault);
    if (!worker)
      throw invalidState("id", "the cluster has no default worker group to update");
    return resizeGroup(transaction, context, cluster, groups, worker, nodeCount, [], "CLUSTER_UPDATE", options.requestId, record);
  });
}
async function resizeCluster(context, clusterId, input, options) {
  await authorizeClusterAction(context, clusterId, "resize");
  const nodeCount = parseOrThrow(nodeCountSchema, input.nodeCount, ["nodeCount"]);
  const nodesToRemove = parseOrThrow(z3.array(z3.string().min(1).max(255)).max(1e3).default([]), input.nodesToRemove ?? void 0, ["nodesToRemove"]);
  return runAction(context, "clusterResize", options.requestId, { clusterId, input }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, clusterId, "resize", options);
    const groups = await groupsOf(transaction, clusterId);
    const group = input.nodeGroupId ? groups.find((candidate) => candidate.id === input.nodeGroupId) : groups.find((candidate) => candidate.name === DEFAULT_WORKER_GROUP);
    if (!group)
      throw missing("nodeGroupId", input.nodeGroupId, "node group");
    if (group.role === "master")
      throw new DomainError(problem("NOT_SUPPORTED", "nodeGroupId", "master node groups cannot be resized: their size is fixed by etcd's quorum"));
    if (nodesToRemove.length > 0 && nodeCount >= group.nodeCount) {
      throw badInput2("nodesToRemove", "nodesToRemove only applies when the node count goes down");
    }
    if (nodesToRemove.length > 0 && nodesToRemove.length > group.nodeCount - nodeCount) {
      throw badInput2("nodesToRemove", `${nodesToRemove.length} nodes named to remove, but the count goes down by ${group.nodeCount - nodeCount}`);
    }
    return resizeGroup(transaction, context, cluster, groups, group, nodeCount, nodesToRemove, "CLUSTER_RESIZE", options.requestId, record);
  });
}
async function resizeGroup(transaction, context, cluster, groups, group, nodeCount, nodesToRemove, type, requestId, record) {
  const limits = countProblems(group, nodeCount);
  if (limits.length > 0)
    throw new DomainError(limits);
  if (nodeCount === group.nodeCount && !cluster.status.endsWith("_FAILED")) {
    throw badInput2("nodeCount", `node group ${group.name} already has ${nodeCount} nodes`);
  }
  await enforceQuota(transaction, cluster.projectId, { nodes: nodeCount - group.nodeCount, field: "nodeCount" });
  const previous = snapshotOf(cluster, groups);
  const now = /* @__PURE__ */ new Date();
  await updateNodeGroupRow(transaction, group.id, { nodeCount, status: "UPDATE_IN_PROGRESS", statusReason: null, updatedAt: now, resourceVersion: group.resourceVersion + 1 });
  const workerTotal = groups.filter((candidate) => candidate.role !== "master").reduce((sum, candidate) => sum + (candidate.id === group.id ? nodeCount : candidate.nodeCount), 0);
  await updateClusterRow(transaction, cluster.id, { nodeCount: workerTotal });
  const verb = nodeCount > group.nodeCount ? "up" : nodeCount < group.nodeCount ? "down" : "again";
  const recorded = await recordOperation(transaction, context, { ...cluster }, type, { nodeGroupId: group.id, nodeCount, nodesToRemove, previous }, requestId, `Scaling ${group.name} ${verb} to ${nodeCount} nodes`);
  record(recorded.cursor);
  return { clusterId: cluster.id, operationId: recorded.operationId };
}
async function upgradeCluster(context, clusterId, input, options) {
  await authorizeClusterAction(context, clusterId, "upgrade");
  const maxBatchSize = parseOrThrow(z3.number().int().min(1, "maxBatchSize must be at least 1").max(100, "maxBatchSize must be at most 100").default(1), input.maxBatchSize ?? void 0, ["maxBatchSize"]);
  return runAction(context, "clusterUpgrade", options.requestId, { clusterId, input }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, clusterId, "upgrade", options);
    const target = await findTemplateForShare(transaction, input.clusterTemplateId);
    if (!target || !canSee(context.principal, "clusterTemplate", target) || target.projectId !== cluster.projectId && !target.public) {
      throw missing("clusterTemplateId", input.clusterTemplateId, "cluster template");
    }
    const current = await findTemplate(transaction, cluster.templateId);
    const groups = await groupsOf(transaction, clusterId);
    const group = input.nodeGroupId ? groups.find((candidate) => candidate.id === input.nodeGroupId) : void 0;
    if (input.nodeGroupId && !group)
      throw missing("nodeGroupId", input.nodeGroupId, "node group");
    if (current) {
      const subject = group ? { labels: group.labels, templateId: cluster.templateId, nodeGroup: group } : { labels: cluster.labels, templateId: cluster.templateId };
      const problems = upgradeProblems(current, target, subject);
      if (problems.length > 0)
        throw new DomainError(problems);
    }
    if (!group && target.id === cluster.templateId && !cluster.status.endsWith("_FAILED")) {
      throw badInput2("clusterTemplateId", "the cluster already runs this template");
    }
    const now = /* @__PURE__ */ new Date();
    for (const touched of group ? [group] : groups) {
      await updateNodeGroupRow(transaction, touched.id, { status: "UPDATE_IN_PROGRESS", statusReason: null, updatedAt: now });
    }
    const recorded = await recordOperation(transaction, context, cluster, "CLUSTER_UPGRADE", { templateId: target.id, targetLabels: target.labels, maxBatchSize, nodeGroupId: group?.id ?? null, previous: snapshotOf(cluster, groups) }, options.requestId, `Upgrading ${group ? `node group ${group.name}` : "the cluster"} to template ${target.name}`);
    record(recorded.cursor);
    return { clusterId, operationId: recorded.operationId };
  });
}
async function rollbackCluster(context, clusterId, options) {
  return runAction(context, "clusterRollback", options.requestId, { clusterId }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, clusterId, "rollback", options);
    const failed = await lastFailedOperation(transaction, clusterId);
    const previous = failed?.spec.previous;
    if (!previous)
      throw invalidState("id", "there is no failed change with a known earlier state to roll back to");
    const groups = await groupsOf(transaction, clusterId);
    const growth = groups.reduce((sum, group) => sum + (previous.groups.find((entry) => entry.id === group.id)?.nodeCount ?? group.nodeCount) - group.nodeCount, 0);
    await enforceQuota(transaction, cluster.projectId, { nodes: growth, field: "id" });
    const now = /* @__PURE__ */ new Date();
    for (const group of groups) {
      const earlier = previous.groups.find((entry) => entry.id === group.id);
      await updateNodeGroupRow(transaction, group.id, { nodeCount: earlier?.nodeCount ?? group.nodeCount, status: "UPDATE_IN_PROGRESS", updatedAt: now });
    }
    await updateClusterRow(transaction, clusterId, { nodeCount: previous.nodeCount, templateId: previous.templateId });
    const recorded = await recordOperation(transaction, context, cluster, "CLUSTER_ROLLBACK", { rollbackOf: failed.id, restore: previous }, options.requestId, `Rolling back the failed ${failed.type.toLowerCase().replaceAll("_", " ")}`);
    record(recorded.cursor);
    return { clusterId, operationId: recorded.operationId };
  });
}
async function rotateClusterCa(context, clusterId, options) {
  const phase = options.phase ?? "ROTATE";
  return runAction(context, "clusterCaRotate", options.requestId, { clusterId, phase }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, clusterId, "rotateCa", options);
    if (await templateTlsDisabled(transaction, cluster.templateId))
      throw invalidState("id", "the cluster has TLS disabled: it has no CA to rotate");
    await checkRotationPhase(transaction, clusterId, phase);
    const recorded = await recordOperation(transaction, context, cluster, "CLUSTER_CA_ROTATE", { phase }, options.requestId, rotationReason(phase));
    record(recorded.cursor);
    return { clusterId, operationId: recorded.operationId };
  });
}
async function deleteCluster(context, clusterId, options) {
  return runAction(context, "clusterDelete", options.requestId, { clusterId }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, clusterId, "delete", options);
    if (cluster.status === "DELETE_IN_PROGRESS") {
      const running = await activeOperation(transaction, clusterId);
      if (running)
        return { clusterId, operationId: running.id };
    }
    await cancelActiveOperations(transaction, clusterId, "superseded by a delete of the cluster");
    const now = /* @__PURE__ */ new Date();
    await updateNodeGroupsOfCluster(transaction, clusterId, { status: "DELETE_IN_PROGRESS", updatedAt: now });
    const recorded = await recordOperation(transaction, context, cluster, "CLUSTER_DELETE", { from: cluster.status }, options.requestId, "Cluster delete request accepted");
    record(recorded.cursor);
    return { clusterId, operationId: recorded.operationId };
  });
}

// dist/domain/certificates/certificates-retirement.js
var RETIREMENT_PRINCIPAL = { id: "system:ca-retirement", name: "turnkey", isGlobalAdmin: true, projectRoles: /* @__PURE__ */ new Map() };
var RETIREMENT_BATCH_SIZE = 100;
var RETIREMENT_STATUSES = SETTLED_STATUSES;
function retirementCutoff(now, graceSeconds) {
  return new Date(now.getTime() - graceSeconds * 1e3);
}
function retirementContext(db, eventsCommitted) {
  return {
    db,
    principal: RETIREMENT_PRINCIPAL,
    // Rotation reads neither: they are about templates and cluster types.
    policy: { ciliumEnabled: false },
    unsupportedClusterType: () => null,
    eventsCommitted
  };
}
async function retirePreviousAuthorities(context, clusterId) {
  try {
    await rotateClusterCa(context, clusterId, { phase: "RETIRE_PREVIOUS" });
    return null;
  } catch (error) {
    if (!(error instanceof DomainError))
      throw error;
    return error.message;
  }
}

// dist/orchestration/tasks/certificate-retirement.js
var CaRetirementTask = class {
  options;
  context;
  constructor(options) {
    this.options = options;
    this.context = retirementContext(options.db, options.eventsCommitted);
  }
  /** One round: records a RETIRE_PREVIOUS operation for each settled cluster whose grace period is over; returns their ids. */
  async retireDue(now = /* @__PURE__ */ new Date()) {
    const due = await clustersDueForRetirement(this.options.db, retirementCutoff(now, this.options.graceSeconds), RETIREMENT_STATUSES, RETIREMENT_BATCH_SIZE);
    const started = [];
    for (const { clusterId } of due) {
      const refusal = await retirePreviousAuthorities(this.context, clusterId);
      if (refusal === null)
        started.push(clusterId);
      else
        this.options.logger.debug({ clusterId, reason: refusal }, "previous CA not retired this round");
    }
    return started;
  }
};

// dist/events/bus.js
import { sql as sql10 } from "drizzle-orm";
var READ_BATCH = 500;
var RETRY_READ_MS = 1e3;
var SILENT_HEARTBEATS = 3;
var EventBus = class {
  database;
  sinks = /* @__PURE__ */ new Set();
  opened = 0;
  lastSeen = 0n;
  reading = null;
  again = false;
  stopListening = null;
  closed = false;
  lastHeard = Date.now();
  heartbeat = null;
  retry = null;
  onError;
  heartbeatMs;
  constructor(database, options = {}) {
    this.database = database;
    this.onError = options.onError ?? (() => void 0);
    this.heartbeatMs = database.kind === "postgres" ? options.heartbeatMs ?? 0 : 0;
  }
  async start() {
    this.lastSeen = await newestEventId(this.database.db);
    await this.listen();
    if (this.heartbeatMs > 0)
      this.beat();
  }
  async listen() {
    this.stopListening = await this.database.listen(
      EVENTS_CHANNEL,
      () => {
        this.lastHeard = Date.now();
        this.wake();
      },
      // Each (re)connection of the listening connection: catch up on what was committed while it was down.
      () => {
        this.lastHeard = Date.now();
        this.wake();
      }
    );
  }
  beat() {
    this.heartbeat = setTimeout(async () => {
      if (this.closed)
        return;
      try {
        if (Date.now() - this.lastHeard > SILENT_HEARTBEATS * this.heartbeatMs) {
          this.lastHeard = Date.now();
          await this.stopListening?.().catch(() => void 0);
          await this.listen();
        }
        await this.database.db.execute(sql10`select pg_notify(${EVENTS_CHANNEL}, '')`);
      } catch (error) {
        this.onError(error);
      }
      this.wake();
      if (!this.closed)
        this.beat();
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }
  /** The newest cursor this process has delivered: a live-only subscriber starts after it. */
  get cursor() {
    return this.lastSeen;
  }
  add(sink) {
    this.sinks.add(sink);
    this.opened += 1;
    return () => this.sinks.delete(sink);
  }
  get subscriberCount() {
    return this.sinks.size;
  }
  /** Sinks ever added: a subscription is live (receives every event read from now on) once it has counted here. */
  get subscriptionsOpened() {
    return this.opened;
  }
  /** Reads new events now (also used right after a local commit, ahead of the NOTIFY round trip). */
  wake() {
    if (this.closed)
      return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.drain().catch((error) => {
      this.onError(error);
      this.retry ??= setTimeout(() => {
        this.retry = null;
        this.wake();
      }, RETRY_READ_MS);
    }).finally(() => {
      this.reading = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }
  async drain() {
    for (; ; ) {
      const events = await eventsAfter(this.database.db, this.lastSeen, {}, READ_BATCH);
      for (const event of events) {
        this.lastSeen = event.id;
        for (const sink of this.sinks) {
          if (!sink.push(event)) {
            this.sinks.delete(sink);
            sink.overflow();
          }
        }
      }
      if (events.length < READ_BATCH)
        return;
    }
  }
  async close() {
    this.closed = true;
    if (this.heartbeat)
      clearTimeout(this.heartbeat);
    if (this.retry)
      clearTimeout(this.retry);
    await this.stopListening?.().catch(() => void 0);
    await this.reading;
    this.sinks.clear();
  }
};

// dist/events/metrics.js
import { Gauge } from "prom-client";
function registerEventBusMetrics(registry, bus) {
  new Gauge({
    name: "turnkey_event_subscribers",
    help: "Sinks the event bus delivers to (live subscriptions, plus the reconciler's own)",
    registers: [registry],
    collect() {
      this.set(bus.subscriberCount);
    }
  });
  new Gauge({
    name: "turnkey_event_subscriptions_opened",
    help: "Sinks the event bus has registered since start; a subscription is live once it has counted here",
    registers: [registry],
    collect() {
      this.set(bus.subscriptionsOpened);
    }
  });
}

// dist/events/post-commit-waker.js
var PostCommitWaker = class {
  targets = [];
  /** Adds parts woken after every commit that recorded an event. */
  wakes(...targets) {
    this.targets.push(...targets);
    return this;
  }
  /** Called after a commit with the cursors of the events it recorded (DomainContext.eventsCommitted and the reconciler's). */
  eventsCommitted = (cursors) => {
    if (cursors.length === 0)
      return;
    statementScope.exit(() => {
      for (const target of this.targets)
        target.wake();
    });
  };
};

// dist/db/queries/event-retention.js
import { asc as asc5, lt, lte as lte2, max as max3, sql as sql11 } from "drizzle-orm";
var PRUNE_LOCK_KEY = 7353003;
async function prunedThrough(executor) {
  const [row] = await executor.select({ prunedThrough: clusterEventRetention.prunedThrough }).from(clusterEventRetention).limit(1);
  return row?.prunedThrough ?? 0n;
}
function rowsOf(result) {
  return Array.isArray(result) ? result : result.rows ?? [];
}
async function pruneEventBatch(db, olderThanMs, batchSize) {
  return db.transaction(async (transaction) => {
    const [lock] = rowsOf(await transaction.execute(sql11`select pg_try_advisory_xact_lock(${PRUNE_LOCK_KEY}) as locked`));
    if (lock?.locked !== true)
      return { deleted: 0, ran: false };
    const oldest = transaction.select({ id: clusterEvents.id }).from(clusterEvents).where(lt(clusterEvents.occurredAt, sql11`now() - ${olderThanMs} * interval '1 millisecond'`)).orderBy(asc5(clusterEvents.id)).limit(batchSize).as("oldest");
    const [boundary] = await transaction.select({ id: max3(oldest.id) }).from(oldest);
    if (boundary?.id === null || boundary?.id === void 0)
      return { deleted: 0, ran: true };
    const watermark = BigInt(boundary.id);
    const deleted = await transaction.delete(clusterEvents).where(lte2(clusterEvents.id, watermark)).returning({ id: clusterEvents.id });
    await transaction.insert(clusterEventRetention).values({ id: 1, prunedThrough: watermark }).onConflictDoUpdate({
      target: clusterEventRetention.id,
      set: { prunedThrough: sql11`greatest(${clusterEventRetention.prunedThrough}, excluded.pruned_through)`, prunedAt: sql11`now()` }
    });
    return { deleted: deleted.length, ran: true };
  });
}

// dist/events/retention.js
var EventRetention = class {
  options;
  running = null;
  constructor(options) {
    this.options = options;
  }
  /**
   * Deletes every event past retention, batch by batch; returns how many. Concurrent calls share one run.
   * An aborted `signal` (the process is stopping) ends it after the batch in progress.
   */
  pruneNow(signal) {
    this.running ??= (async () => {
      const batchSize = this.options.batchSize ?? 5e3;
      let total = 0;
      for (; ; ) {
        const batch = await pruneEventBatch(this.options.db, this.options.retentionMs, batchSize);
        total += batch.deleted;
        if (!batch.ran || batch.deleted < batchSize || signal?.aborted)
          break;
        await new Promise((resolve2) => setImmediate(resolve2));
      }
      if (total > 0)
        this.options.onPruned?.(total);
      return total;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }
};

// dist/graphql/authenticator.js
import { GraphQLError as GraphQLError2 } from "graphql";

// dist/identity/providers.js
import { createHash as createHash4, timingSafeEqual } from "node:crypto";
import { eq as eq10, gte } from "drizzle-orm";

// dist/domain/tenancy/principal.js
function minterOfRecord(principal) {
  const mintedBy = principal.tokenGrant?.mintedBy;
  return mintedBy && mintedBy !== GLOBAL_ADMIN_ID ? mintedBy : principal.id;
}
var GLOBAL_ADMIN_ID = "admin";

// dist/domain/tenancy/token-secrets.js
import { createHash as createHash3, randomBytes as randomBytes2 } from "node:crypto";
function hashToken(token) {
  return createHash3("sha256").update(token).digest("hex");
}
function generateToken() {
  const token = `tk_${randomBytes2(32).toString("base64url")}`;
  return { token, hash: hashToken(token), prefix: token.slice(0, 10) };
}

// dist/identity/providers.js
var IdentityUnavailableError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "IdentityUnavailableError";
  }
};
var BuiltInIdentityProvider = class {
  homeProjectId;
  tokens;
  name = "builtin";
  adminDigest;
  constructor(adminToken, homeProjectId, tokens) {
    this.homeProjectId = homeProjectId;
    this.tokens = tokens;
    this.adminDigest = createHash4("sha256").update(adminToken).digest();
  }
  async authenticate(token) {
    if (timingSafeEqual(createHash4("sha256").update(token).digest(), this.adminDigest)) {
      return { id: GLOBAL_ADMIN_ID, name: "admin", isGlobalAdmin: true, projectRoles: /* @__PURE__ */ new Map([[this.homeProjectId, "ADMIN"]]) };
    }
    if (!/^tk_[A-Za-z0-9_-]{20,100}$/.test(token))
      return null;
    return this.tokens.authenticate(hashToken(token));
  }
};
var ChainedIdentityProvider = class {
  providers;
  name;
  constructor(providers) {
    this.providers = providers;
    this.name = providers.map((provider) => provider.name).join("+");
  }
  async authenticate(token) {
    for (const provider of this.providers) {
      const principal = await provider.authenticate(token);
      if (principal)
        return principal;
    }
    return null;
  }
};
function bearerToken(header) {
  if (typeof header !== "string")
    return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

// dist/graphql/authenticator.js
function unauthenticated(message) {
  return new GraphQLError2(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
}
var Authenticator = class {
  identity;
  constructor(identity) {
    this.identity = identity;
  }
  /** The caller behind a bare token, or null (the REST face words its own refusals). */
  authenticate(token) {
    return this.identity.authenticate(token);
  }
  /** The caller behind an Authorization header value (or graphql-ws's connection parameter); throws UNAUTHENTICATED. */
  async principalFor(authorization) {
    const token = bearerToken(authorization);
    if (!token)
      throw unauthenticated("authentication required: send Authorization: Bearer <token>");
    let principal;
    try {
      principal = await this.identity.authenticate(token);
    } catch (error) {
      if (error instanceof IdentityUnavailableError)
        throw new GraphQLError2(`identity service unavailable: ${error.message}`, { extensions: { code: "UNAUTHENTICATED", reason: "IDENTITY_UNAVAILABLE", http: { status: 503 } } });
      throw error;
    }
    if (!principal)
      throw unauthenticated("the token is not valid (unknown, expired or revoked)");
    return principal;
  }
};

// dist/graphql/rate-limit/index.js
import { HeaderMap } from "@apollo/server";
import { GraphQLError as GraphQLError3 } from "graphql";
import { Redis } from "ioredis";
import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { lt as lt2 } from "drizzle-orm";
function rateLimited(message, retryAfterSeconds) {
  return new GraphQLError3(message, {
    extensions: { code: "RATE_LIMITED", retryAfterSeconds, http: { status: 429, headers: new HeaderMap([["retry-after", String(retryAfterSeconds)]]) } }
  });
}
var subjectOf = (principal) => principal.tokenId ? `token:${principal.tokenId}` : `principal:${principal.id}`;
var RateLimits = class {
  settings;
  logger;
  limiters;
  sockets = /* @__PURE__ */ new Map();
  redis;
  cleanup = null;
  storeKind;
  constructor(settings, database, logger) {
    this.settings = settings;
    this.logger = logger;
    const kind = settings.store !== "auto" ? settings.store : settings.redisUrl ? "redis" : database.kind === "postgres" ? "postgres" : "memory";
    this.storeKind = kind;
    this.redis = kind === "redis" ? new Redis(settings.redisUrl ?? "redis://127.0.0.1:6379", { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) : null;
    this.redis?.on("error", (error) => logger.warn({ err: error }, "rate-limit store (Redis) unreachable; counting in process meanwhile"));
    const make = (budget, points) => {
      const options = { keyPrefix: `turnkey:${budget}`, points, duration: settings.windowSeconds };
      const insuranceLimiter = new RateLimiterMemory(options);
      if (kind === "redis")
        return new RateLimiterRedis({ ...options, storeClient: this.redis, insuranceLimiter, inMemoryBlockOnConsumed: points });
      if (kind === "postgres")
        return new RateLimiterDrizzle({ ...options, storeClient: database.db, schema: rateLimits, clearExpiredByTimeout: false, insuranceLimiter, inMemoryBlockOnConsumed: points });
      return new RateLimiterMemory(options);
    };
    this.limiters = {
      query: make("query", settings.queryCost),
      mutation: make("mutation", settings.mutations),
      subscription: make("subscription", settings.subscriptions),
      unauthenticated: make("unauthenticated", settings.unauthenticated)
    };
    if (kind === "postgres") {
      this.cleanup = setInterval(() => {
        void statementScope.exit(() => database.db.delete(rateLimits).where(lt2(rateLimits.expire, new Date(Date.now() - settings.windowSeconds * 1e3)))).catch(() => void 0);
      }, 3e5);
      this.cleanup.unref();
    }
  }
  /** Takes `points` from the subject's budget, or throws RATE_LIMITED with the seconds until it refills. */
  async consume(budget, subject, points) {
    const limiter = this.limiters[budget];
    const wanted = Math.max(1, Math.ceil(points));
    try {
      await statementScope.exit(() => limiter.consume(subject, Math.min(wanted, limiter.points)));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) {
        this.logger.warn({ err: error }, "rate-limit store failed; letting the request through");
        return;
      }
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1e3));
      throw rateLimited(`rate limit exceeded: the ${budget} budget of ${limiter.points} per ${this.settings.windowSeconds} s is spent; retry in ${retryAfterSeconds} s`, retryAfterSeconds);
    }
  }
  /**
   * Authenticates through `authenticate`; a refused credential costs the IP one point, and an IP that has
   * spent its budget is refused with RATE_LIMITED before any lookup.
   */
  async authenticated(ip, authenticate2) {
    const key = `ip:${ip}`;
    const blocked = await this.blockedFor("unauthenticated", key);
    if (blocked > 0)
      throw rateLimited(`too many unauthenticated requests from ${ip}; retry in ${blocked} s`, blocked);
    try {
      return await authenticate2();
    } catch (error) {
      if (error instanceof GraphQLError3 && error.extensions.code === "UNAUTHENTICATED" && error.extensions.reason !== "IDENTITY_UNAVAILABLE")
        await this.consume("unauthenticated", key, 1);
      throw error;
    }
  }
  /** When the principal's budget for this operation type is already spent: the refusal's message and delay; null otherwise (src/graphql/rate-limit/early-refusal.ts). */
  async spent(operation, principal) {
    const limiter = this.limiters[operation];
    const retryAfterSeconds = await this.blockedFor(operation, subjectOf(principal));
    if (retryAfterSeconds === 0)
      return null;
    return { message: `rate limit exceeded: the ${operation} budget of ${limiter.points} per ${this.settings.windowSeconds} s is spent; retry in ${retryAfterSeconds} s`, retryAfterSeconds };
  }
  /** Seconds until the subject may spend again (0: now). */
  async blockedFor(budget, subject) {
    const limiter = this.limiters[budget];
    const state = await statementScope.exit(() => limiter.get(subject)).catch(() => null);
    return state && state.consumedPoints >= limiter.points ? Math.max(1, Math.ceil(state.msBeforeNext / 1e3)) : 0;
  }
  /** Counts a new socket against its token and IP; the refusal's reason when either is at its cap. */
  openSocket(principal, ip) {
    const token = subjectOf(principal);
    if ((this.sockets.get(token) ?? 0) >= this.settings.socketsPerToken)
      return `this token already has ${this.settings.socketsPerToken} sockets open`;
    if ((this.sockets.get(`ip:${ip}`) ?? 0) >= this.settings.socketsPerIp)
      return `this address already has ${this.settings.socketsPerIp} sockets open`;
    for (const key of [token, `ip:${ip}`])
      this.sockets.set(key, (this.sockets.get(key) ?? 0) + 1);
    return null;
  }
  closeSocket(principal, ip) {
    for (const key of [subjectOf(principal), `ip:${ip}`]) {
      const left = (this.sockets.get(key) ?? 1) - 1;
      if (left <= 0)
        this.sockets.delete(key);
      else
        this.sockets.set(key, left);
    }
  }
  async close() {
    if (this.cleanup)
      clearInterval(this.cleanup);
    this.redis?.disconnect();
  }
};
async function chargeOperation(limits, principal, operation, figures) {
  const subject = subjectOf(principal);
  if (operation === "mutation")
    await limits.consume("mutation", subject, figures?.rootFields ?? 1);
  else if (operation === "subscription")
    await limits.consume("subscription", subject, 1);
  else
    await limits.consume("query", subject, figures?.cost ?? 1);
}

// dist/graphql/loaders.js
import DataLoader from "dataloader";
function byId(load) {
  return new DataLoader(async (ids) => {
    const rows = new Map((await load(ids)).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id));
  });
}
function groupedBy(load, keyOf) {
  return new DataLoader(async (keys) => {
    const groups = new Map(keys.map((key) => [key, []]));
    for (const row of await load(keys))
      groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}
function clustersPerTemplate(db) {
  return new DataLoader(async (keys) => {
    const byArguments = /* @__PURE__ */ new Map();
    for (const key of keys) {
      const signature = JSON.stringify([key.filter, key.sort, key.page]);
      byArguments.set(signature, [...byArguments.get(signature) ?? [], key]);
    }
    const pages = /* @__PURE__ */ new Map();
    for (const [signature, group] of byArguments) {
      const first = group[0];
      const result = await pageClustersPerTemplate(db, group.map((key) => key.templateId), first.filter, first.sort, first.page);
      for (const [templateId, page] of result)
        pages.set(`${templateId}|${signature}`, page);
    }
    return keys.map((key) => pages.get(`${key.templateId}|${JSON.stringify([key.filter, key.sort, key.page])}`));
  }, { cacheKeyFn: (key) => JSON.stringify(key) });
}
function clusterCountsPerTemplate(db) {
  return new DataLoader(async (keys) => {
    const bySignature = /* @__PURE__ */ new Map();
    for (const key of keys) {
      const signature = JSON.stringify(key.filter);
      bySignature.set(signature, [...bySignature.get(signature) ?? [], key.templateId]);
    }
    const counts = /* @__PURE__ */ new Map();
    for (const [signature, templateIds] of bySignature) {
      const result = await countClustersPerTemplate(db, templateIds, JSON.parse(signature));
      for (const templateId of templateIds)
        counts.set(`${templateId}|${signature}`, result.get(templateId) ?? 0);
    }
    return keys.map((key) => counts.get(`${key.templateId}|${JSON.stringify(key.filter)}`) ?? 0);
  }, { cacheKeyFn: (key) => JSON.stringify(key) });
}
function createLoaders(db) {
  return {
    template: byId((ids) => templatesByIds(db, ids)),
    cluster: byId((ids) => clustersByIds(db, ids)),
    nodeGroup: byId((ids) => nodeGroupsByIds(db, ids)),
    project: byId((ids) => projectsByIds(db, ids)),
    operation: byId((ids) => operationsByIds(db, ids)),
    nodeGroupsOfCluster: groupedBy((ids) => nodeGroupsByClusterIds(db, ids), (row) => row.clusterId),
    activeOperationsOfCluster: groupedBy((ids) => activeOperationsByClusterIds(db, ids), (row) => row.clusterId),
    certificate: byId((ids) => certificatesByIds(db, ids)),
    certificatesOfCluster: groupedBy((ids) => certificatesByClusterIds(db, ids), (row) => row.clusterId),
    clustersOfTemplate: clustersPerTemplate(db),
    clusterCountOfTemplate: clusterCountsPerTemplate(db)
  };
}

// dist/graphql/request-context.js
var RequestContextFactory = class {
  options;
  constructor(options) {
    this.options = options;
  }
  /** `caller` is a function for a WebSocket operation: its rights are the session's current ones, read at each use. */
  contextFor(caller, requestId) {
    const current = typeof caller === "function" ? caller : () => caller;
    const { options } = this;
    const domain = {
      db: options.db,
      get principal() {
        return current();
      },
      policy: options.policy,
      eventsCommitted: options.eventsCommitted,
      identityChanged: options.identityChanged,
      unsupportedClusterType: options.unsupportedClusterType
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
      certificates: options.certificates
    };
  }
};

// dist/identity/api-tokens.js
import { and as and10, eq as eq11 } from "drizzle-orm";
import { LRUCache } from "lru-cache";

// dist/domain/policy/tokens.js
var RANK = { READER: 1, MEMBER: 2, ADMIN: 3 };
function lowerRole(left, right) {
  return right && RANK[right] < RANK[left] ? right : left;
}
function roleAtMost(role, cap) {
  return !cap || RANK[role] <= RANK[cap];
}
function effectiveRoles(bindings, grant, minterAdministers) {
  const roles = /* @__PURE__ */ new Map();
  for (const [projectId, role] of bindings) {
    if (grant.projectIds && !grant.projectIds.includes(projectId))
      continue;
    if (minterAdministers && !minterAdministers.has(projectId))
      continue;
    roles.set(projectId, lowerRole(role, grant.maxRole));
  }
  return roles;
}
function mintingRefusal(principal, targetUserId, targetBindings, grant) {
  if (principal.isGlobalAdmin)
    return null;
  if (grant.projectIds === null)
    return "only a global admin mints unscoped tokens: name the projects (projectIds)";
  if (grant.projectIds.length === 0)
    return "a token needs at least one project";
  const callerCap = principal.tokenGrant?.maxRole ?? null;
  if (callerCap && !(grant.maxRole && roleAtMost(grant.maxRole, callerCap)))
    return `the token you call with acts at most as ${callerCap}: the new token's maxRole must not be higher`;
  if (targetUserId === principal.id) {
    const outside = grant.projectIds.filter((projectId2) => !principal.projectRoles.has(projectId2));
    return outside.length === 0 ? null : "a token can only be scoped to projects you act in now";
  }
  if (grant.projectIds.length !== 1)
    return "a token for another user is scoped to exactly one project you administer";
  const [projectId] = grant.projectIds;
  if (principal.projectRoles.get(projectId) !== "ADMIN")
    return "minting a token for another user needs the ADMIN role in the token's project";
  if (!targetBindings.has(projectId))
    return "the user has no role in that project";
  return null;
}
function mayManageToken(principal, token, userProjectIds) {
  if (principal.isGlobalAdmin || token.userId === principal.id || token.createdBy !== null && token.createdBy === principal.id)
    return true;
  const reach = token.projectIds ?? userProjectIds;
  return reach.some((projectId) => userProjectIds.includes(projectId) && principal.projectRoles.get(projectId) === "ADMIN");
}

// dist/identity/api-tokens.js
async function loadTokenPrincipal(db, tokenHash, now) {
  const [row] = await db.select({ token: apiTokens, user: users }).from(apiTokens).innerJoin(users, eq11(users.id, apiTokens.userId)).where(eq11(apiTokens.tokenHash, tokenHash));
  if (!row)
    return { principal: null, subjects: [] };
  const { token, user } = row;
  const mintedBy = token.createdBy;
  const mintedForSomeoneElse = mintedBy !== null && mintedBy !== user.id && mintedBy !== GLOBAL_ADMIN_ID;
  const subjects = mintedForSomeoneElse ? [user.id, mintedBy] : [user.id];
  if (token.revokedAt || token.expiresAt && token.expiresAt <= now)
    return { principal: null, subjects };
  const [bindings, minterAdministers] = await Promise.all([
    db.select({ projectId: roleBindings.projectId, role: roleBindings.role }).from(roleBindings).where(eq11(roleBindings.userId, user.id)),
    mintedForSomeoneElse ? db.select({ projectId: roleBindings.projectId }).from(roleBindings).where(and10(eq11(roleBindings.userId, mintedBy), eq11(roleBindings.role, "ADMIN"))) : Promise.resolve(null)
  ]);
  const grant = { projectIds: token.projectIds ?? null, maxRole: token.maxRole ?? null };
  const projectRoles = effectiveRoles(new Map(bindings.map((binding) => [binding.projectId, binding.role])), grant, minterAdministers ? new Set(minterAdministers.map((binding) => binding.projectId)) : null);
  return {
    principal: { id: user.id, name: user.name, isGlobalAdmin: false, projectRoles, tokenId: token.id, expiresAt: token.expiresAt, tokenGrant: { ...grant, mintedBy } },
    subjects
  };
}
var TokenCache = class {
  db;
  lastUse;
  now;
  entries;
  enabled;
  generation = 0;
  constructor(db, options, lastUse, now = () => /* @__PURE__ */ new Date()) {
    this.db = db;
    this.lastUse = lastUse;
    this.now = now;
    this.enabled = options.cacheMs > 0;
    this.entries = new LRUCache({ max: options.maxEntries ?? 1e4, ttl: Math.max(1, options.cacheMs) });
  }
  async authenticate(tokenHash) {
    const now = this.now();
    let entry = this.entries.get(tokenHash);
    if (!entry) {
      const generation = this.generation;
      entry = await loadTokenPrincipal(this.db, tokenHash, now);
      if (this.enabled && generation === this.generation)
        this.entries.set(tokenHash, entry);
    }
    const { principal } = entry;
    if (!principal || principal.expiresAt && principal.expiresAt <= now)
      return null;
    if (principal.tokenId)
      this.lastUse?.record(principal.tokenId, now);
    return principal;
  }
  /** Drops every answer about `userId` (its tokens, and tokens it minted for others); no id: all of them. */
  forget(userId) {
    this.generation += 1;
    if (userId === void 0) {
      this.entries.clear();
      return;
    }
    for (const [hash, entry] of this.entries.entries()) {
      if (entry.subjects.includes(userId))
        this.entries.delete(hash);
    }
  }
};

// dist/identity/invalidation.js
var IDENTITY_CHANNEL = "turnkey_identity";
async function listenForIdentityChanges(database, changed) {
  return database.listen(IDENTITY_CHANNEL, (payload) => changed(payload || null), () => changed(null));
}
var IdentityChanges = class {
  listeners = [];
  onChange(listener) {
    this.listeners.push(listener);
    return this;
  }
  changed = (userId) => {
    for (const listener of this.listeners)
      listener(userId);
  };
};

// dist/identity/keystone.js
import { createHash as createHash5 } from "node:crypto";
import { LRUCache as LRUCache2 } from "lru-cache";

// dist/openstack/catalog.js
function findEndpoint(catalog, query) {
  const services = catalog.filter((entry) => entry.type === query.type);
  const endpoints = services.flatMap((entry) => entry.endpoints);
  const match = endpoints.find((endpoint) => endpoint.interface === query.interface && (query.region === null || (endpoint.region_id ?? endpoint.region) === query.region));
  if (match !== void 0) {
    let url = match.url.replace(/\/+$/, "");
    if (query.projectId !== null)
      url = url.replace(/%\((tenant_id|project_id)\)s/g, query.projectId);
    return { url };
  }
  const where = query.region === null ? "" : ` in region ${query.region}`;
  const have = services.length === 0 ? `it lists ${catalog.map((entry) => entry.type).join(", ") || "no services"}` : `it has ${endpoints.map((endpoint) => `${endpoint.interface}@${endpoint.region_id ?? endpoint.region}`).join(", ")}`;
  return { missing: `Keystone's catalog has no ${query.interface} ${query.type} endpoint${where} (${have})` };
}

// dist/openstack/http.js
import got, { RequestError } from "got";
var CODES = {
  unauthorized: "INVALID_REQUEST",
  forbidden: "INVALID_REQUEST",
  "not-found": "STACK_NOT_FOUND",
  conflict: "CONFLICT",
  rejected: "INVALID_REQUEST",
  misconfigured: "INVALID_REQUEST"
};
var OpenStackError = class extends Error {
  failure;
  service;
  status;
  reason;
  name = "OpenStackError";
  retryable = false;
  code;
  constructor(failure, service, status, reason) {
    super(reason);
    this.failure = failure;
    this.service = service;
    this.status = status;
    this.reason = reason;
    this.code = CODES[failure];
  }
};
var OpenStackUnavailableError = class extends Error {
  service;
  status;
  reason;
  name = "OpenStackUnavailableError";
  failure = "unavailable";
  retryable = true;
  constructor(service, status, reason) {
    super(reason);
    this.service = service;
    this.status = status;
    this.reason = reason;
  }
};
function isRetryable(error) {
  return error instanceof OpenStackUnavailableError;
}
var DEFAULT_RETRY = { attempts: 5, baseDelayMs: 250, maxDelayMs: 4e3 };
function backoffDelay(attempt, policy, random = Math.random) {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + ceiling / 2 * random());
}
var RETRIED_STATUSES = /* @__PURE__ */ new Set([500, 502, 503, 504]);
async function requestJson(request) {
  const policy = request.retry ?? DEFAULT_RETRY;
  let outage = "";
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1)
      await sleep(backoffDelay(attempt - 1, policy));
    let response;
    try {
      response = await got(request.url, {
        method: request.method,
        headers: {
          accept: "application/json",
          ...request.headers,
          ...request.token === void 0 ? {} : { "x-auth-token": request.token }
        },
        ...request.json === void 0 ? {} : { json: request.json },
        ...request.searchParams === void 0 ? {} : { searchParams: request.searchParams },
        throwHttpErrors: false,
        retry: { limit: 0 },
        timeout: { request: request.timeoutMs ?? 3e4 },
        responseType: "text"
      });
    } catch (error) {
      if (!(error instanceof RequestError))
        throw error;
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
    return { status: response.statusCode, body, headers: response.headers };
  }
  const tries = policy.attempts === 1 ? "" : ` (after ${policy.attempts} tries)`;
  throw new OpenStackUnavailableError(request.service, statusIn(outage), `${outage}${tries}`);
}
function answered(service, status, statusText, body) {
  const message = serviceMessage(body);
  const head = `${service} answered ${status}${statusText ? ` ${statusText}` : ""}`;
  return message === "" ? head : `${head}: ${message}`;
}
function serviceMessage(body) {
  if (typeof body === "string")
    return body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().slice(0, 300);
  if (body === null || typeof body !== "object")
    return "";
  const record = body;
  const error = record["error"];
  if (error !== null && typeof error === "object") {
    const message = error["message"];
    if (typeof message === "string" && message !== "")
      return message;
  }
  for (const key of ["explanation", "message", "title"]) {
    const value = record[key];
    if (typeof value === "string" && value !== "")
      return value;
  }
  return "";
}
function failureOf(status) {
  if (status === 401)
    return "unauthorized";
  if (status === 403)
    return "forbidden";
  if (status === 404)
    return "not-found";
  if (status === 409)
    return "conflict";
  return "rejected";
}
function statusIn(outage) {
  const match = /answered (\d{3})/.exec(outage);
  return match === null ? null : Number(match[1]);
}
function parseBody(text16) {
  if (text16 === "")
    return null;
  try {
    return JSON.parse(text16);
  } catch {
    return text16;
  }
}
function sleep(milliseconds) {
  return new Promise((resolve2) => setTimeout(resolve2, milliseconds));
}

// dist/openstack/keystone-session.js
var DEFAULT_RENEW_BEFORE_MS = 5 * 6e4;
function authRequestBody(auth) {
  if (auth.method === "applicationCredential") {
    return {
      auth: {
        identity: { methods: ["application_credential"], application_credential: { id: auth.id, secret: auth.secret } }
      }
    };
  }
  const user = { password: auth.password };
  if (auth.userId !== void 0)
    user["id"] = auth.userId;
  else {
    user["name"] = auth.userName;
    user["domain"] = auth.userDomainId !== void 0 ? { id: auth.userDomainId } : { name: auth.userDomainName ?? "Default" };
  }
  const body = { identity: { methods: ["password"], password: { user } } };
  if (auth.scope !== null)
    body["scope"] = scopeBody(auth.scope);
  return { auth: body };
}
function scopeBody(scope) {
  if ("trustId" in scope)
    return { "OS-TRUST:trust": { id: scope.trustId } };
  if ("domainId" in scope)
    return { domain: { id: scope.domainId } };
  if ("domainName" in scope)
    return { domain: { name: scope.domainName } };
  if ("projectId" in scope)
    return { project: { id: scope.projectId } };
  const domain = scope.projectDomainId !== void 0 ? { id: scope.projectDomainId } : { name: scope.projectDomainName ?? "Default" };
  return { project: { name: scope.projectName, domain } };
}
function describeAuth(auth) {
  if (auth.method === "applicationCredential")
    return `application credential ${auth.id}`;
  const who = auth.userId !== void 0 ? `user ${auth.userId}` : `user "${auth.userName}" (domain ${auth.userDomainId ?? auth.userDomainName ?? "Default"})`;
  if (auth.scope !== null && "trustId" in auth.scope)
    return `${who} through trust ${auth.scope.trustId}`;
  return who;
}
function needsRenewal(token, now, renewBeforeMs) {
  const margin = Math.min(renewBeforeMs, (token.expiresAt - token.issuedAt) / 2);
  return now >= token.expiresAt - margin;
}
var KeystoneSession = class {
  authUrl;
  auth;
  retry;
  renewBeforeMs;
  now;
  timeoutMs;
  current = null;
  pending = null;
  /** Tokens issued so far; tests read it to see renewal and caching at work. */
  issued = 0;
  constructor(options) {
    this.authUrl = options.authUrl.replace(/\/+$/, "");
    this.auth = options.auth;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.renewBeforeMs = options.renewBeforeMs ?? DEFAULT_RENEW_BEFORE_MS;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs;
  }
  get identity() {
    return describeAuth(this.auth);
  }
  /** A valid token: the cached one, or a new one when it is close to expiry. Concurrent callers share one request. */
  async token() {
    if (this.current !== null && !needsRenewal(this.current, this.now(), this.renewBeforeMs))
      return this.current;
    this.pending ??= this.authenticate().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }
  /** Forget the cached token, e.g. after a service said 401 to it. */
  invalidate(token) {
    if (token === void 0 || this.current?.id === token.id)
      this.current = null;
  }
  /** A service's URL from the token's catalog; throws a clear error when the catalog lacks it. */
  async endpoint(type, endpointInterface, region) {
    const token = await this.token();
    const found = findEndpoint(token.catalog, { type, interface: endpointInterface, region, projectId: token.projectId });
    if ("missing" in found) {
      throw new OpenStackError("misconfigured", "Keystone", null, `${found.missing}; token of ${this.identity}`);
    }
    return found.url;
  }
  /** A call with this identity's token; a 401 renews the token once and tries again. */
  async request(request) {
    const token = await this.token();
    try {
      return await requestJson({ retry: this.retry, ...request, token: token.id });
    } catch (error) {
      if (!(error instanceof OpenStackError) || error.status !== 401)
        throw error;
      this.invalidate(token);
      const renewed = await this.token();
      return requestJson({ retry: this.retry, ...request, token: renewed.id });
    }
  }
  async authenticate() {
    let response;
    try {
      response = await requestJson({
        service: "Keystone",
        method: "POST",
        url: `${this.authUrl}/auth/tokens`,
        json: authRequestBody(this.auth),
        retry: this.retry,
        ...this.timeoutMs === void 0 ? {} : { timeoutMs: this.timeoutMs }
      });
    } catch (error) {
      throw explainAuthFailure(error, this.identity, this.authUrl);
    }
    const subject = response.headers["x-subject-token"];
    const raw = response.body.token;
    if (typeof subject !== "string" || raw === void 0) {
      throw new OpenStackError("misconfigured", "Keystone", response.status, `${this.authUrl} did not answer like Keystone v3`);
    }
    this.current = tokenFrom(subject, raw);
    this.issued++;
    return this.current;
  }
};
function tokenFrom(id, raw) {
  return {
    id,
    expiresAt: Date.parse(raw.expires_at),
    issuedAt: Date.parse(raw.issued_at),
    userId: raw.user.id,
    userName: raw.user.name,
    projectId: raw.project?.id ?? null,
    domainId: raw.domain?.id ?? null,
    trustId: raw["OS-TRUST:trust"]?.id ?? null,
    roles: (raw.roles ?? []).map((role) => role.name),
    catalog: raw.catalog ?? []
  };
}
function explainAuthFailure(error, identity, authUrl) {
  if (!(error instanceof OpenStackError))
    return error;
  if (error.status === 401) {
    return new OpenStackError("unauthorized", "Keystone", 401, `Keystone at ${authUrl} refused the credentials of ${identity}: check the name, password (or secret) and project (${error.reason})`);
  }
  if (error.status === 404) {
    return new OpenStackError("misconfigured", "Keystone", 404, `${authUrl} is not a Keystone v3 URL (${error.reason})`);
  }
  return error;
}

// dist/openstack/keystone-tokens.js
async function validateToken(session, subjectToken, timeoutMs) {
  const response = await session.request({
    service: "Keystone",
    method: "GET",
    url: `${session.authUrl}/auth/tokens`,
    headers: { "x-subject-token": subjectToken },
    accept: [404],
    timeoutMs
  });
  if (response.status === 404)
    return null;
  const { token } = response.body;
  return {
    expiresAt: token.expires_at,
    user: token.user,
    project: token.project ?? null,
    roles: (token.roles ?? []).map((role) => role.name)
  };
}

// dist/identity/keystone.js
var CACHED_VALIDATIONS = 1e4;
var RETRY = { attempts: 2, baseDelayMs: 250, maxDelayMs: 250 };
var RENEW_BEFORE_MS = 6e4;
function keystoneIdToUuid(id) {
  const hex = /^[0-9a-f]{32}$/i.test(id) ? id.toLowerCase() : createHash5("sha256").update(id).digest("hex").slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
function projectRoleOf(roleNames) {
  if (roleNames.includes("admin"))
    return "ADMIN";
  if (roleNames.includes("member") || roleNames.includes("_member_"))
    return "MEMBER";
  if (roleNames.includes("reader"))
    return "READER";
  return null;
}
var KeystoneIdentityProvider = class {
  db;
  options;
  name = "keystone";
  session;
  /** Hashed token to its principal (null: refused); none when the cache time is 0. */
  cache;
  knownProjects = /* @__PURE__ */ new Set();
  constructor(db, options) {
    this.db = db;
    this.options = options;
    const { serviceUser } = options;
    this.session = new KeystoneSession({
      authUrl: options.authUrl,
      auth: {
        method: "password",
        userName: serviceUser.name,
        userDomainName: serviceUser.domain,
        password: serviceUser.password,
        scope: { projectName: serviceUser.project, projectDomainName: serviceUser.projectDomain }
      },
      retry: RETRY,
      renewBeforeMs: RENEW_BEFORE_MS,
      timeoutMs: options.timeoutMs ?? 5e3
    });
    this.cache = options.cacheSeconds > 0 ? new LRUCache2({ max: CACHED_VALIDATIONS, ttl: options.cacheSeconds * 1e3 }) : null;
  }
  async authenticate(token) {
    if (!/^[A-Za-z0-9_-]{16,1024}$/.test(token))
      return null;
    const key = createHash5("sha256").update(token).digest("hex");
    const cached = this.cache?.get(key);
    if (cached)
      return cached.principal;
    const principal = await this.validate(token);
    this.cache?.set(key, { principal });
    return principal;
  }
  async validate(token) {
    try {
      await this.session.token();
    } catch (error) {
      throw new IdentityUnavailableError(`Turnkey's service account could not authenticate with Keystone: ${describe3(error)}`);
    }
    let validated;
    try {
      validated = await validateToken(this.session, token, this.options.timeoutMs ?? 5e3);
    } catch (error) {
      throw new IdentityUnavailableError(`Keystone could not validate the token: ${describe3(error)}`);
    }
    if (!validated?.project)
      return null;
    const { user, project, roles, expiresAt } = validated;
    const role = projectRoleOf(roles);
    if (!role)
      return null;
    const projectId = keystoneIdToUuid(project.id);
    await this.mirrorProject(projectId, project.name);
    return {
      id: keystoneIdToUuid(user.id),
      name: user.name,
      isGlobalAdmin: role === "ADMIN" && project.name === this.options.adminProject,
      projectRoles: /* @__PURE__ */ new Map([[projectId, role]]),
      expiresAt: new Date(expiresAt)
    };
  }
  /** Keystone's projects become Turnkey projects on first sight, so rows can carry them. */
  async mirrorProject(id, name) {
    if (this.knownProjects.has(id))
      return;
    await this.db.insert(projects).values({ id, name: `keystone:${name}:${id.slice(0, 8)}` }).onConflictDoNothing();
    this.knownProjects.add(id);
  }
};
function describe3(error) {
  return error instanceof Error ? error.message : String(error);
}

// dist/identity/last-use.js
import { sql as sql12 } from "drizzle-orm";
var LastUseRecorder = class {
  db;
  onError;
  pending = /* @__PURE__ */ new Map();
  flushing = null;
  constructor(db, onError = () => void 0) {
    this.db = db;
    this.onError = onError;
  }
  record(tokenId, at) {
    this.pending.set(tokenId, at);
  }
  /** Writes what is pending in one statement; only ever moves last_used_at forward. */
  async flush() {
    await this.flushing;
    if (this.pending.size === 0)
      return;
    const batch = [...this.pending];
    this.pending.clear();
    const rows = sql12.join(batch.map(([id, at]) => sql12`(${id}::uuid, ${at.toISOString()}::timestamptz)`), sql12`, `);
    this.flushing = this.db.execute(sql12`update api_tokens set last_used_at = used.at from (values ${rows}) as used(id, at) where api_tokens.id = used.id and (api_tokens.last_used_at is null or api_tokens.last_used_at < used.at)`).then(() => void 0, this.onError).finally(() => this.flushing = null);
    await this.flushing;
  }
  /** The last flush, at shutdown. */
  async close() {
    await this.flush();
  }
};

// dist/observability.js
import { inArray as inArray8, sql as sql15 } from "drizzle-orm";
import { Counter, Gauge as Gauge2, Histogram } from "prom-client";

// dist/orchestration/reconciler.js
import { sql as sql14 } from "drizzle-orm";

// dist/orchestration/reconcile/load.js
import { eq as eq12 } from "drizzle-orm";

// dist/orchestration/errors.js
var DriverError = class extends Error {
  code;
  reason;
  name = "DriverError";
  constructor(code, reason) {
    super(reason);
    this.code = code;
    this.reason = reason;
  }
};
var NotSupportedError = class _NotSupportedError extends DriverError {
  driver;
  action;
  name = "NotSupportedError";
  constructor(driver, action, detail) {
    super("NOT_SUPPORTED", _NotSupportedError.describe(driver, action, detail));
    this.driver = driver;
    this.action = action;
  }
  static describe(driver, action, detail) {
    if (action === "provide")
      return `Driver "${driver}" does not provide ${detail ?? "this cluster type"}`;
    return `Driver "${driver}" does not support ${action}${detail === void 0 ? "" : `: ${detail}`}`;
  }
};

// dist/orchestration/spec.js
var DEFAULT_DISTRO2 = "fedora-coreos";
var DEFAULT_FLAVOR = "m1.small";
function clusterSpec(cluster, template, groups) {
  return {
    uuid: cluster.id,
    name: cluster.name,
    projectId: cluster.projectId,
    coe: template.coe,
    clusterDistro: template.clusterDistro ?? DEFAULT_DISTRO2,
    serverType: template.serverType,
    imageId: template.imageId,
    flavorId: cluster.flavorId ?? DEFAULT_FLAVOR,
    masterFlavorId: cluster.masterFlavorId ?? cluster.flavorId ?? DEFAULT_FLAVOR,
    networkDriver: template.networkDriver ?? "flannel",
    fixedNetwork: cluster.fixedNetwork,
    fixedSubnet: cluster.fixedSubnet,
    masterLbEnabled: cluster.masterLbEnabled,
    floatingIpEnabled: cluster.floatingIpEnabled,
    tlsDisabled: template.tlsDisabled,
    labels: cluster.labels,
    createTimeout: cluster.createTimeout,
    nodeGroups: groups.map((group) => ({
      uuid: group.id,
      name: group.name,
      role: group.role,
      nodeCount: group.nodeCount,
      minNodeCount: group.minNodeCount,
      maxNodeCount: group.maxNodeCount,
      flavorId: group.flavorId ?? cluster.flavorId ?? DEFAULT_FLAVOR,
      imageId: group.imageId ?? template.imageId,
      labels: group.labels
    }))
  };
}

// dist/orchestration/reconcile/operation-specs.js
import { z as z4 } from "zod";
var label = z4.object({ key: z4.string(), value: z4.string() });
var snapshot = z4.object({ templateId: z4.string(), nodeCount: z4.number(), groups: z4.array(z4.object({ id: z4.string(), nodeCount: z4.number() })) }).optional().catch(void 0);
var history = z4.string().optional().catch(void 0);
var scale = z4.object({
  nodeGroupId: z4.string(),
  nodeCount: z4.number().int().min(0),
  /** Node names or addresses to remove first (a repair replaces them at the same count). */
  nodesToRemove: z4.array(z4.string()).default([]),
  previous: snapshot,
  /** Set when the autopilot recorded it: "scale" or "repair". */
  automatic: history
});
var nodeGroup = z4.object({ nodeGroupId: z4.string(), previous: snapshot });
var OPERATION_SPECS = {
  CLUSTER_CREATE: z4.object({ templateId: history }),
  CLUSTER_UPDATE: scale,
  CLUSTER_RESIZE: scale,
  CLUSTER_REPAIR: scale,
  CLUSTER_UPGRADE: z4.object({
    templateId: z4.string(),
    /** The target template's labels when the upgrade was asked for. */
    targetLabels: z4.array(label).default([]),
    maxBatchSize: z4.number().int().min(1).default(1),
    /** Upgrade only this node group; null upgrades the whole cluster. */
    nodeGroupId: z4.string().nullable().default(null),
    previous: snapshot
  }),
  CLUSTER_ROLLBACK: z4.object({ rollbackOf: history, restore: snapshot }),
  CLUSTER_DELETE: z4.object({ from: history }),
  // Operations recorded before CA rotation had phases rotated.
  CLUSTER_CA_ROTATE: z4.object({ phase: z4.enum(["ROTATE", "RETIRE_PREVIOUS"]).catch("ROTATE").default("ROTATE") }),
  NODE_GROUP_CREATE: nodeGroup,
  NODE_GROUP_UPDATE: nodeGroup,
  NODE_GROUP_DELETE: nodeGroup
};
var UnreadableOperationError = class extends Error {
  operationId;
  constructor(operationId, detail) {
    super(`the operation's parameters are unreadable: ${detail}`);
    this.operationId = operationId;
    this.name = "UnreadableOperationError";
  }
};
function isOperationType(type) {
  return Object.hasOwn(OPERATION_SPECS, type);
}
function parseOperationRequest(operation) {
  if (!isOperationType(operation.type))
    throw new UnreadableOperationError(operation.id, `unknown operation type ${operation.type}`);
  const parsed = OPERATION_SPECS[operation.type].safeParse(operation.spec);
  if (!parsed.success)
    throw new UnreadableOperationError(operation.id, z4.prettifyError(parsed.error).replaceAll("\n", "; "));
  return { type: operation.type, spec: parsed.data };
}
var operationProgressSchema = z4.object({
  /** The driver action was called and its stack id recorded: later ticks observe, never call it again. */
  submitted: z4.boolean().default(false),
  stackId: z4.string().nullable().default(null),
  /** Transient driver errors in a row; the backoff grows with it and the operation fails at the limit. */
  transientFailures: z4.number().int().min(0).default(0)
});
var NO_PROGRESS = { submitted: false, stackId: null, transientFailures: 0 };
function readProgress(operation) {
  const stored = operationProgressSchema.safeParse(operation.progress ?? {});
  const progress2 = stored.success ? stored.data : NO_PROGRESS;
  if (progress2.submitted || operation.spec.submitted !== true)
    return progress2;
  const legacyStack = typeof operation.spec.stackId === "string" ? operation.spec.stackId : null;
  return { ...progress2, submitted: true, stackId: progress2.stackId ?? legacyStack };
}

// dist/orchestration/reconcile/load.js
var LeaseLostError = class extends Error {
  constructor(operationId) {
    super(`lost the lease on operation ${operationId}`);
    this.name = "LeaseLostError";
  }
};
async function loadScope(db, operationId, workerId, settings) {
  const [operation] = await db.select().from(operations).where(eq12(operations.id, operationId));
  if (!operation || operation.status !== "RUNNING" || operation.leaseOwner !== workerId)
    throw new LeaseLostError(operationId);
  let request = null;
  let requestProblem;
  try {
    request = parseOperationRequest(operation);
  } catch (error) {
    if (!(error instanceof UnreadableOperationError))
      throw error;
    requestProblem = error.message;
  }
  const base = { operation, request, ...requestProblem ? { requestProblem } : {}, progress: readProgress(operation), settings };
  const [cluster] = await db.select().from(clusters).where(eq12(clusters.id, operation.clusterId));
  if (!cluster)
    return { ...base, cluster: void 0, groups: [], spec: null };
  const [template] = await db.select().from(clusterTemplates).where(eq12(clusterTemplates.id, cluster.templateId));
  const groups = await db.select().from(nodeGroups).where(eq12(nodeGroups.clusterId, cluster.id)).orderBy(nodeGroups.createdAt, nodeGroups.id);
  const scope = { ...base, cluster, groups, spec: template ? clusterSpec(cluster, template, groups) : null };
  if (request?.type === "CLUSTER_UPGRADE" && !scope.progress.submitted) {
    const [target] = await db.select().from(clusterTemplates).where(eq12(clusterTemplates.id, request.spec.templateId));
    scope.upgradeTarget = target ?? null;
  }
  return scope;
}
function submits(scope) {
  return !scope.progress.submitted;
}
async function askDriver(driver, scope) {
  const { cluster, spec, request } = scope;
  if (!cluster || !spec || !request)
    return { kind: "none" };
  try {
    if (submits(scope)) {
      const result = await submit(driver, scope, spec, request);
      return { kind: "submitted", stackId: result.stackId };
    }
    return { kind: "observed", observation: await driver.observe(spec, cluster.stackId) };
  } catch (error) {
    if (error instanceof DriverError || error instanceof OpenStackError)
      return { kind: "rejected", code: error.code, reason: error.reason };
    return { kind: "unavailable", message: error instanceof Error ? error.message : String(error) };
  }
}
function submit(driver, scope, spec, request) {
  const stackId = scope.cluster?.stackId ?? null;
  const requireStack = () => {
    if (!stackId)
      throw new DriverError("STACK_NOT_FOUND", "the cluster has no stack to change");
    return stackId;
  };
  switch (request.type) {
    case "CLUSTER_CREATE":
      return driver.create(spec, stackId);
    case "CLUSTER_UPDATE":
    case "CLUSTER_ROLLBACK":
      return driver.update(spec, requireStack());
    case "CLUSTER_RESIZE":
    case "CLUSTER_REPAIR":
      return driver.resize(spec, requireStack(), { nodeGroupId: request.spec.nodeGroupId, nodeCount: request.spec.nodeCount, nodesToRemove: request.spec.nodesToRemove });
    case "CLUSTER_UPGRADE": {
      const target = scope.upgradeTarget;
      if (!target)
        throw new DriverError("INVALID_REQUEST", "the template to upgrade to no longer exists");
      return driver.upgrade(spec, requireStack(), {
        template: { imageId: target.imageId, labels: upgradedLabels(spec.labels, target.labels) },
        maxBatchSize: request.spec.maxBatchSize,
        nodeGroupId: request.spec.nodeGroupId
      });
    }
    case "CLUSTER_DELETE":
      return driver.delete(spec, stackId);
    case "CLUSTER_CA_ROTATE":
      return driver.rotateCa(spec, requireStack());
    case "NODE_GROUP_CREATE":
      return driver.createNodeGroup(spec, requireStack(), request.spec.nodeGroupId);
    case "NODE_GROUP_UPDATE":
      return driver.updateNodeGroup(spec, requireStack(), request.spec.nodeGroupId);
    case "NODE_GROUP_DELETE":
      return driver.deleteNodeGroup(spec, requireStack(), request.spec.nodeGroupId);
  }
}

// dist/orchestration/reconcile/apply.js
import { and as and11, eq as eq13, sql as sql13 } from "drizzle-orm";
async function inLease(db, lease, work) {
  return db.transaction(async (transaction) => {
    if (lease.clusterId)
      await transaction.select({ id: clusters.id }).from(clusters).where(eq13(clusters.id, lease.clusterId)).for("no key update");
    const owned = await transaction.update(operations).set({ leaseExpiresAt: sql13`now() + ${lease.leaseMs} * interval '1 millisecond'` }).where(and11(eq13(operations.id, lease.operationId), eq13(operations.status, "RUNNING"), eq13(operations.leaseOwner, lease.workerId))).returning({ id: operations.id });
    if (owned.length === 0)
      throw new LeaseLostError(lease.operationId);
    const events = await work(transaction);
    return appendClusterEvents(transaction, events);
  });
}
function hooksFor(hooks, type) {
  return hooks.filter((hook) => hook.appliesTo(type));
}
async function apply(transaction, scope, transition, hookRun) {
  const { operation, cluster, request } = scope;
  const changes = transition.operation;
  const release = transition.requeue?.release ? transition.requeue : null;
  if (changes || release) {
    await transaction.update(operations).set({
      ...changes,
      // Backing off: the lease goes back and nobody claims the operation before its time.
      ...release ? { leaseOwner: null, leaseExpiresAt: null, notBefore: sql13`now() + ${release.afterMs} * interval '1 millisecond'` } : {}
    }).where(eq13(operations.id, operation.id));
  }
  if (!cluster)
    return transition.events;
  if (transition.hooks && request) {
    const applying = hooksFor(hookRun.hooks, operation.type);
    for (const [index10, hook] of applying.entries()) {
      if (transition.hooks.point === "afterSubmit")
        await hook.afterSubmit?.(transaction, { operation, request, cluster, prepared: hookRun.prepared?.[index10] });
      else
        await hook.afterComplete?.(transaction, { operation, request, cluster, failed: transition.hooks.failed });
    }
  }
  if (transition.cluster && "delete" in transition.cluster) {
    await transaction.delete(clusters).where(eq13(clusters.id, cluster.id));
    return transition.events;
  }
  if (transition.cluster)
    await transaction.update(clusters).set(transition.cluster.changes).where(eq13(clusters.id, cluster.id));
  if (transition.allNodeGroups)
    await transaction.update(nodeGroups).set(transition.allNodeGroups).where(eq13(nodeGroups.clusterId, cluster.id));
  for (const change of transition.nodeGroups) {
    if (change.delete)
      await transaction.delete(nodeGroups).where(eq13(nodeGroups.id, change.id));
    else
      await transaction.update(nodeGroups).set(change.changes).where(eq13(nodeGroups.id, change.id));
  }
  return transition.events;
}

// dist/orchestration/reconcile/decide.js
var MAX_TRANSIENT_FAILURES = 8;
function backoffMs(failures) {
  return Math.min(3e4, 100 * 2 ** failures);
}
var HINTED_FLOOR_MS = 5;
var PROGRESS_INTERVAL_MS = 2e3;
var NOTHING = { operation: null, cluster: null, allNodeGroups: null, nodeGroups: [], events: [], hooks: null, renewLease: false };
function decide(scope, report, now) {
  const { operation, cluster } = scope;
  if (!cluster || !scope.spec)
    return finish(scope, { failed: true, code: "CLUSTER_GONE", reason: "the cluster no longer exists" }, now);
  if (!scope.request)
    return finish(scope, { failed: true, code: "INVALID_REQUEST", reason: scope.requestProblem ?? "the operation's parameters are unreadable" }, now);
  switch (report.kind) {
    case "none":
      return finish(scope, { failed: true, code: "INVALID_REQUEST", reason: "nothing could be asked of the driver" }, now);
    case "submitted":
      return {
        ...NOTHING,
        operation: { progress: { ...scope.progress, submitted: true, stackId: report.stackId, transientFailures: 0 }, updatedAt: now.wall },
        cluster: { changes: { stackId: report.stackId } },
        allNodeGroups: { stackId: report.stackId },
        hooks: { point: "afterSubmit" },
        requeue: { afterMs: scope.settings.intervalMs, release: false }
      };
    case "rejected":
      return finish(scope, { failed: true, code: report.code, reason: report.reason }, now);
    case "unavailable":
      return backoff(scope, report.message, now);
    case "observed":
      break;
  }
  const { observation } = report;
  const timedOut = timeoutReason(scope, observation, now);
  if (timedOut)
    return finish(scope, { failed: true, code: "TIMEOUT", reason: timedOut, observation }, now);
  if (observation.state === "IN_PROGRESS")
    return progress(scope, observation, now);
  if (observation.state === "NOT_FOUND") {
    return operation.type === "CLUSTER_DELETE" ? finish(scope, { failed: false, observation }, now) : finish(scope, { failed: true, code: "STACK_NOT_FOUND", reason: "the cluster's stack disappeared", observation }, now);
  }
  if (observation.state === "FAILED")
    return finish(scope, { failed: true, code: "STAGE_FAILED", reason: observation.reason ?? "the driver reported a failure", observation }, now);
  return finish(scope, { failed: false, observation }, now);
}
function backoff(scope, message, now) {
  const failures = scope.progress.transientFailures + 1;
  if (failures >= MAX_TRANSIENT_FAILURES) {
    return finish(scope, { failed: true, code: "DRIVER_UNAVAILABLE", reason: `the ${scope.settings.driverName} driver kept failing: ${message}` }, now);
  }
  return { ...NOTHING, operation: { progress: { ...scope.progress, transientFailures: failures } }, requeue: { afterMs: backoffMs(failures), release: true } };
}
function timeoutReason(scope, observation, now) {
  const { operation, cluster } = scope;
  if (operation.type !== "CLUSTER_CREATE" || !cluster || cluster.createTimeout <= 0 || observation.state !== "IN_PROGRESS")
    return null;
  const elapsed = now.clock - (operation.startedAt ?? operation.createdAt).getTime();
  if (elapsed <= cluster.createTimeout * scope.settings.timeScale)
    return null;
  const stage2 = observation.stages.find((candidate) => candidate.status === "RUNNING");
  const where = stage2 ? ` while in stage "${stage2.name}" (${stage2.description})` : "";
  return `Create timed out after ${cluster.createTimeout} minute${cluster.createTimeout === 1 ? "" : "s"}${where}; delete the cluster, or raise createTimeout and create it again`;
}
function pollDelay(scope, observation, now) {
  const { intervalMs, leaseMs } = scope.settings;
  if (observation.nextChangeAt === void 0)
    return { afterMs: intervalMs, release: false };
  const ceiling = Math.max(intervalMs, Math.min(PROGRESS_INTERVAL_MS, leaseMs / 3));
  return { afterMs: Math.min(ceiling, Math.max(HINTED_FLOOR_MS, observation.nextChangeAt - now.clock + 1)), release: false };
}
function progress(scope, observation, now) {
  const { operation, cluster, groups, progress: done } = scope;
  const requeue = pollDelay(scope, observation, now);
  if (!cluster)
    return { ...NOTHING, requeue };
  const type = operation.type;
  const reason = stageReason(type, observation.stages);
  const events = stageEvents(scope, observation, now, reason ?? cluster.statusReason);
  const clusterChanges = observedClusterFields(cluster, observation);
  if (reason !== null && reason !== cluster.statusReason)
    clusterChanges.statusReason = reason;
  const groupChanges = observedGroupFields(groups, observation);
  const recovered = done.transientFailures > 0;
  const changed = events.length > 0 || operation.percent !== observation.percent || Object.keys(clusterChanges).length > 0 || groupChanges.length > 0 || recovered;
  if (!changed) {
    const leaseLeft = (operation.leaseExpiresAt?.getTime() ?? 0) - now.wall.getTime();
    return { ...NOTHING, renewLease: leaseLeft < scope.settings.leaseMs / 2, requeue };
  }
  return {
    ...NOTHING,
    operation: { stages: observation.stages.map(stageRow), percent: observation.percent, updatedAt: now.wall, ...recovered ? { progress: { ...done, transientFailures: 0 } } : {} },
    cluster: Object.keys(clusterChanges).length > 0 ? { changes: { ...clusterChanges, updatedAt: now.wall } } : null,
    nodeGroups: groupChanges.map((change) => ({ id: change.id, changes: { ...change.fields, updatedAt: now.wall } })),
    events,
    requeue
  };
}
function finish(scope, outcome, now) {
  const { operation, cluster, groups, request } = scope;
  const type = operation.type;
  const { observation, failed } = outcome;
  const percent = failed ? observation?.percent ?? operation.percent : 100;
  const transition = {
    ...NOTHING,
    operation: {
      status: failed ? "FAILED" : "SUCCEEDED",
      stages: observation ? observation.stages.map(stageRow) : operation.stages,
      percent,
      errorCode: failed ? outcome.code ?? "FAILED" : null,
      errorMessage: failed ? outcome.reason ?? null : null,
      finishedAt: now.wall,
      updatedAt: now.wall,
      leaseOwner: null,
      leaseExpiresAt: null
    },
    requeue: null
  };
  if (!cluster)
    return transition;
  const events = observation ? stageEvents(scope, observation, now, void 0) : [];
  transition.events = events;
  if (request)
    transition.hooks = { point: "afterComplete", failed };
  if (type === "CLUSTER_DELETE" && !failed) {
    transition.cluster = { delete: true };
    events.push(clusterEvent(scope, now, { type: "STATUS_CHANGED", status: "DELETE_COMPLETE", previousStatus: cluster.status, statusReason: "Cluster deleted", percent: 100 }));
    events.push(clusterEvent(scope, now, { type: "DELETED", status: "DELETE_COMPLETE", statusReason: "Cluster deleted" }));
    return transition;
  }
  const path5 = statusPath(type);
  const status = failed ? path5.failed : path5.succeeded;
  const reason = failed ? outcome.reason ?? "failed" : successReason(type);
  const faults = failed ? observation?.faults && Object.keys(observation.faults).length ? observation.faults : faultsFor(groups, request, reason) : {};
  const fields = { ...observation ? observedClusterFields(cluster, observation) : {}, status, statusReason: reason, faults, updatedAt: now.wall, resourceVersion: cluster.resourceVersion + 1 };
  const upgraded = upgradedGroups(request, failed);
  if (upgraded.wholeCluster && request?.type === "CLUSTER_UPGRADE") {
    fields.templateId = request.spec.templateId;
    fields.labels = upgradedLabels(cluster.labels, upgraded.targetLabels);
  }
  transition.cluster = { changes: fields };
  const removed = type === "NODE_GROUP_DELETE" && !failed ? nodeGroupIdOf(request) : null;
  transition.nodeGroups = groups.map((group) => {
    if (group.id === removed)
      return { id: group.id, delete: true };
    const observed = observation?.nodeGroups.find((candidate) => candidate.uuid === group.id);
    const groupStatus = settledGroupStatus(group.status, failed);
    return {
      id: group.id,
      changes: {
        status: groupStatus,
        statusReason: failed && groupStatus.endsWith("_FAILED") ? faults[group.name] ?? reason : null,
        ...observed ? { nodeAddresses: observed.nodeAddresses, version: observed.version } : {},
        ...upgraded.wholeCluster || upgraded.nodeGroupId === group.id ? { labels: upgradedLabels(group.labels, upgraded.targetLabels) } : {},
        updatedAt: now.wall
      }
    };
  });
  events.push(clusterEvent(scope, now, { type: "STATUS_CHANGED", status, previousStatus: cluster.status, statusReason: reason, percent }));
  return transition;
}
function changedStages(recorded, observed) {
  const before = new Map(recorded.map((stage2) => [stage2.name, stage2.status]));
  return observed.filter((stage2) => stage2.status !== "PENDING" && before.get(stage2.name) !== stage2.status);
}
function stageEvents(scope, observation, now, statusReason) {
  return changedStages(scope.operation.stages, observation.stages).map((stage2) => clusterEvent(scope, now, { type: "PROGRESS", stage: stage2.name, percent: observation.percent, details: stageDetails(stage2), ...statusReason !== void 0 ? { statusReason } : {} }));
}
function clusterEvent(scope, now, fields) {
  const cluster = scope.cluster;
  return { projectId: cluster.projectId, clusterId: cluster.id, operationId: scope.operation.id, occurredAt: now.wall, type: "PROGRESS", ...fields };
}
function stageDetails(stage2) {
  const transitionAt = stage2.status === "RUNNING" ? stage2.startedAt : stage2.finishedAt;
  return { stageStatus: stage2.status, description: stage2.description, ...transitionAt ? { transitionAt } : {} };
}
function stageRow(stage2) {
  return {
    name: stage2.name,
    status: stage2.status,
    startedAt: stage2.startedAt ? new Date(stage2.startedAt).toISOString() : null,
    finishedAt: stage2.finishedAt ? new Date(stage2.finishedAt).toISOString() : null
  };
}
var OPERATION_VERBS = {
  CLUSTER_CREATE: "Creating",
  CLUSTER_UPDATE: "Updating",
  CLUSTER_RESIZE: "Resizing",
  CLUSTER_UPGRADE: "Upgrading",
  CLUSTER_ROLLBACK: "Rolling back",
  CLUSTER_DELETE: "Deleting",
  CLUSTER_CA_ROTATE: "Rotating the CA",
  NODE_GROUP_CREATE: "Adding a node group",
  NODE_GROUP_UPDATE: "Updating a node group",
  NODE_GROUP_DELETE: "Deleting a node group",
  CLUSTER_REPAIR: "Repairing"
};
function stageReason(type, stages) {
  const index10 = stages.findIndex((stage2) => stage2.status === "RUNNING");
  if (index10 < 0)
    return null;
  const verb = OPERATION_VERBS[type] ?? "Working";
  return `${verb}: ${stages[index10].description} (stage ${index10 + 1} of ${stages.length})`;
}
function nodeGroupIdOf(request) {
  if (!request || !("nodeGroupId" in request.spec))
    return null;
  return request.spec.nodeGroupId ?? null;
}
function upgradedGroups(request, failed) {
  if (request?.type !== "CLUSTER_UPGRADE" || failed)
    return { wholeCluster: false, nodeGroupId: null, targetLabels: [] };
  const { nodeGroupId, targetLabels } = request.spec;
  return { wholeCluster: nodeGroupId === null, nodeGroupId, targetLabels };
}
function successReason(type) {
  switch (type) {
    case "CLUSTER_CREATE":
      return "Stack CREATE completed successfully";
    case "CLUSTER_ROLLBACK":
      return "Rollback completed successfully";
    default:
      return "Stack UPDATE completed successfully";
  }
}
function settledGroupStatus(current, failed) {
  if (!current.endsWith("_IN_PROGRESS"))
    return current;
  return current.replace("_IN_PROGRESS", failed ? "_FAILED" : "_COMPLETE");
}
function faultsFor(groups, request, reason) {
  const nodeGroupId = nodeGroupIdOf(request);
  const touched = groups.filter((group) => group.status.endsWith("_IN_PROGRESS") || group.id === nodeGroupId);
  return Object.fromEntries((touched.length ? touched : groups).map((group) => [group.name, reason]));
}
function same(left, right) {
  return JSON.stringify(left) === JSON.stringify(right);
}
function observedClusterFields(cluster, observation) {
  const next = {
    apiAddress: observation.apiAddress ?? cluster.apiAddress,
    masterAddresses: observation.masterAddresses,
    nodeAddresses: observation.nodeAddresses,
    coeVersion: observation.coeVersion ?? cluster.coeVersion,
    containerVersion: observation.containerVersion ?? cluster.containerVersion
  };
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => !same(value, cluster[key])));
}
function observedGroupFields(groups, observation) {
  const changes = [];
  for (const group of groups) {
    const observed = observation.nodeGroups.find((candidate) => candidate.uuid === group.id);
    if (!observed)
      continue;
    const fields = {};
    if (!same(observed.nodeAddresses, group.nodeAddresses))
      fields.nodeAddresses = observed.nodeAddresses;
    if (observed.version && observed.version !== group.version)
      fields.version = observed.version;
    if (Object.keys(fields).length > 0)
      changes.push({ id: group.id, fields });
  }
  return changes;
}

// dist/orchestration/reconcile/types.js
function writes(transition) {
  return transition.renewLease || transition.operation !== null || transition.cluster !== null || transition.allNodeGroups !== null || transition.nodeGroups.length > 0 || transition.events.length > 0 || transition.hooks !== null || transition.requeue?.release === true;
}

// dist/orchestration/reconcile/tick.js
async function tick(context, operationId, memory) {
  const { db, driver, workerId, hooks, settings } = context;
  const scope = await loadScope(db, operationId, workerId, settings);
  const lease = { operationId, clusterId: scope.operation.clusterId, workerId, leaseMs: settings.leaseMs };
  const applying = hooksFor(hooks, scope.operation.type);
  if (submits(scope) && scope.cluster && scope.spec && scope.request && memory.prepared === void 0) {
    const { cluster, spec, request, operation } = scope;
    memory.prepared = await Promise.all(applying.map((hook) => hook.beforeSubmit?.({ operation, request, cluster, spec })));
    if (applying.some((hook) => hook.beforeSubmit))
      await inLease(db, lease, async () => []);
  }
  const report = await askDriver(driver, scope);
  const transition = decide(scope, report, context.now());
  if (writes(transition)) {
    const cursors = await inLease(db, lease, (transaction) => apply(transaction, scope, transition, { hooks, prepared: memory.prepared }));
    context.eventsCommitted(cursors);
  }
  if (transition.hooks?.point === "afterSubmit")
    delete memory.prepared;
  return { transition, requeue: transition.requeue };
}

// dist/orchestration/reconciler.js
var MEMORY_MS = 10 * 6e4;
var Reconciler = class {
  options;
  active = /* @__PURE__ */ new Map();
  timer = null;
  claiming = null;
  claimAgain = false;
  stopped = false;
  /** Wake-ups scheduled for operations backing off (their lease handed back until then). */
  requeues = /* @__PURE__ */ new Set();
  /** Per operation, across its ticks and its backoffs in this process. */
  memory = /* @__PURE__ */ new Map();
  tickContext;
  clock;
  constructor(options) {
    this.options = options;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    const driver = options.driver;
    this.tickContext = {
      db: options.db,
      driver: options.driver,
      workerId: options.workerId,
      hooks: options.hooks ?? [],
      settings: {
        driverName: options.driver.name,
        // A simulated minute lasts 60 s / speed, so createTimeout keeps its meaning at any speed.
        timeScale: 6e4 / (driver.speed ?? 1),
        leaseMs: options.leaseMs,
        intervalMs: options.intervalMs
      },
      now: () => ({ wall: /* @__PURE__ */ new Date(), clock: this.clock.now() }),
      eventsCommitted: options.eventsCommitted
    };
  }
  get activeCount() {
    return this.active.size;
  }
  async start() {
    if (this.options.exclusive) {
      await this.options.db.update(operations).set({ leaseExpiresAt: null, notBefore: null }).where(sql14`${operations.status} = 'RUNNING'`);
    }
    const poll = () => {
      if (this.stopped)
        return;
      this.wake();
      this.timer = setTimeout(poll, Math.max(this.options.leaseMs / 3, 250));
    };
    poll();
  }
  /** Looks for claimable operations now (a mutation just recorded one, or an event says so). */
  wake() {
    if (this.stopped)
      return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = this.claim().catch((error) => this.options.logger.error({ err: error }, "claiming operations failed")).finally(() => {
      this.claiming = null;
      if (this.claimAgain) {
        this.claimAgain = false;
        this.wake();
      }
    });
  }
  async claim() {
    const room = this.options.concurrency - this.active.size;
    if (room <= 0)
      return;
    const mine = [...this.active.keys()];
    const { db, workerId, leaseMs } = this.options;
    const claimed = await db.transaction(async (transaction) => {
      const rows = await transaction.execute(sql14`
        update ${operations}
        set status = 'RUNNING',
            lease_owner = ${workerId},
            lease_expires_at = now() + ${leaseMs} * interval '1 millisecond',
            attempts = attempts + 1,
            started_at = coalesce(started_at, now()),
            not_before = null,
            updated_at = now()
        where id in (
          select id from ${operations}
          where status in ('PENDING', 'RUNNING')
            and (lease_expires_at is null or lease_expires_at < now())
            and (not_before is null or not_before <= now())
            ${mine.length ? sql14`and id not in (${sql14.join(mine.map((id) => sql14`${id}::uuid`), sql14`, `)})` : sql14``}
          order by created_at
          limit ${room}
          for update skip locked
        )
        returning id, cluster_id, type, attempts`);
      return rowsOf2(rows);
    });
    for (const row of claimed)
      this.drive(row.id);
  }
  drive(operationId) {
    const now = Date.now();
    for (const [id, kept] of this.memory)
      if (now - kept.keptAt > MEMORY_MS && !this.active.has(id))
        this.memory.delete(id);
    const memory = this.memory.get(operationId) ?? { keptAt: now };
    this.memory.set(operationId, memory);
    let keep = false;
    const run = (async () => {
      try {
        while (!this.stopped) {
          const { requeue } = await tick(this.tickContext, operationId, memory);
          if (requeue === null)
            return;
          if (requeue.release) {
            keep = true;
            memory.keptAt = Date.now();
            this.requeue(requeue.afterMs);
            return;
          }
          await new Promise((resolve2) => setTimeout(resolve2, requeue.afterMs));
        }
        keep = true;
      } catch (error) {
        if (error instanceof LeaseLostError)
          return;
        this.options.logger.error({ err: error, operationId }, "driving an operation failed; it will be retried after its lease expires");
      }
    })().finally(() => {
      if (!keep)
        this.memory.delete(operationId);
      this.active.delete(operationId);
      this.wake();
    });
    this.active.set(operationId, run);
  }
  /** Claims again once a backoff is over (the periodic claim would find it too, later). */
  requeue(afterMs) {
    if (this.stopped)
      return;
    const timer = setTimeout(() => {
      this.requeues.delete(timer);
      this.wake();
    }, afterMs + 1);
    this.requeues.add(timer);
  }
  /** Stops claiming and driving; unfinished operations keep their rows and resume on the next start (or on another replica). */
  async stop(handBack) {
    this.stopped = true;
    if (this.timer)
      clearTimeout(this.timer);
    for (const timer of this.requeues)
      clearTimeout(timer);
    this.requeues.clear();
    await this.claiming;
    await Promise.allSettled([...this.active.values()]);
    if (handBack) {
      await this.options.db.update(operations).set({ leaseExpiresAt: null, leaseOwner: null }).where(sql14`${operations.leaseOwner} = ${this.options.workerId} and ${operations.status} = 'RUNNING'`);
    }
  }
};
function rowsOf2(result) {
  if (Array.isArray(result))
    return result;
  return result.rows ?? [];
}

// dist/observability.js
var NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
var MAX_OPERATION_LABELS = 200;
function operationLabel(known, name) {
  if (!name)
    return "anonymous";
  if (!NAME.test(name))
    return "other";
  if (known.has(name))
    return name;
  if (known.size >= MAX_OPERATION_LABELS)
    return "other";
  known.add(name);
  return name;
}
function requestMetricsPlugin(registry) {
  const known = /* @__PURE__ */ new Set();
  const duration = new Histogram({
    name: "turnkey_graphql_request_duration_seconds",
    help: "GraphQL requests over HTTP by operation name and outcome (ok, error)",
    labelNames: ["operation", "outcome"],
    buckets: [5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry]
  });
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ request, operationName, response }) {
          const errors = response.body.kind === "single" ? response.body.singleResult.errors : void 0;
          const seconds4 = Number(process.hrtime.bigint() - started) / 1e9;
          duration.observe({ operation: operationLabel(known, operationName ?? request.operationName), outcome: errors?.length ? "error" : "ok" }, seconds4);
        }
      };
    }
  };
}
function observeLifecycle(options) {
  const { registry, logger, bus, database } = options;
  const operationsFinished = new Counter({ name: "turnkey_operations_finished_total", help: "Lifecycle operations finished, by type and outcome", labelNames: ["type", "outcome"], registers: [registry] });
  const operationDuration = new Histogram({
    name: "turnkey_operation_duration_seconds",
    help: "Lifecycle operations from request to finish, by type and outcome",
    labelNames: ["type", "outcome"],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry]
  });
  const eventsRead = new Counter({ name: "turnkey_cluster_events_total", help: "Cluster events read from the event log by this process, by type", labelNames: ["type"], registers: [registry] });
  const pending = /* @__PURE__ */ new Set();
  let batch;
  const readFinished = async (ids) => {
    const rows = await database.db.select({ id: operations.id, type: operations.type, status: operations.status, createdAt: operations.createdAt, finishedAt: operations.finishedAt, errorCode: operations.errorCode }).from(operations).where(inArray8(operations.id, ids));
    for (const row of rows) {
      if (!row.finishedAt)
        continue;
      const outcome = row.status.toLowerCase();
      const seconds4 = (row.finishedAt.getTime() - row.createdAt.getTime()) / 1e3;
      operationsFinished.inc({ type: row.type, outcome });
      operationDuration.observe({ type: row.type, outcome }, seconds4);
      logger.info({ operation: row.id, type: row.type, outcome: row.status, error: row.errorCode ?? void 0, seconds: seconds4 }, `operation ${row.type} ${row.status}`);
    }
  };
  const finished = (operationId) => {
    pending.add(operationId);
    batch ??= setTimeout(() => {
      batch = void 0;
      const ids = [...pending];
      pending.clear();
      readFinished(ids).catch((error) => logger.warn({ err: error }, "reading finished operations failed"));
    }, 500);
    batch.unref();
  };
  bus.add({
    push: (event) => {
      eventsRead.inc({ type: event.type });
      const base = { cluster: event.clusterId, operation: event.operationId ?? void 0 };
      if (event.type === "STATUS_CHANGED") {
        const line = { ...base, status: event.status, previousStatus: event.previousStatus ?? void 0, reason: event.statusReason ?? void 0 };
        if (event.status?.endsWith("_FAILED"))
          logger.warn(line, `cluster ${event.status}`);
        else
          logger.info(line, `cluster ${event.status}`);
        if (event.operationId && !event.status?.endsWith("_IN_PROGRESS")) {
          finished(event.operationId);
        }
      } else if (event.type === "PROGRESS") {
        const stageStatus = event.details.stageStatus;
        logger.info({ ...base, stage: event.stage, stageStatus, percent: event.percent }, `stage ${event.stage} ${stageStatus ?? ""}`.trimEnd());
      } else if (event.type === "HEALTH_CHANGED") {
        logger.info({ ...base, health: event.healthStatus, reason: event.statusReason ?? void 0 }, `cluster health ${event.healthStatus}`);
      } else if (event.type === "DELETED") {
        logger.info(base, "cluster deleted");
        if (event.operationId)
          finished(event.operationId);
      }
      return true;
    },
    overflow: () => void 0
  });
  new Gauge2({
    name: "turnkey_clusters",
    help: "Clusters by status and health",
    labelNames: ["status", "health"],
    registers: [registry],
    async collect() {
      const rows = rowsOf2(await database.db.execute(sql15`select status, health_status as health, count(*)::int as count from clusters group by 1, 2`));
      this.reset();
      for (const row of rows)
        this.set({ status: String(row.status), health: String(row.health) }, Number(row.count));
    }
  });
  new Gauge2({
    name: "turnkey_reconciler_queue_depth",
    help: "Operations waiting (PENDING) or being driven (RUNNING)",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const rows = rowsOf2(await database.db.execute(sql15`select status, count(*)::int as count from operations where status in ('PENDING', 'RUNNING') group by 1`));
      this.reset();
      this.set({ status: "PENDING" }, 0);
      this.set({ status: "RUNNING" }, 0);
      for (const row of rows)
        this.set({ status: String(row.status) }, Number(row.count));
    }
  });
  new Gauge2({
    name: "turnkey_reconciler_lag_seconds",
    help: "Age of the oldest operation no worker has started yet (0 when none waits)",
    registers: [registry],
    async collect() {
      const [row] = rowsOf2(await database.db.execute(sql15`select coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as lag from operations where status = 'PENDING'`));
      this.set(Number(row?.lag ?? 0));
    }
  });
  new Gauge2({
    name: "turnkey_db_pool_connections",
    help: "Database connections this process may open (postgres.js pool size; 1 for PGlite)",
    registers: [registry],
    collect() {
      this.set(options.poolSize);
    }
  });
}

// dist/orchestration/autopilot.js
import { and as and12, eq as eq14, inArray as inArray9, isNotNull as isNotNull2, notExists as notExists2 } from "drizzle-orm";

// dist/orchestration/labels.js
function labelValue(labels, key) {
  let value;
  for (const label2 of labels)
    if (label2.key === key)
      value = label2.value;
  return value;
}
function labelEnabled(labels, key) {
  const value = labelValue(labels, key)?.trim().toLowerCase();
  return value === "true" || value === "1" || value === "yes";
}

// dist/orchestration/autopilot.js
function decide2(input) {
  if (labelEnabled(input.labels, "auto_healing_enabled") && input.healthStatus === "UNHEALTHY") {
    const notReady = Object.entries(input.healthStatusReason).filter(([key, value]) => key.endsWith(".Ready") && value === "False").map(([key]) => key.slice(0, -".Ready".length));
    for (const group of input.groups.filter((candidate) => candidate.role !== "master")) {
      const broken = group.nodeNames.filter((name) => notReady.includes(name));
      if (broken.length > 0) {
        return { kind: "repair", nodeGroupId: group.id, nodeCount: group.nodeCount, nodesToRemove: broken, reason: `Auto-healing: replacing unhealthy node${broken.length === 1 ? "" : "s"} ${broken.join(", ")} of ${group.name}` };
      }
    }
  }
  if (labelEnabled(input.labels, "auto_scaling_enabled") && input.demand !== null) {
    const group = input.groups.find((candidate) => candidate.name === DEFAULT_WORKER_GROUP && candidate.role !== "master");
    if (!group)
      return null;
    const ceiling = group.maxNodeCount ?? group.nodeCount;
    const target = Math.min(Math.max(Math.ceil(input.demand), group.minNodeCount, 0), Math.max(ceiling, group.minNodeCount));
    if (target !== group.nodeCount) {
      const direction = target > group.nodeCount ? "up" : "down";
      return { kind: "scale", nodeGroupId: group.id, nodeCount: target, reason: `Auto-scaling ${group.name} ${direction} to ${target} nodes for a workload of ${input.demand} (bounds ${group.minNodeCount} to ${group.maxNodeCount ?? "none"})` };
    }
  }
  return null;
}
var SYSTEM = { healing: "system:auto-healer", scaling: "system:autoscaler" };
var Autopilot = class {
  options;
  constructor(options) {
    this.options = options;
  }
  /** One round over settled, idle clusters that enable either label; returns the operations recorded. */
  async round() {
    const { db, driver } = this.options;
    const candidates = await db.select({ cluster: clusters, template: clusterTemplates }).from(clusters).innerJoin(clusterTemplates, eq14(clusterTemplates.id, clusters.templateId)).where(and12(inArray9(clusters.status, [...SETTLED_STATUSES]), isNotNull2(clusters.stackId), notExists2(db.select({ id: operations.id }).from(operations).where(and12(eq14(operations.clusterId, clusters.id), inArray9(operations.status, [...ACTIVE_OPERATION_STATUSES]))))));
    let recorded = 0;
    for (const { cluster, template } of candidates) {
      if (!labelEnabled(cluster.labels, "auto_healing_enabled") && !labelEnabled(cluster.labels, "auto_scaling_enabled"))
        continue;
      const groups = await db.select().from(nodeGroups).where(eq14(nodeGroups.clusterId, cluster.id));
      const spec = clusterSpec(cluster, template, groups);
      const observation = await driver.observe(spec, cluster.stackId);
      const views = groups.map((group) => ({
        id: group.id,
        name: group.name,
        role: group.role,
        nodeCount: group.nodeCount,
        minNodeCount: group.minNodeCount,
        maxNodeCount: group.maxNodeCount,
        nodeNames: observation.nodeGroups.find((observed) => observed.uuid === group.id)?.nodeNames ?? []
      }));
      const decision = decide2({ labels: cluster.labels, healthStatus: cluster.healthStatus, healthStatusReason: cluster.healthStatusReason, groups: views, demand: driver.workloadDemand?.(spec) ?? null });
      if (decision && await this.record(cluster, decision))
        recorded += 1;
    }
    return recorded;
  }
  /** Records the decision as an operation, unless the cluster changed meanwhile or the quota says no. */
  async record(seen, decision) {
    const { db, logger } = this.options;
    try {
      const cursors = await db.transaction(async (transaction) => {
        const cluster = await findCluster(transaction, seen.id, true);
        if (!cluster || cluster.resourceVersion !== seen.resourceVersion || !SETTLED_STATUSES.includes(cluster.status))
          return [];
        if (await activeOperation(transaction, cluster.id))
          return [];
        const groups = await transaction.select().from(nodeGroups).where(eq14(nodeGroups.clusterId, cluster.id)).for("no key update");
        const group = groups.find((candidate) => candidate.id === decision.nodeGroupId);
        if (!group)
          return [];
        await enforceQuota(transaction, cluster.projectId, { nodes: decision.nodeCount - group.nodeCount, field: "nodeCount" });
        const now = /* @__PURE__ */ new Date();
        await transaction.update(nodeGroups).set({ nodeCount: decision.nodeCount, status: "UPDATE_IN_PROGRESS", statusReason: null, updatedAt: now, resourceVersion: group.resourceVersion + 1 }).where(eq14(nodeGroups.id, group.id));
        const workers = groups.filter((candidate) => candidate.role !== "master").reduce((sum, candidate) => sum + (candidate.id === group.id ? decision.nodeCount : candidate.nodeCount), 0);
        await transaction.update(clusters).set({ nodeCount: workers }).where(eq14(clusters.id, cluster.id));
        const previous = { templateId: cluster.templateId, nodeCount: cluster.nodeCount, groups: groups.map((entry) => ({ id: entry.id, nodeCount: entry.nodeCount })) };
        const healing = decision.kind === "repair";
        const system = { principal: { id: healing ? SYSTEM.healing : SYSTEM.scaling } };
        const spec = { nodeGroupId: group.id, nodeCount: decision.nodeCount, nodesToRemove: healing ? decision.nodesToRemove : [], previous, automatic: decision.kind };
        const operation = await recordOperation(transaction, system, cluster, healing ? "CLUSTER_REPAIR" : "CLUSTER_RESIZE", spec, null, decision.reason);
        return [operation.cursor];
      });
      if (cursors.length === 0)
        return false;
      this.options.eventsCommitted(cursors);
      logger.info({ clusterId: seen.id, decision }, "autopilot recorded an operation");
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === "QUOTA_EXCEEDED") {
        logger.warn({ clusterId: seen.id, decision, reason: error.message }, "autopilot held back by the project's quota");
        return false;
      }
      throw error;
    }
  }
};

// dist/orchestration/health-monitor.js
import { and as and13, eq as eq15, inArray as inArray10, isNotNull as isNotNull3, ne, or as or3, sql as sql16 } from "drizzle-orm";
var OBSERVED_STATUSES = [...SETTLED_STATUSES, "UPDATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "UPDATE_FAILED", "ROLLBACK_FAILED"];
var HealthMonitor = class {
  options;
  constructor(options) {
    this.options = options;
  }
  /** One round; also for tests and for an operator's "check now". */
  async checkAll() {
    const { db, driver } = this.options;
    const candidates = await db.select({ cluster: clusters, template: clusterTemplates }).from(clusters).innerJoin(clusterTemplates, eq15(clusterTemplates.id, clusters.templateId)).where(and13(inArray10(clusters.status, [...OBSERVED_STATUSES]), isNotNull3(clusters.stackId))).orderBy(clusters.updatedAt).limit(this.options.batchSize);
    if (candidates.length === 0)
      return 0;
    const groups = await db.select().from(nodeGroups).where(inArray10(nodeGroups.clusterId, candidates.map((candidate) => candidate.cluster.id)));
    let changed = 0;
    for (const { cluster, template } of candidates) {
      const report = await driver.health(clusterSpec(cluster, template, groups.filter((group) => group.clusterId === cluster.id)), cluster.stackId);
      if (report.status === cluster.healthStatus && sameReason(report.reason, cluster.healthStatusReason))
        continue;
      const cursors = await db.transaction(async (transaction) => {
        const updated = await transaction.update(clusters).set({ healthStatus: report.status, healthStatusReason: report.reason }).where(and13(eq15(clusters.id, cluster.id), or3(ne(clusters.healthStatus, report.status), sql16`${clusters.healthStatusReason} <> ${JSON.stringify(report.reason)}::jsonb`))).returning({ id: clusters.id });
        if (updated.length === 0)
          return [];
        if (!SETTLED_STATUSES.includes(cluster.status) && report.status === cluster.healthStatus)
          return [];
        return appendClusterEvents(transaction, [
          {
            projectId: cluster.projectId,
            clusterId: cluster.id,
            type: "HEALTH_CHANGED",
            healthStatus: report.status,
            status: cluster.status,
            details: { reason: report.reason, previousHealthStatus: cluster.healthStatus }
          }
        ]);
      });
      if (cursors.length > 0) {
        changed += 1;
        this.options.eventsCommitted(cursors);
      }
    }
    return changed;
  }
};
function sameReason(left, right) {
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => right[key] === left[key]);
}

// dist/orchestration/actions.js
var OPERATION_ACTIONS = [
  "create",
  "update",
  "resize",
  "upgrade",
  "delete",
  "rotateCa",
  "nodeGroupCreate",
  "nodeGroupUpdate",
  "nodeGroupDelete"
];
var DRIVER_ACTIONS = [...OPERATION_ACTIONS, "health"];
function clusterActionOf(action) {
  if (action === "create")
    return "CREATE";
  if (action === "delete")
    return "DELETE";
  return "UPDATE";
}
function nodeGroupActionOf(action) {
  if (action === "nodeGroupCreate")
    return "CREATE";
  if (action === "nodeGroupDelete")
    return "DELETE";
  return clusterActionOf(action);
}

// dist/orchestration/driver.js
function notFoundObservation(reason) {
  return {
    state: "NOT_FOUND",
    action: null,
    operation: null,
    stages: [],
    percent: 0,
    reason,
    faults: {},
    masterAddresses: [],
    nodeAddresses: [],
    nodeGroups: []
  };
}
function providesClusterType(driver, type) {
  return driver.provides.some((capability) => capability.coe === type.coe && capability.distros.includes(type.clusterDistro) && capability.serverTypes.includes(type.serverType));
}
function describeClusterType(type) {
  return `${type.coe} on ${type.clusterDistro} (${type.serverType})`;
}

// dist/orchestration/drivers/simulated/hash.js
function hashText(text16) {
  let hash = 2166136261;
  for (let position = 0; position < text16.length; position++) {
    hash ^= text16.charCodeAt(position);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}
function seededRandom(seed) {
  let state = hashText(seed);
  return () => {
    state = state + 1831565813 >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ mixed >>> 15, mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ mixed >>> 7, mixed | 61);
    return ((mixed ^ mixed >>> 14) >>> 0) / 4294967296;
  };
}

// dist/orchestration/drivers/simulated/stage.js
function stage(name, description, seconds4, failure, options = {}) {
  return {
    name,
    description,
    duration: Math.round(seconds4 * 1e3),
    groups: options.groups ?? [],
    commits: options.commits ?? [],
    failure,
    doomed: options.doomed ?? false
  };
}
function stageMatches(stageName, wanted) {
  return stageName === wanted || stageName.split(":")[0] === wanted;
}
function noAddressesLeft(network) {
  return `Resource CREATE failed: IpAddressGenerationFailureClient: No more IP addresses available on network ${network}.`;
}
function noValidHost(resource) {
  return `Resource CREATE failed: ResourceInError: resources.${resource}: Went to status ERROR due to "Message: No valid host was found. There are not enough hosts available., Code: 500"`;
}
function plural(count3) {
  return count3 === 1 ? "" : "s";
}

// dist/orchestration/drivers/simulated/faults.js
var FAULT_LABELS = {
  failStage: "turnkey.sim/fail-stage",
  hangStage: "turnkey.sim/hang-stage",
  failureRate: "turnkey.sim/failure-rate",
  unhealthyNode: "turnkey.sim/unhealthy-node",
  /** Not a fault: the load signal auto-scaling follows (SimulatedDriver.workloadDemand). */
  demand: "turnkey.sim/demand"
};
function resolveFaults(spec, defaults = {}) {
  const { labels } = spec;
  const explicit = spec.faults ?? {};
  const rateLabel = labelValue(labels, FAULT_LABELS.failureRate);
  const unhealthyLabel = labelValue(labels, FAULT_LABELS.unhealthyNode);
  const labelRate = rateLabel === void 0 ? void 0 : Number(rateLabel);
  const labelNodes = unhealthyLabel === void 0 ? void 0 : [unhealthyLabel];
  const resolved = {
    failureRate: clampRate(explicit.failureRate ?? labelRate ?? defaults.failureRate),
    hangRate: clampRate(explicit.hangRate ?? defaults.hangRate),
    unhealthyNodes: explicit.unhealthyNodes ?? labelNodes ?? defaults.unhealthyNodes ?? []
  };
  const failStage = explicit.failStage ?? labelValue(labels, FAULT_LABELS.failStage) ?? defaults.failStage;
  const hangStage = explicit.hangStage ?? labelValue(labels, FAULT_LABELS.hangStage) ?? defaults.hangStage;
  if (failStage !== void 0)
    resolved.failStage = failStage;
  if (hangStage !== void 0)
    resolved.hangStage = hangStage;
  return resolved;
}
function clampRate(rate) {
  if (rate === void 0 || !Number.isFinite(rate))
    return 0;
  return Math.min(1, Math.max(0, rate));
}
function placeFaults(stages, faults, seed) {
  const random = seededRandom(seed);
  const drawn = stages.length > 0 && random() < faults.failureRate ? Math.floor(random() * stages.length) : -1;
  const named = find(stages, faults.failStage);
  const doomed = stages.findIndex((stage2) => stage2.doomed);
  const failures = [drawn, named, doomed].filter((index10) => index10 >= 0);
  const namedHang = find(stages, faults.hangStage);
  const drawnHang = stages.length > 0 && faults.hangRate > 0 && random() < faults.hangRate ? Math.floor(random() * stages.length) : -1;
  const hangs = [namedHang, drawnHang].filter((index10) => index10 >= 0);
  return {
    failAt: failures.length === 0 ? null : Math.min(...failures),
    hangAt: hangs.length === 0 ? null : Math.min(...hangs)
  };
}
function find(stages, wanted) {
  if (wanted === void 0 || wanted === "")
    return -1;
  return stages.findIndex((stage2) => stageMatches(stage2.name, wanted));
}

// dist/orchestration/drivers/simulated/addresses.js
var DEFAULT_SUBNET = "10.0.0.0/24";
var FLOATING_NETWORK = "172.24.4.0/24";
var VIRTUAL_IP_HOST = 5;
var FIRST_NODE_HOST = 10;
var CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
function parseSubnet(text16) {
  const match = CIDR.exec(text16?.trim() ?? "");
  if (match === null)
    return parseSubnet(DEFAULT_SUBNET);
  const [octets, prefix] = [match.slice(1, 5).map(Number), Number(match[5])];
  if (octets.some((octet) => octet > 255) || prefix > 32)
    return parseSubnet(DEFAULT_SUBNET);
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const mask = prefix === 0 ? 0 : 4294967295 << 32 - prefix >>> 0;
  const network = (address & mask) >>> 0;
  return { cidr: `${formatAddress(network)}/${prefix}`, network, prefix };
}
function formatAddress(value) {
  return [24, 16, 8, 0].map((shift) => value >>> shift & 255).join(".");
}
function nodeCapacity(subnet) {
  const size = 2 ** (32 - subnet.prefix);
  return Math.max(0, size - FIRST_NODE_HOST - 1);
}
function nodeAddress(subnet, slot) {
  return formatAddress(subnet.network + FIRST_NODE_HOST + slot);
}
function virtualIp(subnet) {
  return formatAddress(subnet.network + VIRTUAL_IP_HOST);
}
function floatingIp(clusterUuid) {
  const pool = parseSubnet(FLOATING_NETWORK);
  return formatAddress(pool.network + 10 + hashText(clusterUuid) % 240);
}

// dist/orchestration/drivers/simulated/durations.js
var STAGE_SECONDS = {
  network: 30,
  certificates: 10,
  /** Octavia boots an amphora VM for every load balancer. */
  loadBalancer: 120,
  /** Boot, cloud-init and the heat agent, for one node. */
  masterBoot: 150,
  etcdQuorum: 30,
  apiServer: 45,
  swarmInit: 30,
  workerBoot: 120,
  coreDns: 20,
  dashboard: 30,
  monitoring: 90,
  ingress: 45,
  /** The Octavia ingress controller waits for a load balancer of its own. */
  octaviaIngress: 120,
  autoscaler: 20,
  autoHealer: 20,
  join: 45,
  drain: 60,
  serverDelete: 30,
  emptyNodeGroup: 5,
  masterUpgrade: 180,
  workerUpgrade: 150,
  caIssue: 15,
  caRollout: 60,
  teardownAddons: 30,
  teardownNodes: 60,
  teardownLoadBalancer: 60,
  teardownCertificates: 5,
  teardownNetwork: 20
};
var BARE_METAL_BOOT_FACTOR = 4;
function forNodes(seconds4, count3) {
  return seconds4 * (1 + Math.log2(Math.max(count3, 1)) / 3);
}
function bootSeconds(seconds4, count3, serverType) {
  return forNodes(seconds4, count3) * (serverType === "BM" ? BARE_METAL_BOOT_FACTOR : 1);
}

// dist/orchestration/drivers/simulated/shape.js
var EMPTY_SHAPE = { groups: [] };
function isMaster(group) {
  return group.role === "master";
}
function findGroup(shape, uuid13) {
  return shape.groups.find((group) => group.uuid === uuid13);
}
function countNodes(groups) {
  return groups.reduce((sum, group) => sum + group.nodes.length, 0);
}
function usedSlots(shape) {
  return new Set(shape.groups.flatMap((group) => group.nodes.map(([, slot]) => slot)));
}
function stackNameOf(spec) {
  const slug = spec.name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 20);
  return `${slug === "" ? "cluster" : slug}-${spec.uuid.replace(/-/g, "").slice(0, 8)}`;
}
function nodeName(stackName, group, index10) {
  const kind = isMaster(group) ? "master" : "node";
  return group.primary ? `${stackName}-${kind}-${index10}` : `${stackName}-${group.name}-${kind}-${index10}`;
}
function takeSlots(used, count3) {
  const slots = [];
  for (let slot = 0; slots.length < count3; slot++) {
    if (used.has(slot))
      continue;
    used.add(slot);
    slots.push(slot);
  }
  return slots;
}
function resizeGroup2(group, count3, used, preferred = []) {
  if (count3 <= group.nodes.length) {
    const removals = group.nodes.length - count3;
    const present = new Set(group.nodes.map(([index10]) => index10));
    const doomed = new Set(preferred.filter((index10) => present.has(index10)).slice(0, removals));
    const newestFirst2 = [...present].sort((left, right) => right - left);
    for (const index10 of newestFirst2)
      if (doomed.size < removals)
        doomed.add(index10);
    return { ...group, nodes: group.nodes.filter(([index10]) => !doomed.has(index10)) };
  }
  const next = group.nodes.reduce((highest, [index10]) => Math.max(highest, index10), -1) + 1;
  const added = takeSlots(used, count3 - group.nodes.length).map((slot, offset) => [next + offset, slot]);
  return { ...group, nodes: [...group.nodes, ...added] };
}
function newGroup(spec, version2, primary, used) {
  const empty = {
    uuid: spec.uuid,
    name: spec.name,
    role: spec.role,
    primary,
    version: version2,
    imageId: spec.imageId,
    nodes: []
  };
  return resizeGroup2(empty, spec.nodeCount, used);
}
function initialShape(spec, version2) {
  const used = /* @__PURE__ */ new Set();
  const masters = spec.nodeGroups.filter(isMaster);
  const others = spec.nodeGroups.filter((group) => !isMaster(group));
  return {
    groups: [
      ...masters.map((group, position) => newGroup(group, version2, position === 0, used)),
      ...others.map((group, position) => newGroup(group, version2, position === 0, used))
    ]
  };
}
function replaceGroup(shape, replacement) {
  return { groups: shape.groups.map((group) => group.uuid === replacement.uuid ? replacement : group) };
}

// dist/orchestration/drivers/simulated/change-plan.js
var seconds = STAGE_SECONDS;
function planScaling(operation, spec) {
  const { before, after, stackName } = operation;
  const capacity = nodeCapacity(parseSubnet(spec.fixedSubnet));
  const network = spec.fixedNetwork ?? "private";
  const stages = [];
  for (const target of after.groups) {
    const current = findGroup(before, target.uuid) ?? { ...target, nodes: [] };
    const kept = new Set(target.nodes.map(([index10]) => index10));
    const existing = new Set(current.nodes.map(([index10]) => index10));
    const removed = current.nodes.filter(([index10]) => !kept.has(index10));
    const added = target.nodes.filter(([index10]) => !existing.has(index10));
    const creating = findGroup(before, target.uuid) === void 0;
    const growing = added.length > 0;
    if (removed.length > 0) {
      stages.push(...shrinkStages(stackName, current, removed, target.nodes.length, !growing));
    }
    if (growing) {
      const doomed = added.some(([, slot]) => slot >= capacity);
      const from = current.nodes.length - removed.length;
      stages.push(stage(`scale:${target.name}`, creating ? `Creating node group ${target.name}: booting ${added.length} server${plural(added.length)}` : `Scaling node group ${target.name} from ${from} to ${target.nodes.length} nodes: booting ${added.length} server${plural(added.length)}`, bootSeconds(seconds.workerBoot, added.length, spec.serverType), doomed ? noAddressesLeft(network) : noValidHost(`${target.name}.resources[${added[0]?.[0] ?? 0}]`), { groups: [target.uuid], doomed }), stage(`join:${target.name}`, `Joining ${added.length} node${plural(added.length)} of ${target.name} to the cluster`, forNodes(seconds.join, added.length), `Node ${nodeName(stackName, target, added[0]?.[0] ?? 0)} did not become Ready within 600 seconds: kubelet TLS bootstrap was refused`, { groups: [target.uuid], commits: [target.uuid] }));
    }
    if (creating && !growing) {
      stages.push(stage(`scale:${target.name}`, `Creating empty node group ${target.name}`, seconds.emptyNodeGroup, `Resource CREATE failed: resources.${target.name}: stack could not be created`, { groups: [target.uuid], commits: [target.uuid] }));
    }
  }
  for (const current of before.groups) {
    if (findGroup(after, current.uuid) !== void 0)
      continue;
    if (current.nodes.length > 0)
      stages.push(...shrinkStages(stackName, current, current.nodes, 0, true));
    else {
      stages.push(stage(`scale:${current.name}`, `Deleting empty node group ${current.name}`, seconds.emptyNodeGroup, `Resource DELETE failed: resources.${current.name}: stack could not be deleted`, { groups: [current.uuid], commits: [current.uuid] }));
    }
  }
  return stages;
}
function shrinkStages(stackName, group, removed, remaining, commit) {
  const names = removed.map(([index10]) => nodeName(stackName, group, index10));
  return [
    stage(`drain:${group.name}`, `Draining ${names.length} node${plural(names.length)} of ${group.name}: ${names.join(", ")}`, forNodes(seconds.drain, names.length), `Cannot evict pod as it would violate the pod's disruption budget (node ${names[0] ?? ""})`, { groups: [group.uuid] }),
    stage(
      // Replacing nodes (a repair) deletes and boots in one operation: the two stages need two names.
      commit ? `scale:${group.name}` : `remove:${group.name}`,
      remaining === 0 && commit ? `Deleting node group ${group.name}: removing ${names.length} server${plural(names.length)}` : `Scaling node group ${group.name} from ${group.nodes.length} to ${remaining} nodes: deleting ${names.length} server${plural(names.length)}`,
      forNodes(seconds.serverDelete, names.length),
      `Resource DELETE failed: Conflict: server ${names[0] ?? ""} is locked`,
      { groups: [group.uuid], commits: commit ? [group.uuid] : [] }
    )
  ];
}
function planUpgrade(operation) {
  const { before, after, stackName } = operation;
  const ordered = [...after.groups.filter(isMaster), ...after.groups.filter((group) => !isMaster(group))];
  const stages = [];
  for (const target of ordered) {
    const current = findGroup(before, target.uuid);
    if (current === void 0)
      continue;
    if (current.version === target.version && current.imageId === target.imageId)
      continue;
    const nodes = [...current.nodes].sort((left, right) => left[0] - right[0]);
    const batches = chunk(nodes, isMaster(target) ? 1 : operation.batchSize);
    if (batches.length === 0) {
      stages.push(stage(`upgrade:${target.name}`, `Recording ${target.version} for empty node group ${target.name}`, seconds.emptyNodeGroup, `Resource UPDATE failed: resources.${target.name}: stack could not be updated`, { groups: [target.uuid], commits: [target.uuid] }));
    }
    batches.forEach((batch, position) => {
      const names = batch.map(([index10]) => nodeName(stackName, target, index10));
      stages.push(stage(`upgrade:${target.name}:${position + 1}`, `Upgrading ${target.name} to ${target.version}, batch ${position + 1} of ${batches.length}: ${names.join(", ")}`, isMaster(target) ? seconds.masterUpgrade : forNodes(seconds.workerUpgrade, batch.length), `Node ${names[0] ?? ""} did not become Ready after the upgrade to ${target.version}: kubelet failed to start`, { groups: [target.uuid], commits: position === batches.length - 1 ? [target.uuid] : [] }));
    });
  }
  return stages;
}
function planRotation(operation) {
  const stages = [
    stage("rotate-ca", "Issuing a new cluster CA", seconds.caIssue, "Failed to issue the new cluster CA: the x509 keypair backend refused the request")
  ];
  for (const group of operation.before.groups) {
    if (group.nodes.length === 0)
      continue;
    const first = nodeName(operation.stackName, group, group.nodes[0]?.[0] ?? 0);
    stages.push(stage(`rotate:${group.name}`, `Re-issuing certificates on ${group.nodes.length} node${plural(group.nodes.length)} of ${group.name} and restarting their services`, forNodes(seconds.caRollout, group.nodes.length), `Node ${first} rejected the new CA bundle: kubelet did not restart`, { groups: [group.uuid] }));
  }
  return stages;
}
function chunk(items, size) {
  const chunks = [];
  for (let start = 0; start < items.length; start += size)
    chunks.push(items.slice(start, start + size));
  return chunks;
}

// dist/orchestration/drivers/simulated/create-plan.js
var seconds2 = STAGE_SECONDS;
function planCreate(operation, spec) {
  const masters = operation.after.groups.filter(isMaster);
  const workers = operation.after.groups.filter((group) => !isMaster(group));
  const masterCount = countNodes(masters);
  const workerCount = countNodes(workers);
  const subnet = parseSubnet(spec.fixedSubnet);
  const network = spec.fixedNetwork ?? "private";
  const kubernetes = spec.coe === "KUBERNETES";
  const bareMetal = spec.serverType === "BM" ? " (bare metal)" : "";
  const outOfAddresses = (groups) => groups.some((group) => group.nodes.some(([, slot]) => slot >= nodeCapacity(subnet)));
  const masterCommits = [...masters, ...workerCount === 0 ? workers : []].map((group) => group.uuid);
  const stages = [
    stage("network", `Creating network ${network}, subnet ${subnet.cidr}, router and security groups`, seconds2.network, "Resource CREATE failed: OverQuotaClient: resources.network.resources.extrouter: Quota exceeded for resources: ['router']."),
    stage("certificates", kubernetes ? "Issuing the cluster CA and certificates for the API server, kubelets and etcd" : "Issuing the cluster CA and certificates for the Docker engines", seconds2.certificates, "Failed to issue the cluster CA: the x509 keypair backend refused the request")
  ];
  if (spec.masterLbEnabled) {
    stages.push(stage("load-balancer", "Creating the Octavia load balancer in front of the masters", seconds2.loadBalancer, `Load balancer ${operation.stackName}-api-lb went to provisioning status ERROR: amphora did not boot within 600 seconds`));
  }
  stages.push(stage("masters", `Booting ${masterCount} master server${plural(masterCount)}${bareMetal}`, bootSeconds(seconds2.masterBoot, masterCount, spec.serverType), outOfAddresses(masters) ? noAddressesLeft(network) : noValidHost("kube_masters.resources[0]"), {
    groups: masters.map((group) => group.uuid),
    commits: masterCommits,
    doomed: outOfAddresses(masters)
  }));
  if (kubernetes) {
    stages.push(stage("etcd", `Forming the etcd quorum across ${masterCount} member${plural(masterCount)}`, forNodes(seconds2.etcdQuorum, masterCount), `Timed out waiting for etcd quorum: ${Math.floor(masterCount / 2)} of ${masterCount} members reachable`, { groups: masters.map((group) => group.uuid) }), stage("api-server", "Starting kube-apiserver, controller-manager and scheduler", seconds2.apiServer, "kube-apiserver did not report healthy within 300 seconds: etcd request timed out", { groups: masters.map((group) => group.uuid) }));
  } else {
    stages.push(stage("swarm-init", `Initialising the swarm across ${masterCount} manager${plural(masterCount)}`, forNodes(seconds2.swarmInit, masterCount), `Timed out waiting for raft quorum: ${Math.floor(masterCount / 2)} of ${masterCount} managers reachable`, { groups: masters.map((group) => group.uuid) }));
  }
  if (workerCount > 0) {
    stages.push(stage("workers", `Booting ${workerCount} worker${plural(workerCount)}${bareMetal} and joining them to the cluster`, bootSeconds(seconds2.workerBoot, workerCount, spec.serverType), outOfAddresses(workers) ? noAddressesLeft(network) : noValidHost("kube_minions.resources[0]"), {
      groups: workers.map((group) => group.uuid),
      commits: workers.map((group) => group.uuid),
      doomed: outOfAddresses(workers)
    }));
  }
  if (kubernetes)
    stages.push(...planAddons(spec));
  return stages;
}
function planAddons(spec) {
  const { labels } = spec;
  const addons = [
    stage("coredns", "Deploying CoreDNS", seconds2.coreDns, "Deployment kube-system/coredns did not become available: 0 of 2 replicas ready")
  ];
  if (labelEnabled(labels, "kube_dashboard_enabled")) {
    addons.push(stage("dashboard", "Deploying the Kubernetes dashboard", seconds2.dashboard, helmFailure("kubernetes-dashboard")));
  }
  if (labelEnabled(labels, "prometheus_monitoring")) {
    addons.push(stage("monitoring", "Deploying Prometheus and Grafana", seconds2.monitoring, helmFailure("prometheus-operator")));
  }
  const ingress = labelValue(labels, "ingress_controller")?.trim();
  if (ingress !== void 0 && ingress !== "") {
    const octavia = ingress.toLowerCase() === "octavia";
    addons.push(stage("ingress", `Deploying the ${ingress} ingress controller`, octavia ? seconds2.octaviaIngress : seconds2.ingress, octavia ? "octavia-ingress-controller could not create its load balancer: Quota exceeded for resources: ['loadbalancer']." : helmFailure(`${ingress}-ingress`)));
  }
  if (labelEnabled(labels, "auto_scaling_enabled")) {
    addons.push(stage("autoscaler", "Deploying the cluster autoscaler", seconds2.autoscaler, "Deployment kube-system/cluster-autoscaler did not become available: CrashLoopBackOff"));
  }
  if (labelEnabled(labels, "auto_healing_enabled")) {
    addons.push(stage("auto-healer", "Deploying magnum-auto-healer", seconds2.autoHealer, "Deployment kube-system/magnum-auto-healer did not become available: CrashLoopBackOff"));
  }
  return addons;
}
function helmFailure(release) {
  return `Helm release ${release} failed: timed out waiting for the condition`;
}

// dist/orchestration/drivers/simulated/teardown-plan.js
var seconds3 = STAGE_SECONDS;
function planTeardown(operation, spec) {
  const { before, stackName } = operation;
  if (before.groups.length === 0)
    return [];
  const masters = before.groups.filter(isMaster);
  const workers = before.groups.filter((group) => !isMaster(group));
  const masterCount = countNodes(masters);
  const workerCount = countNodes(workers);
  const uuids = (groups) => groups.map((group) => group.uuid);
  const stages = [];
  if (spec.coe === "KUBERNETES" && masterCount > 0) {
    stages.push(stage("teardown:addons", "Deleting load balancers and volumes created by Kubernetes services", seconds3.teardownAddons, `Failed to delete load balancer kube_service_${stackName}_default_web: provisioning status PENDING_UPDATE`));
  }
  if (workerCount > 0) {
    stages.push(stage("teardown:workers", `Deleting ${workerCount} worker server${plural(workerCount)}`, forNodes(seconds3.teardownNodes, workerCount), `Resource DELETE failed: Conflict: server ${stackName}-node-0 is locked`, { groups: uuids(workers), commits: uuids(workers) }));
  }
  if (masterCount > 0) {
    stages.push(stage("teardown:masters", `Deleting ${masterCount} master server${plural(masterCount)}`, forNodes(seconds3.teardownNodes, masterCount), `Resource DELETE failed: Conflict: server ${stackName}-master-0 is locked`, { groups: uuids(masters), commits: uuids(masters) }));
  }
  if (spec.masterLbEnabled) {
    stages.push(stage("teardown:load-balancer", "Deleting the API load balancer", seconds3.teardownLoadBalancer, `Load balancer ${stackName}-api-lb is immutable: provisioning status PENDING_UPDATE`));
  }
  stages.push(
    stage("teardown:certificates", "Deleting the cluster certificates", seconds3.teardownCertificates, "Failed to delete the cluster CA: the x509 keypair backend refused the request"),
    // Groups that never had nodes disappear with the network, the last thing left.
    stage("teardown:network", `Deleting router, subnet ${parseSubnet(spec.fixedSubnet).cidr} and network`, seconds3.teardownNetwork, "Resource DELETE failed: Conflict: Unable to complete operation on subnet. One or more ports have an IP allocation from this subnet.", { commits: uuids(before.groups) })
  );
  return stages;
}

// dist/orchestration/drivers/simulated/plan.js
function planOperation(operation, spec) {
  switch (operation.action) {
    case "create":
      return planCreate(operation, spec);
    case "delete":
      return planTeardown(operation, spec);
    case "upgrade":
      return planUpgrade(operation);
    case "rotateCa":
      return planRotation(operation);
    case "update":
    case "resize":
    case "nodeGroupCreate":
    case "nodeGroupUpdate":
    case "nodeGroupDelete":
      return planScaling(operation, spec);
  }
}

// dist/orchestration/drivers/simulated/timeline.js
var HUNG_STAGE_CEILING = 0.9;
function evaluateTimeline(stages, input) {
  const elapsed = Math.max(0, input.now - input.startedAt) * input.speed;
  const realTime = (offset2) => input.startedAt + Math.round(offset2 / input.speed);
  const total = stages.reduce((sum, stage2) => sum + stage2.duration, 0);
  const progress2 = [];
  let state;
  let current;
  let offset = 0;
  let done = 0;
  let nextChangeAt;
  for (const [index10, stage2] of stages.entries()) {
    const end = offset + stage2.duration;
    if (state !== void 0 || elapsed < offset) {
      state ??= "IN_PROGRESS";
      progress2.push({ stage: stage2, status: "PENDING" });
    } else if (index10 === input.hangAt) {
      done += Math.min(elapsed - offset, stage2.duration * HUNG_STAGE_CEILING);
      current = { stage: stage2, status: "RUNNING", startedAt: realTime(offset) };
      progress2.push(current);
      state = "IN_PROGRESS";
    } else if (elapsed < end) {
      done += elapsed - offset;
      nextChangeAt = realTime(end);
      current = { stage: stage2, status: "RUNNING", startedAt: realTime(offset) };
      progress2.push(current);
      state = "IN_PROGRESS";
    } else if (index10 === input.failAt) {
      done += stage2.duration;
      current = { stage: stage2, status: "FAILED", startedAt: realTime(offset), finishedAt: realTime(end) };
      progress2.push(current);
      state = "FAILED";
    } else {
      done += stage2.duration;
      progress2.push({ stage: stage2, status: "DONE", startedAt: realTime(offset), finishedAt: realTime(end) });
    }
    offset = end;
  }
  const finalState = state ?? "COMPLETE";
  const percent = finalState === "COMPLETE" ? 100 : Math.min(99, Math.floor(100 * done / Math.max(total, 1)));
  const timeline = { state: finalState, stages: progress2, percent };
  if (current !== void 0)
    timeline.current = current;
  if (nextChangeAt !== void 0 && finalState === "IN_PROGRESS")
    timeline.nextChangeAt = nextChangeAt;
  return timeline;
}

// dist/orchestration/drivers/simulated/evaluation.js
function operationKey(operation) {
  return `${operation.action}@${operation.startedAt}`;
}
function evaluateOperation(operation, context) {
  const plan = planOperation(operation, context.spec);
  const placement = placeFaults(plan, context.faults, `${context.seed}|${operation.cluster}|${operationKey(operation)}`);
  const timeline = evaluateTimeline(plan, {
    ...placement,
    startedAt: operation.startedAt,
    speed: operation.speed,
    now: context.now
  });
  return {
    operation,
    plan,
    timeline,
    shape: observedShape(operation, timeline),
    touched: touchedGroups(operation, plan)
  };
}
function observedShape(operation, timeline) {
  const committed = new Set(timeline.stages.filter((progress2) => progress2.status === "DONE").flatMap((progress2) => progress2.stage.commits));
  const groups = [];
  for (const target of operation.after.groups) {
    if (committed.has(target.uuid))
      groups.push(target);
    else
      groups.push(findGroup(operation.before, target.uuid) ?? { ...target, nodes: [] });
  }
  for (const current of operation.before.groups) {
    const removed = findGroup(operation.after, current.uuid) === void 0;
    if (removed && !committed.has(current.uuid))
      groups.push(current);
  }
  return { groups };
}
function touchedGroups(operation, plan) {
  const { action, before, after } = operation;
  if (action === "create" || action === "delete" || action === "rotateCa") {
    return new Set([...before.groups, ...after.groups].map((group) => group.uuid));
  }
  return new Set(plan.flatMap((stage2) => stage2.groups));
}

// dist/orchestration/drivers/simulated/health.js
function healthOf(observation, stackName, unhealthyNodes) {
  if (observation.state === "NOT_FOUND")
    return { status: "UNKNOWN", reason: { api: "stack not found" } };
  if (observation.apiAddress === void 0) {
    return { status: "UNKNOWN", reason: { api: "API server is not reachable" } };
  }
  const notReady = new Set(unhealthyNodes.map((node) => /^\d+$/.test(node) ? `${stackName}-node-${node}` : node));
  const reason = { api: "ok" };
  for (const group of observation.nodeGroups) {
    for (const name of group.nodeNames)
      reason[`${name}.Ready`] = notReady.has(name) ? "False" : "True";
  }
  const healthy = Object.entries(reason).every(([key, value]) => key === "api" ? value === "ok" : value === "True");
  return { status: healthy ? "HEALTHY" : "UNHEALTHY", reason };
}

// dist/orchestration/drivers/simulated/versions.js
var DEFAULT_KUBE_TAG = "v1.30.4";
var DEFAULT_CONTAINERD_VERSION = "1.7.20";
var DEFAULT_DOCKER_VERSION = "24.0.9";
function coeVersionOf(coe, labels) {
  if (coe === "KUBERNETES")
    return labelValue(labels, "kube_tag") ?? DEFAULT_KUBE_TAG;
  return labelValue(labels, "docker_version") ?? DEFAULT_DOCKER_VERSION;
}
function containerVersionOf(coe, labels) {
  if (coe === "KUBERNETES")
    return labelValue(labels, "containerd_version") ?? DEFAULT_CONTAINERD_VERSION;
  return labelValue(labels, "docker_version") ?? DEFAULT_DOCKER_VERSION;
}

// dist/orchestration/drivers/simulated/observation.js
function observationOf(evaluation, spec) {
  const { operation, timeline, shape, touched } = evaluation;
  const subnet = parseSubnet(spec.fixedSubnet);
  const action = clusterActionOf(operation.action);
  const groups = allGroups(operation);
  const nodeGroups2 = groups.map((group) => {
    const observed = findGroup(shape, group.uuid) ?? { ...group, nodes: [] };
    const nodes = [...observed.nodes].sort((left, right) => left[0] - right[0]);
    const involved = touched.has(group.uuid);
    return {
      uuid: group.uuid,
      name: group.name,
      role: group.role,
      action: involved ? nodeGroupActionOf(operation.action) : null,
      state: involved ? timeline.state : "COMPLETE",
      nodeCount: nodes.length,
      nodeAddresses: nodes.map(([, slot]) => nodeAddress(subnet, slot)),
      nodeNames: nodes.map(([index10]) => nodeName(operation.stackName, observed, index10)),
      version: observed.version,
      imageId: observed.imageId
    };
  });
  const failed = timeline.state === "FAILED" ? timeline.current : void 0;
  const observation = {
    state: timeline.state,
    action,
    operation: operation.action,
    stages: timeline.stages.map(stageObservation),
    percent: timeline.percent,
    reason: reasonOf(timeline, action),
    faults: failed === void 0 ? {} : faultsOf(failed, groups, touched),
    masterAddresses: nodeGroups2.filter(isMaster).flatMap((group) => group.nodeAddresses),
    nodeAddresses: nodeGroups2.filter((group) => !isMaster(group)).flatMap((group) => group.nodeAddresses),
    nodeGroups: nodeGroups2
  };
  if (timeline.nextChangeAt !== void 0)
    observation.nextChangeAt = timeline.nextChangeAt;
  const master = primaryMaster(shape);
  if (master !== void 0 && apiAnswers(evaluation)) {
    observation.apiAddress = apiAddressOf(spec, subnet, master);
    observation.coeVersion = master.version;
    observation.containerVersion = containerVersionOf(spec.coe, spec.labels);
  }
  return observation;
}
var notFound2 = notFoundObservation;
function reasonOf(timeline, action) {
  if (timeline.state === "COMPLETE")
    return `Stack ${action} completed successfully`;
  if (timeline.state === "FAILED" && timeline.current !== void 0)
    return timeline.current.stage.failure;
  return timeline.current?.stage.description ?? `Stack ${action} started`;
}
function stageObservation(progress2) {
  const observation = {
    name: progress2.stage.name,
    description: progress2.stage.description,
    status: progress2.status
  };
  if (progress2.startedAt !== void 0)
    observation.startedAt = progress2.startedAt;
  if (progress2.finishedAt !== void 0)
    observation.finishedAt = progress2.finishedAt;
  return observation;
}
function faultsOf(failed, groups, touched) {
  const blamed = new Set(failed.stage.groups.length > 0 ? failed.stage.groups : touched);
  const faults = {};
  for (const group of groups)
    if (blamed.has(group.uuid))
      faults[group.name] = failed.stage.failure;
  return faults;
}
function allGroups(operation) {
  const removed = operation.before.groups.filter((group) => findGroup(operation.after, group.uuid) === void 0);
  return [...operation.after.groups, ...removed];
}
function primaryMaster(shape) {
  const masters = shape.groups.filter((group) => isMaster(group) && group.nodes.length > 0);
  return masters.find((group) => group.primary) ?? masters[0];
}
function apiAnswers(evaluation) {
  if (evaluation.operation.action !== "create")
    return true;
  return evaluation.timeline.stages.some((progress2) => (progress2.stage.name === "api-server" || progress2.stage.name === "swarm-init") && progress2.status === "DONE");
}
function apiAddressOf(spec, subnet, master) {
  const lowest = [...master.nodes].sort((left, right) => left[0] - right[0])[0];
  const host = spec.floatingIpEnabled ? floatingIp(spec.uuid) : spec.masterLbEnabled || lowest === void 0 ? virtualIp(subnet) : nodeAddress(subnet, lowest[1]);
  if (spec.coe === "KUBERNETES")
    return spec.tlsDisabled ? `http://${host}:8080` : `https://${host}:6443`;
  return `tcp://${host}:${spec.tlsDisabled ? 2375 : 2376}`;
}

// dist/orchestration/drivers/simulated/record.js
import { z as z5 } from "zod";
var PREFIX = "sim-";
var shapeSchema = z5.object({
  groups: z5.array(z5.object({
    uuid: z5.string(),
    name: z5.string(),
    role: z5.string(),
    primary: z5.boolean(),
    version: z5.string(),
    imageId: z5.string(),
    nodes: z5.array(z5.tuple([z5.number().int(), z5.number().int().nonnegative()]))
  }))
});
var operationSchema = z5.object({
  format: z5.literal(1),
  cluster: z5.string(),
  stackName: z5.string(),
  action: z5.enum(OPERATION_ACTIONS),
  startedAt: z5.number(),
  speed: z5.number().positive(),
  batchSize: z5.number().int().positive(),
  before: shapeSchema,
  after: shapeSchema
});
function encodeStackId(operation) {
  return `${PREFIX}${operation.cluster}.${Buffer.from(JSON.stringify(operation)).toString("base64url")}`;
}
function decodeStackId(stackId) {
  if (!stackId.startsWith(PREFIX))
    return null;
  const separator = stackId.indexOf(".", PREFIX.length);
  if (separator < 0)
    return null;
  try {
    const json = JSON.parse(Buffer.from(stackId.slice(separator + 1), "base64url").toString("utf8"));
    const parsed = operationSchema.safeParse(json);
    if (!parsed.success || parsed.data.cluster !== stackId.slice(PREFIX.length, separator))
      return null;
    return parsed.data;
  } catch {
    return null;
  }
}

// dist/orchestration/drivers/simulated/requests.js
var DRIVER = "simulated";
function createChange(spec) {
  for (const group of spec.nodeGroups)
    requireCount(group.nodeCount, group);
  if (!spec.nodeGroups.some((group) => isMaster(group) && group.nodeCount > 0)) {
    throw new DriverError("INVALID_REQUEST", "A cluster needs a master node group with at least one node");
  }
  return { after: initialShape(spec, coeVersionOf(spec.coe, spec.labels)), batchSize: 1 };
}
function updateChange(before, spec) {
  const used = usedSlots(before);
  const groups = before.groups.map((group) => {
    const wanted = spec.nodeGroups.find((candidate) => candidate.uuid === group.uuid);
    if (isMaster(group) || wanted === void 0)
      return group;
    return resizeGroup2(group, requireCount(wanted.nodeCount, wanted), used);
  });
  return { after: { groups }, batchSize: 1 };
}
function resizeChange(before, spec, request, stackName) {
  const group = requireGroup(before, request.nodeGroupId);
  if (isMaster(group)) {
    throw new NotSupportedError(DRIVER, "resize", "master node groups keep the size they were created with");
  }
  const bounds = spec.nodeGroups.find((candidate) => candidate.uuid === group.uuid);
  requireCount(request.nodeCount, bounds ?? { name: group.name, minNodeCount: 0, maxNodeCount: null });
  const subnet = parseSubnet(spec.fixedSubnet);
  const preferred = (request.nodesToRemove ?? []).map((wanted) => {
    const node = group.nodes.find(([index10, slot]) => nodeName(stackName, group, index10) === wanted || nodeAddress(subnet, slot) === wanted);
    if (node === void 0) {
      throw new DriverError("INVALID_REQUEST", `Node ${wanted} is not in node group ${group.name}`);
    }
    return node[0];
  });
  if (preferred.length > 0 && request.nodeCount === group.nodes.length) {
    return { after: replaceGroup(before, replaceNodes(group, preferred, usedSlots(before))), batchSize: 1 };
  }
  const resized = resizeGroup2(group, request.nodeCount, usedSlots(before), preferred);
  return { after: replaceGroup(before, resized), batchSize: 1 };
}
function upgradeChange(before, spec, request) {
  if (spec.coe !== "KUBERNETES") {
    throw new NotSupportedError(DRIVER, "upgrade", `${spec.coe} clusters cannot be upgraded`);
  }
  if (!Number.isInteger(request.maxBatchSize) || request.maxBatchSize < 1) {
    const wrong = request.maxBatchSize;
    throw new DriverError("INVALID_REQUEST", `maxBatchSize must be a whole number of at least 1, not ${wrong}`);
  }
  const targets = request.nodeGroupId === null ? before.groups : [requireGroup(before, request.nodeGroupId)];
  const version2 = coeVersionOf(spec.coe, request.template.labels);
  let after = before;
  for (const group of targets)
    after = replaceGroup(after, { ...group, version: version2, imageId: request.template.imageId });
  return { after, batchSize: request.maxBatchSize };
}
function rotationChange(before, spec) {
  if (spec.coe !== "KUBERNETES") {
    throw new NotSupportedError(DRIVER, "rotateCa", `${spec.coe} clusters have no CA to rotate`);
  }
  if (spec.tlsDisabled)
    throw new NotSupportedError(DRIVER, "rotateCa", "the cluster has TLS disabled");
  return { after: before, batchSize: 1 };
}
function nodeGroupCreateChange(before, spec, nodeGroupId) {
  const wanted = requireSpecGroup(spec, nodeGroupId);
  if (findGroup(before, nodeGroupId) !== void 0) {
    throw new DriverError("CONFLICT", `Node group ${wanted.name} already exists in the stack`);
  }
  if (isMaster(wanted)) {
    throw new NotSupportedError(DRIVER, "nodeGroupCreate", "master node groups are created with their cluster");
  }
  requireCount(wanted.nodeCount, wanted);
  const master = before.groups.find((group2) => isMaster(group2) && group2.primary);
  const version2 = master?.version ?? coeVersionOf(spec.coe, spec.labels);
  const group = newGroup(wanted, version2, false, usedSlots(before));
  return { after: { groups: [...before.groups, group] }, batchSize: 1 };
}
function nodeGroupUpdateChange(before, spec, nodeGroupId, stackName) {
  const wanted = requireSpecGroup(spec, nodeGroupId);
  return resizeChange(before, spec, { nodeGroupId, nodeCount: wanted.nodeCount }, stackName);
}
function nodeGroupDeleteChange(before, nodeGroupId) {
  const group = requireGroup(before, nodeGroupId);
  if (group.primary) {
    throw new DriverError("INVALID_REQUEST", `Node group ${group.name} is a default group; it goes with its cluster`);
  }
  return { after: { groups: before.groups.filter((candidate) => candidate.uuid !== nodeGroupId) }, batchSize: 1 };
}
function deleteChange() {
  return { after: EMPTY_SHAPE, batchSize: 1 };
}
function requireGroup(shape, uuid13) {
  const group = findGroup(shape, uuid13);
  if (group === void 0)
    throw new DriverError("INVALID_REQUEST", `Node group ${uuid13} is not part of the stack`);
  return group;
}
function requireSpecGroup(spec, uuid13) {
  const group = spec.nodeGroups.find((candidate) => candidate.uuid === uuid13);
  if (group === void 0)
    throw new DriverError("INVALID_REQUEST", `Node group ${uuid13} is not in the cluster spec`);
  return group;
}
function requireCount(count3, bounds) {
  const tooHigh = bounds.maxNodeCount !== null && count3 > bounds.maxNodeCount;
  if (!Number.isInteger(count3) || count3 < 0 || count3 < bounds.minNodeCount || tooHigh) {
    const range = `${bounds.minNodeCount} to ${bounds.maxNodeCount ?? "any number of"}`;
    throw new DriverError("INVALID_REQUEST", `Node group ${bounds.name} takes ${range} nodes, not ${count3}`);
  }
  return count3;
}
function replaceNodes(group, doomed, used) {
  const grown = resizeGroup2(group, group.nodes.length + doomed.length, used);
  return { ...grown, nodes: grown.nodes.filter(([index10]) => !doomed.includes(index10)) };
}

// dist/orchestration/drivers/simulated/work-log.js
var StageWorkLog = class {
  started = /* @__PURE__ */ new Map();
  /** True when this (cluster, operation, stage) had not been recorded yet. */
  record(event) {
    const stages = this.started.get(event.cluster) ?? /* @__PURE__ */ new Map();
    this.started.set(event.cluster, stages);
    const operations2 = stages.get(event.stage) ?? /* @__PURE__ */ new Set();
    stages.set(event.stage, operations2);
    if (operations2.has(event.operation))
      return false;
    operations2.add(event.operation);
    return true;
  }
  /** How many operations started this stage's work on this cluster. */
  count(cluster, stage2) {
    return this.started.get(cluster)?.get(stage2)?.size ?? 0;
  }
  counts(cluster) {
    const counts = {};
    for (const [stage2, operations2] of this.started.get(cluster) ?? [])
      counts[stage2] = operations2.size;
    return counts;
  }
};

// dist/orchestration/drivers/simulated/driver.js
var SimulatedBackendError = class extends Error {
  name = "SimulatedBackendError";
};
var SIMULATED_CAPABILITIES = [
  { coe: "KUBERNETES", distros: ["fedora-coreos", "fedora-atomic", "ubuntu"], serverTypes: ["VM", "BM"] },
  { coe: "SWARM_MODE", distros: ["fedora-atomic", "fedora-coreos"], serverTypes: ["VM"] }
];
var SimulatedDriver = class {
  name = "simulated";
  provides = SIMULATED_CAPABILITIES;
  supports = new Set(DRIVER_ACTIONS);
  speed;
  workLog;
  clock;
  faults;
  seed;
  onStageStart;
  calls;
  callDraw;
  // The last submission per cluster: a call repeated in this process returns the same stack id.
  submissions = /* @__PURE__ */ new Map();
  constructor(options = {}) {
    const speed = options.speed ?? 1;
    if (!Number.isFinite(speed) || speed <= 0) {
      throw new DriverError("INVALID_REQUEST", `The simulation speed must be a positive number, not ${speed}`);
    }
    this.speed = speed;
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.faults = options.faults ?? {};
    this.seed = options.seed ?? "turnkey";
    this.workLog = options.workLog ?? new StageWorkLog();
    this.onStageStart = options.onStageStart;
    this.calls = { failureRate: clampRate2(options.calls?.failureRate), slowRate: clampRate2(options.calls?.slowRate), slowMs: Math.max(0, options.calls?.slowMs ?? 0) };
    this.callDraw = seededRandom(`${this.seed}|calls`);
  }
  /** Before each call: an injected late answer, then an injected failure, each at its configured rate. */
  async answer(call) {
    const { failureRate, slowRate, slowMs } = this.calls;
    if (slowRate > 0 && slowMs > 0 && this.callDraw() < slowRate)
      await new Promise((resolve2) => setTimeout(resolve2, slowMs));
    if (failureRate > 0 && this.callDraw() < failureRate)
      throw new SimulatedBackendError(`the simulated backend did not answer ${call} (injected fault)`);
  }
  async create(spec, stackId) {
    await this.answer("create");
    if (!providesClusterType(this, spec)) {
      throw new NotSupportedError(this.name, "provide", describeClusterType(spec));
    }
    return this.submit(spec, stackId, "create", null, () => createChange(spec));
  }
  async update(spec, stackId) {
    await this.answer("update");
    const counts = spec.nodeGroups.map((group) => [group.uuid, group.nodeCount]);
    return this.submit(spec, stackId, "update", counts, (before) => updateChange(before, spec));
  }
  async resize(spec, stackId, request) {
    await this.answer("resize");
    return this.submit(spec, stackId, "resize", request, (before, stackName) => resizeChange(before, spec, request, stackName));
  }
  async upgrade(spec, stackId, request) {
    await this.answer("upgrade");
    return this.submit(spec, stackId, "upgrade", request, (before) => upgradeChange(before, spec, request));
  }
  async delete(spec, stackId) {
    await this.answer("delete");
    return this.submit(spec, stackId, "delete", null, () => deleteChange());
  }
  async rotateCa(spec, stackId) {
    await this.answer("rotateCa");
    return this.submit(spec, stackId, "rotateCa", null, (before) => rotationChange(before, spec));
  }
  async createNodeGroup(spec, stackId, nodeGroupId) {
    await this.answer("createNodeGroup");
    return this.submit(spec, stackId, "nodeGroupCreate", nodeGroupId, (before) => nodeGroupCreateChange(before, spec, nodeGroupId));
  }
  async updateNodeGroup(spec, stackId, nodeGroupId) {
    await this.answer("updateNodeGroup");
    const count3 = spec.nodeGroups.find((group) => group.uuid === nodeGroupId)?.nodeCount;
    return this.submit(spec, stackId, "nodeGroupUpdate", [nodeGroupId, count3], (before, stackName) => nodeGroupUpdateChange(before, spec, nodeGroupId, stackName));
  }
  async deleteNodeGroup(spec, stackId, nodeGroupId) {
    await this.answer("deleteNodeGroup");
    return this.submit(spec, stackId, "nodeGroupDelete", nodeGroupId, (before) => nodeGroupDeleteChange(before, nodeGroupId));
  }
  async observe(spec, stackId) {
    await this.answer("observe");
    const operation = this.read(spec, stackId);
    if (typeof operation === "string")
      return notFound2(operation);
    return observationOf(this.evaluate(operation, spec), spec);
  }
  /** For demos and tests: the workload the label turnkey.sim/demand describes, in worker nodes' worth. */
  workloadDemand(spec) {
    const value = Number(labelValue(spec.labels, FAULT_LABELS.demand));
    return labelValue(spec.labels, FAULT_LABELS.demand) === void 0 || !Number.isFinite(value) ? null : Math.max(0, value);
  }
  async health(spec, stackId) {
    await this.answer("health");
    const operation = this.read(spec, stackId);
    if (typeof operation === "string")
      return healthOf(notFound2(operation), "", []);
    const observation = observationOf(this.evaluate(operation, spec), spec);
    return healthOf(observation, operation.stackName, resolveFaults(spec, this.faults).unhealthyNodes);
  }
  /**
   * Starts an operation, or returns the stack id of the one already started for the same request:
   * remembered in this process, or recognised in the stack id the caller passes back after a restart.
   */
  submit(spec, stackId, action, request, change) {
    const key = JSON.stringify([action, stackId, request]);
    const remembered = this.submissions.get(spec.uuid);
    if (remembered?.key === key)
      return { stackId: remembered.stackId };
    const previous = stackId === null ? null : this.decode(spec, stackId);
    if (stackId !== null && previous?.action === action && this.isResubmission(previous, spec, change)) {
      return { stackId };
    }
    const before = this.startingShape(spec, action, previous);
    const stackName = previous?.stackName ?? stackNameOf(spec);
    const { after, batchSize } = change(before, stackName);
    const operation = {
      format: 1,
      cluster: spec.uuid,
      stackName,
      action,
      startedAt: this.clock.now(),
      speed: this.speed,
      batchSize,
      before,
      after
    };
    const submitted = encodeStackId(operation);
    this.submissions.set(spec.uuid, { key, stackId: submitted });
    return { stackId: submitted };
  }
  // Create and delete are never repeated; another action is, while it still runs with the same request.
  isResubmission(previous, spec, change) {
    if (previous.action === "create" || previous.action === "delete")
      return true;
    if (this.evaluate(previous, spec).timeline.state !== "IN_PROGRESS")
      return false;
    try {
      return JSON.stringify(change(previous.before, previous.stackName).after) === JSON.stringify(previous.after);
    } catch {
      return false;
    }
  }
  /** The shape a new operation starts from: what the previous one has built by now. */
  startingShape(spec, action, previous) {
    if (previous === null) {
      if (action === "create" || action === "delete")
        return EMPTY_SHAPE;
      throw new DriverError("STACK_NOT_FOUND", `Cluster ${spec.uuid} has no stack yet; create it first`);
    }
    if (action === "create") {
      throw new DriverError("CONFLICT", `Cluster ${spec.uuid} already has a stack; it is not created twice`);
    }
    if (previous.action === "delete") {
      throw new DriverError("CONFLICT", `Cluster ${spec.uuid} is being deleted`);
    }
    const evaluation = this.evaluate(previous, spec);
    if (evaluation.timeline.state === "IN_PROGRESS" && action !== "delete") {
      const status = `${clusterActionOf(previous.action)}_IN_PROGRESS`;
      const reason = `Stack ${previous.stackName} is in ${status}; wait for it to finish`;
      throw new DriverError("CONFLICT", reason);
    }
    return evaluation.shape;
  }
  decode(spec, stackId) {
    const operation = this.read(spec, stackId);
    if (typeof operation === "string")
      throw new DriverError("STACK_NOT_FOUND", operation);
    return operation;
  }
  /** The operation a stack id names, or why it names none. */
  read(spec, stackId) {
    if (stackId === null)
      return `Cluster ${spec.uuid} has no stack`;
    const operation = decodeStackId(stackId);
    if (operation === null)
      return `Stack ${stackId.slice(0, 60)} is not a simulated stack`;
    if (operation.cluster !== spec.uuid)
      return `Stack ${operation.stackName} belongs to another cluster`;
    return operation;
  }
  evaluate(operation, spec) {
    const evaluation = evaluateOperation(operation, {
      spec,
      faults: resolveFaults(spec, this.faults),
      seed: this.seed,
      now: this.clock.now()
    });
    for (const progress2 of evaluation.timeline.stages) {
      if (progress2.startedAt === void 0)
        continue;
      const event = {
        cluster: operation.cluster,
        operation: operationKey(operation),
        stage: progress2.stage.name,
        at: progress2.startedAt
      };
      if (this.workLog.record(event))
        this.onStageStart?.(event);
    }
    return evaluation;
  }
};
function clampRate2(rate) {
  return rate === void 0 || !Number.isFinite(rate) ? 0 : Math.min(1, Math.max(0, rate));
}

// dist/orchestration/drivers/heat/driver.js
import { randomUUID as randomUUID3 } from "node:crypto";

// dist/openstack/trusts.js
import { randomBytes as randomBytes3 } from "node:crypto";
var TrustManager = class {
  trustor;
  domainAdmin;
  roles;
  constructor(options) {
    this.trustor = options.trustor;
    this.domainAdmin = options.domainAdmin;
    this.roles = options.roles;
  }
  /**
   * The trustee and trust named `userName`: `stored` when its trust still yields a token, otherwise
   * made now. Repeatable: an existing user gets a new password, an existing trust is kept.
   */
  async ensure(userName, stored, description) {
    if (stored !== null && stored.userName === userName && await this.works(stored))
      return stored;
    const trustor = await this.trustor.token();
    if (trustor.projectId === null) {
      throw new OpenStackError("misconfigured", "Keystone", null, `${this.trustor.identity} has no project to delegate`);
    }
    const domainId = await this.domainId();
    const password = randomBytes3(18).toString("base64url");
    const user = await this.upsertUser(domainId, userName, password, description);
    const trust = await this.upsertTrust(trustor, user.id);
    return {
      userId: user.id,
      userName,
      password,
      domainId,
      trustId: trust.id,
      trustorUserId: trustor.userId,
      projectId: trustor.projectId,
      roles: (trust.roles ?? []).map((role) => role.name)
    };
  }
  /** Deletes the trusts to the user named `userName`, then the user. Returns what it found. */
  async remove(userName) {
    const user = await this.findUser(await this.domainId(), userName);
    if (user === null)
      return { userId: null, trusts: 0 };
    const trusts = await this.trustsTo(user.id);
    for (const trust of trusts)
      await this.deleteTrust(trust.id);
    await this.domainAdmin.request({
      service: "Keystone",
      method: "DELETE",
      url: `${this.domainAdmin.authUrl}/users/${user.id}`,
      accept: [404]
    });
    return { userId: user.id, trusts: trusts.length };
  }
  /** A session acting through the trust: what the cluster's own calls use. */
  trustSession(credentials) {
    return new KeystoneSession({
      authUrl: this.trustor.authUrl,
      auth: {
        method: "password",
        userId: credentials.userId,
        password: credentials.password,
        scope: { trustId: credentials.trustId }
      },
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 }
    });
  }
  /** The trustee domain's id, from the domain admin's token. */
  async domainId() {
    const token = await this.domainAdmin.token();
    if (token.domainId === null) {
      throw new OpenStackError("misconfigured", "Keystone", null, `The trustee domain admin ${this.domainAdmin.identity} needs a token scoped to the trustee domain`);
    }
    return token.domainId;
  }
  async works(credentials) {
    try {
      await this.trustSession(credentials).token();
      return true;
    } catch (error) {
      if (error instanceof OpenStackError && (error.status === 401 || error.status === 403 || error.status === 404)) {
        return false;
      }
      throw error;
    }
  }
  async findUser(domainId, name) {
    const { body } = await this.domainAdmin.request({
      service: "Keystone",
      method: "GET",
      url: `${this.domainAdmin.authUrl}/users`,
      searchParams: { name, domain_id: domainId }
    });
    return body.users.find((user) => user.name === name) ?? null;
  }
  async upsertUser(domainId, name, password, description) {
    const existing = await this.findUser(domainId, name);
    if (existing === null) {
      const { status, body } = await this.domainAdmin.request({
        service: "Keystone",
        method: "POST",
        url: `${this.domainAdmin.authUrl}/users`,
        json: { user: { name, password, domain_id: domainId, enabled: true, description } },
        accept: [409]
      });
      if (status !== 409)
        return body.user;
    }
    const user = existing ?? await this.findUser(domainId, name);
    if (user === null)
      throw new OpenStackError("conflict", "Keystone", 409, `Trustee user ${name} vanished while being created`);
    await this.domainAdmin.request({
      service: "Keystone",
      method: "PATCH",
      url: `${this.domainAdmin.authUrl}/users/${user.id}`,
      json: { user: { password, enabled: true } }
    });
    return user;
  }
  async upsertTrust(trustor, trusteeUserId) {
    const wanted = [...this.roles].sort().join(",");
    const existing = (await this.trustsTo(trusteeUserId)).filter((trust) => trust.project_id === trustor.projectId);
    const keep = existing.find((trust) => trust.impersonation && trust.expires_at === null && (trust.roles ?? []).map((role) => role.name).sort().join(",") === wanted);
    for (const trust of existing)
      if (trust !== keep)
        await this.deleteTrust(trust.id);
    if (keep !== void 0)
      return keep;
    const { body } = await this.trustor.request({
      service: "Keystone",
      method: "POST",
      url: `${this.trustor.authUrl}/OS-TRUST/trusts`,
      json: {
        trust: {
          trustor_user_id: trustor.userId,
          trustee_user_id: trusteeUserId,
          project_id: trustor.projectId,
          impersonation: true,
          allow_redelegation: false,
          roles: this.roles.map((name) => ({ name }))
        }
      }
    });
    return body.trust;
  }
  /** Trusts from the trustor to this user; a trustor may only list its own trusts. */
  async trustsTo(trusteeUserId) {
    const trustor = await this.trustor.token();
    const { body } = await this.trustor.request({
      service: "Keystone",
      method: "GET",
      url: `${this.trustor.authUrl}/OS-TRUST/trusts`,
      searchParams: { trustor_user_id: trustor.userId }
    });
    const listed = body.trusts.filter((trust) => trust.trustee_user_id === trusteeUserId);
    return Promise.all(listed.map(async (trust) => {
      const { body: detail } = await this.trustor.request({
        service: "Keystone",
        method: "GET",
        url: `${this.trustor.authUrl}/OS-TRUST/trusts/${trust.id}`
      });
      return detail.trust;
    }));
  }
  async deleteTrust(trustId) {
    await this.trustor.request({
      service: "Keystone",
      method: "DELETE",
      url: `${this.trustor.authUrl}/OS-TRUST/trusts/${trustId}`,
      accept: [404]
    });
  }
};

// dist/orchestration/drivers/heat/environment.js
import { readFileSync as readFileSync3 } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
function loadEnvironment(paths, base = process.cwd()) {
  const files = {};
  const environmentFiles = [];
  let registry = {};
  for (const path5 of paths) {
    const absolute = isAbsolute(path5) ? path5 : resolve(base, path5);
    const text16 = readText(absolute, "TURNKEY_HEAT_ENVIRONMENT");
    const name = pathToFileURL(absolute).href;
    files[name] = text16;
    environmentFiles.push(name);
    const mapping = resourceRegistryOf(text16);
    registry = { ...registry, ...mapping };
    for (const target of Object.values(mapping)) {
      if (/^file:\/\//.test(target))
        files[target] ??= readText(new URL(target).pathname, `the registry of ${path5}`);
      else if (/\.(ya?ml|json|template)$/.test(target) && !/^https?:\/\//.test(target)) {
        throw new DriverError("INVALID_REQUEST", `${path5} maps a type onto "${target}": name provider templates by absolute file:// URL so Turnkey can send them`);
      }
    }
  }
  return { environmentFiles, files, profiles: profilesOf(registry) };
}
function profilesOf(registry) {
  const profile = (type) => registry[type] === "OS::Heat::TestResource" ? "test" : "real";
  return {
    "Turnkey::Network": profile("Turnkey::Network"),
    "Turnkey::Server": profile("Turnkey::Server"),
    "Turnkey::LoadBalancer": profile("Turnkey::LoadBalancer")
  };
}
function resourceRegistryOf(text16) {
  const trimmed = text16.trim();
  if (trimmed.startsWith("{")) {
    const parsed = JSON.parse(trimmed);
    const entries = Object.entries(parsed.resource_registry ?? {});
    return Object.fromEntries(entries.filter((entry) => typeof entry[1] === "string"));
  }
  const registry = {};
  const lines = text16.split(/\r?\n/);
  const start = lines.findIndex((line) => /^resource_registry\s*:\s*(#.*)?$/.test(line));
  if (start < 0)
    return registry;
  let indent = null;
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line))
      continue;
    const depth = line.length - line.trimStart().length;
    if (depth === 0)
      break;
    indent ??= depth;
    if (depth !== indent)
      continue;
    const entry = mappingEntry(line.trim());
    if (entry !== null)
      registry[entry.key] = entry.value;
  }
  return registry;
}
function mappingEntry(line) {
  let key;
  let rest;
  const quote2 = line[0];
  if (quote2 === '"' || quote2 === "'") {
    const close = line.indexOf(quote2, 1);
    if (close < 0)
      return null;
    key = line.slice(1, close);
    rest = line.slice(close + 1).trimStart();
    if (!rest.startsWith(":"))
      return null;
  } else {
    const colon = line.search(/:(\s|$)/);
    if (colon < 0)
      return null;
    key = line.slice(0, colon).trim();
    rest = line.slice(colon);
  }
  rest = rest.slice(1).trim();
  const quoted = /^(["'])(.*?)\1/.exec(rest);
  const value = quoted !== null ? quoted[2] ?? "" : rest.replace(/(^|\s+)#.*$/, "").trim();
  return key === "" || value === "" ? null : { key, value };
}
function readText(path5, source) {
  try {
    return readFileSync3(path5, "utf8");
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DriverError("INVALID_REQUEST", `Cannot read the Heat environment file named by ${source}: ${detail}`);
  }
}

// dist/openstack/heat-client.js
var EVENT_PAGE = 200;
var HeatClient = class {
  session;
  options;
  constructor(session, options) {
    this.session = session;
    this.options = options;
  }
  async createStack(body) {
    const response = await this.call("POST", "/stacks", { json: body });
    if (response === null)
      throw new OpenStackError("rejected", "Heat", null, "Heat created no stack");
    return { name: body.stack_name, id: response.stack.id };
  }
  /** The live stack of that name, or null; a deleted stack of the name does not count. */
  async findStack(name) {
    return this.stack(`/stacks/${encodeURIComponent(name)}`, false);
  }
  async getStack(ref, resolveOutputs) {
    return this.stack(stackPath(ref), resolveOutputs);
  }
  async patchStack(ref, body) {
    await this.call("PATCH", stackPath(ref), { json: body });
  }
  /** Starts the delete; a stack already gone is fine. */
  async deleteStack(ref) {
    await this.call("DELETE", stackPath(ref), { accept: [404] });
  }
  /** Resources of the stack and of its nested stacks down to `depth`. */
  async resources(ref, depth) {
    const body = await this.call("GET", `${stackPath(ref)}/resources`, {
      searchParams: { nested_depth: depth },
      accept: [404]
    });
    return (body?.resources ?? []).map(resourceRecord);
  }
  /** Events after `marker` (all when empty), oldest first, nested stacks included. */
  async events(ref, marker, depth) {
    const events = [];
    let after = marker;
    for (; ; ) {
      const searchParams = { nested_depth: depth, sort_dir: "asc", limit: EVENT_PAGE };
      if (after !== "")
        searchParams["marker"] = after;
      const body = await this.call("GET", `${stackPath(ref)}/events`, { searchParams, accept: [404] });
      const page = (body?.events ?? []).map(eventRecord);
      events.push(...page);
      const last = page.at(-1);
      if (page.length < EVENT_PAGE || last === void 0)
        return events;
      after = last.id;
    }
  }
  /** The newest event's id, the marker for an operation about to start; empty when there is none. */
  async latestEventId(ref, depth) {
    const body = await this.call("GET", `${stackPath(ref)}/events`, {
      searchParams: { nested_depth: depth, sort_dir: "desc", limit: 1 },
      accept: [404]
    });
    return body?.events[0]?.id ?? "";
  }
  async stack(path5, resolveOutputs) {
    const body = await this.call("GET", path5, {
      searchParams: { resolve_outputs: resolveOutputs },
      accept: [404]
    });
    if (body === null || body.stack.stack_status === "DELETE_COMPLETE")
      return null;
    return stackRecord(body.stack);
  }
  async call(method, path5, options = {}) {
    const base = await this.session.endpoint("orchestration", this.options.interface, this.options.region);
    const request = {
      service: "Heat",
      method,
      url: `${base}${path5}`,
      ...options,
      ...this.options.onOutage === void 0 ? {} : { onOutage: this.options.onOutage }
    };
    const response = await this.session.request(request);
    if (options.accept?.includes(response.status))
      return null;
    return response.body;
  }
};
function stackPath(ref) {
  return `/stacks/${encodeURIComponent(ref.name)}/${ref.id}`;
}
function stackRecord(raw) {
  const outputs = {};
  for (const output of raw.outputs ?? []) {
    if (output.output_error === void 0 && output.output_value !== void 0 && output.output_value !== null) {
      outputs[output.output_key] = output.output_value;
    }
  }
  return {
    name: raw.stack_name,
    id: raw.id,
    status: raw.stack_status,
    statusReason: raw.stack_status_reason ?? "",
    parameters: raw.parameters ?? {},
    outputs,
    createdAt: Date.parse(raw.creation_time),
    updatedAt: raw.updated_time === null ? null : Date.parse(raw.updated_time)
  };
}
function resourceRecord(raw) {
  const nested = raw.links.find((link2) => link2.rel === "nested");
  return {
    name: raw.resource_name,
    type: raw.resource_type,
    status: raw.resource_status,
    statusReason: raw.resource_status_reason ?? "",
    updatedAt: Date.parse(raw.updated_time ?? raw.creation_time ?? "") || 0,
    stack: stackOfLinks(raw.links),
    nested: nested === void 0 ? null : stackOfHref(nested.href)
  };
}
function eventRecord(raw) {
  return {
    id: raw.id,
    time: Date.parse(raw.event_time) || 0,
    resourceName: raw.resource_name,
    physicalId: raw.physical_resource_id ?? "",
    status: raw.resource_status,
    statusReason: raw.resource_status_reason ?? "",
    stack: stackOfLinks(raw.links)
  };
}
function stackOfLinks(links) {
  const link2 = links.find((candidate) => candidate.rel === "stack");
  return link2 === void 0 ? { name: "", id: "" } : stackOfHref(link2.href);
}
function stackOfHref(href) {
  const match = /\/stacks\/([^/]+)\/([^/?]+)/.exec(href);
  return match === null ? { name: "", id: "" } : { name: decodeURIComponent(match[1] ?? ""), id: match[2] ?? "" };
}

// dist/orchestration/drivers/heat/naming.js
var FIXED_RESOURCES = ["network", "api_lb"];
function stackNameOf2(spec) {
  const slug = spec.name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 20);
  const start = /^[a-z]/.test(slug) ? slug : `c${slug}`;
  return `${start.replace(/-+$/, "")}-${spec.uuid.replace(/-/g, "").slice(0, 8)}`;
}
function trusteeNameOf(spec, projectId) {
  return `${spec.uuid}_${projectId}`;
}
function isMaster2(group) {
  return group.role === "master";
}
function groupKey(group) {
  const plain = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/.test(group.name);
  if (plain && !FIXED_RESOURCES.includes(group.name))
    return group.name;
  return `ng_${group.uuid.replace(/-/g, "").slice(0, 8)}`;
}
function primaryGroupIds(groups) {
  const primary = /* @__PURE__ */ new Set();
  const master = groups.find(isMaster2);
  const worker = groups.find((group) => !isMaster2(group));
  if (master !== void 0)
    primary.add(master.uuid);
  if (worker !== void 0)
    primary.add(worker.uuid);
  return primary;
}
function nodeNamePattern(stackName, group, primary) {
  const kind = isMaster2(group) ? "master" : "node";
  return primary ? `${stackName}-${kind}-%index%` : `${stackName}-${group.name}-${kind}-%index%`;
}
function nodeName2(pattern, index10) {
  return pattern.replace("%index%", String(index10));
}
function groupParameterNames(key) {
  return {
    count: `${key}_count`,
    image: `${key}_image`,
    flavor: `${key}_flavor`,
    version: `${key}_version`,
    labels: `${key}_labels`,
    nodesToRemove: `${key}_nodes_to_remove`,
    maxBatchSize: `${key}_max_batch_size`
  };
}
var GROUP_KEYS_OUTPUT = "node_group_keys";
function groupNodesOutput(key) {
  return `${key}_nodes`;
}

// dist/orchestration/drivers/heat/status.js
function splitStatus(status) {
  for (const state of ["IN_PROGRESS", "FAILED", "COMPLETE"]) {
    if (status.endsWith(`_${state}`))
      return { action: status.slice(0, -state.length - 1), state };
  }
  return { action: status, state: null };
}
function missingStackStatus(operation) {
  const action = clusterActionOf(operation);
  if (action === "DELETE")
    return "DELETE_COMPLETE";
  return `${action}_FAILED`;
}
function aggregateStatus(groups, defaultStatus, previous) {
  const nonDefault = groups.some((group) => !group.isDefault);
  const action = defaultStatus.startsWith("DELETE") ? "DELETE" : "UPDATE";
  let status = previous ?? defaultStatus;
  for (const state of ["IN_PROGRESS", "FAILED", "COMPLETE"]) {
    if (groups.some((group) => group.status.endsWith(`_${state}`))) {
      status = nonDefault ? `${action}_${state}` : defaultStatus;
      break;
    }
  }
  if (status === "CREATE_COMPLETE" && previous !== null && previous !== "CREATE_COMPLETE" && previous !== "CREATE_IN_PROGRESS") {
    status = "UPDATE_COMPLETE";
  }
  const reason = status.endsWith("_FAILED") ? groups.filter((group) => group.status.endsWith("_FAILED")).map((group) => `${group.name} failed`).join(", ") : null;
  return { status, reason: reason === "" ? null : reason };
}
function isFailure(status) {
  return status.endsWith("_FAILED") || status === "ROLLBACK_COMPLETE";
}
function observedState(status, operation) {
  const action = clusterActionOf(operation);
  if (isFailure(status))
    return { action, state: "FAILED" };
  const { state } = splitStatus(status);
  if (state === "COMPLETE")
    return { action, state: "COMPLETE" };
  return { action, state: "IN_PROGRESS" };
}

// dist/orchestration/drivers/heat/stages.js
var VERBS = { CREATE: "Create", UPDATE: "Update", DELETE: "Delete", INIT: "Create" };
function stagesOf(input) {
  const paths = stackPaths(input.root, input.resources);
  const types = new Map(input.resources.map((resource) => [paths.resolve(resource.stack, resource.name), resource.type]));
  const describe4 = input.describe ?? ((stage2) => `${stage2.verb} ${stage2.path}`);
  const stages = /* @__PURE__ */ new Map();
  for (const event of input.events) {
    if (event.resourceName === event.stack.name)
      continue;
    const path5 = paths.resolve(event.stack, event.resourceName);
    const { action, state } = splitStatus(event.status);
    const stage2 = stages.get(path5) ?? {
      name: path5,
      path: path5,
      type: types.get(path5) ?? null,
      action,
      description: "",
      status: "PENDING",
      reason: "",
      verb: ""
    };
    stage2.action = action;
    stage2.verb = VERBS[action] ?? capitalise(action);
    stage2.reason = event.statusReason;
    if (state === "IN_PROGRESS") {
      stage2.status = "RUNNING";
      stage2.startedAt ??= event.time;
      delete stage2.finishedAt;
    } else if (state === "COMPLETE" || state === "FAILED") {
      stage2.status = state === "COMPLETE" ? "DONE" : "FAILED";
      stage2.startedAt ??= event.time;
      stage2.finishedAt = event.time;
    }
    stages.set(path5, stage2);
  }
  const pendingVerb = input.operation === "delete" ? "Delete" : "Create";
  for (const resource of input.resources) {
    const path5 = paths.resolve(resource.stack, resource.name);
    if (stages.has(path5))
      continue;
    const waiting = input.operation === "create" && resource.status === "INIT_COMPLETE" || input.operation === "delete" && resource.status !== "DELETE_COMPLETE";
    if (!waiting)
      continue;
    stages.set(path5, {
      name: path5,
      path: path5,
      type: resource.type,
      action: input.operation === "delete" ? "DELETE" : "INIT",
      description: "",
      status: "PENDING",
      reason: "",
      verb: pendingVerb
    });
  }
  return [...stages.values()].map(({ verb, ...stage2 }) => ({
    ...stage2,
    description: describe4({ path: stage2.path, type: stage2.type, verb })
  }));
}
function percentOf(stages, state) {
  if (state === "COMPLETE")
    return 100;
  if (stages.length === 0)
    return 0;
  const done = stages.filter((stage2) => stage2.status === "DONE" || stage2.status === "FAILED").length;
  return Math.min(99, Math.floor(100 * done / stages.length));
}
function failedStages(stages) {
  return stages.filter((stage2) => stage2.status === "FAILED").sort((left, right) => right.path.split("/").length - left.path.split("/").length);
}
function stackPaths(root, resources) {
  const byId2 = /* @__PURE__ */ new Map([[root.id, { name: root.name, path: "" }]]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const resource of resources) {
      const parent = byId2.get(resource.stack.id);
      if (parent === void 0 || resource.nested === null || byId2.has(resource.nested.id))
        continue;
      byId2.set(resource.nested.id, { name: resource.nested.name, path: join(parent.path, resource.name) });
      grew = true;
    }
  }
  const pathOf = (stack) => {
    const known = byId2.get(stack.id);
    if (known !== void 0)
      return known.path;
    const parents = [...byId2.values()].sort((left, right) => right.name.length - left.name.length);
    for (const parent of parents) {
      if (!stack.name.startsWith(`${parent.name}-`))
        continue;
      const match = /^(.+)-[a-z0-9]{12}$/.exec(stack.name.slice(parent.name.length + 1));
      if (match?.[1] !== void 0)
        return join(parent.path, match[1]);
    }
    return stack.name;
  };
  return { resolve: (stack, resource) => join(pathOf(stack), resource) };
}
function join(parent, name) {
  return parent === "" ? name : `${parent}/${name}`;
}
function capitalise(word) {
  return word.charAt(0) + word.slice(1).toLowerCase();
}

// dist/orchestration/drivers/heat/observation.js
var API_ADDRESS = /^[a-z]+:\/\/([A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\]):\d+$/;
function observationOf2(snapshot2) {
  const { spec, id, stack } = snapshot2;
  if (stack === null)
    return missingStackObservation(spec, id);
  const operation = id.operation;
  const root = { name: stack.name, id: stack.id };
  const primary = primaryGroupIds(spec.nodeGroups);
  const started = operation === "create" || snapshot2.events.some((event) => event.stack.id === stack.id && event.resourceName === stack.name);
  const stackStatus = started ? stack.status : `${clusterActionOf(operation)}_IN_PROGRESS`;
  const topLevel = new Map(snapshot2.resources.filter((resource) => resource.stack.id === stack.id).map((resource) => [resource.name, resource]));
  const inStack = spec.nodeGroups.filter((group) => groupParameterNames(groupKey(group)).count in stack.parameters);
  const aggregated = aggregateStatus(inStack.map((group) => ({
    name: group.name,
    isDefault: primary.has(group.uuid),
    status: primary.has(group.uuid) ? stackStatus : topLevel.get(groupKey(group))?.status ?? stackStatus
  })), stackStatus, inStack.length === 0 ? null : `${clusterActionOf(operation)}_IN_PROGRESS`);
  const { action, state } = observedState(inStack.length === 0 ? stackStatus : aggregated.status, operation);
  const stages = stagesOf({
    root,
    operation,
    resources: snapshot2.resources,
    events: snapshot2.events,
    describe: describer(spec, stack.name)
  });
  const faults = state === "FAILED" ? faultsOf2(spec, stages, stack.statusReason || aggregated.reason || "") : {};
  const nodeGroups2 = spec.nodeGroups.map((group) => nodeGroupOf(spec, group, { stack, operation, state, stages, faults, primary: primary.has(group.uuid) }));
  const observation = {
    state,
    action,
    operation,
    stages,
    percent: percentOf(stages, state),
    reason: reasonOf2(state, stack, stages, aggregated.reason, started),
    faults,
    masterAddresses: nodeGroups2.filter(isMaster2).flatMap((group) => group.nodeAddresses),
    nodeAddresses: nodeGroups2.filter((group) => !isMaster2(group)).flatMap((group) => group.nodeAddresses),
    nodeGroups: nodeGroups2
  };
  const apiAddress = stack.outputs["api_address"];
  if (typeof apiAddress === "string" && API_ADDRESS.test(apiAddress) && !apiAddress.includes("//None:")) {
    observation.apiAddress = apiAddress;
    const master = spec.nodeGroups.find((group) => isMaster2(group) && primary.has(group.uuid));
    const version2 = master === void 0 ? void 0 : stack.parameters[groupParameterNames(groupKey(master)).version];
    observation.coeVersion = version2 || coeVersionOf(spec.coe, spec.labels);
    observation.containerVersion = containerVersionOf(spec.coe, spec.labels);
  }
  return observation;
}
function missingStackObservation(spec, id) {
  const { action, state } = observedState(missingStackStatus(id.operation), id.operation);
  const reason = `Stack with id ${id.stackUuid || id.stackName} not found in Heat.`;
  const nodeGroups2 = spec.nodeGroups.map((group) => ({
    uuid: group.uuid,
    name: group.name,
    role: group.role,
    action: nodeGroupActionOf(id.operation),
    state,
    nodeCount: 0,
    nodeAddresses: [],
    nodeNames: [],
    version: coeVersionOf(spec.coe, spec.labels),
    imageId: group.imageId || spec.imageId
  }));
  return {
    state,
    action,
    operation: id.operation,
    stages: [],
    percent: percentOf([], state),
    reason,
    faults: state === "FAILED" ? Object.fromEntries(spec.nodeGroups.map((group) => [group.name, reason])) : {},
    masterAddresses: [],
    nodeAddresses: [],
    nodeGroups: nodeGroups2
  };
}
function nodeGroupOf(spec, group, context) {
  const key = groupKey(group);
  const names = groupParameterNames(key);
  const { stack } = context;
  const pattern = nodeNamePattern(stack.name, group, context.primary);
  const output = stack.outputs[groupNodesOutput(key)];
  const members = output !== null && typeof output === "object" ? Object.entries(output).map(([index10, address]) => ({ index: Number(index10), address: typeof address === "string" ? address : null })).filter((member) => Number.isInteger(member.index)).sort((left, right) => left.index - right.index) : null;
  const present = names.count in stack.parameters;
  const touched = context.operation === "create" || context.operation === "delete" || context.stages.some((stage2) => stage2.path.startsWith(`${key}/`) || stage2.path === key && stage2.action !== "UPDATE");
  const withAddress = (members ?? []).filter((member) => member.address !== null);
  return {
    uuid: group.uuid,
    name: group.name,
    role: group.role,
    action: touched ? nodeGroupActionOf(context.operation) : null,
    state: !touched ? "COMPLETE" : context.state === "FAILED" && !(group.name in context.faults) ? "COMPLETE" : context.state,
    nodeCount: members?.length ?? (present ? Number(stack.parameters[names.count]) || 0 : 0),
    nodeAddresses: withAddress.map((member) => member.address),
    nodeNames: withAddress.map((member) => nodeName2(pattern, member.index)),
    version: stack.parameters[names.version] || coeVersionOf(spec.coe, spec.labels),
    imageId: stack.parameters[names.image] || group.imageId || spec.imageId
  };
}
function faultsOf2(spec, stages, stackReason) {
  const faults = {};
  const failed = failedStages(stages);
  for (const group of spec.nodeGroups) {
    const key = groupKey(group);
    const own = failed.find((stage2) => stage2.path === key || stage2.path.startsWith(`${key}/`));
    if (own !== void 0)
      faults[group.name] = own.reason || stackReason;
  }
  if (Object.keys(faults).length === 0) {
    for (const uuid13 of primaryGroupIds(spec.nodeGroups)) {
      const group = spec.nodeGroups.find((candidate) => candidate.uuid === uuid13);
      if (group !== void 0)
        faults[group.name] = stackReason;
    }
  }
  return faults;
}
function reasonOf2(state, stack, stages, aggregatedReason, started) {
  if (!started)
    return "Waiting for Heat to start the operation";
  if (state === "FAILED")
    return stack.statusReason || failedStages(stages)[0]?.reason || aggregatedReason || "Stack failed";
  if (state === "IN_PROGRESS") {
    const running = stages.filter((stage2) => stage2.status === "RUNNING").at(-1);
    return running?.description ?? stack.statusReason;
  }
  return stack.statusReason;
}
function describer(spec, stackName) {
  const primary = primaryGroupIds(spec.nodeGroups);
  const groups = new Map(spec.nodeGroups.map((group) => [groupKey(group), group]));
  return ({ path: path5, verb }) => {
    const [head = "", member, ...rest] = path5.split("/");
    const group = groups.get(head);
    if (group !== void 0 && member === void 0)
      return `${verb} node group ${group.name}`;
    if (group !== void 0 && member !== void 0 && rest.length === 0) {
      return `${verb} node ${nodeName2(nodeNamePattern(stackName, group, primary.has(group.uuid)), member)}`;
    }
    if (path5 === "network")
      return `${verb} network`;
    if (path5 === "api_lb")
      return `${verb} API load balancer`;
    return `${verb} ${path5}`;
  };
}

// dist/orchestration/drivers/heat/recovery.js
function isAbandoned(input) {
  const { heat, activity } = input;
  if (!input.inProgress || heat.outageAt === null || heat.recoveredAt === null)
    return false;
  if (activity.seenAt > heat.outageAt)
    return false;
  if (activity.kickedAt !== null && activity.kickedAt > heat.outageAt)
    return false;
  return input.now - heat.recoveredAt >= input.stallAfterMs;
}
var RecoveryTracker = class {
  now;
  heat = { outageAt: null, recoveredAt: null };
  /** Recovery traversals started by this process, and when the last one was. */
  restarts = 0;
  lastRestartAt = null;
  stacks = /* @__PURE__ */ new Map();
  constructor(now) {
    this.now = now;
  }
  outage() {
    this.heat.outageAt = this.now();
    this.heat.recoveredAt = null;
  }
  answered() {
    if (this.heat.outageAt !== null && this.heat.recoveredAt === null)
      this.heat.recoveredAt = this.now();
  }
  /** Notes the newest event id; a new one means Heat is working on the stack. */
  activity(stackUuid, newestEventId2) {
    const known = this.stacks.get(stackUuid);
    if (known !== void 0 && known.newestEventId === newestEventId2)
      return known;
    const activity = { newestEventId: newestEventId2, seenAt: this.now(), kickedAt: known?.kickedAt ?? null };
    this.stacks.delete(stackUuid);
    this.stacks.set(stackUuid, activity);
    if (this.stacks.size > 1e3)
      this.stacks.delete(this.stacks.keys().next().value);
    return activity;
  }
  kicked(stackUuid) {
    this.restarts++;
    this.lastRestartAt = this.now();
    const activity = this.stacks.get(stackUuid);
    if (activity !== void 0)
      activity.kickedAt = this.now();
  }
};

// dist/orchestration/drivers/heat/template.js
var HOT_VERSION = "2018-08-31";
function addressAttribute(profile) {
  return profile === "test" ? "output" : "address";
}
function orderedGroups(groups) {
  return [...groups.filter(isMaster2), ...groups.filter((group) => !isMaster2(group))];
}
function clusterTemplate(input) {
  const { spec, stackName, profiles } = input;
  const groups = orderedGroups(input.groups ?? spec.nodeGroups);
  const primary = primaryGroupIds(spec.nodeGroups);
  const masters = groups.filter(isMaster2).map(groupKey);
  const workers = groups.filter((group) => !isMaster2(group)).map(groupKey);
  const serverAddress = addressAttribute(profiles["Turnkey::Server"]);
  const testServers = profiles["Turnkey::Server"] === "test";
  const resources = {
    network: { type: "Turnkey::Network", properties: networkProperties(spec, stackName, profiles["Turnkey::Network"]) }
  };
  for (const group of groups) {
    const key = groupKey(group);
    const names = groupParameterNames(key);
    const after = isMaster2(group) ? ["network"] : spec.masterLbEnabled ? ["api_lb"] : masters.length > 0 ? masters : ["network"];
    resources[key] = {
      type: "OS::Heat::ResourceGroup",
      depends_on: after,
      // Masters go one at a time whatever the request says, to keep etcd's quorum.
      update_policy: { rolling_update: { max_batch_size: { get_param: names.maxBatchSize } } },
      properties: {
        count: { get_param: names.count },
        removal_policies: [{ resource_list: { get_param: names.nodesToRemove } }],
        resource_def: {
          type: "Turnkey::Server",
          properties: serverProperties(spec, group, nodeNamePattern(stackName, group, primary.has(group.uuid)), profiles)
        }
      }
    };
  }
  if (spec.masterLbEnabled) {
    resources["api_lb"] = {
      type: "Turnkey::LoadBalancer",
      depends_on: masters.length > 0 ? masters : ["network"],
      properties: loadBalancerProperties(stackName, masters, serverAddress, profiles["Turnkey::LoadBalancer"])
    };
  }
  const outputs = {
    api_address: { description: "URL of the cluster's API.", value: apiAddressValue(spec, masters, serverAddress, profiles) },
    master_addresses: { description: "Addresses of the masters.", value: concat(masters, serverAddress) },
    node_addresses: { description: "Addresses of the other nodes.", value: concat(workers, serverAddress) },
    [GROUP_KEYS_OUTPUT]: {
      description: "The node groups in this stack, as { uuid: key }.",
      value: Object.fromEntries(groups.map((group) => [group.uuid, groupKey(group)]))
    }
  };
  for (const group of groups) {
    const key = groupKey(group);
    outputs[groupNodesOutput(key)] = {
      description: `Nodes of ${group.name} as { index: address }.`,
      value: { get_attr: [key, "attributes", serverAddress] }
    };
  }
  return {
    heat_template_version: HOT_VERSION,
    description: `Turnkey cluster ${spec.name} (${spec.uuid})`,
    parameters: parameterSchema(spec, groups, testServers),
    resources,
    outputs
  };
}
function createParameters(spec, groups, cluster) {
  const values = {
    cluster_uuid: spec.uuid,
    cluster_name: spec.name,
    ca_generation: cluster.caGeneration,
    auth_url: cluster.authUrl,
    region_name: cluster.region,
    trustee_domain_id: cluster.trust?.domainId ?? "",
    trustee_user_id: cluster.trust?.userId ?? "",
    trustee_username: cluster.trust?.userName ?? "",
    trustee_password: cluster.trust?.password ?? "",
    trust_id: cluster.trust?.trustId ?? ""
  };
  for (const group of groups)
    Object.assign(values, groupParameters(spec, group));
  return values;
}
function groupParameters(spec, group) {
  const names = groupParameterNames(groupKey(group));
  return {
    [names.count]: group.nodeCount,
    [names.image]: group.imageId || spec.imageId,
    [names.flavor]: group.flavorId || (isMaster2(group) ? spec.masterFlavorId : spec.flavorId),
    [names.version]: coeVersionOf(spec.coe, mergedLabels(spec.labels, group.labels)),
    [names.labels]: labelMap(mergedLabels(spec.labels, group.labels)),
    [names.nodesToRemove]: "",
    [names.maxBatchSize]: 1
  };
}
function parameterSchema(spec, groups, testServers) {
  const schema = {
    cluster_uuid: { type: "string", default: spec.uuid },
    cluster_name: { type: "string", default: spec.name },
    fixed_subnet: { type: "string", default: spec.fixedSubnet ?? "10.0.0.0/24" },
    network_driver: { type: "string", default: spec.networkDriver },
    api_port: { type: "number", default: apiPort(spec) },
    ca_generation: { type: "string", default: "", description: "Changes when the cluster's CA is rotated." },
    // Magnum's trust parameters: what the cluster's own calls authenticate with.
    auth_url: { type: "string", default: "" },
    region_name: { type: "string", default: "" },
    trustee_domain_id: { type: "string", default: "" },
    trustee_user_id: { type: "string", default: "" },
    trustee_username: { type: "string", default: "" },
    trustee_password: { type: "string", default: "", hidden: true },
    trust_id: { type: "string", default: "", hidden: true }
  };
  if (testServers) {
    schema["master_wait_secs"] = { type: "number", default: 0 };
    schema["worker_wait_secs"] = { type: "number", default: 0 };
    schema["fail_masters"] = { type: "boolean", default: false };
    schema["fail_workers"] = { type: "boolean", default: false };
  }
  for (const group of groups) {
    const names = groupParameterNames(groupKey(group));
    const values = groupParameters(spec, group);
    schema[names.count] = { type: "number", default: values[names.count], constraints: [{ range: { min: 0 } }] };
    schema[names.image] = { type: "string", default: values[names.image] };
    schema[names.flavor] = { type: "string", default: values[names.flavor] };
    schema[names.version] = { type: "string", default: values[names.version] };
    schema[names.labels] = { type: "json", default: values[names.labels] };
    schema[names.nodesToRemove] = {
      type: "comma_delimited_list",
      default: "",
      description: "Members (indexes) removed first when the count goes down, as Magnum's nodes_to_remove."
    };
    schema[names.maxBatchSize] = { type: "number", default: 1, constraints: [{ range: { min: 1 } }] };
  }
  return schema;
}
function serverProperties(spec, group, namePattern, profiles) {
  const names = groupParameterNames(groupKey(group));
  if (profiles["Turnkey::Server"] === "test") {
    const role = isMaster2(group) ? "master" : "worker";
    return {
      value: `10.${testOctet(spec, group)}.%index%.10`,
      wait_secs: { get_param: `${role}_wait_secs` },
      fail: { get_param: `fail_${role}s` },
      // A new image or version replaces the node, as an upgrade by node replacement does.
      update_replace_value: { list_join: [":", [{ get_param: names.image }, { get_param: names.version }]] }
    };
  }
  return {
    name: namePattern,
    image: { get_param: names.image },
    flavor: { get_param: names.flavor },
    networks: [{ network: { get_resource: "network" } }],
    metadata: {
      turnkey_cluster: spec.uuid,
      turnkey_node_group: group.uuid,
      turnkey_role: group.role,
      kube_tag: { get_param: names.version },
      ca_generation: { get_param: "ca_generation" }
    }
  };
}
function networkProperties(spec, stackName, profile) {
  if (profile === "test")
    return { value: { get_param: "fixed_subnet" } };
  return { name: spec.fixedNetwork ?? stackName };
}
function loadBalancerProperties(stackName, masters, serverAddress, profile) {
  if (profile === "test")
    return { value: "10.0.255.1" };
  return { name: `${stackName}-api`, port: { get_param: "api_port" }, members: concat(masters, serverAddress) };
}
function apiPort(spec) {
  if (spec.coe === "KUBERNETES")
    return spec.tlsDisabled ? 8080 : 6443;
  return spec.tlsDisabled ? 2375 : 2376;
}
function apiAddressValue(spec, masters, serverAddress, profiles) {
  const first = masters[0];
  const host = spec.masterLbEnabled ? { get_attr: ["api_lb", addressAttribute(profiles["Turnkey::LoadBalancer"])] } : first === void 0 ? "" : { get_attr: [first, "resource.0", serverAddress] };
  const scheme = spec.coe === "KUBERNETES" ? spec.tlsDisabled ? "http" : "https" : "tcp";
  return { str_replace: { template: `${scheme}://HOST:PORT`, params: { HOST: host, PORT: { get_param: "api_port" } } } };
}
function concat(keys, attribute) {
  if (keys.length === 0)
    return [];
  if (keys.length === 1)
    return { get_attr: [keys[0], attribute] };
  return { list_concat: keys.map((key) => ({ get_attr: [key, attribute] })) };
}
function testOctet(spec, group) {
  const primary = primaryGroupIds(spec.nodeGroups);
  if (primary.has(group.uuid))
    return isMaster2(group) ? 0 : 1;
  let hash = 0;
  for (const character of group.uuid)
    hash = hash * 31 + character.charCodeAt(0) >>> 0;
  return 2 + hash % 250;
}
function mergedLabels(cluster, group) {
  return [...cluster, ...group];
}
function labelMap(labels) {
  const map = {};
  for (const label2 of labels)
    map[label2.key] = labelValue(labels, label2.key) ?? label2.value;
  return map;
}

// dist/orchestration/drivers/heat/requests.js
var DRIVER2 = "heat";
function isInStack(stack, group) {
  return groupParameterNames(groupKey(group)).count in stack.parameters;
}
function updatePatch(spec, stack) {
  const parameters = {};
  for (const group of spec.nodeGroups) {
    if (isMaster2(group) || !isInStack(stack, group))
      continue;
    parameters[groupParameterNames(groupKey(group)).count] = requireCount2(group.nodeCount, group);
  }
  return { parameters };
}
function resizePatch(spec, stack, request) {
  const group = stackGroup(spec, stack, request.nodeGroupId);
  if (isMaster2(group)) {
    throw new NotSupportedError(DRIVER2, "resize", "master node groups keep the size they were created with");
  }
  requireCount2(request.nodeCount, group);
  const key = groupKey(group);
  const names = groupParameterNames(key);
  const members = membersOf(stack, key);
  const pattern = nodeNamePattern(stack.name, group, primaryGroupIds(spec.nodeGroups).has(group.uuid));
  const removals = Math.max(0, members.length - request.nodeCount);
  const preferred = (request.nodesToRemove ?? []).map((wanted) => {
    const member = members.find((candidate) => nodeName2(pattern, candidate.index) === wanted || candidate.address === wanted);
    if (member === void 0)
      throw new DriverError("INVALID_REQUEST", `Node ${wanted} is not in node group ${group.name}`);
    return String(member.index);
  });
  return {
    parameters: {
      [names.count]: request.nodeCount,
      [names.nodesToRemove]: [...new Set(preferred)].slice(0, removals).join(",")
    }
  };
}
function upgradePatch(spec, stack, request) {
  if (!Number.isInteger(request.maxBatchSize) || request.maxBatchSize < 1) {
    throw new DriverError("INVALID_REQUEST", `maxBatchSize must be a whole number of at least 1, not ${request.maxBatchSize}`);
  }
  const groups = request.nodeGroupId === null ? orderedGroups(spec.nodeGroups.filter((group) => isInStack(stack, group))) : [stackGroup(spec, stack, request.nodeGroupId)];
  const version2 = coeVersionOf(spec.coe, request.template.labels);
  const parameters = {};
  for (const group of groups) {
    const names = groupParameterNames(groupKey(group));
    parameters[names.image] = request.template.imageId;
    parameters[names.version] = version2;
    parameters[names.maxBatchSize] = isMaster2(group) ? 1 : request.maxBatchSize;
  }
  return { parameters };
}
function rotateCaPatch(generation) {
  return { parameters: { ca_generation: generation } };
}
function nodeGroupCreatePatch(spec, stack, groupId, context) {
  const group = specGroup(spec, groupId);
  requireCount2(group.nodeCount, group);
  const groups = keptGroups(spec, stack, null).concat(isInStack(stack, group) ? [] : [group]);
  return {
    template: clusterTemplate({ spec, stackName: context.stackName, profiles: context.profiles, groups }),
    parameters: groupParameters(spec, group)
  };
}
function nodeGroupUpdatePatch(spec, stack, groupId) {
  const group = stackGroup(spec, stack, groupId);
  requireCount2(group.nodeCount, group);
  return { parameters: { [groupParameterNames(groupKey(group)).count]: group.nodeCount } };
}
function nodeGroupDeletePatch(spec, stack, groupId, context) {
  const key = keyInStack(spec, stack, groupId);
  const group = spec.nodeGroups.find((candidate) => candidate.uuid === groupId);
  if (group !== void 0 && primaryGroupIds(spec.nodeGroups).has(group.uuid)) {
    throw new NotSupportedError(DRIVER2, "nodeGroupDelete", "the default master and worker groups go with the cluster");
  }
  const groups = keptGroups(spec, stack, groupId);
  return {
    template: clusterTemplate({ spec, stackName: context.stackName, profiles: context.profiles, groups }),
    parameters: {},
    clear_parameters: key === null ? [] : Object.values(groupParameterNames(key)).filter((name) => name in stack.parameters)
  };
}
function alreadyApplied(patch, stack) {
  if (patch.template !== void 0 || (patch.clear_parameters?.length ?? 0) > 0)
    return false;
  return Object.entries(patch.parameters).every(([name, value]) => {
    const current = stack.parameters[name];
    if (typeof value === "boolean")
      return current?.toLowerCase() === String(value);
    if (typeof value === "object")
      return false;
    return current === String(value);
  });
}
function membersOf(stack, key) {
  const output = stack.outputs[groupNodesOutput(key)];
  if (output === null || typeof output !== "object")
    return [];
  return Object.entries(output).map(([index10, address]) => ({ index: Number(index10), address: typeof address === "string" ? address : null })).filter((member) => Number.isInteger(member.index)).sort((left, right) => left.index - right.index);
}
function keptGroups(spec, stack, leaving) {
  const keys = stack.outputs[GROUP_KEYS_OUTPUT];
  if (keys !== null && typeof keys === "object") {
    for (const uuid13 of Object.keys(keys)) {
      if (uuid13 === leaving || spec.nodeGroups.some((group) => group.uuid === uuid13))
        continue;
      throw new DriverError("INVALID_REQUEST", `Stack ${stack.name} has node group ${uuid13}, which the cluster spec no longer describes; delete that group first`);
    }
  }
  return spec.nodeGroups.filter((group) => group.uuid !== leaving && isInStack(stack, group));
}
function keyInStack(spec, stack, groupId) {
  const group = spec.nodeGroups.find((candidate) => candidate.uuid === groupId);
  if (group !== void 0)
    return isInStack(stack, group) ? groupKey(group) : null;
  const keys = stack.outputs[GROUP_KEYS_OUTPUT];
  const key = keys?.[groupId];
  return typeof key === "string" ? key : null;
}
function specGroup(spec, groupId) {
  const group = spec.nodeGroups.find((candidate) => candidate.uuid === groupId);
  if (group === void 0)
    throw new DriverError("INVALID_REQUEST", `Node group ${groupId} is not in the cluster spec`);
  return group;
}
function stackGroup(spec, stack, groupId) {
  const group = specGroup(spec, groupId);
  if (!isInStack(stack, group)) {
    throw new DriverError("STACK_NOT_FOUND", `Stack ${stack.name} has no node group ${group.name}; create it first`);
  }
  return group;
}
function requireCount2(count3, group) {
  if (!Number.isInteger(count3) || count3 < group.minNodeCount || group.maxNodeCount !== null && count3 > group.maxNodeCount) {
    const most = group.maxNodeCount === null ? "" : ` and at most ${group.maxNodeCount}`;
    throw new DriverError("INVALID_REQUEST", `Node group ${group.name} needs a whole number of nodes, at least ${group.minNodeCount}${most}, not ${count3}`);
  }
  return count3;
}

// dist/orchestration/drivers/heat/stack-id.js
var PREFIX2 = "heat:1";
function encodeStackId2(id) {
  return [PREFIX2, id.operation, id.stackName, id.stackUuid, id.marker].join(":");
}
function decodeStackId2(text16) {
  const parts = text16.split(":");
  if (parts.length !== 6 || `${parts[0]}:${parts[1]}` !== PREFIX2)
    return null;
  const [, , operation, stackName, stackUuid, marker] = parts;
  if (!DRIVER_ACTIONS.includes(operation) || operation === "health" || stackName === "")
    return null;
  return { operation, stackName, stackUuid, marker };
}

// dist/orchestration/drivers/heat/watch.js
function nextPollDelay(previousMs, changed, bounds) {
  if (changed)
    return bounds.minMs;
  return Math.min(bounds.maxMs, Math.max(bounds.minMs, previousMs * 2));
}
function observationKey(observation) {
  return JSON.stringify([
    observation.state,
    observation.percent,
    observation.reason,
    observation.stages.map((stage2) => [stage2.name, stage2.status]),
    observation.masterAddresses,
    observation.nodeAddresses,
    observation.apiAddress
  ]);
}
async function watchOperation(observe, options) {
  let delay = options.bounds.minMs;
  let last = "";
  for (; ; ) {
    options.signal?.throwIfAborted();
    let observation = null;
    try {
      observation = await observe();
    } catch (error) {
      if (!isRetryable(error))
        throw error;
    }
    if (observation !== null) {
      const key = observationKey(observation);
      const changed = key !== last;
      last = key;
      if (changed)
        options.onChange?.(observation);
      if (observation.state !== "IN_PROGRESS")
        return observation;
      delay = nextPollDelay(delay, changed, options.bounds);
    } else {
      delay = options.bounds.maxMs;
    }
    await sleep2(delay, options.signal);
  }
}
function sleep2(milliseconds, signal) {
  return new Promise((resolve2, reject) => {
    const timer = setTimeout(resolve2, milliseconds);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

// dist/orchestration/drivers/heat/driver.js
var HEAT_CAPABILITIES = [
  { coe: "KUBERNETES", distros: ["fedora-coreos"], serverTypes: ["VM"] }
];
var HEAT_ACTIONS = new Set(DRIVER_ACTIONS.filter((action) => action !== "health"));
var NESTED_DEPTH = 2;
var HeatDriver = class {
  name = "heat";
  provides = HEAT_CAPABILITIES;
  supports = HEAT_ACTIONS;
  /** The configured identity: owner of the stacks, trustor of the trusts. */
  operator;
  heat;
  /** Makes and removes each cluster's trustee and trust (null when no trustee domain is configured). */
  trustManager;
  /** The trust capability the reconciler's trust hook uses (see TrustCapability). */
  trusts = {
    prepare: (spec, stored) => this.prepareTrust(spec, stored),
    remove: (spec) => this.removeTrust(spec)
  };
  recovery;
  config;
  environment;
  now;
  // Trusts made or checked in this process, so create() can put them in the stack's parameters.
  prepared = /* @__PURE__ */ new Map();
  // Each operation's events seen so far, so a poll fetches only the new ones.
  seen = /* @__PURE__ */ new Map();
  constructor(options) {
    const { config } = options;
    this.config = config;
    this.environment = options.environment ?? loadEnvironment(config.environmentFiles);
    this.now = options.now ?? Date.now;
    const retry = { attempts: config.retries, baseDelayMs: 250, maxDelayMs: 4e3 };
    const renewBeforeMs = config.tokenRenewSeconds * 1e3;
    this.operator = new KeystoneSession({ authUrl: config.authUrl, auth: config.auth, retry, renewBeforeMs, now: this.now });
    this.recovery = new RecoveryTracker(this.now);
    this.heat = new HeatClient(this.operator, {
      interface: config.interface,
      region: config.region,
      onOutage: () => this.recovery.outage()
    });
    const trustee = config.trustee;
    this.trustManager = trustee === null ? null : new TrustManager({
      trustor: this.operator,
      domainAdmin: new KeystoneSession({
        authUrl: config.authUrl,
        auth: {
          method: "password",
          userName: trustee.adminUserName,
          password: trustee.adminPassword,
          ..."id" in trustee.domain ? { userDomainId: trustee.domain.id } : { userDomainName: trustee.domain.name },
          scope: "id" in trustee.domain ? { domainId: trustee.domain.id } : { domainName: trustee.domain.name }
        },
        retry,
        renewBeforeMs,
        now: this.now
      }),
      roles: trustee.roles
    });
  }
  async prepareTrust(spec, stored) {
    if (this.trustManager === null)
      return null;
    const { projectId } = await this.operator.token();
    const credentials = await this.trustManager.ensure(trusteeNameOf(spec, projectId ?? ""), stored, `Trustee of Turnkey cluster ${spec.name} (${spec.uuid})`).catch((error) => {
      throw this.explainDelegation(error);
    });
    this.prepared.set(spec.uuid, credentials);
    return credentials;
  }
  async removeTrust(spec) {
    this.prepared.delete(spec.uuid);
    if (this.trustManager === null)
      return;
    const { projectId } = await this.operator.token();
    await this.trustManager.remove(trusteeNameOf(spec, projectId ?? ""));
  }
  /** A session acting through the cluster's trust: what the cluster's own calls to OpenStack use. */
  trustSession(credentials) {
    if (this.trustManager === null)
      throw new DriverError("INVALID_REQUEST", "Trusts are not configured for the Heat driver");
    return this.trustManager.trustSession(credentials);
  }
  async create(spec, stackId) {
    if (!providesClusterType(this, spec))
      throw new NotSupportedError(this.name, "provide", describeClusterType(spec));
    if (stackId !== null) {
      const previous = this.decode(spec, stackId);
      if (previous.operation === "create")
        return { stackId };
      throw new DriverError("CONFLICT", `Cluster ${spec.uuid} already has a stack; it is not created twice`);
    }
    if (!spec.nodeGroups.some((group) => isMaster2(group) && group.nodeCount > 0)) {
      throw new DriverError("INVALID_REQUEST", "A cluster needs a master node group with at least one node");
    }
    const stackName = stackNameOf2(spec);
    const existing = await this.heat.findStack(stackName);
    if (existing !== null)
      return this.created(spec, existing);
    const trust = this.prepared.get(spec.uuid) ?? await this.prepareTrust(spec, null);
    try {
      const ref = await this.heat.createStack({
        stack_name: stackName,
        template: clusterTemplate({ spec, stackName, profiles: this.environment.profiles }),
        parameters: createParameters(spec, spec.nodeGroups, {
          caGeneration: "0",
          authUrl: this.config.authUrl,
          region: this.config.region ?? "",
          trust
        }),
        files: this.environment.files,
        environment_files: this.environment.environmentFiles,
        disable_rollback: true,
        timeout_mins: spec.createTimeout,
        tags: `turnkey,cluster-${spec.uuid}`
      });
      return { stackId: encodeStackId2({ operation: "create", stackName, stackUuid: ref.id, marker: "" }) };
    } catch (error) {
      if (!(error instanceof OpenStackError) || error.status !== 409)
        throw this.explainDelegation(error);
      const raced = await this.heat.findStack(stackName);
      if (raced === null)
        throw error;
      return this.created(spec, raced);
    }
  }
  async update(spec, stackId) {
    return this.change(spec, stackId, "update", (stack) => updatePatch(spec, stack));
  }
  async resize(spec, stackId, request) {
    return this.change(spec, stackId, "resize", (stack) => resizePatch(spec, stack, request));
  }
  async upgrade(spec, stackId, request) {
    return this.change(spec, stackId, "upgrade", (stack) => upgradePatch(spec, stack, request));
  }
  async rotateCa(spec, stackId) {
    return this.change(spec, stackId, "rotateCa", () => rotateCaPatch(randomUUID3()));
  }
  async createNodeGroup(spec, stackId, nodeGroupId) {
    return this.change(spec, stackId, "nodeGroupCreate", (stack) => nodeGroupCreatePatch(spec, stack, nodeGroupId, this.templateContext(stack)));
  }
  async updateNodeGroup(spec, stackId, nodeGroupId) {
    return this.change(spec, stackId, "nodeGroupUpdate", (stack) => nodeGroupUpdatePatch(spec, stack, nodeGroupId));
  }
  async deleteNodeGroup(spec, stackId, nodeGroupId) {
    return this.change(spec, stackId, "nodeGroupDelete", (stack) => nodeGroupDeletePatch(spec, stack, nodeGroupId, this.templateContext(stack)));
  }
  async delete(spec, stackId) {
    const previous = stackId === null ? null : this.decode(spec, stackId);
    const stackName = previous?.stackName ?? stackNameOf2(spec);
    const stack = previous !== null && previous.stackUuid !== "" ? await this.heat.getStack({ name: previous.stackName, id: previous.stackUuid }, false) : await this.heat.findStack(stackName);
    if (stack === null) {
      await this.removeTrust(spec);
      return { stackId: encodeStackId2({ operation: "delete", stackName, stackUuid: "", marker: "" }) };
    }
    if (previous?.operation === "delete" && stack.status === "DELETE_IN_PROGRESS" && stackId !== null)
      return { stackId };
    const ref = { name: stack.name, id: stack.id };
    const marker = await this.heat.latestEventId(ref, NESTED_DEPTH);
    await this.heat.deleteStack(ref);
    return { stackId: encodeStackId2({ operation: "delete", stackName: stack.name, stackUuid: stack.id, marker }) };
  }
  async observe(spec, stackId) {
    if (stackId === null)
      return notFoundObservation(`Cluster ${spec.uuid} has no stack`);
    const id = decodeStackId2(stackId);
    if (id === null)
      return notFoundObservation(`Stack ${stackId.slice(0, 60)} is not a Heat driver stack`);
    if (!ownedBy(id, spec))
      return notFoundObservation(`Stack ${id.stackName} belongs to another cluster`);
    const ref = { name: id.stackName, id: id.stackUuid };
    const stack = id.stackUuid === "" ? null : await this.heat.getStack(ref, true);
    if (id.stackUuid !== "")
      this.recovery.answered();
    if (stack === null) {
      this.seen.delete(stackId);
      if (id.operation === "delete")
        await this.removeTrust(spec);
      return missingStackObservation(spec, id);
    }
    const [resources, events] = await Promise.all([
      this.heat.resources(ref, NESTED_DEPTH),
      this.eventsOf(stackId, ref, id.marker)
    ]);
    await this.recoverIfAbandoned(stack, events.at(-1)?.id ?? id.marker);
    return observationOf2({ spec, id, stack, resources, events });
  }
  /** Observes until the operation settles, calling `onChange` whenever the observation changes. */
  async watch(spec, stackId, options = {}) {
    const bounds = options.bounds ?? { minMs: 200, maxMs: this.config.pollIntervalMs };
    return watchOperation(() => this.observe(spec, stackId), { ...options, bounds });
  }
  /** Not among `supports`: Heat cannot see whether nodes are Ready. UNKNOWN, as Magnum reports a cluster it cannot poll. */
  async health() {
    return { status: "UNKNOWN", reason: { api: "the heat driver does not check health: that needs the cluster's own API" } };
  }
  created(spec, stack) {
    if (splitStatus(stack.status).action === "DELETE") {
      throw new DriverError("CONFLICT", `Stack ${stack.name} of cluster ${spec.uuid} is being deleted`);
    }
    return { stackId: encodeStackId2({ operation: "create", stackName: stack.name, stackUuid: stack.id, marker: "" }) };
  }
  /**
   * Starts a stack update, or recognises a repeat of the one running. Heat would accept a second
   * update of a stack in progress, but it cancels the first one's nested stacks and fails: refuse.
   */
  async change(spec, stackId, action, patchFor) {
    const previous = this.decode(spec, stackId);
    if (previous.operation === "delete")
      throw new DriverError("CONFLICT", `Cluster ${spec.uuid} is being deleted`);
    const ref = { name: previous.stackName, id: previous.stackUuid };
    const stack = previous.stackUuid === "" ? null : await this.heat.getStack(ref, true);
    if (stack === null)
      throw new DriverError("STACK_NOT_FOUND", `Stack ${previous.stackName} of cluster ${spec.uuid} is not in Heat`);
    const patch = patchFor(stack);
    if (splitStatus(stack.status).state === "IN_PROGRESS") {
      if (previous.operation === action && (action === "rotateCa" || alreadyApplied(patch, stack)))
        return { stackId };
      throw new DriverError("CONFLICT", `Stack ${stack.name} is in ${stack.status}; wait for it to finish`);
    }
    const marker = await this.heat.latestEventId(ref, NESTED_DEPTH);
    await this.heat.patchStack(ref, { ...patch, disable_rollback: true });
    return { stackId: encodeStackId2({ operation: action, stackName: stack.name, stackUuid: stack.id, marker }) };
  }
  // Keystone refuses trusts to application-credential tokens, and Heat makes one per stack it creates.
  explainDelegation(error) {
    if (!(error instanceof OpenStackError) || error.status !== 403)
      return error;
    if (this.config.auth.method !== "applicationCredential")
      return error;
    return new OpenStackError("forbidden", error.service, 403, `${error.reason} (Keystone lets no application credential manage trusts, which per-cluster trusts and Heat's own stack trusts need: configure TURNKEY_OPENSTACK_USERNAME and TURNKEY_OPENSTACK_PASSWORD instead)`);
  }
  templateContext(stack) {
    return { stackName: stack.name, profiles: this.environment.profiles };
  }
  decode(spec, stackId) {
    const id = decodeStackId2(stackId);
    if (id === null)
      throw new DriverError("STACK_NOT_FOUND", `Stack ${stackId.slice(0, 60)} is not a Heat driver stack`);
    if (!ownedBy(id, spec))
      throw new DriverError("STACK_NOT_FOUND", `Stack ${id.stackName} belongs to another cluster`);
    return id;
  }
  async eventsOf(stackId, ref, marker) {
    const known = this.seen.get(stackId) ?? [];
    const fresh = await this.heat.events(ref, known.at(-1)?.id ?? marker, NESTED_DEPTH);
    const events = fresh.length === 0 ? known : [...known, ...fresh];
    this.seen.delete(stackId);
    this.seen.set(stackId, events);
    if (this.seen.size > 200)
      this.seen.delete(this.seen.keys().next().value);
    return events;
  }
  // A Heat restarted mid-operation leaves the stack in progress for good: start a new traversal.
  async recoverIfAbandoned(stack, newestEventId2) {
    const { action, state } = splitStatus(stack.status);
    const activity = this.recovery.activity(stack.id, newestEventId2);
    const abandoned = isAbandoned({
      inProgress: state === "IN_PROGRESS",
      heat: this.recovery.heat,
      activity,
      now: this.now(),
      stallAfterMs: this.config.stallSeconds * 1e3
    });
    if (!abandoned)
      return;
    this.recovery.kicked(stack.id);
    const ref = { name: stack.name, id: stack.id };
    if (action === "DELETE")
      await this.heat.deleteStack(ref);
    else
      await this.heat.patchStack(ref, { parameters: {} });
  }
};
function ownedBy(id, spec) {
  return id.stackName.endsWith(`-${spec.uuid.replace(/-/g, "").slice(0, 8)}`);
}

// dist/orchestration/registry.js
var DriverRegistry = class {
  drivers = /* @__PURE__ */ new Map();
  constructor(drivers = []) {
    for (const driver of drivers)
      this.register(driver);
  }
  register(driver) {
    if (this.drivers.has(driver.name)) {
      throw new DriverError("CONFLICT", `A driver named "${driver.name}" is already registered`);
    }
    this.drivers.set(driver.name, driver);
    return this;
  }
  names() {
    return [...this.drivers.keys()];
  }
  get(name) {
    const driver = this.drivers.get(name);
    if (driver === void 0) {
      const known = this.names().join(", ") || "none";
      throw new DriverError("UNKNOWN_DRIVER", `No driver named "${name}" (available: ${known})`);
    }
    return driver;
  }
  /** The named driver, if it provides the template's COE on its distro and server type. */
  select(name, type) {
    const driver = this.get(name);
    if (!providesClusterType(driver, type)) {
      throw new NotSupportedError(driver.name, "provide", describeClusterType(type));
    }
    return driver;
  }
};
function simulatedFaults(faults) {
  const options = {};
  if (faults.failureRate > 0 || faults.hangRate > 0)
    options.faults = { failureRate: faults.failureRate, hangRate: faults.hangRate };
  if (faults.callFailureRate > 0 || faults.slowRate > 0 && faults.slowMs > 0)
    options.calls = { failureRate: faults.callFailureRate, slowRate: faults.slowRate, slowMs: faults.slowMs };
  return options;
}
function driverOptionsFrom(config, clock) {
  return {
    name: config.driver,
    simulated: { speed: config.simulation.speed, ...config.simulation.seed ? { seed: config.simulation.seed } : {}, ...clock ? { clock } : {}, ...simulatedFaults(config.simulation.faults) },
    heat: config.heat
  };
}
function createDriverRegistry(options) {
  const drivers = [new SimulatedDriver(options.simulated)];
  if (options.heat)
    drivers.push(new HeatDriver({ config: options.heat }));
  return new DriverRegistry(drivers);
}
function driverFromOptions(options) {
  return createDriverRegistry(options).get(options.name);
}
function clusterTypeCheck(driver) {
  return (type) => {
    const wanted = { coe: type.coe, clusterDistro: type.clusterDistro ?? DEFAULT_DISTRO2, serverType: type.serverType };
    if (providesClusterType(driver, wanted))
      return null;
    return `the ${driver.name} driver does not provide ${describeClusterType(wanted)}; it provides ${driver.provides.map((entry) => `${entry.coe} on ${entry.distros.join("/")} (${entry.serverTypes.join("/")})`).join("; ")}`;
  };
}

// dist/pki/ca.js
import forge4 from "node-forge";

// dist/pki/keys.js
import { generateKeyPair, generateKeyPairSync, randomBytes as randomBytes4, sign } from "node:crypto";
import { promisify } from "node:util";
import forge from "node-forge";
var minimumRsaKeyBits = 2048;
var maximumRsaKeyBits = 8192;
function generateRsaKey(bits = minimumRsaKeyBits) {
  requireKeyBits(bits);
  const { privateKey: privateKeyPem } = generateKeyPairSync("rsa", {
    modulusLength: bits,
    publicExponent: 65537,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" }
  });
  return fromPrivateKeyPem(privateKeyPem);
}
var generateKeyPairAsync = promisify(generateKeyPair);
async function generateRsaKeyAsync(bits = minimumRsaKeyBits) {
  requireKeyBits(bits);
  const { privateKey: privateKeyPem } = await generateKeyPairAsync("rsa", {
    modulusLength: bits,
    publicExponent: 65537,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" }
  });
  return fromPrivateKeyPem(privateKeyPem);
}
function requireKeyBits(bits) {
  if (!Number.isInteger(bits) || bits < minimumRsaKeyBits || bits > maximumRsaKeyBits) {
    throw new RangeError(`RSA key size must be a whole number of bits from ${minimumRsaKeyBits} to ${maximumRsaKeyBits}, got ${bits}`);
  }
}
function fromPrivateKeyPem(privateKeyPem) {
  const privateKey = forge.pki.privateKeyFromPem(privateKeyPem);
  const publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  return { privateKey, publicKey, privateKeyPem };
}
function randomSerialNumber() {
  const bytes = randomBytes4(16);
  bytes.writeUInt8(bytes.readUInt8(0) & 127 | 64, 0);
  return bytes.toString("hex");
}
function keysMatch(publicKey, privateKey) {
  return publicKey.n.equals(privateKey.n) && publicKey.e.equals(privateKey.e);
}
function signCertificate(certificate, privateKeyPem) {
  const mutable = certificate;
  const oid = forge.pki.oids.sha256WithRSAEncryption;
  mutable.signatureOid = oid;
  mutable.siginfo.algorithmOid = oid;
  mutable.md = forge.md.sha256.create();
  mutable.tbsCertificate = forge.pki.getTBSCertificate(certificate);
  const toBeSigned = Buffer.from(forge.asn1.toDer(mutable.tbsCertificate).getBytes(), "binary");
  mutable.signature = sign("sha256", toBeSigned, privateKeyPem).toString("binary");
}

// dist/pki/names.js
import forge2 from "node-forge";
var utf8StringTag = forge2.asn1.Type.UTF8;
var bmpStringTag = forge2.asn1.Type.BMPSTRING;
var strictUtf8 = new TextDecoder("utf-8", { fatal: true });
function subjectAttributes({ commonName, organizations = [] }) {
  requireText("common name", commonName);
  organizations.forEach((organization) => requireText("organization", organization));
  const field = (shortName, value) => ({
    shortName,
    value,
    valueTagClass: utf8StringTag
  });
  return [...organizations.map((organization) => field("O", organization)), field("CN", commonName)];
}
function attributeText(field) {
  const raw = typeof field.value === "string" ? field.value : "";
  const bytes = Buffer.from(raw, "latin1");
  switch (field.valueTagClass) {
    case utf8StringTag:
      return strictUtf8.decode(bytes);
    case bmpStringTag:
      return Buffer.from(bytes).swap16().toString("utf16le");
    default:
      return raw;
  }
}
function attributeValues(fields, shortName) {
  return fields.filter((field) => field.shortName === shortName).map(attributeText);
}
function rewritableAttributes(fields) {
  return fields.map((field) => ({
    type: field.type,
    valueTagClass: field.valueTagClass,
    value: field.valueTagClass === utf8StringTag ? attributeText(field) : field.value
  }));
}
var rfc4514Keywords = /* @__PURE__ */ new Set(["CN", "L", "ST", "O", "OU", "C", "STREET", "DC", "UID"]);
function distinguishedNameText(fields) {
  return [...fields].reverse().map((field) => {
    const shortName = field.shortName ?? "";
    const keyword = rfc4514Keywords.has(shortName) ? shortName : field.name ?? field.type ?? "";
    return `${keyword}=${escapeValue(attributeText(field))}`;
  }).join(",");
}
function escapeValue(value) {
  return value.replace(/[\\"+,;<>]/g, (character) => `\\${character}`).replace(/\0/g, "\\00").replace(/^[ #]/, (character) => `\\${character}`).replace(/ $/, "\\ ");
}
function requireText(label2, value) {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`${label2} must be a non-empty string`);
  }
}

// dist/pki/pem.js
import forge3 from "node-forge";
function decodePemBlocks(text16) {
  if (typeof text16 !== "string") {
    throw new Error("PEM input must be a string");
  }
  if (!text16.includes("-----BEGIN ")) {
    throw new Error("input contains no PEM block");
  }
  let messages;
  try {
    messages = forge3.pem.decode(text16);
  } catch {
    throw new Error("input is not valid PEM");
  }
  return messages.map((message) => {
    if (message.procType) {
      throw new Error(`PEM block ${message.type} is encrypted; only plain PEM is accepted`);
    }
    return { type: message.type, der: message.body };
  });
}
function decodeSinglePemBlock(text16, acceptedTypes) {
  const blocks = decodePemBlocks(text16);
  const [block] = blocks;
  if (blocks.length !== 1 || block === void 0) {
    throw new Error(`expected one PEM block, found ${blocks.length}`);
  }
  if (!acceptedTypes.includes(block.type)) {
    throw new Error(`expected a PEM block of type ${acceptedTypes.join(" or ")}, found ${block.type}`);
  }
  return block;
}
function encodePem(block) {
  return forge3.pem.encode({ type: block.type, body: block.der }).replace(/\r\n/g, "\n");
}
function certificateToPem(certificate) {
  return forge3.pki.certificateToPem(certificate).replace(/\r\n/g, "\n");
}

// dist/pki/validity.js
var clockSkewAllowanceSeconds = 5 * 60;
function validityWindow(now, lifetimeSeconds) {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new TypeError("now must be a valid Date");
  }
  if (!Number.isFinite(lifetimeSeconds) || lifetimeSeconds <= 0) {
    throw new RangeError(`certificate lifetime must be a positive number of seconds, got ${lifetimeSeconds}`);
  }
  const nowSeconds = Math.floor(now.getTime() / 1e3);
  return {
    notBefore: new Date((nowSeconds - clockSkewAllowanceSeconds) * 1e3),
    notAfter: new Date((nowSeconds + Math.floor(lifetimeSeconds)) * 1e3)
  };
}

// dist/pki/ca.js
var secondsPerDay = 24 * 60 * 60;
function createCertificateAuthority({ commonName, keyBits = minimumRsaKeyBits, validityDays = 5 * 365, now, key: givenKey }) {
  const name = subjectAttributes({ commonName });
  const { notBefore, notAfter } = validityWindow(now, validityDays * secondsPerDay);
  const key = givenKey ?? generateRsaKey(keyBits);
  const certificate = forge4.pki.createCertificate();
  certificate.publicKey = key.publicKey;
  certificate.serialNumber = randomSerialNumber();
  certificate.validity.notBefore = notBefore;
  certificate.validity.notAfter = notAfter;
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.setExtensions([
    // pathLen 0: this CA signs end-entity certificates only, never another CA.
    { name: "basicConstraints", critical: true, cA: true, pathLenConstraint: 0 },
    { name: "keyUsage", critical: true, keyCertSign: true, cRLSign: true },
    // Issued certificates name this identifier in their authorityKeyIdentifier, which is how
    // a verifier tells the old and the new CA apart during rotation: both share a subject.
    { name: "subjectKeyIdentifier" }
  ]);
  signCertificate(certificate, key.privateKeyPem);
  return { certificatePem: certificateToPem(certificate), privateKeyPem: key.privateKeyPem };
}

// dist/pki/csr.js
import forge5 from "node-forge";
var CsrRejectedError = class extends Error {
  name = "CsrRejectedError";
  reason;
  constructor(reason, message) {
    super(message);
    this.reason = reason;
  }
};
var oids = {
  rsaEncryption: "1.2.840.113549.1.1.1",
  extensionRequest: "1.2.840.113549.1.9.14",
  basicConstraints: "2.5.29.19"
};
var keyTypeNames = {
  "1.2.840.10045.2.1": "EC",
  "1.3.101.112": "Ed25519",
  "1.3.101.113": "Ed448",
  "1.2.840.10040.4.1": "DSA",
  "1.2.840.113549.1.1.10": "RSA-PSS"
};
var understoodCriticalExtensions = /* @__PURE__ */ new Set([
  oids.basicConstraints,
  "2.5.29.15",
  // keyUsage
  "2.5.29.37",
  // extKeyUsage
  "2.5.29.17",
  // subjectAltName
  "2.5.29.14"
  // subjectKeyIdentifier
]);
function inspectCsr(pem) {
  const request = parseDer(pem);
  refuseKeyType(request);
  const csr = parseRequest(request);
  refuseBadSignature(csr);
  const publicKey = csr.publicKey;
  const publicKeyBits = publicKey.n.bitLength();
  if (publicKeyBits < minimumRsaKeyBits) {
    throw new CsrRejectedError("KEY_TOO_SMALL", `CSR key is ${publicKeyBits}-bit RSA; at least ${minimumRsaKeyBits} bits are required`);
  }
  refuseExtensions(csr);
  const subject = readSubject(csr);
  return { subject, publicKey, publicKeyBits };
}
function parseDer(pem) {
  try {
    const block = decodeSinglePemBlock(pem, ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"]);
    return forge5.asn1.fromDer(block.der);
  } catch (error) {
    throw new CsrRejectedError("BAD_PEM", `CSR is not a PEM-encoded PKCS#10 request: ${messageOf(error)}`);
  }
}
function refuseKeyType(request) {
  const oidNode = child(child(child(child(request, 0), 2), 0), 0);
  if (oidNode?.type !== forge5.asn1.Type.OID || typeof oidNode.value !== "string") {
    throw new CsrRejectedError("BAD_PEM", "CSR has no readable subject public key algorithm");
  }
  const oid = forge5.asn1.derToOid(oidNode.value);
  if (oid !== oids.rsaEncryption) {
    const keyType = keyTypeNames[oid] ?? "unrecognised";
    throw new CsrRejectedError("KEY_TYPE", `CSR key is ${keyType} (OID ${oid}); only RSA keys are accepted`);
  }
}
function parseRequest(request) {
  try {
    return forge5.pki.certificationRequestFromAsn1(request, false);
  } catch (error) {
    throw new CsrRejectedError("BAD_PEM", `CSR is not a valid PKCS#10 request: ${messageOf(error)}`);
  }
}
function refuseBadSignature(csr) {
  let verified = false;
  try {
    verified = csr.verify();
  } catch {
  }
  if (!verified) {
    throw new CsrRejectedError("BAD_SIGNATURE", "CSR signature does not verify against its own public key; the request was altered or the key is not held by the requester");
  }
}
function refuseExtensions(csr) {
  const extensions = csr.attributes.filter((attribute) => attribute.type === oids.extensionRequest).flatMap((attribute) => attribute.extensions ?? []);
  for (const extension of extensions) {
    if (extension.id === oids.basicConstraints && extension.cA === true) {
      throw new CsrRejectedError("CA_REQUESTED", "CSR asks for a CA certificate (basicConstraints cA=true); only client certificates are issued");
    }
    if (extension.critical && !understoodCriticalExtensions.has(extension.id)) {
      throw new CsrRejectedError("UNKNOWN_CRITICAL_EXTENSION", `CSR requests critical extension ${extension.id}, which this issuer does not understand`);
    }
  }
}
function readSubject(csr) {
  try {
    return {
      commonName: attributeValues(csr.subject.attributes, "CN")[0] ?? null,
      organizations: attributeValues(csr.subject.attributes, "O")
    };
  } catch {
    throw new CsrRejectedError("BAD_PEM", "CSR subject contains text that is not valid in its declared encoding");
  }
}
function child(node, index10) {
  return node !== void 0 && Array.isArray(node.value) ? node.value[index10] : void 0;
}
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

// dist/pki/sign.js
import forge6 from "node-forge";
function signClientCertificate({ csr, ...options }) {
  return signClientKey(csr.publicKey, options);
}
function issueClientKeyAndCertificate({ keyBits = minimumRsaKeyBits, key, ...options }) {
  key ??= generateRsaKey(keyBits);
  return { certificatePem: signClientKey(key.publicKey, options), privateKeyPem: key.privateKeyPem };
}
function signClientKey(publicKey, options) {
  const authority = loadAuthority(options.caCertificatePem, options.caPrivateKeyPem);
  const subject = subjectAttributes({ commonName: options.commonName, organizations: options.organizations });
  const window = validityWindow(options.now, options.validitySeconds);
  const authorityNotAfter = authority.certificate.validity.notAfter;
  if (authorityNotAfter.getTime() <= options.now.getTime()) {
    throw new Error(`the CA expired at ${authorityNotAfter.toISOString()}; rotate it before issuing certificates`);
  }
  const certificate = forge6.pki.createCertificate();
  certificate.publicKey = publicKey;
  certificate.serialNumber = randomSerialNumber();
  certificate.validity.notBefore = window.notBefore;
  certificate.validity.notAfter = window.notAfter < authorityNotAfter ? window.notAfter : authorityNotAfter;
  certificate.setSubject(subject);
  certificate.setIssuer(rewritableAttributes(authority.certificate.subject.attributes));
  certificate.setExtensions([
    { name: "basicConstraints", critical: true, cA: false },
    { name: "keyUsage", critical: true, digitalSignature: true, keyEncipherment: true },
    { name: "extKeyUsage", clientAuth: true },
    { name: "subjectKeyIdentifier" },
    // forge's `keyIdentifier: true` would hash this certificate's own key; the identifier
    // must be the CA's, so that verifiers pick the right CA when old and new share a name.
    { name: "authorityKeyIdentifier", keyIdentifier: authority.keyIdentifier }
  ]);
  signCertificate(certificate, authority.privateKeyPem);
  return certificateToPem(certificate);
}
function loadAuthority(certificatePem, privateKeyPem) {
  const block = decodeSinglePemBlock(certificatePem, ["CERTIFICATE"]);
  const certificate = forge6.pki.certificateFromAsn1(forge6.asn1.fromDer(block.der));
  const basicConstraints = certificate.getExtension("basicConstraints");
  if (basicConstraints?.cA !== true) {
    throw new Error("the issuing certificate is not a certificate authority");
  }
  let privateKey;
  try {
    privateKey = forge6.pki.privateKeyFromPem(privateKeyPem);
  } catch {
    throw new Error("the CA private key is not a readable RSA private key PEM");
  }
  if (!keysMatch(certificate.publicKey, privateKey)) {
    throw new Error("the CA private key does not belong to the CA certificate");
  }
  const subjectKeyIdentifier = certificate.getExtension("subjectKeyIdentifier");
  const keyIdentifier = subjectKeyIdentifier?.subjectKeyIdentifier !== void 0 ? forge6.util.hexToBytes(subjectKeyIdentifier.subjectKeyIdentifier) : certificate.generateSubjectKeyIdentifier().getBytes();
  return { certificate, privateKey, privateKeyPem, keyIdentifier };
}

// dist/pki/describe.js
import { createHash as createHash6 } from "node:crypto";
import forge7 from "node-forge";
function describeCertificate(pem) {
  const block = decodeSinglePemBlock(pem, ["CERTIFICATE"]);
  const certificate = forge7.pki.certificateFromAsn1(forge7.asn1.fromDer(block.der));
  const basicConstraints = certificate.getExtension("basicConstraints");
  const digest = createHash6("sha256").update(Buffer.from(block.der, "binary")).digest("hex");
  return {
    pem: encodePem(block),
    subject: distinguishedNameText(certificate.subject.attributes),
    issuer: distinguishedNameText(certificate.issuer.attributes),
    serialNumber: certificate.serialNumber.toUpperCase(),
    notBefore: certificate.validity.notBefore,
    notAfter: certificate.validity.notAfter,
    fingerprintSha256: digest.toUpperCase().match(/../g)?.join(":") ?? "",
    isCertificateAuthority: basicConstraints?.cA === true
  };
}

// dist/pki/secrets.js
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes as randomBytes5 } from "node:crypto";
var SecretDecryptionError = class extends Error {
  name = "SecretDecryptionError";
};
var version = "v1";
var derivationInfo = "turnkey secret encryption v1";
var minimumSecretKeyLength = 32;
var saltBytes = 16;
var ivBytes = 12;
var tagBytes = 16;
var base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;
function encryptSecret(plaintext, secretKey) {
  const salt = randomBytes5(saltBytes);
  const iv = randomBytes5(ivBytes);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(secretKey, salt), iv, { authTagLength: tagBytes });
  cipher.setAAD(Buffer.from(version));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [version, salt, iv, cipher.getAuthTag(), ciphertext].map((part) => typeof part === "string" ? part : part.toString("base64")).join(":");
}
function decryptSecret(blob, secretKey) {
  const [salt, iv, tag2, ciphertext] = parseBlob(blob);
  const decipher = createDecipheriv("aes-256-gcm", deriveKey(secretKey, salt), iv, { authTagLength: tagBytes });
  decipher.setAAD(Buffer.from(version));
  decipher.setAuthTag(tag2);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError("encrypted secret failed authentication: it was altered, or it was encrypted under a different secret key");
  }
}
function deriveKey(secretKey, salt) {
  if (typeof secretKey !== "string" || secretKey.length < minimumSecretKeyLength) {
    throw new RangeError(`the secret key must be at least ${minimumSecretKeyLength} characters of random data`);
  }
  return Buffer.from(hkdfSync("sha256", secretKey, salt, derivationInfo, 32));
}
function parseBlob(blob) {
  const parts = typeof blob === "string" ? blob.split(":") : [];
  const [label2, ...encoded] = parts;
  if (label2 !== version) {
    throw new SecretDecryptionError(`encrypted secret has unknown format version ${JSON.stringify(label2 ?? "")}, expected ${version}`);
  }
  if (encoded.length !== 4 || !encoded.every((part) => base64Pattern.test(part))) {
    throw new SecretDecryptionError("encrypted secret is malformed: expected v1:<salt>:<iv>:<tag>:<ciphertext> in base64");
  }
  const [salt, iv, tag2, ciphertext] = encoded.map((part) => Buffer.from(part, "base64"));
  if (salt.length !== saltBytes || iv.length !== ivBytes || tag2.length !== tagBytes) {
    throw new SecretDecryptionError("encrypted secret is malformed: salt, IV or tag has the wrong length");
  }
  return [salt, iv, tag2, ciphertext];
}

// dist/pki/kubeconfig.js
function renderKubeconfig(options) {
  const { clusterName, server, caBundlePem, userName, clientCertificatePem, clientKeyPem, clientKeyPath } = options;
  requireText2("cluster name", clusterName);
  requireText2("user name", userName);
  requireServerUrl(server);
  if (clientKeyPem !== void 0 && clientKeyPath !== void 0) {
    throw new TypeError("give the client key as PEM or as a path, not both");
  }
  const clientKey = clientKeyPem ?? clientKeyPath;
  if (clientCertificatePem === void 0 !== (clientKey === void 0)) {
    throw new TypeError("client certificate and client key must be given together");
  }
  if (clientKeyPath !== void 0) {
    requireText2("client key path", clientKeyPath);
  }
  if (caBundlePem !== null) {
    requireText2("CA bundle", caBundlePem);
  }
  const contextName = `${userName}@${clusterName}`;
  const cluster = [`    server: ${quote(server)}`];
  if (caBundlePem !== null) {
    cluster.push(`    certificate-authority-data: ${base64(caBundlePem)}`);
  }
  const user = clientCertificatePem !== void 0 && clientKey !== void 0 ? [
    "  user:",
    `    client-certificate-data: ${base64(clientCertificatePem)}`,
    clientKeyPem !== void 0 ? `    client-key-data: ${base64(clientKeyPem)}` : `    client-key: ${quote(clientKey)}`
  ] : ["  user: {}"];
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `- name: ${quote(clusterName)}`,
    "  cluster:",
    ...cluster,
    "users:",
    `- name: ${quote(userName)}`,
    ...user,
    "contexts:",
    `- name: ${quote(contextName)}`,
    "  context:",
    `    cluster: ${quote(clusterName)}`,
    `    user: ${quote(userName)}`,
    `current-context: ${quote(contextName)}`,
    "preferences: {}",
    ""
  ].join("\n");
}
function quote(value) {
  return JSON.stringify(value);
}
function base64(pem) {
  return Buffer.from(pem, "utf8").toString("base64");
}
function requireText2(label2, value) {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`${label2} must be a non-empty string`);
  }
}
function requireServerUrl(server) {
  let url;
  try {
    url = new URL(server);
  } catch {
    url = void 0;
  }
  if (url === void 0 || url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`server must be an http or https URL, got ${JSON.stringify(server)}`);
  }
}

// dist/pki/bundle.js
function bundleCertificateAuthorities(certificatePems) {
  const seen = /* @__PURE__ */ new Set();
  const parts = [];
  for (const pem of certificatePems) {
    for (const block of decodePemBlocks(pem)) {
      if (block.type !== "CERTIFICATE") {
        throw new Error(`a CA bundle holds certificates only, found a ${block.type} block`);
      }
      const blockPem = encodePem(block);
      const description = describeCertificate(blockPem);
      if (!description.isCertificateAuthority) {
        throw new Error(`certificate ${description.subject} is not a CA and cannot join a CA bundle`);
      }
      if (!seen.has(description.fingerprintSha256)) {
        seen.add(description.fingerprintSha256);
        parts.push(blockPem);
      }
    }
  }
  if (parts.length === 0) {
    throw new Error("a CA bundle needs at least one certificate");
  }
  return parts.join("");
}

// dist/pki/key-pool.js
var RsaKeyPool = class {
  target;
  ready = /* @__PURE__ */ new Map();
  refilling = /* @__PURE__ */ new Set();
  constructor(target) {
    this.target = target;
  }
  /** Sets how many keys per size to keep ready (0 turns the pool off); the configuration calls it at start-up. */
  resize(target) {
    this.target = target;
    for (const keys of this.ready.values())
      keys.splice(target);
  }
  async take(bits) {
    const key = this.ready.get(bits)?.pop();
    this.refill(bits);
    return key ?? generateRsaKeyAsync(bits);
  }
  /** Keys of this size ready now. */
  available(bits) {
    return this.ready.get(bits)?.length ?? 0;
  }
  /** Fills the pool for a size now (at start-up), without waiting. */
  warm(bits) {
    this.refill(bits);
  }
  refill(bits) {
    if (this.target <= 0 || this.refilling.has(bits))
      return;
    this.refilling.add(bits);
    const next = async () => {
      const keys = this.ready.get(bits) ?? [];
      this.ready.set(bits, keys);
      if (keys.length >= this.target)
        return;
      keys.push(await generateRsaKeyAsync(bits));
      return next();
    };
    next().catch(() => void 0).finally(() => this.refilling.delete(bits));
  }
};
var DEFAULT_KEY_POOL_SIZE = 6;
var rsaKeys = new RsaKeyPool(DEFAULT_KEY_POOL_SIZE);

// dist/domain/certificates/certificates.js
var CERTIFICATE_KINDS = ["KUBERNETES", "ETCD", "FRONT_PROXY"];
var CERTIFICATE_STATES = ["ACTIVE", "PENDING", "RETIRING"];
function kindsFor(coe) {
  return coe === "KUBERNETES" ? CERTIFICATE_KINDS : [];
}
function authorityCommonName(clusterName, kind) {
  switch (kind) {
    case "KUBERNETES":
      return clusterName;
    case "ETCD":
      return `${clusterName} etcd`;
    case "FRONT_PROXY":
      return `${clusterName} front-proxy`;
  }
}
function newestFirst(rows) {
  return [...rows].sort((left, right) => right.generation - left.generation);
}
function signingAuthority(rows, kind) {
  return newestFirst(rows.filter((row) => row.kind === kind && row.state === "ACTIVE"))[0];
}
function trustedAuthorities(rows, kind) {
  return newestFirst(rows.filter((row) => row.kind === kind && (row.state === "ACTIVE" || row.state === "RETIRING")));
}

// dist/domain/certificates/certificates-authorities.js
async function prepareAuthorities(options, clusterName, kinds, now) {
  const keys = await Promise.all(kinds.map(() => rsaKeys.take(options.caKeyBits)));
  return kinds.map((kind, index10) => {
    const authority = createCertificateAuthority({ commonName: authorityCommonName(clusterName, kind), key: keys[index10], validityDays: options.caValidityDays, now });
    const { pem, serialNumber, fingerprintSha256, notBefore, notAfter } = describeCertificate(authority.certificatePem);
    return { kind, pem, encryptedPrivateKey: encryptSecret(authority.privateKeyPem, options.secretKey), serialNumber, fingerprintSha256, notBefore, notAfter };
  });
}

// dist/orchestration/hooks/certificates.js
function wantedKinds(spec) {
  return spec.tlsDisabled ? [] : kindsFor(spec.coe);
}
function requirePrepared(prepared) {
  if (!prepared)
    throw new Error("a certificates hook ran without its beforeSubmit step");
  return prepared;
}
function certificatesHook(options) {
  return {
    name: "certificates",
    appliesTo: (type) => type === "CLUSTER_CREATE",
    beforeSubmit: ({ cluster, spec }) => prepareAuthorities(options, cluster.name, wantedKinds(spec), /* @__PURE__ */ new Date()),
    async afterSubmit(transaction, { cluster, prepared }) {
      const present = await kindsPresent(transaction, cluster.id);
      const missing2 = requirePrepared(prepared).filter((authority) => !present.has(authority.kind));
      await insertAuthorities(transaction, cluster, missing2, { generation: 1, state: "ACTIVE", now: /* @__PURE__ */ new Date() });
    }
  };
}
function rotates(request) {
  return request.type === "CLUSTER_CA_ROTATE" && request.spec.phase === "ROTATE";
}
function caRotationHook(options) {
  return {
    name: "certificate-rotation",
    appliesTo: (type) => type === "CLUSTER_CA_ROTATE" || type === "CLUSTER_DELETE",
    beforeSubmit: async ({ request, cluster, spec }) => rotates(request) ? prepareAuthorities(options, cluster.name, wantedKinds(spec), /* @__PURE__ */ new Date()) : [],
    async afterSubmit(transaction, { request, cluster, prepared }) {
      await discardPendingAuthorities(transaction, cluster.id);
      if (!rotates(request))
        return;
      const generation = await nextGeneration(transaction, cluster.id);
      await insertAuthorities(transaction, cluster, requirePrepared(prepared), { generation, state: "PENDING", now: /* @__PURE__ */ new Date() });
    },
    async afterComplete(transaction, { request, cluster, failed }) {
      if (request.type !== "CLUSTER_CA_ROTATE")
        return;
      if (rotates(request)) {
        await (failed ? discardPendingAuthorities(transaction, cluster.id) : promotePendingAuthorities(transaction, cluster.id, /* @__PURE__ */ new Date()));
      } else if (!failed) {
        await removeRetiringAuthorities(transaction, cluster.id);
      }
    }
  };
}
function certificateHooks(options) {
  return [certificatesHook(options), caRotationHook(options)];
}

// dist/orchestration/hooks/trusts.js
import { eq as eq16 } from "drizzle-orm";
function trustHook(driver, secretKey) {
  const trusts = driver.trusts;
  if (!trusts)
    return null;
  return {
    name: "trust",
    appliesTo: (type) => type === "CLUSTER_CREATE",
    beforeSubmit: async ({ cluster, spec }) => {
      const stored = cluster.trustCredentials ? JSON.parse(decryptSecret(cluster.trustCredentials, secretKey)) : null;
      return trusts.prepare(spec, stored);
    },
    async afterSubmit(transaction, { cluster, prepared }) {
      if (prepared === void 0)
        return;
      const trustCredentials = prepared ? encryptSecret(JSON.stringify(prepared), secretKey) : null;
      await transaction.update(clusters).set({ trustCredentials }).where(eq16(clusters.id, cluster.id));
    }
  };
}

// dist/orchestration/hooks/index.js
function defaultOperationHooks(options) {
  const trust = trustHook(options.driver, options.secretKey);
  return [...certificateHooks(options.certificates), ...trust ? [trust] : []];
}

// dist/periodic-tasks.js
var PeriodicTask = class {
  options;
  timer = null;
  running = null;
  stopping = new AbortController();
  constructor(options) {
    this.options = options;
  }
  get name() {
    return this.options.name;
  }
  start() {
    if (this.stopping.signal.aborted || this.timer !== null || this.running !== null)
      return;
    this.schedule(this.options.firstAfterMs ?? this.options.intervalMs);
  }
  /** Stops scheduling, tells a round in progress, and waits for it. */
  async stop() {
    this.stopping.abort();
    if (this.timer)
      clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
  schedule(delayMs) {
    this.timer = setTimeout(() => this.runRound(), delayMs).unref();
  }
  runRound() {
    this.timer = null;
    if (this.stopping.signal.aborted)
      return;
    this.running = this.options.round(this.stopping.signal).then(() => void 0).catch((error) => this.options.onError(error)).finally(() => {
      this.running = null;
      if (!this.stopping.signal.aborted)
        this.schedule(this.options.intervalMs);
    });
  }
};
var PeriodicTasks = class {
  tasks = /* @__PURE__ */ new Map();
  started = false;
  add(options) {
    if (this.tasks.has(options.name))
      throw new Error(`a periodic task named "${options.name}" is already registered`);
    const task = new PeriodicTask(options);
    this.tasks.set(options.name, task);
    if (this.started)
      task.start();
    return this;
  }
  names() {
    return [...this.tasks.keys()];
  }
  start() {
    this.started = true;
    for (const task of this.tasks.values())
      task.start();
  }
  /** Stops every task and waits for the rounds in progress. */
  async stop() {
    this.started = false;
    await Promise.all([...this.tasks.values()].map((task) => task.stop()));
  }
};

// dist/readiness.js
var PROBE_TIMEOUT_MS = 2e3;
var READINESS_PROBE_INTERVAL_MS = 1e3;
var ReadinessProbe = class {
  database;
  logger;
  // openDatabase migrated and connected before this is built.
  answer = true;
  constructor(database, logger) {
    this.database = database;
    this.logger = logger;
  }
  /** The last probe's answer (at most a second old). */
  get ready() {
    return this.answer;
  }
  /** One probe: the database answers a ping within PROBE_TIMEOUT_MS. */
  async probe() {
    let timer;
    const timedOut = new Promise((resolve2) => timer = setTimeout(() => resolve2(false), PROBE_TIMEOUT_MS));
    const answer = await Promise.race([this.database.ping(), timedOut]);
    clearTimeout(timer);
    if (answer !== this.answer)
      this.logger.warn({ ready: answer }, "readiness changed");
    this.answer = answer;
  }
};

// dist/app.js
async function buildApp(config, logger, dependencies = {}) {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const statements = new Counter2({ name: "turnkey_sql_statements_total", help: "SQL statements executed", registers: [metrics] });
  const secrets = resolveSecrets(config);
  const certificates2 = { ...config.certificates, secretKey: secrets.secretKey };
  const database = await openDatabase(config.database, () => statements.inc(), { statementTimeoutMs: config.statementTimeoutMs, connections: config.databaseConnections });
  const homeProjectId = await ensureHomeProject(database.db);
  const clock = dependencies.clock ?? SYSTEM_CLOCK;
  const driver = dependencies.driver ?? driverFromOptions(driverOptionsFrom(config, dependencies.clock));
  const afterCommit = new PostCommitWaker();
  const bus = new EventBus({ ...database, db: database.background }, { onError: (error) => logger.error({ err: error }, "reading the event log failed"), heartbeatMs: config.events.heartbeatMs });
  registerEventBusMetrics(metrics, bus);
  afterCommit.wakes(bus);
  const reconciler = new Reconciler({
    db: database.background,
    driver,
    workerId: config.reconciler.workerId ?? `${hostname()}:${process.pid}:${randomUUID4().slice(0, 8)}`,
    leaseMs: config.reconciler.leaseMs,
    intervalMs: config.reconciler.intervalMs,
    concurrency: config.reconciler.concurrency,
    exclusive: database.kind === "pglite",
    eventsCommitted: afterCommit.eventsCommitted,
    logger,
    hooks: defaultOperationHooks({ certificates: certificates2, driver, secretKey: secrets.secretKey }),
    clock
  });
  afterCommit.wakes(reconciler);
  const health = new HealthMonitor({ db: database.background, driver, batchSize: 500, eventsCommitted: afterCommit.eventsCommitted });
  const autopilot = new Autopilot({ db: database.background, driver, eventsCommitted: afterCommit.eventsCommitted, logger });
  const caRetirement = new CaRetirementTask({ db: database.background, graceSeconds: certificates2.rotationGraceSeconds, eventsCommitted: afterCommit.eventsCommitted, logger });
  const retention = new EventRetention({
    db: database.background,
    retentionMs: config.events.retentionMs,
    onPruned: (deleted) => logger.info({ deleted }, "pruned cluster events past retention")
  });
  const lastUse = new LastUseRecorder(database.background, (error) => logger.warn({ err: error }, "recording token use failed"));
  const tokenCache = new TokenCache(database.db, { cacheMs: config.tokens.cacheMs }, lastUse);
  const identityChanges = new IdentityChanges().onChange((userId) => tokenCache.forget(userId ?? void 0));
  const builtIn = new BuiltInIdentityProvider(secrets.adminToken, homeProjectId, tokenCache);
  const identity = config.identity.provider === "builtin" ? builtIn : new ChainedIdentityProvider([builtIn, new KeystoneIdentityProvider(database.db, config.identity)]);
  const authenticator = new Authenticator(identity);
  const requestContexts = new RequestContextFactory({
    db: database.db,
    homeProjectId,
    policy: { ciliumEnabled: config.ciliumEnabled },
    eventsCommitted: afterCommit.eventsCommitted,
    identityChanged: identityChanges.changed,
    unsupportedClusterType: clusterTypeCheck(driver),
    bus,
    subscriptionBuffer: config.subscriptionBuffer,
    certificates: certificates2
  });
  const rateLimits2 = new RateLimits(config.rateLimits, database, logger);
  const readiness = new ReadinessProbe(database, logger);
  const tasks = new PeriodicTasks().add({ name: "health-monitor", intervalMs: config.healthIntervalMs, round: () => health.checkAll(), onError: (error) => logger.warn({ err: error }, "health round failed") }).add({ name: "autopilot", intervalMs: config.autopilotIntervalMs, round: () => autopilot.round(), onError: (error) => logger.warn({ err: error }, "autopilot round failed") }).add({ name: "ca-retirement", intervalMs: certificates2.retirementIntervalMs, round: () => caRetirement.retireDue(), onError: (error) => logger.warn({ err: error }, "retiring previous CAs failed; trying again next round") }).add({ name: "event-retention", intervalMs: config.events.pruneIntervalMs, firstAfterMs: Math.min(config.events.pruneIntervalMs, 5e3), round: (signal) => retention.pruneNow(signal), onError: (error) => logger.error({ err: error }, "pruning the event log failed") }).add({ name: "token-last-use", intervalMs: config.tokens.lastUsedFlushMs, round: () => lastUse.flush(), onError: (error) => logger.warn({ err: error }, "recording token use failed") }).add({ name: "readiness-probe", intervalMs: READINESS_PROBE_INTERVAL_MS, round: () => readiness.probe(), onError: (error) => logger.warn({ err: error }, "readiness probe failed") });
  observeLifecycle({ registry: metrics, logger, bus, database, poolSize: database.kind === "postgres" ? config.databaseConnections.requests + config.databaseConnections.background : 1 });
  let stopIdentityListener = null;
  let stopping;
  return {
    config,
    logger,
    metrics,
    secrets,
    certificates: certificates2,
    database,
    homeProjectId,
    clock,
    driver,
    afterCommit,
    bus,
    reconciler,
    health,
    autopilot,
    caRetirement,
    retention,
    lastUse,
    tokenCache,
    identityChanges,
    authenticator,
    requestContexts,
    rateLimits: rateLimits2,
    readiness,
    tasks,
    async start() {
      await bus.start();
      bus.add({ push: (event) => (event.type === "STATUS_CHANGED" && event.status?.endsWith("_IN_PROGRESS") && reconciler.wake(), true), overflow: () => void 0 });
      stopIdentityListener = await listenForIdentityChanges(database, identityChanges.changed);
      await reconciler.start();
      tasks.start();
    },
    stop() {
      stopping ??= (async () => {
        await stopIdentityListener?.().catch(() => void 0);
        logger.debug("closing: periodic tasks");
        await tasks.stop();
        logger.debug("closing: reconciler");
        await reconciler.stop(true);
        logger.debug("closing: event bus");
        await bus.close();
        await lastUse.close();
        await rateLimits2.close();
        logger.debug("closing: database");
        await database.close();
      })();
      return stopping;
    }
  };
}

// dist/graphql/errors.js
import { GraphQLError as GraphQLError4 } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
var withoutSuggestions = (message) => message.replace(/ Did you mean .+\?$/, "");
function withoutHttp(extensions) {
  const { http: _http, ...rest } = extensions;
  return rest;
}
var TOP_LEVEL_CODES = /* @__PURE__ */ new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "GRAPHQL_VALIDATION_FAILED",
  "GRAPHQL_PARSE_FAILED",
  "QUERY_TOO_COMPLEX",
  "RATE_LIMITED",
  "INTERNAL_SERVER_ERROR",
  "CURSOR_EXPIRED",
  "NOT_SUPPORTED",
  "INVALID_STATE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "BAD_REQUEST",
  "DEADLINE_EXCEEDED"
]);
function topLevelError(code, message, extra = {}) {
  return new GraphQLError4(message, { extensions: { code, ...extra } });
}
var notFoundError = (what, field = []) => topLevelError("NOT_FOUND", noSuch(what), field.length ? { field } : {});
async function asPayload(work) {
  try {
    return { ...await work(), userErrors: [] };
  } catch (thrown) {
    const error = toRefusal(thrown);
    if (error instanceof DomainError)
      return { userErrors: error.problems.map(toUserError) };
    throw error;
  }
}
function toUserError(problem2) {
  return { code: problem2.code, field: problem2.field, message: problem2.message, limit: problem2.limit ?? null, used: problem2.used ?? null };
}
function formatError(onUnexpected, options = { fieldSuggestions: false }) {
  return (formatted, error) => {
    const original = toRefusal(unwrapResolverError(error));
    if (formatted.extensions?.code === "GRAPHQL_PARSE_FAILED" && original instanceof GraphQLError4) {
      const limited = tokenLimitError(original);
      if (limited)
        return { message: limited.message, extensions: withoutHttp(limited.extensions) };
    }
    if (!options.fieldSuggestions && formatted.extensions?.code === "GRAPHQL_VALIDATION_FAILED")
      formatted = { ...formatted, message: withoutSuggestions(formatted.message) };
    if (original instanceof DomainError) {
      const first = original.problems[0];
      return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code: original.code, field: first?.field ?? [] } };
    }
    if (original instanceof UnauthenticatedError) {
      return { message: original.message, extensions: { code: "UNAUTHENTICATED" } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && TOP_LEVEL_CODES.has(code) && code !== "INTERNAL_SERVER_ERROR") {
      const { stacktrace: _stacktrace, exception: _exception, http: _http, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    if (original instanceof GraphQLError4 && !original.originalError && code === void 0) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: "BAD_USER_INPUT" } };
    }
    if (isDatabaseTimeout(original)) {
      return { message: DATABASE_BUSY_MESSAGE, path: formatted.path, locations: formatted.locations, extensions: { code: "RATE_LIMITED", reason: "DATABASE_BUSY", retryAfterSeconds: DATABASE_BUSY_RETRY_SECONDS } };
    }
    if (original instanceof GraphQLError4 && !original.originalError && original.message.startsWith("Too many errors processing variables")) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: "BAD_USER_INPUT" } };
    }
    onUnexpected(original);
    return { message: "Internal server error", path: formatted.path, locations: formatted.locations, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}

// dist/graphql/limits/apollo-plugin.js
function queryLimitsPlugin(limits, rates) {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, operation, request, contextValue }) {
          const refusal = limits.check(document, operationName, request.variables);
          if (refusal)
            throw refusal;
          if (rates && operation)
            await chargeOperation(rates, contextValue.principal, operation.operation, limits.figures(document, operationName, request.variables));
        }
      };
    }
  };
}

// dist/graphql/rate-limit/early-refusal.js
function refuseSpentBudgets(limits, principalFor) {
  return async (request, response, next) => {
    const type = response.locals.graphql?.type;
    if (type !== "query" && type !== "mutation" || !request.headers.authorization)
      return next();
    let refusal = null;
    try {
      refusal = await limits.spent(type, await principalFor(request.headers.authorization));
    } catch {
      return next();
    }
    if (!refusal)
      return next();
    response.status(429).setHeader("retry-after", String(refusal.retryAfterSeconds));
    response.json({ errors: [{ message: refusal.message, extensions: { code: "RATE_LIMITED", retryAfterSeconds: refusal.retryAfterSeconds } }] });
  };
}

// dist/graphql/schema.js
import { lexicographicSortSchema, printSchema } from "graphql";
import { buildSchema } from "type-graphql";

// dist/graphql/cluster-template/cluster-template.resolver.js
import { Arg, Args, Ctx, FieldResolver, ID as ID5, Mutation, Query, Resolver, Root } from "type-graphql";

// dist/domain/cluster-templates/cluster-templates.js
import { randomUUID as randomUUID5 } from "node:crypto";

// dist/domain/cluster-templates/cluster-template-rules.js
import { isIP as isIP2 } from "node:net";
import { z as z7 } from "zod";

// dist/domain/labels.js
import { z as z6 } from "zod";

// dist/domain/label-catalogue.js
import { isIP } from "node:net";

// dist/domain/clusters/fault-stages.js
var SIMULATED_STAGE_KINDS = [
  "network",
  "certificates",
  "load-balancer",
  "masters",
  "etcd",
  "api-server",
  "swarm-init",
  "workers",
  "coredns",
  "dashboard",
  "monitoring",
  "ingress",
  "autoscaler",
  "auto-healer",
  "scale",
  "join",
  "drain",
  "remove",
  "upgrade",
  "rotate-ca",
  "rotate",
  "teardown"
];
function isKnownStage(wanted) {
  const kind = wanted.split(":")[0] ?? "";
  return SIMULATED_STAGE_KINDS.includes(kind);
}

// dist/domain/label-catalogue.js
var LABEL_KINDS = ["BOOLEAN", "INTEGER", "NUMBER", "ENUM", "VERSION", "TAG", "CIDR", "CIDR_LIST", "URL", "SHA256", "STRING", "STAGE", "NODE"];
var magnum = (key, kind, description, defaultValue, extra = {}) => ({ key, kind, description, defaultValue, source: "magnum", ...extra });
var boolean4 = (key, description, defaultValue) => magnum(key, "BOOLEAN", description, defaultValue);
var tag = (key, what) => magnum(key, "TAG", `Image tag of ${what}`, null);
var text15 = (key, description, defaultValue = null) => magnum(key, "STRING", description, defaultValue);
var choice = (key, allowedValues, description, defaultValue) => magnum(key, "ENUM", description, defaultValue, { allowedValues });
var integer10 = (key, minimum, description, defaultValue, maximum) => magnum(key, "INTEGER", description, defaultValue, { minimum, ...maximum === void 0 ? {} : { maximum } });
var LABEL_CATALOGUE = [
  // Versions: kube_tag is the version an upgrade moves to; the rest pick add-on images.
  magnum("kube_tag", "VERSION", "Kubernetes version of every node (hyperkube / kubelet tag); the version clusterUpgrade moves to", null),
  magnum("containerd_version", "VERSION", "containerd version on every node", null),
  magnum("docker_version", "VERSION", "Docker engine version (Swarm mode)", null),
  magnum("kube_dashboard_version", "VERSION", "Kubernetes dashboard version", null),
  tag("cloud_provider_tag", "the OpenStack cloud controller manager"),
  tag("etcd_tag", "etcd"),
  tag("coredns_tag", "CoreDNS"),
  tag("flannel_tag", "flannel"),
  tag("flannel_cni_tag", "the flannel CNI plugin"),
  tag("calico_tag", "calico"),
  tag("heat_container_agent_tag", "the Heat container agent"),
  tag("metrics_scraper_tag", "the dashboard metrics scraper"),
  tag("metrics_server_chart_tag", "the metrics-server Helm chart"),
  tag("prometheus_operator_chart_tag", "the prometheus-operator Helm chart"),
  tag("prometheus_adapter_chart_tag", "the prometheus-adapter Helm chart"),
  tag("traefik_ingress_controller_tag", "the Traefik ingress controller"),
  tag("octavia_ingress_controller_tag", "the Octavia ingress controller"),
  tag("nginx_ingress_controller_tag", "the NGINX ingress controller"),
  tag("nginx_ingress_controller_chart_tag", "the NGINX ingress controller Helm chart"),
  tag("k8s_keystone_auth_tag", "k8s-keystone-auth"),
  tag("helm_client_tag", "the Helm client"),
  tag("magnum_auto_healer_tag", "magnum-auto-healer"),
  tag("node_problem_detector_tag", "node-problem-detector"),
  tag("draino_tag", "Draino"),
  tag("autoscaler_tag", "the cluster autoscaler"),
  tag("cinder_csi_plugin_tag", "the Cinder CSI plugin"),
  text15("ostree_commit", "Fedora CoreOS ostree commit to upgrade to"),
  text15("ostree_remote", "Fedora CoreOS ostree remote to upgrade from"),
  // Switches.
  boolean4("kube_dashboard_enabled", "Deploy the Kubernetes dashboard", "true"),
  boolean4("heapster_enabled", "Deploy Heapster", "false"),
  boolean4("metrics_server_enabled", "Deploy metrics-server", "true"),
  boolean4("monitoring_enabled", "Deploy Prometheus and Grafana", "false"),
  boolean4("monitoring_ingress_enabled", "Expose monitoring through the ingress", "false"),
  boolean4("prometheus_adapter_enabled", "Deploy prometheus-adapter", "true"),
  boolean4("prometheus_monitoring", "Deploy Prometheus and Grafana (deprecated: monitoring_enabled)", "false"),
  boolean4("influx_grafana_dashboard_enabled", "Deploy InfluxDB and the Grafana dashboard", "false"),
  boolean4("cert_manager_api", "Enable the certificate manager API", "false"),
  boolean4("cloud_provider_enabled", "Run the OpenStack cloud provider", null),
  boolean4("cinder_csi_enabled", "Run the Cinder CSI driver (needs volumeDriver cinder)", "true"),
  boolean4("keystone_auth_enabled", "Authenticate Kubernetes users with Keystone", "true"),
  boolean4("master_lb_floating_ip_enabled", "Give the masters' load balancer a floating IP", null),
  boolean4("master_lb_enabled", "Put a load balancer in front of the masters (Magnum's cluster field, also read as a label)", "false"),
  boolean4("auto_healing_enabled", "Replace unhealthy nodes automatically", "false"),
  boolean4("auto_scaling_enabled", "Scale node groups between min_node_count and max_node_count on load", "false"),
  boolean4("npd_enabled", "Deploy node-problem-detector", "true"),
  boolean4("use_podman", "Run system containers with podman", null),
  boolean4("octavia_lb_healthcheck", "Health-check Octavia load balancers of LoadBalancer services", "true"),
  // Numbers.
  integer10("docker_volume_size", 1, "Size in GB of each node's container volume (as the dockerVolumeSize field)", null, 16384),
  integer10("etcd_volume_size", 0, "Size in GB of the etcd volume; 0 keeps etcd on the root disk", "0", 16384),
  integer10("boot_volume_size", 1, "Size in GB of the boot volume", null, 16384),
  integer10("flannel_network_subnetlen", 1, "Prefix length of the subnet each node gets from flannel_network_cidr", "24", 32),
  integer10("monitoring_retention_days", 1, "Days Prometheus keeps metrics", null),
  integer10("monitoring_retention_size", 1, "GB Prometheus keeps", null),
  integer10("monitoring_interval_seconds", 1, "Prometheus scrape interval in seconds", null),
  integer10("min_node_count", 0, "Fewest worker nodes auto-scaling or auto-healing leaves", "1"),
  integer10("max_node_count", 1, "Most worker nodes auto-scaling creates", null),
  // Enumerations.
  choice("flannel_backend", ["udp", "vxlan", "host-gw"], "flannel's backend", "vxlan"),
  choice("cgroup_driver", ["systemd", "cgroupfs"], "cgroup driver of kubelet and the container runtime", "cgroupfs"),
  choice("selinux_mode", ["enforcing", "permissive", "disabled"], "SELinux mode of the nodes", null),
  choice("container_runtime", ["", "containerd"], "Container runtime; empty for Docker", ""),
  choice("ingress_controller", ["", "traefik", "nginx", "octavia"], "Ingress controller to deploy; empty for none", ""),
  choice("auto_healing_controller", ["draino", "magnum-auto-healer"], "Auto-healing service", "draino"),
  choice("calico_ipv4pool_ipip", ["Always", "CrossSubnet", "Never", "Off"], "IPIP mode of calico's IPv4 pool", "Off"),
  choice("octavia_provider", ["amphora", "ovn"], "Octavia provider for load balancers", "amphora"),
  choice("octavia_lb_algorithm", ["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT"], "Octavia algorithm for LoadBalancer services", "ROUND_ROBIN"),
  // Networks.
  magnum("flannel_network_cidr", "CIDR", "Pod network of flannel", "10.100.0.0/16"),
  magnum("calico_ipv4pool", "CIDR", "Pod network of calico", "10.100.0.0/16"),
  magnum("service_cluster_ip_range", "CIDR", "Network of Kubernetes service addresses", "10.254.0.0/16"),
  magnum("fixed_subnet_cidr", "CIDR", "CIDR of the fixed subnet Magnum creates", ""),
  magnum("master_lb_allowed_cidrs", "CIDR_LIST", "Comma-separated CIDRs allowed to reach the API load balancer", ""),
  // Downloads.
  magnum("helm_client_url", "URL", "Where to download the Helm client", null),
  magnum("helm_client_sha256", "SHA256", "SHA-256 of the Helm client download", null),
  magnum("containerd_tarball_url", "URL", "Where to download containerd", null),
  magnum("containerd_tarball_sha256", "SHA256", "SHA-256 of the containerd download", null),
  // Free text the driver passes on.
  text15("availability_zone", "Availability zone of the cluster's nodes", ""),
  text15("hyperkube_prefix", "Registry prefix of the hyperkube image"),
  text15("container_infra_prefix", "Registry prefix of every system container image", ""),
  text15("docker_volume_type", "Cinder volume type of the container volumes"),
  text15("boot_volume_type", "Cinder volume type of the boot volumes"),
  text15("etcd_volume_type", "Cinder volume type of the etcd volume"),
  text15("admission_control_list", "Admission controllers of kube-apiserver"),
  text15("kubelet_options", "Extra kubelet arguments", ""),
  text15("kubeapi_options", "Extra kube-apiserver arguments", ""),
  text15("kubescheduler_options", "Extra kube-scheduler arguments", ""),
  text15("kubecontroller_options", "Extra kube-controller-manager arguments", ""),
  text15("kubeproxy_options", "Extra kube-proxy arguments", ""),
  text15("ingress_controller_role", "Node role that runs the ingress controller", "ingress"),
  text15("grafana_admin_passwd", "Grafana's admin password", "admin"),
  text15("cluster_basic_auth_secret", "Secret with basic-auth users for monitoring"),
  text15("cluster_root_domain_name", "Root domain of the cluster's ingress names"),
  text15("monitoring_storage_class_name", "Storage class of Prometheus' volume"),
  text15("prometheus_adapter_configmap", "ConfigMap with prometheus-adapter rules", ""),
  // The simulated driver's fault injection (see README, "Fault injection").
  { key: "turnkey.sim/fail-stage", kind: "STAGE", description: "Fail the first stage of this kind (or exact name) in every operation", defaultValue: null, source: "turnkey.sim" },
  { key: "turnkey.sim/hang-stage", kind: "STAGE", description: "This stage starts and never finishes; createTimeout catches it", defaultValue: null, source: "turnkey.sim" },
  { key: "turnkey.sim/failure-rate", kind: "NUMBER", description: "Probability from 0 to 1 that an operation fails at a random stage", defaultValue: "0", minimum: 0, maximum: 1, source: "turnkey.sim" },
  { key: "turnkey.sim/demand", kind: "NUMBER", description: "The load auto-scaling sees: the workload in worker nodes' worth (2.5 needs 3 nodes)", defaultValue: null, minimum: 0, maximum: 1e4, source: "turnkey.sim" },
  { key: "turnkey.sim/unhealthy-node", kind: "NODE", description: "Worker node index n (or full node name) that reports NotReady", defaultValue: null, source: "turnkey.sim" }
];
var LABEL_DEFINITIONS = new Map(LABEL_CATALOGUE.map((definition) => [definition.key, definition]));
var VERSION = /^v?\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.+-]+)?$/;
var TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
var NODE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
function labelValueProblem(definition, value) {
  const { key } = definition;
  switch (definition.kind) {
    case "BOOLEAN":
      return /^(true|false)$/i.test(value) ? null : `label ${key} must be "true" or "false"`;
    case "INTEGER": {
      if (!/^-?\d+$/.test(value))
        return `label ${key} must be a whole number`;
      return rangeProblem(definition, Number(value));
    }
    case "NUMBER": {
      const number = value.trim() === "" ? Number.NaN : Number(value);
      if (!Number.isFinite(number))
        return `label ${key} must be a number`;
      return rangeProblem(definition, number);
    }
    case "ENUM":
      return definition.allowedValues.includes(value) ? null : `label ${key} must be one of ${definition.allowedValues.map((allowed2) => JSON.stringify(allowed2)).join(", ")}`;
    case "VERSION":
      return VERSION.test(value) ? null : `label ${key} must be a version such as v1.30.4`;
    case "TAG":
      return TAG.test(value) ? null : `label ${key} must be an image tag (letters, digits, '_', '.', '-'; at most 128)`;
    case "CIDR":
      return value === "" || isCidr(value) ? null : `label ${key} must be a CIDR such as 10.100.0.0/16`;
    case "CIDR_LIST":
      return value === "" || value.split(",").every((entry) => isCidr(entry.trim())) ? null : `label ${key} must be comma-separated CIDRs`;
    case "URL":
      return URL.canParse(value) && /^(https?|ftp):/.test(value) ? null : `label ${key} must be an http(s) URL`;
    case "SHA256":
      return /^[0-9a-f]{64}$/i.test(value) ? null : `label ${key} must be a SHA-256 in hex (64 characters)`;
    case "STAGE":
      return isKnownStage(value) ? null : `label ${key}: no stage "${value}" in the simulated driver's plans (see the README's list of stages)`;
    case "NODE":
      return /^\d+$/.test(value) || NODE_NAME.test(value) ? null : `label ${key} must be a node index or a node name`;
    case "STRING":
      return null;
  }
}
function rangeProblem(definition, number) {
  if (definition.minimum !== void 0 && number < definition.minimum)
    return `label ${definition.key} must be at least ${definition.minimum}`;
  if (definition.maximum !== void 0 && number > definition.maximum)
    return `label ${definition.key} must be at most ${definition.maximum}`;
  return null;
}
function isCidr(value) {
  const [address, prefix, extra] = value.split("/");
  if (extra !== void 0 || address === void 0 || prefix === void 0 || !/^\d{1,3}$/.test(prefix))
    return false;
  const family = isIP(address);
  return family !== 0 && Number(prefix) <= (family === 4 ? 32 : 128);
}

// dist/domain/labels.js
var LABEL_KEY = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
var labelSchema = z6.object({
  key: z6.string().min(1, "label key must not be empty").max(253, "label key must be at most 253 characters").regex(LABEL_KEY, "label key may contain letters, digits, '-', '_', '.' and one '/' prefix, and must start and end with a letter or digit"),
  value: z6.string().max(1024, "label value must be at most 1024 characters")
}).superRefine((label2, context) => {
  const definition = LABEL_DEFINITIONS.get(label2.key);
  const wrong = definition ? labelValueProblem(definition, label2.value) : null;
  if (wrong)
    context.addIssue({ code: "custom", path: ["value"], message: wrong });
});
var labelListSchema = z6.array(labelSchema).max(100, "at most 100 labels").superRefine((labels, context) => {
  const seen = /* @__PURE__ */ new Set();
  labels.forEach((label2, index10) => {
    if (seen.has(label2.key)) {
      context.addIssue({ code: "custom", path: [index10, "key"], message: `label key "${label2.key}" is given more than once` });
    }
    seen.add(label2.key);
  });
  const minimum = labels.findIndex((label2) => label2.key === "min_node_count");
  const maximum = labels.findIndex((label2) => label2.key === "max_node_count");
  if (minimum >= 0 && maximum >= 0 && Number(labels[minimum].value) > Number(labels[maximum].value)) {
    context.addIssue({ code: "custom", path: [maximum, "value"], message: "label max_node_count must be at least min_node_count" });
  }
});
function effectiveLabels(templateLabels, clusterLabels, merge) {
  if (clusterLabels === void 0)
    return templateLabels.map((label2) => ({ ...label2 }));
  if (!merge)
    return clusterLabels.map((label2) => ({ ...label2 }));
  const overridden = new Map(clusterLabels.map((label2) => [label2.key, label2.value]));
  const merged = templateLabels.map((label2) => ({ key: label2.key, value: overridden.get(label2.key) ?? label2.value }));
  const templateKeys = new Set(templateLabels.map((label2) => label2.key));
  for (const label2 of clusterLabels)
    if (!templateKeys.has(label2.key))
      merged.push({ ...label2 });
  return merged;
}

// dist/domain/cluster-templates/cluster-template-rules.js
function allowedNetworkDrivers(coe, policy) {
  switch (coe) {
    case "KUBERNETES":
      return policy.ciliumEnabled ? ["flannel", "calico", "cilium"] : ["flannel", "calico"];
    case "SWARM":
    case "SWARM_MODE":
      return ["docker", "flannel"];
    case "MESOS":
    case "DCOS":
      return ["docker"];
  }
}
function allowedVolumeDrivers(coe) {
  switch (coe) {
    case "KUBERNETES":
      return ["cinder"];
    case "SWARM":
    case "SWARM_MODE":
      return ["cinder", "rexray"];
    case "MESOS":
    case "DCOS":
      return ["rexray"];
  }
}
function defaultNetworkDriver(coe) {
  return coe === "KUBERNETES" || coe === "SWARM" ? "flannel" : "docker";
}
var optionalText = (maximum) => z7.string().trim().min(1, "must not be empty").max(maximum, `must be at most ${maximum} characters`).nullable().optional();
var proxyUrl = z7.string().max(255).refine((value) => /^https?:\/\/[^\s]+$/.test(value), "must be an http:// or https:// URL").nullable().optional();
var fieldsSchema = z7.object({
  name: z7.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters").optional(),
  coe: z7.enum(COES, { error: `must be one of ${COES.join(", ")}` }).optional(),
  clusterDistro: optionalText(255),
  imageId: z7.string().trim().min(1, "imageId is required").max(255).optional(),
  keypairId: optionalText(255),
  flavorId: optionalText(255),
  masterFlavorId: optionalText(255),
  serverType: z7.enum(SERVER_TYPES).optional(),
  networkDriver: optionalText(255),
  volumeDriver: optionalText(255),
  dockerVolumeSize: z7.number().int().min(1, "must be at least 1 GB").max(16384).nullable().optional(),
  dockerStorageDriver: z7.enum(DOCKER_STORAGE_DRIVERS).nullable().optional(),
  externalNetworkId: optionalText(255),
  fixedNetwork: optionalText(255),
  fixedSubnet: optionalText(255),
  dnsNameserver: z7.string().refine((value) => isIP2(value) !== 0, "must be an IPv4 or IPv6 address").nullable().optional(),
  apiserverPort: z7.number().int().min(1024, "must be between 1024 and 65535").max(65535, "must be between 1024 and 65535").nullable().optional(),
  httpProxy: proxyUrl,
  httpsProxy: proxyUrl,
  noProxy: optionalText(1024),
  registryEnabled: z7.boolean().optional(),
  insecureRegistry: optionalText(255),
  tlsDisabled: z7.boolean().optional(),
  public: z7.boolean().optional(),
  hidden: z7.boolean().optional(),
  floatingIpEnabled: z7.boolean().optional(),
  masterLbEnabled: z7.boolean().optional(),
  labels: labelListSchema.optional(),
  tags: z7.array(z7.string().trim().min(1, "tag must not be empty").max(255)).max(50, "at most 50 tags").refine((tags) => new Set(tags).size === tags.length, "tags must not repeat").optional()
});
function crossFieldProblems(fields, policy) {
  const problems = [];
  if (fields.networkDriver !== null) {
    const allowed2 = allowedNetworkDrivers(fields.coe, policy);
    if (!allowed2.includes(fields.networkDriver)) {
      problems.push(problem("BAD_USER_INPUT", "networkDriver", `networkDriver "${fields.networkDriver}" is not supported for ${fields.coe}; use one of ${allowed2.join(", ")}`));
    }
  }
  if (fields.volumeDriver !== null) {
    const allowed2 = allowedVolumeDrivers(fields.coe);
    if (!allowed2.includes(fields.volumeDriver)) {
      problems.push(problem("BAD_USER_INPUT", "volumeDriver", `volumeDriver "${fields.volumeDriver}" is not supported for ${fields.coe}; use one of ${allowed2.join(", ")}`));
    }
  }
  problems.push(...dockerVolumeProblems(fields.dockerVolumeSize, fields.dockerStorageDriver, fields.coe));
  return problems;
}
function dockerVolumeProblems(size, storageDriver, coe, field = "dockerVolumeSize") {
  if (size === null)
    return [];
  if (storageDriver === "DEVICEMAPPER" && size < 3) {
    return [problem("BAD_USER_INPUT", field, "dockerVolumeSize must be at least 3 GB with the devicemapper storage driver")];
  }
  if (storageDriver === "OVERLAY" && coe === "KUBERNETES") {
    return [problem("BAD_USER_INPUT", field, "dockerVolumeSize cannot be used with the overlay storage driver on Kubernetes; use OVERLAY2")];
  }
  return [];
}
function prepareTemplateCreate(input, policy, generatedName) {
  const parsed = parseOrThrow(fieldsSchema, input);
  const missing2 = [];
  if (parsed.coe === void 0)
    missing2.push(problem("BAD_USER_INPUT", "coe", "coe is required"));
  if (parsed.imageId === void 0)
    missing2.push(problem("BAD_USER_INPUT", "imageId", "imageId is required"));
  if (missing2.length > 0 || parsed.coe === void 0 || parsed.imageId === void 0)
    throw new DomainError(missing2);
  const fields = {
    name: parsed.name ?? generatedName,
    coe: parsed.coe,
    clusterDistro: parsed.clusterDistro ?? null,
    imageId: parsed.imageId,
    keypairId: parsed.keypairId ?? null,
    flavorId: parsed.flavorId ?? "m1.small",
    masterFlavorId: parsed.masterFlavorId ?? null,
    serverType: parsed.serverType ?? "VM",
    networkDriver: parsed.networkDriver ?? defaultNetworkDriver(parsed.coe),
    volumeDriver: parsed.volumeDriver ?? null,
    dockerVolumeSize: parsed.dockerVolumeSize ?? null,
    dockerStorageDriver: parsed.dockerStorageDriver ?? "OVERLAY2",
    externalNetworkId: parsed.externalNetworkId ?? null,
    fixedNetwork: parsed.fixedNetwork ?? null,
    fixedSubnet: parsed.fixedSubnet ?? null,
    dnsNameserver: parsed.dnsNameserver ?? "8.8.8.8",
    apiserverPort: parsed.apiserverPort ?? null,
    httpProxy: parsed.httpProxy ?? null,
    httpsProxy: parsed.httpsProxy ?? null,
    noProxy: parsed.noProxy ?? null,
    registryEnabled: parsed.registryEnabled ?? false,
    insecureRegistry: parsed.insecureRegistry ?? null,
    tlsDisabled: parsed.tlsDisabled ?? false,
    public: parsed.public ?? false,
    hidden: parsed.hidden ?? false,
    floatingIpEnabled: parsed.floatingIpEnabled ?? true,
    masterLbEnabled: parsed.masterLbEnabled ?? false,
    labels: parsed.labels ?? [],
    tags: parsed.tags ?? []
  };
  const problems = crossFieldProblems(fields, policy);
  if (problems.length > 0)
    throw new DomainError(problems);
  return fields;
}
var MUTABLE_WHILE_IN_USE = /* @__PURE__ */ new Set(["name", "public", "hidden", "tags"]);
var REQUIRED = /* @__PURE__ */ new Set(["name", "coe", "imageId", "serverType", "registryEnabled", "tlsDisabled", "public", "hidden", "floatingIpEnabled", "masterLbEnabled", "labels", "tags"]);
function prepareTemplateUpdate(current, patch, policy, clustersUsingIt) {
  const parsed = parseOrThrow(fieldsSchema, patch);
  const problems = [];
  const merged = { ...current };
  const changed = [];
  for (const key of Object.keys(parsed)) {
    const value = parsed[key];
    if (value === void 0)
      continue;
    if (value === null && REQUIRED.has(key)) {
      problems.push(problem("BAD_USER_INPUT", key, `${key} cannot be cleared`));
      continue;
    }
    if (JSON.stringify(value) === JSON.stringify(current[key]))
      continue;
    merged[key] = value;
    changed.push(key);
  }
  if (problems.length > 0)
    throw new DomainError(problems);
  const frozen = changed.filter((key) => !MUTABLE_WHILE_IN_USE.has(key));
  if (clustersUsingIt.length > 0 && frozen.length > 0) {
    throw new DomainError(frozen.map((key) => problem("CONFLICT", key, `${key} cannot change while the template is used by ${describeClusters(clustersUsingIt)}; only name, public, hidden and tags can`)));
  }
  const fields = merged;
  const crossProblems = crossFieldProblems(fields, policy);
  if (crossProblems.length > 0)
    throw new DomainError(crossProblems);
  return { fields, changed };
}
function describeClusters(names, shown = 10) {
  const listed = names.slice(0, shown).join(", ");
  const rest = names.length > shown ? ` and ${names.length - shown} more` : "";
  return `${names.length === 1 ? "cluster" : "clusters"} ${listed}${rest}`;
}

// dist/domain/tenancy/projects.js
async function targetProject(context, requested, homeProjectId, resource) {
  const { principal } = context;
  if (requested) {
    const [exists] = await projectsByIds(context.db, [requested]);
    if (!exists)
      throw new DomainError(problem("NOT_FOUND", "projectId", "no such project"));
    authorize(principal, resource, "create", { projectId: requested }, "projectId", "project");
    return requested;
  }
  const writable = [...principal.projectRoles.entries()].filter(([projectId]) => allowed(principal, resource, "create", { projectId }));
  if (writable.length === 1 && writable[0])
    return writable[0][0];
  if (principal.isGlobalAdmin && homeProjectId)
    return homeProjectId;
  const readable = [...principal.projectRoles.keys()];
  if (writable.length === 0 && readable.length === 1)
    authorize(principal, resource, "create", { projectId: readable[0] }, "projectId", "project");
  throw new DomainError(problem("BAD_USER_INPUT", "projectId", "projectId is required: you can create objects in more than one project (or in none)"));
}

// dist/domain/cluster-templates/cluster-templates.js
function templateFields(row) {
  return {
    name: row.name,
    coe: row.coe,
    clusterDistro: row.clusterDistro,
    imageId: row.imageId,
    keypairId: row.keypairId,
    flavorId: row.flavorId,
    masterFlavorId: row.masterFlavorId,
    serverType: row.serverType,
    networkDriver: row.networkDriver,
    volumeDriver: row.volumeDriver,
    dockerVolumeSize: row.dockerVolumeSize,
    dockerStorageDriver: row.dockerStorageDriver,
    externalNetworkId: row.externalNetworkId,
    fixedNetwork: row.fixedNetwork,
    fixedSubnet: row.fixedSubnet,
    dnsNameserver: row.dnsNameserver,
    apiserverPort: row.apiserverPort,
    httpProxy: row.httpProxy,
    httpsProxy: row.httpsProxy,
    noProxy: row.noProxy,
    registryEnabled: row.registryEnabled,
    insecureRegistry: row.insecureRegistry,
    tlsDisabled: row.tlsDisabled,
    public: row.public,
    hidden: row.hidden,
    floatingIpEnabled: row.floatingIpEnabled,
    masterLbEnabled: row.masterLbEnabled,
    labels: row.labels,
    tags: row.tags
  };
}
function publishingProblems(context, fields) {
  if (allowed(context.principal, "clusterTemplate", "publish", { projectId: null }))
    return [];
  return ["public", "hidden"].filter((key) => fields[key] === true).map((key) => problem("FORBIDDEN", key, `only an administrator may set ${key}`));
}
async function nameTaken(transaction, projectId, name, exceptId) {
  const found = await templateIdByName(transaction, projectId, name);
  return found !== void 0 && found !== exceptId;
}
async function createClusterTemplate(context, input, options) {
  const { projectId: requestedProject, ...fieldsInput } = input;
  const projectId = await targetProject(context, requestedProject, options.homeProjectId, "clusterTemplate");
  const fields = prepareTemplateCreate(fieldsInput, context.policy, `template-${randomUUID5().slice(0, 8)}`);
  const denied = publishingProblems(context, fields);
  if (denied.length > 0)
    throw new DomainError(denied);
  const unsupported2 = context.unsupportedClusterType(fields);
  if (unsupported2)
    throw new DomainError(problem("NOT_SUPPORTED", fields.clusterDistro ? "clusterDistro" : "coe", unsupported2));
  return inTransaction(context, (transaction) => runOncePerRequestId(transaction, context.principal, "clusterTemplateCreate", options.requestId, input, async () => {
    if (await nameTaken(transaction, projectId, fields.name)) {
      throw conflict("name", `a cluster template named "${fields.name}" already exists in this project`);
    }
    const id = randomUUID5();
    const now = /* @__PURE__ */ new Date();
    await insertTemplateRow(transaction, { id, projectId, ...fields, createdAt: now, updatedAt: now });
    return { clusterTemplateId: id };
  }));
}
async function writableTemplate(context, transaction, id, expectedVersion) {
  const row = await findTemplate(transaction, id, true);
  if (!row)
    throw notFound("id", "no such cluster template");
  authorize(context.principal, "clusterTemplate", "update", row, "id", "clusterTemplate");
  if (expectedVersion != null && expectedVersion !== row.resourceVersion) {
    throw conflict("expectedVersion", `the cluster template changed meanwhile: it is at version ${row.resourceVersion}, not ${expectedVersion}`);
  }
  return row;
}
async function updateClusterTemplate(context, id, patch, options) {
  return inTransaction(context, (transaction) => runOncePerRequestId(transaction, context.principal, "clusterTemplateUpdate", options.requestId, { id, patch }, async () => {
    const row = await writableTemplate(context, transaction, id, options.expectedVersion);
    const usedBy = await clusterNamesUsingTemplate(transaction, id);
    const { fields, changed } = prepareTemplateUpdate(templateFields(row), patch, context.policy, usedBy);
    const denied = publishingProblems(context, Object.fromEntries(changed.map((key) => [key, fields[key]])));
    if (denied.length > 0)
      throw new DomainError(denied);
    if (changed.length === 0)
      return { clusterTemplateId: id };
    if (changed.includes("name") && await nameTaken(transaction, row.projectId, fields.name, id)) {
      throw conflict("name", `a cluster template named "${fields.name}" already exists in this project`);
    }
    await updateTemplateRow(transaction, id, { ...Object.fromEntries(changed.map((key) => [key, fields[key]])), resourceVersion: row.resourceVersion + 1, updatedAt: /* @__PURE__ */ new Date() });
    return { clusterTemplateId: id };
  }));
}
async function deleteClusterTemplate(context, id, options) {
  return inTransaction(context, (transaction) => runOncePerRequestId(transaction, context.principal, "clusterTemplateDelete", options.requestId, { id }, async () => {
    const row = await writableTemplate(context, transaction, id, options.expectedVersion);
    const usedBy = await clusterNamesUsingTemplate(transaction, id);
    if (usedBy.length > 0) {
      throw conflict("id", `the cluster template is used by ${describeClusters(usedBy)}; delete them first`);
    }
    await deleteTemplateRow(transaction, row.id);
    return { deletedClusterTemplateId: id };
  }));
}

// dist/graphql/cluster/cluster.args.js
import { ArgsType as ArgsType2, Field as Field6, ID as ID2, InputType as InputType2, registerEnumType as registerEnumType3 } from "type-graphql";

// dist/graphql/common/connection.js
import { Field, Int, ObjectType } from "type-graphql";
var __decorate = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var PageInfo = class PageInfo2 {
  hasNextPage;
  hasPreviousPage;
  startCursor;
  endCursor;
};
__decorate([
  Field(() => Boolean),
  __metadata("design:type", Boolean)
], PageInfo.prototype, "hasNextPage", void 0);
__decorate([
  Field(() => Boolean),
  __metadata("design:type", Boolean)
], PageInfo.prototype, "hasPreviousPage", void 0);
__decorate([
  Field(() => String, { nullable: true }),
  __metadata("design:type", Object)
], PageInfo.prototype, "startCursor", void 0);
__decorate([
  Field(() => String, { nullable: true }),
  __metadata("design:type", Object)
], PageInfo.prototype, "endCursor", void 0);
PageInfo = __decorate([
  ObjectType({ description: "Where a page sits in the whole list." })
], PageInfo);
function ConnectionType(name, nodeType) {
  let Edge = class Edge {
    cursor;
    node;
  };
  __decorate([
    Field(() => String),
    __metadata("design:type", String)
  ], Edge.prototype, "cursor", void 0);
  __decorate([
    Field(() => nodeType),
    __metadata("design:type", Object)
  ], Edge.prototype, "node", void 0);
  Edge = __decorate([
    ObjectType(`${name}Edge`)
  ], Edge);
  let Connection = class Connection {
    edges;
    nodes;
    pageInfo;
    countTotal;
    totalCount() {
      return this.countTotal();
    }
  };
  __decorate([
    Field(() => [Edge]),
    __metadata("design:type", Array)
  ], Connection.prototype, "edges", void 0);
  __decorate([
    Field(() => [nodeType], { description: "The nodes of edges, for clients that need no cursors." }),
    __metadata("design:type", Array)
  ], Connection.prototype, "nodes", void 0);
  __decorate([
    Field(() => PageInfo),
    __metadata("design:type", PageInfo)
  ], Connection.prototype, "pageInfo", void 0);
  __decorate([
    Field(() => Int, { description: "How many objects match the filter, on all pages." }),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Promise)
  ], Connection.prototype, "totalCount", null);
  Connection = __decorate([
    ObjectType(`${name}Connection`, { description: `A page of ${name} objects.` })
  ], Connection);
  return Connection;
}
function toConnection(page, map, countTotal) {
  const edges = page.rows.map((row) => ({ cursor: page.cursorOf(row), node: map(row) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null
    },
    countTotal,
    totalCount: countTotal
  };
}

// dist/graphql/common/enums.js
import { registerEnumType } from "type-graphql";
function enumObject(values) {
  return Object.fromEntries(values.map((value) => [value, value]));
}
var Coe = enumObject(COES);
var ServerType = enumObject(SERVER_TYPES);
var DockerStorageDriver = enumObject(DOCKER_STORAGE_DRIVERS);
var ClusterStatus = enumObject(CLUSTER_STATUSES);
var HealthStatus = enumObject(HEALTH_STATUSES);
var OperationStatus = enumObject(OPERATION_STATUSES);
var OperationType = enumObject(OPERATION_TYPES);
var ClusterEventType = enumObject(CLUSTER_EVENT_TYPES);
var UserErrorCode = enumObject(USER_ERROR_CODES);
registerEnumType(Coe, { name: "Coe", description: "Container orchestration engine." });
registerEnumType(ServerType, { name: "ServerType" });
registerEnumType(DockerStorageDriver, { name: "DockerStorageDriver" });
registerEnumType(ClusterStatus, { name: "ClusterStatus", description: "Magnum's cluster statuses." });
registerEnumType(HealthStatus, { name: "HealthStatus" });
registerEnumType(OperationStatus, { name: "OperationStatus" });
registerEnumType(OperationType, { name: "OperationType" });
registerEnumType(ClusterEventType, { name: "ClusterEventType" });
registerEnumType(UserErrorCode, { name: "UserErrorCode" });

// dist/graphql/common/global-id.js
var NODE_TYPES = ["ClusterTemplate", "Cluster", "NodeGroup", "Project", "Operation", "Certificate", "User", "RoleBinding", "ApiToken"];
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function toGlobalId(type, uuid13) {
  return Buffer.from(`${type}:${uuid13}`).toString("base64url");
}
function fromGlobalId(id) {
  const decoded = Buffer.from(id, "base64url").toString("utf8");
  const separator = decoded.indexOf(":");
  const type = decoded.slice(0, separator);
  const uuid13 = decoded.slice(separator + 1);
  if (separator < 0 || !NODE_TYPES.includes(type) || !UUID.test(uuid13))
    return null;
  return { type, uuid: uuid13 };
}
function uuidOf(id, type) {
  const parsed = fromGlobalId(id);
  return parsed && parsed.type === type ? parsed.uuid : null;
}
var NOUNS = {
  ClusterTemplate: "cluster template",
  Cluster: "cluster",
  NodeGroup: "node group",
  Project: "project",
  Operation: "operation",
  Certificate: "certificate",
  User: "user",
  RoleBinding: "role binding",
  ApiToken: "API token"
};
function idProblem(id, type) {
  const parsed = fromGlobalId(id);
  if (!parsed)
    return `"${id.length > 80 ? `${id.slice(0, 80)}\u2026` : id}" is not an id this API issued`;
  if (parsed.type !== type)
    return `expected a ${NOUNS[type]} id, got a ${NOUNS[parsed.type]} id`;
  return null;
}

// dist/graphql/common/input.js
function presentFields(input, omit, nullMeansAbsent) {
  return Object.fromEntries(Object.entries(input).filter(([key, value]) => !omit.includes(key) && value !== void 0 && !(nullMeansAbsent && value === null)));
}
function requireUuid(id, type, field) {
  const uuid13 = uuidOf(id, type);
  if (!uuid13)
    throw new DomainError(problem("BAD_USER_INPUT", field, idProblem(id, type) ?? "not a valid id"));
  return uuid13;
}
function argumentUuid(id, type, field) {
  const uuid13 = uuidOf(id, type);
  if (!uuid13)
    throw topLevelError("BAD_USER_INPUT", idProblem(id, type) ?? "not a valid id", { field: typeof field === "string" ? [field] : field });
  return uuid13;
}
var NO_SUCH_UUID = MALFORMED_ID;
function laterCheckedUuid(id, type) {
  return uuidOf(id, type) ?? NO_SUCH_UUID;
}

// dist/graphql/common/paging.js
import { ArgsType, Field as Field2, Int as Int2, registerEnumType as registerEnumType2 } from "type-graphql";
var __decorate2 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata2 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var OrderDirection;
(function(OrderDirection2) {
  OrderDirection2["ASC"] = "ASC";
  OrderDirection2["DESC"] = "DESC";
})(OrderDirection || (OrderDirection = {}));
registerEnumType2(OrderDirection, { name: "OrderDirection" });
var PageArgs = class PageArgs2 {
  first;
  after;
  last;
  before;
};
__decorate2([
  Field2(() => Int2, { nullable: true, description: "Page size, 1\u2013100 (default 20)." }),
  __metadata2("design:type", Object)
], PageArgs.prototype, "first", void 0);
__decorate2([
  Field2(() => String, { nullable: true }),
  __metadata2("design:type", Object)
], PageArgs.prototype, "after", void 0);
__decorate2([
  Field2(() => Int2, { nullable: true, description: "Page size when reading backwards, 1\u2013100." }),
  __metadata2("design:type", Object)
], PageArgs.prototype, "last", void 0);
__decorate2([
  Field2(() => String, { nullable: true }),
  __metadata2("design:type", Object)
], PageArgs.prototype, "before", void 0);
PageArgs = __decorate2([
  ArgsType()
], PageArgs);

// dist/graphql/cluster/cluster.type.js
import { GraphQLJSONObject } from "graphql-scalars";
import { Field as Field5, GraphQLISODateTime, Int as Int3, ObjectType as ObjectType3 } from "type-graphql";

// dist/graphql/common/label.js
import { Field as Field3, InputType, ObjectType as ObjectType2 } from "type-graphql";
var __decorate3 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata3 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var Label = class Label2 {
  key;
  value;
};
__decorate3([
  Field3(() => String),
  __metadata3("design:type", String)
], Label.prototype, "key", void 0);
__decorate3([
  Field3(() => String),
  __metadata3("design:type", String)
], Label.prototype, "value", void 0);
Label = __decorate3([
  ObjectType2({ description: "A key/value pair that configures the cluster (kube_tag, availability_zone, \u2026)." })
], Label);
var LabelInput = class LabelInput2 {
  key;
  value;
};
__decorate3([
  Field3(() => String),
  __metadata3("design:type", String)
], LabelInput.prototype, "key", void 0);
__decorate3([
  Field3(() => String),
  __metadata3("design:type", String)
], LabelInput.prototype, "value", void 0);
LabelInput = __decorate3([
  InputType()
], LabelInput);

// dist/graphql/common/node.js
import { Field as Field4, ID, InterfaceType } from "type-graphql";
var __decorate4 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata4 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var NodeInterface = class NodeInterface2 {
  id;
};
__decorate4([
  Field4(() => ID, { description: "Opaque global ID." }),
  __metadata4("design:type", String)
], NodeInterface.prototype, "id", void 0);
NodeInterface = __decorate4([
  InterfaceType("Node", {
    description: "An object with an opaque global ID, fetchable with node(id).",
    resolveType: (value) => value.__typename
  })
], NodeInterface);

// dist/graphql/cluster/cluster.type.js
var __decorate5 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata5 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ClusterObject = class ClusterObject2 extends NodeInterface {
  uuid;
  name;
  status;
  statusReason;
  healthStatus;
  healthStatusReason;
  nodeCount;
  masterCount;
  flavorId;
  masterFlavorId;
  keypair;
  labels;
  createTimeout;
  discoveryUrl;
  apiAddress;
  masterAddresses;
  nodeAddresses;
  coeVersion;
  containerVersion;
  stackId;
  faults;
  dockerVolumeSize;
  fixedNetwork;
  fixedSubnet;
  floatingIpEnabled;
  masterLbEnabled;
  resourceVersion;
  createdAt;
  updatedAt;
  projectId;
  templateId;
};
__decorate5([
  Field5(() => String),
  __metadata5("design:type", String)
], ClusterObject.prototype, "uuid", void 0);
__decorate5([
  Field5(() => String),
  __metadata5("design:type", String)
], ClusterObject.prototype, "name", void 0);
__decorate5([
  Field5(() => ClusterStatus),
  __metadata5("design:type", String)
], ClusterObject.prototype, "status", void 0);
__decorate5([
  Field5(() => String, { nullable: true }),
  __metadata5("design:type", Object)
], ClusterObject.prototype, "statusReason", void 0);
__decorate5([
  Field5(() => HealthStatus),
  __metadata5("design:type", String)
], ClusterObject.prototype, "healthStatus", void 0);
__decorate5([
  Field5(() => GraphQLJSONObject, { description: 'Per check, as Magnum: {"api": "ok", "node-0.Ready": "True"}.' }),
  __metadata5("design:type", Object)
], ClusterObject.prototype, "healthStatusReason", void 0);
__decorate5([
  Field5(() => Int3),
  __metadata5("design:type", Number)
], ClusterObject.prototype, "nodeCount", void 0);
__decorate5([
  Field5(() => Int3),
  __metadata5("design:type", Number)
], ClusterObject.prototype, "masterCount", void 0);
__decorate5([
  Field5(() => String, { nullable: true }),
  __metadata5("design:type", Object)
], ClusterObject.prototype, "flavorId", void 0);
__decorate5([
  Field5(() => String, { nullable: true }),
  __metadata5("design:type", Object)
], ClusterObject.prototype, "masterFlavorId", void 0);
__decorate5([
  Field5(() => String, { nullable: true }),
  __metadata5("design:type", Object)
], ClusterObject.prototype, "keypair", void 0);
__decorate5([
  Field5(() => [Label]),
  __metadata5("design:type", Array)
], ClusterObject.prototype, "labels", void 0);
__decorate5([
  Field5(() => Int3, { description: "Minutes a create may take before it fails (0: no limit)." }),
  __metadata5("design:type", Number)
], ClusterObject.prototype, "createTimeout", void 0);
__decorate5([
  Field5(() => String, { nullable: true }),
  __metadata5("design:type", Object)
], ClusterObject.prototype, "discoveryUrl", void 0);
__decorate5([
  Field5(() => String, { nullable: true }),
  __metadata5("design:type", Object)
], ClusterObject.prototype, "apiAddress", void 0);
__decorate5([
  Field5(() => [String]),
  __metadata5("design:type", Array)
], ClusterObject.prototype, "masterAddresses", void 0);
__decorate5([
  Field5(() => [String]),
  __metadata5("design:type", Array)
], ClusterObject.prototype, "nodeAddresses", void 0);
__decorate5([
  Field5(() => String, { nullable: true }),
  __metadata5("design:type", Object)
], ClusterObject.prototype, "coeVersion", void 0);
__decorate5([
  Field5(() => String, { nullable: true }),
  __metadata5("design:type", Object)
], ClusterObject.prototype, "containerVersion", void 0);
__decorate5([
  Field5(() => String, { nullable: true }),
  __metadata5("design:type", Object)
], ClusterObject.prototype, "stackId", void 0);
__decorate5([
  Field5(() => GraphQLJSONObject, { description: "Node group name \u2192 reason, when something failed." }),
  __metadata5("design:type", Object)
], ClusterObject.prototype, "faults", void 0);
__decorate5([
  Field5(() => Int3, { nullable: true }),
  __metadata5("design:type", Object)
], ClusterObject.prototype, "dockerVolumeSize", void 0);
__decorate5([
  Field5(() => String, { nullable: true }),
  __metadata5("design:type", Object)
], ClusterObject.prototype, "fixedNetwork", void 0);
__decorate5([
  Field5(() => String, { nullable: true }),
  __metadata5("design:type", Object)
], ClusterObject.prototype, "fixedSubnet", void 0);
__decorate5([
  Field5(() => Boolean),
  __metadata5("design:type", Boolean)
], ClusterObject.prototype, "floatingIpEnabled", void 0);
__decorate5([
  Field5(() => Boolean),
  __metadata5("design:type", Boolean)
], ClusterObject.prototype, "masterLbEnabled", void 0);
__decorate5([
  Field5(() => Int3, { description: "Increases with every change; send it as expectedVersion to update safely." }),
  __metadata5("design:type", Number)
], ClusterObject.prototype, "resourceVersion", void 0);
__decorate5([
  Field5(() => GraphQLISODateTime),
  __metadata5("design:type", Date)
], ClusterObject.prototype, "createdAt", void 0);
__decorate5([
  Field5(() => GraphQLISODateTime),
  __metadata5("design:type", Date)
], ClusterObject.prototype, "updatedAt", void 0);
ClusterObject = __decorate5([
  ObjectType3("Cluster", { implements: NodeInterface, description: "A container cluster (Magnum's bay)." })
], ClusterObject);
function clusterObject(row) {
  return Object.assign(new ClusterObject(), row, { __typename: "Cluster", id: toGlobalId("Cluster", row.id), uuid: row.id });
}

// dist/graphql/cluster/cluster.args.js
var __decorate6 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata6 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ClusterConnection = ConnectionType("Cluster", ClusterObject);
var ClusterOrderField;
(function(ClusterOrderField2) {
  ClusterOrderField2["NAME"] = "NAME";
  ClusterOrderField2["STATUS"] = "STATUS";
  ClusterOrderField2["CREATED_AT"] = "CREATED_AT";
  ClusterOrderField2["UPDATED_AT"] = "UPDATED_AT";
})(ClusterOrderField || (ClusterOrderField = {}));
registerEnumType3(ClusterOrderField, { name: "ClusterOrderField" });
var ClusterFilter = class ClusterFilter2 {
  projectId;
  name;
  nameContains;
  status;
  clusterTemplateId;
  coe;
};
__decorate6([
  Field6(() => ID2, { nullable: true }),
  __metadata6("design:type", Object)
], ClusterFilter.prototype, "projectId", void 0);
__decorate6([
  Field6(() => String, { nullable: true, description: "Exact name." }),
  __metadata6("design:type", Object)
], ClusterFilter.prototype, "name", void 0);
__decorate6([
  Field6(() => String, { nullable: true, description: "Case-insensitive substring of the name." }),
  __metadata6("design:type", Object)
], ClusterFilter.prototype, "nameContains", void 0);
__decorate6([
  Field6(() => [ClusterStatus], { nullable: true, description: "Any of these statuses." }),
  __metadata6("design:type", Object)
], ClusterFilter.prototype, "status", void 0);
__decorate6([
  Field6(() => ID2, { nullable: true }),
  __metadata6("design:type", Object)
], ClusterFilter.prototype, "clusterTemplateId", void 0);
__decorate6([
  Field6(() => Coe, { nullable: true }),
  __metadata6("design:type", Object)
], ClusterFilter.prototype, "coe", void 0);
ClusterFilter = __decorate6([
  InputType2()
], ClusterFilter);
var ClusterOrder = class ClusterOrder2 {
  field;
  direction;
};
__decorate6([
  Field6(() => ClusterOrderField),
  __metadata6("design:type", String)
], ClusterOrder.prototype, "field", void 0);
__decorate6([
  Field6(() => OrderDirection, { defaultValue: OrderDirection.ASC }),
  __metadata6("design:type", String)
], ClusterOrder.prototype, "direction", void 0);
ClusterOrder = __decorate6([
  InputType2()
], ClusterOrder);
var ClustersArgs = class ClustersArgs2 extends PageArgs {
  filter;
  orderBy;
};
__decorate6([
  Field6(() => ClusterFilter, { nullable: true }),
  __metadata6("design:type", Object)
], ClustersArgs.prototype, "filter", void 0);
__decorate6([
  Field6(() => ClusterOrder, { nullable: true, description: "Default: newest first." }),
  __metadata6("design:type", Object)
], ClustersArgs.prototype, "orderBy", void 0);
ClustersArgs = __decorate6([
  ArgsType2()
], ClustersArgs);
function clusterFilterFor(args, context) {
  const filter = args.filter ?? {};
  return {
    filter: {
      visibleProjects: readableProjects(context.principal),
      projectId: filter.projectId ? argumentUuid(filter.projectId, "Project", ["filter", "projectId"]) : null,
      name: filter.name ?? null,
      nameContains: filter.nameContains ?? null,
      statuses: filter.status ?? null,
      templateId: filter.clusterTemplateId ? argumentUuid(filter.clusterTemplateId, "ClusterTemplate", ["filter", "clusterTemplateId"]) : null,
      coe: filter.coe ?? null
    },
    sort: { field: args.orderBy?.field ?? "CREATED_AT", direction: args.orderBy?.direction ?? (args.orderBy ? "ASC" : "DESC") }
  };
}

// dist/graphql/project/project.type.js
import { Field as Field7, GraphQLISODateTime as GraphQLISODateTime2, ObjectType as ObjectType4 } from "type-graphql";
var __decorate7 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata7 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ProjectObject = class ProjectObject2 extends NodeInterface {
  uuid;
  name;
  createdAt;
  updatedAt;
};
__decorate7([
  Field7(() => String),
  __metadata7("design:type", String)
], ProjectObject.prototype, "uuid", void 0);
__decorate7([
  Field7(() => String),
  __metadata7("design:type", String)
], ProjectObject.prototype, "name", void 0);
__decorate7([
  Field7(() => GraphQLISODateTime2),
  __metadata7("design:type", Date)
], ProjectObject.prototype, "createdAt", void 0);
__decorate7([
  Field7(() => GraphQLISODateTime2),
  __metadata7("design:type", Date)
], ProjectObject.prototype, "updatedAt", void 0);
ProjectObject = __decorate7([
  ObjectType4("Project", { implements: NodeInterface })
], ProjectObject);
function projectObject(row) {
  return Object.assign(new ProjectObject(), { __typename: "Project", id: toGlobalId("Project", row.id), uuid: row.id, name: row.name, createdAt: row.createdAt, updatedAt: row.updatedAt });
}

// dist/graphql/cluster-template/cluster-template.input.js
import { ArgsType as ArgsType3, Field as Field8, ID as ID3, InputType as InputType3, Int as Int4 } from "type-graphql";
import { registerEnumType as registerEnumType4 } from "type-graphql";
var __decorate8 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata8 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ClusterTemplateOrderField;
(function(ClusterTemplateOrderField2) {
  ClusterTemplateOrderField2["NAME"] = "NAME";
  ClusterTemplateOrderField2["CREATED_AT"] = "CREATED_AT";
  ClusterTemplateOrderField2["UPDATED_AT"] = "UPDATED_AT";
})(ClusterTemplateOrderField || (ClusterTemplateOrderField = {}));
registerEnumType4(ClusterTemplateOrderField, { name: "ClusterTemplateOrderField" });
var ClusterTemplateFilter = class ClusterTemplateFilter2 {
  projectId;
  name;
  nameContains;
  coe;
  public;
};
__decorate8([
  Field8(() => ID3, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFilter.prototype, "projectId", void 0);
__decorate8([
  Field8(() => String, { nullable: true, description: "Exact name." }),
  __metadata8("design:type", Object)
], ClusterTemplateFilter.prototype, "name", void 0);
__decorate8([
  Field8(() => String, { nullable: true, description: "Case-insensitive substring of the name." }),
  __metadata8("design:type", Object)
], ClusterTemplateFilter.prototype, "nameContains", void 0);
__decorate8([
  Field8(() => Coe, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFilter.prototype, "coe", void 0);
__decorate8([
  Field8(() => Boolean, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFilter.prototype, "public", void 0);
ClusterTemplateFilter = __decorate8([
  InputType3()
], ClusterTemplateFilter);
var ClusterTemplateOrder = class ClusterTemplateOrder2 {
  field;
  direction;
};
__decorate8([
  Field8(() => ClusterTemplateOrderField),
  __metadata8("design:type", String)
], ClusterTemplateOrder.prototype, "field", void 0);
__decorate8([
  Field8(() => OrderDirection, { defaultValue: OrderDirection.ASC }),
  __metadata8("design:type", String)
], ClusterTemplateOrder.prototype, "direction", void 0);
ClusterTemplateOrder = __decorate8([
  InputType3()
], ClusterTemplateOrder);
var ClusterTemplatesArgs = class ClusterTemplatesArgs2 extends PageArgs {
  filter;
  orderBy;
};
__decorate8([
  Field8(() => ClusterTemplateFilter, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplatesArgs.prototype, "filter", void 0);
__decorate8([
  Field8(() => ClusterTemplateOrder, { nullable: true, description: "Default: newest first." }),
  __metadata8("design:type", Object)
], ClusterTemplatesArgs.prototype, "orderBy", void 0);
ClusterTemplatesArgs = __decorate8([
  ArgsType3()
], ClusterTemplatesArgs);
var ClusterTemplateFieldsInput = class ClusterTemplateFieldsInput2 {
  name;
  clusterDistro;
  keypairId;
  flavorId;
  masterFlavorId;
  serverType;
  networkDriver;
  volumeDriver;
  dockerVolumeSize;
  dockerStorageDriver;
  externalNetworkId;
  fixedNetwork;
  fixedSubnet;
  dnsNameserver;
  apiserverPort;
  httpProxy;
  httpsProxy;
  noProxy;
  registryEnabled;
  insecureRegistry;
  tlsDisabled;
  public;
  hidden;
  floatingIpEnabled;
  masterLbEnabled;
  labels;
  tags;
  requestId;
};
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "name", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "clusterDistro", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "keypairId", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "flavorId", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "masterFlavorId", void 0);
__decorate8([
  Field8(() => ServerType, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "serverType", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "networkDriver", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "volumeDriver", void 0);
__decorate8([
  Field8(() => Int4, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "dockerVolumeSize", void 0);
__decorate8([
  Field8(() => DockerStorageDriver, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "dockerStorageDriver", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "externalNetworkId", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "fixedNetwork", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "fixedSubnet", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "dnsNameserver", void 0);
__decorate8([
  Field8(() => Int4, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "apiserverPort", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "httpProxy", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "httpsProxy", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "noProxy", void 0);
__decorate8([
  Field8(() => Boolean, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "registryEnabled", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "insecureRegistry", void 0);
__decorate8([
  Field8(() => Boolean, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "tlsDisabled", void 0);
__decorate8([
  Field8(() => Boolean, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "public", void 0);
__decorate8([
  Field8(() => Boolean, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "hidden", void 0);
__decorate8([
  Field8(() => Boolean, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "floatingIpEnabled", void 0);
__decorate8([
  Field8(() => Boolean, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "masterLbEnabled", void 0);
__decorate8([
  Field8(() => [LabelInput], { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "labels", void 0);
__decorate8([
  Field8(() => [String], { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "tags", void 0);
__decorate8([
  Field8(() => String, { nullable: true, description: "Repeat a request safely: the same requestId returns the first result." }),
  __metadata8("design:type", Object)
], ClusterTemplateFieldsInput.prototype, "requestId", void 0);
ClusterTemplateFieldsInput = __decorate8([
  InputType3("ClusterTemplateFieldsInput")
], ClusterTemplateFieldsInput);
var ClusterTemplateCreateInput = class ClusterTemplateCreateInput2 extends ClusterTemplateFieldsInput {
  coe;
  imageId;
  projectId;
};
__decorate8([
  Field8(() => Coe),
  __metadata8("design:type", String)
], ClusterTemplateCreateInput.prototype, "coe", void 0);
__decorate8([
  Field8(() => String),
  __metadata8("design:type", String)
], ClusterTemplateCreateInput.prototype, "imageId", void 0);
__decorate8([
  Field8(() => ID3, { nullable: true, description: "Default: the caller's only project." }),
  __metadata8("design:type", Object)
], ClusterTemplateCreateInput.prototype, "projectId", void 0);
ClusterTemplateCreateInput = __decorate8([
  InputType3()
], ClusterTemplateCreateInput);
var ClusterTemplateUpdateInput = class ClusterTemplateUpdateInput2 extends ClusterTemplateFieldsInput {
  id;
  coe;
  imageId;
  expectedVersion;
};
__decorate8([
  Field8(() => ID3),
  __metadata8("design:type", String)
], ClusterTemplateUpdateInput.prototype, "id", void 0);
__decorate8([
  Field8(() => Coe, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateUpdateInput.prototype, "coe", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateUpdateInput.prototype, "imageId", void 0);
__decorate8([
  Field8(() => Int4, { nullable: true, description: "Refuse with CONFLICT unless the template is still at this resourceVersion." }),
  __metadata8("design:type", Object)
], ClusterTemplateUpdateInput.prototype, "expectedVersion", void 0);
ClusterTemplateUpdateInput = __decorate8([
  InputType3()
], ClusterTemplateUpdateInput);
var ClusterTemplateDeleteInput = class ClusterTemplateDeleteInput2 {
  id;
  expectedVersion;
  requestId;
};
__decorate8([
  Field8(() => ID3),
  __metadata8("design:type", String)
], ClusterTemplateDeleteInput.prototype, "id", void 0);
__decorate8([
  Field8(() => Int4, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateDeleteInput.prototype, "expectedVersion", void 0);
__decorate8([
  Field8(() => String, { nullable: true }),
  __metadata8("design:type", Object)
], ClusterTemplateDeleteInput.prototype, "requestId", void 0);
ClusterTemplateDeleteInput = __decorate8([
  InputType3()
], ClusterTemplateDeleteInput);

// dist/graphql/cluster-template/cluster-template.payload.js
import { Field as Field11, ID as ID4, ObjectType as ObjectType7 } from "type-graphql";

// dist/graphql/common/user-error.js
import { Field as Field9, Int as Int5, ObjectType as ObjectType5 } from "type-graphql";
var __decorate9 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata9 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var UserError = class UserError2 {
  code;
  field;
  message;
  limit;
  used;
};
__decorate9([
  Field9(() => UserErrorCode),
  __metadata9("design:type", String)
], UserError.prototype, "code", void 0);
__decorate9([
  Field9(() => [String], { description: 'Path of the offending field inside the input, e.g. ["labels", "2", "key"]; empty when no single field is at fault.' }),
  __metadata9("design:type", Array)
], UserError.prototype, "field", void 0);
__decorate9([
  Field9(() => String),
  __metadata9("design:type", String)
], UserError.prototype, "message", void 0);
__decorate9([
  Field9(() => Int5, { nullable: true, description: "QUOTA_EXCEEDED: the limit." }),
  __metadata9("design:type", Object)
], UserError.prototype, "limit", void 0);
__decorate9([
  Field9(() => Int5, { nullable: true, description: "QUOTA_EXCEEDED: what is in use." }),
  __metadata9("design:type", Object)
], UserError.prototype, "used", void 0);
UserError = __decorate9([
  ObjectType5({ description: "Why a mutation was refused; nothing was changed." })
], UserError);

// dist/graphql/cluster-template/cluster-template.type.js
import { Field as Field10, GraphQLISODateTime as GraphQLISODateTime3, Int as Int6, ObjectType as ObjectType6 } from "type-graphql";
var __decorate10 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata10 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ClusterTemplateObject = class ClusterTemplateObject2 extends NodeInterface {
  uuid;
  name;
  coe;
  clusterDistro;
  imageId;
  keypairId;
  flavorId;
  masterFlavorId;
  serverType;
  networkDriver;
  volumeDriver;
  dockerVolumeSize;
  dockerStorageDriver;
  externalNetworkId;
  fixedNetwork;
  fixedSubnet;
  dnsNameserver;
  apiserverPort;
  httpProxy;
  httpsProxy;
  noProxy;
  registryEnabled;
  insecureRegistry;
  tlsDisabled;
  public;
  hidden;
  floatingIpEnabled;
  masterLbEnabled;
  labels;
  tags;
  resourceVersion;
  createdAt;
  updatedAt;
  projectId;
};
__decorate10([
  Field10(() => String),
  __metadata10("design:type", String)
], ClusterTemplateObject.prototype, "uuid", void 0);
__decorate10([
  Field10(() => String),
  __metadata10("design:type", String)
], ClusterTemplateObject.prototype, "name", void 0);
__decorate10([
  Field10(() => Coe),
  __metadata10("design:type", String)
], ClusterTemplateObject.prototype, "coe", void 0);
__decorate10([
  Field10(() => String, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "clusterDistro", void 0);
__decorate10([
  Field10(() => String),
  __metadata10("design:type", String)
], ClusterTemplateObject.prototype, "imageId", void 0);
__decorate10([
  Field10(() => String, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "keypairId", void 0);
__decorate10([
  Field10(() => String, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "flavorId", void 0);
__decorate10([
  Field10(() => String, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "masterFlavorId", void 0);
__decorate10([
  Field10(() => ServerType),
  __metadata10("design:type", String)
], ClusterTemplateObject.prototype, "serverType", void 0);
__decorate10([
  Field10(() => String, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "networkDriver", void 0);
__decorate10([
  Field10(() => String, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "volumeDriver", void 0);
__decorate10([
  Field10(() => Int6, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "dockerVolumeSize", void 0);
__decorate10([
  Field10(() => DockerStorageDriver, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "dockerStorageDriver", void 0);
__decorate10([
  Field10(() => String, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "externalNetworkId", void 0);
__decorate10([
  Field10(() => String, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "fixedNetwork", void 0);
__decorate10([
  Field10(() => String, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "fixedSubnet", void 0);
__decorate10([
  Field10(() => String, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "dnsNameserver", void 0);
__decorate10([
  Field10(() => Int6, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "apiserverPort", void 0);
__decorate10([
  Field10(() => String, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "httpProxy", void 0);
__decorate10([
  Field10(() => String, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "httpsProxy", void 0);
__decorate10([
  Field10(() => String, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "noProxy", void 0);
__decorate10([
  Field10(() => Boolean),
  __metadata10("design:type", Boolean)
], ClusterTemplateObject.prototype, "registryEnabled", void 0);
__decorate10([
  Field10(() => String, { nullable: true }),
  __metadata10("design:type", Object)
], ClusterTemplateObject.prototype, "insecureRegistry", void 0);
__decorate10([
  Field10(() => Boolean),
  __metadata10("design:type", Boolean)
], ClusterTemplateObject.prototype, "tlsDisabled", void 0);
__decorate10([
  Field10(() => Boolean),
  __metadata10("design:type", Boolean)
], ClusterTemplateObject.prototype, "public", void 0);
__decorate10([
  Field10(() => Boolean),
  __metadata10("design:type", Boolean)
], ClusterTemplateObject.prototype, "hidden", void 0);
__decorate10([
  Field10(() => Boolean),
  __metadata10("design:type", Boolean)
], ClusterTemplateObject.prototype, "floatingIpEnabled", void 0);
__decorate10([
  Field10(() => Boolean),
  __metadata10("design:type", Boolean)
], ClusterTemplateObject.prototype, "masterLbEnabled", void 0);
__decorate10([
  Field10(() => [Label]),
  __metadata10("design:type", Array)
], ClusterTemplateObject.prototype, "labels", void 0);
__decorate10([
  Field10(() => [String]),
  __metadata10("design:type", Array)
], ClusterTemplateObject.prototype, "tags", void 0);
__decorate10([
  Field10(() => Int6, { description: "Increases with every change; send it as expectedVersion to update safely." }),
  __metadata10("design:type", Number)
], ClusterTemplateObject.prototype, "resourceVersion", void 0);
__decorate10([
  Field10(() => GraphQLISODateTime3),
  __metadata10("design:type", Date)
], ClusterTemplateObject.prototype, "createdAt", void 0);
__decorate10([
  Field10(() => GraphQLISODateTime3),
  __metadata10("design:type", Date)
], ClusterTemplateObject.prototype, "updatedAt", void 0);
ClusterTemplateObject = __decorate10([
  ObjectType6("ClusterTemplate", { implements: NodeInterface, description: "A set of parameters clusters are created from." })
], ClusterTemplateObject);
function templateObject(row) {
  return Object.assign(new ClusterTemplateObject(), row, {
    __typename: "ClusterTemplate",
    id: toGlobalId("ClusterTemplate", row.id),
    uuid: row.id
  });
}

// dist/graphql/cluster-template/cluster-template.payload.js
var __decorate11 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata11 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ClusterTemplateCreatePayload = class ClusterTemplateCreatePayload2 {
  clusterTemplate;
  userErrors;
};
__decorate11([
  Field11(() => ClusterTemplateObject, { nullable: true }),
  __metadata11("design:type", Object)
], ClusterTemplateCreatePayload.prototype, "clusterTemplate", void 0);
__decorate11([
  Field11(() => [UserError]),
  __metadata11("design:type", Array)
], ClusterTemplateCreatePayload.prototype, "userErrors", void 0);
ClusterTemplateCreatePayload = __decorate11([
  ObjectType7()
], ClusterTemplateCreatePayload);
var ClusterTemplateUpdatePayload = class ClusterTemplateUpdatePayload2 {
  clusterTemplate;
  userErrors;
};
__decorate11([
  Field11(() => ClusterTemplateObject, { nullable: true }),
  __metadata11("design:type", Object)
], ClusterTemplateUpdatePayload.prototype, "clusterTemplate", void 0);
__decorate11([
  Field11(() => [UserError]),
  __metadata11("design:type", Array)
], ClusterTemplateUpdatePayload.prototype, "userErrors", void 0);
ClusterTemplateUpdatePayload = __decorate11([
  ObjectType7()
], ClusterTemplateUpdatePayload);
var ClusterTemplateDeletePayload = class ClusterTemplateDeletePayload2 {
  deletedClusterTemplateId;
  userErrors;
};
__decorate11([
  Field11(() => ID4, { nullable: true }),
  __metadata11("design:type", Object)
], ClusterTemplateDeletePayload.prototype, "deletedClusterTemplateId", void 0);
__decorate11([
  Field11(() => [UserError]),
  __metadata11("design:type", Array)
], ClusterTemplateDeletePayload.prototype, "userErrors", void 0);
ClusterTemplateDeletePayload = __decorate11([
  ObjectType7()
], ClusterTemplateDeletePayload);

// dist/graphql/cluster-template/cluster-template.resolver.js
var __decorate12 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata12 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
var ClusterTemplateConnection = ConnectionType("ClusterTemplate", ClusterTemplateObject);
async function visibleTemplate2(context, uuid13) {
  const row = await context.loaders.template.load(uuid13);
  return row && canSee(context.principal, "clusterTemplate", row) ? row : void 0;
}
var ClusterTemplateResolver = class ClusterTemplateResolver2 {
  async clusterTemplates(args, context) {
    const filter = args.filter ?? {};
    const projectId = filter.projectId ? argumentUuid(filter.projectId, "Project", ["filter", "projectId"]) : null;
    const { page, count: count3 } = await pageClusterTemplates(context.domain.db, {
      visibleProjects: readableProjects(context.principal),
      includeHidden: context.principal.isGlobalAdmin,
      projectId,
      name: filter.name,
      nameContains: filter.nameContains,
      coe: filter.coe,
      public: filter.public
    }, { field: args.orderBy?.field ?? "CREATED_AT", direction: args.orderBy?.direction ?? (args.orderBy ? "ASC" : "DESC") }, args);
    return toConnection(page, templateObject, count3);
  }
  async clusterTemplate(id, context) {
    const row = await visibleTemplate2(context, argumentUuid(id, "ClusterTemplate", "id"));
    if (!row)
      throw notFoundError("cluster template");
    return templateObject(row);
  }
  async project(template, context) {
    if (!canSee(context.principal, "project", { projectId: template.projectId }))
      return null;
    const row = await context.loaders.project.load(template.projectId);
    return row ? projectObject(row) : null;
  }
  async clusters(template, args, context) {
    const { filter, sort } = clusterFilterFor(args, context);
    const page = await context.loaders.clustersOfTemplate.load({ templateId: template.uuid, filter, sort, page: { first: args.first, after: args.after, last: args.last, before: args.before } });
    return toConnection(page, clusterObject, () => context.loaders.clusterCountOfTemplate.load({ templateId: template.uuid, filter }));
  }
  async clusterTemplateCreate(input, context) {
    return asPayload(async () => {
      const projectId = input.projectId ? requireUuid(input.projectId, "Project", "projectId") : null;
      const fields = presentFields(input, ["requestId", "projectId"], true);
      const { result } = await createClusterTemplate(context.domain, { ...fields, projectId }, { requestId: input.requestId, homeProjectId: context.homeProjectId });
      return { clusterTemplate: await this.reload(context, result.clusterTemplateId) };
    });
  }
  async clusterTemplateUpdate(input, context) {
    return asPayload(async () => {
      const uuid13 = requireUuid(input.id, "ClusterTemplate", "id");
      const patch = presentFields(input, ["id", "requestId", "expectedVersion"], false);
      const { result } = await updateClusterTemplate(context.domain, uuid13, patch, { requestId: input.requestId, expectedVersion: input.expectedVersion, homeProjectId: context.homeProjectId });
      return { clusterTemplate: await this.reload(context, result.clusterTemplateId) };
    });
  }
  async clusterTemplateDelete(input, context) {
    return asPayload(async () => {
      const uuid13 = requireUuid(input.id, "ClusterTemplate", "id");
      await deleteClusterTemplate(context.domain, uuid13, { requestId: input.requestId, expectedVersion: input.expectedVersion, homeProjectId: context.homeProjectId });
      return { deletedClusterTemplateId: input.id };
    });
  }
  async reload(context, uuid13) {
    if (!uuid13)
      return null;
    context.loaders.template.clear(uuid13);
    const row = await context.loaders.template.load(uuid13);
    return row ? templateObject(row) : null;
  }
};
__decorate12([
  Query(() => ClusterTemplateConnection, { description: "Templates the caller may use: its projects' and public ones." }),
  __param(0, Args(() => ClusterTemplatesArgs)),
  __param(1, Ctx()),
  __metadata12("design:type", Function),
  __metadata12("design:paramtypes", [ClusterTemplatesArgs, Object]),
  __metadata12("design:returntype", Promise)
], ClusterTemplateResolver.prototype, "clusterTemplates", null);
__decorate12([
  Query(() => ClusterTemplateObject, { description: "One template; NOT_FOUND when it does not exist or is not visible." }),
  __param(0, Arg("id", () => ID5)),
  __param(1, Ctx()),
  __metadata12("design:type", Function),
  __metadata12("design:paramtypes", [String, Object]),
  __metadata12("design:returntype", Promise)
], ClusterTemplateResolver.prototype, "clusterTemplate", null);
__decorate12([
  FieldResolver(() => ProjectObject, { nullable: true, description: "Null for a public template of a project the caller does not belong to." }),
  __param(0, Root()),
  __param(1, Ctx()),
  __metadata12("design:type", Function),
  __metadata12("design:paramtypes", [ClusterTemplateObject, Object]),
  __metadata12("design:returntype", Promise)
], ClusterTemplateResolver.prototype, "project", null);
__decorate12([
  FieldResolver(() => ClusterConnection, { description: "Clusters built from this template that the caller may see." }),
  __param(0, Root()),
  __param(1, Args(() => ClustersArgs)),
  __param(2, Ctx()),
  __metadata12("design:type", Function),
  __metadata12("design:paramtypes", [ClusterTemplateObject, ClustersArgs, Object]),
  __metadata12("design:returntype", Promise)
], ClusterTemplateResolver.prototype, "clusters", null);
__decorate12([
  Mutation(() => ClusterTemplateCreatePayload),
  __param(0, Arg("input", () => ClusterTemplateCreateInput)),
  __param(1, Ctx()),
  __metadata12("design:type", Function),
  __metadata12("design:paramtypes", [ClusterTemplateCreateInput, Object]),
  __metadata12("design:returntype", Promise)
], ClusterTemplateResolver.prototype, "clusterTemplateCreate", null);
__decorate12([
  Mutation(() => ClusterTemplateUpdatePayload),
  __param(0, Arg("input", () => ClusterTemplateUpdateInput)),
  __param(1, Ctx()),
  __metadata12("design:type", Function),
  __metadata12("design:paramtypes", [ClusterTemplateUpdateInput, Object]),
  __metadata12("design:returntype", Promise)
], ClusterTemplateResolver.prototype, "clusterTemplateUpdate", null);
__decorate12([
  Mutation(() => ClusterTemplateDeletePayload),
  __param(0, Arg("input", () => ClusterTemplateDeleteInput)),
  __param(1, Ctx()),
  __metadata12("design:type", Function),
  __metadata12("design:paramtypes", [ClusterTemplateDeleteInput, Object]),
  __metadata12("design:returntype", Promise)
], ClusterTemplateResolver.prototype, "clusterTemplateDelete", null);
ClusterTemplateResolver = __decorate12([
  Resolver(() => ClusterTemplateObject)
], ClusterTemplateResolver);

// dist/graphql/cluster/cluster.resolver.js
import { Arg as Arg2, Args as Args2, Ctx as Ctx2, FieldResolver as FieldResolver2, ID as ID8, Mutation as Mutation2, Query as Query2, Resolver as Resolver2, Root as Root2 } from "type-graphql";

// dist/db/queries/cluster-history.js
import { eq as eq17 } from "drizzle-orm";
async function pageOperationsOfCluster(executor, clusterId, request) {
  const filter = eq17(operations.clusterId, clusterId);
  const page = await paginate(executor, operations, operations.id, filter, { name: "CREATED_AT_DESC", column: operations.createdAt, kind: "timestamp", direction: "DESC" }, "createdAt", request);
  return { page, count: () => countRows(executor, operations, filter) };
}
async function pageEventsOfCluster(executor, clusterId, request) {
  const filter = eq17(clusterEvents.clusterId, clusterId);
  const page = await paginate(executor, clusterEvents, clusterEvents.id, filter, { name: "CURSOR_DESC", column: clusterEvents.id, kind: "bigint", direction: "DESC", idKind: "bigint" }, "id", request);
  return { page, count: () => countRows(executor, clusterEvents, filter) };
}

// dist/graphql/cluster-event/cluster-event.type.js
import { GraphQLJSONObject as GraphQLJSONObject2 } from "graphql-scalars";
import { Field as Field12, GraphQLISODateTime as GraphQLISODateTime4, ID as ID6, Int as Int7, ObjectType as ObjectType8 } from "type-graphql";
var __decorate13 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata13 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ClusterEventObject = class ClusterEventObject2 {
  cursor;
  type;
  occurredAt;
  clusterId;
  status;
  previousStatus;
  statusReason;
  healthStatus;
  stage;
  percent;
  details;
  clusterUuid;
  operationUuid;
  projectId;
};
__decorate13([
  Field12(() => String, { description: "Monotonically increasing; pass it as `after` to resume." }),
  __metadata13("design:type", String)
], ClusterEventObject.prototype, "cursor", void 0);
__decorate13([
  Field12(() => ClusterEventType),
  __metadata13("design:type", String)
], ClusterEventObject.prototype, "type", void 0);
__decorate13([
  Field12(() => GraphQLISODateTime4),
  __metadata13("design:type", Date)
], ClusterEventObject.prototype, "occurredAt", void 0);
__decorate13([
  Field12(() => ID6, { description: "The cluster's global id; stays valid in history after it is deleted." }),
  __metadata13("design:type", String)
], ClusterEventObject.prototype, "clusterId", void 0);
__decorate13([
  Field12(() => ClusterStatus, { nullable: true }),
  __metadata13("design:type", Object)
], ClusterEventObject.prototype, "status", void 0);
__decorate13([
  Field12(() => ClusterStatus, { nullable: true }),
  __metadata13("design:type", Object)
], ClusterEventObject.prototype, "previousStatus", void 0);
__decorate13([
  Field12(() => String, { nullable: true }),
  __metadata13("design:type", Object)
], ClusterEventObject.prototype, "statusReason", void 0);
__decorate13([
  Field12(() => HealthStatus, { nullable: true }),
  __metadata13("design:type", Object)
], ClusterEventObject.prototype, "healthStatus", void 0);
__decorate13([
  Field12(() => String, { nullable: true, description: "The stage a PROGRESS event is about." }),
  __metadata13("design:type", Object)
], ClusterEventObject.prototype, "stage", void 0);
__decorate13([
  Field12(() => Int7, { nullable: true, description: "The operation's percent when the event was recorded." }),
  __metadata13("design:type", Object)
], ClusterEventObject.prototype, "percent", void 0);
__decorate13([
  Field12(() => GraphQLJSONObject2, { description: "Stage status and description, health reasons, \u2026" }),
  __metadata13("design:type", Object)
], ClusterEventObject.prototype, "details", void 0);
ClusterEventObject = __decorate13([
  ObjectType8("ClusterEvent", { description: "A status transition, progress step or health change of a cluster." })
], ClusterEventObject);
function clusterEventObject(row) {
  return Object.assign(new ClusterEventObject(), {
    cursor: row.id.toString(),
    type: row.type,
    occurredAt: row.occurredAt,
    clusterId: toGlobalId("Cluster", row.clusterId),
    status: row.status,
    previousStatus: row.previousStatus,
    statusReason: row.statusReason,
    healthStatus: row.healthStatus,
    stage: row.stage,
    percent: row.percent,
    details: row.details,
    clusterUuid: row.clusterId,
    operationUuid: row.operationId,
    projectId: row.projectId
  });
}

// dist/domain/clusters/clusters.js
import { randomUUID as randomUUID6 } from "node:crypto";

// dist/domain/clusters/cluster-rules.js
import { randomBytes as randomBytes6 } from "node:crypto";
import { z as z8 } from "zod";
var CLUSTER_NAME = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;
var CLUSTER_NAME_MAX = 242;
var optionalText2 = z8.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters").optional();
var createSchema = z8.object({
  name: z8.string().max(CLUSTER_NAME_MAX, `name must be at most ${CLUSTER_NAME_MAX} characters`).regex(CLUSTER_NAME, "name must start with a letter and contain only letters, digits, '_', '.' and '-'").optional(),
  nodeCount: z8.number().int().min(0, "nodeCount must be 0 or more").max(1e4, "nodeCount must be at most 10000").optional(),
  masterCount: z8.number().int().min(1, "masterCount must be at least 1").max(99, "masterCount must be at most 99").optional(),
  flavorId: optionalText2,
  masterFlavorId: optionalText2,
  keypair: optionalText2,
  labels: labelListSchema.optional(),
  mergeLabels: z8.boolean().optional(),
  createTimeout: z8.number().int().min(0, "createTimeout must be 0 or more minutes").max(10080, "createTimeout must be at most 10080 minutes (a week)").optional(),
  discoveryUrl: z8.url({ error: "discoveryUrl must be a URL" }).optional(),
  dockerVolumeSize: z8.number().int().min(1, "dockerVolumeSize must be at least 1 GB").max(16384).optional(),
  fixedNetwork: optionalText2,
  fixedSubnet: optionalText2,
  floatingIpEnabled: z8.boolean().optional(),
  masterLbEnabled: z8.boolean().optional()
});
function generateClusterName(coe) {
  const prefix = coe === "KUBERNETES" ? "k8s" : coe.toLowerCase().replace("_", "-");
  return `${prefix}-${randomBytes6(4).toString("hex")}`;
}
function planClusterCreate(input, template) {
  const request = parseOrThrow(createSchema, input);
  const masterLbEnabled = request.masterLbEnabled ?? template.masterLbEnabled;
  const masterCount = request.masterCount ?? 1;
  const problems = [];
  if (masterCount % 2 === 0) {
    problems.push(problem("BAD_USER_INPUT", "masterCount", `masterCount must be odd so etcd keeps a quorum; got ${masterCount}`));
  }
  if (masterCount > 1 && !masterLbEnabled) {
    problems.push(problem("BAD_USER_INPUT", "masterCount", "more than one master needs a load balancer: set masterLbEnabled (or use a template that enables it)"));
  }
  const dockerVolumeSize = request.dockerVolumeSize ?? template.dockerVolumeSize;
  if (request.dockerVolumeSize !== void 0) {
    problems.push(...dockerVolumeProblems(request.dockerVolumeSize, template.dockerStorageDriver, template.coe));
  }
  if (request.mergeLabels === true && request.labels === void 0) {
    problems.push(problem("BAD_USER_INPUT", "mergeLabels", "mergeLabels needs labels to merge into the template's"));
  }
  if (problems.length > 0)
    throw new DomainError(problems);
  const labels = effectiveLabels(template.labels, request.labels, request.mergeLabels ?? false);
  const flavorId = request.flavorId ?? template.flavorId;
  const masterFlavorId = request.masterFlavorId ?? template.masterFlavorId ?? flavorId;
  const nodeCount = request.nodeCount ?? 1;
  const nodeProblem = unhealthyNodeProblem(labels, request.labels, nodeCount);
  if (nodeProblem)
    throw new DomainError(nodeProblem);
  const minNodeCount = labelNumber(labels, "min_node_count") ?? 0;
  const maxNodeCount = labelNumber(labels, "max_node_count") ?? null;
  if (nodeCount < minNodeCount || maxNodeCount !== null && nodeCount > maxNodeCount) {
    throw new DomainError(problem("BAD_USER_INPUT", "nodeCount", `nodeCount ${nodeCount} is outside min_node_count ${minNodeCount} to max_node_count ${maxNodeCount ?? "unbounded"}`));
  }
  return {
    name: request.name ?? generateClusterName(template.coe),
    nodeCount,
    masterCount,
    flavorId,
    masterFlavorId,
    keypair: request.keypair ?? template.keypairId,
    labels,
    createTimeout: request.createTimeout ?? 60,
    discoveryUrl: request.discoveryUrl ?? null,
    dockerVolumeSize,
    fixedNetwork: request.fixedNetwork ?? template.fixedNetwork,
    fixedSubnet: request.fixedSubnet ?? template.fixedSubnet,
    floatingIpEnabled: request.floatingIpEnabled ?? template.floatingIpEnabled,
    masterLbEnabled,
    nodeGroups: [
      {
        name: DEFAULT_MASTER_GROUP,
        role: "master",
        isDefault: true,
        nodeCount: masterCount,
        minNodeCount: 1,
        maxNodeCount: null,
        flavorId: masterFlavorId,
        imageId: template.imageId,
        dockerVolumeSize,
        labels
      },
      {
        name: DEFAULT_WORKER_GROUP,
        role: "worker",
        isDefault: true,
        nodeCount,
        minNodeCount,
        maxNodeCount,
        flavorId,
        imageId: template.imageId,
        dockerVolumeSize,
        labels
      }
    ]
  };
}
function unhealthyNodeProblem(labels, given, workerCount) {
  const value = labels.find((label2) => label2.key === "turnkey.sim/unhealthy-node")?.value;
  if (value === void 0 || !/^\d+$/.test(value) || Number(value) < workerCount)
    return null;
  const index10 = given?.findIndex((label2) => label2.key === "turnkey.sim/unhealthy-node") ?? -1;
  const range = workerCount === 0 ? "the cluster has no workers" : `worker nodes are numbered 0 to ${workerCount - 1}`;
  return problem("BAD_USER_INPUT", index10 >= 0 ? ["labels", String(index10), "value"] : ["labels"], `label turnkey.sim/unhealthy-node: no node ${value}; ${range}`);
}
function labelNumber(labels, key) {
  const value = labels.find((label2) => label2.key === key)?.value;
  return value === void 0 || !/^\d+$/.test(value) ? void 0 : Number(value);
}

// dist/domain/clusters/clusters.js
async function usableTemplate(context, transaction, templateId, projectId) {
  const row = await findTemplateForShare(transaction, templateId);
  if (!row || !canSee(context.principal, "clusterTemplate", row))
    throw missing("clusterTemplateId", templateId, "cluster template");
  if (row.projectId !== projectId && !row.public) {
    throw notFound("clusterTemplateId", noSuch("cluster template"));
  }
  return row;
}
async function createCluster(context, input, options) {
  const { clusterTemplateId, projectId: requestedProject, ...request } = input;
  const projectId = await targetProject(context, requestedProject, options.homeProjectId, "cluster");
  const cursors = [];
  const outcome = await inTransaction(context, (transaction) => {
    cursors.length = 0;
    return runOncePerRequestId(transaction, context.principal, "clusterCreate", options.requestId, input, async () => {
      const template = await usableTemplate(context, transaction, clusterTemplateId, projectId);
      const plan = planClusterCreate(request, templateFields(template));
      await enforceQuota(transaction, projectId, { clusters: 1, nodes: plan.masterCount + plan.nodeCount, field: "nodeCount" });
      const existing = await clusterIdByName(transaction, projectId, plan.name);
      if (existing)
        throw conflict("name", `a cluster named "${plan.name}" already exists in this project`);
      const clusterId = randomUUID6();
      const operationId = randomUUID6();
      const now = /* @__PURE__ */ new Date();
      const { nodeGroups: groupPlans, ...clusterPlan } = plan;
      await insertClusterRow(transaction, {
        id: clusterId,
        projectId,
        templateId: template.id,
        ...clusterPlan,
        status: "CREATE_IN_PROGRESS",
        statusReason: "Cluster create request accepted",
        createdBy: context.principal.id,
        createdAt: now,
        updatedAt: now
      });
      await insertNodeGroupRows(transaction, groupPlans.map((group) => ({
        id: randomUUID6(),
        projectId,
        clusterId,
        ...group,
        status: "CREATE_IN_PROGRESS",
        createdAt: now,
        updatedAt: now
      })));
      await insertOperationRow(transaction, {
        id: operationId,
        projectId,
        clusterId,
        type: "CLUSTER_CREATE",
        status: "PENDING",
        spec: { templateId: template.id },
        requestId: options.requestId ?? null,
        createdBy: context.principal.id,
        createdAt: now,
        updatedAt: now
      });
      cursors.push(await appendClusterEvent(transaction, {
        projectId,
        clusterId,
        operationId,
        type: "STATUS_CHANGED",
        status: "CREATE_IN_PROGRESS",
        previousStatus: null,
        statusReason: "Cluster create request accepted",
        occurredAt: now
      }));
      return { clusterId, operationId };
    });
  });
  if (!outcome.replayed)
    context.eventsCommitted(cursors);
  return outcome;
}

// dist/graphql/common/in-memory-page.js
function pageInMemory(rows, request, sortName) {
  const { size, backward } = pageWindow(request);
  const indexOf = (cursor, argument) => {
    const { id } = decodeCursor(cursor, sortName, argument);
    return rows.findIndex((row) => row.id === id);
  };
  let start = request.after ? indexOf(request.after, "after") + 1 : 0;
  let end = request.before ? indexOf(request.before, "before") : rows.length;
  if (end < 0)
    end = rows.length;
  if (backward)
    start = Math.max(start, end - size);
  else
    end = Math.min(end, start + size);
  return {
    rows: rows.slice(start, end),
    hasNextPage: end < rows.length,
    hasPreviousPage: start > 0,
    cursorOf: (row) => encodeCursor({ sort: sortName, value: "", id: row.id })
  };
}

// dist/graphql/node-group/node-group.type.js
import { Field as Field13, GraphQLISODateTime as GraphQLISODateTime5, Int as Int8, ObjectType as ObjectType9 } from "type-graphql";
var __decorate14 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata14 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var NodeGroupObject = class NodeGroupObject2 extends NodeInterface {
  uuid;
  name;
  role;
  isDefault;
  nodeCount;
  minNodeCount;
  maxNodeCount;
  flavorId;
  imageId;
  dockerVolumeSize;
  labels;
  status;
  statusReason;
  nodeAddresses;
  stackId;
  version;
  resourceVersion;
  createdAt;
  updatedAt;
  clusterId;
  projectId;
};
__decorate14([
  Field13(() => String),
  __metadata14("design:type", String)
], NodeGroupObject.prototype, "uuid", void 0);
__decorate14([
  Field13(() => String),
  __metadata14("design:type", String)
], NodeGroupObject.prototype, "name", void 0);
__decorate14([
  Field13(() => String, { description: "master, worker, or an operator-chosen role." }),
  __metadata14("design:type", String)
], NodeGroupObject.prototype, "role", void 0);
__decorate14([
  Field13(() => Boolean),
  __metadata14("design:type", Boolean)
], NodeGroupObject.prototype, "isDefault", void 0);
__decorate14([
  Field13(() => Int8),
  __metadata14("design:type", Number)
], NodeGroupObject.prototype, "nodeCount", void 0);
__decorate14([
  Field13(() => Int8),
  __metadata14("design:type", Number)
], NodeGroupObject.prototype, "minNodeCount", void 0);
__decorate14([
  Field13(() => Int8, { nullable: true }),
  __metadata14("design:type", Object)
], NodeGroupObject.prototype, "maxNodeCount", void 0);
__decorate14([
  Field13(() => String, { nullable: true }),
  __metadata14("design:type", Object)
], NodeGroupObject.prototype, "flavorId", void 0);
__decorate14([
  Field13(() => String, { nullable: true }),
  __metadata14("design:type", Object)
], NodeGroupObject.prototype, "imageId", void 0);
__decorate14([
  Field13(() => Int8, { nullable: true }),
  __metadata14("design:type", Object)
], NodeGroupObject.prototype, "dockerVolumeSize", void 0);
__decorate14([
  Field13(() => [Label]),
  __metadata14("design:type", Array)
], NodeGroupObject.prototype, "labels", void 0);
__decorate14([
  Field13(() => ClusterStatus),
  __metadata14("design:type", String)
], NodeGroupObject.prototype, "status", void 0);
__decorate14([
  Field13(() => String, { nullable: true }),
  __metadata14("design:type", Object)
], NodeGroupObject.prototype, "statusReason", void 0);
__decorate14([
  Field13(() => [String]),
  __metadata14("design:type", Array)
], NodeGroupObject.prototype, "nodeAddresses", void 0);
__decorate14([
  Field13(() => String, { nullable: true }),
  __metadata14("design:type", Object)
], NodeGroupObject.prototype, "stackId", void 0);
__decorate14([
  Field13(() => String, { nullable: true, description: "The COE version the nodes run." }),
  __metadata14("design:type", Object)
], NodeGroupObject.prototype, "version", void 0);
__decorate14([
  Field13(() => Int8),
  __metadata14("design:type", Number)
], NodeGroupObject.prototype, "resourceVersion", void 0);
__decorate14([
  Field13(() => GraphQLISODateTime5),
  __metadata14("design:type", Date)
], NodeGroupObject.prototype, "createdAt", void 0);
__decorate14([
  Field13(() => GraphQLISODateTime5),
  __metadata14("design:type", Date)
], NodeGroupObject.prototype, "updatedAt", void 0);
NodeGroupObject = __decorate14([
  ObjectType9("NodeGroup", { implements: NodeInterface })
], NodeGroupObject);
function nodeGroupObject(row) {
  return Object.assign(new NodeGroupObject(), row, { __typename: "NodeGroup", id: toGlobalId("NodeGroup", row.id), uuid: row.id });
}

// dist/graphql/operation/operation.type.js
import { Field as Field14, GraphQLISODateTime as GraphQLISODateTime6, Int as Int9, ObjectType as ObjectType10 } from "type-graphql";
var __decorate15 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata15 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var OperationStage = class OperationStage2 {
  name;
  status;
  startedAt;
  finishedAt;
};
__decorate15([
  Field14(() => String),
  __metadata15("design:type", String)
], OperationStage.prototype, "name", void 0);
__decorate15([
  Field14(() => String, { description: "PENDING, RUNNING, DONE or FAILED." }),
  __metadata15("design:type", String)
], OperationStage.prototype, "status", void 0);
__decorate15([
  Field14(() => GraphQLISODateTime6, { nullable: true }),
  __metadata15("design:type", Object)
], OperationStage.prototype, "startedAt", void 0);
__decorate15([
  Field14(() => GraphQLISODateTime6, { nullable: true }),
  __metadata15("design:type", Object)
], OperationStage.prototype, "finishedAt", void 0);
OperationStage = __decorate15([
  ObjectType10()
], OperationStage);
var OperationProgress = class OperationProgress2 {
  percent;
  stages;
};
__decorate15([
  Field14(() => Int9),
  __metadata15("design:type", Number)
], OperationProgress.prototype, "percent", void 0);
__decorate15([
  Field14(() => [OperationStage]),
  __metadata15("design:type", Array)
], OperationProgress.prototype, "stages", void 0);
OperationProgress = __decorate15([
  ObjectType10()
], OperationProgress);
var OperationError = class OperationError2 {
  code;
  message;
};
__decorate15([
  Field14(() => String),
  __metadata15("design:type", String)
], OperationError.prototype, "code", void 0);
__decorate15([
  Field14(() => String, { description: "What went wrong, and what to do about it." }),
  __metadata15("design:type", String)
], OperationError.prototype, "message", void 0);
OperationError = __decorate15([
  ObjectType10()
], OperationError);
var OperationObject = class OperationObject2 extends NodeInterface {
  uuid;
  type;
  status;
  progress;
  requestId;
  error;
  startedAt;
  finishedAt;
  createdAt;
  cancelledBy;
  clusterId;
  projectId;
};
__decorate15([
  Field14(() => String),
  __metadata15("design:type", String)
], OperationObject.prototype, "uuid", void 0);
__decorate15([
  Field14(() => OperationType),
  __metadata15("design:type", String)
], OperationObject.prototype, "type", void 0);
__decorate15([
  Field14(() => OperationStatus),
  __metadata15("design:type", String)
], OperationObject.prototype, "status", void 0);
__decorate15([
  Field14(() => OperationProgress),
  __metadata15("design:type", OperationProgress)
], OperationObject.prototype, "progress", void 0);
__decorate15([
  Field14(() => String, { nullable: true }),
  __metadata15("design:type", Object)
], OperationObject.prototype, "requestId", void 0);
__decorate15([
  Field14(() => OperationError, { nullable: true }),
  __metadata15("design:type", Object)
], OperationObject.prototype, "error", void 0);
__decorate15([
  Field14(() => GraphQLISODateTime6, { nullable: true }),
  __metadata15("design:type", Object)
], OperationObject.prototype, "startedAt", void 0);
__decorate15([
  Field14(() => GraphQLISODateTime6, { nullable: true }),
  __metadata15("design:type", Object)
], OperationObject.prototype, "finishedAt", void 0);
__decorate15([
  Field14(() => GraphQLISODateTime6),
  __metadata15("design:type", Date)
], OperationObject.prototype, "createdAt", void 0);
__decorate15([
  Field14(() => String, { nullable: true, description: "Who cancelled the operation with operationCancel; null otherwise." }),
  __metadata15("design:type", Object)
], OperationObject.prototype, "cancelledBy", void 0);
OperationObject = __decorate15([
  ObjectType10("Operation", { implements: NodeInterface, description: "Long-running work, like a GKE operation." })
], OperationObject);
function operationObject(row) {
  return Object.assign(new OperationObject(), {
    __typename: "Operation",
    id: toGlobalId("Operation", row.id),
    uuid: row.id,
    type: row.type,
    status: row.status,
    progress: {
      percent: row.percent,
      stages: row.stages.map((stage2) => ({
        name: stage2.name,
        status: stage2.status,
        startedAt: stage2.startedAt ? new Date(stage2.startedAt) : null,
        finishedAt: stage2.finishedAt ? new Date(stage2.finishedAt) : null
      }))
    },
    requestId: row.requestId,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? "" } : null,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    createdAt: row.createdAt,
    cancelledBy: row.cancelledBy,
    clusterId: row.clusterId,
    projectId: row.projectId
  });
}

// dist/graphql/cluster/cluster.input.js
import { Field as Field15, ID as ID7, InputType as InputType4, Int as Int10 } from "type-graphql";
var __decorate16 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata16 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ClusterCreateInput = class ClusterCreateInput2 {
  clusterTemplateId;
  name;
  projectId;
  nodeCount;
  masterCount;
  flavorId;
  masterFlavorId;
  keypair;
  labels;
  mergeLabels;
  createTimeout;
  discoveryUrl;
  dockerVolumeSize;
  fixedNetwork;
  fixedSubnet;
  floatingIpEnabled;
  masterLbEnabled;
  requestId;
};
__decorate16([
  Field15(() => ID7),
  __metadata16("design:type", String)
], ClusterCreateInput.prototype, "clusterTemplateId", void 0);
__decorate16([
  Field15(() => String, { nullable: true, description: "Generated when omitted." }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "name", void 0);
__decorate16([
  Field15(() => ID7, { nullable: true, description: "Default: the caller's only project." }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "projectId", void 0);
__decorate16([
  Field15(() => Int10, { nullable: true, description: "Worker nodes (default 1)." }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "nodeCount", void 0);
__decorate16([
  Field15(() => Int10, { nullable: true, description: "Master nodes (default 1; odd; more than 1 needs masterLbEnabled)." }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "masterCount", void 0);
__decorate16([
  Field15(() => String, { nullable: true, description: "Default: the template's." }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "flavorId", void 0);
__decorate16([
  Field15(() => String, { nullable: true, description: "Default: the template's, else flavorId." }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "masterFlavorId", void 0);
__decorate16([
  Field15(() => String, { nullable: true, description: "Default: the template's keypairId." }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "keypair", void 0);
__decorate16([
  Field15(() => [LabelInput], { nullable: true, description: "Replace the template's labels, or merge into them with mergeLabels." }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "labels", void 0);
__decorate16([
  Field15(() => Boolean, { nullable: true }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "mergeLabels", void 0);
__decorate16([
  Field15(() => Int10, { nullable: true, description: "Minutes (default 60; 0: no limit)." }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "createTimeout", void 0);
__decorate16([
  Field15(() => String, { nullable: true }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "discoveryUrl", void 0);
__decorate16([
  Field15(() => Int10, { nullable: true }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "dockerVolumeSize", void 0);
__decorate16([
  Field15(() => String, { nullable: true }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "fixedNetwork", void 0);
__decorate16([
  Field15(() => String, { nullable: true }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "fixedSubnet", void 0);
__decorate16([
  Field15(() => Boolean, { nullable: true }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "floatingIpEnabled", void 0);
__decorate16([
  Field15(() => Boolean, { nullable: true }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "masterLbEnabled", void 0);
__decorate16([
  Field15(() => String, { nullable: true, description: "Repeat a request safely: the same requestId returns the first result." }),
  __metadata16("design:type", Object)
], ClusterCreateInput.prototype, "requestId", void 0);
ClusterCreateInput = __decorate16([
  InputType4()
], ClusterCreateInput);

// dist/graphql/cluster/cluster.payload.js
import { Field as Field16, ObjectType as ObjectType11 } from "type-graphql";
var __decorate17 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata17 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ClusterCreatePayload = class ClusterCreatePayload2 {
  cluster;
  operation;
  userErrors;
};
__decorate17([
  Field16(() => ClusterObject, { nullable: true }),
  __metadata17("design:type", Object)
], ClusterCreatePayload.prototype, "cluster", void 0);
__decorate17([
  Field16(() => OperationObject, { nullable: true, description: "The create operation: watch it, or subscribe to clusterEvents." }),
  __metadata17("design:type", Object)
], ClusterCreatePayload.prototype, "operation", void 0);
__decorate17([
  Field16(() => [UserError]),
  __metadata17("design:type", Array)
], ClusterCreatePayload.prototype, "userErrors", void 0);
ClusterCreatePayload = __decorate17([
  ObjectType11()
], ClusterCreatePayload);

// dist/graphql/cluster/cluster.resolver.js
var __decorate18 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata18 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param2 = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
var NodeGroupConnection = ConnectionType("NodeGroup", NodeGroupObject);
var OperationConnection = ConnectionType("Operation", OperationObject);
var ClusterEventConnection = ConnectionType("ClusterEvent", ClusterEventObject);
async function visibleCluster(context, uuid13) {
  const row = await context.loaders.cluster.load(uuid13);
  return row && canSee(context.principal, "cluster", row) ? row : void 0;
}
var ClusterResolver = class ClusterResolver2 {
  async clusters(args, context) {
    const { filter, sort } = clusterFilterFor(args, context);
    const { page, count: count3 } = await pageClusters(context.domain.db, filter, sort, args);
    return toConnection(page, clusterObject, count3);
  }
  async cluster(id, context) {
    const row = await visibleCluster(context, argumentUuid(id, "Cluster", "id"));
    if (!row)
      throw notFoundError("cluster");
    return clusterObject(row);
  }
  async template(cluster, context) {
    const row = await context.loaders.template.load(cluster.templateId);
    if (!row)
      throw notFoundError("cluster template");
    return templateObject(row);
  }
  async project(cluster, context) {
    const row = await context.loaders.project.load(cluster.projectId);
    if (!row)
      throw notFoundError("project");
    return projectObject(row);
  }
  async nodeGroups(cluster, args, context) {
    const rows = await context.loaders.nodeGroupsOfCluster.load(cluster.uuid);
    return toConnection(pageInMemory(rows, args, "NODE_GROUP"), nodeGroupObject, async () => rows.length);
  }
  async currentOperation(cluster, context) {
    const [newest] = await context.loaders.activeOperationsOfCluster.load(cluster.uuid);
    return newest ? operationObject(newest) : null;
  }
  async operations(cluster, args, context) {
    const { page, count: count3 } = await pageOperationsOfCluster(context.domain.db, cluster.uuid, args);
    return toConnection(page, operationObject, count3);
  }
  async events(cluster, args, context) {
    const { page, count: count3 } = await pageEventsOfCluster(context.domain.db, cluster.uuid, args);
    return toConnection(page, (row) => clusterEventObject(row), count3);
  }
  async clusterCreate(input, context) {
    return asPayload(async () => {
      const clusterTemplateId = laterCheckedUuid(input.clusterTemplateId, "ClusterTemplate");
      const projectId = input.projectId ? requireUuid(input.projectId, "Project", "projectId") : null;
      const request = presentFields(input, ["requestId", "projectId", "clusterTemplateId"], true);
      const { result } = await createCluster(context.domain, { ...request, clusterTemplateId, projectId }, { requestId: input.requestId, homeProjectId: context.homeProjectId });
      const [cluster, operation] = await Promise.all([
        result.clusterId ? context.loaders.cluster.load(result.clusterId) : void 0,
        result.operationId ? context.loaders.operation.load(result.operationId) : void 0
      ]);
      return { cluster: cluster ? clusterObject(cluster) : null, operation: operation ? operationObject(operation) : null };
    });
  }
};
__decorate18([
  Query2(() => ClusterConnection, { description: "Clusters the caller may see." }),
  __param2(0, Args2(() => ClustersArgs)),
  __param2(1, Ctx2()),
  __metadata18("design:type", Function),
  __metadata18("design:paramtypes", [ClustersArgs, Object]),
  __metadata18("design:returntype", Promise)
], ClusterResolver.prototype, "clusters", null);
__decorate18([
  Query2(() => ClusterObject, { description: "One cluster; NOT_FOUND when it does not exist or is not visible." }),
  __param2(0, Arg2("id", () => ID8)),
  __param2(1, Ctx2()),
  __metadata18("design:type", Function),
  __metadata18("design:paramtypes", [String, Object]),
  __metadata18("design:returntype", Promise)
], ClusterResolver.prototype, "cluster", null);
__decorate18([
  FieldResolver2(() => ClusterTemplateObject, { description: "The template the cluster was built from (or upgraded to)." }),
  __param2(0, Root2()),
  __param2(1, Ctx2()),
  __metadata18("design:type", Function),
  __metadata18("design:paramtypes", [ClusterObject, Object]),
  __metadata18("design:returntype", Promise)
], ClusterResolver.prototype, "template", null);
__decorate18([
  FieldResolver2(() => ProjectObject),
  __param2(0, Root2()),
  __param2(1, Ctx2()),
  __metadata18("design:type", Function),
  __metadata18("design:paramtypes", [ClusterObject, Object]),
  __metadata18("design:returntype", Promise)
], ClusterResolver.prototype, "project", null);
__decorate18([
  FieldResolver2(() => NodeGroupConnection, { description: "Masters first, then workers, then extra groups." }),
  __param2(0, Root2()),
  __param2(1, Args2(() => PageArgs)),
  __param2(2, Ctx2()),
  __metadata18("design:type", Function),
  __metadata18("design:paramtypes", [ClusterObject, PageArgs, Object]),
  __metadata18("design:returntype", Promise)
], ClusterResolver.prototype, "nodeGroups", null);
__decorate18([
  FieldResolver2(() => OperationObject, { nullable: true, description: "The operation now changing the cluster, if any." }),
  __param2(0, Root2()),
  __param2(1, Ctx2()),
  __metadata18("design:type", Function),
  __metadata18("design:paramtypes", [ClusterObject, Object]),
  __metadata18("design:returntype", Promise)
], ClusterResolver.prototype, "currentOperation", null);
__decorate18([
  FieldResolver2(() => OperationConnection, { description: "The cluster's operations, newest first (one statement per cluster: read it on one cluster, not across a list)." }),
  __param2(0, Root2()),
  __param2(1, Args2(() => PageArgs)),
  __param2(2, Ctx2()),
  __metadata18("design:type", Function),
  __metadata18("design:paramtypes", [ClusterObject, PageArgs, Object]),
  __metadata18("design:returntype", Promise)
], ClusterResolver.prototype, "operations", null);
__decorate18([
  FieldResolver2(() => ClusterEventConnection, { description: "The cluster's recorded events, newest first; subscribe to clusterEvents for live ones." }),
  __param2(0, Root2()),
  __param2(1, Args2(() => PageArgs)),
  __param2(2, Ctx2()),
  __metadata18("design:type", Function),
  __metadata18("design:paramtypes", [ClusterObject, PageArgs, Object]),
  __metadata18("design:returntype", Promise)
], ClusterResolver.prototype, "events", null);
__decorate18([
  Mutation2(() => ClusterCreatePayload, { description: "Records the cluster in CREATE_IN_PROGRESS and returns at once." }),
  __param2(0, Arg2("input", () => ClusterCreateInput)),
  __param2(1, Ctx2()),
  __metadata18("design:type", Function),
  __metadata18("design:paramtypes", [ClusterCreateInput, Object]),
  __metadata18("design:returntype", Promise)
], ClusterResolver.prototype, "clusterCreate", null);
ClusterResolver = __decorate18([
  Resolver2(() => ClusterObject)
], ClusterResolver);

// dist/graphql/node-group/node-group.resolver.js
import { Ctx as Ctx3, FieldResolver as FieldResolver3, Resolver as Resolver3, Root as Root3 } from "type-graphql";
var __decorate19 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata19 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param3 = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
var NodeGroupResolver = class NodeGroupResolver2 {
  async cluster(nodeGroup2, context) {
    const row = await context.loaders.cluster.load(nodeGroup2.clusterId);
    if (!row)
      throw notFoundError("cluster");
    return clusterObject(row);
  }
};
__decorate19([
  FieldResolver3(() => ClusterObject),
  __param3(0, Root3()),
  __param3(1, Ctx3()),
  __metadata19("design:type", Function),
  __metadata19("design:paramtypes", [NodeGroupObject, Object]),
  __metadata19("design:returntype", Promise)
], NodeGroupResolver.prototype, "cluster", null);
NodeGroupResolver = __decorate19([
  Resolver3(() => NodeGroupObject)
], NodeGroupResolver);

// dist/graphql/node-group/node-group-mutations.resolver.js
import { Arg as Arg3, Ctx as Ctx4, Mutation as Mutation3, Resolver as Resolver4 } from "type-graphql";

// dist/domain/clusters/node-groups.js
import { randomUUID as randomUUID7 } from "node:crypto";
import { z as z9 } from "zod";
var createSchema2 = z9.object({
  name: z9.string().max(CLUSTER_NAME_MAX, `name must be at most ${CLUSTER_NAME_MAX} characters`).regex(CLUSTER_NAME, "name must start with a letter and contain only letters, digits, '_', '.' and '-'"),
  role: z9.string().min(1).max(64).regex(/^[a-z][a-z0-9-]*$/, "role must be lowercase letters, digits and '-'").default("worker"),
  nodeCount: z9.number().int().min(0, "nodeCount must be 0 or more").max(1e4).default(1),
  minNodeCount: z9.number().int().min(0, "minNodeCount must be 0 or more").default(0),
  maxNodeCount: z9.number().int().min(0, "maxNodeCount must be 0 or more").nullable().default(null),
  flavorId: z9.string().min(1).max(255).optional(),
  imageId: z9.string().min(1).max(255).optional(),
  dockerVolumeSize: z9.number().int().min(1).max(16384).optional(),
  labels: labelListSchema.optional()
});
async function createNodeGroup(context, clusterId, input, options) {
  await authorizeClusterAction(context, clusterId, "nodeGroupCreate", "clusterId");
  const request = parseOrThrow(createSchema2, input);
  if (request.role === "master")
    throw badInput2("role", "new master node groups are not supported: masters live in default-master");
  const limits = countProblems({ name: request.name, minNodeCount: request.minNodeCount, maxNodeCount: request.maxNodeCount }, request.nodeCount);
  if (request.maxNodeCount !== null && request.minNodeCount > request.maxNodeCount)
    limits.push(problem("BAD_USER_INPUT", "minNodeCount", "minNodeCount must not exceed maxNodeCount"));
  if (limits.length > 0)
    throw new DomainError(limits);
  return runAction(context, "nodeGroupCreate", options.requestId, { clusterId, input }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, clusterId, "nodeGroupCreate", options, "clusterId");
    const groups = await groupsOf(transaction, clusterId);
    if (groups.some((group) => group.name === request.name))
      throw conflict("name", `the cluster already has a node group named "${request.name}"`);
    await enforceQuota(transaction, cluster.projectId, { nodes: request.nodeCount, nodeGroupIn: clusterId, field: "nodeCount" });
    const template = await findTemplate(transaction, cluster.templateId);
    const worker = groups.find((group) => group.role === "worker" && group.isDefault);
    const nodeGroupId = randomUUID7();
    const now = /* @__PURE__ */ new Date();
    const labels = request.labels ?? cluster.labels;
    await insertNodeGroupRows(transaction, {
      id: nodeGroupId,
      projectId: cluster.projectId,
      clusterId,
      name: request.name,
      role: request.role,
      isDefault: false,
      nodeCount: request.nodeCount,
      minNodeCount: request.minNodeCount,
      maxNodeCount: request.maxNodeCount,
      flavorId: request.flavorId ?? worker?.flavorId ?? cluster.flavorId,
      imageId: request.imageId ?? template?.imageId ?? worker?.imageId ?? null,
      dockerVolumeSize: request.dockerVolumeSize ?? cluster.dockerVolumeSize,
      labels,
      status: "CREATE_IN_PROGRESS",
      version: worker?.version ?? null,
      createdAt: now,
      updatedAt: now
    });
    const recorded = await recordOperation(transaction, context, cluster, "NODE_GROUP_CREATE", { nodeGroupId, previous: snapshotOf(cluster, groups) }, options.requestId, `Adding node group ${request.name}`);
    record(recorded.cursor);
    return { clusterId, nodeGroupId, operationId: recorded.operationId };
  });
}
async function authorizedGroup(context, nodeGroupId, action) {
  const group = await findNodeGroup(context.db, nodeGroupId);
  if (!group || !canSee(context.principal, "nodeGroup", group))
    throw notFound("id", "no such node group");
  authorize(context.principal, "nodeGroup", action, group, "id", "nodeGroup");
  return group;
}
var updateSchema = z9.object({
  minNodeCount: z9.number().int().min(0, "minNodeCount must be 0 or more").optional(),
  maxNodeCount: z9.number().int().min(0, "maxNodeCount must be 0 or more").nullable().optional()
});
async function updateNodeGroup(context, nodeGroupId, input, options) {
  const found = await authorizedGroup(context, nodeGroupId, "update");
  const request = parseOrThrow(updateSchema, input);
  return runAction(context, "nodeGroupUpdate", options.requestId, { nodeGroupId, input }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, found.clusterId, "nodeGroupUpdate", {});
    const groups = await groupsOf(transaction, cluster.id);
    const group = groups.find((candidate) => candidate.id === nodeGroupId);
    if (!group)
      throw notFound("id", "no such node group");
    if (options.expectedVersion != null && options.expectedVersion !== group.resourceVersion) {
      throw conflict("expectedVersion", `the node group changed meanwhile: it is at version ${group.resourceVersion}, not ${options.expectedVersion}`);
    }
    const minNodeCount = request.minNodeCount ?? group.minNodeCount;
    const maxNodeCount = request.maxNodeCount === void 0 ? group.maxNodeCount : request.maxNodeCount;
    if (group.role === "master" && (minNodeCount !== group.minNodeCount || maxNodeCount !== group.maxNodeCount)) {
      throw new DomainError(problem("NOT_SUPPORTED", "id", "the master node group's limits cannot change"));
    }
    if (maxNodeCount !== null && minNodeCount > maxNodeCount)
      throw badInput2("minNodeCount", "minNodeCount must not exceed maxNodeCount");
    const limits = countProblems({ name: group.name, minNodeCount, maxNodeCount }, group.nodeCount, minNodeCount > group.nodeCount ? "minNodeCount" : "maxNodeCount");
    if (limits.length > 0)
      throw new DomainError(limits.map((entry) => ({ ...entry, message: `${entry.message}; it has ${group.nodeCount} now: resize first` })));
    if (minNodeCount === group.minNodeCount && maxNodeCount === group.maxNodeCount && !cluster.status.endsWith("_FAILED")) {
      throw badInput2("id", "nothing to change");
    }
    await updateNodeGroupLimits(transaction, nodeGroupId, { minNodeCount, maxNodeCount, status: "UPDATE_IN_PROGRESS", resourceVersion: group.resourceVersion + 1, updatedAt: /* @__PURE__ */ new Date() });
    const recorded = await recordOperation(transaction, context, cluster, "NODE_GROUP_UPDATE", { nodeGroupId, previous: snapshotOf(cluster, groups) }, options.requestId, `Updating node group ${group.name}`);
    record(recorded.cursor);
    return { clusterId: cluster.id, nodeGroupId, operationId: recorded.operationId };
  });
}
async function deleteNodeGroup(context, nodeGroupId, options) {
  const found = await authorizedGroup(context, nodeGroupId, "delete");
  if (found.isDefault)
    throw badInput2("id", `${found.name} is a default node group and cannot be deleted; delete the cluster instead`);
  return runAction(context, "nodeGroupDelete", options.requestId, { nodeGroupId }, async (transaction, record) => {
    const cluster = await lockClusterFor(transaction, context, found.clusterId, "nodeGroupDelete", {});
    const groups = await groupsOf(transaction, cluster.id);
    const group = groups.find((candidate) => candidate.id === nodeGroupId);
    if (!group)
      throw notFound("id", "no such node group");
    await updateNodeGroupRow(transaction, nodeGroupId, { status: "DELETE_IN_PROGRESS", updatedAt: /* @__PURE__ */ new Date() });
    const recorded = await recordOperation(transaction, context, cluster, "NODE_GROUP_DELETE", { nodeGroupId, previous: snapshotOf(cluster, groups) }, options.requestId, `Deleting node group ${group.name}`);
    record(recorded.cursor);
    return { clusterId: cluster.id, nodeGroupId, operationId: recorded.operationId };
  });
}

// dist/graphql/cluster/payload-objects.js
async function payloadObjects(context, result) {
  const { loaders } = context;
  for (const loader of [loaders.cluster, loaders.operation, loaders.nodeGroup])
    loader.clearAll();
  const [cluster, operation, nodeGroup2] = await Promise.all([
    result.clusterId ? loaders.cluster.load(result.clusterId) : void 0,
    result.operationId ? loaders.operation.load(result.operationId) : void 0,
    result.nodeGroupId ? loaders.nodeGroup.load(result.nodeGroupId) : void 0
  ]);
  return {
    cluster: cluster ? clusterObject(cluster) : null,
    operation: operation ? operationObject(operation) : null,
    nodeGroup: nodeGroup2 ? nodeGroupObject(nodeGroup2) : null
  };
}

// dist/graphql/node-group/node-group.input.js
import { Field as Field17, ID as ID9, InputType as InputType5, Int as Int11 } from "type-graphql";
var __decorate20 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata20 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var NodeGroupCreateInput = class NodeGroupCreateInput2 {
  clusterId;
  name;
  role;
  nodeCount;
  minNodeCount;
  maxNodeCount;
  flavorId;
  imageId;
  dockerVolumeSize;
  labels;
  requestId;
};
__decorate20([
  Field17(() => ID9),
  __metadata20("design:type", String)
], NodeGroupCreateInput.prototype, "clusterId", void 0);
__decorate20([
  Field17(() => String),
  __metadata20("design:type", String)
], NodeGroupCreateInput.prototype, "name", void 0);
__decorate20([
  Field17(() => String, { nullable: true, description: "Default worker; master is refused." }),
  __metadata20("design:type", Object)
], NodeGroupCreateInput.prototype, "role", void 0);
__decorate20([
  Field17(() => Int11, { nullable: true, description: "Default 1." }),
  __metadata20("design:type", Object)
], NodeGroupCreateInput.prototype, "nodeCount", void 0);
__decorate20([
  Field17(() => Int11, { nullable: true, description: "Default 0." }),
  __metadata20("design:type", Object)
], NodeGroupCreateInput.prototype, "minNodeCount", void 0);
__decorate20([
  Field17(() => Int11, { nullable: true }),
  __metadata20("design:type", Object)
], NodeGroupCreateInput.prototype, "maxNodeCount", void 0);
__decorate20([
  Field17(() => String, { nullable: true, description: "Default: default-worker's." }),
  __metadata20("design:type", Object)
], NodeGroupCreateInput.prototype, "flavorId", void 0);
__decorate20([
  Field17(() => String, { nullable: true, description: "Default: the template's." }),
  __metadata20("design:type", Object)
], NodeGroupCreateInput.prototype, "imageId", void 0);
__decorate20([
  Field17(() => Int11, { nullable: true }),
  __metadata20("design:type", Object)
], NodeGroupCreateInput.prototype, "dockerVolumeSize", void 0);
__decorate20([
  Field17(() => [LabelInput], { nullable: true, description: "Default: the cluster's." }),
  __metadata20("design:type", Object)
], NodeGroupCreateInput.prototype, "labels", void 0);
__decorate20([
  Field17(() => String, { nullable: true }),
  __metadata20("design:type", Object)
], NodeGroupCreateInput.prototype, "requestId", void 0);
NodeGroupCreateInput = __decorate20([
  InputType5()
], NodeGroupCreateInput);
var NodeGroupUpdateInput = class NodeGroupUpdateInput2 {
  id;
  minNodeCount;
  maxNodeCount;
  expectedVersion;
  requestId;
};
__decorate20([
  Field17(() => ID9),
  __metadata20("design:type", String)
], NodeGroupUpdateInput.prototype, "id", void 0);
__decorate20([
  Field17(() => Int11, { nullable: true }),
  __metadata20("design:type", Object)
], NodeGroupUpdateInput.prototype, "minNodeCount", void 0);
__decorate20([
  Field17(() => Int11, { nullable: true, description: "null removes the limit." }),
  __metadata20("design:type", Object)
], NodeGroupUpdateInput.prototype, "maxNodeCount", void 0);
__decorate20([
  Field17(() => Int11, { nullable: true }),
  __metadata20("design:type", Object)
], NodeGroupUpdateInput.prototype, "expectedVersion", void 0);
__decorate20([
  Field17(() => String, { nullable: true }),
  __metadata20("design:type", Object)
], NodeGroupUpdateInput.prototype, "requestId", void 0);
NodeGroupUpdateInput = __decorate20([
  InputType5({ description: "Magnum's nodegroup update: the autoscaling limits (counts change through clusterResize)." })
], NodeGroupUpdateInput);
var NodeGroupDeleteInput = class NodeGroupDeleteInput2 {
  id;
  requestId;
};
__decorate20([
  Field17(() => ID9),
  __metadata20("design:type", String)
], NodeGroupDeleteInput.prototype, "id", void 0);
__decorate20([
  Field17(() => String, { nullable: true }),
  __metadata20("design:type", Object)
], NodeGroupDeleteInput.prototype, "requestId", void 0);
NodeGroupDeleteInput = __decorate20([
  InputType5()
], NodeGroupDeleteInput);

// dist/graphql/node-group/node-group.payload.js
import { Field as Field18, ObjectType as ObjectType12 } from "type-graphql";
var __decorate21 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata21 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
function NodeGroupOperationPayload(name) {
  let Payload = class Payload {
    nodeGroup;
    cluster;
    operation;
    userErrors;
  };
  __decorate21([
    Field18(() => NodeGroupObject, { nullable: true }),
    __metadata21("design:type", Object)
  ], Payload.prototype, "nodeGroup", void 0);
  __decorate21([
    Field18(() => ClusterObject, { nullable: true }),
    __metadata21("design:type", Object)
  ], Payload.prototype, "cluster", void 0);
  __decorate21([
    Field18(() => OperationObject, { nullable: true }),
    __metadata21("design:type", Object)
  ], Payload.prototype, "operation", void 0);
  __decorate21([
    Field18(() => [UserError]),
    __metadata21("design:type", Array)
  ], Payload.prototype, "userErrors", void 0);
  Payload = __decorate21([
    ObjectType12(name)
  ], Payload);
  return Payload;
}
var NodeGroupCreatePayload = NodeGroupOperationPayload("NodeGroupCreatePayload");
var NodeGroupUpdatePayload = NodeGroupOperationPayload("NodeGroupUpdatePayload");
var NodeGroupDeletePayload = NodeGroupOperationPayload("NodeGroupDeletePayload");

// dist/graphql/node-group/node-group-mutations.resolver.js
var __decorate22 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata22 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param4 = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
var NodeGroupMutationResolver = class NodeGroupMutationResolver2 {
  nodeGroupCreate(input, context) {
    return asPayload(async () => {
      const clusterId = requireUuid(input.clusterId, "Cluster", "clusterId");
      const result = await createNodeGroup(context.domain, clusterId, presentFields(input, ["clusterId", "requestId"], true), input);
      return payloadObjects(context, result);
    });
  }
  nodeGroupUpdate(input, context) {
    return asPayload(async () => {
      const result = await updateNodeGroup(context.domain, requireUuid(input.id, "NodeGroup", "id"), presentFields(input, ["id", "requestId", "expectedVersion"], false), input);
      return payloadObjects(context, result);
    });
  }
  nodeGroupDelete(input, context) {
    return asPayload(async () => {
      const result = await deleteNodeGroup(context.domain, requireUuid(input.id, "NodeGroup", "id"), input);
      return payloadObjects(context, result);
    });
  }
};
__decorate22([
  Mutation3(() => NodeGroupCreatePayload),
  __param4(0, Arg3("input", () => NodeGroupCreateInput)),
  __param4(1, Ctx4()),
  __metadata22("design:type", Function),
  __metadata22("design:paramtypes", [NodeGroupCreateInput, Object]),
  __metadata22("design:returntype", void 0)
], NodeGroupMutationResolver.prototype, "nodeGroupCreate", null);
__decorate22([
  Mutation3(() => NodeGroupUpdatePayload),
  __param4(0, Arg3("input", () => NodeGroupUpdateInput)),
  __param4(1, Ctx4()),
  __metadata22("design:type", Function),
  __metadata22("design:paramtypes", [NodeGroupUpdateInput, Object]),
  __metadata22("design:returntype", void 0)
], NodeGroupMutationResolver.prototype, "nodeGroupUpdate", null);
__decorate22([
  Mutation3(() => NodeGroupDeletePayload),
  __param4(0, Arg3("input", () => NodeGroupDeleteInput)),
  __param4(1, Ctx4()),
  __metadata22("design:type", Function),
  __metadata22("design:paramtypes", [NodeGroupDeleteInput, Object]),
  __metadata22("design:returntype", void 0)
], NodeGroupMutationResolver.prototype, "nodeGroupDelete", null);
NodeGroupMutationResolver = __decorate22([
  Resolver4()
], NodeGroupMutationResolver);

// dist/graphql/node/node.resolver.js
import { Arg as Arg4, Ctx as Ctx5, ID as ID10, Query as Query3, Resolver as Resolver5 } from "type-graphql";

// dist/graphql/certificate/certificate.type.js
import { createHash as createHash7 } from "node:crypto";
import { Field as Field19, GraphQLISODateTime as GraphQLISODateTime7, Int as Int12, ObjectType as ObjectType13 } from "type-graphql";

// dist/graphql/certificate/certificate.enums.js
import { registerEnumType as registerEnumType5 } from "type-graphql";

// dist/domain/certificates/certificates-conditions.js
var CONDITION_STATUSES = ["TRUE", "FALSE", "UNKNOWN"];
var CONDITION_TYPES = {
  expiring: "CertificateAuthorityExpiring",
  retirementPending: "CertificateAuthorityRetirementPending"
};
var millisecondsPerDay = 24 * 60 * 60 * 1e3;
function certificateConditions(rows, now, settings) {
  const active = rows.filter((row) => row.state === "ACTIVE");
  if (active.length === 0)
    return [];
  return [expiring(active, now, settings.expiryWarningDays), retirementPending(rows, settings.rotationGraceSeconds)];
}
function expiring(active, now, warningDays) {
  const first = [...active].sort((left2, right) => left2.notAfter.getTime() - right.notAfter.getTime())[0];
  const left = first.notAfter.getTime() - now.getTime();
  const when = first.notAfter.toISOString();
  if (left <= 0) {
    return { type: CONDITION_TYPES.expiring, status: "TRUE", reason: "Expired", message: `the ${first.kind} CA expired at ${when}: nothing it signed verifies; rotate it with clusterCaRotate` };
  }
  const days = Math.floor(left / millisecondsPerDay);
  if (left <= warningDays * millisecondsPerDay) {
    return {
      type: CONDITION_TYPES.expiring,
      status: "TRUE",
      reason: "ExpiresSoon",
      message: `the ${first.kind} CA expires at ${when} (in ${days} day${days === 1 ? "" : "s"}, within the ${warningDays}-day warning window); rotate it with clusterCaRotate`
    };
  }
  return { type: CONDITION_TYPES.expiring, status: "FALSE", reason: "ValidBeyondWarningWindow", message: `the first CA to expire is the ${first.kind} CA, at ${when}` };
}
function retirementPending(rows, graceSeconds) {
  const retiring = rows.filter((row) => row.state === "RETIRING");
  if (retiring.length === 0) {
    return { type: CONDITION_TYPES.retirementPending, status: "FALSE", reason: "NoPreviousAuthority", message: null };
  }
  const since = new Date(Math.min(...retiring.map((row) => row.updatedAt.getTime())));
  const generation = Math.max(...retiring.map((row) => row.generation));
  return {
    type: CONDITION_TYPES.retirementPending,
    status: "TRUE",
    reason: "PreviousAuthorityTrusted",
    message: `the previous CA (generation ${generation}) is still trusted so that older credentials keep working; it is retired at ${retirementDueAt(since, graceSeconds).toISOString()}, or earlier with clusterCaRotate(phase: RETIRE_PREVIOUS)`
  };
}

// dist/domain/certificates/certificates-policy.js
var CREDENTIAL_ROLES = ["ADMIN", "VIEWER"];
var MINIMUM_TTL_SECONDS = 60;
function groupsForRole(role, settings) {
  return role === "ADMIN" ? [CLUSTER_ADMIN_GROUP] : [settings.viewerGroup];
}
function certificateRefusal(principal, cluster, groups, settings) {
  if (principal.name.startsWith("system:")) {
    return `your user name "${principal.name}" starts with "system:", which Kubernetes reserves for its own components`;
  }
  for (const group of new Set(groups)) {
    if (!settings.allowedGroups.includes(group)) {
      return `group "${group}" is not one this server issues certificates for; allowed: ${settings.allowedGroups.map((name) => `"${name}"`).join(", ") || "none"}`;
    }
    const action = group === CLUSTER_ADMIN_GROUP ? "credentials" : group === settings.viewerGroup ? "viewerCredentials" : "update";
    if (!allowed(principal, "cluster", action, cluster)) {
      return `group "${group}" needs: ${POLICY.cluster[action].description}`;
    }
  }
  return null;
}
function certificateLifetime(requested, settings) {
  if (requested === null || requested === void 0)
    return settings.defaultTtlSeconds;
  if (!Number.isInteger(requested) || requested < MINIMUM_TTL_SECONDS || requested > settings.maxTtlSeconds) {
    throw badInput2("ttlSeconds", `ttlSeconds must be a whole number from ${MINIMUM_TTL_SECONDS} to ${settings.maxTtlSeconds} (TURNKEY_CERT_MAX_TTL_SECONDS)`);
  }
  return requested;
}

// dist/graphql/certificate/certificate.enums.js
function enumObject2(values) {
  return Object.fromEntries(values.map((value) => [value, value]));
}
var CertificateKind = enumObject2(CERTIFICATE_KINDS);
var CertificateState = enumObject2(CERTIFICATE_STATES);
var CaRotationPhase = enumObject2(CA_ROTATION_PHASES);
var ClusterCredentialRole = enumObject2(CREDENTIAL_ROLES);
var ConditionStatus = enumObject2(CONDITION_STATUSES);
registerEnumType5(CertificateKind, {
  name: "CertificateKind",
  description: "Which of a cluster's CAs: the Kubernetes API's, etcd's, or the aggregation layer's front proxy's."
});
registerEnumType5(CertificateState, {
  name: "CertificateState",
  description: "ACTIVE signs and is trusted; PENDING is a rotation's new CA while the driver rolls it out; RETIRING is the previous CA, still trusted until phase two."
});
registerEnumType5(CaRotationPhase, {
  name: "CaRotationPhase",
  description: "ROTATE adds new CAs beside the current ones (both trusted); RETIRE_PREVIOUS drops the previous ones, which also happens by itself after TURNKEY_CA_ROTATION_GRACE_SECONDS."
});
registerEnumType5(ClusterCredentialRole, {
  name: "ClusterCredentialRole",
  description: "ADMIN: group system:masters (project admins and the cluster's creator). VIEWER: the viewer group (default turnkey:viewers), for anyone who may read the cluster."
});
registerEnumType5(ConditionStatus, { name: "ConditionStatus" });

// dist/graphql/certificate/certificate.type.js
var __decorate23 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata23 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var CertificateObject = class CertificateObject2 extends NodeInterface {
  pem;
  subject;
  issuer;
  serialNumber;
  notBefore;
  notAfter;
  fingerprintSha256;
  isCertificateAuthority;
  kind;
  generation;
  state;
};
__decorate23([
  Field19(() => String, { description: "The certificate, PEM-encoded." }),
  __metadata23("design:type", String)
], CertificateObject.prototype, "pem", void 0);
__decorate23([
  Field19(() => String, { description: "RFC 4514, most specific first, e.g. CN=alice,O=system:masters." }),
  __metadata23("design:type", String)
], CertificateObject.prototype, "subject", void 0);
__decorate23([
  Field19(() => String),
  __metadata23("design:type", String)
], CertificateObject.prototype, "issuer", void 0);
__decorate23([
  Field19(() => String, { description: "Uppercase hex, as openssl x509 -serial prints it." }),
  __metadata23("design:type", String)
], CertificateObject.prototype, "serialNumber", void 0);
__decorate23([
  Field19(() => GraphQLISODateTime7),
  __metadata23("design:type", Date)
], CertificateObject.prototype, "notBefore", void 0);
__decorate23([
  Field19(() => GraphQLISODateTime7),
  __metadata23("design:type", Date)
], CertificateObject.prototype, "notAfter", void 0);
__decorate23([
  Field19(() => String, { description: "SHA-256 of the DER, uppercase hex pairs joined by colons." }),
  __metadata23("design:type", String)
], CertificateObject.prototype, "fingerprintSha256", void 0);
__decorate23([
  Field19(() => Boolean),
  __metadata23("design:type", Boolean)
], CertificateObject.prototype, "isCertificateAuthority", void 0);
__decorate23([
  Field19(() => CertificateKind, { nullable: true, description: "Which CA of the cluster; null for a client certificate." }),
  __metadata23("design:type", Object)
], CertificateObject.prototype, "kind", void 0);
__decorate23([
  Field19(() => Int12, { nullable: true, description: "Increases with each rotation; null for a client certificate." }),
  __metadata23("design:type", Object)
], CertificateObject.prototype, "generation", void 0);
__decorate23([
  Field19(() => CertificateState, { nullable: true, description: "Null for a client certificate." }),
  __metadata23("design:type", Object)
], CertificateObject.prototype, "state", void 0);
CertificateObject = __decorate23([
  ObjectType13("Certificate", {
    implements: NodeInterface,
    description: "An X.509 certificate: one of a cluster's CAs, or a client certificate just issued. Private keys never leave the server through any field."
  })
], CertificateObject);
function described(pem) {
  const { subject, issuer, serialNumber, notBefore, notAfter, fingerprintSha256, isCertificateAuthority, pem: canonical } = describeCertificate(pem);
  return { pem: canonical, subject, issuer, serialNumber, notBefore, notAfter, fingerprintSha256, isCertificateAuthority };
}
function authorityObject(row) {
  return Object.assign(new CertificateObject(), described(row.pem), {
    __typename: "Certificate",
    id: toGlobalId("Certificate", row.id),
    kind: row.kind,
    generation: row.generation,
    state: row.state
  });
}
function issuedCertificateObject(pem) {
  const fields = described(pem);
  return Object.assign(new CertificateObject(), fields, { __typename: "Certificate", id: toGlobalId("Certificate", fingerprintUuid(fields.fingerprintSha256)), kind: null, generation: null, state: null });
}
function fingerprintUuid(fingerprint) {
  const bytes = createHash7("sha256").update(`turnkey issued certificate ${fingerprint}`).digest().subarray(0, 16);
  bytes.writeUInt8(bytes.readUInt8(6) & 15 | 128, 6);
  bytes.writeUInt8(bytes.readUInt8(8) & 63 | 128, 8);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// dist/graphql/node/node.resolver.js
var __decorate24 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata24 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param5 = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
var MAX_NODES = 100;
async function resolveNode(context, id) {
  const parsed = fromGlobalId(id);
  if (!parsed)
    return null;
  const { loaders, principal } = context;
  switch (parsed.type) {
    case "ClusterTemplate": {
      const row = await loaders.template.load(parsed.uuid);
      return row && canSee(principal, "clusterTemplate", row) ? templateObject(row) : null;
    }
    case "Cluster": {
      const row = await loaders.cluster.load(parsed.uuid);
      return row && canSee(principal, "cluster", row) ? clusterObject(row) : null;
    }
    case "NodeGroup": {
      const row = await loaders.nodeGroup.load(parsed.uuid);
      return row && canSee(principal, "nodeGroup", row) ? nodeGroupObject(row) : null;
    }
    case "Operation": {
      const row = await loaders.operation.load(parsed.uuid);
      return row && canSee(principal, "operation", row) ? operationObject(row) : null;
    }
    case "Project": {
      const row = await loaders.project.load(parsed.uuid);
      return row && canSee(principal, "project", { projectId: row.id }) ? projectObject(row) : null;
    }
    case "Certificate": {
      const row = await loaders.certificate.load(parsed.uuid);
      return row && canSee(principal, "certificate", row) ? authorityObject(row) : null;
    }
    default:
      return null;
  }
}
var NodeResolver = class NodeResolver2 {
  node(id, context) {
    return resolveNode(context, id);
  }
  nodes(ids, context) {
    if (ids.length > MAX_NODES)
      throw topLevelError("BAD_USER_INPUT", `nodes takes at most ${MAX_NODES} ids`);
    return Promise.all(ids.map((id) => resolveNode(context, id)));
  }
};
__decorate24([
  Query3(() => NodeInterface, { nullable: true, description: "Any object by its global id; null when it does not exist or is not visible." }),
  __param5(0, Arg4("id", () => ID10)),
  __param5(1, Ctx5()),
  __metadata24("design:type", Function),
  __metadata24("design:paramtypes", [String, Object]),
  __metadata24("design:returntype", void 0)
], NodeResolver.prototype, "node", null);
__decorate24([
  Query3(() => [NodeInterface], { nullable: "items", description: `Up to ${MAX_NODES} objects by global id, in the order asked.` }),
  __param5(0, Arg4("ids", () => [ID10])),
  __param5(1, Ctx5()),
  __metadata24("design:type", Function),
  __metadata24("design:paramtypes", [Array, Object]),
  __metadata24("design:returntype", void 0)
], NodeResolver.prototype, "nodes", null);
NodeResolver = __decorate24([
  Resolver5()
], NodeResolver);

// dist/graphql/operation/operation.resolver.js
import { Arg as Arg5, Ctx as Ctx6, FieldResolver as FieldResolver4, ID as ID11, Query as Query4, Resolver as Resolver6, Root as Root4 } from "type-graphql";
var __decorate25 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata25 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param6 = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
var OperationResolver = class OperationResolver2 {
  async operation(id, context) {
    const row = await context.loaders.operation.load(argumentUuid(id, "Operation", "id"));
    if (!row || !canSee(context.principal, "operation", row))
      throw notFoundError("operation");
    return operationObject(row);
  }
  async cluster(operation, context) {
    const row = await context.loaders.cluster.load(operation.clusterId);
    return row ? clusterObject(row) : null;
  }
};
__decorate25([
  Query4(() => OperationObject, { description: "One operation; NOT_FOUND when it does not exist or is not visible." }),
  __param6(0, Arg5("id", () => ID11)),
  __param6(1, Ctx6()),
  __metadata25("design:type", Function),
  __metadata25("design:paramtypes", [String, Object]),
  __metadata25("design:returntype", Promise)
], OperationResolver.prototype, "operation", null);
__decorate25([
  FieldResolver4(() => ClusterObject, { nullable: true, description: "Null once the cluster is deleted." }),
  __param6(0, Root4()),
  __param6(1, Ctx6()),
  __metadata25("design:type", Function),
  __metadata25("design:paramtypes", [OperationObject, Object]),
  __metadata25("design:returntype", Promise)
], OperationResolver.prototype, "cluster", null);
OperationResolver = __decorate25([
  Resolver6(() => OperationObject)
], OperationResolver);

// dist/graphql/viewer/viewer.resolver.js
import { Ctx as Ctx7, Field as Field20, ID as ID12, ObjectType as ObjectType14, Query as Query5, Resolver as Resolver7 } from "type-graphql";
var __decorate26 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata26 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param7 = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
var ViewerUser = class ViewerUser2 {
  id;
  name;
};
__decorate26([
  Field20(() => ID12, { nullable: true, description: "Null for the operator's admin token, which is no user." }),
  __metadata26("design:type", Object)
], ViewerUser.prototype, "id", void 0);
__decorate26([
  Field20(() => String),
  __metadata26("design:type", String)
], ViewerUser.prototype, "name", void 0);
ViewerUser = __decorate26([
  ObjectType14()
], ViewerUser);
var PolicyRule = class PolicyRule2 {
  resource;
  action;
  rule;
};
__decorate26([
  Field20(() => String),
  __metadata26("design:type", String)
], PolicyRule.prototype, "resource", void 0);
__decorate26([
  Field20(() => String),
  __metadata26("design:type", String)
], PolicyRule.prototype, "action", void 0);
__decorate26([
  Field20(() => String),
  __metadata26("design:type", String)
], PolicyRule.prototype, "rule", void 0);
PolicyRule = __decorate26([
  ObjectType14({ description: "One row of the policy table: who may do an action on a resource." })
], PolicyRule);
var ProjectRoleBinding = class ProjectRoleBinding2 {
  project;
  role;
};
__decorate26([
  Field20(() => ProjectObject),
  __metadata26("design:type", ProjectObject)
], ProjectRoleBinding.prototype, "project", void 0);
__decorate26([
  Field20(() => String, { description: "ADMIN, MEMBER or READER." }),
  __metadata26("design:type", String)
], ProjectRoleBinding.prototype, "role", void 0);
ProjectRoleBinding = __decorate26([
  ObjectType14()
], ProjectRoleBinding);
var Viewer = class Viewer2 {
  user;
  isGlobalAdmin;
  projectRoles;
  policy;
};
__decorate26([
  Field20(() => ViewerUser),
  __metadata26("design:type", ViewerUser)
], Viewer.prototype, "user", void 0);
__decorate26([
  Field20(() => Boolean, { description: "Administers every project." }),
  __metadata26("design:type", Boolean)
], Viewer.prototype, "isGlobalAdmin", void 0);
__decorate26([
  Field20(() => [ProjectRoleBinding]),
  __metadata26("design:type", Array)
], Viewer.prototype, "projectRoles", void 0);
__decorate26([
  Field20(() => [PolicyRule], { description: "The policy every request is checked against, as documentation." }),
  __metadata26("design:type", Array)
], Viewer.prototype, "policy", void 0);
Viewer = __decorate26([
  ObjectType14()
], Viewer);
var ViewerResolver = class ViewerResolver2 {
  async viewer(context) {
    const { principal } = context;
    const projects2 = await projectsByIds(context.domain.db, [...principal.projectRoles.keys()]);
    return {
      user: { id: principal.isGlobalAdmin && principal.id === "admin" ? null : toGlobalId("User", principal.id), name: principal.name },
      policy: policyRows(),
      isGlobalAdmin: principal.isGlobalAdmin,
      projectRoles: projects2.map((project) => ({ project: projectObject(project), role: principal.projectRoles.get(project.id) ?? "READER" }))
    };
  }
};
__decorate26([
  Query5(() => Viewer),
  __param7(0, Ctx7()),
  __metadata26("design:type", Function),
  __metadata26("design:paramtypes", [Object]),
  __metadata26("design:returntype", Promise)
], ViewerResolver.prototype, "viewer", null);
ViewerResolver = __decorate26([
  Resolver7()
], ViewerResolver);

// dist/graphql/tenancy/tenancy.resolver.js
import { eq as eq19, inArray as inArray12 } from "drizzle-orm";
import { Arg as Arg6, Ctx as Ctx8, FieldResolver as FieldResolver5, ID as ID15, Mutation as Mutation4, Query as Query6, Resolver as Resolver8, Root as Root5 } from "type-graphql";

// dist/domain/tenancy/tenancy.js
import { randomUUID as randomUUID8 } from "node:crypto";
import { z as z10 } from "zod";

// dist/db/queries/tenancy.js
import { and as and14, eq as eq18, inArray as inArray11 } from "drizzle-orm";
async function projectIdByName(executor, name) {
  const [existing] = await executor.select({ id: projects.id }).from(projects).where(eq18(projects.name, name));
  return existing?.id;
}
async function projectExists(executor, id) {
  const [project] = await executor.select({ id: projects.id }).from(projects).where(eq18(projects.id, id));
  return project !== void 0;
}
async function existingProjectIds(executor, ids) {
  return executor.select({ id: projects.id }).from(projects).where(inArray11(projects.id, ids));
}
async function insertProject(transaction, values) {
  await transaction.insert(projects).values(values);
}
async function lockProject(transaction, id) {
  await transaction.select({ id: projects.id }).from(projects).where(eq18(projects.id, id)).for("no key update");
}
async function userIdByName(executor, name) {
  const [existing] = await executor.select({ id: users.id }).from(users).where(eq18(users.name, name));
  return existing?.id;
}
async function userExists(executor, id) {
  const [user] = await executor.select({ id: users.id }).from(users).where(eq18(users.id, id));
  return user !== void 0;
}
async function findUser(executor, id) {
  const [user] = await executor.select().from(users).where(eq18(users.id, id));
  return user;
}
async function insertUser(transaction, values) {
  await transaction.insert(users).values(values);
}
async function deleteUserRow(executor, id) {
  return executor.delete(users).where(eq18(users.id, id)).returning({ id: users.id });
}
async function roleBindingOf(executor, userId, projectId) {
  const [existing] = await executor.select().from(roleBindings).where(and14(eq18(roleBindings.userId, userId), eq18(roleBindings.projectId, projectId)));
  return existing;
}
async function findRoleBinding(executor, id) {
  const [binding] = await executor.select().from(roleBindings).where(eq18(roleBindings.id, id));
  return binding;
}
async function bindingsOfUser(executor, userId) {
  return executor.select({ projectId: roleBindings.projectId, role: roleBindings.role }).from(roleBindings).where(eq18(roleBindings.userId, userId));
}
async function projectIdsOfUser(executor, userId) {
  return executor.select({ projectId: roleBindings.projectId }).from(roleBindings).where(eq18(roleBindings.userId, userId));
}
async function adminBindingsOf(executor, projectId) {
  return executor.select({ id: roleBindings.id }).from(roleBindings).where(and14(eq18(roleBindings.projectId, projectId), eq18(roleBindings.role, "ADMIN")));
}
async function insertRoleBinding(transaction, values) {
  await transaction.insert(roleBindings).values(values);
}
async function deleteRoleBindingRow(transaction, id) {
  await transaction.delete(roleBindings).where(eq18(roleBindings.id, id));
}
async function findApiToken(executor, id) {
  const [row] = await executor.select().from(apiTokens).where(eq18(apiTokens.id, id));
  return row;
}
async function insertApiToken(executor, values) {
  await executor.insert(apiTokens).values(values);
}
async function revokeApiTokenRow(executor, id) {
  await executor.update(apiTokens).set({ revokedAt: /* @__PURE__ */ new Date(), updatedAt: /* @__PURE__ */ new Date() }).where(eq18(apiTokens.id, id));
}
async function upsertQuota(executor, values) {
  await executor.insert(quotas).values(values).onConflictDoUpdate({ target: [quotas.projectId, quotas.resource], set: { limit: values.limit, updatedAt: /* @__PURE__ */ new Date() } });
}

// dist/domain/tenancy/tenancy.js
var NAME2 = z10.string().trim().min(1, "name must not be empty").max(255, "name must be at most 255 characters").regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/, "name may contain letters, digits, '_', '.', '@' and '-'");
var PROJECT_ROLES = ["ADMIN", "MEMBER", "READER"];
var NO_PROJECT = "00000000-0000-0000-0000-000000000000";
async function createProject(context, input, requestId) {
  requireAllowed(context.principal, "project", "create", { projectId: null }, "name");
  const name = parseOrThrow(NAME2, input.name, ["name"]);
  return inTransaction(context, (transaction) => runOncePerRequestId(transaction, context.principal, "projectCreate", requestId, input, async () => {
    const existing = await projectIdByName(transaction, name);
    if (existing)
      throw conflict("name", `a project named "${name}" already exists`);
    const id = randomUUID8();
    await insertProject(transaction, { id, name });
    return { projectId: id };
  }));
}
async function createUser(context, input, requestId) {
  requireAllowed(context.principal, "user", "create", { projectId: null }, "name");
  const name = parseOrThrow(NAME2, input.name, ["name"]);
  return inTransaction(context, (transaction) => runOncePerRequestId(transaction, context.principal, "userCreate", requestId, input, async () => {
    const existing = await userIdByName(transaction, name);
    if (existing)
      throw conflict("name", `a user named "${name}" already exists`);
    const id = randomUUID8();
    await insertUser(transaction, { id, name });
    return { userId: id };
  }));
}
async function deleteUser(context, id) {
  requireAllowed(context.principal, "user", "delete", { projectId: null }, "id");
  const deleted = await deleteUserRow(context.db, id);
  if (deleted.length === 0)
    throw notFound("id", "no such user");
  context.identityChanged?.(id);
  return { userId: id };
}
async function createRoleBinding(context, input, requestId) {
  authorize(context.principal, "project", "administer", { projectId: input.projectId }, "projectId");
  if (!PROJECT_ROLES.includes(input.role))
    throw new DomainError(problem("BAD_USER_INPUT", "role", `role must be one of ${PROJECT_ROLES.join(", ")}`));
  return inTransaction(context, (transaction) => runOncePerRequestId(transaction, context.principal, "roleBindingCreate", requestId, input, async () => {
    if (!await projectExists(transaction, input.projectId))
      throw notFound("projectId", "no such project");
    if (!await userExists(transaction, input.userId))
      throw notFound("userId", "no such user");
    const existing = await roleBindingOf(transaction, input.userId, input.projectId);
    if (existing)
      throw conflict("userId", `the user already has the ${existing.role} role in this project; delete that binding first`);
    const id = randomUUID8();
    await insertRoleBinding(transaction, { id, userId: input.userId, projectId: input.projectId, role: input.role });
    return { roleBindingId: id, projectId: input.projectId };
  })).then((outcome) => {
    context.identityChanged?.(input.userId);
    return outcome;
  });
}
async function deleteRoleBinding(context, id, requestId) {
  return inTransaction(context, (transaction) => runOncePerRequestId(transaction, context.principal, "roleBindingDelete", requestId, { id }, async () => {
    const binding = await findRoleBinding(transaction, id);
    if (!binding)
      throw notFound("id", "no such role binding");
    authorize(context.principal, "roleBinding", "delete", { projectId: binding.projectId }, "id", "roleBinding");
    if (binding.role === "ADMIN") {
      await lockProject(transaction, binding.projectId);
      const admins = await adminBindingsOf(transaction, binding.projectId);
      if (admins.length <= 1)
        throw invalidState("id", "this is the project's last ADMIN binding: grant ADMIN to someone else first");
    }
    await deleteRoleBindingRow(transaction, id);
    return { roleBindingId: id, projectId: binding.projectId, userId: binding.userId };
  })).then((outcome) => {
    if (outcome.result.userId)
      context.identityChanged?.(outcome.result.userId);
    return outcome;
  });
}
function defaultScope(principal, userId, targetBindings) {
  if (principal.isGlobalAdmin)
    return null;
  if (userId === principal.id)
    return [...principal.projectRoles.keys()];
  const shared = [...targetBindings.keys()].filter((projectId) => principal.projectRoles.get(projectId) === "ADMIN");
  return shared.length === 1 ? shared : null;
}
async function createApiToken(context, input, requestId) {
  const { principal } = context;
  const user = await findUser(context.db, input.userId);
  const bindings = user ? await bindingsOfUser(context.db, user.id) : [];
  const targetBindings = new Map(bindings.map((binding) => [binding.projectId, binding.role]));
  const related = principal.isGlobalAdmin || input.userId === principal.id || [...targetBindings.keys()].some((projectId) => principal.projectRoles.get(projectId) === "ADMIN");
  if (!user || !related)
    throw notFound("userId", "no such user");
  const projectIds = input.projectIds ? [...new Set(input.projectIds)] : defaultScope(principal, user.id, targetBindings);
  if (!principal.isGlobalAdmin && projectIds === null) {
    throw new DomainError(problem("FORBIDDEN", "projectIds", "name the one project the token is for (projectIds): you administer more than one project of this user"));
  }
  if (!principal.isGlobalAdmin && projectIds?.some((projectId) => !principal.projectRoles.has(projectId)))
    throw notFound("projectIds", "no such project");
  const maxRole = input.maxRole ?? principal.tokenGrant?.maxRole ?? null;
  const refusal = mintingRefusal(principal, user.id, targetBindings, { projectIds, maxRole });
  if (refusal)
    throw new DomainError(problem("FORBIDDEN", input.projectIds ? "projectIds" : "userId", refusal));
  const name = parseOrThrow(z10.string().trim().min(1, "name must not be empty").max(255), input.name, ["name"]);
  if (input.maxRole && !PROJECT_ROLES.includes(input.maxRole))
    throw new DomainError(problem("BAD_USER_INPUT", "maxRole", `maxRole must be one of ${PROJECT_ROLES.join(", ")}`));
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now())
    throw new DomainError(problem("BAD_USER_INPUT", "expiresAt", "expiresAt must be in the future"));
  if (projectIds && principal.isGlobalAdmin) {
    const found = await existingProjectIds(context.db, projectIds.length ? projectIds : [NO_PROJECT]);
    if (found.length !== projectIds.length)
      throw notFound("projectIds", "no such project");
  }
  void requestId;
  const { token, hash, prefix } = generateToken();
  const id = randomUUID8();
  const createdBy = minterOfRecord(principal);
  await insertApiToken(context.db, { id, userId: user.id, name, tokenHash: hash, prefix, expiresAt: input.expiresAt ?? null, projectIds, maxRole, createdBy });
  return { apiTokenId: id, token, audit: { mintedFor: user.id, mintedForName: user.name, mintedBy: createdBy, projectIds, maxRole, expiresAt: input.expiresAt?.toISOString() ?? null } };
}
async function revokeApiToken(context, id) {
  const row = await findApiToken(context.db, id);
  const userProjects = row ? await projectIdsOfUser(context.db, row.userId) : [];
  if (!row || !mayManageToken(context.principal, row, userProjects.map((binding) => binding.projectId)))
    throw notFound("id", "no such API token");
  if (!row.revokedAt) {
    await revokeApiTokenRow(context.db, id);
    context.identityChanged?.(row.userId);
  }
  return { apiTokenId: id };
}
async function setQuota(context, input) {
  authorize(context.principal, "quota", "set", { projectId: input.projectId }, "projectId");
  if (!QUOTA_RESOURCES.includes(input.resource))
    throw new DomainError(problem("BAD_USER_INPUT", "resource", `resource must be one of ${QUOTA_RESOURCES.join(", ")}`));
  const limit = parseOrThrow(z10.number().int().min(0, "limit must be 0 or more").max(1e6), input.limit, ["limit"]);
  if (!await projectExists(context.db, input.projectId))
    throw notFound("projectId", "no such project");
  await upsertQuota(context.db, { projectId: input.projectId, resource: input.resource, limit });
  return { projectId: input.projectId };
}

// dist/graphql/tenancy/tenancy.resolver.js
import { sql as sql17 } from "drizzle-orm";

// dist/graphql/tenancy/tenancy.input.js
import { Field as Field22, GraphQLISODateTime as GraphQLISODateTime9, ID as ID14, InputType as InputType6, Int as Int14, ObjectType as ObjectType16 } from "type-graphql";

// dist/graphql/tenancy/tenancy.type.js
import { Field as Field21, GraphQLISODateTime as GraphQLISODateTime8, ID as ID13, Int as Int13, ObjectType as ObjectType15, registerEnumType as registerEnumType6 } from "type-graphql";
var __decorate27 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata27 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ProjectRole;
(function(ProjectRole2) {
  ProjectRole2["ADMIN"] = "ADMIN";
  ProjectRole2["MEMBER"] = "MEMBER";
  ProjectRole2["READER"] = "READER";
})(ProjectRole || (ProjectRole = {}));
registerEnumType6(ProjectRole, { name: "ProjectRole" });
var QuotaResource = Object.fromEntries(QUOTA_RESOURCES.map((value) => [value, value]));
registerEnumType6(QuotaResource, { name: "QuotaResource" });
var UserObject = class UserObject2 extends NodeInterface {
  uuid;
  name;
  createdAt;
};
__decorate27([
  Field21(() => String),
  __metadata27("design:type", String)
], UserObject.prototype, "uuid", void 0);
__decorate27([
  Field21(() => String),
  __metadata27("design:type", String)
], UserObject.prototype, "name", void 0);
__decorate27([
  Field21(() => GraphQLISODateTime8),
  __metadata27("design:type", Date)
], UserObject.prototype, "createdAt", void 0);
UserObject = __decorate27([
  ObjectType15("User", { implements: NodeInterface })
], UserObject);
var RoleBindingObject = class RoleBindingObject2 extends NodeInterface {
  role;
  createdAt;
  userId;
  projectId;
};
__decorate27([
  Field21(() => ProjectRole),
  __metadata27("design:type", String)
], RoleBindingObject.prototype, "role", void 0);
__decorate27([
  Field21(() => GraphQLISODateTime8),
  __metadata27("design:type", Date)
], RoleBindingObject.prototype, "createdAt", void 0);
RoleBindingObject = __decorate27([
  ObjectType15("RoleBinding", { implements: NodeInterface })
], RoleBindingObject);
var ApiTokenObject = class ApiTokenObject2 extends NodeInterface {
  name;
  prefix;
  expiresAt;
  revokedAt;
  lastUsedAt;
  projectIds;
  maxRole;
  createdAt;
  userId;
};
__decorate27([
  Field21(() => String),
  __metadata27("design:type", String)
], ApiTokenObject.prototype, "name", void 0);
__decorate27([
  Field21(() => String, { description: "The first characters of the token, to tell tokens apart." }),
  __metadata27("design:type", String)
], ApiTokenObject.prototype, "prefix", void 0);
__decorate27([
  Field21(() => GraphQLISODateTime8, { nullable: true }),
  __metadata27("design:type", Object)
], ApiTokenObject.prototype, "expiresAt", void 0);
__decorate27([
  Field21(() => GraphQLISODateTime8, { nullable: true }),
  __metadata27("design:type", Object)
], ApiTokenObject.prototype, "revokedAt", void 0);
__decorate27([
  Field21(() => GraphQLISODateTime8, { nullable: true, description: "Recorded in batches: up to TURNKEY_TOKEN_LAST_USED_FLUSH_MS (5 s) behind." }),
  __metadata27("design:type", Object)
], ApiTokenObject.prototype, "lastUsedAt", void 0);
__decorate27([
  Field21(() => [ID13], { nullable: true, description: "The projects the token may act in (its rights there are its user's current roles, capped by maxRole); null: every project of its user." }),
  __metadata27("design:type", Object)
], ApiTokenObject.prototype, "projectIds", void 0);
__decorate27([
  Field21(() => ProjectRole, { nullable: true, description: "The highest role the token acts with; null: no cap." }),
  __metadata27("design:type", Object)
], ApiTokenObject.prototype, "maxRole", void 0);
__decorate27([
  Field21(() => GraphQLISODateTime8),
  __metadata27("design:type", Date)
], ApiTokenObject.prototype, "createdAt", void 0);
ApiTokenObject = __decorate27([
  ObjectType15("ApiToken", { implements: NodeInterface, description: "An API token; its secret is shown once, by apiTokenCreate, and never stored." })
], ApiTokenObject);
var Quota = class Quota2 {
  resource;
  limit;
  used;
};
__decorate27([
  Field21(() => QuotaResource),
  __metadata27("design:type", String)
], Quota.prototype, "resource", void 0);
__decorate27([
  Field21(() => Int13),
  __metadata27("design:type", Number)
], Quota.prototype, "limit", void 0);
__decorate27([
  Field21(() => Int13, { description: "For NODE_GROUPS_PER_CLUSTER: the most any one cluster has." }),
  __metadata27("design:type", Number)
], Quota.prototype, "used", void 0);
Quota = __decorate27([
  ObjectType15()
], Quota);
function userObject(row) {
  return Object.assign(new UserObject(), { __typename: "User", id: toGlobalId("User", row.id), uuid: row.id, name: row.name, createdAt: row.createdAt });
}
function roleBindingObject(row) {
  return Object.assign(new RoleBindingObject(), { __typename: "RoleBinding", id: toGlobalId("RoleBinding", row.id), role: row.role, createdAt: row.createdAt, userId: row.userId, projectId: row.projectId });
}
function apiTokenObject(row) {
  return Object.assign(new ApiTokenObject(), {
    __typename: "ApiToken",
    id: toGlobalId("ApiToken", row.id),
    name: row.name,
    prefix: row.prefix,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    projectIds: row.projectIds ? row.projectIds.map((projectId) => toGlobalId("Project", projectId)) : null,
    maxRole: row.maxRole ?? null,
    createdAt: row.createdAt,
    userId: row.userId
  });
}

// dist/graphql/tenancy/tenancy.input.js
var __decorate28 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata28 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ProjectCreateInput = class ProjectCreateInput2 {
  name;
  requestId;
};
__decorate28([
  Field22(() => String),
  __metadata28("design:type", String)
], ProjectCreateInput.prototype, "name", void 0);
__decorate28([
  Field22(() => String, { nullable: true }),
  __metadata28("design:type", Object)
], ProjectCreateInput.prototype, "requestId", void 0);
ProjectCreateInput = __decorate28([
  InputType6()
], ProjectCreateInput);
var UserCreateInput = class UserCreateInput2 {
  name;
  requestId;
};
__decorate28([
  Field22(() => String),
  __metadata28("design:type", String)
], UserCreateInput.prototype, "name", void 0);
__decorate28([
  Field22(() => String, { nullable: true }),
  __metadata28("design:type", Object)
], UserCreateInput.prototype, "requestId", void 0);
UserCreateInput = __decorate28([
  InputType6()
], UserCreateInput);
var UserDeleteInput = class UserDeleteInput2 {
  id;
};
__decorate28([
  Field22(() => ID14),
  __metadata28("design:type", String)
], UserDeleteInput.prototype, "id", void 0);
UserDeleteInput = __decorate28([
  InputType6()
], UserDeleteInput);
var UserDeletePayload = class UserDeletePayload2 {
  deletedUserId;
  userErrors;
};
__decorate28([
  Field22(() => ID14, { nullable: true }),
  __metadata28("design:type", Object)
], UserDeletePayload.prototype, "deletedUserId", void 0);
__decorate28([
  Field22(() => [UserError]),
  __metadata28("design:type", Array)
], UserDeletePayload.prototype, "userErrors", void 0);
UserDeletePayload = __decorate28([
  ObjectType16()
], UserDeletePayload);
var RoleBindingCreateInput = class RoleBindingCreateInput2 {
  userId;
  projectId;
  role;
  requestId;
};
__decorate28([
  Field22(() => ID14),
  __metadata28("design:type", String)
], RoleBindingCreateInput.prototype, "userId", void 0);
__decorate28([
  Field22(() => ID14),
  __metadata28("design:type", String)
], RoleBindingCreateInput.prototype, "projectId", void 0);
__decorate28([
  Field22(() => ProjectRole),
  __metadata28("design:type", String)
], RoleBindingCreateInput.prototype, "role", void 0);
__decorate28([
  Field22(() => String, { nullable: true }),
  __metadata28("design:type", Object)
], RoleBindingCreateInput.prototype, "requestId", void 0);
RoleBindingCreateInput = __decorate28([
  InputType6()
], RoleBindingCreateInput);
var RoleBindingDeleteInput = class RoleBindingDeleteInput2 {
  id;
  requestId;
};
__decorate28([
  Field22(() => ID14),
  __metadata28("design:type", String)
], RoleBindingDeleteInput.prototype, "id", void 0);
__decorate28([
  Field22(() => String, { nullable: true }),
  __metadata28("design:type", Object)
], RoleBindingDeleteInput.prototype, "requestId", void 0);
RoleBindingDeleteInput = __decorate28([
  InputType6()
], RoleBindingDeleteInput);
var ApiTokenCreateInput = class ApiTokenCreateInput2 {
  userId;
  name;
  expiresAt;
  projectIds;
  maxRole;
};
__decorate28([
  Field22(() => ID14),
  __metadata28("design:type", String)
], ApiTokenCreateInput.prototype, "userId", void 0);
__decorate28([
  Field22(() => String),
  __metadata28("design:type", String)
], ApiTokenCreateInput.prototype, "name", void 0);
__decorate28([
  Field22(() => GraphQLISODateTime9, { nullable: true, description: "Default: never expires." }),
  __metadata28("design:type", Object)
], ApiTokenCreateInput.prototype, "expiresAt", void 0);
__decorate28([
  Field22(() => [ID14], {
    nullable: true,
    description: "The projects the token may act in. Default: for your own token, the projects you act in now; for another user's, the one project you administer and they belong to. Only a global admin mints unscoped tokens (null)."
  }),
  __metadata28("design:type", Object)
], ApiTokenCreateInput.prototype, "projectIds", void 0);
__decorate28([
  Field22(() => ProjectRole, { nullable: true, description: "The highest role the token acts with, whatever its user holds. Default: no cap (or the cap of the token you call with)." }),
  __metadata28("design:type", Object)
], ApiTokenCreateInput.prototype, "maxRole", void 0);
ApiTokenCreateInput = __decorate28([
  InputType6()
], ApiTokenCreateInput);
var ApiTokenRevokeInput = class ApiTokenRevokeInput2 {
  id;
};
__decorate28([
  Field22(() => ID14),
  __metadata28("design:type", String)
], ApiTokenRevokeInput.prototype, "id", void 0);
ApiTokenRevokeInput = __decorate28([
  InputType6()
], ApiTokenRevokeInput);
var QuotaSetInput = class QuotaSetInput2 {
  projectId;
  resource;
  limit;
};
__decorate28([
  Field22(() => ID14),
  __metadata28("design:type", String)
], QuotaSetInput.prototype, "projectId", void 0);
__decorate28([
  Field22(() => QuotaResource),
  __metadata28("design:type", String)
], QuotaSetInput.prototype, "resource", void 0);
__decorate28([
  Field22(() => Int14),
  __metadata28("design:type", Number)
], QuotaSetInput.prototype, "limit", void 0);
QuotaSetInput = __decorate28([
  InputType6()
], QuotaSetInput);
var ProjectCreatePayload = class ProjectCreatePayload2 {
  project;
  userErrors;
};
__decorate28([
  Field22(() => ProjectObject, { nullable: true }),
  __metadata28("design:type", Object)
], ProjectCreatePayload.prototype, "project", void 0);
__decorate28([
  Field22(() => [UserError]),
  __metadata28("design:type", Array)
], ProjectCreatePayload.prototype, "userErrors", void 0);
ProjectCreatePayload = __decorate28([
  ObjectType16()
], ProjectCreatePayload);
var UserCreatePayload = class UserCreatePayload2 {
  user;
  userErrors;
};
__decorate28([
  Field22(() => UserObject, { nullable: true }),
  __metadata28("design:type", Object)
], UserCreatePayload.prototype, "user", void 0);
__decorate28([
  Field22(() => [UserError]),
  __metadata28("design:type", Array)
], UserCreatePayload.prototype, "userErrors", void 0);
UserCreatePayload = __decorate28([
  ObjectType16()
], UserCreatePayload);
var RoleBindingCreatePayload = class RoleBindingCreatePayload2 {
  roleBinding;
  userErrors;
};
__decorate28([
  Field22(() => RoleBindingObject, { nullable: true }),
  __metadata28("design:type", Object)
], RoleBindingCreatePayload.prototype, "roleBinding", void 0);
__decorate28([
  Field22(() => [UserError]),
  __metadata28("design:type", Array)
], RoleBindingCreatePayload.prototype, "userErrors", void 0);
RoleBindingCreatePayload = __decorate28([
  ObjectType16()
], RoleBindingCreatePayload);
var RoleBindingDeletePayload = class RoleBindingDeletePayload2 {
  deletedRoleBindingId;
  userErrors;
};
__decorate28([
  Field22(() => ID14, { nullable: true }),
  __metadata28("design:type", Object)
], RoleBindingDeletePayload.prototype, "deletedRoleBindingId", void 0);
__decorate28([
  Field22(() => [UserError]),
  __metadata28("design:type", Array)
], RoleBindingDeletePayload.prototype, "userErrors", void 0);
RoleBindingDeletePayload = __decorate28([
  ObjectType16()
], RoleBindingDeletePayload);
var ApiTokenCreatePayload = class ApiTokenCreatePayload2 {
  token;
  apiToken;
  userErrors;
};
__decorate28([
  Field22(() => String, { nullable: true, description: "The secret: shown now and never again." }),
  __metadata28("design:type", Object)
], ApiTokenCreatePayload.prototype, "token", void 0);
__decorate28([
  Field22(() => ApiTokenObject, { nullable: true }),
  __metadata28("design:type", Object)
], ApiTokenCreatePayload.prototype, "apiToken", void 0);
__decorate28([
  Field22(() => [UserError]),
  __metadata28("design:type", Array)
], ApiTokenCreatePayload.prototype, "userErrors", void 0);
ApiTokenCreatePayload = __decorate28([
  ObjectType16()
], ApiTokenCreatePayload);
var ApiTokenRevokePayload = class ApiTokenRevokePayload2 {
  apiToken;
  userErrors;
};
__decorate28([
  Field22(() => ApiTokenObject, { nullable: true }),
  __metadata28("design:type", Object)
], ApiTokenRevokePayload.prototype, "apiToken", void 0);
__decorate28([
  Field22(() => [UserError]),
  __metadata28("design:type", Array)
], ApiTokenRevokePayload.prototype, "userErrors", void 0);
ApiTokenRevokePayload = __decorate28([
  ObjectType16()
], ApiTokenRevokePayload);
var QuotaSetPayload = class QuotaSetPayload2 {
  project;
  userErrors;
};
__decorate28([
  Field22(() => ProjectObject, { nullable: true }),
  __metadata28("design:type", Object)
], QuotaSetPayload.prototype, "project", void 0);
__decorate28([
  Field22(() => [UserError]),
  __metadata28("design:type", Array)
], QuotaSetPayload.prototype, "userErrors", void 0);
QuotaSetPayload = __decorate28([
  ObjectType16()
], QuotaSetPayload);

// dist/graphql/tenancy/tenancy.resolver.js
var __decorate29 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata29 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param8 = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
async function loadProject(context, uuid13) {
  context.loaders.project.clear(uuid13);
  const row = await context.loaders.project.load(uuid13);
  return row ? projectObject(row) : null;
}
var ProjectResolver = class ProjectResolver2 {
  async project(id, context) {
    const row = await context.loaders.project.load(argumentUuid(id, "Project", "id"));
    if (!row || !canSee(context.principal, "project", { projectId: row.id }))
      throw notFoundError("project");
    return projectObject(row);
  }
  async projects(context) {
    const visible = readableProjects(context.principal);
    const rows = visible === null ? await context.domain.db.select().from(projects).orderBy(projects.name) : visible.length ? await context.domain.db.select().from(projects).where(inArray12(projects.id, visible)).orderBy(projects.name) : [];
    return rows.map(projectObject);
  }
  async quotas(project, context) {
    const { db } = context.domain;
    const [limits, usage, widest] = await Promise.all([
      limitsOf(db, project.uuid),
      usageOf(db, project.uuid),
      db.select({ most: sql17`coalesce(max(groups_per_cluster), 0)` }).from(db.select({ groups_per_cluster: sql17`count(*)`.as("groups_per_cluster") }).from(nodeGroups).where(eq19(nodeGroups.projectId, project.uuid)).groupBy(nodeGroups.clusterId).as("per_cluster"))
    ]);
    const used = { CLUSTERS: usage.CLUSTERS, NODES: usage.NODES, NODE_GROUPS_PER_CLUSTER: Number(widest[0]?.most ?? 0) };
    return QUOTA_RESOURCES.map((resource) => ({ resource, limit: limits[resource], used: used[resource] }));
  }
  projectCreate(input, context) {
    return asPayload(async () => {
      const { result } = await createProject(context.domain, input, input.requestId);
      return { project: await loadProject(context, result.projectId) };
    });
  }
  quotaSet(input, context) {
    return asPayload(async () => {
      const projectId = requireUuid(input.projectId, "Project", "projectId");
      await setQuota(context.domain, { projectId, resource: input.resource, limit: input.limit });
      return { project: await loadProject(context, projectId) };
    });
  }
};
__decorate29([
  Query6(() => ProjectObject, { description: "One project the caller belongs to (any project for a global admin)." }),
  __param8(0, Arg6("id", () => ID15)),
  __param8(1, Ctx8()),
  __metadata29("design:type", Function),
  __metadata29("design:paramtypes", [String, Object]),
  __metadata29("design:returntype", Promise)
], ProjectResolver.prototype, "project", null);
__decorate29([
  Query6(() => [ProjectObject], { description: "The projects the caller may see, by name." }),
  __param8(0, Ctx8()),
  __metadata29("design:type", Function),
  __metadata29("design:paramtypes", [Object]),
  __metadata29("design:returntype", Promise)
], ProjectResolver.prototype, "projects", null);
__decorate29([
  FieldResolver5(() => [Quota], { description: "Limits and usage; the defaults apply where no quota was set." }),
  __param8(0, Root5()),
  __param8(1, Ctx8()),
  __metadata29("design:type", Function),
  __metadata29("design:paramtypes", [ProjectObject, Object]),
  __metadata29("design:returntype", Promise)
], ProjectResolver.prototype, "quotas", null);
__decorate29([
  Mutation4(() => ProjectCreatePayload, { description: "Global admins only." }),
  __param8(0, Arg6("input", () => ProjectCreateInput)),
  __param8(1, Ctx8()),
  __metadata29("design:type", Function),
  __metadata29("design:paramtypes", [ProjectCreateInput, Object]),
  __metadata29("design:returntype", void 0)
], ProjectResolver.prototype, "projectCreate", null);
__decorate29([
  Mutation4(() => QuotaSetPayload, { description: "Global admins only." }),
  __param8(0, Arg6("input", () => QuotaSetInput)),
  __param8(1, Ctx8()),
  __metadata29("design:type", Function),
  __metadata29("design:paramtypes", [QuotaSetInput, Object]),
  __metadata29("design:returntype", void 0)
], ProjectResolver.prototype, "quotaSet", null);
ProjectResolver = __decorate29([
  Resolver8(() => ProjectObject)
], ProjectResolver);
var UserResolver = class UserResolver2 {
  userCreate(input, context) {
    return asPayload(async () => {
      const { result } = await createUser(context.domain, input, input.requestId);
      const [row] = await context.domain.db.select().from(users).where(eq19(users.id, result.userId));
      return { user: row ? userObject(row) : null };
    });
  }
  userDelete(input, context) {
    return asPayload(async () => {
      await deleteUser(context.domain, laterCheckedUuid(input.id, "User"));
      return { deletedUserId: input.id };
    });
  }
  async apiTokens(user, context) {
    const [rows, bindings] = await Promise.all([
      context.domain.db.select().from(apiTokens).where(eq19(apiTokens.userId, user.uuid)).orderBy(apiTokens.createdAt),
      context.domain.db.select({ projectId: roleBindings.projectId }).from(roleBindings).where(eq19(roleBindings.userId, user.uuid))
    ]);
    const userProjects = bindings.map((binding) => binding.projectId);
    return rows.filter((row) => mayManageToken(context.principal, row, userProjects)).map(apiTokenObject);
  }
  apiTokenCreate(input, context) {
    return asPayload(async () => {
      const userId = requireUuid(input.userId, "User", "userId");
      const projectIds = input.projectIds ? input.projectIds.map((id) => laterCheckedUuid(id, "Project")) : null;
      const { apiTokenId, token, audit } = await createApiToken(context.domain, { userId, name: input.name, expiresAt: input.expiresAt ?? null, projectIds, maxRole: input.maxRole ?? null });
      context.auditDetails = audit;
      const [row] = await context.domain.db.select().from(apiTokens).where(eq19(apiTokens.id, apiTokenId));
      return { token, apiToken: row ? apiTokenObject(row) : null };
    });
  }
  apiTokenRevoke(input, context) {
    return asPayload(async () => {
      const id = requireUuid(input.id, "ApiToken", "id");
      await revokeApiToken(context.domain, id);
      const [row] = await context.domain.db.select().from(apiTokens).where(eq19(apiTokens.id, id));
      return { apiToken: row ? apiTokenObject(row) : null };
    });
  }
};
__decorate29([
  Mutation4(() => UserCreatePayload, { description: "Global admins and project admins." }),
  __param8(0, Arg6("input", () => UserCreateInput)),
  __param8(1, Ctx8()),
  __metadata29("design:type", Function),
  __metadata29("design:paramtypes", [UserCreateInput, Object]),
  __metadata29("design:returntype", void 0)
], UserResolver.prototype, "userCreate", null);
__decorate29([
  Mutation4(() => UserDeletePayload, { description: "Global admins only. Removes the user's role bindings and tokens; its open WebSockets close with 4401." }),
  __param8(0, Arg6("input", () => UserDeleteInput)),
  __param8(1, Ctx8()),
  __metadata29("design:type", Function),
  __metadata29("design:paramtypes", [UserDeleteInput, Object]),
  __metadata29("design:returntype", void 0)
], UserResolver.prototype, "userDelete", null);
__decorate29([
  FieldResolver5(() => [ApiTokenObject], { description: "The tokens the caller may manage: its own, those it minted, those that can act in a project it administers (all for a global admin)." }),
  __param8(0, Root5()),
  __param8(1, Ctx8()),
  __metadata29("design:type", Function),
  __metadata29("design:paramtypes", [UserObject, Object]),
  __metadata29("design:returntype", Promise)
], UserResolver.prototype, "apiTokens", null);
__decorate29([
  Mutation4(() => ApiTokenCreatePayload, { description: "The token is in this payload only; store it now." }),
  __param8(0, Arg6("input", () => ApiTokenCreateInput)),
  __param8(1, Ctx8()),
  __metadata29("design:type", Function),
  __metadata29("design:paramtypes", [ApiTokenCreateInput, Object]),
  __metadata29("design:returntype", void 0)
], UserResolver.prototype, "apiTokenCreate", null);
__decorate29([
  Mutation4(() => ApiTokenRevokePayload),
  __param8(0, Arg6("input", () => ApiTokenRevokeInput)),
  __param8(1, Ctx8()),
  __metadata29("design:type", Function),
  __metadata29("design:paramtypes", [ApiTokenRevokeInput, Object]),
  __metadata29("design:returntype", void 0)
], UserResolver.prototype, "apiTokenRevoke", null);
UserResolver = __decorate29([
  Resolver8(() => UserObject)
], UserResolver);
var RoleBindingResolver = class RoleBindingResolver2 {
  async user(binding, context) {
    const [row] = await context.domain.db.select().from(users).where(eq19(users.id, binding.userId));
    if (!row)
      throw notFoundError("user");
    return userObject(row);
  }
  async project(binding, context) {
    const row = await context.loaders.project.load(binding.projectId);
    if (!row)
      throw notFoundError("project");
    return projectObject(row);
  }
  roleBindingCreate(input, context) {
    return asPayload(async () => {
      const userId = laterCheckedUuid(input.userId, "User");
      const projectId = requireUuid(input.projectId, "Project", "projectId");
      const { result } = await createRoleBinding(context.domain, { userId, projectId, role: input.role }, input.requestId);
      const [row] = await context.domain.db.select().from(roleBindings).where(eq19(roleBindings.id, result.roleBindingId));
      return { roleBinding: row ? roleBindingObject(row) : null };
    });
  }
  roleBindingDelete(input, context) {
    return asPayload(async () => {
      await deleteRoleBinding(context.domain, requireUuid(input.id, "RoleBinding", "id"), input.requestId);
      return { deletedRoleBindingId: input.id };
    });
  }
};
__decorate29([
  FieldResolver5(() => UserObject),
  __param8(0, Root5()),
  __param8(1, Ctx8()),
  __metadata29("design:type", Function),
  __metadata29("design:paramtypes", [RoleBindingObject, Object]),
  __metadata29("design:returntype", Promise)
], RoleBindingResolver.prototype, "user", null);
__decorate29([
  FieldResolver5(() => ProjectObject),
  __param8(0, Root5()),
  __param8(1, Ctx8()),
  __metadata29("design:type", Function),
  __metadata29("design:paramtypes", [RoleBindingObject, Object]),
  __metadata29("design:returntype", Promise)
], RoleBindingResolver.prototype, "project", null);
__decorate29([
  Mutation4(() => RoleBindingCreatePayload, { description: "Admins of the project (or global admins)." }),
  __param8(0, Arg6("input", () => RoleBindingCreateInput)),
  __param8(1, Ctx8()),
  __metadata29("design:type", Function),
  __metadata29("design:paramtypes", [RoleBindingCreateInput, Object]),
  __metadata29("design:returntype", void 0)
], RoleBindingResolver.prototype, "roleBindingCreate", null);
__decorate29([
  Mutation4(() => RoleBindingDeletePayload),
  __param8(0, Arg6("input", () => RoleBindingDeleteInput)),
  __param8(1, Ctx8()),
  __metadata29("design:type", Function),
  __metadata29("design:paramtypes", [RoleBindingDeleteInput, Object]),
  __metadata29("design:returntype", void 0)
], RoleBindingResolver.prototype, "roleBindingDelete", null);
RoleBindingResolver = __decorate29([
  Resolver8(() => RoleBindingObject)
], RoleBindingResolver);

// dist/graphql/audit/audit.resolver.js
import { and as and15, eq as eq20, inArray as inArray13 } from "drizzle-orm";
import { Args as Args3, ArgsType as ArgsType4, Ctx as Ctx9, Field as Field23, GraphQLISODateTime as GraphQLISODateTime10, ID as ID16, InputType as InputType7, ObjectType as ObjectType17, Query as Query7, Resolver as Resolver9 } from "type-graphql";
import { GraphQLJSONObject as GraphQLJSONObject3 } from "graphql-scalars";
var __decorate30 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata30 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param9 = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
var AuditEventObject = class AuditEventObject2 {
  cursor;
  occurredAt;
  principalId;
  principalName;
  projectId;
  mutation;
  objectId;
  outcome;
  details;
};
__decorate30([
  Field23(() => String),
  __metadata30("design:type", String)
], AuditEventObject.prototype, "cursor", void 0);
__decorate30([
  Field23(() => GraphQLISODateTime10),
  __metadata30("design:type", Date)
], AuditEventObject.prototype, "occurredAt", void 0);
__decorate30([
  Field23(() => String, { description: "Who: the user's id (or admin)." }),
  __metadata30("design:type", String)
], AuditEventObject.prototype, "principalId", void 0);
__decorate30([
  Field23(() => String),
  __metadata30("design:type", String)
], AuditEventObject.prototype, "principalName", void 0);
__decorate30([
  Field23(() => ID16, { nullable: true }),
  __metadata30("design:type", Object)
], AuditEventObject.prototype, "projectId", void 0);
__decorate30([
  Field23(() => String),
  __metadata30("design:type", String)
], AuditEventObject.prototype, "mutation", void 0);
__decorate30([
  Field23(() => ID16, { nullable: true, description: "The object acted on." }),
  __metadata30("design:type", Object)
], AuditEventObject.prototype, "objectId", void 0);
__decorate30([
  Field23(() => String, { description: "SUCCEEDED, REFUSED or FAILED." }),
  __metadata30("design:type", String)
], AuditEventObject.prototype, "outcome", void 0);
__decorate30([
  Field23(() => GraphQLJSONObject3),
  __metadata30("design:type", Object)
], AuditEventObject.prototype, "details", void 0);
AuditEventObject = __decorate30([
  ObjectType17("AuditEvent")
], AuditEventObject);
var AuditEventFilter = class AuditEventFilter2 {
  projectId;
  mutation;
  principalName;
};
__decorate30([
  Field23(() => ID16, { nullable: true }),
  __metadata30("design:type", Object)
], AuditEventFilter.prototype, "projectId", void 0);
__decorate30([
  Field23(() => String, { nullable: true }),
  __metadata30("design:type", Object)
], AuditEventFilter.prototype, "mutation", void 0);
__decorate30([
  Field23(() => String, { nullable: true }),
  __metadata30("design:type", Object)
], AuditEventFilter.prototype, "principalName", void 0);
AuditEventFilter = __decorate30([
  InputType7()
], AuditEventFilter);
var AuditEventsArgs = class AuditEventsArgs2 extends PageArgs {
  filter;
};
__decorate30([
  Field23(() => AuditEventFilter, { nullable: true }),
  __metadata30("design:type", Object)
], AuditEventsArgs.prototype, "filter", void 0);
AuditEventsArgs = __decorate30([
  ArgsType4()
], AuditEventsArgs);
var AuditEventConnection = ConnectionType("AuditEvent", AuditEventObject);
function auditEventObject(row) {
  return Object.assign(new AuditEventObject(), {
    ...row,
    cursor: row.id.toString(),
    projectId: row.projectId ? toGlobalId("Project", row.projectId) : null
  });
}
var AuditResolver = class AuditResolver2 {
  async auditEvents(args, context) {
    const { principal } = context;
    const conditions = [];
    if (!allowed(principal, "audit", "readAll", { projectId: null })) {
      const administered = [...principal.projectRoles.entries()].filter(([projectId]) => allowed(principal, "audit", "read", { projectId })).map(([projectId]) => projectId);
      if (administered.length === 0)
        throw topLevelError("FORBIDDEN", "the audit log is for project admins and global admins");
      conditions.push(inArray13(auditEvents.projectId, administered));
    }
    const filter = args.filter ?? {};
    if (filter.projectId)
      conditions.push(eq20(auditEvents.projectId, argumentUuid(filter.projectId, "Project", ["filter", "projectId"])));
    if (filter.mutation)
      conditions.push(eq20(auditEvents.mutation, filter.mutation));
    if (filter.principalName)
      conditions.push(eq20(auditEvents.principalName, filter.principalName));
    const where = and15(...conditions);
    const page = await paginate(context.domain.db, auditEvents, auditEvents.id, where, { name: "ID_DESC", column: auditEvents.id, kind: "bigint", direction: "DESC", idKind: "bigint" }, "id", args);
    return toConnection(page, (row) => auditEventObject(row), () => countRows(context.domain.db, auditEvents, where));
  }
};
__decorate30([
  Query7(() => AuditEventConnection, { description: "Newest first. Global admins see every entry; project admins their projects'." }),
  __param9(0, Args3(() => AuditEventsArgs)),
  __param9(1, Ctx9()),
  __metadata30("design:type", Function),
  __metadata30("design:paramtypes", [AuditEventsArgs, Object]),
  __metadata30("design:returntype", Promise)
], AuditResolver.prototype, "auditEvents", null);
AuditResolver = __decorate30([
  Resolver9()
], AuditResolver);

// dist/graphql/audit/audit.middleware.js
function subjectOf2(input, payload) {
  const objects = payload ? Object.values(payload).filter((value) => Boolean(value && typeof value === "object" && "id" in value)) : [];
  const first = objects[0];
  const fromInput = input && (input.id ?? input.clusterId ?? input.projectId ?? input.userId);
  const projectId = objects.find((object) => typeof object.projectId === "string")?.projectId ?? (first && "uuid" in first && payload && "project" in payload ? first.uuid : null);
  return { objectId: typeof fromInput === "string" ? fromInput : first?.id ?? null, projectId: projectId ?? null };
}
var ESCALATION_MUTATIONS = /* @__PURE__ */ new Set(["apiTokenCreate", "apiTokenRevoke", "roleBindingCreate", "roleBindingDelete", "userCreate", "userDelete", "projectCreate", "quotaSet"]);
var auditMutations = async ({ info, args, context }, next) => {
  if (info.parentType.name !== "Mutation")
    return next();
  const input = args.input;
  const record = async (outcome, payload, details) => {
    const subject = subjectOf2(input, payload);
    const { objectId } = subject;
    const projectId = subject.projectId ?? (typeof input?.projectId === "string" ? uuidOf(input.projectId, "Project") : null);
    await context.domain.db.insert(auditEvents).values({ principalId: context.principal.id, principalName: context.principal.name, projectId, mutation: info.fieldName, objectId, outcome, details: { ...details, ...context.auditDetails, requestId: context.requestId } }).catch(() => void 0);
  };
  try {
    const payload = await next();
    const refusal = payload?.userErrors?.[0];
    const escalation = refusal && ESCALATION_MUTATIONS.has(info.fieldName) && (refusal.code === "FORBIDDEN" || refusal.code === "NOT_FOUND");
    await record(refusal ? "REFUSED" : "SUCCEEDED", payload, refusal ? { code: refusal.code, message: refusal.message, ...escalation ? { escalation: true } : {} } : {});
    return payload;
  } catch (error) {
    await record("FAILED", void 0, { message: error instanceof Error ? error.message : String(error) });
    throw error;
  }
};

// dist/graphql/audit/audit-mutations.js
function auditMutationFields(schema) {
  const mutation = schema.getMutationType();
  if (!mutation)
    return schema;
  for (const field of Object.values(mutation.getFields())) {
    const resolve2 = field.resolve;
    if (!resolve2)
      continue;
    field.resolve = (root, args, context, info) => auditMutations({ root, args, context, info }, async () => resolve2(root, args, context, info));
  }
  return schema;
}

// dist/graphql/limits/field-guards.js
import { getNamedType as getNamedType2, GraphQLError as GraphQLError5, isObjectType as isObjectType2 } from "graphql";

// dist/domain/input-hygiene.js
var MAX_SHORT_STRING = 255;
var LONG_STRINGS = {
  csr: 16384,
  value: 1024,
  // a label's value (src/domain/labels.ts)
  clientKeyPath: 4096
};
var LIST_COUNTS = { labels: 100, tags: 50, nodesToRemove: 1e3, ids: 100 };
var MAX_LIST = 1e3;
var LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function inputProblems(args) {
  const problems = [];
  const visit = (value, path5, name) => {
    if (problems.length >= 20)
      return;
    if (typeof value === "string") {
      if (value.includes("\0"))
        problems.push(problem("BAD_USER_INPUT", path5, "must not contain NUL characters"));
      else if (LONE_SURROGATE.test(value))
        problems.push(problem("BAD_USER_INPUT", path5, "must be valid Unicode (an unpaired surrogate was sent)"));
      else {
        const maximum = LONG_STRINGS[name] ?? MAX_SHORT_STRING;
        if (value.length > maximum)
          problems.push(problem("BAD_USER_INPUT", path5, `must be at most ${maximum} characters`));
      }
    } else if (Array.isArray(value)) {
      const maximum = LIST_COUNTS[name] ?? MAX_LIST;
      if (value.length > maximum) {
        problems.push(problem("BAD_USER_INPUT", path5, `at most ${maximum} items`));
        return;
      }
      value.forEach((item, index10) => visit(item, [...path5, String(index10)], name));
    } else if (value && typeof value === "object" && !(value instanceof Date)) {
      for (const [key, inner] of Object.entries(value))
        visit(inner, [...path5, key], key);
    }
  };
  for (const [key, value] of Object.entries(args))
    visit(value, [key], key);
  return problems;
}

// dist/graphql/limits/field-guards.js
function deadlineExceeded() {
  return new GraphQLError5("the request ran past its deadline (TURNKEY_REQUEST_DEADLINE_MS); ask for less, or page", { extensions: { code: "DEADLINE_EXCEEDED" } });
}
function hygieneRefusal(args, hasUserErrors, context) {
  const problems = inputProblems(args);
  if (problems.length === 0)
    return void 0;
  if (hasUserErrors)
    return authorizationFirst(args, context).then((refusal) => ({ userErrors: (refusal ?? problems).map((entry) => ({ ...entry, limit: null, used: null })) }));
  const [first] = problems;
  throw new GraphQLError5(`${first.field.join(".")}: ${first.message}`, { extensions: { code: "BAD_USER_INPUT", field: first.field } });
}
var SUBJECTS = {
  Cluster: { loader: "cluster", resource: "cluster", action: "update" },
  NodeGroup: { loader: "nodeGroup", resource: "nodeGroup", action: "update" },
  ClusterTemplate: { loader: "template", resource: "clusterTemplate", action: "update" },
  Operation: { loader: "operation", resource: "operation", action: "cancel" }
};
async function authorizationFirst(args, context) {
  const input = args.input ?? {};
  for (const key of ["id", "clusterId"]) {
    const value = input[key];
    const decoded = typeof value === "string" ? fromGlobalId(value) : null;
    const subject = decoded ? SUBJECTS[decoded.type] : void 0;
    if (!decoded || !subject)
      continue;
    const row = await context.loaders[subject.loader].load(decoded.uuid);
    if (!row)
      return [problem("NOT_FOUND", key, noSuch(NOUNS[decoded.type]))];
    try {
      authorize(context.principal, subject.resource, subject.action, row, key);
    } catch (error) {
      if (error instanceof DomainError)
        return error.problems;
      throw error;
    }
    return null;
  }
  return null;
}
function guardFields(schema) {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType2(type) || type.name.startsWith("__"))
      continue;
    for (const field of Object.values(type.getFields())) {
      const resolve2 = field.resolve;
      if (!resolve2)
        continue;
      const checksInput = field.args.length > 0;
      const payload = getNamedType2(field.type);
      const hasUserErrors = type.name === "Mutation" && isObjectType2(payload) && Boolean(payload.getFields().userErrors);
      field.resolve = (root, args, context, info) => {
        if (context.deadlineAt !== void 0 && Date.now() > context.deadlineAt)
          throw deadlineExceeded();
        if (checksInput) {
          const refusal = hygieneRefusal(args, hasUserErrors, context);
          if (refusal)
            return refusal;
        }
        return resolve2(root, args, context, info);
      };
    }
  }
  return schema;
}

// dist/domain/policy/live.js
function mayReceiveEvent(current, event) {
  return canSee(current, "clusterEvent", { projectId: event.projectId });
}
function sessionVerdict(before, after) {
  if (after.isGlobalAdmin || after.projectRoles.size > 0)
    return "keep";
  return before.isGlobalAdmin || before.projectRoles.size > 0 ? "lost-every-project" : "keep";
}
var visibilityKeys = /* @__PURE__ */ new WeakMap();
function visibilityKey(principal) {
  let key = visibilityKeys.get(principal);
  if (key === void 0) {
    const roles = [...principal.projectRoles.entries()].sort(([left], [right]) => left < right ? -1 : left > right ? 1 : 0).map(([projectId, role]) => `${projectId}=${role}`);
    key = JSON.stringify([principal.id, principal.isGlobalAdmin, roles]);
    visibilityKeys.set(principal, key);
  }
  return key;
}

// dist/graphql/cluster-event/cluster-event.resolver.js
import { Arg as Arg7, Ctx as Ctx10, FieldResolver as FieldResolver6, ID as ID17, Resolver as Resolver10, Root as Root6, Subscription } from "type-graphql";

// dist/events/errors.js
var CursorExpiredError = class extends Error {
  cursor;
  prunedThrough;
  extensions;
  constructor(cursor, prunedThrough2) {
    super(`cursor ${cursor} has expired: events up to ${prunedThrough2} were pruned (retention); re-read the cluster and subscribe again without after`);
    this.cursor = cursor;
    this.prunedThrough = prunedThrough2;
    this.name = "CursorExpiredError";
    this.extensions = { code: "CURSOR_EXPIRED", prunedThrough: prunedThrough2.toString() };
  }
};

// dist/events/stream.js
var REPLAY_BATCH = 500;
async function assertCursorRetained(db, cursor) {
  const watermark = await prunedThrough(db);
  if (cursor < watermark)
    throw new CursorExpiredError(cursor, watermark);
}
function matches(filter, event) {
  if (filter.clusterId && event.clusterId !== filter.clusterId)
    return false;
  if (filter.projectIds && !filter.projectIds.includes(event.projectId))
    return false;
  return true;
}
function endsStream(filter, event) {
  return filter.clusterId !== null && filter.clusterId !== void 0 && event.type === "DELETED" && event.clusterId === filter.clusterId;
}
async function* clusterEventStream(db, bus, options) {
  const buffered = [];
  let behind = false;
  let notify = null;
  const remove5 = bus.add({
    push(event) {
      if (behind || !matches(options.filter, event))
        return true;
      if (buffered.length < options.bufferLimit) {
        buffered.push(event);
      } else {
        behind = true;
        buffered.length = 0;
      }
      notify?.();
      return true;
    },
    overflow: () => void 0
  });
  const readable = (event) => options.mayRead?.(event) ?? true;
  try {
    let cursor;
    if (options.after !== null)
      cursor = options.after;
    else if (options.filter.clusterId)
      cursor = await currentOperationStart(db, options.filter.clusterId);
    else
      cursor = bus.cursor;
    let fromCursor = options.after !== null;
    for (; ; ) {
      for (; ; ) {
        const replay = await eventsAfter(db, cursor, options.filter, REPLAY_BATCH);
        if (fromCursor)
          await assertCursorRetained(db, cursor);
        for (const event of replay) {
          cursor = event.id;
          if (readable(event))
            yield event;
          if (endsStream(options.filter, event))
            return;
        }
        if (replay.length < REPLAY_BATCH)
          break;
      }
      while (!behind) {
        const event = buffered.shift();
        if (!event) {
          await new Promise((resolve2) => notify = resolve2);
          notify = null;
          continue;
        }
        if (event.id <= cursor)
          continue;
        cursor = event.id;
        if (readable(event))
          yield event;
        if (endsStream(options.filter, event))
          return;
      }
      behind = false;
      fromCursor = true;
    }
  } finally {
    remove5();
  }
}

// dist/graphql/cluster-event/cluster-event.resolver.js
var __decorate31 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata31 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param10 = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
function parseCursor(after) {
  if (after === null || after === void 0)
    return null;
  if (!/^\d{1,19}$/.test(after))
    throw topLevelError("BAD_USER_INPUT", "after must be a cursor received from clusterEvents", { field: ["after"] });
  return BigInt(after);
}
async function subscribe({ args, context }) {
  const after = parseCursor(args.after);
  let clusterId = null;
  if (args.clusterId) {
    clusterId = argumentUuid(args.clusterId, "Cluster", "clusterId");
    const row = await context.loaders.cluster.load(clusterId);
    if (row && !canSee(context.principal, "cluster", row) || !row && after === null)
      throw notFoundError("cluster", ["clusterId"]);
  }
  if (after !== null) {
    try {
      await assertCursorRetained(context.domain.db, after);
    } catch (error) {
      if (error instanceof CursorExpiredError)
        throw topLevelError("CURSOR_EXPIRED", error.message, error.extensions);
      throw error;
    }
  }
  return clusterEventStream(context.domain.db, context.events.bus, {
    // The projects visible at subscribe time bound the query; each event is checked again against the rights
    // the caller has when it is sent (context.principal reads the socket's current rights).
    filter: { clusterId, projectIds: readableProjects(context.principal) },
    after,
    bufferLimit: context.events.bufferLimit,
    mayRead: (event) => mayReceiveEvent(context.principal, event)
  });
}
var ClusterEventResolver = class ClusterEventResolver2 {
  clusterEvents(event, _clusterId, _after, context) {
    context.loaders.cluster.clear(event.clusterId);
    if (event.operationId)
      context.loaders.operation.clear(event.operationId);
    return clusterEventObject(event);
  }
  async cluster(event, context) {
    const row = await context.loaders.cluster.load(event.clusterUuid);
    return row ? clusterObject(row) : null;
  }
  async operation(event, context) {
    if (!event.operationUuid)
      return null;
    const row = await context.loaders.operation.load(event.operationUuid);
    return row ? operationObject(row) : null;
  }
};
__decorate31([
  Subscription(() => ClusterEventObject, {
    subscribe,
    description: "Status transitions, progress steps and health changes. With `after`, replays what was recorded after that cursor, then goes live, with no gap and no duplicate; a cursor older than the retained history is refused with CURSOR_EXPIRED. With `clusterId` and no `after`, starts with the cluster's current operation. Without `clusterId`: every cluster the caller may see, from now on."
  }),
  __param10(0, Root6()),
  __param10(1, Arg7("clusterId", () => ID17, { nullable: true })),
  __param10(2, Arg7("after", () => String, { nullable: true })),
  __param10(3, Ctx10()),
  __metadata31("design:type", Function),
  __metadata31("design:paramtypes", [Object, Object, Object, Object]),
  __metadata31("design:returntype", ClusterEventObject)
], ClusterEventResolver.prototype, "clusterEvents", null);
__decorate31([
  FieldResolver6(() => ClusterObject, { nullable: true, description: "Null once the cluster is deleted." }),
  __param10(0, Root6()),
  __param10(1, Ctx10()),
  __metadata31("design:type", Function),
  __metadata31("design:paramtypes", [ClusterEventObject, Object]),
  __metadata31("design:returntype", Promise)
], ClusterEventResolver.prototype, "cluster", null);
__decorate31([
  FieldResolver6(() => OperationObject, { nullable: true }),
  __param10(0, Root6()),
  __param10(1, Ctx10()),
  __metadata31("design:type", Function),
  __metadata31("design:paramtypes", [ClusterEventObject, Object]),
  __metadata31("design:returntype", Promise)
], ClusterEventResolver.prototype, "operation", null);
ClusterEventResolver = __decorate31([
  Resolver10(() => ClusterEventObject)
], ClusterEventResolver);

// dist/graphql/cluster/cluster-lifecycle.resolver.js
import { Arg as Arg8, Ctx as Ctx11, Mutation as Mutation5, Resolver as Resolver11 } from "type-graphql";

// dist/graphql/cluster/cluster-lifecycle.input.js
import { Field as Field24, ID as ID18, InputType as InputType8, Int as Int15 } from "type-graphql";
var __decorate32 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata32 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ClusterActionInput = class ClusterActionInput2 {
  id;
  requestId;
  expectedVersion;
};
__decorate32([
  Field24(() => ID18),
  __metadata32("design:type", String)
], ClusterActionInput.prototype, "id", void 0);
__decorate32([
  Field24(() => String, { nullable: true, description: "Repeat a request safely: the same requestId returns the first result." }),
  __metadata32("design:type", Object)
], ClusterActionInput.prototype, "requestId", void 0);
__decorate32([
  Field24(() => Int15, { nullable: true, description: "Refuse with CONFLICT unless the cluster is still at this resourceVersion." }),
  __metadata32("design:type", Object)
], ClusterActionInput.prototype, "expectedVersion", void 0);
ClusterActionInput = __decorate32([
  InputType8("ClusterActionInput")
], ClusterActionInput);
var ClusterUpdateInput = class ClusterUpdateInput2 extends ClusterActionInput {
  nodeCount;
};
__decorate32([
  Field24(() => Int15),
  __metadata32("design:type", Number)
], ClusterUpdateInput.prototype, "nodeCount", void 0);
ClusterUpdateInput = __decorate32([
  InputType8({ description: "Magnum's cluster update: a new node count for default-worker." })
], ClusterUpdateInput);
var ClusterResizeInput = class ClusterResizeInput2 extends ClusterActionInput {
  nodeCount;
  nodeGroupId;
  nodesToRemove;
};
__decorate32([
  Field24(() => Int15),
  __metadata32("design:type", Number)
], ClusterResizeInput.prototype, "nodeCount", void 0);
__decorate32([
  Field24(() => ID18, { nullable: true, description: "Default: default-worker." }),
  __metadata32("design:type", Object)
], ClusterResizeInput.prototype, "nodeGroupId", void 0);
__decorate32([
  Field24(() => [String], { nullable: true, description: "Node names or addresses to remove first when shrinking." }),
  __metadata32("design:type", Object)
], ClusterResizeInput.prototype, "nodesToRemove", void 0);
ClusterResizeInput = __decorate32([
  InputType8()
], ClusterResizeInput);
var ClusterUpgradeInput = class ClusterUpgradeInput2 extends ClusterActionInput {
  clusterTemplateId;
  maxBatchSize;
  nodeGroupId;
};
__decorate32([
  Field24(() => ID18),
  __metadata32("design:type", String)
], ClusterUpgradeInput.prototype, "clusterTemplateId", void 0);
__decorate32([
  Field24(() => Int15, { nullable: true, description: "Worker nodes replaced at once (default 1); masters go one by one." }),
  __metadata32("design:type", Object)
], ClusterUpgradeInput.prototype, "maxBatchSize", void 0);
__decorate32([
  Field24(() => ID18, { nullable: true, description: "Upgrade only this node group." }),
  __metadata32("design:type", Object)
], ClusterUpgradeInput.prototype, "nodeGroupId", void 0);
ClusterUpgradeInput = __decorate32([
  InputType8()
], ClusterUpgradeInput);
var ClusterDeleteInput = class ClusterDeleteInput2 extends ClusterActionInput {
};
ClusterDeleteInput = __decorate32([
  InputType8()
], ClusterDeleteInput);
var ClusterRollbackInput = class ClusterRollbackInput2 extends ClusterActionInput {
};
ClusterRollbackInput = __decorate32([
  InputType8({ description: "Roll a cluster in UPDATE_FAILED back to its node counts and template before the failed change." })
], ClusterRollbackInput);
var ClusterCaRotateInput = class ClusterCaRotateInput2 extends ClusterActionInput {
  phase;
};
__decorate32([
  Field24(() => CaRotationPhase, { nullable: true, description: "Default ROTATE: new CAs beside the current ones. RETIRE_PREVIOUS: drop the previous ones before their grace period ends." }),
  __metadata32("design:type", Object)
], ClusterCaRotateInput.prototype, "phase", void 0);
ClusterCaRotateInput = __decorate32([
  InputType8()
], ClusterCaRotateInput);

// dist/graphql/cluster/cluster-lifecycle.payload.js
import { Field as Field25, ID as ID19, ObjectType as ObjectType18 } from "type-graphql";
var __decorate33 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata33 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
function ClusterOperationPayload(name) {
  let Payload = class Payload {
    cluster;
    operation;
    userErrors;
  };
  __decorate33([
    Field25(() => ClusterObject, { nullable: true }),
    __metadata33("design:type", Object)
  ], Payload.prototype, "cluster", void 0);
  __decorate33([
    Field25(() => OperationObject, { nullable: true }),
    __metadata33("design:type", Object)
  ], Payload.prototype, "operation", void 0);
  __decorate33([
    Field25(() => [UserError]),
    __metadata33("design:type", Array)
  ], Payload.prototype, "userErrors", void 0);
  Payload = __decorate33([
    ObjectType18(name)
  ], Payload);
  return Payload;
}
var ClusterUpdatePayload = ClusterOperationPayload("ClusterUpdatePayload");
var ClusterResizePayload = ClusterOperationPayload("ClusterResizePayload");
var ClusterUpgradePayload = ClusterOperationPayload("ClusterUpgradePayload");
var ClusterRollbackPayload = ClusterOperationPayload("ClusterRollbackPayload");
var ClusterCaRotatePayload = ClusterOperationPayload("ClusterCaRotatePayload");
var ClusterDeletePayload = class ClusterDeletePayload2 {
  deletedClusterId;
  cluster;
  operation;
  userErrors;
};
__decorate33([
  Field25(() => ID19, { nullable: true }),
  __metadata33("design:type", Object)
], ClusterDeletePayload.prototype, "deletedClusterId", void 0);
__decorate33([
  Field25(() => ClusterObject, { nullable: true, description: "The cluster in DELETE_IN_PROGRESS." }),
  __metadata33("design:type", Object)
], ClusterDeletePayload.prototype, "cluster", void 0);
__decorate33([
  Field25(() => OperationObject, { nullable: true }),
  __metadata33("design:type", Object)
], ClusterDeletePayload.prototype, "operation", void 0);
__decorate33([
  Field25(() => [UserError]),
  __metadata33("design:type", Array)
], ClusterDeletePayload.prototype, "userErrors", void 0);
ClusterDeletePayload = __decorate33([
  ObjectType18()
], ClusterDeletePayload);

// dist/graphql/cluster/cluster-lifecycle.resolver.js
var __decorate34 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata34 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param11 = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
var ClusterLifecycleResolver = class ClusterLifecycleResolver2 {
  clusterUpdate(input, context) {
    return asPayload(async () => {
      const result = await updateCluster(context.domain, requireUuid(input.id, "Cluster", "id"), { nodeCount: input.nodeCount }, input);
      const { cluster, operation } = await payloadObjects(context, result);
      return { cluster, operation };
    });
  }
  clusterResize(input, context) {
    return asPayload(async () => {
      const nodeGroupId = input.nodeGroupId ? laterCheckedUuid(input.nodeGroupId, "NodeGroup") : null;
      const result = await resizeCluster(context.domain, requireUuid(input.id, "Cluster", "id"), { nodeCount: input.nodeCount, nodeGroupId, nodesToRemove: input.nodesToRemove }, input);
      const { cluster, operation } = await payloadObjects(context, result);
      return { cluster, operation };
    });
  }
  clusterUpgrade(input, context) {
    return asPayload(async () => {
      const clusterTemplateId = laterCheckedUuid(input.clusterTemplateId, "ClusterTemplate");
      const nodeGroupId = input.nodeGroupId ? laterCheckedUuid(input.nodeGroupId, "NodeGroup") : null;
      const result = await upgradeCluster(context.domain, requireUuid(input.id, "Cluster", "id"), { clusterTemplateId, maxBatchSize: input.maxBatchSize, nodeGroupId }, input);
      const { cluster, operation } = await payloadObjects(context, result);
      return { cluster, operation };
    });
  }
  clusterRollback(input, context) {
    return asPayload(async () => {
      const result = await rollbackCluster(context.domain, requireUuid(input.id, "Cluster", "id"), input);
      const { cluster, operation } = await payloadObjects(context, result);
      return { cluster, operation };
    });
  }
  clusterCaRotate(input, context) {
    return asPayload(async () => {
      const result = await rotateClusterCa(context.domain, requireUuid(input.id, "Cluster", "id"), input);
      const { cluster, operation } = await payloadObjects(context, result);
      return { cluster, operation };
    });
  }
  clusterDelete(input, context) {
    return asPayload(async () => {
      const result = await deleteCluster(context.domain, requireUuid(input.id, "Cluster", "id"), input);
      const { cluster, operation } = await payloadObjects(context, result);
      return { deletedClusterId: input.id, cluster, operation };
    });
  }
};
__decorate34([
  Mutation5(() => ClusterUpdatePayload, { description: "Changes default-worker's node count; returns the operation at once." }),
  __param11(0, Arg8("input", () => ClusterUpdateInput)),
  __param11(1, Ctx11()),
  __metadata34("design:type", Function),
  __metadata34("design:paramtypes", [ClusterUpdateInput, Object]),
  __metadata34("design:returntype", void 0)
], ClusterLifecycleResolver.prototype, "clusterUpdate", null);
__decorate34([
  Mutation5(() => ClusterResizePayload, { description: "Resizes a worker node group, optionally naming the nodes to remove." }),
  __param11(0, Arg8("input", () => ClusterResizeInput)),
  __param11(1, Ctx11()),
  __metadata34("design:type", Function),
  __metadata34("design:paramtypes", [ClusterResizeInput, Object]),
  __metadata34("design:returntype", void 0)
], ClusterLifecycleResolver.prototype, "clusterResize", null);
__decorate34([
  Mutation5(() => ClusterUpgradePayload, { description: "Rolls the cluster (or one node group) onto another template, in batches." }),
  __param11(0, Arg8("input", () => ClusterUpgradeInput)),
  __param11(1, Ctx11()),
  __metadata34("design:type", Function),
  __metadata34("design:paramtypes", [ClusterUpgradeInput, Object]),
  __metadata34("design:returntype", void 0)
], ClusterLifecycleResolver.prototype, "clusterUpgrade", null);
__decorate34([
  Mutation5(() => ClusterRollbackPayload, { description: "Recovers a cluster in UPDATE_FAILED by returning to its previous node counts and template." }),
  __param11(0, Arg8("input", () => ClusterRollbackInput)),
  __param11(1, Ctx11()),
  __metadata34("design:type", Function),
  __metadata34("design:paramtypes", [ClusterRollbackInput, Object]),
  __metadata34("design:returntype", void 0)
], ClusterLifecycleResolver.prototype, "clusterRollback", null);
__decorate34([
  Mutation5(() => ClusterCaRotatePayload, { description: "Rotates the cluster's certificate authority." }),
  __param11(0, Arg8("input", () => ClusterCaRotateInput)),
  __param11(1, Ctx11()),
  __metadata34("design:type", Function),
  __metadata34("design:paramtypes", [ClusterCaRotateInput, Object]),
  __metadata34("design:returntype", void 0)
], ClusterLifecycleResolver.prototype, "clusterCaRotate", null);
__decorate34([
  Mutation5(() => ClusterDeletePayload, { description: "Deletes the cluster from any status; a running operation is cancelled." }),
  __param11(0, Arg8("input", () => ClusterDeleteInput)),
  __param11(1, Ctx11()),
  __metadata34("design:type", Function),
  __metadata34("design:paramtypes", [ClusterDeleteInput, Object]),
  __metadata34("design:returntype", void 0)
], ClusterLifecycleResolver.prototype, "clusterDelete", null);
ClusterLifecycleResolver = __decorate34([
  Resolver11()
], ClusterLifecycleResolver);

// dist/graphql/schema.js
import { createPubSub } from "@graphql-yoga/subscription";

// dist/graphql/certificate/certificate.resolver.js
import { Arg as Arg9, Ctx as Ctx12, Mutation as Mutation6, Resolver as Resolver12 } from "type-graphql";

// dist/domain/certificates/certificates-issuance.js
async function signCertificate2(context, options, request) {
  await visibleCluster2(context.db, context, request.clusterId);
  const lifetime = certificateLifetime(request.ttlSeconds, options);
  const csr = inspectOrRefuse(request.csr, "csr");
  const groups = [...new Set(csr.subject.organizations)];
  const input = { clusterId: request.clusterId, csr: request.csr, ttlSeconds: request.ttlSeconds ?? null };
  const { result } = await inTransaction(context, (transaction) => runOncePerRequestId(transaction, context.principal, "certificateSign", request.requestId, input, async () => {
    const target = await visibleCluster2(transaction, context, request.clusterId);
    refuseUnlessAllowed(context, target.cluster, groups, options, "csr");
    const authority = await signingAuthority2(transaction, target, options);
    const certificatePem = signClientCertificate({
      caCertificatePem: authority.certificatePem,
      caPrivateKeyPem: authority.privateKeyPem,
      csr,
      commonName: context.principal.name,
      organizations: groups,
      validitySeconds: lifetime,
      now: /* @__PURE__ */ new Date()
    });
    return { certificatePem };
  }));
  return result.certificatePem;
}
async function createCredentials(context, options, request) {
  const target = await visibleCluster2(context.db, context, request.clusterId);
  refuseUnlessAllowed(context, target.cluster, groupsForRole(request.role, options), options, "role");
  const lifetime = certificateLifetime(request.ttlSeconds, options);
  const csr = request.csr != null ? inspectOrRefuse(request.csr, "csr") : null;
  if (csr === null && request.clientKeyPath != null) {
    throw badInput2("clientKeyPath", "clientKeyPath goes with a csr: without one the server makes the key and embeds it in the kubeconfig");
  }
  requireKubernetes(target);
  const { cluster } = target;
  const userName = context.principal.name;
  if (target.tlsDisabled) {
    if (csr)
      throw invalidState("csr", "the cluster has TLS disabled: there is no CA to sign the CSR");
    const server2 = requireApiAddress(cluster);
    return { kubeconfig: renderKubeconfig({ clusterName: cluster.name, server: server2, caBundlePem: null, userName }), certificatePem: null, expiresAt: null };
  }
  const authority = await signingAuthority2(context.db, target, options);
  const server = requireApiAddress(cluster);
  const signing = {
    caCertificatePem: authority.certificatePem,
    caPrivateKeyPem: authority.privateKeyPem,
    commonName: userName,
    organizations: groupsForRole(request.role, options),
    validitySeconds: lifetime,
    now: /* @__PURE__ */ new Date()
  };
  const clusterName = cluster.name;
  const caBundlePem = authority.bundlePem;
  if (csr) {
    const certificatePem = signClientCertificate({ ...signing, csr });
    const clientKeyPath = request.clientKeyPath ?? "key.pem";
    const kubeconfig2 = renderKubeconfig({ clusterName, server, caBundlePem, userName, clientCertificatePem: certificatePem, clientKeyPath });
    return { kubeconfig: kubeconfig2, certificatePem, expiresAt: describeCertificate(certificatePem).notAfter };
  }
  const issued = issueClientKeyAndCertificate({ ...signing, key: await rsaKeys.take(2048) });
  const kubeconfig = renderKubeconfig({ clusterName, server, caBundlePem, userName, clientCertificatePem: issued.certificatePem, clientKeyPem: issued.privateKeyPem });
  return { kubeconfig, certificatePem: issued.certificatePem, expiresAt: describeCertificate(issued.certificatePem).notAfter };
}
function inspectOrRefuse(pem, field) {
  try {
    return inspectCsr(pem);
  } catch (error) {
    if (error instanceof CsrRejectedError)
      throw badInput2(field, `${error.message} (${error.reason})`);
    throw error;
  }
}
async function visibleCluster2(executor, context, clusterId) {
  const cluster = await findCluster(executor, clusterId);
  if (!cluster || !canSee(context.principal, "cluster", cluster))
    throw notFound("clusterId", "no such cluster");
  const template = await templateTlsAndCoe(executor, cluster.templateId);
  return { cluster, tlsDisabled: template?.tlsDisabled ?? false, coe: template?.coe ?? "KUBERNETES" };
}
function refuseUnlessAllowed(context, cluster, groups, options, field) {
  const refusal = certificateRefusal(context.principal, cluster, groups, options);
  if (refusal)
    throw forbidden(field, refusal);
}
function requireKubernetes(target) {
  if (kindsFor(target.coe).length === 0) {
    throw new DomainError(problem("NOT_SUPPORTED", "clusterId", `${target.coe} clusters have no Kubernetes CA: client certificates and kubeconfigs are for Kubernetes clusters`));
  }
}
function requireApiAddress(cluster) {
  const reason = apiUnavailableReason(cluster);
  if (reason || !cluster.apiAddress)
    throw invalidState("clusterId", reason ?? "the cluster has no API address");
  return cluster.apiAddress;
}
function apiUnavailableReason(cluster) {
  switch (cluster.status) {
    case "CREATE_FAILED":
      return `the cluster's create failed (${cluster.statusReason ?? "no reason recorded"}): its API is not known to serve; delete the cluster and create it again`;
    case "DELETE_IN_PROGRESS":
    case "DELETE_FAILED":
    case "DELETE_COMPLETE":
      return `the cluster is being deleted (status ${cluster.status}): its API is going away`;
  }
  if (!cluster.apiAddress)
    return `the cluster's API does not answer yet (status ${cluster.status}): wait for the api-server stage of the create`;
  return null;
}
async function signingAuthority2(executor, target, options) {
  const { cluster } = target;
  requireKubernetes(target);
  if (target.tlsDisabled)
    throw invalidState("clusterId", "the cluster has TLS disabled: it has no CA to issue certificates from");
  const unavailable = apiUnavailableReason(cluster);
  if (unavailable)
    throw invalidState("clusterId", unavailable);
  const authority = await signingAuthorityWithKey(executor, cluster.id, "KUBERNETES");
  if (!authority) {
    throw invalidState("clusterId", `the cluster has no CA yet (status ${cluster.status}): it is made when the create operation submits the cluster`);
  }
  const trusted = trustedAuthorities(await certificatesByClusterIds(executor, [cluster.id]), "KUBERNETES");
  return {
    certificatePem: authority.pem,
    privateKeyPem: decryptSecret(authority.encryptedPrivateKey, options.secretKey),
    bundlePem: bundleCertificateAuthorities(trusted.map((row) => row.pem))
  };
}

// dist/graphql/certificate/certificate.input.js
import { Field as Field26, ID as ID20, InputType as InputType9, Int as Int16 } from "type-graphql";
var __decorate35 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata35 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var CertificateSignInput = class CertificateSignInput2 {
  clusterId;
  csr;
  ttlSeconds;
  requestId;
};
__decorate35([
  Field26(() => ID20),
  __metadata35("design:type", String)
], CertificateSignInput.prototype, "clusterId", void 0);
__decorate35([
  Field26(() => String, { description: "PEM; RSA of 2048 bits or more, no CA flag, no unknown critical extension." }),
  __metadata35("design:type", String)
], CertificateSignInput.prototype, "csr", void 0);
__decorate35([
  Field26(() => Int16, { nullable: true, description: "Lifetime; default 24 h, at most TURNKEY_CERT_MAX_TTL_SECONDS." }),
  __metadata35("design:type", Object)
], CertificateSignInput.prototype, "ttlSeconds", void 0);
__decorate35([
  Field26(() => String, { nullable: true, description: "Repeat a request safely: the same requestId returns the first certificate." }),
  __metadata35("design:type", Object)
], CertificateSignInput.prototype, "requestId", void 0);
CertificateSignInput = __decorate35([
  InputType9({ description: "A PKCS#10 request to sign with the cluster's CA. The certificate says CN=<your user name>; O is the CSR's organisations, each allowed by policy or refused." })
], CertificateSignInput);
var ClusterCredentialsCreateInput = class ClusterCredentialsCreateInput2 {
  clusterId;
  role;
  ttlSeconds;
  csr;
  clientKeyPath;
};
__decorate35([
  Field26(() => ID20),
  __metadata35("design:type", String)
], ClusterCredentialsCreateInput.prototype, "clusterId", void 0);
__decorate35([
  Field26(() => ClusterCredentialRole),
  __metadata35("design:type", String)
], ClusterCredentialsCreateInput.prototype, "role", void 0);
__decorate35([
  Field26(() => Int16, { nullable: true, description: "Lifetime of the client certificate; default 24 h, at most TURNKEY_CERT_MAX_TTL_SECONDS." }),
  __metadata35("design:type", Object)
], ClusterCredentialsCreateInput.prototype, "ttlSeconds", void 0);
__decorate35([
  Field26(() => String, {
    nullable: true,
    description: "A PEM CSR for a key you keep, as `openstack coe cluster config` makes; its subject is ignored. Without it the server makes the key and embeds it."
  }),
  __metadata35("design:type", Object)
], ClusterCredentialsCreateInput.prototype, "csr", void 0);
__decorate35([
  Field26(() => String, { nullable: true, description: "With csr: the path of your key, written as the kubeconfig's client-key; default key.pem." }),
  __metadata35("design:type", Object)
], ClusterCredentialsCreateInput.prototype, "clientKeyPath", void 0);
ClusterCredentialsCreateInput = __decorate35([
  InputType9({ description: "A kubeconfig made for this call and never stored." })
], ClusterCredentialsCreateInput);

// dist/graphql/certificate/certificate.payload.js
import { Field as Field27, GraphQLISODateTime as GraphQLISODateTime11, ObjectType as ObjectType19 } from "type-graphql";
var __decorate36 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata36 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var CertificateSignPayload = class CertificateSignPayload2 {
  certificate;
  userErrors;
};
__decorate36([
  Field27(() => CertificateObject, { nullable: true, description: "The client certificate; verify it against cluster.certificateAuthorityBundle." }),
  __metadata36("design:type", Object)
], CertificateSignPayload.prototype, "certificate", void 0);
__decorate36([
  Field27(() => [UserError]),
  __metadata36("design:type", Array)
], CertificateSignPayload.prototype, "userErrors", void 0);
CertificateSignPayload = __decorate36([
  ObjectType19()
], CertificateSignPayload);
var ClusterCredentialsCreatePayload = class ClusterCredentialsCreatePayload2 {
  kubeconfig;
  expiresAt;
  certificate;
  userErrors;
};
__decorate36([
  Field27(() => String, { nullable: true, description: "YAML: the cluster (apiAddress, CA bundle), the user (client certificate and key) and a context." }),
  __metadata36("design:type", Object)
], ClusterCredentialsCreatePayload.prototype, "kubeconfig", void 0);
__decorate36([
  Field27(() => GraphQLISODateTime11, { nullable: true, description: "When the client certificate stops working; null with TLS disabled." }),
  __metadata36("design:type", Object)
], ClusterCredentialsCreatePayload.prototype, "expiresAt", void 0);
__decorate36([
  Field27(() => CertificateObject, { nullable: true, description: "The client certificate in the kubeconfig; null with TLS disabled." }),
  __metadata36("design:type", Object)
], ClusterCredentialsCreatePayload.prototype, "certificate", void 0);
__decorate36([
  Field27(() => [UserError]),
  __metadata36("design:type", Array)
], ClusterCredentialsCreatePayload.prototype, "userErrors", void 0);
ClusterCredentialsCreatePayload = __decorate36([
  ObjectType19()
], ClusterCredentialsCreatePayload);

// dist/graphql/certificate/certificate.resolver.js
var __decorate37 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata37 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param12 = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
var CertificateResolver = class CertificateResolver2 {
  certificateSign(input, context) {
    return asPayload(async () => {
      const clusterId = requireUuid(input.clusterId, "Cluster", "clusterId");
      const pem = await signCertificate2(context.domain, context.certificates, { clusterId, csr: input.csr, ttlSeconds: input.ttlSeconds, requestId: input.requestId });
      return { certificate: issuedCertificateObject(pem) };
    });
  }
  clusterCredentialsCreate(input, context) {
    return asPayload(async () => {
      const clusterId = requireUuid(input.clusterId, "Cluster", "clusterId");
      const credentials = await createCredentials(context.domain, context.certificates, {
        clusterId,
        role: input.role,
        ttlSeconds: input.ttlSeconds,
        csr: input.csr,
        clientKeyPath: input.clientKeyPath
      });
      return {
        kubeconfig: credentials.kubeconfig,
        expiresAt: credentials.expiresAt,
        certificate: credentials.certificatePem ? issuedCertificateObject(credentials.certificatePem) : null
      };
    });
  }
};
__decorate37([
  Mutation6(() => CertificateSignPayload, { description: "Signs a PEM CSR with the cluster's Kubernetes CA into a short-lived client certificate (Magnum's `ca sign`, with the subject decided by policy)." }),
  __param12(0, Arg9("input", () => CertificateSignInput)),
  __param12(1, Ctx12()),
  __metadata37("design:type", Function),
  __metadata37("design:paramtypes", [CertificateSignInput, Object]),
  __metadata37("design:returntype", void 0)
], CertificateResolver.prototype, "certificateSign", null);
__decorate37([
  Mutation6(() => ClusterCredentialsCreatePayload, { description: "A ready kubeconfig with a fresh short-lived client certificate (Magnum's `cluster config`); never stored." }),
  __param12(0, Arg9("input", () => ClusterCredentialsCreateInput)),
  __param12(1, Ctx12()),
  __metadata37("design:type", Function),
  __metadata37("design:paramtypes", [ClusterCredentialsCreateInput, Object]),
  __metadata37("design:returntype", void 0)
], CertificateResolver.prototype, "clusterCredentialsCreate", null);
CertificateResolver = __decorate37([
  Resolver12()
], CertificateResolver);

// dist/graphql/certificate/cluster-certificates.resolver.js
import { Arg as Arg10, Ctx as Ctx13, FieldResolver as FieldResolver7, Resolver as Resolver13, Root as Root7 } from "type-graphql";

// dist/graphql/certificate/condition.type.js
import { Field as Field28, ObjectType as ObjectType20 } from "type-graphql";
var __decorate38 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata38 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var ConditionObject = class ConditionObject2 {
  type;
  status;
  reason;
  message;
};
__decorate38([
  Field28(() => String, { description: "CamelCase, e.g. CertificateAuthorityExpiring." }),
  __metadata38("design:type", String)
], ConditionObject.prototype, "type", void 0);
__decorate38([
  Field28(() => ConditionStatus),
  __metadata38("design:type", String)
], ConditionObject.prototype, "status", void 0);
__decorate38([
  Field28(() => String, { description: "CamelCase and stable, for programs." }),
  __metadata38("design:type", String)
], ConditionObject.prototype, "reason", void 0);
__decorate38([
  Field28(() => String, { nullable: true, description: "For people." }),
  __metadata38("design:type", Object)
], ConditionObject.prototype, "message", void 0);
ConditionObject = __decorate38([
  ObjectType20("Condition", { description: "A fact derived from what Turnkey observed, e.g. CertificateAuthorityExpiring." })
], ConditionObject);

// dist/graphql/certificate/cluster-certificates.resolver.js
var __decorate39 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata39 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param13 = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
function authoritiesOf(context, cluster) {
  return context.loaders.certificatesOfCluster.load(cluster.uuid);
}
var ClusterCertificatesResolver = class ClusterCertificatesResolver2 {
  async certificateAuthority(cluster, context) {
    const row = signingAuthority(await authoritiesOf(context, cluster), "KUBERNETES");
    return row ? authorityObject(row) : null;
  }
  async certificateAuthorities(cluster, kind, context) {
    const rows = await authoritiesOf(context, cluster);
    return rows.filter((row) => !kind || row.kind === kind).map(authorityObject);
  }
  async certificateAuthorityBundle(cluster, kind, context) {
    const trusted = trustedAuthorities(await authoritiesOf(context, cluster), kind);
    return trusted.length > 0 ? bundleCertificateAuthorities(trusted.map((row) => row.pem)) : null;
  }
  async conditions(cluster, context) {
    return certificateConditions(await authoritiesOf(context, cluster), /* @__PURE__ */ new Date(), context.certificates);
  }
};
__decorate39([
  FieldResolver7(() => CertificateObject, {
    nullable: true,
    description: "The Kubernetes CA that signs client certificates now; null when TLS is disabled or before the create operation made it."
  }),
  __param13(0, Root7()),
  __param13(1, Ctx13()),
  __metadata39("design:type", Function),
  __metadata39("design:paramtypes", [ClusterObject, Object]),
  __metadata39("design:returntype", Promise)
], ClusterCertificatesResolver.prototype, "certificateAuthority", null);
__decorate39([
  FieldResolver7(() => [CertificateObject], { description: "Every CA of the cluster (or of one kind) in every state, newest generation first." }),
  __param13(0, Root7()),
  __param13(1, Arg10("kind", () => CertificateKind, { nullable: true })),
  __param13(2, Ctx13()),
  __metadata39("design:type", Function),
  __metadata39("design:paramtypes", [ClusterObject, Object, Object]),
  __metadata39("design:returntype", Promise)
], ClusterCertificatesResolver.prototype, "certificateAuthorities", null);
__decorate39([
  FieldResolver7(() => String, {
    nullable: true,
    description: "PEM bundle of the CAs to trust now: the ACTIVE one and, between the two phases of a rotation, the RETIRING one. Null without CAs."
  }),
  __param13(0, Root7()),
  __param13(1, Arg10("kind", () => CertificateKind, { defaultValue: "KUBERNETES" })),
  __param13(2, Ctx13()),
  __metadata39("design:type", Function),
  __metadata39("design:paramtypes", [ClusterObject, String, Object]),
  __metadata39("design:returntype", Promise)
], ClusterCertificatesResolver.prototype, "certificateAuthorityBundle", null);
__decorate39([
  FieldResolver7(() => [ConditionObject], { description: "Derived when read: CertificateAuthorityExpiring (within TURNKEY_CA_EXPIRY_WARNING_DAYS) and CertificateAuthorityRetirementPending." }),
  __param13(0, Root7()),
  __param13(1, Ctx13()),
  __metadata39("design:type", Function),
  __metadata39("design:paramtypes", [ClusterObject, Object]),
  __metadata39("design:returntype", Promise)
], ClusterCertificatesResolver.prototype, "conditions", null);
ClusterCertificatesResolver = __decorate39([
  Resolver13(() => ClusterObject)
], ClusterCertificatesResolver);

// dist/graphql/label-definition/label-definition.resolver.js
import { Arg as Arg11, Ctx as Ctx14, Field as Field29, Float, ObjectType as ObjectType21, Query as Query8, Resolver as Resolver14, registerEnumType as registerEnumType7 } from "type-graphql";
var __decorate40 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata40 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param14 = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
var LabelKind = Object.fromEntries(LABEL_KINDS.map((kind) => [kind, kind]));
registerEnumType7(LabelKind, { name: "LabelKind", description: "How a known label's value is checked." });
var LabelDefinitionObject = class LabelDefinitionObject2 {
  key;
  kind;
  description;
  defaultValue;
  allowedValues;
  minimum;
  maximum;
  source;
};
__decorate40([
  Field29(() => String),
  __metadata40("design:type", String)
], LabelDefinitionObject.prototype, "key", void 0);
__decorate40([
  Field29(() => LabelKind),
  __metadata40("design:type", String)
], LabelDefinitionObject.prototype, "kind", void 0);
__decorate40([
  Field29(() => String),
  __metadata40("design:type", String)
], LabelDefinitionObject.prototype, "description", void 0);
__decorate40([
  Field29(() => String, { nullable: true, description: "Magnum's documented default; null when it depends on the release or driver." }),
  __metadata40("design:type", Object)
], LabelDefinitionObject.prototype, "defaultValue", void 0);
__decorate40([
  Field29(() => [String], { nullable: true, description: "For ENUM labels: the values accepted." }),
  __metadata40("design:type", Object)
], LabelDefinitionObject.prototype, "allowedValues", void 0);
__decorate40([
  Field29(() => Float, { nullable: true }),
  __metadata40("design:type", Object)
], LabelDefinitionObject.prototype, "minimum", void 0);
__decorate40([
  Field29(() => Float, { nullable: true }),
  __metadata40("design:type", Object)
], LabelDefinitionObject.prototype, "maximum", void 0);
__decorate40([
  Field29(() => String, { description: '"magnum" or "turnkey.sim" (fault injection of the simulated driver).' }),
  __metadata40("design:type", String)
], LabelDefinitionObject.prototype, "source", void 0);
LabelDefinitionObject = __decorate40([
  ObjectType21("LabelDefinition", { description: "A label Turnkey knows: Magnum's documented labels (user guide, Magnum 21.0.1) and the simulated driver's fault injection." })
], LabelDefinitionObject);
function definitionObject(definition) {
  return Object.assign(new LabelDefinitionObject(), {
    ...definition,
    allowedValues: definition.allowedValues ?? null,
    minimum: definition.minimum ?? null,
    maximum: definition.maximum ?? null
  });
}
var LabelDefinitionResolver = class LabelDefinitionResolver2 {
  labelDefinitions(source, context) {
    if (!allowed(context.principal, "labelDefinition", "read", { projectId: null }))
      throw topLevelError("FORBIDDEN", "reading label definitions needs an authenticated caller");
    return LABEL_CATALOGUE.filter((definition) => !source || definition.source === source).map(definitionObject);
  }
};
__decorate40([
  Query8(() => [LabelDefinitionObject], { description: "The labels validated on templates, clusters and node groups; any other key passes through unchecked." }),
  __param14(0, Arg11("source", () => String, { nullable: true, description: 'Only "magnum" or only "turnkey.sim".' })),
  __param14(1, Ctx14()),
  __metadata40("design:type", Function),
  __metadata40("design:paramtypes", [Object, Object]),
  __metadata40("design:returntype", void 0)
], LabelDefinitionResolver.prototype, "labelDefinitions", null);
LabelDefinitionResolver = __decorate40([
  Resolver14()
], LabelDefinitionResolver);

// dist/graphql/operation/operations.resolver.js
import { and as and16, eq as eq21, inArray as inArray14 } from "drizzle-orm";
import { Arg as Arg12, Args as Args4, ArgsType as ArgsType5, Ctx as Ctx15, Field as Field30, ID as ID21, InputType as InputType10, Mutation as Mutation7, ObjectType as ObjectType22, Query as Query9, Resolver as Resolver15 } from "type-graphql";

// dist/domain/clusters/operation-cancel.js
var CANCELLABLE_OPERATIONS = ["CLUSTER_CREATE", "CLUSTER_UPDATE", "CLUSTER_RESIZE", "CLUSTER_UPGRADE"];
var NOUNS2 = { CLUSTER_CREATE: "Create", CLUSTER_UPDATE: "Update", CLUSTER_RESIZE: "Resize", CLUSTER_UPGRADE: "Upgrade" };
function cancellationReason(operation, by) {
  const stage2 = operation.stages.find((candidate) => candidate.status === "RUNNING")?.name;
  return `${NOUNS2[operation.type] ?? "Operation"} cancelled by ${by}${stage2 ? ` during stage ${stage2}` : ""}`;
}
async function cancelOperation(context, operationId, options) {
  return runAction(context, "operationCancel", options.requestId, { operationId }, async (transaction, record) => {
    const seen = await findOperation(transaction, operationId);
    if (!seen || !canSee(context.principal, "operation", seen))
      throw notFound("id", noSuch("operation"));
    authorize(context.principal, "operation", "cancel", seen, "id", "operation");
    const cluster = await findCluster(transaction, seen.clusterId, true);
    const operation = await lockOperation(transaction, operationId);
    if (!operation || !ACTIVE_OPERATION_STATUSES.includes(operation.status)) {
      throw invalidState("id", `the operation is ${operation?.status ?? "gone"}: only a PENDING or RUNNING operation can be cancelled`);
    }
    const type = operation.type;
    if (!CANCELLABLE_OPERATIONS.includes(type)) {
      throw invalidState("id", `a ${type} cannot be cancelled; only ${CANCELLABLE_OPERATIONS.join(", ")} can (a delete supersedes anything)`);
    }
    if (!cluster)
      throw invalidState("id", "the operation's cluster no longer exists");
    const reason = cancellationReason(operation, context.principal.name);
    const now = /* @__PURE__ */ new Date();
    await updateOperationRow(transaction, operationId, {
      status: "CANCELLED",
      errorCode: "CANCELLED",
      errorMessage: reason,
      cancelledBy: context.principal.name,
      finishedAt: now,
      updatedAt: now,
      leaseOwner: null,
      leaseExpiresAt: null
    });
    const failed = statusPath(type).failed;
    await updateClusterRow(transaction, cluster.id, { status: failed, statusReason: reason, resourceVersion: cluster.resourceVersion + 1, updatedAt: now });
    await failNodeGroupsInProgress(transaction, cluster.id, reason, now);
    const cursor = await appendClusterEvent(transaction, {
      projectId: cluster.projectId,
      clusterId: cluster.id,
      operationId,
      type: "STATUS_CHANGED",
      status: failed,
      previousStatus: cluster.status,
      statusReason: reason,
      occurredAt: now
    });
    record(cursor);
    return { clusterId: cluster.id, operationId };
  });
}

// dist/graphql/operation/operations.resolver.js
var __decorate41 = function(decorators, target, key, desc6) {
  var c = arguments.length, r = c < 3 ? target : desc6 === null ? desc6 = Object.getOwnPropertyDescriptor(target, key) : desc6, d;
  if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc6);
  else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
  return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata41 = function(k, v) {
  if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param15 = function(paramIndex, decorator) {
  return function(target, key) {
    decorator(target, key, paramIndex);
  };
};
var OperationFilter = class OperationFilter2 {
  projectId;
  clusterId;
  type;
  status;
};
__decorate41([
  Field30(() => ID21, { nullable: true }),
  __metadata41("design:type", Object)
], OperationFilter.prototype, "projectId", void 0);
__decorate41([
  Field30(() => ID21, { nullable: true }),
  __metadata41("design:type", Object)
], OperationFilter.prototype, "clusterId", void 0);
__decorate41([
  Field30(() => [OperationType], { nullable: true, description: "Any of these types." }),
  __metadata41("design:type", Object)
], OperationFilter.prototype, "type", void 0);
__decorate41([
  Field30(() => [OperationStatus], { nullable: true, description: "Any of these statuses." }),
  __metadata41("design:type", Object)
], OperationFilter.prototype, "status", void 0);
OperationFilter = __decorate41([
  InputType10()
], OperationFilter);
var OperationsArgs = class OperationsArgs2 extends PageArgs {
  filter;
};
__decorate41([
  Field30(() => OperationFilter, { nullable: true }),
  __metadata41("design:type", Object)
], OperationsArgs.prototype, "filter", void 0);
OperationsArgs = __decorate41([
  ArgsType5()
], OperationsArgs);
var OperationCancelInput = class OperationCancelInput2 {
  id;
  requestId;
};
__decorate41([
  Field30(() => ID21),
  __metadata41("design:type", String)
], OperationCancelInput.prototype, "id", void 0);
__decorate41([
  Field30(() => String, { nullable: true, description: "Repeat a request safely: the same requestId returns the first result." }),
  __metadata41("design:type", Object)
], OperationCancelInput.prototype, "requestId", void 0);
OperationCancelInput = __decorate41([
  InputType10()
], OperationCancelInput);
var OperationCancelPayload = class OperationCancelPayload2 {
  operation;
  cluster;
  userErrors;
};
__decorate41([
  Field30(() => OperationObject, { nullable: true }),
  __metadata41("design:type", Object)
], OperationCancelPayload.prototype, "operation", void 0);
__decorate41([
  Field30(() => ClusterObject, { nullable: true }),
  __metadata41("design:type", Object)
], OperationCancelPayload.prototype, "cluster", void 0);
__decorate41([
  Field30(() => [UserError]),
  __metadata41("design:type", Array)
], OperationCancelPayload.prototype, "userErrors", void 0);
OperationCancelPayload = __decorate41([
  ObjectType22()
], OperationCancelPayload);
var NOTHING2 = "00000000-0000-0000-0000-000000000000";
var OperationsResolver = class OperationsResolver2 {
  async operations(args, context) {
    const filter = args.filter ?? {};
    const visible = readableProjects(context.principal);
    const conditions = [];
    if (visible !== null)
      conditions.push(inArray14(operations.projectId, visible.length > 0 ? visible : [NOTHING2]));
    if (filter.projectId)
      conditions.push(eq21(operations.projectId, argumentUuid(filter.projectId, "Project", ["filter", "projectId"])));
    if (filter.clusterId)
      conditions.push(eq21(operations.clusterId, argumentUuid(filter.clusterId, "Cluster", ["filter", "clusterId"])));
    if (filter.type?.length)
      conditions.push(inArray14(operations.type, filter.type));
    if (filter.status?.length)
      conditions.push(inArray14(operations.status, filter.status));
    const where = and16(...conditions);
    const page = await paginate(context.domain.db, operations, operations.id, where, { name: "CREATED_AT_DESC", column: operations.createdAt, kind: "timestamp", direction: "DESC" }, "createdAt", args);
    return toConnection(page, operationObject, () => countRows(context.domain.db, operations, where));
  }
  operationCancel(input, context) {
    return asPayload(async () => {
      const result = await cancelOperation(context.domain, requireUuid(input.id, "Operation", "id"), input);
      context.loaders.operation.clearAll();
      context.loaders.cluster.clearAll();
      const [operation, cluster] = await Promise.all([context.loaders.operation.load(result.operationId), context.loaders.cluster.load(result.clusterId)]);
      return { operation: operation ? operationObject(operation) : null, cluster: cluster ? clusterObject(cluster) : null };
    });
  }
};
__decorate41([
  Query9(() => OperationConnection, { description: "Operations of every project the caller may see, newest first; deleted clusters' operations stay as history." }),
  __param15(0, Args4(() => OperationsArgs)),
  __param15(1, Ctx15()),
  __metadata41("design:type", Function),
  __metadata41("design:paramtypes", [OperationsArgs, Object]),
  __metadata41("design:returntype", Promise)
], OperationsResolver.prototype, "operations", null);
__decorate41([
  Mutation7(() => OperationCancelPayload, { description: 'Stops a running create, update, resize or upgrade; the cluster goes to CREATE_FAILED or UPDATE_FAILED with "\u2026 cancelled by <you>", recoverable as after a failure.' }),
  __param15(0, Arg12("input", () => OperationCancelInput)),
  __param15(1, Ctx15()),
  __metadata41("design:type", Function),
  __metadata41("design:paramtypes", [OperationCancelInput, Object]),
  __metadata41("design:returntype", void 0)
], OperationsResolver.prototype, "operationCancel", null);
OperationsResolver = __decorate41([
  Resolver15()
], OperationsResolver);

// dist/graphql/schema.js
var RESOLVERS = [NodeResolver, ViewerResolver, ClusterTemplateResolver, ClusterResolver, ClusterLifecycleResolver, NodeGroupMutationResolver, NodeGroupResolver, OperationResolver, ClusterEventResolver, CertificateResolver, ClusterCertificatesResolver, ProjectResolver, UserResolver, RoleBindingResolver, AuditResolver, LabelDefinitionResolver, OperationsResolver];
async function createSchema3() {
  return auditMutationFields(guardFields(await buildSchema({ resolvers: RESOLVERS, validate: false, pubSub: createPubSub() })));
}

// dist/graphql/websocket.js
import { randomUUID as randomUUID9 } from "node:crypto";
import { getOperationAST as getOperationAST2, GraphQLError as GraphQLError6 } from "graphql";
import { handleProtocols, makeServer } from "graphql-ws";
import { Counter as Counter3, Gauge as Gauge3 } from "prom-client";
import { WebSocketServer } from "ws";

// dist/graphql/websocket-close-codes.js
import { CloseCode } from "graphql-ws";
var WebSocketCloseCode = {
  /** The replica is shutting down (SIGTERM). Reconnect (to another replica) with your last cursor. */
  GoingAway: 1001,
  /** Authentication could not be checked (the database is unreachable). Reconnect later. */
  TryAgainLater: 1013,
  /** A message that is not valid graphql-transport-ws. Do not reconnect unchanged. */
  BadRequest: CloseCode.BadRequest,
  /**
   * connection_init carried no valid token (missing, unknown, expired or revoked), a subscribe came before
   * the acknowledgement, or the session's token stopped being valid. Do not retry with the same token.
   */
  Unauthorized: CloseCode.Unauthorized,
  /**
   * The token is still valid but has lost every project it could see (its role bindings were removed, or
   * its minter no longer administers its project). Do not reconnect with the same token. Narrower losses
   * keep the socket: events of projects no longer visible simply stop.
   */
  Forbidden: 4403,
  /** The subprotocol is not graphql-transport-ws. */
  SubprotocolNotAcceptable: CloseCode.SubprotocolNotAcceptable,
  /** No connection_init within TURNKEY_WS_INIT_TIMEOUT_MS. Reconnect. */
  ConnectionInitialisationTimeout: CloseCode.ConnectionInitialisationTimeout,
  /** Two subscriptions with one id on one socket. */
  SubscriberAlreadyExists: CloseCode.SubscriberAlreadyExists,
  /**
   * The client did not read fast enough: more than TURNKEY_WS_MAX_BUFFERED_BYTES queued on the socket, or a
   * subscription more than TURNKEY_SUBSCRIPTION_BUFFER events behind. Reconnect with the last cursor received:
   * the replay pages through what was missed at the client's own pace. (4429 and 4408, the obvious
   * choices, are graphql-ws's "too many connection_init" and "init timeout"; 413 is HTTP's "too large".)
   */
  SlowConsumer: 4413,
  /** connection_init sent twice. */
  TooManyInitialisationRequests: CloseCode.TooManyInitialisationRequests,
  /** A server fault; details are in the server's log, never in the reason. */
  InternalServerError: CloseCode.InternalServerError
};

// dist/graphql/websocket-documents.js
import { LRUCache as LRUCache3 } from "lru-cache";
var DocumentCache = class {
  limits;
  maxQueryLength;
  entries;
  hits = 0;
  misses = 0;
  constructor(limits, capacity, maxQueryLength = 65536) {
    this.limits = limits;
    this.maxQueryLength = maxQueryLength;
    this.entries = new LRUCache3({ max: capacity });
  }
  /** The operation's limits are checked once per document and operation name (QueryLimits keeps the figures with the document). */
  prepare(query, operationName, variables) {
    let prepared = this.entries.get(query);
    if (prepared) {
      this.hits += 1;
    } else {
      this.misses += 1;
      prepared = this.limits.parseAndValidate(query);
      if (query.length <= this.maxQueryLength)
        this.entries.set(query, prepared);
    }
    if (prepared.errors)
      return prepared;
    const refusal = this.limits.check(prepared.document, operationName, variables);
    return refusal ? { errors: [refusal] } : prepared;
  }
  get statistics() {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }
};

// dist/graphql/subscription-fanout.js
import { createSourceEventStream, execute } from "graphql";
var SourceStream = class {
  source;
  args;
  constructor(source, args) {
    this.source = source;
    this.args = args;
  }
  async *[Symbol.asyncIterator]() {
    try {
      for (; ; ) {
        const step = await this.source.next();
        if (step.done)
          return;
        yield await execute({ ...this.args, rootValue: step.value });
      }
    } finally {
      void this.source.return?.().catch(() => void 0);
    }
  }
};
var FanOut = class {
  options;
  results = /* @__PURE__ */ new WeakMap();
  documentIds = /* @__PURE__ */ new WeakMap();
  nextDocumentId = 1;
  statistics = { executions: 0, deliveries: 0 };
  constructor(options) {
    this.options = options;
  }
  /** graphql-ws's `subscribe` hook: the source stream, whose events `frames` maps to shared results. */
  subscribe = async (args) => {
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterator(stream))
      return stream;
    return new SourceStream(stream, args);
  };
  /** The part of the group key a subscription fixes: its document (by identity: the document cache hands out one per text), operation and variables. */
  subscriptionKey(args) {
    let documentId = this.documentIds.get(args.document);
    if (documentId === void 0) {
      documentId = this.nextDocumentId++;
      this.documentIds.set(args.document, documentId);
    }
    return `${documentId}\0${args.operationName ?? ""}\0${JSON.stringify(args.variableValues ?? {})}`;
  }
  /** The serialised `next` payload for one event of one subscription: executed once per group, then shared. */
  payloadFor(event, args, subscriptionKey) {
    const context = args.contextValue;
    if (typeof event !== "object" || event === null)
      return this.execute(event, args);
    const key = `${subscriptionKey}\0${visibilityKey(context.principal)}`;
    let byGroup = this.results.get(event);
    if (!byGroup) {
      byGroup = /* @__PURE__ */ new Map();
      this.results.set(event, byGroup);
    }
    let payload = byGroup.get(key);
    if (!payload) {
      payload = this.execute(event, args);
      byGroup.set(key, payload);
    }
    return payload;
  }
  async execute(event, args) {
    this.statistics.executions += 1;
    const result = await execute({ ...args, rootValue: event });
    return JSON.stringify(this.options.format(result));
  }
  /**
   * The stream graphql-ws iterates for one subscription (its `onOperation` hook): it sends each frame itself, through
   * `send` (which paces a slow client), and yields nothing; graphql-ws sends `complete` when it ends, as before.
   */
  frames(stream, id, send2) {
    const subscriptionKey = this.subscriptionKey(stream.args);
    const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    let stopped = false;
    const done = { done: true, value: void 0 };
    const iterator = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        for (; ; ) {
          if (stopped)
            return done;
          const step = await stream.source.next();
          if (step.done || stopped)
            return done;
          const payload = await this.payloadFor(step.value, stream.args, subscriptionKey);
          if (stopped)
            return done;
          this.statistics.deliveries += 1;
          await send2(prefix + payload + "}");
        }
      },
      // Not awaited: a source waiting for its next event finishes its return only when that event comes.
      return: async () => {
        stopped = true;
        void stream.source.return?.().catch(() => void 0);
        return done;
      }
    };
    return iterator;
  }
};
function isAsyncIterator(value) {
  return typeof value === "object" && value !== null && typeof value.next === "function" && Symbol.asyncIterator in value;
}

// dist/graphql/websocket.js
var SLOW_CONSUMER_CLOSE_GRACE_MS = 1e4;
function reasonOf3(text16) {
  return Buffer.byteLength(text16) <= 123 ? text16 : `${Buffer.from(text16).subarray(0, 119).toString()}\u2026`;
}
var LONGEST_TIMER_MS = 2147483647;
function isUnauthenticated(error) {
  return error instanceof UnauthenticatedError || error instanceof GraphQLError6 && error.extensions.code === "UNAUTHENTICATED";
}
function attachWebSocketTransport(options) {
  const { limits, logger } = options;
  const pacingBytes = Math.floor(limits.maxBufferedBytes / 4);
  const documents = new DocumentCache(options.queryLimits, limits.documentCacheSize);
  const sessions = /* @__PURE__ */ new Set();
  const cutOffs = options.metrics ? new Counter3({ name: "turnkey_ws_cut_off_total", help: "WebSockets closed by the server for a reason other than shutdown", labelNames: ["reason"], registers: [options.metrics] }) : null;
  const delivered = options.metrics ? new Counter3({ name: "turnkey_subscription_results_total", help: "Results (events) delivered to WebSocket subscribers", registers: [options.metrics] }) : null;
  const server = new WebSocketServer({
    server: options.httpServer,
    path: options.path ?? "/graphql",
    handleProtocols,
    // Like the HTTP path's 1 MB body limit; ws would otherwise accept 100 MiB messages.
    maxPayload: 1048576
  });
  function closeSession(session, code, reason) {
    if (session.closing)
      return;
    session.closing = true;
    session.socket.close(code, reasonOf3(reason));
    for (const operation of Object.values(session.protocol?.subscriptions ?? {})) {
      if (operation && "return" in operation && typeof operation.return === "function")
        void operation.return(void 0);
    }
  }
  function cutOff(session, why, detail) {
    if (session.closing)
      return;
    cutOffs?.inc({ reason: why });
    logger.warn({ reason: why, bufferedBytes: session.socket.bufferedAmount, principal: session.principal?.name }, `closing a WebSocket: ${detail}`);
    if (why === "keep_alive") {
      session.closing = true;
      session.socket.terminate();
    } else if (why === "slow_consumer") {
      closeSession(session, WebSocketCloseCode.SlowConsumer, "slow consumer: reconnect with your last cursor");
      const { socket } = session;
      const drop = setTimeout(() => socket.terminate(), SLOW_CONSUMER_CLOSE_GRACE_MS).unref();
      socket.once("close", () => clearTimeout(drop));
    } else {
      closeSession(session, WebSocketCloseCode.Unauthorized, detail);
    }
  }
  function armExpiry(session) {
    if (session.expiry)
      clearTimeout(session.expiry);
    session.expiry = null;
    const expiresAt = session.principal?.expiresAt?.getTime();
    if (expiresAt === void 0 || session.closing)
      return;
    const delay = expiresAt - Date.now();
    if (delay > LONGEST_TIMER_MS)
      return;
    session.expiry = setTimeout(() => cutOff(session, "revoked", "the token expired"), Math.max(0, delay)).unref();
  }
  async function refresh(session) {
    const before = session.principal;
    if (!before || session.closing)
      return;
    const generation = ++session.refreshes;
    let after;
    try {
      after = await options.authenticate(session.connectionParams);
      if (generation !== session.refreshes)
        return;
    } catch (error) {
      if (generation !== session.refreshes)
        return;
      if (isUnauthenticated(error))
        cutOff(session, "revoked", error.message);
      else
        logger.warn({ err: error }, "re-authenticating a WebSocket failed");
      return;
    }
    if (session.closing)
      return;
    if (sessionVerdict(before, after) === "lost-every-project") {
      cutOffs?.inc({ reason: "forbidden" });
      closeSession(session, WebSocketCloseCode.Forbidden, "the token has lost every project it could see");
      return;
    }
    session.principal = after;
    armExpiry(session);
  }
  function watchStall(session) {
    if (session.stall)
      clearTimeout(session.stall);
    session.stall = null;
    if (session.waiting.size === 0 || session.closing)
      return;
    session.stall = setTimeout(() => {
      session.stall = null;
      if (session.waiting.size > 0)
        cutOff(session, "slow_consumer", `took no bytes for ${limits.sendTimeoutMs} ms`);
    }, limits.sendTimeoutMs);
  }
  function send2(session, data) {
    const { socket } = session;
    if (socket.readyState !== socket.OPEN || session.closing)
      return Promise.resolve();
    return new Promise((resolve2) => {
      let waiting = false;
      const release = () => {
        if (waiting && session.waiting.delete(release))
          watchStall(session);
        resolve2();
      };
      socket.send(data, release);
      const queued = socket.bufferedAmount;
      if (queued > limits.maxBufferedBytes) {
        cutOff(session, "slow_consumer", `${queued} bytes queued, more than ${limits.maxBufferedBytes}`);
        resolve2();
      } else if (queued > pacingBytes) {
        waiting = true;
        session.waiting.add(release);
        if (!session.stall)
          watchStall(session);
      } else {
        resolve2();
      }
    });
  }
  function keepAlive(session) {
    if (limits.pingIntervalMs <= 0)
      return () => void 0;
    const { socket } = session;
    let pongDue = null;
    socket.on("pong", () => {
      if (pongDue)
        clearTimeout(pongDue);
      pongDue = null;
    });
    const interval = setInterval(() => {
      if (socket.readyState !== socket.OPEN || pongDue)
        return;
      pongDue = setTimeout(() => {
        if (socket.bufferedAmount > 0)
          cutOff(session, "slow_consumer", `no pong within ${limits.pongTimeoutMs} ms with bytes waiting`);
        else
          cutOff(session, "keep_alive", `no pong within ${limits.pongTimeoutMs} ms`);
      }, limits.pongTimeoutMs);
      socket.ping();
    }, limits.pingIntervalMs);
    return () => {
      clearInterval(interval);
      if (pongDue)
        clearTimeout(pongDue);
    };
  }
  const formatOne = (error) => options.formatError(error.toJSON(), error);
  const fanOut = new FanOut({ format: (result) => result.errors?.length ? { ...result, errors: result.errors.map(formatOne) } : result });
  if (options.metrics)
    registerGauges(options.metrics, sessions, documents, fanOut.statistics);
  const protocol = makeServer({
    schema: options.schema,
    connectionInitWaitTimeout: limits.initTimeoutMs,
    onConnect: async (context) => {
      const session = context.extra;
      try {
        session.principal = await options.authenticate(context.connectionParams);
        session.connectionParams = context.connectionParams;
        const refusal = options.rateLimits?.openSocket(session.principal, session.ip) ?? null;
        if (refusal) {
          closeSession(session, WebSocketCloseCode.TryAgainLater, `${refusal}; close one or try again later`);
          return false;
        }
        session.counted = Boolean(options.rateLimits);
        session.protocol = context;
        armExpiry(session);
        logger.info({ principal: session.principal.name }, "WebSocket connected");
        return true;
      } catch (error) {
        if (isUnauthenticated(error)) {
          closeSession(session, WebSocketCloseCode.Unauthorized, error.message);
        } else {
          logger.error({ err: error }, "authenticating a WebSocket failed");
          closeSession(session, WebSocketCloseCode.TryAgainLater, "authentication is unavailable; try again later");
        }
        return false;
      }
    },
    onSubscribe: async (context, _id, payload) => {
      const inFlight = Object.keys(context.subscriptions).length;
      if (inFlight > limits.maxSubscriptions) {
        return [
          new GraphQLError6(`this connection already has ${limits.maxSubscriptions} operations in flight; complete one, or open another connection`, {
            extensions: { code: "RATE_LIMITED", limit: limits.maxSubscriptions }
          })
        ];
      }
      const prepared = documents.prepare(payload.query, payload.operationName, payload.variables);
      if (prepared.errors)
        return prepared.errors;
      const operation = getOperationAST2(prepared.document, payload.operationName);
      if (options.rateLimits && operation && context.extra.principal) {
        try {
          await chargeOperation(options.rateLimits, context.extra.principal, operation.operation, options.queryLimits.figures(prepared.document, payload.operationName, payload.variables));
        } catch (error) {
          if (error instanceof GraphQLError6)
            return [error];
          throw error;
        }
      }
      return { schema: options.schema, document: prepared.document, operationName: payload.operationName, variableValues: payload.variables };
    },
    context: (context) => {
      const session = context.extra;
      return options.context(() => session.principal, randomUUID9());
    },
    subscribe: fanOut.subscribe,
    onOperation: (context, id, _payload, _args, result) => {
      if (!(result instanceof SourceStream))
        return void 0;
      const session = context.extra;
      return fanOut.frames(result, id, (frame) => {
        delivered?.inc();
        return send2(session, frame);
      });
    },
    onNext: (_context, _id, _payload, _args, result) => {
      delivered?.inc();
      return result.errors?.length ? { ...result, errors: result.errors.map(formatOne) } : void 0;
    },
    onError: (_context, _id, _payload, errors) => errors.map(formatOne)
  });
  server.on("connection", (socket, request) => {
    const session = { socket, ip: request.socket.remoteAddress ?? "unknown", principal: null, connectionParams: void 0, expiry: null, refreshes: 0, counted: false, protocol: null, closing: false, waiting: /* @__PURE__ */ new Set(), stall: null };
    sessions.add(session);
    socket.once("error", (error) => {
      logger.warn({ err: error }, "WebSocket error");
      closeSession(session, WebSocketCloseCode.InternalServerError, "Internal server error");
    });
    const stopKeepAlive = keepAlive(session);
    const closed = protocol.opened({
      protocol: socket.protocol,
      send: (data) => send2(session, data),
      close: (code, reason) => closeSession(session, code ?? WebSocketCloseCode.InternalServerError, reason ?? ""),
      onMessage: (handle) => socket.on("message", async (data) => {
        try {
          await handle(String(data));
        } catch (error) {
          logger.error({ err: error }, "handling a WebSocket message failed");
          closeSession(session, WebSocketCloseCode.InternalServerError, "Internal server error");
        }
      })
    }, session);
    socket.once("close", (code, reason) => {
      stopKeepAlive();
      if (session.stall)
        clearTimeout(session.stall);
      if (session.expiry)
        clearTimeout(session.expiry);
      sessions.delete(session);
      if (session.counted && session.principal)
        options.rateLimits?.closeSocket(session.principal, session.ip);
      session.closing = true;
      for (const release of [...session.waiting])
        release();
      logger.info({ principal: session.principal?.name, code, reason: reason.toString() || void 0 }, "WebSocket closed");
      void closed(code, reason.toString());
    });
  });
  let closedWith = null;
  const close = (code, reason) => {
    closedWith ??= new Promise((resolve2) => server.close(() => resolve2()));
    for (const session of sessions)
      closeSession(session, code, reason);
  };
  return {
    close,
    async dispose() {
      close(WebSocketCloseCode.GoingAway, "server going away");
      const grace = setTimeout(() => {
        for (const session of sessions)
          session.socket.terminate();
      }, options.closeGraceMs ?? 5e3);
      await closedWith;
      clearTimeout(grace);
    },
    endSessions(matches2, reason) {
      let ended = 0;
      for (const session of sessions) {
        if (!session.principal || !matches2(session.principal))
          continue;
        cutOff(session, "revoked", reason);
        ended += 1;
      }
      return ended;
    },
    async refreshSessions() {
      await Promise.all([...sessions].map((session) => refresh(session)));
    },
    get connectionCount() {
      return sessions.size;
    },
    documents,
    fanOut: fanOut.statistics
  };
}
function registerGauges(registry, sessions, documents, fanOut) {
  new Gauge3({
    name: "turnkey_subscription_executions",
    help: "Subscription documents executed for events since start: one per event for each group of sockets with the same document, variables and rights",
    registers: [registry],
    collect() {
      this.set(fanOut.executions);
    }
  });
  new Gauge3({
    name: "turnkey_ws_connections",
    help: "Open GraphQL WebSocket connections",
    registers: [registry],
    collect() {
      this.set(sessions.size);
    }
  });
  new Gauge3({
    name: "turnkey_ws_operations",
    help: "Subscriptions and other operations in flight over WebSocket",
    registers: [registry],
    collect() {
      let count3 = 0;
      for (const session of sessions)
        count3 += session.protocol ? Object.keys(session.protocol.subscriptions).length : 0;
      this.set(count3);
    }
  });
  new Gauge3({
    name: "turnkey_ws_document_cache_lookups",
    help: "Lookups of parsed and validated WebSocket documents, by result",
    labelNames: ["result"],
    registers: [registry],
    collect() {
      const { hits, misses } = documents.statistics;
      this.set({ result: "hit" }, hits);
      this.set({ result: "miss" }, misses);
    }
  });
}

// dist/http/console.js
import { existsSync as existsSync3 } from "node:fs";
import path4 from "node:path";
import express from "express";
function publicDirectory() {
  const here = import.meta.dirname;
  for (const candidate of [path4.resolve(here, "../public"), path4.resolve(here, "../../dist/public")]) {
    if (existsSync3(path4.join(candidate, "index.html")))
      return candidate;
  }
  return null;
}
function mountConsole(app) {
  const directory = publicDirectory();
  app.get("/graphql", (request, response, next) => {
    if (request.query.query === void 0 && request.accepts(["application/json", "text/html"]) === "text/html")
      return response.redirect(302, "/graphiql");
    next();
  });
  const browser = (request) => request.accepts(["application/json", "text/html"]) === "text/html";
  if (!directory) {
    const notBuilt = (_request, response) => {
      response.status(503).type("text/plain").send("The web console is not built: run npm run build (npm start does it when needed).\n");
    };
    app.get("/", (request, response, next) => browser(request) ? notBuilt(request, response) : next());
    app.get("/graphiql", notBuilt);
    return;
  }
  app.get("/", (request, response, next) => browser(request) ? response.sendFile(path4.join(directory, "index.html")) : next());
  app.get("/graphiql", (_request, response) => response.sendFile(path4.join(directory, "graphiql.html")));
  app.use(express.static(directory, { index: false, maxAge: "5m" }));
}

// dist/http/health.js
var LIVE = Buffer.from(JSON.stringify({ status: "ok" }));
var READY = Buffer.from(JSON.stringify({ status: "ready" }));
var NOT_READY = Buffer.from(JSON.stringify({ status: "database unreachable" }));
function send(response, status, body) {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": body.length, "cache-control": "no-store" });
  response.end(body);
}
function answerHealth(request, response, readiness) {
  if (request.method !== "GET" && request.method !== "HEAD")
    return false;
  const url = request.url ?? "";
  const path5 = url.includes("?") ? url.slice(0, url.indexOf("?")) : url;
  if (path5 === "/healthz") {
    send(response, 200, LIVE);
    return true;
  }
  if (path5 === "/readyz") {
    const ready = readiness.ready;
    send(response, ready ? 200 : 503, ready ? READY : NOT_READY);
    return true;
  }
  return false;
}
function withHealth(app, readiness) {
  return (request, response) => {
    if (!answerHealth(request, response, readiness))
      app(request, response);
  };
}

// dist/http/cors.js
import cors from "cors";
function corsAllowlist(origins) {
  const allowAll = origins.includes("*");
  const allowed2 = new Set(origins.map((origin) => origin.replace(/\/$/, "")));
  return cors({
    origin: (origin, callback) => callback(null, origin !== void 0 && (allowAll || allowed2.has(origin))),
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: ["authorization", "content-type", "x-request-id", "apollo-require-preflight"],
    exposedHeaders: ["x-request-id"],
    maxAge: 600
  });
}

// dist/http/request-log.js
var FIRST_OPERATION = /\b(query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/;
function noteGraphQLOperation(request, response, next) {
  const body = request.body;
  const query = typeof body?.query === "string" ? body.query : typeof request.query.query === "string" ? request.query.query : "";
  const named = FIRST_OPERATION.exec(query);
  const given = typeof body?.operationName === "string" ? body.operationName : void 0;
  response.locals.graphql = { operation: (given ?? named?.[2] ?? "anonymous").slice(0, 64), type: named?.[1] ?? (query.trimStart().startsWith("{") ? "query" : void 0) };
  next();
}
function requestLogProps(_request, response) {
  const graphql = response.locals?.graphql;
  return graphql ? { graphql } : {};
}

// dist/rest/router.js
import express2, { Router as Router8 } from "express";

// dist/rest/certificates.js
import { Router } from "express";

// dist/rest/context.js
import { GraphQLError as GraphQLError7 } from "graphql";

// dist/rest/errors.js
var RestError = class extends Error {
  status;
  detail;
  options;
  constructor(status, detail, options = {}) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.options = options;
    this.name = "RestError";
  }
};
var badRequest = (detail) => new RestError(400, detail);
var STATUS = {
  BAD_USER_INPUT: 400,
  NOT_SUPPORTED: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  QUOTA_EXCEEDED: 403,
  FORBIDDEN: 403
};
function snakeCase(name) {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
function fromDomainError(error, rename = {}) {
  const first = error.problems[0];
  const field = first?.field[0];
  return new RestError(STATUS[error.code], error.message, {
    extra: {
      turnkey_code: error.code,
      ...field ? { field: rename[field] ?? snakeCase(field) } : {},
      ...first?.limit !== void 0 ? { limit: first.limit, used: first.used } : {}
    }
  });
}
function titleOf(detail) {
  return detail.split(".", 1)[0] ?? detail;
}
function errorBody(error, requestId) {
  return {
    errors: [
      {
        request_id: requestId,
        code: error.options.code ?? (error.status >= 500 ? "server" : "client"),
        status: error.status,
        title: error.options.title ?? titleOf(error.detail),
        detail: error.detail,
        links: error.options.links ?? [],
        ...error.options.extra
      }
    ]
  };
}
function sendUnauthenticated(response, authUrl) {
  if (authUrl)
    response.setHeader("WWW-Authenticate", `Keystone uri="${authUrl}"`);
  response.status(401).json({ error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } });
}
function restErrorHandler(logger) {
  return (thrown, request, response, _next) => {
    const error = toRefusal(thrown);
    const requestId = String(request.id ?? "");
    let rest;
    if (error instanceof RestError)
      rest = error;
    else if (error instanceof DomainError)
      rest = fromDomainError(error, response.locals.rename);
    else if (error instanceof IdentityUnavailableError)
      rest = new RestError(503, `identity service unavailable: ${error.message}`);
    else if (isDatabaseTimeout(error))
      rest = new RestError(503, DATABASE_BUSY_MESSAGE, { retryAfterSeconds: DATABASE_BUSY_RETRY_SECONDS });
    else if (isBodyError(error))
      rest = badRequest(`The request body is not valid JSON: ${error.message}`);
    else {
      logger.error({ err: error }, "unexpected error in the REST API");
      rest = new RestError(500, "Internal server error");
    }
    if (rest.options.retryAfterSeconds)
      response.setHeader("Retry-After", String(rest.options.retryAfterSeconds));
    response.status(rest.status).json(errorBody(rest, requestId));
  };
}
function isBodyError(error) {
  return error instanceof Error && error.type === "entity.parse.failed";
}

// dist/rest/microversions.js
var SERVICE = "container-infra";
var MIN_VERSION = { major: 1, minor: 1 };
var MAX_VERSION = { major: 1, minor: 10 };
var HEADER = "OpenStack-API-Version";
var describeVersion = (version2) => `${version2.major}.${version2.minor}`;
var compareVersions = (left, right) => left.major - right.major || left.minor - right.minor;
function parseVersionHeader(header) {
  if (header === void 0)
    return { ...MIN_VERSION };
  const parts = header.trim().split(/\s+/);
  if (parts.length !== 2)
    throw versionError(`Invalid service type for ${HEADER} header`);
  const [service, value] = parts;
  if (service.toLowerCase() !== SERVICE)
    throw versionError(`Invalid service type for ${HEADER} header`);
  if (value.toLowerCase() === "latest")
    return { ...MAX_VERSION };
  const match = /^(\d+)\.(\d+)$/.exec(value);
  if (!match)
    throw versionError(`Invalid value for ${HEADER} header`);
  return { major: Number(match[1]), minor: Number(match[2]) };
}
function versionError(detail) {
  return new RestError(406, detail, { code: "", title: "Not Acceptable" });
}
function unsupported(version2, detail) {
  return new RestError(406, detail, {
    code: "magnum.microversion-unsupported",
    title: "Requested microversion is unsupported",
    links: [{ rel: "help", href: "http://docs.openstack.org/api-guide/compute/microversions.html" }],
    extra: { max_version: describeVersion(MAX_VERSION), min_version: describeVersion(MIN_VERSION) }
  });
}
function microversions(request, response, next) {
  response.setHeader("OpenStack-API-Minimum-Version", `${SERVICE} ${describeVersion(MIN_VERSION)}`);
  response.setHeader("OpenStack-API-Maximum-Version", `${SERVICE} ${describeVersion(MAX_VERSION)}`);
  response.setHeader("Vary", HEADER);
  const header = request.headers[HEADER.toLowerCase()];
  const version2 = parseVersionHeader(Array.isArray(header) ? header[0] : header);
  response.setHeader(HEADER, `${SERVICE} ${describeVersion(version2)}`);
  const range = `[${SERVICE} ${describeVersion(MIN_VERSION)}, ${SERVICE} ${describeVersion(MAX_VERSION)}]`;
  if (version2.major !== MAX_VERSION.major) {
    throw unsupported(version2, `Mutually exclusive versions requested. Version ${describeVersion(version2)} requested but not supported by this service.The supported version range is: ${range}.`);
  }
  if (compareVersions(version2, MIN_VERSION) < 0 || compareVersions(version2, MAX_VERSION) > 0) {
    throw unsupported(version2, `Version ${describeVersion(version2)} was requested but the minor version is not supported by this service. The supported version range is: ${range}.`);
  }
  response.locals.microversion = version2;
  next();
}
function versionOf(response) {
  return response.locals.microversion ?? { ...MIN_VERSION };
}
function atLeast(response, minor) {
  return compareVersions(versionOf(response), { major: 1, minor }) >= 0;
}
function requireVersion(response, minor, api, maxMinor) {
  const version2 = versionOf(response);
  const tooOld = compareVersions(version2, { major: 1, minor }) < 0;
  const tooNew = maxMinor !== void 0 && compareVersions(version2, { major: 1, minor: maxMinor }) > 0;
  if (tooOld || tooNew) {
    throw new RestError(406, `Version ${describeVersion(version2)} was requested but the requested API ${api} is not supported for this version.`, { code: "", title: "Not Acceptable" });
  }
}

// dist/rest/versions.js
function hostUrl(request) {
  return `${request.protocol}://${request.get("host") ?? "localhost"}`;
}
function link(rel, base, resource, args, bookmark = false, type) {
  const href = `${base}${bookmark ? "" : "/v1"}/${resource}${args.startsWith("?") ? args : `/${args}`}`;
  return type ? { href, rel, type } : { href, rel };
}
function selfLinks(base, resource, id) {
  return [link("self", base, resource, id), link("bookmark", base, resource, id, true)];
}
function rootDocument(request) {
  const base = hostUrl(request);
  return {
    name: "OpenStack Magnum API",
    description: "Magnum is an OpenStack project which aims to provide container cluster management.",
    versions: [{ id: "v1", links: [link("self", base, "v1", "", true)], status: "CURRENT", max_version: describeVersion(MAX_VERSION), min_version: describeVersion(MIN_VERSION) }]
  };
}
function v1Document(request) {
  const base = hostUrl(request);
  const both = (resource, args = "") => [link("self", base, resource, args), link("bookmark", base, resource, args, true)];
  return {
    id: "v1",
    links: [link("self", base, "v1", "", true), link("describedby", "http://docs.openstack.org", "developer/magnum/dev", "api-spec-v1.html", true, "text/html")],
    media_types: [{ base: "application/json", type: "application/vnd.openstack.magnum.v1+json" }],
    clustertemplates: both("clustertemplates"),
    clusters: both("clusters"),
    quotas: both("quotas"),
    certificates: both("certificates"),
    mservices: both("mservices"),
    stats: both("stats"),
    federations: both("federations"),
    nodegroups: both("clusters/{cluster_id}", "nodegroups")
  };
}

// dist/rest/views.js
var UUID2 = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function timestamp10(date) {
  return date ? `${date.toISOString().slice(0, 19)}+00:00` : null;
}
function updatedAt(row) {
  return row.updatedAt.getTime() === row.createdAt.getTime() ? null : timestamp10(row.updatedAt);
}
function projectIdOut(id) {
  return id.replaceAll("-", "");
}
function projectIdIn(id) {
  if (UUID2.test(id))
    return id.toLowerCase();
  if (/^[0-9a-f]{32}$/i.test(id)) {
    const hex = id.toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return null;
}
function isUuid(value) {
  return UUID2.test(value);
}
function labelsOut(labels) {
  return Object.fromEntries(labels.map((label2) => [label2.key, label2.value]));
}
function labelsDiff(parent, own) {
  const parentMap = labelsOut(parent);
  const ownMap = labelsOut(own);
  const overridden = {};
  const added = {};
  for (const [key, value] of Object.entries(ownMap)) {
    if (!(key in parentMap))
      added[key] = value;
    else if (parentMap[key] !== value)
      overridden[key] = parentMap[key];
  }
  const skipped = Object.fromEntries(Object.entries(parentMap).filter(([key]) => !(key in ownMap)));
  return { labels_overridden: overridden, labels_added: added, labels_skipped: skipped };
}
var COE_OUT = { KUBERNETES: "kubernetes", SWARM: "swarm", SWARM_MODE: "swarm-mode", MESOS: "mesos", DCOS: "dcos" };
var COE_IN = Object.fromEntries(Object.entries(COE_OUT).map(([upper, lower]) => [lower, upper]));
function userIdOut(id) {
  if (!id)
    return null;
  return UUID2.test(id) ? projectIdOut(id) : id;
}
function templateView(row, base) {
  return {
    uuid: row.id,
    name: row.name,
    coe: COE_OUT[row.coe] ?? row.coe.toLowerCase(),
    image_id: row.imageId,
    flavor_id: row.flavorId,
    master_flavor_id: row.masterFlavorId,
    dns_nameserver: row.dnsNameserver,
    keypair_id: row.keypairId,
    external_network_id: row.externalNetworkId,
    fixed_network: row.fixedNetwork,
    fixed_subnet: row.fixedSubnet,
    network_driver: row.networkDriver,
    apiserver_port: row.apiserverPort,
    docker_volume_size: row.dockerVolumeSize,
    cluster_distro: row.clusterDistro,
    links: selfLinks(base, "clustertemplates", row.id),
    http_proxy: row.httpProxy,
    https_proxy: row.httpsProxy,
    no_proxy: row.noProxy,
    volume_driver: row.volumeDriver,
    registry_enabled: row.registryEnabled,
    labels: labelsOut(row.labels),
    tls_disabled: row.tlsDisabled,
    public: row.public,
    server_type: row.serverType.toLowerCase(),
    insecure_registry: row.insecureRegistry,
    docker_storage_driver: row.dockerStorageDriver?.toLowerCase() ?? null,
    master_lb_enabled: row.masterLbEnabled,
    floating_ip_enabled: row.floatingIpEnabled,
    project_id: projectIdOut(row.projectId),
    user_id: null,
    hidden: row.hidden,
    tags: row.tags.length > 0 ? row.tags.join(",") : null,
    created_at: timestamp10(row.createdAt),
    updated_at: updatedAt(row)
  };
}
var CLUSTER_SUMMARY = ["uuid", "name", "cluster_template_id", "keypair", "docker_volume_size", "labels", "node_count", "status", "master_flavor_id", "flavor_id", "create_timeout", "master_count", "stack_id", "health_status", "links"];
function clusterView(row, template, groups, base, expand) {
  const failedGroups = groups.filter((group) => group.status.endsWith("FAILED"));
  const full = {
    uuid: row.id,
    name: row.name,
    cluster_template_id: row.templateId,
    keypair: row.keypair,
    docker_volume_size: row.dockerVolumeSize,
    labels: labelsOut(row.labels),
    master_flavor_id: row.masterFlavorId,
    flavor_id: row.flavorId,
    create_timeout: row.createTimeout,
    links: selfLinks(base, "clusters", row.id),
    stack_id: row.stackId,
    status: row.status,
    status_reason: row.statusReason,
    health_status: row.healthStatus,
    health_status_reason: row.healthStatusReason,
    discovery_url: row.discoveryUrl,
    api_address: row.apiAddress,
    coe_version: row.coeVersion,
    container_version: row.containerVersion,
    project_id: projectIdOut(row.projectId),
    user_id: userIdOut(row.createdBy),
    node_addresses: row.nodeAddresses,
    master_addresses: row.masterAddresses,
    // Magnum fills faults from the failed node groups only on a failed cluster.
    faults: row.status.endsWith("FAILED") ? { ...row.faults, ...Object.fromEntries(failedGroups.map((group) => [group.name, group.statusReason ?? ""])) } : row.faults,
    fixed_network: row.fixedNetwork,
    fixed_subnet: row.fixedSubnet,
    floating_ip_enabled: row.floatingIpEnabled,
    master_lb_enabled: row.masterLbEnabled,
    node_count: row.nodeCount,
    master_count: row.masterCount,
    ...labelsDiff(template?.labels ?? [], row.labels),
    created_at: timestamp10(row.createdAt),
    updated_at: updatedAt(row)
  };
  if (expand)
    return full;
  return Object.fromEntries(Object.entries(full).filter(([key]) => CLUSTER_SUMMARY.includes(key)));
}
var NODE_GROUP_SUMMARY = ["uuid", "name", "flavor_id", "node_count", "role", "is_default", "image_id", "status", "stack_id"];
function nodeGroupView(row, cluster, base, expand) {
  const path5 = `clusters/${row.clusterId}`;
  const full = {
    uuid: row.id,
    name: row.name,
    cluster_id: row.clusterId,
    project_id: projectIdOut(row.projectId),
    docker_volume_size: row.dockerVolumeSize,
    labels: labelsOut(row.labels),
    links: [link("self", base, path5, `nodegroups/${row.id}`), link("bookmark", base, path5, `nodegroups/${row.id}`, true)],
    flavor_id: row.flavorId,
    image_id: row.imageId,
    node_addresses: row.nodeAddresses,
    node_count: row.nodeCount,
    role: row.role,
    min_node_count: row.minNodeCount,
    max_node_count: row.maxNodeCount,
    is_default: row.isDefault,
    stack_id: row.stackId,
    status: row.status,
    status_reason: row.statusReason,
    version: row.version,
    ...labelsDiff(cluster.labels, row.labels),
    created_at: timestamp10(row.createdAt),
    updated_at: updatedAt(row)
  };
  if (expand)
    return full;
  return Object.fromEntries(Object.entries(full).filter(([key]) => NODE_GROUP_SUMMARY.includes(key)));
}

// dist/rest/context.js
function readCost(request) {
  const limit = Number(request.query.limit);
  return Number.isInteger(limit) && limit > 0 ? Math.min(limit, 1e3) : 20;
}
function rateLimitedAnswer(error) {
  const extensions = error?.extensions;
  if (extensions?.code !== "RATE_LIMITED")
    return null;
  const retryAfterSeconds = Number(extensions.retryAfterSeconds) || 1;
  return new RestError(429, error.message, { title: "Too Many Requests", extra: { turnkey_code: "RATE_LIMITED", retry_after_seconds: retryAfterSeconds }, retryAfterSeconds });
}
function tokenOf(request) {
  const header = request.headers["x-auth-token"];
  if (typeof header === "string" && header.trim())
    return header.trim();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  return match?.[1] ?? null;
}
function authenticate(services) {
  return async (request, response, next) => {
    const token = tokenOf(request);
    const limits = services.rateLimits;
    let principal;
    try {
      if (limits) {
        principal = await limits.authenticated(request.ip ?? "unknown", async () => {
          const found = token ? await services.authenticate(token) : null;
          if (!found)
            throw new GraphQLError7("unauthenticated", { extensions: { code: "UNAUTHENTICATED" } });
          return found;
        }).catch((error) => {
          if (error.extensions?.code === "UNAUTHENTICATED")
            return null;
          throw error;
        });
        if (principal)
          await chargeOperation(limits, principal, request.method === "GET" || request.method === "HEAD" ? "query" : "mutation", { cost: readCost(request), rootFields: 1 });
      } else {
        principal = token ? await services.authenticate(token) : null;
      }
    } catch (error) {
      return next(rateLimitedAnswer(error) ?? error);
    }
    if (!principal)
      return sendUnauthenticated(response, services.keystoneUrl);
    response.locals.context = services.contextFor(principal, String(request.id));
    next();
  };
}
function contextOf(response) {
  return response.locals.context;
}
async function audited(context, mutation, subject, work, subjectOfResult) {
  const record = async (outcome, target, details) => {
    await context.domain.db.insert(auditEvents).values({
      principalId: context.principal.id,
      principalName: context.principal.name,
      projectId: target.projectId ?? null,
      mutation,
      objectId: target.id ? toGlobalId(subject.type, target.id) : null,
      outcome,
      details: { ...details, requestId: context.requestId, face: "rest" }
    }).catch(() => void 0);
  };
  try {
    const result = await work();
    await record("SUCCEEDED", subjectOfResult ? { ...subject, ...subjectOfResult(result) } : subject, {});
    return result;
  } catch (thrown) {
    const error = toRefusal(thrown);
    if (error instanceof DomainError)
      await record("REFUSED", subject, { code: error.code, message: error.message });
    else if (error instanceof RestError && error.status < 500)
      await record("REFUSED", subject, { code: "BAD_USER_INPUT", message: error.message });
    else
      await record("FAILED", subject, { message: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
function ambiguous(noun, name) {
  return new RestError(409, `Multiple ${noun}s exist with same name ${name}. Please use the ${noun} uuid instead.`);
}
async function templateByIdent(context, ident) {
  if (isUuid(ident)) {
    const row = await context.loaders.template.load(ident.toLowerCase());
    return row && canSee(context.principal, "clusterTemplate", row) ? row : void 0;
  }
  const { page } = await pageClusterTemplates(context.domain.db, { visibleProjects: readableProjects(context.principal), includeHidden: context.principal.isGlobalAdmin, name: ident }, { field: "CREATED_AT", direction: "ASC" }, { first: 2 });
  if (page.rows.length > 1)
    throw ambiguous("cluster template", ident);
  return page.rows[0];
}
async function clusterByIdent(context, ident) {
  if (isUuid(ident)) {
    const row = await context.loaders.cluster.load(ident.toLowerCase());
    return row && canSee(context.principal, "cluster", row) ? row : void 0;
  }
  const { page } = await pageClusters(context.domain.db, { visibleProjects: readableProjects(context.principal), name: ident }, { field: "CREATED_AT", direction: "ASC" }, { first: 2 });
  if (page.rows.length > 1)
    throw ambiguous("cluster", ident);
  return page.rows[0];
}
async function requireCluster(context, ident) {
  const row = await clusterByIdent(context, ident);
  if (!row)
    throw new RestError(404, `Cluster ${ident} could not be found.`);
  return row;
}
async function requireTemplate(context, ident, status = 404) {
  const row = await templateByIdent(context, ident);
  if (!row)
    throw new RestError(status, `ClusterTemplate ${ident} could not be found.`);
  return row;
}
function authorizeFirst(context, resource, action, target) {
  authorize(context.principal, resource, action, target);
}
function authorizeCreate(context, resource) {
  const { principal } = context;
  if (principal.isGlobalAdmin)
    return;
  if ([...principal.projectRoles.keys()].some((projectId) => allowed(principal, resource, "create", { projectId })))
    return;
  throw forbidden("projectId", `create on a ${resource === "cluster" ? "cluster" : "cluster template"} needs: member or admin of the object's project`);
}

// dist/rest/certificates.js
var CA_TYPES = { kubernetes: "KUBERNETES", etcd: "ETCD", front_proxy: "FRONT_PROXY", "front-proxy": "FRONT_PROXY" };
async function show(request, response) {
  const context = contextOf(response);
  const cluster = await requireCluster(context, String(request.params.ident));
  const typeName = typeof request.query.ca_cert_type === "string" ? request.query.ca_cert_type : "kubernetes";
  const kind = CA_TYPES[typeName.toLowerCase()];
  if (!kind)
    throw badRequest(`Invalid ca_cert_type ${typeName}: use one of ${Object.keys(CA_TYPES).join(", ")}`);
  const trusted = trustedAuthorities(await context.loaders.certificatesOfCluster.load(cluster.id), kind);
  if (trusted.length === 0)
    throw new RestError(409, `The cluster has no ${typeName} CA yet (status ${cluster.status}).`);
  response.json({ cluster_uuid: cluster.id, bay_uuid: cluster.id, pem: bundleCertificateAuthorities(trusted.map((row) => row.pem)), ca_cert_type: typeName, links: selfLinks(hostUrl(request), "certificates", cluster.id) });
}
async function sign2(request, response) {
  const context = contextOf(response);
  const body = request.body ?? {};
  const ident = body.cluster_uuid ?? body.bay_uuid;
  if (typeof ident !== "string" || !ident)
    throw badRequest("Mandatory field missing: cluster_uuid");
  if (typeof body.csr !== "string" || !body.csr)
    throw badRequest("Mandatory field missing: csr");
  const unknown = Object.keys(body).filter((name) => !["cluster_uuid", "bay_uuid", "csr", "ca_cert_type", "pem", "links", "created_at", "updated_at"].includes(name));
  if (unknown.length > 0)
    throw badRequest(`Unknown attribute for argument certificate: ${unknown.join(", ")}`);
  const cluster = await requireCluster(context, ident).catch((error) => {
    throw error instanceof RestError && error.status === 404 ? new RestError(400, error.detail) : error;
  });
  response.locals.rename = { clusterId: "cluster_uuid" };
  const pem = await audited(context, "certificateSign", { type: "Cluster", id: cluster.id, projectId: cluster.projectId }, () => signCertificate2(context.domain, context.certificates, { clusterId: cluster.id, csr: body.csr }));
  response.status(201).json({ cluster_uuid: cluster.id, bay_uuid: cluster.id, csr: body.csr, pem, links: selfLinks(hostUrl(request), "certificates", cluster.id) });
}
async function rotate(request, response) {
  const context = contextOf(response);
  const cluster = await requireCluster(context, String(request.params.ident));
  await audited(context, "clusterCaRotate", { type: "Cluster", id: cluster.id, projectId: cluster.projectId }, () => rotateClusterCa(context.domain, cluster.id, { phase: "ROTATE" }));
  response.status(202).json({ uuid: cluster.id });
}
function certificateRoutes() {
  const router = Router();
  router.get("/certificates/:ident", show);
  router.post("/certificates", sign2);
  router.patch("/certificates/:ident", rotate);
  return router;
}

// dist/rest/cluster-templates.js
import { Router as Router2 } from "express";

// dist/rest/json-patch.js
var BASE_INTERNAL = ["created_at", "id", "links", "updated_at", "uuid", "project_id", "user_id"];
function parsePatch(body, rules) {
  if (!Array.isArray(body))
    throw badRequest("Invalid input for field/attribute patch. Value: the body must be a JSON array of patch operations");
  return body.map((entry) => {
    if (!entry || typeof entry !== "object")
      throw badRequest("Invalid input for field/attribute patch. Value: each operation must be an object");
    const { op, path: path5, value } = entry;
    if (typeof path5 !== "string" || !/^(\/[\w-]+)+$/.test(path5))
      throw badRequest(`Invalid input for field/attribute path. Value: '${String(path5)}'. Value should match the pattern ^(/[\\w-]+)+$`);
    if (op !== "add" && op !== "replace" && op !== "remove")
      throw badRequest(`Invalid input for field/attribute op. Value: '${String(op)}'. Value should be one of: add, replace, remove`);
    const attribute = path5.slice(1);
    if ([...BASE_INTERNAL, ...rules.internal].includes(attribute))
      throw badRequest(`'${path5}' is an internal attribute and can not be updated`);
    if (op === "remove" && rules.nonRemovable.includes(attribute))
      throw badRequest(`'${path5}' is a mandatory attribute and can not be removed`);
    if (op !== "remove" && (value === void 0 || value === null))
      throw badRequest("'add' and 'replace' operations needs value");
    return op === "remove" ? { op, path: path5 } : { op, path: path5, value };
  });
}
function applyPatch(document, operations2, rules) {
  const result = structuredClone(document);
  for (const operation of operations2) {
    const segments = operation.path.slice(1).split("/");
    const attribute = segments[0];
    let value = operation.value;
    if (operation.op === "add" && segments.length === 1) {
      if (!(attribute in result))
        throw badRequest(`Adding a new attribute ${operation.path} to the root of the resource is not allowed.`);
      if (result[attribute] !== null)
        throw badRequest(`The attribute ${operation.path} has existed, please use 'replace' operation instead.`);
    }
    if (operation.op === "replace" && segments.length === 1 && rules.dictionaries?.includes(attribute) && typeof value === "string") {
      value = parseDictionaryOrRefuse(value, operations2);
    }
    const parent = segments.length === 1 ? result : walk(result, segments.slice(0, -1), operation);
    const key = segments.at(-1);
    if (operation.op === "remove" || operation.op === "replace") {
      if (!(key in parent))
        throw badRequest(`Couldn't apply patch '${JSON.stringify(operations2)}'. Reason: can't ${operation.op} a non-existent object '${key}'`);
    }
    if (operation.op === "remove") {
      if (segments.length === 1)
        parent[key] = null;
      else
        delete parent[key];
    } else
      parent[key] = value;
  }
  return result;
}
function walk(document, segments, operation) {
  let node = document;
  for (const segment of segments) {
    if (!node || typeof node !== "object" || !(segment in node))
      throw badRequest(`Couldn't apply patch. Reason: member '${segment}' not found in ${operation.path}`);
    node = node[segment];
  }
  if (!node || typeof node !== "object" || Array.isArray(node))
    throw badRequest(`Couldn't apply patch. Reason: ${operation.path} does not point into an object`);
  return node;
}
function parseDictionaryOrRefuse(text16, operations2) {
  try {
    return parsePythonDict(text16);
  } catch (error) {
    throw badRequest(`Couldn't apply patch '${JSON.stringify(operations2)}'. Reason: ${error.message}`);
  }
}
function parsePythonDict(text16) {
  let position = 0;
  const fail = (what) => {
    throw new Error(`invalid syntax: ${what} at position ${position}`);
  };
  const space = () => {
    while (position < text16.length && /\s/.test(text16[position]))
      position++;
  };
  const expect = (character) => {
    space();
    if (text16[position] !== character)
      fail(`expected '${character}'`);
    position++;
  };
  const string = () => {
    const quote2 = text16[position];
    if (quote2 !== "'" && quote2 !== '"')
      return fail("expected a string");
    position++;
    let out = "";
    while (position < text16.length && text16[position] !== quote2) {
      let character = text16[position++];
      if (character === "\\") {
        const escaped = text16[position++] ?? fail("unfinished escape");
        const known = { n: "\n", t: "	", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" };
        if (escaped === "x" || escaped === "u") {
          const length = escaped === "x" ? 2 : 4;
          const hex = text16.slice(position, position + length);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length)
            fail("bad escape");
          position += length;
          character = String.fromCharCode(parseInt(hex, 16));
        } else
          character = known[escaped] ?? `\\${escaped}`;
      }
      out += character;
    }
    if (text16[position] !== quote2)
      fail("unterminated string");
    position++;
    return out;
  };
  const value = () => {
    space();
    const character = text16[position];
    if (character === "'" || character === '"')
      return string();
    const word = /^(True|False|None|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(text16.slice(position))?.[0];
    if (!word)
      return fail("unsupported value");
    position += word.length;
    if (word === "True")
      return true;
    if (word === "False")
      return false;
    if (word === "None")
      return null;
    return Number(word);
  };
  const result = {};
  expect("{");
  space();
  if (text16[position] === "}")
    position++;
  else {
    for (; ; ) {
      space();
      const key = string();
      expect(":");
      result[key] = value();
      space();
      if (text16[position] === ",") {
        position++;
        space();
        if (text16[position] === "}") {
          position++;
          break;
        }
        continue;
      }
      expect("}");
      break;
    }
  }
  space();
  if (position !== text16.length)
    fail("trailing characters");
  return result;
}

// dist/rest/attributes.js
var invalid2 = (name, value, why) => badRequest(`Invalid input for field/attribute ${name}. Value: '${typeof value === "string" ? value : JSON.stringify(value)}'. ${why}`);
function toBoolean(name, value) {
  if (typeof value === "boolean")
    return value;
  if (typeof value === "string" && ["true", "1", "yes", "y", "on", "t"].includes(value.toLowerCase()))
    return true;
  if (typeof value === "string" && ["false", "0", "no", "n", "off", "f"].includes(value.toLowerCase()))
    return false;
  throw invalid2(name, value, "Wrong type. Expected a boolean");
}
function toInteger(name, value) {
  if (typeof value === "number" && Number.isInteger(value))
    return value;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim()))
    return Number(value.trim());
  throw invalid2(name, value, "Wrong type. Expected 'int'");
}
function labelsIn(name, value) {
  const dictionary = typeof value === "string" ? parseOrRefuse(name, value) : value;
  if (!dictionary || typeof dictionary !== "object" || Array.isArray(dictionary))
    throw invalid2(name, value, "Wrong type. Expected a dict");
  return Object.entries(dictionary).map(([key, entry]) => ({ key, value: typeof entry === "string" ? entry : pythonScalar(entry) }));
}
function parseOrRefuse(name, value) {
  try {
    return parsePythonDict(value);
  } catch (error) {
    throw invalid2(name, value, error.message);
  }
}
function pythonScalar(value) {
  if (value === true)
    return "true";
  if (value === false)
    return "false";
  if (value === null)
    return "";
  return String(value);
}
function lowerEnum(name, value, table) {
  if (typeof value !== "string" || !(value.toLowerCase() in table))
    throw invalid2(name, value, `Value should be one of: ${Object.keys(table).join(", ")}`);
  return table[value.toLowerCase()];
}
function convertValue(name, kind, value) {
  if (value === null)
    return null;
  switch (kind) {
    case "text":
      if (typeof value === "number" || typeof value === "boolean")
        return String(value);
      if (typeof value !== "string")
        throw invalid2(name, value, "Wrong type. Expected 'str'");
      return value;
    case "integer":
      return toInteger(name, value);
    case "boolean":
      return toBoolean(name, value);
    case "labels":
      return labelsIn(name, value);
    case "tags":
      if (typeof value !== "string")
        throw invalid2(name, value, "Wrong type. Expected 'str'");
      return [...new Set(value.split(",").map((tag2) => tag2.trim()).filter((tag2) => tag2.length > 0))];
    case "textList":
      if (!Array.isArray(value) || !value.every((entry) => typeof entry === "string"))
        throw invalid2(name, value, "Wrong type. Expected a list of strings");
      return value;
    case "coe":
      return lowerEnum(name, value, COE_IN);
    case "serverType":
      return lowerEnum(name, value, { vm: "VM", bm: "BM" });
    case "storageDriver":
      return lowerEnum(name, value, { devicemapper: "DEVICEMAPPER", overlay: "OVERLAY", overlay2: "OVERLAY2" });
  }
}
function inputFrom(body, table, argument, readOnly = []) {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw badRequest(`Invalid input for field/attribute ${argument}. The body must be a JSON object`);
  const input = {};
  const unknown = [];
  for (const [name, value] of Object.entries(body)) {
    if (readOnly.includes(name))
      continue;
    const attribute = table[name];
    if (!attribute) {
      unknown.push(name);
      continue;
    }
    if (value === null || value === void 0)
      continue;
    input[attribute.field] = convertValue(name, attribute.kind, value);
  }
  if (unknown.length > 0)
    throw badRequest(`Unknown attribute for argument ${argument}: ${unknown.join(", ")}`);
  return input;
}
function renames(table) {
  return Object.fromEntries(Object.entries(table).map(([name, attribute]) => [attribute.field, name]));
}

// dist/rest/paging.js
function single(value) {
  if (Array.isArray(value))
    return single(value[0]);
  return typeof value === "string" ? value : void 0;
}
function listRequest(request, sortKeys) {
  const limitText = single(request.query.limit);
  let limit = MAX_PAGE_SIZE;
  if (limitText !== void 0) {
    if (!/^-?\d+$/.test(limitText))
      throw badRequest(`Invalid input for field/attribute limit. Value: '${limitText}'. unable to convert to int`);
    const asked = Number(limitText);
    if (asked <= 0)
      throw badRequest("Limit must be positive");
    limit = Math.min(asked, MAX_PAGE_SIZE);
  }
  const sortDir = single(request.query.sort_dir) ?? "asc";
  if (sortDir !== "asc" && sortDir !== "desc")
    throw badRequest(`Invalid sort direction: ${String(sortDir)}. Acceptable values are 'asc' or 'desc'`);
  const sortKey2 = single(request.query.sort_key) ?? "id";
  const field = sortKeys[sortKey2];
  if (!field)
    throw badRequest(`The sort_key value "${sortKey2}" is an invalid field for sorting; use one of ${Object.keys(sortKeys).join(", ")}`);
  const marker = single(request.query.marker) ?? null;
  if (marker !== null && !isUuid(marker))
    throw badRequest(`Invalid input for field/attribute marker. Value: '${marker}'. Expected a UUID but received ${marker}.`);
  return { limit, field, direction: sortDir === "asc" ? "ASC" : "DESC", sortKey: sortKey2, sortDir, marker };
}
function pageAfter(list5, sortName, markerValue, markerId) {
  if (list5.marker === null)
    return { first: list5.limit };
  if (markerValue === void 0 || markerId === void 0)
    throw badRequest(`The marker ${list5.marker} could not be found`);
  return { first: list5.limit, after: encodeCursor({ sort: sortName, value: markerValue, id: markerId }) };
}
function sortValueOf(row, property) {
  const value = row[property];
  return value instanceof Date ? value.toISOString() : String(value);
}
function nextLink(request, resource, list5, more, lastId) {
  if (!more || !lastId)
    return void 0;
  return `${hostUrl(request)}/v1/${resource}?sort_key=${encodeURIComponent(list5.sortKey)}&sort_dir=${list5.sortDir}&limit=${list5.limit}&marker=${lastId}`;
}

// dist/rest/cluster-templates.js
var TEMPLATE_ATTRIBUTES = {
  name: { field: "name", kind: "text" },
  coe: { field: "coe", kind: "coe" },
  image_id: { field: "imageId", kind: "text" },
  flavor_id: { field: "flavorId", kind: "text" },
  master_flavor_id: { field: "masterFlavorId", kind: "text" },
  dns_nameserver: { field: "dnsNameserver", kind: "text" },
  keypair_id: { field: "keypairId", kind: "text" },
  external_network_id: { field: "externalNetworkId", kind: "text" },
  fixed_network: { field: "fixedNetwork", kind: "text" },
  fixed_subnet: { field: "fixedSubnet", kind: "text" },
  network_driver: { field: "networkDriver", kind: "text" },
  apiserver_port: { field: "apiserverPort", kind: "integer" },
  docker_volume_size: { field: "dockerVolumeSize", kind: "integer" },
  cluster_distro: { field: "clusterDistro", kind: "text" },
  http_proxy: { field: "httpProxy", kind: "text" },
  https_proxy: { field: "httpsProxy", kind: "text" },
  no_proxy: { field: "noProxy", kind: "text" },
  volume_driver: { field: "volumeDriver", kind: "text" },
  registry_enabled: { field: "registryEnabled", kind: "boolean" },
  labels: { field: "labels", kind: "labels" },
  tls_disabled: { field: "tlsDisabled", kind: "boolean" },
  public: { field: "public", kind: "boolean" },
  server_type: { field: "serverType", kind: "serverType" },
  insecure_registry: { field: "insecureRegistry", kind: "text" },
  docker_storage_driver: { field: "dockerStorageDriver", kind: "storageDriver" },
  master_lb_enabled: { field: "masterLbEnabled", kind: "boolean" },
  floating_ip_enabled: { field: "floatingIpEnabled", kind: "boolean" },
  hidden: { field: "hidden", kind: "boolean" },
  tags: { field: "tags", kind: "tags" }
};
var READ_ONLY = ["uuid", "links", "project_id", "user_id", "created_at", "updated_at"];
var PATCH_RULES = {
  internal: [],
  nonRemovable: ["coe", "image_id", "network_driver", "external_network_id", "tls_disabled", "public", "server_type", "registry_enabled", "cluster_distro", "hidden"],
  dictionaries: ["labels"]
};
var SORT_KEYS = { id: "CREATED_AT", created_at: "CREATED_AT", name: "NAME", updated_at: "UPDATED_AT" };
async function list(request, response) {
  const context = contextOf(response);
  const query = listRequest(request, SORT_KEYS);
  const column = TEMPLATE_SORT_COLUMNS[query.field];
  const marker = query.marker ? await templateByIdent(context, query.marker) : void 0;
  const { page } = await pageClusterTemplates(context.domain.db, { visibleProjects: readableProjects(context.principal), includeHidden: context.principal.isGlobalAdmin }, { field: query.field, direction: query.direction }, pageAfter(query, `${query.field}_${query.direction}`, marker && sortValueOf(marker, column.property), marker?.id));
  const base = hostUrl(request);
  const resource = request.path.endsWith("/detail") ? "clustertemplates/detail" : "clustertemplates";
  const next = nextLink(request, resource, query, page.hasNextPage, page.rows.at(-1)?.id);
  response.json({ clustertemplates: page.rows.map((row) => templateView(row, base)), ...next ? { next } : {} });
}
async function show2(request, response) {
  const row = await requireTemplate(contextOf(response), String(request.params.ident));
  response.json(templateView(row, hostUrl(request)));
}
async function create(request, response) {
  const context = contextOf(response);
  response.locals.rename = renames(TEMPLATE_ATTRIBUTES);
  authorizeCreate(context, "clusterTemplate");
  const input = inputFrom(request.body, TEMPLATE_ATTRIBUTES, "cluster_template", READ_ONLY);
  const { result } = await audited(context, "clusterTemplateCreate", { type: "ClusterTemplate", id: null }, () => createClusterTemplate(context.domain, input, { homeProjectId: context.homeProjectId }), ({ result: result2 }) => ({ id: result2.clusterTemplateId ?? null }));
  const row = await requireTemplate(context, result.clusterTemplateId);
  const base = hostUrl(request);
  response.status(201).location(link("self", base, "clustertemplates", row.id).href).json(templateView(row, base));
}
async function update(request, response) {
  const context = contextOf(response);
  response.locals.rename = renames(TEMPLATE_ATTRIBUTES);
  const row = await requireTemplate(context, String(request.params.ident));
  authorizeFirst(context, "clusterTemplate", "update", row);
  const base = hostUrl(request);
  const operations2 = parsePatch(request.body, PATCH_RULES);
  const before = templateView(row, base);
  const after = applyPatch(before, operations2, PATCH_RULES);
  const patch = {};
  for (const [name, value] of Object.entries(after)) {
    if (JSON.stringify(value) === JSON.stringify(before[name]))
      continue;
    const attribute = TEMPLATE_ATTRIBUTES[name];
    if (!attribute)
      throw new RestError(400, `'/${name}' is an internal attribute and can not be updated`);
    patch[attribute.field] = convertValue(name, attribute.kind, value);
  }
  await audited(context, "clusterTemplateUpdate", { type: "ClusterTemplate", id: row.id, projectId: row.projectId }, () => updateClusterTemplate(context.domain, row.id, patch, { homeProjectId: context.homeProjectId }));
  context.loaders.template.clear(row.id);
  response.json(templateView(await requireTemplate(context, row.id), base));
}
async function remove(request, response) {
  const context = contextOf(response);
  const row = await requireTemplate(context, String(request.params.ident));
  await audited(context, "clusterTemplateDelete", { type: "ClusterTemplate", id: row.id, projectId: row.projectId }, () => deleteClusterTemplate(context.domain, row.id, { homeProjectId: context.homeProjectId }));
  response.status(204).end();
}
function clusterTemplateRoutes() {
  const router = Router2();
  router.get("/clustertemplates", list);
  router.get("/clustertemplates/detail", list);
  router.get("/clustertemplates/:ident", show2);
  router.post("/clustertemplates", create);
  router.patch("/clustertemplates/:ident", update);
  router.delete("/clustertemplates/:ident", remove);
  return router;
}

// dist/rest/clusters.js
import { Router as Router3 } from "express";
var CLUSTER_ATTRIBUTES = {
  name: { field: "name", kind: "text" },
  cluster_template_id: { field: "clusterTemplateId", kind: "text" },
  keypair: { field: "keypair", kind: "text" },
  node_count: { field: "nodeCount", kind: "integer" },
  master_count: { field: "masterCount", kind: "integer" },
  docker_volume_size: { field: "dockerVolumeSize", kind: "integer" },
  labels: { field: "labels", kind: "labels" },
  master_flavor_id: { field: "masterFlavorId", kind: "text" },
  flavor_id: { field: "flavorId", kind: "text" },
  create_timeout: { field: "createTimeout", kind: "integer" },
  discovery_url: { field: "discoveryUrl", kind: "text" },
  fixed_network: { field: "fixedNetwork", kind: "text" },
  fixed_subnet: { field: "fixedSubnet", kind: "text" },
  floating_ip_enabled: { field: "floatingIpEnabled", kind: "boolean" },
  merge_labels: { field: "mergeLabels", kind: "boolean" },
  master_lb_enabled: { field: "masterLbEnabled", kind: "boolean" }
};
var READ_ONLY2 = ["uuid", "links", "stack_id", "status", "status_reason", "health_status", "health_status_reason", "api_address", "coe_version", "container_version", "project_id", "user_id", "node_addresses", "master_addresses", "faults", "labels_overridden", "labels_added", "labels_skipped", "created_at", "updated_at"];
var PATCH_RULES2 = {
  internal: ["api_address", "node_addresses", "master_addresses", "stack_id", "ca_cert_ref", "magnum_cert_ref", "trust_id", "trustee_user_name", "trustee_password", "trustee_user_id", "etcd_ca_cert_ref", "front_proxy_ca_cert_ref"],
  nonRemovable: ["cluster_template_id"],
  dictionaries: ["labels", "health_status_reason"]
};
var SORT_KEYS2 = { id: "CREATED_AT", created_at: "CREATED_AT", name: "NAME", status: "STATUS", updated_at: "UPDATED_AT" };
function refuseZeroNodes(response, nodeCount) {
  if (nodeCount === 0 && !atLeast(response, 10))
    throw badRequest("Node count 0 is not supported before microversion 1.10: set OpenStack-API-Version: container-infra 1.10 or later.");
}
async function renderCluster(context, row, base, expand) {
  const [template, groups] = await Promise.all([context.loaders.template.load(row.templateId), expand ? context.loaders.nodeGroupsOfCluster.load(row.id) : []]);
  return clusterView(row, template, groups, base, expand);
}
async function list2(request, response) {
  const context = contextOf(response);
  const query = listRequest(request, SORT_KEYS2);
  const column = CLUSTER_SORT_COLUMNS[query.field];
  const marker = query.marker ? await clusterByIdent(context, query.marker) : void 0;
  const { page } = await pageClusters(context.domain.db, { visibleProjects: readableProjects(context.principal) }, { field: query.field, direction: query.direction }, pageAfter(query, `${query.field}_${query.direction}`, marker && sortValueOf(marker, column.property), marker?.id));
  const expand = request.path.endsWith("/detail");
  const base = hostUrl(request);
  const next = nextLink(request, expand ? "clusters/detail" : "clusters", query, page.hasNextPage, page.rows.at(-1)?.id);
  response.json({ clusters: await Promise.all(page.rows.map((row) => renderCluster(context, row, base, expand))), ...next ? { next } : {} });
}
async function show3(request, response) {
  const context = contextOf(response);
  const row = await requireCluster(context, String(request.params.ident));
  response.json(await renderCluster(context, row, hostUrl(request), true));
}
async function create2(request, response) {
  const context = contextOf(response);
  response.locals.rename = renames(CLUSTER_ATTRIBUTES);
  authorizeCreate(context, "cluster");
  const input = inputFrom(request.body, CLUSTER_ATTRIBUTES, "cluster", READ_ONLY2);
  if (typeof input.clusterTemplateId !== "string")
    throw badRequest("Mandatory field missing: cluster_template_id");
  const template = await requireTemplate(context, input.clusterTemplateId, 400);
  refuseZeroNodes(response, input.nodeCount);
  if (Array.isArray(input.labels) && input.labels.length === 0)
    delete input.labels;
  const outcome = await audited(context, "clusterCreate", { type: "Cluster", id: null }, () => createCluster(context.domain, { ...input, clusterTemplateId: template.id }, { homeProjectId: context.homeProjectId }), ({ result }) => ({ id: result.clusterId ?? null }));
  response.status(202).json({ uuid: outcome.result.clusterId });
}
async function update2(request, response) {
  const context = contextOf(response);
  const row = await requireCluster(context, String(request.params.ident));
  authorizeFirst(context, "cluster", "update", row);
  const operations2 = parsePatch(request.body, PATCH_RULES2);
  const before = await renderCluster(context, row, hostUrl(request), true);
  const after = applyPatch(before, operations2, PATCH_RULES2);
  const changed = Object.keys(after).filter((name) => JSON.stringify(after[name]) !== JSON.stringify(before[name]));
  const refused = changed.filter((name) => name !== "node_count");
  if (refused.length > 0)
    throw badRequest(`cannot change cluster property(ies) ${refused.join(", ")}.`);
  const nodeCount = convertValue("node_count", "integer", after.node_count);
  refuseZeroNodes(response, nodeCount);
  await audited(context, "clusterUpdate", { type: "Cluster", id: row.id, projectId: row.projectId }, () => updateCluster(context.domain, row.id, { nodeCount }, {}));
  response.status(202).json({ uuid: row.id });
}
async function remove2(request, response) {
  const context = contextOf(response);
  const row = await requireCluster(context, String(request.params.ident));
  await audited(context, "clusterDelete", { type: "Cluster", id: row.id, projectId: row.projectId }, () => deleteCluster(context.domain, row.id, {}));
  response.status(204).end();
}
async function requireNodeGroup(context, cluster, ident) {
  const groups = await context.loaders.nodeGroupsOfCluster.load(cluster.id);
  const matches2 = groups.filter((group) => group.id === ident.toLowerCase() || group.name === ident);
  if (matches2.length === 0)
    throw new RestError(404, `Nodegroup ${ident} could not be found.`);
  if (matches2.length > 1)
    throw new RestError(409, `Multiple nodegroups exist with same name ${ident}. Please use the nodegroup uuid instead.`);
  return matches2[0];
}
function bodyObject(body, argument) {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw badRequest(`Invalid input for field/attribute ${argument}. The body must be a JSON object`);
  return body;
}
async function resize(request, response) {
  requireVersion(response, 7, "resize");
  const context = contextOf(response);
  const row = await requireCluster(context, String(request.params.ident));
  authorizeFirst(context, "cluster", "update", row);
  const body = bodyObject(request.body, "cluster_resize_req");
  if (body.node_count === void 0 || body.node_count === null)
    throw badRequest("Mandatory field missing: node_count");
  const nodeCount = convertValue("node_count", "integer", body.node_count);
  refuseZeroNodes(response, nodeCount);
  const nodesToRemove = body.nodes_to_remove == null ? [] : convertValue("nodes_to_remove", "textList", body.nodes_to_remove);
  const group = typeof body.nodegroup === "string" && body.nodegroup ? await requireNodeGroup(context, row, body.nodegroup) : void 0;
  response.locals.rename = { nodeCount: "node_count", nodesToRemove: "nodes_to_remove", nodeGroupId: "nodegroup" };
  await audited(context, "clusterResize", { type: "Cluster", id: row.id, projectId: row.projectId }, () => resizeCluster(context.domain, row.id, { nodeCount, nodesToRemove, nodeGroupId: group?.id ?? null }, {}));
  response.status(202).json({ uuid: row.id });
}
async function upgrade(request, response) {
  requireVersion(response, 8, "upgrade");
  const context = contextOf(response);
  const row = await requireCluster(context, String(request.params.ident));
  authorizeFirst(context, "cluster", "update", row);
  const body = bodyObject(request.body, "cluster_upgrade_req");
  if (typeof body.cluster_template !== "string" || !body.cluster_template)
    throw badRequest("Mandatory field missing: cluster_template");
  const template = await requireTemplate(context, body.cluster_template);
  const maxBatchSize = body.max_batch_size == null ? null : convertValue("max_batch_size", "integer", body.max_batch_size);
  const named = typeof body.nodegroup === "string" && body.nodegroup ? await requireNodeGroup(context, row, body.nodegroup) : void 0;
  if (named && !named.isDefault && template.id !== row.templateId) {
    throw badRequest(`Nodegroup ${named.name} can be upgraded only to match cluster's template.`);
  }
  response.locals.rename = { clusterTemplateId: "cluster_template", maxBatchSize: "max_batch_size", nodeGroupId: "nodegroup" };
  await audited(context, "clusterUpgrade", { type: "Cluster", id: row.id, projectId: row.projectId }, () => upgradeCluster(context.domain, row.id, { clusterTemplateId: template.id, maxBatchSize, nodeGroupId: named?.id ?? null }, {}));
  response.status(202).json({ uuid: row.id });
}
function clusterRoutes() {
  const router = Router3();
  router.get("/clusters", list2);
  router.get("/clusters/detail", list2);
  router.get("/clusters/:ident", show3);
  router.post("/clusters", create2);
  router.patch("/clusters/:ident", update2);
  router.delete("/clusters/:ident", remove2);
  router.post("/clusters/:ident/actions/resize", resize);
  router.post("/clusters/:ident/actions/upgrade", upgrade);
  return router;
}

// dist/rest/mservices.js
import { Router as Router4 } from "express";
function mserviceRoutes(services) {
  const router = Router4();
  router.get("/mservices", (_request, response) => {
    if (!contextOf(response).principal.isGlobalAdmin)
      throw new RestError(403, "Policy doesn't allow magnum-service:get_all to be performed.");
    const now = /* @__PURE__ */ new Date();
    response.json({
      mservices: [{ id: 1, host: services.workerId, binary: "magnum-conductor", state: "up", report_count: Math.floor((now.getTime() - services.startedAt.getTime()) / 1e4), disabled: false, disabled_reason: null, created_at: timestamp10(services.startedAt), updated_at: timestamp10(now) }]
    });
  });
  router.all(["/federations", "/federations/*rest"], () => {
    throw new RestError(501, "Federations are not supported by this service (Turnkey): manage each cluster on its own.");
  });
  return router;
}

// dist/rest/nodegroups.js
import { Router as Router5 } from "express";
var NODE_GROUP_ATTRIBUTES = {
  name: { field: "name", kind: "text" },
  docker_volume_size: { field: "dockerVolumeSize", kind: "integer" },
  labels: { field: "labels", kind: "labels" },
  flavor_id: { field: "flavorId", kind: "text" },
  image_id: { field: "imageId", kind: "text" },
  node_count: { field: "nodeCount", kind: "integer" },
  role: { field: "role", kind: "text" },
  min_node_count: { field: "minNodeCount", kind: "integer" },
  max_node_count: { field: "maxNodeCount", kind: "integer" },
  merge_labels: { field: "mergeLabels", kind: "boolean" }
};
var READ_ONLY3 = ["uuid", "id", "cluster_id", "project_id", "links", "node_addresses", "is_default", "stack_id", "status", "status_reason", "version", "labels_overridden", "labels_added", "labels_skipped", "created_at", "updated_at"];
var PATCH_RULES3 = {
  internal: ["name", "cluster_id", "project_id", "docker_volume_size", "labels", "flavor_id", "image_id", "node_addresses", "node_count", "role", "is_default", "stack_id", "status", "status_reason", "version"],
  nonRemovable: []
};
function versioned(api, handler) {
  return async (request, response) => {
    requireVersion(response, 9, api);
    await handler(request, response);
  };
}
async function list3(request, response) {
  const context = contextOf(response);
  const cluster = await requireCluster(context, String(request.params.cluster));
  const query = listRequest(request, { id: "CREATED_AT", created_at: "CREATED_AT", name: "NAME", updated_at: "UPDATED_AT" });
  const role = typeof request.query.role === "string" ? request.query.role : null;
  const property = query.field === "NAME" ? "name" : query.field === "UPDATED_AT" ? "updatedAt" : "createdAt";
  const rows = (await context.loaders.nodeGroupsOfCluster.load(cluster.id)).filter((group) => role === null || group.role === role).sort((left, right) => {
    const order = String(left[property] instanceof Date ? left[property].toISOString() : left[property]).localeCompare(String(right[property] instanceof Date ? right[property].toISOString() : right[property])) || left.id.localeCompare(right.id);
    return query.direction === "ASC" ? order : -order;
  });
  let start = 0;
  if (query.marker) {
    start = rows.findIndex((group) => group.id === query.marker) + 1;
    if (start === 0)
      throw badRequest(`The marker ${query.marker} could not be found`);
  }
  const page = rows.slice(start, start + query.limit);
  const base = hostUrl(request);
  const more = start + query.limit < rows.length;
  const next = more ? `${base}/v1/clusters/${cluster.id}/nodegroups?sort_key=${query.sortKey}&sort_dir=${query.sortDir}&limit=${query.limit}&marker=${page.at(-1).id}` : void 0;
  response.json({ nodegroups: page.map((group) => nodeGroupView(group, cluster, base, false)), ...next ? { next } : {} });
}
async function show4(request, response) {
  const context = contextOf(response);
  const cluster = await requireCluster(context, String(request.params.cluster));
  const group = await requireNodeGroup(context, cluster, String(request.params.ident));
  response.json(nodeGroupView(group, cluster, hostUrl(request), true));
}
async function create3(request, response) {
  const context = contextOf(response);
  const cluster = await requireCluster(context, String(request.params.cluster));
  authorizeFirst(context, "nodeGroup", "create", cluster);
  response.locals.rename = renames(NODE_GROUP_ATTRIBUTES);
  const input = inputFrom(request.body, NODE_GROUP_ATTRIBUTES, "nodegroup", READ_ONLY3);
  const { mergeLabels, ...request_ } = input;
  if (mergeLabels === true && Array.isArray(request_.labels)) {
    const given = new Map(request_.labels.map((label2) => [label2.key, label2.value]));
    request_.labels = [...cluster.labels.filter((label2) => !given.has(label2.key)), ...request_.labels];
  }
  if (!cluster.apiAddress)
    throw badRequest("The cluster's API address is not yet available. Please retry when the cluster creation is completed.");
  const outcome = await audited(context, "nodeGroupCreate", { type: "Cluster", id: cluster.id, projectId: cluster.projectId }, () => createNodeGroup(context.domain, cluster.id, request_, {}));
  context.loaders.nodeGroupsOfCluster.clear(cluster.id);
  const group = await requireNodeGroup(context, cluster, outcome.nodeGroupId);
  response.status(202).json(nodeGroupView(group, cluster, hostUrl(request), true));
}
async function update3(request, response) {
  const context = contextOf(response);
  const cluster = await requireCluster(context, String(request.params.cluster));
  const group = await requireNodeGroup(context, cluster, String(request.params.ident));
  authorizeFirst(context, "nodeGroup", "update", group);
  const base = hostUrl(request);
  const operations2 = parsePatch(request.body, PATCH_RULES3);
  const before = nodeGroupView(group, cluster, base, true);
  const after = applyPatch(before, operations2, PATCH_RULES3);
  const input = {};
  for (const name of ["min_node_count", "max_node_count"]) {
    if (JSON.stringify(after[name]) === JSON.stringify(before[name]))
      continue;
    input[name === "min_node_count" ? "minNodeCount" : "maxNodeCount"] = after[name] === null ? name === "min_node_count" ? 0 : null : convertValue(name, "integer", after[name]);
  }
  const other = Object.keys(after).filter((name) => !["min_node_count", "max_node_count"].includes(name) && JSON.stringify(after[name]) !== JSON.stringify(before[name]));
  if (other.length > 0)
    throw new RestError(400, `'/${other[0]}' is an internal attribute and can not be updated`);
  response.locals.rename = { minNodeCount: "min_node_count", maxNodeCount: "max_node_count" };
  await audited(context, "nodeGroupUpdate", { type: "NodeGroup", id: group.id, projectId: group.projectId }, () => updateNodeGroup(context.domain, group.id, input, {}));
  context.loaders.nodeGroupsOfCluster.clear(cluster.id);
  response.status(202).json(nodeGroupView(await requireNodeGroup(context, cluster, group.id), cluster, base, true));
}
async function remove3(request, response) {
  const context = contextOf(response);
  const cluster = await requireCluster(context, String(request.params.cluster));
  const group = await requireNodeGroup(context, cluster, String(request.params.ident));
  authorizeFirst(context, "nodeGroup", "delete", group);
  if (group.isDefault)
    throw badRequest("Deleting a default nodegroup is not supported.");
  await audited(context, "nodeGroupDelete", { type: "NodeGroup", id: group.id, projectId: group.projectId }, () => deleteNodeGroup(context.domain, group.id, {}));
  response.status(204).end();
}
function nodeGroupRoutes() {
  const router = Router5();
  router.get("/clusters/:cluster/nodegroups", versioned("get_all", list3));
  router.get("/clusters/:cluster/nodegroups/:ident", versioned("get_one", show4));
  router.post("/clusters/:cluster/nodegroups", versioned("post", create3));
  router.patch("/clusters/:cluster/nodegroups/:ident", versioned("patch", update3));
  router.delete("/clusters/:cluster/nodegroups/:ident", versioned("delete", remove3));
  return router;
}

// dist/rest/quotas.js
import { Router as Router6 } from "express";
import { and as and17, eq as eq22 } from "drizzle-orm";
var RESOURCES = { Cluster: "CLUSTERS", Node: "NODES", NodeGroupsPerCluster: "NODE_GROUPS_PER_CLUSTER" };
var NAMES = Object.fromEntries(Object.entries(RESOURCES).map(([name, resource]) => [resource, name]));
function resourceIn(name) {
  const resource = typeof name === "string" ? RESOURCES[name] : void 0;
  if (!resource)
    throw badRequest(`Invalid input for field/attribute resource. Value: '${String(name)}'. Value should be one of: ${Object.keys(RESOURCES).join(", ")}`);
  return resource;
}
function projectIn(value) {
  const id = typeof value === "string" ? projectIdIn(value) : null;
  if (!id)
    throw badRequest("Must provide a valid project ID.");
  return id;
}
function hardLimit(value) {
  if (typeof value === "number" && Number.isInteger(value))
    return value;
  if (typeof value === "string" && /^\d+$/.test(value))
    return Number(value);
  throw badRequest(`Invalid input for field/attribute hard_limit. Value: '${String(value)}'. Wrong type. Expected 'int'`);
}
function view(row) {
  return { project_id: projectIdOut(row.projectId), resource: NAMES[row.resource] ?? row.resource, hard_limit: row.limit, created_at: timestamp10(row.createdAt), updated_at: timestamp10(row.updatedAt) };
}
async function storedQuota(context, projectId, resource) {
  const [row] = await context.domain.db.select().from(quotas).where(and17(eq22(quotas.projectId, projectId), eq22(quotas.resource, resource)));
  return row;
}
async function list4(request, response) {
  const context = contextOf(response);
  const allTenants = context.principal.isGlobalAdmin && /^(1|true|yes)$/i.test(String(request.query.all_tenants ?? ""));
  const rows = await context.domain.db.select().from(quotas);
  const visible = rows.filter((row) => (allTenants ? true : context.principal.projectRoles.has(row.projectId)) && canSee(context.principal, "quota", { projectId: row.projectId }));
  response.json({ quotas: visible.map(view) });
}
async function show5(request, response) {
  const context = contextOf(response);
  const projectId = projectIn(request.params.project);
  const resource = resourceIn(request.params.resource);
  if (!canSee(context.principal, "quota", { projectId }))
    throw new RestError(403, "Not authorized.");
  const row = await storedQuota(context, projectId, resource);
  const limits = await limitsOf(context.domain.db, projectId);
  response.json(view(row ?? { projectId, resource, limit: limits[resource] }));
}
async function set(context, mutation, projectId, resource, limit) {
  await audited(context, mutation, { type: "Project", id: projectId, projectId }, () => setQuota(context.domain, { projectId, resource, limit }));
}
async function create4(request, response) {
  const context = contextOf(response);
  const body = request.body ?? {};
  const projectId = projectIn(body.project_id);
  const resource = resourceIn(body.resource ?? "Cluster");
  const limit = hardLimit(body.hard_limit ?? 1);
  if (allowed(context.principal, "quota", "set", { projectId }) && await storedQuota(context, projectId, resource)) {
    throw new RestError(409, `Quota for project ${projectIdOut(projectId)} already exists for resource ${NAMES[resource]}.`);
  }
  await set(context, "quotaSet", projectId, resource, limit);
  response.status(201).json(view(await storedQuota(context, projectId, resource)));
}
async function update4(request, response) {
  const context = contextOf(response);
  const projectId = projectIn(request.params.project);
  const resource = resourceIn(request.params.resource);
  const body = request.body ?? {};
  if (allowed(context.principal, "quota", "set", { projectId }) && !await storedQuota(context, projectId, resource)) {
    throw new RestError(404, `Quota for project ${projectIdOut(projectId)} for resource ${NAMES[resource]} could not be found.`);
  }
  await set(context, "quotaSet", projectId, resource, hardLimit(body.hard_limit));
  response.status(202).json(view(await storedQuota(context, projectId, resource)));
}
async function remove4(request, response) {
  const context = contextOf(response);
  const projectId = projectIn(request.params.project);
  const resource = resourceIn(request.params.resource);
  if (allowed(context.principal, "quota", "set", { projectId }) && !await storedQuota(context, projectId, resource)) {
    throw new RestError(404, `Quota for project ${projectIdOut(projectId)} for resource ${NAMES[resource]} could not be found.`);
  }
  await set(context, "quotaSet", projectId, resource, DEFAULT_QUOTAS[resource]);
  response.status(204).end();
}
function quotaRoutes() {
  const router = Router6();
  router.get("/quotas", list4);
  router.get("/quotas/detail", list4);
  router.get("/quotas/:project/:resource", show5);
  router.post("/quotas", create4);
  router.patch("/quotas/:project/:resource", update4);
  router.delete("/quotas/:project/:resource", remove4);
  return router;
}

// dist/rest/stats.js
import { Router as Router7 } from "express";
async function stats(request, response) {
  const context = contextOf(response);
  const type = typeof request.query.type === "string" ? request.query.type : "cluster";
  if (type.toLowerCase() !== "cluster")
    throw badRequest("Invalid stats type. Allowed values are 'cluster'");
  const asked = typeof request.query.project_id === "string" && request.query.project_id ? request.query.project_id : null;
  let projectIds;
  if (asked) {
    const projectId = projectIdIn(asked);
    if (!projectId || !canSee(context.principal, "project", { projectId }))
      throw new RestError(403, "Not authorized.");
    projectIds = [projectId];
  } else if (context.principal.isGlobalAdmin) {
    projectIds = (await context.domain.db.select({ id: projects.id }).from(projects)).map((row) => row.id);
  } else
    projectIds = [...context.principal.projectRoles.keys()];
  const usage = await Promise.all(projectIds.map((projectId) => usageOf(context.domain.db, projectId)));
  response.json({ clusters: usage.reduce((sum, entry) => sum + entry.CLUSTERS, 0), nodes: usage.reduce((sum, entry) => sum + entry.NODES, 0) });
}
function statsRoutes() {
  const router = Router7();
  router.get("/stats", stats);
  return router;
}

// dist/rest/router.js
var RESOURCES2 = ["clustertemplates", "clusters", "certificates", "quotas", "stats", "mservices", "federations", "bays", "baymodels"];
function restRouter(services, logger) {
  const v1 = Router8();
  v1.use((request, response, next) => {
    response.setHeader("x-openstack-request-id", `req-${String(request.id)}`);
    next();
  });
  v1.get("/", microversions, (request, response) => {
    response.json(v1Document(request));
  });
  v1.use(authenticate(services));
  v1.use(microversions);
  v1.use(express2.json({ limit: "1mb", type: () => true }));
  v1.use(clusterTemplateRoutes(), clusterRoutes(), nodeGroupRoutes(), certificateRoutes(), quotaRoutes(), statsRoutes(), mserviceRoutes(services));
  v1.use((request, _response, next) => next(new RestError(404, `The resource could not be found. (${request.method} ${request.originalUrl})`)));
  v1.use(restErrorHandler(logger));
  const root = Router8();
  root.get("/", (request, response) => {
    response.json(rootDocument(request));
  });
  root.use((request, _response, next) => {
    if (RESOURCES2.includes(request.path.split("/")[1] ?? ""))
      request.url = `/v1${request.url}`;
    next();
  });
  root.use("/v1", v1);
  return root;
}

// dist/server.js
var GOING_AWAY = 1001;
function queryStatsPlugin(enabled) {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const scope = statementScope.getStore();
          if (!enabled || !scope || response.body.kind !== "single")
            return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: scope.statements };
        }
      };
    }
  };
}
async function startServer(config, logger, dependencies = {}) {
  return listen(await buildApp(config, logger, dependencies));
}
async function listen(app) {
  try {
    return await serve(app);
  } catch (error) {
    await app.stop().catch(() => void 0);
    throw error;
  }
}
async function serve(app) {
  const { config, logger, metrics, authenticator, requestContexts, rateLimits: rateLimits2, readiness } = app;
  const graphqlRequests = new Counter4({ name: "turnkey_graphql_requests_total", help: "GraphQL requests over HTTP", registers: [metrics] });
  const schema = await createSchema3();
  const queryLimits = new QueryLimits(schema, config.queryLimits);
  const server = express3();
  server.disable("x-powered-by");
  const httpServer = createServer(withHealth(server, readiness));
  const webSockets = attachWebSocketTransport({
    httpServer,
    schema,
    // The same limits as the HTTP path.
    queryLimits,
    rateLimits: rateLimits2,
    authenticate: (connectionParams) => authenticator.principalFor(connectionParams?.authorization),
    context: (principal, requestId) => requestContexts.contextFor(principal, requestId),
    formatError: formatError((error) => logger.error({ err: error }, "unexpected error while resolving over WebSocket"), config),
    limits: config.webSocket,
    logger,
    metrics,
    closeGraceMs: config.shutdownGraceMs
  });
  const refreshSessions = () => webSockets.refreshSessions().catch((error) => logger.warn({ err: error }, "re-checking WebSocket sessions failed"));
  app.identityChanges.onChange(() => void refreshSessions());
  app.tasks.add({ name: "session-sweep", intervalMs: config.sessionSweepMs, round: refreshSessions, onError: () => void 0 });
  const onUnexpected = (error) => logger.error({ err: error }, "unexpected error while resolving");
  const apollo = new ApolloServer({
    schema,
    parseOptions: queryLimits.parseOptions,
    formatError: formatError(onUnexpected, config),
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals: it drains Apollo, then the app's parts, in order.
    stopOnTerminationSignals: false,
    introspection: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // GraphiQL is served locally at /graphiql (src/http/console.ts): no CDN sandbox, nothing sent to Apollo.
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      queryStatsPlugin(config.queryStats),
      queryLimitsPlugin(queryLimits, rateLimits2),
      requestMetricsPlugin(metrics),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await webSockets.dispose();
            }
          };
        }
      }
    ]
  });
  await apollo.start();
  server.use(pinoHttp({
    logger,
    genReqId: (request, response) => {
      const given = request.headers["x-request-id"];
      const id = typeof given === "string" && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID10();
      response.setHeader("x-request-id", id);
      return id;
    },
    autoLogging: { ignore: (request) => request.url === "/healthz" || request.url === "/readyz" || request.url === "/metrics" },
    customProps: requestLogProps
  }));
  server.get("/metrics", async (_request, response) => {
    response.type(metrics.contentType).send(await metrics.metrics());
  });
  mountConsole(server);
  server.use("/graphql", corsAllowlist(config.corsOrigins), (_request, _response, next) => {
    graphqlRequests.inc();
    if (config.queryStats)
      statementScope.run({ statements: 0 }, next);
    else
      next();
  }, express3.json({ limit: "1mb" }), noteGraphQLOperation, refuseSpentBudgets(rateLimits2, (authorization) => authenticator.principalFor(authorization)), expressMiddleware(apollo, {
    context: async ({ req }) => ({
      ...requestContexts.contextFor(await rateLimits2.authenticated(req.ip ?? "unknown", () => authenticator.principalFor(req.headers.authorization)), String(req.id)),
      deadlineAt: Date.now() + config.requestDeadlineMs
    })
  }));
  server.use(restRouter({ authenticate: (token) => authenticator.authenticate(token), contextFor: (principal, requestId) => requestContexts.contextFor(principal, requestId), keystoneUrl: config.identity.provider === "keystone" ? config.identity.authUrl : null, workerId: hostname2(), startedAt: /* @__PURE__ */ new Date(), rateLimits: rateLimits2 }, logger));
  server.use((error, request, response, _next) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500)
      request.log?.error({ err: error }, "request failed");
    response.status(status).json({ errors: [{ message: status === 500 ? "Internal server error" : `bad request: ${error.message}`, extensions: { code: status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST" } }] });
  });
  await app.start();
  await new Promise((resolve2, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve2());
  });
  rsaKeys.resize(app.certificates.keyPoolSize);
  rsaKeys.warm(app.certificates.caKeyBits);
  const address = httpServer.address();
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/graphql`;
  let closing;
  const close = () => {
    closing ??= (async () => {
      webSockets.close(GOING_AWAY, "server going away");
      const forceAfter = setTimeout(() => httpServer.closeAllConnections(), config.shutdownGraceMs);
      logger.debug("closing: apollo");
      await apollo.stop();
      clearTimeout(forceAfter);
      await app.stop();
    })();
    return closing;
  };
  const { secrets, database, reconciler, health, bus } = app;
  return { url, port: address.port, app, reconciler, health, bus, rateLimits: rateLimits2, adminToken: secrets.adminToken, adminTokenGenerated: secrets.adminTokenGenerated, database, close };
}

// dist/main.js
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`turnkey: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, config.logFormat);
  const server = await startServer(config, logger);
  const databaseLabel = config.database.kind === "postgres" ? "PostgreSQL" : config.database.dataDir ? `PGlite at ${config.database.dataDir}` : "PGlite in memory";
  const banner = [
    "",
    `  Turnkey is ready: ${server.url}`,
    `  web console: ${server.url.replace(/\/graphql$/, "/")} (GraphQL IDE at /graphiql); CLI: npx turnkey --help`,
    `  database: ${databaseLabel}; driver: ${config.driver}`,
    `  admin token: ${server.adminToken}${config.adminToken ? " (from TURNKEY_ADMIN_TOKEN)" : ` (kept in ${config.dataDir}/admin-token)`}`,
    `  try: curl -s ${server.url} -H 'authorization: Bearer ${server.adminToken}' -H 'content-type: application/json' -d '{"query":"{ viewer { user { name } } }"}'`,
    ""
  ].join("\n");
  process.stdout.write(`${banner}
`);
  logger.info({ url: server.url, database: config.database.kind, driver: config.driver }, "turnkey started");
  let stopping = false;
  const stop = (signal) => {
    if (stopping)
      return;
    stopping = true;
    logger.info({ signal }, "shutting down: no new connections, finishing in-flight requests");
    server.close().then(() => {
      logger.info("stopped");
      process.exit(0);
    }, (error) => {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
main().catch((error) => {
  console.error("turnkey failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
