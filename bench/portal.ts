// Benchmark: the portal read (one project's 50 newest clusters with template and node groups, a MEMBER's token) on PostgreSQL
// with 10,000 clusters in 100 projects, Turnkey against a bare node:http + postgres handler, alternating, autocannon -c 32.
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import { toGlobalId } from "../src/graphql/common/global-id.js";
import { ensureBuilt } from "../test/support/build.js";
import { DATABASES } from "../test/support/databases.js";
import { ADMIN_TOKEN, SECRET_KEY } from "../test/support/server.js";
import { alternate, load, residentMegabytes, startProcess, type LoadResult, BENCH_SERVER_SETTINGS } from "./load.js";
import { format, median } from "./stats.js";
import { record } from "./table.js";

export const PORTAL_QUERY = `query Portal($projectId: ID!) {
  clusters(first: 50, filter: { projectId: $projectId }) {
    nodes { id name status nodeCount template { id name coe } nodeGroups { nodes { name role nodeCount } } }
    pageInfo { hasNextPage }
  }
}`;

export interface PortalSeed {
  token: string;
  projectId: string;
}

/** 100 projects × 100 clusters × 2 node groups, a template per project, a MEMBER of 10 projects: written through the schema's own tables. */
export async function seedPortal(url: string, projects = 100, clustersPerProject = 100): Promise<PortalSeed> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const token = `tk_${randomBytes(32).toString("base64url")}`;
    await sql.begin(async (transaction) => {
      await transaction`insert into projects (id, name) select gen_random_uuid(), 'bench-' || n from generate_series(1, ${projects}) n`;
      await transaction`insert into cluster_templates (id, project_id, name, coe, image_id, server_type)
        select gen_random_uuid(), id, 'k8s-' || name, 'KUBERNETES', 'fedora-coreos-38', 'VM' from projects where name like 'bench-%'`;
      await transaction`insert into clusters (id, project_id, template_id, name, status, node_count, master_count, create_timeout, floating_ip_enabled, master_lb_enabled, created_by, created_at, updated_at)
        select gen_random_uuid(), t.project_id, t.id, 'c-' || n, 'CREATE_COMPLETE', 1 + n % 5, 1, 60, true, false, 'bench',
          now() - make_interval(secs => n * 60), now()
        from cluster_templates t cross join generate_series(1, ${clustersPerProject}) n where t.name like 'k8s-bench-%'`;
      await transaction`insert into node_groups (id, project_id, cluster_id, name, role, is_default, node_count, status)
        select gen_random_uuid(), project_id, id, 'default-master', 'master', true, master_count, 'CREATE_COMPLETE' from clusters
        union all
        select gen_random_uuid(), project_id, id, 'default-worker', 'worker', true, node_count, 'CREATE_COMPLETE' from clusters`;
      const [user] = await transaction`insert into users (id, name) values (gen_random_uuid(), 'bench-member') returning id`;
      await transaction`insert into role_bindings (id, user_id, project_id, role)
        select gen_random_uuid(), ${user!.id}, id, 'MEMBER' from projects where name like 'bench-%' order by name limit 10`;
      await transaction`insert into api_tokens (id, user_id, name, token_hash, prefix) values (gen_random_uuid(), ${user!.id}, 'bench', ${createHash("sha256").update(token).digest("hex")}, ${token.slice(0, 10)})`;
      await transaction`analyze`;
    });
    const [project] = await sql`select p.id from projects p join role_bindings r on r.project_id = p.id order by p.name limit 1`;
    return { token, projectId: toGlobalId("Project", project!.id as string) };
  } finally {
    await sql.end();
  }
}

const ready = (path: string) => async (port: number) => (await fetch(`http://127.0.0.1:${port}${path}`)).ok;

