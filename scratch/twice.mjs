import { cpSync, mkdtempSync } from "node:fs";
const { PGlite } = await import("@electric-sql/pglite");
const dir = mkdtempSync("/tmp/tk-tw-"); cpSync("/work/wt/start/dist/pgdata-template", dir, { recursive: true });
for (let i = 0; i < 3; i++) {
  let t = performance.now(), c = process.cpuUsage();
  const db = new PGlite(dir); await db.waitReady;
  let cu = process.cpuUsage(c); console.log(`open#${i} ${(performance.now()-t).toFixed(0)}ms cpu ${((cu.user+cu.system)/1000).toFixed(0)}`);
  t = performance.now(); c = process.cpuUsage();
  await db.query("select 1"); cu = process.cpuUsage(c); console.log(`  q ${(performance.now()-t).toFixed(0)}ms cpu ${((cu.user+cu.system)/1000).toFixed(0)}`);
  await db.close();
  if (i === 0) console.log((await import("node:child_process")).execSync(`find ${dir} -name 'pg_internal.init*'`).toString());
}
