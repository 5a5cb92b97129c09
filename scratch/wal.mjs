import { cpSync, mkdtempSync } from "node:fs";
const { PGlite } = await import("@electric-sql/pglite");
const dir = mkdtempSync("/tmp/tk-wal-"); cpSync("/work/wt/start/dist/pgdata-template", dir, { recursive: true });
const c = new PGlite(dir); await c.waitReady;
console.log((await c.query("select pg_walfile_name(pg_current_wal_lsn()) w, current_setting('min_wal_size') mn, current_setting('max_wal_size') mx, current_setting('wal_segment_size') ss")).rows);
console.log((await c.query("select datname from pg_database")).rows);
await c.close();
