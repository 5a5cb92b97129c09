// Benchmark: clusterCreate accepted per second at -c 32 on PostgreSQL, into one project and spread over 32, and how long
// the reconciler then takes to finish every accepted create (it must keep pace: its connections are its own).
// Runs the build (`dist/main.js`, rebuilt first when stale), what production runs. TURNKEY_BENCH_CREATES_BEFORE=<dir>
// (a copy of dist/ inside this repository) adds an earlier build as a second side: each side has its own database
// and server, the sides alternate round by round, and every run waits for its own reconciler to drain before the
// next one starts, so neither side's backlog runs under the other's load.
import path from "node:path";
import postgres from "postgres";
import { ensureBuilt } from "../test/support/build.js";
import { DATABASES } from "../test/support/databases.js";
import { ADMIN_TOKEN, SECRET_KEY } from "../test/support/server.js";
import { cpuSeconds, load, startProcess, type Child, type LoadResult, BENCH_SERVER_SETTINGS } from "./load.js";
import { format, median } from "./stats.js";
import { record } from "./table.js";

async function graphql<Data>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data: Data; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const CREATE = "mutation Create($input: ClusterCreateInput!) { clusterCreate(input: $input) { cluster { id status } operation { id } userErrors { code message } } }";

interface Side {
  name: string;
  server: Child;
  sql: postgres.Sql;
  projectIds: string[];
  templateId: string;
  dispose(): Promise<void>;
}

interface Run extends LoadResult {
  accepted: number;
  /** Server CPU ms of the load window and of the drain after it, per accepted create. */
  cpuMsPerCreate: number;
  /** Seconds from the end of the load until no operation was open (Infinity when the cap was hit). */
  drained: number;
  open: number;
}

async function startSide(name: string, entry: string, projects: number): Promise<Side> {
  const database = DATABASES.find((candidate) => candidate.label === "PostgreSQL")!;
  const created = await database.create();
  const profile = name === "turnkey" ? (process.env.TURNKEY_BENCH_NODE_OPTIONS?.split(" ").filter(Boolean) ?? []) : [];
  // Fast simulation: the figure is the API's and the reconciler's work, not the simulated clouds' waiting.
  const server = await startProcess(
    entry,
    { ...BENCH_SERVER_SETTINGS, DATABASE_URL: created.url, TURNKEY_ADMIN_TOKEN: ADMIN_TOKEN, TURNKEY_SECRET_KEY: SECRET_KEY, TURNKEY_LOG_LEVEL: "warn", TURNKEY_SIM_SPEED: "100000" },
    async (port) => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok,
    profile,
  );
  const url = `${server.url}/graphql`;
  const projectIds: string[] = [];
  for (let index = 0; index < projects; index += 1) {
    const result = await graphql<{ projectCreate: { project: { id: string } } }>(url, "mutation($name: String!) { projectCreate(input: { name: $name }) { project { id } } }", { name: `bench-${index}` });
    projectIds.push(result.projectCreate.project.id);
    for (const resource of ["CLUSTERS", "NODES"]) await graphql(url, `mutation($id: ID!) { quotaSet(input: { projectId: $id, resource: ${resource}, limit: 1000000 }) { userErrors { code } } }`, { id: result.projectCreate.project.id });
  }
  const template = await graphql<{ clusterTemplateCreate: { clusterTemplate: { id: string } } }>(
    url,
    'mutation { clusterTemplateCreate(input: { name: "bench", coe: KUBERNETES, imageId: "fedora-coreos-38", public: true, labels: [{ key: "kube_tag", value: "v1.30.4" }] }) { clusterTemplate { id } } }',
  );
  const sql = postgres(created.url, { max: 1, onnotice: () => undefined });
  return {
    name,
    server,
    sql,
    projectIds,
    templateId: template.clusterTemplateCreate.clusterTemplate.id,
    dispose: async () => {
      await sql.end();
      await server.stop();
      await created.dispose();
    },
  };
}

