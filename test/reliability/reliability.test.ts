// Issue 12's reliability suite: schema-driven fuzz, pathological documents, and a load burst, with a table of figures.
import { loadavg } from "node:os";
import { sql } from "drizzle-orm";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_QUERY_LIMITS, QueryLimits } from "../../src/graphql/limits/index.js";
import { createSchema } from "../../src/graphql/schema.js";
import { toGlobalId } from "../../src/graphql/common/global-id.js";
import { HOME_PROJECT } from "../../src/bootstrap.js";
import { DATABASES } from "../support/databases.js";
import { PATHOLOGICAL } from "../support/pathological.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../support/server.js";
import { startServerProcess, type ServerProcess } from "../support/process.js";
import { fuzzCases } from "./fuzz-inputs.js";
import { FULL, percentile, random, record, round, SIZES, startProbe } from "./reliability-kit.js";

const database = DATABASES[0]!;

interface Answer {
  status: number;
  body: { data?: Record<string, { userErrors?: unknown[] } | null> | null; errors?: { extensions?: { code?: string } }[] };
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}, token = ADMIN_TOKEN): Promise<Answer> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as Answer["body"] };
  } catch {
    return { status: response.status, body: { errors: [{ extensions: { code: `unparsable: ${text.slice(0, 80)}` } }] } };
  }
}

// Tables a request may write; the reconciler's own (events, operations' progress) are left out.
const DIGEST = sql`select (select count(*) from cluster_templates) as templates, (select count(*) from clusters) as clusters, (select count(*) from node_groups) as node_groups,
  (select count(*) from projects) as projects, (select count(*) from users) as users, (select count(*) from role_bindings) as bindings,
  (select count(*) from api_tokens) as tokens, (select count(*) from quotas) as quotas, (select count(*) from certificates) as certificates`;

describe("fuzz: inputs generated from the schema", () => {
  let api: TestServer;
  beforeAll(async () => {
    // Budgets out of the way: this is about answers, not rates.
    api = await startTestServer(database, { TURNKEY_RATE_LIMIT_MUTATIONS: "1000000", TURNKEY_RATE_LIMIT_QUERY_COST: "100000000", TURNKEY_SIM_SPEED: "1000" });
  });
  afterAll(async () => {
    await api?.close();
  });

  it(`answers ${SIZES.fuzzInputs} hostile inputs with no 5xx and no INTERNAL_SERVER_ERROR, and a refused one changes nothing`, { timeout: FULL ? 1_800_000 : 120_000 }, async () => {
    const cases = fuzzCases(await createSchema(), SIZES.fuzzInputs, random());
    const digest = async () => JSON.stringify(await api.server.database.db.execute(DIGEST));
    const crashes: string[] = [];
    let fiveHundreds = 0;
    let internal = 0;
    let refused = 0;
    let changedByRefusal = 0;
    for (const fuzz of cases) {
      const before = await digest();
      const answer = await post(api.url, fuzz.query, fuzz.variables);
      if (answer.status >= 500) fiveHundreds += 1;
      const codes = (answer.body.errors ?? []).map((error) => error.extensions?.code);
      if (codes.includes("INTERNAL_SERVER_ERROR") || codes.some((code) => code?.startsWith("unparsable"))) {
        internal += 1;
        if (crashes.length < 5) crashes.push(`${fuzz.operation} ${JSON.stringify(fuzz.variables).slice(0, 200)} → ${JSON.stringify(answer.body.errors).slice(0, 200)}`);
      }
      const payload = answer.body.data?.[fuzz.operation];
      const wasRefused = (answer.body.errors?.length ?? 0) > 0 || (payload?.userErrors?.length ?? 0) > 0;
      if (wasRefused) {
        refused += 1;
        if ((await digest()) !== before) changedByRefusal += 1;
      }
    }
    record("fuzz", "inputs tried", cases.length);
    record("fuzz", "refused", refused);
    record("fuzz", "5xx", fiveHundreds);
    record("fuzz", "INTERNAL_SERVER_ERROR", internal);
    record("fuzz", "refusals that changed the database", changedByRefusal);
    expect((await fetch(api.url.replace("/graphql", "/healthz"))).status).toBe(200);
    expect(crashes).toEqual([]);
    expect(fiveHundreds).toBe(0);
    expect(changedByRefusal).toBe(0);
  });
});

