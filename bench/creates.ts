// Benchmark: clusterCreate accepted per second at -c 32 on PostgreSQL, into one project and spread over 32, and how long
// the reconciler then takes to finish every accepted create (it must keep pace: its connections are its own).
import postgres from "postgres";
import { DATABASES } from "../test/support/databases.js";
import { ADMIN_TOKEN, SECRET_KEY } from "../test/support/server.js";
import { alternate, load, startProcess, type LoadResult, BENCH_SERVER_SETTINGS } from "./load.js";
import { format, median } from "./stats.js";
import { record } from "./table.js";

async function graphql<Data>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data: Data; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const CREATE = "mutation Create($input: ClusterCreateInput!) { clusterCreate(input: $input) { cluster { id status } operation { id } userErrors { code message } } }";

export async function benchCreates(quick: boolean): Promise<void> {
  const database = DATABASES.find((candidate) => candidate.label === "PostgreSQL");
  if (!database) {
    record({ scenario: "creates", figure: "skipped", turnkey: "needs PostgreSQL" });
    return;
  }
  const created = await database.create();
  // Fast simulation: the figure is the API's and the reconciler's work, not the simulated clouds' waiting.
  const turnkey = await startProcess(
    "src/main.ts",
    { ...BENCH_SERVER_SETTINGS, DATABASE_URL: created.url, TURNKEY_ADMIN_TOKEN: ADMIN_TOKEN, TURNKEY_SECRET_KEY: SECRET_KEY, TURNKEY_LOG_LEVEL: "warn", TURNKEY_SIM_SPEED: "100000" },
    async (port) => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok,
  );
  const url = `${turnkey.url}/graphql`;
  const sql = postgres(created.url, { max: 1, onnotice: () => undefined });
  try {
    const projectIds: string[] = [];
    for (let index = 0; index < (quick ? 4 : 32); index += 1) {
      const result = await graphql<{ projectCreate: { project: { id: string } } }>(url, "mutation($name: String!) { projectCreate(input: { name: $name }) { project { id } } }", { name: `bench-${index}` });
      projectIds.push(result.projectCreate.project.id);
      for (const resource of ["CLUSTERS", "NODES"]) await graphql(url, `mutation($id: ID!) { quotaSet(input: { projectId: $id, resource: ${resource}, limit: 1000000 }) { userErrors { code } } }`, { id: result.projectCreate.project.id });
    }
    const template = await graphql<{ clusterTemplateCreate: { clusterTemplate: { id: string } } }>(
      url,
      'mutation { clusterTemplateCreate(input: { name: "bench", coe: KUBERNETES, imageId: "fedora-coreos-38", public: true, labels: [{ key: "kube_tag", value: "v1.30.4" }] }) { clusterTemplate { id } } }',
    );
    const templateId = template.clusterTemplateCreate.clusterTemplate.id;
    let sequence = 0;
    const bodyFor = (spread: boolean) => () => {
      sequence += 1;
      const projectId = spread ? projectIds[sequence % projectIds.length] : projectIds[0];
      return JSON.stringify({ query: CREATE, variables: { input: { clusterTemplateId: templateId, projectId, name: `c-${sequence}` } } });
    };
    const seconds = quick ? 2 : 10;
    const failed = (text: string) => !text.includes('"cluster":{"id"');
    const clusterCount = async () => Number((await sql`select count(*)::int as clusters from clusters`)[0]!.clusters);
    // Accepted = clusters committed while the load ran (on a loaded machine a create may outlast a short window, which autocannon would not count).
    const run = (spread: boolean, duration: number) => async () => {
      const before = await clusterCount();
      const result = await load({ url, pid: turnkey.child.pid!, body: bodyFor(spread), headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, connections: 32, seconds: duration, failed });
      return { ...result, accepted: (await clusterCount()) - before };
    };
    if (!quick) await run(true, 2)();
    const rounds = quick ? 1 : 3;
    const results = await alternate(rounds, { one: run(false, seconds), spread: run(true, seconds) });
    // Then: how long until the reconciler has finished every accepted create.
    const drainStarted = Date.now();
    let open = Number.POSITIVE_INFINITY;
    while (Date.now() - drainStarted < (quick ? 10_000 : 300_000)) {
      const [row] = await sql`select count(*)::int as open from operations where status not in ('SUCCEEDED', 'FAILED', 'CANCELLED')`;
      open = Number(row!.open);
      if (open === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const drained = (Date.now() - drainStarted) / 1000;
    const [total] = await sql`select count(*)::int as clusters from clusters`;
    const accepted = (list: (LoadResult & { accepted: number })[]) => median(list.map((entry) => entry.accepted / seconds));
    const setup = `autocannon -c 32, ${seconds} s × ${rounds} alternating rounds, median of accepted (clusters committed during the run); server 1 process, simulation speed 100000; 2 shared cores`;
    for (const [name, list] of [["into one project", results.one], [`over ${projectIds.length} projects`, results.spread]] as const) {
      const rate = accepted(list);
      record({ scenario: "creates", figure: `clusterCreate accepted/s ${name}`, turnkey: format(rate, 0), target: "≥ 200/s", met: rate >= 200, setup: `${setup}; refused or failed ${list.reduce((sum, entry) => sum + entry.non2xx + entry.errors, 0)}; server CPU ${format(median(list.map((entry) => entry.accepted ? (entry.cpuMsPerRequest * entry.requests) / entry.accepted : Number.NaN)), 1)} ms/create; p99 ${format(median(list.map((entry) => entry.latencyP99)), 0)} ms` });
    }
    record({ scenario: "creates", figure: "reconciler: all accepted creates finished after the load", turnkey: open === 0 ? `${format(drained, 1)} s` : `${open} still open after ${format(drained, 0)} s`, setup: `${total!.clusters} clusters created in all` });
  } finally {
    await sql.end();
    await turnkey.stop();
    await created.dispose();
  }
}
