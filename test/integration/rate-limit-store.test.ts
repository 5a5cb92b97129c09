// The rate limiter's PostgreSQL statements (src/db/queries/rate-limits.ts): points add up within a window, a new window
// starts once the old one expired, a reset sets points and expiry outright, and an expired counter reads as none.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../src/db/client.js";
import { chargeRateLimit, readRateLimit } from "../../src/db/queries/rate-limits.js";
import { DEFAULT_RATE_LIMITS, RateLimits } from "../../src/graphql/rate-limit/index.js";
import { RateLimiterPostgresStore } from "../../src/graphql/rate-limit/postgres-store.js";
import { createLogger } from "../../src/logger.js";
import { DATABASES } from "../support/databases.js";

describe.each(DATABASES.map((database) => [database.label, database] as const))("rate-limit store on %s", (_label, database) => {
  let handle: DatabaseHandle;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const created = await database.create();
    dispose = created.dispose;
    handle = await openDatabase(created.target);
  });
  afterAll(async () => {
    await handle?.close();
    await dispose?.();
  });

  it("adds points within a window, starts a new window after expiry, resets on demand", async () => {
    const t0 = new Date("2030-01-01T00:00:00.000Z");
    const in60 = new Date(t0.getTime() + 60_000);
    expect(await chargeRateLimit(handle.db, "k", 3, t0, in60, false)).toEqual({ key: "k", points: 3, expire: in60.getTime() });
    // Within the window: added; the expiry stays the first one's.
    expect(await chargeRateLimit(handle.db, "k", 4, new Date(t0.getTime() + 1_000), new Date(t0.getTime() + 61_000), false)).toEqual({ key: "k", points: 7, expire: in60.getTime() });
    expect(await readRateLimit(handle.db, "k", new Date(t0.getTime() + 2_000))).toEqual({ key: "k", points: 7, expire: in60.getTime() });
    // Expired: reads as none, and the next charge starts over.
    expect(await readRateLimit(handle.db, "k", new Date(t0.getTime() + 60_000))).toBeNull();
    const later = new Date(t0.getTime() + 120_000);
    expect(await chargeRateLimit(handle.db, "k", 2, new Date(t0.getTime() + 60_000), later, false)).toEqual({ key: "k", points: 2, expire: later.getTime() });
    // Reset (rate-limiter-flexible's forceExpire): points and expiry set as given.
    expect(await chargeRateLimit(handle.db, "k", 9, t0, null, true)).toEqual({ key: "k", points: 9, expire: null });
    expect(await readRateLimit(handle.db, "k", later)).toEqual({ key: "k", points: 9, expire: null });
    expect(await readRateLimit(handle.db, "other", t0)).toBeNull();
  });

  // Shared by replicas: what a process learnt of a budget answers "spent?" for KNOWN_STATE_FRESH_MS without another
  // read, and every charge refreshes it, so a request costs the store one statement, not four (issue 13).
  it("answers 'spent?' from what its charges learnt, and reads the store for a budget it has not learnt", async () => {
    const settings = { ...DEFAULT_RATE_LIMITS, store: "postgres" as const, queryCost: 10 };
    const database = { db: handle.db, kind: "postgres" as const };
    const logger = createLogger("silent");
    const replicaA = new RateLimits(settings, database, logger);
    const replicaB = new RateLimits(settings, database, logger);
    const reads = vi.spyOn(RateLimiterPostgresStore.prototype, "_get");
    try {
      const principal = { id: "u-1", tokenId: `t-${handle.kind}` } as Parameters<RateLimits["spent"]>[1];
      for (let index = 0; index < 3; index += 1) {
        await replicaA.consume("query", `token:${principal.tokenId}`, 3);
        expect(await replicaA.spent("query", principal)).toBeNull();
      }
      expect(reads).not.toHaveBeenCalled();
      // The fourth charge spends the budget (12 of 10 asked, 10 taken): the refusal itself is learnt.
      await expect(replicaA.consume("query", `token:${principal.tokenId}`, 3)).rejects.toMatchObject({ extensions: { code: "RATE_LIMITED" } });
      expect(await replicaA.spent("query", principal)).toMatchObject({ retryAfterSeconds: expect.any(Number) });
      expect(reads).not.toHaveBeenCalled();
      // Another replica that never charged this token reads the store once, and sees it spent.
      expect(await replicaB.spent("query", principal)).toMatchObject({ retryAfterSeconds: expect.any(Number) });
      expect(await replicaB.spent("query", principal)).toMatchObject({ retryAfterSeconds: expect.any(Number) });
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
      await replicaA.close();
      await replicaB.close();
    }
  });

  // Charges of one key coalesce while one is in flight (src/graphql/rate-limit/postgres-store.ts): fewer statements,
  // and the same decisions as charges one by one. 60 charges of 2 points from two replicas against a budget of 50:
  // whatever the interleaving, exactly 25 fit.
  it("coalesces concurrent charges of a key into fewer statements, deciding as sequential charges would", async () => {
    const settings = { ...DEFAULT_RATE_LIMITS, store: "postgres" as const, queryCost: 50 };
    const database = { db: handle.db, kind: "postgres" as const };
    const logger = createLogger("silent");
    const replicas = [new RateLimits(settings, database, logger), new RateLimits(settings, database, logger)];
    const statements = vi.spyOn(RateLimiterPostgresStore.prototype as unknown as { charge: () => unknown }, "charge");
    try {
      const subject = `token:coalesce-${handle.kind}`;
      const outcomes = await Promise.allSettled(Array.from({ length: 60 }, (_, index) => replicas[index % 2]!.consume("query", subject, 2)));
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(25);
      for (const outcome of outcomes) if (outcome.status === "rejected") expect(outcome.reason).toMatchObject({ extensions: { code: "RATE_LIMITED" } });
      expect(statements.mock.calls.length).toBeLessThan(60);
      expect(statements.mock.calls.length).toBeGreaterThanOrEqual(2);
    } finally {
      statements.mockRestore();
      for (const replica of replicas) await replica.close();
    }
  });
});