describe("pathological documents", () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer(database);
  });
  afterAll(async () => {
    await api?.close();
  });

  it("refuses each with its code, in milliseconds of validation", async () => {
    const limits = new QueryLimits(await createSchema(), DEFAULT_QUERY_LIMITS);
    const slowest: number[] = [];
    for (const { name, query, code } of PATHOLOGICAL) {
      // Validation time in process (parse, standard rules, limits): the median of five, so one GC pause or a first,
      // not yet compiled, run on a loaded machine is not the figure; then the same over HTTP.
      const times: number[] = [];
      for (let run = 0; run < 5; run += 1) {
        const started = performance.now();
        const prepared = limits.parseAndValidate(query);
        const refusal = prepared.errors?.[0] ?? limits.check(prepared.document!);
        times.push(performance.now() - started);
        expect(refusal?.extensions.code, name).toBe(code);
      }
      const validationMs = percentile(times, 0.5);
      const answer = await post(api.url, query);
      expect(answer.body.errors?.[0]?.extensions?.code, name).toBe(code);
      record("pathological", `${name}: validation ms, first / median of 5`, `${round(times[0]!)} / ${round(validationMs)}`);
      const over = performance.now();
      await post(api.url, query);
      record("pathological", `${name}: HTTP round trip ms`, round(performance.now() - over));
      slowest.push(validationMs);
    }
    // Measured, not assumed: the full run holds every refusal to the 50 ms; the bounded run reports.
    if (FULL) expect(Math.max(...slowest)).toBeLessThan(50);
    expect(parse(PATHOLOGICAL[0]!.query).definitions.length).toBe(32);
  });
});

