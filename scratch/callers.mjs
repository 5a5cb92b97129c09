import { readFileSync, readdirSync } from "node:fs";
const dir = process.argv[2]; const target = process.argv[3];
const f = readdirSync(dir).find(n => n.endsWith(".cpuprofile"));
const p = JSON.parse(readFileSync(dir + "/" + f));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const dt = new Map(); for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const chains = new Map();
for (const [id, t] of dt) { const stack = []; let cur = id; let hit = false; while (cur !== undefined) { const n = byId.get(cur); if (n.callFrame.functionName === target) hit = true; if (hit && stack.length < 14) stack.push(n.callFrame.functionName + ":" + n.callFrame.lineNumber); if (!hit) {} cur = parent.get(cur); } if (hit) { const k = stack.slice(0,14).join(" < "); chains.set(k, (chains.get(k) ?? 0) + t); } }
console.log([...chains].sort((a,b)=>b[1]-a[1]).slice(0,12).map(([k,v])=>`${(v/1000).toFixed(0).padStart(5)} ${k}`).join("\n"));
