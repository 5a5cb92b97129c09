// The databases every shared suite runs against: in-memory PGlite always, real PostgreSQL when reachable (mandatory in CI).
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { DatabaseTarget } from "../../src/config.js";

export const POSTGRES_ADMIN_URL = process.env.TURNKEY_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  label: string;
  /** A fresh, empty database for one server; dispose drops it. */
  create(): Promise<{ target: DatabaseTarget; url: string; dispose(): Promise<void> }>;
}

async function postgresReachable(): Promise<boolean> {
  const client = postgres(POSTGRES_ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => undefined });
  try {
    await client`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await client.end({ timeout: 1 });
  }
}

const pglite: TestDatabase = {
  label: "PGlite",
  async create() {
    return { target: { kind: "pglite", dataDir: null }, url: "memory://", dispose: async () => undefined };
  },
};

const postgresql: TestDatabase = {
  label: "PostgreSQL",
  async create() {
    // One database per server: test files run in parallel and never see each other's rows.
    const name = `turnkey_test_${randomBytes(6).toString("hex")}`;
    const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    return {
      target: { kind: "postgres", url: url.toString() },
      url: url.toString(),
      dispose: async () => {
        const cleanup = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => undefined });
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  },
};

let resolved: Promise<TestDatabase[]> | undefined;

/** PGlite, plus PostgreSQL when it answers; in CI an unreachable PostgreSQL fails the run instead of skipping. */
export function testDatabases(): Promise<TestDatabase[]> {
  resolved ??= (async () => {
    if (await postgresReachable()) return [pglite, postgresql];
    if (process.env.CI) throw new Error(`PostgreSQL is required in CI but ${POSTGRES_ADMIN_URL} is unreachable`);
    console.warn(`SKIPPED: the PostgreSQL half of the suite (${POSTGRES_ADMIN_URL} is unreachable); only PGlite runs`);
    return [pglite];
  })();
  return resolved;
}

/** Labels of the databases, resolved at collection time so describe.each can name them. */
export const DATABASES = await testDatabases();