describe("load: a burst from one tenant", () => {
  // A server process of its own, and the probes in processes of their own (test/reliability/probe.mjs): the figures
  // are the server's, not this test process's event loop, which runs the burst's clients and parses their answers.
  let server: ServerProcess;
  let burstToken: string;
  let politeToken: string;
  // One scrape read for several figures: prom-client restarts its event-loop histogram at each scrape.
  const metrics = async () => {
    const text = await (await fetch(server.url.replace("/graphql", "/metrics"))).text();
    return (name: string) => Number(new RegExp(`^${name} ([\\d.e+-]+)`, "m").exec(text)?.[1] ?? 0);
  };
  const rss = async () => Number(/^process_resident_memory_bytes (\d+)/m.exec(await (await fetch(server.url.replace("/graphql", "/metrics"))).text())?.[1] ?? 0);
  const tokenFor = async (name: string, projectId: string) => {
    const user = await post(server.url, `mutation { userCreate(input: { name: "${name}" }) { user { id } } }`);
    const userId = (user.body.data?.userCreate as unknown as { user: { id: string } }).user.id;
    await post(server.url, `mutation { roleBindingCreate(input: { userId: "${userId}", projectId: "${projectId}", role: READER }) { userErrors { code } } }`);
    const token = await post(server.url, `mutation { apiTokenCreate(input: { userId: "${userId}", name: "load" }) { token } }`);
    return (token.body.data?.apiTokenCreate as unknown as { token: string }).token;
  };
  // The well-behaved tenant: another project, its own user and token, reading its own clusters.
  const POLITE_QUERY = "{ clusters(first: 20) { totalCount edges { node { id name } } } }";
  const politeProbe = (extra: { count?: number }) =>
    startProbe({ url: server.url, method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${politeToken}` }, body: JSON.stringify({ query: POLITE_QUERY }), intervalMs: 20, ...extra });
  beforeAll(async () => {
    server = await startServerProcess({ DATABASE_URL: "memory://", TURNKEY_RATE_LIMIT_QUERY_COST: "50000" });
    burstToken = await tokenFor("burst", toGlobalId("Project", HOME_PROJECT.id));
    const project = await post(server.url, `mutation { projectCreate(input: { name: "polite" }) { project { id } } }`);
    politeToken = await tokenFor("polite", (project.body.data?.projectCreate as unknown as { project: { id: string } }).project.id);
  }, 120_000);
  afterAll(async () => {
    await server?.kill("SIGTERM");
  });

  it("answers or refuses every request, keeps /healthz and the other tenant responsive, and bounds memory", { timeout: FULL ? 600_000 : 120_000 }, async () => {
    // The other tenant unloaded first: its p99 is the yardstick of its p99 under the burst.
    const unloaded = await (await politeProbe({ count: SIZES.wellBehavedRequests })).done;
    expect(unloaded.statuses).toEqual({ 200: SIZES.wellBehavedRequests });
    const rssBefore = await rss();
    const healthzProbe = await startProbe({ url: server.url.replace("/graphql", "/healthz"), intervalMs: 10 });
    const polite = await politeProbe({});
    // prom-client's event-loop figures come from perf_hooks.monitorEventLoopDelay and restart at each scrape: this one starts the burst's.
    await metrics();
    const inProcessHealthz: number[] = [];
    const statuses = new Map<number, number>();
    let bursting = true;
    const burst = (async () => {
      let sent = 0;
      await Promise.all(
        Array.from({ length: SIZES.burstConnections }, async () => {
          while (sent < SIZES.burstRequests) {
            sent += 1;
            const answer = await post(server.url, "{ clusters(first: 100) { totalCount edges { node { id name nodeGroups { nodes { id } } } } } }", {}, burstToken);
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          }
        }),
      );
      bursting = false;
    })();
    // The same probe from this process, beside the burst's clients: the difference is the client's own delay.
    const probeHere = (async () => {
      while (bursting) {
        const started = performance.now();
        await fetch(server.url.replace("/graphql", "/healthz"));
        inProcessHealthz.push(performance.now() - started);
      }
    })();
    await Promise.all([burst, probeHere]);
    const lag = await metrics();
    const [healthz, loaded] = await Promise.all([healthzProbe.stop(), polite.stop()]);
    const answered = [...statuses.values()].reduce((sum, count) => sum + count, 0);
    const unloadedP99 = percentile(unloaded.samples, 0.99);
    const loadedP99 = percentile(loaded.samples, 0.99);
    record("load", "burst requests", answered);
    record("load", "answered 200 / refused 429", `${statuses.get(200) ?? 0} / ${statuses.get(429) ?? 0}`);
    record("load", "5xx", [...statuses.entries()].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0));
    record("load", "/healthz p50 / p99 / max ms (probe process)", `${round(percentile(healthz.samples, 0.5))} / ${round(percentile(healthz.samples, 0.99))} / ${round(Math.max(...healthz.samples))} (${healthz.samples.length} probes)`);
    record("load", "/healthz p50 / p99 ms (from the burst's own process)", `${round(percentile(inProcessHealthz, 0.5))} / ${round(percentile(inProcessHealthz, 0.99))}`);
    record("load", "other tenant unloaded p50 / p99 ms", `${round(percentile(unloaded.samples, 0.5))} / ${round(unloadedP99)}`);
    record("load", "other tenant under the burst p50 / p99 ms", `${round(percentile(loaded.samples, 0.5))} / ${round(loadedP99)} (${loaded.samples.length} requests)`);
    record("load", "other tenant p99 under the burst / unloaded", `${round(loadedP99 / unloadedP99)}×`);
    record("load", "server event-loop delay p99 / max ms (monitorEventLoopDelay)", `${round(lag("nodejs_eventloop_lag_p99_seconds") * 1000)} / ${round(lag("nodejs_eventloop_lag_max_seconds") * 1000)}`);
    record("load", "machine load average (1 min) at the end", round(loadavg()[0]!));
    record("load", "server RSS before / after MB", `${round(rssBefore / 1_048_576)} / ${round((await rss()) / 1_048_576)}`);
    expect(answered).toBe(SIZES.burstRequests);
    expect([...statuses.keys()].every((status) => status === 200 || status === 429)).toBe(true);
    expect(statuses.get(429) ?? 0).toBeGreaterThan(0);
    // The other tenant is never refused for the burst's spending, and every probe is answered.
    expect(Object.keys(loaded.statuses)).toEqual(["200"]);
    expect(healthz.failures + loaded.failures).toBe(0);
    if (FULL) expect(percentile(healthz.samples, 0.99)).toBeLessThan(100);
    // The stated fairness bound (README, "npm run test:reliability"): under the burst the other tenant's p99 stays within
    // 5x its own unloaded p99, or 250 ms when the unloaded p99 is tiny. Asserted at full size, where
    // the burst is large enough to matter; the bounded run only records it.
    if (FULL) expect(loadedP99).toBeLessThan(Math.max(5 * unloadedP99, 250));
  });
});
