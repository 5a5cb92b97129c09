// A pre-initialised, pre-migrated PGlite data directory made by `npm run build` (dist/pgdata-template), copied into an
// empty data directory on first start: PGlite's initdb and the migrations are most of an embedded first start (seconds),
// a copy of the finished directory is tens of milliseconds. Used only when the template was made from exactly the
// migrations this build carries (a hash of drizzle/); otherwise, or when absent, the normal initdb + migrate runs.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { copyFile } from "node:fs/promises";
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
 * Every file's copy is queued on libuv's threads at once, so the copy goes on while the main thread is busy (main.ts
 * starts it before the server's modules load; fs.promises.cp needed the event loop between each of its ~1,000 steps).
 * It is made beside `dataDir` and renamed into place, so a failed copy never leaves a half-made cluster behind.
 */
export async function seedFromTemplate(dataDir: string, migrationsFolder: string, from = templateDir): Promise<boolean> {
  if (!isEmptyDataDir(dataDir)) return false;
  const hashFile = path.join(from, HASH_FILE);
  if (!existsSync(hashFile) || !existsSync(path.join(from, "PG_VERSION"))) return false;
  if (readFileSync(hashFile, "utf8").trim() !== migrationsHash(migrationsFolder)) return false;
  // An empty directory that exists already (perhaps a mount point) is filled in place, and emptied again on failure.
  const inPlace = existsSync(dataDir);
  const staging = inPlace ? dataDir : `${dataDir}.seeding-${process.pid}`;
  if (!inPlace) rmSync(staging, { recursive: true, force: true });
  try {
    mkdirSync(path.dirname(staging), { recursive: true });
    const files: string[] = [];
    const walk = (relative: string) => {
      if (!(inPlace && relative === "")) mkdirSync(path.join(staging, relative), { mode: statSync(path.join(from, relative)).mode & 0o7777 });
      for (const entry of readdirSync(path.join(from, relative), { withFileTypes: true })) {
        const name = path.join(relative, entry.name);
        if (entry.isDirectory()) walk(name);
        else if (entry.name !== HASH_FILE && entry.name !== "postmaster.pid") files.push(name);
      }
    };
    walk("");
    await Promise.all(files.map((name) => copyFile(path.join(from, name), path.join(staging, name))));
    if (!inPlace) renameSync(staging, dataDir);
  } catch (error) {
    if (!inPlace) rmSync(staging, { recursive: true, force: true });
    else for (const entry of readdirSync(dataDir)) rmSync(path.join(dataDir, entry), { recursive: true, force: true });
    throw error;
  }
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
