// Where a create's time goes (docs/BENCHMARKS.md, "Creates and orchestration scale"): a server like bench/creates.ts
// starts (tsx), -c 32 creates for SECONDS, accepted/s and server CPU per create, pg_stat_activity waits sampled every
// 100 ms. Env: SPREAD=1 (32 projects), PROF=1 (--cpu-prof into /tmp/creates-prof), STATS=1 (statements of one create),
// NODRAIN=1, SERVER_CWD (another checkout to compare), EXTRA (JSON of server settings, e.g. {"TURNKEY_WORKER_CONCURRENCY":"0"}).
// Run: npx tsx bench/creates-probe.ts
import { spawn } from "node:child_process";
import postgres from "postgres";
import autocannon from "autocannon";
import { DATABASES } from "../test/support/databases.js";
import { ADMIN_TOKEN, SECRET_KEY } from "../test/support/server.js";
import { BENCH_SERVER_SETTINGS, cpuSeconds } from "./load.js";
import { freePort } from "../test/support/process.js";

const seconds = Number(process.env.SECONDS ?? 10);
const spread = process.env.SPREAD === "1";
const profile = process.env.PROF === "1";
const entry = process.env.ENTRY ?? "tsx";
async function main() {
  const database = DATABASES.find((d) => d.label === "PostgreSQL")!;
  const created = await database.create();
  const port = await freePort();
  const args = [...(profile ? ["--cpu-prof", "--cpu-prof-dir=/tmp/creates-prof"] : []), ...(entry === "tsx" ? ["--import", "tsx", "src/main.ts"] : ["dist/main.js"])];
  const child = spawn(process.execPath, args, { cwd: process.env.SERVER_CWD ?? process.cwd(), env: { PATH: process.env.PATH!, HOME: "/root", PORT: String(port), HOST: "127.0.0.1", ...BENCH_SERVER_SETTINGS, DATABASE_URL: created.url, TURNKEY_ADMIN_TOKEN: ADMIN_TOKEN, TURNKEY_SECRET_KEY: SECRET_KEY, TURNKEY_LOG_LEVEL: "warn", TURNKEY_SIM_SPEED: "100000", TURNKEY_QUERY_STATS: process.env.STATS ?? "0", ...(process.env.EXTRA ? JSON.parse(process.env.EXTRA) : {}) }, stdio: ["ignore", "inherit", "inherit"] });
  const url = `http://127.0.0.1:${port}/graphql`;
  for (;;) { if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok).catch(() => false)) break; await new Promise((r) => setTimeout(r, 200)); }
  const gql = async (query: string, variables = {}) => { const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ query, variables }) }); return (await r.json()) as any; };
  const projectIds: string[] = [];
  for (let i = 0; i < (spread ? 32 : 1); i++) {
    const p = await gql("mutation($name: String!) { projectCreate(input: { name: $name }) { project { id } } }", { name: `p${i}` });
    projectIds.push(p.data.projectCreate.project.id);
    for (const resource of ["CLUSTERS", "NODES"]) await gql(`mutation($id: ID!) { quotaSet(input: { projectId: $id, resource: ${resource}, limit: 1000000 }) { userErrors { code } } }`, { id: p.data.projectCreate.project.id });
  }
  const t = await gql('mutation { clusterTemplateCreate(input: { name: "bench", coe: KUBERNETES, imageId: "fedora-coreos-38", public: true, labels: [{ key: "kube_tag", value: "v1.30.4" }] }) { clusterTemplate { id } } }');
  const templateId = t.data.clusterTemplateCreate.clusterTemplate.id;
  const CREATE = "mutation Create($input: ClusterCreateInput!) { clusterCreate(input: $input) { cluster { id status } operation { id } userErrors { code message } } }";
  let seq = 0;
  const body = () => { seq++; return JSON.stringify({ query: CREATE, variables: { input: { clusterTemplateId: templateId, projectId: projectIds[seq % projectIds.length], name: `c-${seq}` } } }); };
  // warm-up
  for (let i = 0; i < 10; i++) { const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` }, body: body() }).then((x) => x.json()) as any; if (i === 9) console.log("single create:", JSON.stringify(r.extensions ?? {}), r.errors ? JSON.stringify(r.errors) : ""); }
  const sql = postgres(created.url, { max: 2, onnotice: () => undefined });
  const count = async () => Number((await sql`select count(*)::int as n from clusters`)[0]!.n);
  const waits = new Map<string, number>();
  let sampling = true;
  const sampler = (async () => { while (sampling) { const rows = await sql`select application_name, state, coalesce(wait_event_type,'-') || ':' || coalesce(wait_event,'-') as w, left(query, 60) as q from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`; for (const r of rows) { const k = `${r.application_name} ${r.state} ${r.w} ${r.state === "active" || r.w.startsWith("Lock") ? r.q : ""}`; waits.set(k, (waits.get(k) ?? 0) + 1); } await new Promise((r) => setTimeout(r, 100)); } })();
  const before = await count(); const cpu0 = cpuSeconds(child.pid!);
  const started = Date.now();
  const result = await autocannon({ url, method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` }, requests: [{ setupRequest: (req: any) => ({ ...req, body: body() }) }], connections: 32, duration: seconds });
  const elapsed = (Date.now() - started) / 1000;
  const accepted = (await count()) - before; const cpu = cpuSeconds(child.pid!) - cpu0;
  sampling = false; await sampler;
  console.log(`accepted ${accepted} in ${elapsed.toFixed(1)} s = ${(accepted / seconds).toFixed(1)}/s; responses ${result.requests.total}, non2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}; p50 ${result.latency.p50} p99 ${result.latency.p99}; server CPU ${(cpu * 1000 / accepted).toFixed(1)} ms/create`);
  const drain0 = Date.now(); let open = 0; if (!process.env.NODRAIN)
  while (Date.now() - drain0 < 60_000) { open = Number((await sql`select count(*)::int as n from operations where status not in ('SUCCEEDED','FAILED','CANCELLED')`)[0]!.n); if (!open) break; await new Promise((r) => setTimeout(r, 250)); }
  console.log(`drain: ${open} open after ${((Date.now() - drain0) / 1000).toFixed(1)} s`);
  const sorted = [...waits.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [k, v] of sorted) console.log(String(v).padStart(6), k);
  await sql.end();
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  await created.dispose();
}
await main();
