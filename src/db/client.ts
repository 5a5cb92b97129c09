// Opens the database (embedded PGlite or PostgreSQL), applies migrations, and counts statements.
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { sql, type Logger } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema/index.js";
import { migrationsFolder, takePglitePreparation } from "./pglite-start.js";

export { migrationsFolder };

/** Where the data lives (config.ts parses DATABASE_URL / TURNKEY_DATA_DIR into it). */
export type DatabaseTarget =
  | { kind: "pglite"; dataDir: string | null } // null: in memory
  | { kind: "postgres"; url: string };

export type Schema = typeof schema;
/** One type for both drivers, so no feature can depend on which database runs underneath. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Database | Transaction;

/** Per-request statement counter, read by the GraphQL layer and the statement-count test. */
export const statementScope = new AsyncLocalStorage<{ statements: number }>();

export interface StatementObserver {
  (query: string): void;
}

class CountingLogger implements Logger {
  constructor(private readonly observer?: StatementObserver) {}
  logQuery(query: string): void {
    const scope = statementScope.getStore();
    if (scope) scope.statements += 1;
    this.observer?.(query);
  }
}

export interface DatabaseHandle {
  /** Requests' connections (GraphQL over HTTP and WebSocket). */
  db: Database;
  /**
   * The background work's own connections (reconciler, event bus, health monitor, retention): a burst of requests
   * waiting on locks cannot take every connection and starve the reconciler. The same database as `db` on PGlite.
   */
  background: Database;
  kind: DatabaseTarget["kind"];
  /** True once migrations ran and a probe query succeeds. */
  ping(): Promise<boolean>;
  /**
   * LISTEN on a channel. `onListening` runs each time the listening connection is (re)established,
   * so the caller can catch up on what it may have missed while disconnected.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListening?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// Several replicas may start together on one PostgreSQL; one migrates, the others wait.
const MIGRATION_LOCK_KEY = 7_353_001;

/** Connection budgets on PostgreSQL: one pool for requests, one for background work (documented in the README). */
export interface ConnectionBudgets {
  requests: number;
  background: number;
}

export const DEFAULT_CONNECTION_BUDGETS: ConnectionBudgets = { requests: 10, background: 5 };

export interface DatabaseOptions {
  /** statement_timeout of every PostgreSQL connection, ms (0: none). PGlite runs in this thread and cannot interrupt a statement. */
  statementTimeoutMs?: number;
  /** PostgreSQL pool sizes for requests and for background work. */
  connections?: ConnectionBudgets;
}

export async function openDatabase(target: DatabaseTarget, observer?: StatementObserver, options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  const budgets = options.connections ?? DEFAULT_CONNECTION_BUDGETS;
  const logger = new CountingLogger(observer);
  if (target.kind === "pglite") {
    // PGlite's WebAssembly compiles on V8's background threads while the template is copied (first start on an empty
    // directory: the build's migrated template instead of initdb + migrations, src/db/template.ts), both started by
    // main.ts before the server's modules loaded, or here (src/db/pglite-start.ts).
    const preparation = takePglitePreparation(target.dataDir);
    await preparation.seeded;
    if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
    const options = { pgliteWasmModule: await preparation.wasmModule };
    const client = target.dataDir ? new PGlite(target.dataDir, options) : new PGlite(options);
    await client.waitReady;
    yieldBetweenStatements(client);
    const db = drizzlePglite(client, { schema, logger }) as unknown as Database;
    await migratePglite(db as never, { migrationsFolder });
    return {
      db,
      background: db,
      kind: "pglite",
      ping: async () => probe(db),
      listen: async (channel, onNotify, onListening) => {
        const unlisten = await client.listen(channel, onNotify);
        onListening?.();
        return unlisten;
      },
      close: async () => {
        if (!client.closed) await client.close();
      },
    };
  }
  const timeout = options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {};
  const client = postgres(target.url, { max: budgets.requests, onnotice: () => undefined, connection: { application_name: "turnkey", ...timeout } });
  prepareRepeatedStatements(client);
  const db = drizzlePostgres(client, { schema, logger }) as unknown as Database;
  const backgroundClient = postgres(target.url, { max: budgets.background, onnotice: () => undefined, connection: { application_name: "turnkey-background", ...timeout } });
  prepareRepeatedStatements(backgroundClient);
  const background = drizzlePostgres(backgroundClient, { schema, logger }) as unknown as Database;
  const lockHolder = await client.reserve();
  try {
    // Waiting for another replica's migration is not a runaway statement.
    await lockHolder`set statement_timeout = 0`;
    await lockHolder`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(db as never, { migrationsFolder });
  } finally {
    await lockHolder`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => undefined);
    await lockHolder`reset statement_timeout`.catch(() => undefined);
    lockHolder.release();
  }
  return {
    db,
    background,
    kind: "postgres",
    ping: async () => probe(db),
    listen: async (channel, onNotify, onListening) => {
      // postgres-js keeps one dedicated connection for all LISTENs and reconnects it by itself.
      const subscription = await client.listen(channel, onNotify, onListening);
      return () => subscription.unlisten();
    },
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), backgroundClient.end({ timeout: 5 })]);
    },
  };
}

