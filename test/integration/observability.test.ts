// /metrics after a create that succeeds and one that fails: operations by type and outcome, clusters by status
// and health, requests by operation name, events delivered, reconciler queue depth.
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterCreateDocument, ClusterTemplateCreateDocument, TurnkeyClient } from "../../src/client/index.js";
import { DATABASES } from "../support/databases.js";
import { FAST } from "../support/lifecycle.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../support/server.js";

describe("metrics", () => {
  let api: TestServer;
  let client: TurnkeyClient;
  beforeAll(async () => {
    api = await startTestServer(DATABASES[0]!, FAST);
    client = new TurnkeyClient({ url: api.url, token: ADMIN_TOKEN, webSocketImpl: WebSocket });
  });
  afterAll(async () => {
    await client?.close();
    await api?.close();
  });

  it("count operations, clusters, requests and deliveries", async () => {
    const template = (await client.request(ClusterTemplateCreateDocument, { input: { name: "k8s", coe: "KUBERNETES", imageId: "fedora-coreos-38" } })).clusterTemplateCreate.clusterTemplate!.id;
    const create = async (name: string, labels: { key: string; value: string }[] = []) =>
      (await client.request(ClusterCreateDocument, { input: { name, clusterTemplateId: template, labels, mergeLabels: true } })).clusterCreate.operation!.id;
    const outcomes = await Promise.all([client.waitForOperation(await create("good")), client.waitForOperation(await create("bad", [{ key: "turnkey.sim/fail-stage", value: "masters" }]))]);
    expect(outcomes.map((operation) => operation.status)).toEqual(["SUCCEEDED", "FAILED"]);

    // The operation counters follow the finishing events: read until they show (the fact), not after a delay.
    let text = "";
    await expect
      .poll(
        async () => {
          text = await (await fetch(new URL("/metrics", api.url))).text();
          return text.includes('turnkey_operations_finished_total{type="CLUSTER_CREATE",outcome="failed"} 1') && text.includes('turnkey_operations_finished_total{type="CLUSTER_CREATE",outcome="succeeded"} 1');
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    expect(text).toMatch(/turnkey_operation_duration_seconds_count\{type="CLUSTER_CREATE",outcome="succeeded"\} 1/);
    expect(text).toMatch(/turnkey_clusters\{status="CREATE_COMPLETE",health="[A-Z]+"\} 1/);
    expect(text).toMatch(/turnkey_clusters\{status="CREATE_FAILED",health="[A-Z]+"\} 1/);
    expect(text).toMatch(/turnkey_graphql_request_duration_seconds_count\{operation="ClusterCreate",outcome="ok"\} 2/);
    expect(text).toMatch(/turnkey_reconciler_queue_depth\{status="PENDING"\} 0/);
    expect(text).toMatch(/turnkey_reconciler_lag_seconds \d/);
    expect(Number(/turnkey_subscription_results_total (\d+)/.exec(text)?.[1])).toBeGreaterThan(2);
  });
});
