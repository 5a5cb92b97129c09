// Backend faults: the simulated driver fails stages, hangs stages, fails calls and answers late, each at a configured rate
// (TURNKEY_SIM_*_RATE); every cluster ends in a truthful status with a reason, and no operation stays in progress.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES } from "../support/databases.js";
import { templateInput } from "../support/fixtures.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../support/server.js";
import { waitForValue } from "../support/wait.js";
import { inWaves, liftHomeQuotas } from "./quotas.js";
import { FULL, record } from "./reliability-kit.js";

const CLUSTERS = FULL ? 200 : 12;
const RATES = { failure: 0.2, hang: 0.15, callFailure: 0.1, slow: 0.2, slowMs: 150 };
// A simulated minute lasts 60 / SPEED real seconds: a create of about 7 simulated minutes takes 1.75 s in the bounded run (7 s in the
// full one), and the createTimeout of 30 simulated minutes (7.5 s, 30 s) catches a hung one. A create that is merely slow on a loaded
// machine may time out too: that is a truthful outcome as well (the reason names the stage it was in).
const SPEED = FULL ? 60 : 240;
const CREATE_TIMEOUT_MINUTES = 30;

async function gql<Data>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

interface Outcome {
  id: string;
  status: string;
  statusReason: string | null;
  operations: { nodes: { status: string; error: { code: string; message: string } | null; progress: { stages: { name: string; status: string }[] } }[] };
}

describe("backend faults: the simulated driver fails, hangs and answers slowly", () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer(DATABASES.at(-1)!, {
      TURNKEY_SIM_SPEED: String(SPEED),
      TURNKEY_SIM_FAILURE_RATE: String(RATES.failure),
      TURNKEY_SIM_HANG_RATE: String(RATES.hang),
      TURNKEY_SIM_CALL_FAILURE_RATE: String(RATES.callFailure),
      TURNKEY_SIM_SLOW_RATE: String(RATES.slow),
      TURNKEY_SIM_SLOW_MS: String(RATES.slowMs),
      TURNKEY_RATE_LIMIT_MUTATIONS: "1000000",
      TURNKEY_RATE_LIMIT_QUERY_COST: "100000000",
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  it(`${CLUSTERS} creates under injected faults each end COMPLETE or FAILED with the cause as reason; none left in progress`, { timeout: FULL ? 900_000 : 120_000 }, async () => {
    await liftHomeQuotas(api.url);
    const template = await gql<{ clusterTemplateCreate: { clusterTemplate: { id: string } } }>(
      api.url,
      "mutation ($input: ClusterTemplateCreateInput!) { clusterTemplateCreate(input: $input) { clusterTemplate { id } } }",
      { input: templateInput() },
    );
    const templateId = template.clusterTemplateCreate.clusterTemplate.id;
    const ids = await inWaves(CLUSTERS, 8, async (index) =>
        (
          await gql<{ clusterCreate: { cluster: { id: string } } }>(api.url, "mutation ($input: ClusterCreateInput!) { clusterCreate(input: $input) { cluster { id } } }", {
            input: { clusterTemplateId: templateId, name: `fault-${index}`, nodeCount: 1 + (index % 3), createTimeout: CREATE_TIMEOUT_MINUTES },
          })
        ).clusterCreate.cluster.id,
    );
    const read = async () => {
      const all: Outcome[] = [];
      for (let start = 0; start < ids.length; start += 25) all.push(...(await readSome(ids.slice(start, start + 25))));
      return all;
    };
    const readSome = async (some: string[]) =>
      Promise.all(
        some.map(
          async (id) =>
            (
              await gql<{ cluster: Outcome }>(api.url, "query ($id: ID!) { cluster(id: $id) { id status statusReason operations { nodes { status error { code message } progress { stages { name status } } } } } }", { id })
            ).cluster,
        ),
      );
    // The deadline is a fact's, not a measure: the slowest is a hung create failing on its timeout, plus retries' backoff.
    const outcomes = await waitForValue(read, (all) => all.every((cluster) => !cluster.status.endsWith("_IN_PROGRESS")), "every cluster to leave CREATE_IN_PROGRESS", FULL ? 600_000 : 90_000);

    const counts = { complete: 0, stageFailed: 0, timedOut: 0, driverUnavailable: 0, untruthful: 0 };
    const untruthful: string[] = [];
    for (const cluster of outcomes) {
      const [operation] = cluster.operations.nodes;
      const stages = operation?.progress.stages ?? [];
      let truthful: boolean;
      if (cluster.status === "CREATE_COMPLETE") {
        counts.complete += 1;
        truthful = operation?.status === "SUCCEEDED" && operation.error === null && stages.every((stage) => stage.status === "DONE");
      } else if (cluster.status === "CREATE_FAILED" && operation?.status === "FAILED" && operation.error && cluster.statusReason) {
        const { code } = operation.error;
        if (code === "STAGE_FAILED") {
          counts.stageFailed += 1;
          // The reason is the failed stage's own: a stage is recorded FAILED.
          truthful = stages.some((stage) => stage.status === "FAILED");
        } else if (code === "TIMEOUT") {
          counts.timedOut += 1;
          // A hung stage: still running when the timeout struck, named in the reason.
          const running = stages.find((stage) => stage.status === "RUNNING");
          truthful = running !== undefined && cluster.statusReason.includes(`Create timed out after ${CREATE_TIMEOUT_MINUTES} minutes`);
        } else if (code === "DRIVER_UNAVAILABLE") {
          counts.driverUnavailable += 1;
          truthful = cluster.statusReason.includes("injected fault");
        } else truthful = false;
      } else truthful = false;
      if (!truthful) {
        counts.untruthful += 1;
        untruthful.push(JSON.stringify(cluster).slice(0, 400));
      }
    }
    record("faults", "injected rates (stage failure / hang / call failure / slow answer)", `${RATES.failure} / ${RATES.hang} / ${RATES.callFailure} / ${RATES.slow} (${RATES.slowMs} ms)`);
    record("faults", "clusters", CLUSTERS);
    record("faults", "CREATE_COMPLETE", counts.complete);
    record("faults", "CREATE_FAILED: stage failed / timed out (hung) / driver unavailable", `${counts.stageFailed} / ${counts.timedOut} / ${counts.driverUnavailable}`);
    record("faults", "untruthful or stuck in progress", counts.untruthful);
    expect(untruthful).toEqual([]);
    // The faults took effect (not a quiet run): some creates failed, and some succeeded despite slow and failed calls.
    expect(counts.stageFailed + counts.timedOut).toBeGreaterThan(0);
    expect(counts.complete).toBeGreaterThan(0);
    if (FULL) expect(Math.min(counts.stageFailed, counts.timedOut)).toBeGreaterThan(0);
  });
});