/**
 * PGlite runs each statement synchronously in this thread and hands its queue on in microtasks, so a
 * burst of queued statements would run back to back with no I/O in between (/healthz waited seconds).
 * Each statement first lets the event loop turn once.
 */
function yieldBetweenStatements(client: PGlite): void {
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  client.query = (async (...args: Parameters<typeof query>) => {
    await turn();
    return query(...args);
  }) as typeof client.query;
  client.exec = (async (...args: Parameters<typeof exec>) => {
    await turn();
    return exec(...args);
  }) as typeof client.exec;
}

/** Distinct statement texts a request connection keeps prepared, at most (each connection prepares its own). */
export const PREPARED_STATEMENTS_MAX = 500;

/**
 * drizzle runs every query as an unnamed statement (postgres.js `unsafe` with prepare: false): PostgreSQL parses
 * and plans it again each time and postgres.js reads its parameter and row descriptions again each time. A text
 * seen twice is prepared instead (named, once per connection), up to PREPARED_STATEMENTS_MAX texts per client so
 * ad-hoc texts (IN lists of every length) cannot grow the server's statement caches without bound. Queries in a
 * transaction (and its savepoints) run on the transaction's own client: its `unsafe` is wrapped the same way, so a
 * create's or a reconcile tick's statements are prepared too. A named statement outlives a rollback (statements are
 * the session's, not the transaction's), and postgres.js counts one as prepared only once its Parse succeeded, so an
 * aborted transaction never leaves a statement it believes prepared and is not. Parameterless ones use the simple protocol.
 */
function prepareRepeatedStatements(client: postgres.Sql): void {
  const prepared = new Set<string>();
  const seen = new Set<string>();
  const shouldPrepare = (query: string): boolean => {
    if (prepared.has(query)) return true;
    if (prepared.size >= PREPARED_STATEMENTS_MAX) return false;
    if (seen.has(query)) {
      prepared.add(query);
      seen.delete(query);
      return true;
    }
    if (seen.size >= 10 * PREPARED_STATEMENTS_MAX) seen.clear();
    seen.add(query);
    return false;
  };
  const wrapUnsafe = (target: postgres.Sql | postgres.TransactionSql) => {
    const unsafe = target.unsafe.bind(target);
    target.unsafe = ((query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
      unsafe(query, parameters, { ...options, prepare: shouldPrepare(query) || options?.prepare === true })) as typeof target.unsafe;
  };
  type Savepoint = (name: unknown, work?: unknown) => Promise<unknown>;
  const wrapTransaction = (transaction: postgres.TransactionSql) => {
    wrapUnsafe(transaction);
    const savepoint = (transaction.savepoint as unknown as Savepoint).bind(transaction);
    (transaction as unknown as { savepoint: Savepoint }).savepoint = (name, work) => {
      // savepoint(work) or savepoint(name, work), as postgres.js takes them.
      const [label, body] = work === undefined ? [undefined, name] : [name, work];
      const wrapped = (inner: postgres.TransactionSql) => {
        wrapTransaction(inner);
        return (body as (sql: postgres.TransactionSql) => unknown)(inner);
      };
      return label === undefined ? savepoint(wrapped) : savepoint(label, wrapped);
    };
  };
  wrapUnsafe(client);
  type Begin = (options: unknown, work?: unknown) => Promise<unknown>;
  const begin = (client.begin as unknown as Begin).bind(client);
  (client as unknown as { begin: Begin }).begin = (options, work) => {
    const [mode, body] = work === undefined ? ["", options] : [options, work];
    return begin(mode, (transaction: postgres.TransactionSql) => {
      wrapTransaction(transaction);
      return (body as (sql: postgres.TransactionSql) => unknown)(transaction);
    });
  };
}

async function probe(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