export async function benchCreates(quick: boolean): Promise<void> {
  if (!DATABASES.find((candidate) => candidate.label === "PostgreSQL")) {
    record({ scenario: "creates", figure: "skipped", turnkey: "needs PostgreSQL" });
    return;
  }
  await ensureBuilt();
  const projects = quick ? 4 : 32;
  const beforeDirectory = process.env.TURNKEY_BENCH_CREATES_BEFORE;
  const sides: Side[] = [await startSide("turnkey", "dist/main.js", projects)];
  if (beforeDirectory) sides.push(await startSide("before", path.join(beforeDirectory, "main.js"), projects));
  try {
    let sequence = 0;
    const bodyFor = (side: Side, spread: boolean) => () => {
      sequence += 1;
      const projectId = spread ? side.projectIds[sequence % side.projectIds.length] : side.projectIds[0];
      return JSON.stringify({ query: CREATE, variables: { input: { clusterTemplateId: side.templateId, projectId, name: `c-${sequence}` } } });
    };
    const seconds = Number(process.env.TURNKEY_BENCH_CREATES_SECONDS ?? (quick ? 2 : 10));
    const drainCap = quick ? 30_000 : 300_000;
    const failed = (text: string) => !text.includes('"cluster":{"id"');
    const clusterCount = async (side: Side) => Number((await side.sql`select count(*)::int as clusters from clusters`)[0]!.clusters);
    const openOperations = async (side: Side) => Number((await side.sql`select count(*)::int as open from operations where status not in ('SUCCEEDED', 'FAILED', 'CANCELLED')`)[0]!.open);
    // Accepted = clusters committed while the load ran (on a loaded machine a create may outlast a short window, which
    // autocannon would not count); then how long until the reconciler has finished every accepted create.
    const run = (side: Side, spread: boolean, duration: number) => async (): Promise<Run> => {
      const pid = side.server.child.pid!;
      const before = await clusterCount(side);
      const cpuBefore = cpuSeconds(pid);
      const result = await load({ url: `${side.server.url}/graphql`, pid, body: bodyFor(side, spread), headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, connections: 32, seconds: duration, failed });
      const accepted = (await clusterCount(side)) - before;
      const drainStarted = Date.now();
      let open = await openOperations(side);
      while (open > 0 && Date.now() - drainStarted < drainCap) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        open = await openOperations(side);
      }
      const drained = open === 0 ? (Date.now() - drainStarted) / 1000 : Number.POSITIVE_INFINITY;
      const cpuMsPerCreate = accepted ? ((cpuSeconds(pid) - cpuBefore) * 1000) / accepted : Number.NaN;
      return { ...result, accepted, cpuMsPerCreate, drained, open };
    };
    const plan = (duration: number) => Object.fromEntries(sides.flatMap((side) => [[`${side.name} one`, run(side, false, duration)], [`${side.name} spread`, run(side, true, duration)]]));
    // Warm-up: JIT, pools, caches (and the reconciler's first key pools), every side.
    if (!quick || beforeDirectory) for (const step of Object.values(plan(2))) await step();
    const rounds = Number(process.env.TURNKEY_BENCH_CREATES_ROUNDS ?? (quick ? 1 : 3));
    const steps = plan(seconds);
    const names = Object.keys(steps);
    const results = Object.fromEntries(names.map((name) => [name, [] as Run[]]));
    for (let round = 0; round < rounds; round += 1) {
      for (const name of round % 2 === 0 ? names : [...names].reverse()) results[name]!.push(await steps[name]!());
    }
    const setup = `autocannon -c 32, ${seconds} s × ${rounds} alternating rounds${sides.length > 1 ? " (each side its own database and server)" : ""}, median of accepted (clusters committed during the run); each run drains before the next; server 1 process, simulation speed 100000; 2 shared cores`;
    for (const side of sides) {
      const label = side.name === "turnkey" ? "" : `${side.name} (${beforeDirectory}): `;
      for (const [kind, name] of [["one", "into one project"], ["spread", `over ${side.projectIds.length} projects`]] as const) {
        const list = results[`${side.name} ${kind}`]!;
        const rate = median(list.map((entry) => entry.accepted / seconds));
        const drained = list.map((entry) => entry.drained);
        record({
          scenario: "creates",
          figure: `${label}clusterCreate accepted/s ${name}`,
          turnkey: format(rate, 0),
          target: "≥ 200/s",
          met: rate >= 200,
          setup: `${setup}; refused or failed ${list.reduce((sum, entry) => sum + entry.non2xx + entry.errors, 0)}; server CPU ${format(median(list.map((entry) => entry.cpuMsPerCreate)), 1)} ms/create (load + drain); p99 ${format(median(list.map((entry) => entry.latencyP99)), 0)} ms; accepted ${list.map((entry) => entry.accepted).join("/")}`,
        });
        record({
          scenario: "creates",
          figure: `${label}reconciler: accepted creates ${name} all finished after the load`,
          turnkey: drained.every(Number.isFinite) ? `${format(median(drained), 1)} s` : `${list.map((entry) => entry.open).join("/")} still open after ${drainCap / 1000} s`,
          setup: `drain per run ${drained.map((value) => format(value, 1)).join("/")} s`,
        });
      }
    }
  } finally {
    for (const side of sides) await side.dispose();
  }
}
