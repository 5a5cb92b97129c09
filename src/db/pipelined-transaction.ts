// A transaction sent as one pipeline on PostgreSQL: BEGIN, its statements and COMMIT written together on one reserved
// connection and answered together, one round trip instead of one per statement plus two. For transactions whose
// statements are all known before the first is answered, with their guard among them (a statement that fails unless
// the transaction may go ahead): a failure aborts the transaction, every statement behind it fails too (25P02), and
// the COMMIT rolls back.
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import type { Database } from "./client.js";

/*
 * Why: with 1,000 operations in flight, socket writes were 28% of the reconciler's CPU in a stage burst (loopback TCP:
 * each write also wakes the server), and a reconcile tick's transaction wrote four times (begin; lock and lease; its
 * writes and the event append; commit). See docs/BENCHMARKS.md, orchestration scale, fifth pass.
 */

const dialect = new PgDialect();

/** A statement of the pipeline failed: which one, and PostgreSQL's error. */
export class PipelinedStatementError extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(`statement ${index} of a pipelined transaction failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "PipelinedStatementError";
  }

  /** PostgreSQL's SQLSTATE, when the server answered with one. */
  get code(): string | undefined {
    return (this.cause as { code?: unknown } | undefined)?.code as string | undefined;
  }
}

/** postgres.js's client under a drizzle database, or null (PGlite: one in-process connection, no round trips to save). */
export function pipelineClient(db: Database): postgres.Sql | null {
  const client = (db as unknown as { $client?: { reserve?: unknown } }).$client;
  return client && typeof client.reserve === "function" ? (client as postgres.Sql) : null;
}

/**
 * Runs `statements` as one transaction in one round trip; answers each statement's rows, once committed. Throws
 * PipelinedStatementError for the first statement that failed (nothing of the transaction stays).
 */
export async function runPipelined(client: postgres.Sql, statements: readonly SQL[]): Promise<Record<string, unknown>[][]> {
  const reserved = await client.reserve();
  try {
    // Texts are fixed per statement kind (a bounded set), so each is prepared once per connection.
    const queries = [
      reserved.unsafe("begin"),
      ...statements.map((statement) => {
        const { sql, params } = dialect.sqlToQuery(statement);
        return reserved.unsafe(sql, params as postgres.ParameterOrJSON<never>[], { prepare: true });
      }),
      reserved.unsafe("commit"),
    ];
    // Each sent now, in this order (a query goes out once executed; awaiting them in any order keeps it).
    for (const query of queries) query.execute();
    const settled = await Promise.allSettled(queries);
    const failed = settled.findIndex((result) => result.status === "rejected");
    if (failed >= 0) throw new PipelinedStatementError(failed - 1, (settled[failed] as PromiseRejectedResult).reason);
    const commit = (settled.at(-1) as PromiseFulfilledResult<postgres.RowList<postgres.Row[]>>).value;
    // Never expected: every failure behind BEGIN fails its own statement first.
    if (commit.command !== "COMMIT") throw new PipelinedStatementError(statements.length, new Error(`the commit answered ${commit.command}`));
    return settled.slice(1, -1).map((result) => [...(result as PromiseFulfilledResult<postgres.RowList<postgres.Row[]>>).value] as Record<string, unknown>[]);
  } finally {
    reserved.release();
  }
}
