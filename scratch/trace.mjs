const { PGlite } = await import("@electric-sql/pglite");
const T0 = performance.now();
for (const m of ["query", "exec"]) { const orig = PGlite.prototype[m]; PGlite.prototype[m] = async function (...a) { const t = performance.now(); const c = process.cpuUsage(); try { return await orig.apply(this, a); } finally { const d = performance.now() - t; const cu = process.cpuUsage(c); if (d > 5) console.error(`[${(t - T0).toFixed(0)}] ${m} ${d.toFixed(0)}ms cpu ${((cu.user+cu.system)/1000).toFixed(0)} ${String(a[0]).slice(0, 120).replace(/\s+/g, " ")}`); } }; }
const w = PGlite.prototype.constructor;
setTimeout(() => {}, 0);
await import("/work/wt/start/dist/main.js");
