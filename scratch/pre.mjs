import { mkdtempSync } from "node:fs"; import { cp, readFile } from "node:fs/promises";
const { PGlite } = await import("@electric-sql/pglite");
const pre = process.argv[2] === "pre";
const t0 = performance.now();
const mod = pre ? WebAssembly.compile(await readFile("node_modules/@electric-sql/pglite/dist/pglite.wasm")) : null;
const dir = mkdtempSync("/tmp/tk-pre-");
const copy = cp("dist/pgdata-template", dir, { recursive: true });
const busyUntil = performance.now() + 300; while (performance.now() < busyUntil); // the schema build
await copy;
const db = new PGlite(dir, pre ? { pgliteWasmModule: await mod } : {}); await db.waitReady;
console.log(pre ? "pre " : "lazy", (performance.now() - t0).toFixed(0), "ms");
await db.close();
