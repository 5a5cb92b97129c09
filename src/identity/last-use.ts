// Token last use, recorded in batches: a request that uses a token writes nothing; one UPDATE per flush
// (the composition root, src/app.ts, runs flush as a periodic task every TURNKEY_TOKEN_LAST_USED_FLUSH_MS).
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";

export class LastUseRecorder {
  private readonly pending = new Map<string, Date>();
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  record(tokenId: string, at: Date): void {
    this.pending.set(tokenId, at);
  }

  /** Writes what is pending in one statement; only ever moves last_used_at forward. */
  async flush(): Promise<void> {
    await this.flushing;
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending.clear();
    const rows = sql.join(
      batch.map(([id, at]) => sql`(${id}::uuid, ${at.toISOString()}::timestamptz)`),
      sql`, `,
    );
    this.flushing = this.db
      .execute(sql`update api_tokens set last_used_at = used.at from (values ${rows}) as used(id, at) where api_tokens.id = used.id and (api_tokens.last_used_at is null or api_tokens.last_used_at < used.at)`)
      .then(() => undefined, this.onError)
      .finally(() => (this.flushing = null));
    await this.flushing;
  }

  /** The last flush, at shutdown. */
  async close(): Promise<void> {
    await this.flush();
  }
}
