// postgres.js 3.4.9 could send a transaction's BEGIN without reserving its connection (porsager/postgres#823, #1189):
// the BEGIN went out when the connection's pipeline was full or its socket buffer was, and the hook that reserves the
// connection was skipped. The transaction failed with UNSAFE_TRANSACTION, or, on a one-connection pool, its
// connection went back to the pool mid-transaction and unrelated statements ran inside it. Under 1,000 operations at
// once the reconciler's tick failed this way and its operation waited a lease (bench/scale.ts). patches/ carries the
// fix (proposed upstream in porsager/postgres#1218, unreleased); this is the upstream report's reproduction, on the
// real PostgreSQL, through the library as this repository installs it.
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { POSTGRES_ADMIN_URL } from "../../support/databases.js";

describe("postgres.js transactions under a full pipeline (patches/postgres+3.4.9.patch)", () => {
  it("reserves the connection of every BEGIN: no UNSAFE_TRANSACTION, no second BEGIN on one connection, every transaction isolated", { timeout: 120_000 }, async () => {
    const notices: string[] = [];
    // Three connections and a pipeline of two, all three open and busy (a statement in flight on each: .execute()
    // dispatches at once, in order, and no answer is read before the next line runs), then five statements: two
    // connections fill their pipelines and the third holds one statement waiting, so the first BEGIN is pipelined onto
    // it as the statement that fills it, which 3.4.9 got wrong every time. No timing is involved.
    // max_pipeline is an option postgres.js reads but does not type.
    const sql = postgres(POSTGRES_ADMIN_URL, { max: 3, ...({ max_pipeline: 2 } as object), onnotice: (notice) => notices.push(`${notice.code} ${notice.message}`) });
    const failures: string[] = [];
    try {
      for (let round = 0; round < 10; round++) {
        await Promise.all([sql`select 1`.execute(), sql`select 1`.execute(), sql`select 1`.execute()]);
        const busy = Array.from({ length: 3 }, () => sql`select 1 as busy`.execute());
        const plain = Array.from({ length: 5 }, (_, index) => sql`select ${index}::int as n`.execute());
        const transactions = Array.from({ length: 5 }, (_, index) =>
          sql.begin(async (transaction) => {
            // Inside a transaction block, and the same one for both statements.
            const [first] = await transaction`select txid_current()::text as id, now() as started`;
            const [second] = await transaction`select txid_current()::text as id, now() as started`;
            if (first!.id !== second!.id || first!.started.getTime() !== second!.started.getTime()) throw new Error(`transaction ${index} ran in two transactions`);
            return first!.id as string;
          }),
        );
        const settled = await Promise.allSettled([...busy, ...plain, ...transactions]);
        for (const outcome of settled) if (outcome.status === "rejected") failures.push(`round ${round}: ${String((outcome.reason as Error).message ?? outcome.reason)}`);
        const ids = settled.slice(busy.length + plain.length).flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
        if (new Set(ids).size !== ids.length) failures.push(`round ${round}: two transactions shared a transaction id`);
      }
    } finally {
      await sql.end({ timeout: 5 });
    }
    expect(failures).toEqual([]);
    // 25001: "there is already a transaction in progress", a second BEGIN on one connection.
    expect(notices.filter((notice) => notice.startsWith("25001"))).toEqual([]);
  });
});
