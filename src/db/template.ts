// A pre-initialised, pre-migrated PGlite data directory made by `npm run build` (dist/pgdata-template), copied into an
// empty data directory on first start: PGlite's initdb and the migrations are most of an embedded first start (seconds),
// a copy of the finished directory is tens of milliseconds. Used only when the template was made from exactly the
// migrations this build carries (a hash of drizzle/); otherwise, or when absent, the normal initdb + migrate runs.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cp } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Next to the compiled client (dist/db/ → dist/pgdata-template); under tsx (src/) there is none and nothing changes. */
export const templateDir = fileURLToPath(new URL("../pgdata-template", import.meta.url));
const HASH_FILE = ".turnkey-migrations-hash";

/** sha256 over the migration journal and every migration's SQL, in name order. */
export function migrationsHash(migrationsFolder: string): string {
  const hash = createHash("sha256");
  const files = [path.join("meta", "_journal.json"), ...readdirSync(migrationsFolder).filter((name) => name.endsWith(".sql")).sort()];
  for (const file of files) {
    hash.update(file);
    hash.update("\0");
    hash.update(readFileSync(path.join(migrationsFolder, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** True when `dataDir` is absent or empty: a directory with anything in it (a cluster, a half-made one) is left to PGlite. */
export function isEmptyDataDir(dataDir: string): boolean {
  return !existsSync(dataDir) || readdirSync(dataDir).length === 0;
}

/**
 * Copies the template into `dataDir` when `dataDir` holds no cluster and the template matches `migrationsFolder`.
 * Returns whether it did; the caller still opens the directory and runs the migrator (a no-op then).
 * The copy runs on libuv's threads, so the event loop is free meanwhile (src/server.ts builds the schema then).
 */
export async function seedFromTemplate(dataDir: string, migrationsFolder: string, from = templateDir): Promise<boolean> {
  if (!isEmptyDataDir(dataDir)) return false;
  const hashFile = path.join(from, HASH_FILE);
  if (!existsSync(hashFile) || !existsSync(path.join(from, "PG_VERSION"))) return false;
  if (readFileSync(hashFile, "utf8").trim() !== migrationsHash(migrationsFolder)) return false;
  await cp(from, dataDir, { recursive: true, filter: (source) => path.basename(source) !== HASH_FILE && path.basename(source) !== "postmaster.pid" });
  return true;
}

/** Build step: writes a cleanly closed, migrated cluster to `target` with the hash of the migrations it carries. */
export async function buildTemplate(target: string, migrationsFolder: string): Promise<void> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  rmSync(target, { recursive: true, force: true });
  // 1 MB WAL segments instead of 16: the copy on first start is most of its cost, and the segment is 16 of its 40 MB.
  const client = new PGlite(target, { initDbStartParams: ["--wal-segsize=1"] });
  await client.waitReady;
  await migrate(drizzle(client), { migrationsFolder });
  // Turnkey uses only the `postgres` database (PGlite's) and creates none: the two template databases are 600 of
  // the directory's ~1,070 files and 14 of its 30 MB, copied on every first start for nothing.
  for (const name of ["template0", "template1"]) {
    await client.exec(`alter database ${name} is_template false`);
    await client.exec(`drop database ${name}`);
  }
  // A checkpoint so the copy starts from a clean, compact state.
  await client.exec("checkpoint");
  const current = (await client.query<{ segment: string }>("select pg_walfile_name(pg_current_wal_lsn()) as segment")).rows[0]!.segment;
  await client.close();
  rmSync(path.join(target, "postmaster.pid"), { force: true });
  // The checkpoints left recycled segments ahead of the current one (five of the six): PostgreSQL makes new ones
  // as it needs them. The current segment and the next (the shutdown checkpoint may have crossed into it) stay.
  // Segment names sort in WAL order.
  const ahead = readdirSync(path.join(target, "pg_wal")).filter((name) => /^[0-9A-F]{24}$/.test(name) && name > current).sort();
  for (const name of ahead.slice(1)) rmSync(path.join(target, "pg_wal", name));
  writeFileSync(path.join(target, HASH_FILE), `${migrationsHash(migrationsFolder)}\n`);
}
