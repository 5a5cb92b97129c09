// Backend faults: the simulated driver fails stages, hangs stages, fails calls and answers late, each at a configured rate
// (TURNKEY_SIM_*_RATE); every cluster ends in a truthful status with a reason, and no operation stays in progress: the creates,
// then resizes and deletes of the clusters created (a hung one of those fails on the cluster's createTimeout too).
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
// full one), and the createTimeout of 120 simulated minutes (30 s, 120 s) catches a hung one. The timeout is generous because a
// create's real-time work (three CA keys, slow answers, the queue of the other creates) does not scale with SPEED: at 30 simulated
// minutes (7.5 s) a loaded CI machine timed out 11 of 12 creates, none of them hung. A create that is merely slow may still time
// out: that is a truthful outcome as well (the reason names the stage it was in).
const SPEED = FULL ? 60 : 240;
const CREATE_TIMEOUT_MINUTES = 120;

interface FailureCounts {
  stageFailed: number;
  timedOut: number;
  driverUnavailable: number;
}

/**
 * Counts a FAILED operation by its error code and tells whether the cluster's reason states that cause: a failed stage
 * is recorded FAILED, a timeout names the operation and the cluster's createTimeout, a driver that kept failing says so.
 */
function failedTruthfully(code: string, stages: { status: string }[], reason: string, verb: string, counts: FailureCounts): boolean {
  if (code === "STAGE_FAILED") {
    counts.stageFailed += 1;
    return stages.some((stage) => stage.status === "FAILED");
  }
  if (code === "TIMEOUT") {
    counts.timedOut += 1;
    return reason.startsWith(`${verb} timed out after ${CREATE_TIMEOUT_MINUTES} minutes`);
  }
  if (code === "DRIVER_UNAVAILABLE") {
    counts.driverUnavailable += 1;
    return reason.includes("injected fault");
  }
  return false;
}

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
  // The clusters the first case left CREATE_COMPLETE: the second changes and deletes them under the same faults.
  let completed: string[] = [];
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
        // A hung create's stage was still running when the timeout struck.
        truthful = failedTruthfully(code, stages, cluster.statusReason, "Create", counts) && (code !== "TIMEOUT" || stages.some((stage) => stage.status === "RUNNING"));
      } else truthful = false;
      if (!truthful) {
        counts.untruthful += 1;
        untruthful.push(JSON.stringify(cluster).slice(0, 400));
      }
    }
    completed = outcomes.filter((cluster) => cluster.status === "CREATE_COMPLETE").map((cluster) => cluster.id);
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

  it("resizes and deletes under the same faults each end COMPLETE, gone, or FAILED with the cause; a hung one fails on the cluster's timeout", { timeout: FULL ? 900_000 : 120_000 }, async () => {
    expect(completed.length).toBeGreaterThan(0);
    // Even positions are resized, odd ones deleted: Magnum reports a resize as UPDATE_*, a delete as DELETE_* (or the cluster gone).
    await inWaves(completed.length, 8, async (index) => {
      const id = completed[index]!;
      const answer =
        index % 2 === 0
          ? await gql<{ clusterResize: { userErrors: unknown[] } }>(api.url, "mutation ($input: ClusterResizeInput!) { clusterResize(input: $input) { userErrors { code message } } }", { input: { id, nodeCount: 4 } })
          : await gql<{ clusterDelete: { userErrors: unknown[] } }>(api.url, "mutation ($input: ClusterDeleteInput!) { clusterDelete(input: $input) { userErrors { code message } } }", { input: { id } });
      expect(Object.values(answer)[0]!.userErrors).toEqual([]);
    });
    const read = async () =>
      Promise.all(
        completed.map(
          async (id) =>
            (await gql<{ cluster: Outcome | null }>(api.url, "query ($id: ID!) { cluster(id: $id) { id status statusReason operations(first: 1) { nodes { status error { code message } progress { stages { name status } } } } } }", { id }).catch((error: Error) => {
              // A delete that completed: the cluster is gone.
              if (error.message.includes('"NOT_FOUND"')) return { cluster: null };
              throw error;
            })).cluster,
        ),
      );
    const outcomes = await waitForValue(read, (all) => all.every((cluster) => cluster === null || !cluster.status.endsWith("_IN_PROGRESS")), "every resize and delete to settle", FULL ? 600_000 : 90_000);
    const counts = { resized: 0, deleted: 0, stageFailed: 0, timedOut: 0, driverUnavailable: 0, untruthful: 0 };
    const untruthful: string[] = [];
    outcomes.forEach((cluster, index) => {
      const verb = index % 2 === 0 ? "Resize" : "Delete";
      const prefix = index % 2 === 0 ? "UPDATE" : "DELETE";
      let truthful: boolean;
      if (cluster === null) {
        counts.deleted += 1;
        truthful = verb === "Delete";
      } else {
        const [operation] = cluster.operations.nodes;
        const stages = operation?.progress.stages ?? [];
        if (cluster.status === `${prefix}_COMPLETE`) {
          counts.resized += 1;
          truthful = verb === "Resize" && operation?.status === "SUCCEEDED" && operation.error === null;
        } else if (cluster.status === `${prefix}_FAILED` && operation?.status === "FAILED" && operation.error && cluster.statusReason) {
          truthful = failedTruthfully(operation.error.code, stages, cluster.statusReason, verb, counts);
        } else truthful = false;
      }
      if (!truthful) {
        counts.untruthful += 1;
        untruthful.push(`${verb}: ${JSON.stringify(cluster).slice(0, 400)}`);
      }
    });
    record("faults", "resizes / deletes of the completed clusters", `${Math.ceil(completed.length / 2)} / ${Math.floor(completed.length / 2)}`);
    record("faults", "resized / deleted", `${counts.resized} / ${counts.deleted}`);
    record("faults", "resize or delete FAILED: stage failed / timed out (hung) / driver unavailable", `${counts.stageFailed} / ${counts.timedOut} / ${counts.driverUnavailable}`);
    record("faults", "resize or delete untruthful or stuck in progress", counts.untruthful);
    expect(untruthful).toEqual([]);
    // Which faults strike the few clusters whose create completed is left to the draw (the full run of 17:17 had 13, none hung):
    // a hung resize or delete ending on the timeout is pinned by test/unit/reconcile-decide.test.ts.
  });
});
