import { readFileSync, readdirSync } from "node:fs";
const dir = process.argv[2]; const names = process.argv.slice(3);
const f = readdirSync(dir).find(n => n.endsWith(".cpuprofile"));
const p = JSON.parse(readFileSync(dir + "/" + f));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const dt = new Map(); for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const incl = new Map();
for (const [id, t] of dt) { const seen = new Set(); let cur = id; while (cur !== undefined) { const n = byId.get(cur); const k = n.callFrame.functionName + " " + (n.callFrame.url.split("/").slice(-2).join("/")); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + t); } cur = parent.get(cur); } }
const rows = [...incl].filter(([k]) => names.length === 0 || names.some(n => k.startsWith(n + " "))).sort((a,b)=>b[1]-a[1]).slice(0, 60);
console.log(rows.map(([k,v])=>`${(v/1000).toFixed(0).padStart(6)} ${k}`).join("\n"));