export async function benchPortal(quick: boolean): Promise<void> {
  const database = DATABASES.find((candidate) => candidate.label === "PostgreSQL");
  if (!database) {
    record({ scenario: "portal read", figure: "skipped", turnkey: "needs PostgreSQL at TURNKEY_TEST_POSTGRES_URL" });
    return;
  }
  // What production runs: the build (rebuilt first when older than its sources), not the tsx entry.
  await ensureBuilt();
  const created = await database.create();
  const profile = process.env.TURNKEY_BENCH_NODE_OPTIONS?.split(" ").filter(Boolean) ?? [];
  const turnkey = await startProcess("dist/main.js", { ...BENCH_SERVER_SETTINGS, DATABASE_URL: created.url, TURNKEY_ADMIN_TOKEN: ADMIN_TOKEN, TURNKEY_SECRET_KEY: SECRET_KEY, TURNKEY_LOG_LEVEL: "warn" }, ready("/readyz"), profile);
  const bare = await startProcess("bench/portal-baseline.ts", { DATABASE_URL: created.url }, ready("/cpu"));
  // TURNKEY_BENCH_PORTAL_BEFORE: an earlier build's directory (a copy of dist/ inside this repository, so its imports
  // and drizzle/ resolve), measured as a third side in the same run: a lever's before and after under the same load.
  const beforeDirectory = process.env.TURNKEY_BENCH_PORTAL_BEFORE;
  const before = beforeDirectory ? await startProcess(path.join(beforeDirectory, "main.js"), { ...BENCH_SERVER_SETTINGS, DATABASE_URL: created.url, TURNKEY_ADMIN_TOKEN: ADMIN_TOKEN, TURNKEY_SECRET_KEY: SECRET_KEY, TURNKEY_LOG_LEVEL: "warn" }, ready("/readyz")) : null;
  try {
    const seed = quick ? await seedPortal(created.url, 10, 100) : await seedPortal(created.url);
    const body = JSON.stringify({ query: PORTAL_QUERY, variables: { projectId: seed.projectId } });
    const headers = { authorization: `Bearer ${seed.token}` };
    // Same answer from both, or the comparison means nothing.
    const answers = await Promise.all([`${turnkey.url}/graphql`, `${bare.url}/`].map(async (url) => (await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body })).json()));
    const same = JSON.stringify(answers[0]) === JSON.stringify(answers[1]);
    const clusters = (answers[0] as { data?: { clusters?: { nodes: unknown[] } } }).data?.clusters?.nodes.length ?? 0;
    if (!same) console.warn("portal: the two answers differ:\n", JSON.stringify(answers[0]).slice(0, 400), "\n", JSON.stringify(answers[1]).slice(0, 400));
    const seconds = quick ? 4 : 10;
    const connections = 32;
    const failed = (text: string) => text.includes('"errors"');
    const sides = (duration: number): Record<string, () => Promise<LoadResult>> => ({
      turnkey: () => load({ url: `${turnkey.url}/graphql`, pid: turnkey.child.pid!, body, headers, connections, seconds: duration, failed }),
      bare: () => load({ url: `${bare.url}/`, pid: bare.child.pid!, body, headers, connections, seconds: duration, failed }),
      ...(before ? { before: () => load({ url: `${before.url}/graphql`, pid: before.child.pid!, body, headers, connections, seconds: duration, failed }) } : {}),
    });
    // Warm-up: JIT compilation, connection pools and PostgreSQL's caches, for both sides.
    await alternate(1, sides(3));
    const rounds = Number(process.env.TURNKEY_BENCH_PORTAL_ROUNDS ?? (quick ? 1 : 3));
    const results = await alternate(rounds, sides(seconds));
    const summary = (list: LoadResult[]) => ({
      rps: median(list.map((entry) => entry.requestsPerSecond)),
      cpu: median(list.map((entry) => entry.cpuMsPerRequest)),
      p99: median(list.map((entry) => entry.latencyP99)),
      failed: list.reduce((sum, entry) => sum + entry.non2xx + entry.errors, 0),
    });
    const ours = summary(results.turnkey!);
    const theirs = summary(results.bare!);
    const setup = `autocannon -c ${connections}, ${seconds} s × ${rounds} alternating rounds, median; load tool in the bench process, each server 1 process; all share ${(await import("node:os")).cpus().length} cores; ${clusters} clusters per answer, same JSON: ${same ? "yes" : "NO"}; failed responses ${ours.failed}/${theirs.failed}`;
    const ratio = ours.rps / theirs.rps;
    record({ scenario: "portal read", figure: "requests/s", turnkey: format(ours.rps, 0), baseline: format(theirs.rps, 0), ratio: `${format(ratio, 2)}×`, target: "≥ 0.5×", met: ratio >= 0.5, setup });
    record({ scenario: "portal read", figure: "server CPU ms/request", turnkey: format(ours.cpu, 2), baseline: format(theirs.cpu, 2), ratio: `${format(ours.cpu / theirs.cpu, 1)}×` });
    record({ scenario: "portal read", figure: "latency p99 ms", turnkey: format(ours.p99, 0), baseline: format(theirs.p99, 0) });
    if (before) {
      const earlier = summary(results.before!);
      record({ scenario: "portal read", figure: `before (${beforeDirectory}): requests/s`, turnkey: format(earlier.rps, 0), baseline: format(theirs.rps, 0), ratio: `${format(earlier.rps / theirs.rps, 2)}×` });
      record({ scenario: "portal read", figure: "before: server CPU ms/request", turnkey: format(earlier.cpu, 2), baseline: format(theirs.cpu, 2), ratio: `${format(earlier.cpu / theirs.cpu, 1)}×` });
    }
    record({ scenario: "portal read", figure: "server RSS MiB after load", turnkey: format(residentMegabytes(turnkey.child.pid!), 0), baseline: format(residentMegabytes(bare.child.pid!), 0) });
  } finally {
    await turnkey.stop();
    await bare.stop();
    await before?.stop();
    await created.dispose();
  }
}

