// Operations as first-class objects over the real server: listed across what the caller may see, and cancelled mid-create.
import { waitUntil } from "../support/wait.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES } from "../support/databases.js";
import { createCluster, createTemplate, startFastServer, waitForStatus } from "../support/lifecycle.js";
import type { TestServer } from "../support/server.js";
import { collect, wsClient } from "../support/subscriptions.js";
import { createTenant, type Tenant } from "../support/tenants.js";
import { data, document, unknownId } from "../support/untyped.js";

const OPERATIONS = `query($first: Int, $after: String, $filter: OperationFilter) { operations(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } nodes { id type status cancelledBy cluster { id } } } }`;
const CANCEL = `mutation($input: OperationCancelInput!) { operationCancel(input: $input) { operation { id status cancelledBy error { code message } } cluster { id status statusReason } userErrors { code field message } } }`;
const EVENTS = document(`subscription($clusterId: ID) { clusterEvents(clusterId: $clusterId) { cursor type status stage statusReason details } }`);

describe.each(DATABASES)("operations on $label", (database) => {
  let api: TestServer;
  let templateId: string;
  let other: Tenant;
  let otherCluster: { id: string; operationId: string };

  beforeAll(async () => {
    api = await startFastServer(database);
    templateId = await createTemplate(api);
    other = await createTenant(api, "ops");
    const otherTemplate = await createTemplate(api, { projectId: other.projectId });
    otherCluster = await createCluster(api, otherTemplate, { projectId: other.projectId });
  });
  afterAll(async () => {
    await api?.close();
  });

  it("lists operations across the projects the caller may see, filtered and paged", async () => {
    const mine = await createCluster(api, templateId);
    await waitForStatus(api, mine.id, ["CREATE_COMPLETE"]);
    await waitForStatus(api, otherCluster.id, ["CREATE_COMPLETE"]);

    const all = await data(api, OPERATIONS, { first: 100 });
    const ids = all.operations.nodes.map((operation: { id: string }) => operation.id);
    expect(ids).toEqual(expect.arrayContaining([mine.operationId, otherCluster.operationId]));
    const byCluster = await data(api, OPERATIONS, { filter: { clusterId: mine.id } });
    expect(byCluster.operations).toMatchObject({ totalCount: 1, nodes: [{ id: mine.operationId, type: "CLUSTER_CREATE", status: "SUCCEEDED", cancelledBy: null, cluster: { id: mine.id } }] });
    const filtered = await data(api, OPERATIONS, { filter: { projectId: other.projectId, type: ["CLUSTER_CREATE"], status: ["SUCCEEDED"] } });
    expect(filtered.operations.nodes.map((operation: { id: string }) => operation.id)).toEqual([otherCluster.operationId]);
    const none = await data(api, OPERATIONS, { filter: { projectId: other.projectId, status: ["FAILED"] } });
    expect(none.operations).toMatchObject({ totalCount: 0, nodes: [] });

    // Pages newest first, one at a time, to the end.
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { operations: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await data(api, OPERATIONS, { first: 1, after });
      seen.push(...page.operations.nodes.map((operation) => operation.id));
      if (!page.operations.pageInfo.hasNextPage) break;
      after = page.operations.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids);

    // Another project's member sees only its own project's operations.
    const theirs = await data(api, OPERATIONS, { first: 100 }, other.member.token);
    expect(theirs.operations.nodes.map((operation: { id: string }) => operation.id)).toEqual([otherCluster.operationId]);
  });

  it("applies the policy to operationCancel: NOT_FOUND for an invisible operation, FORBIDDEN for a reader, both before any check of the operation", async () => {
    const mine = await createCluster(api, templateId);
    const invisible = await data(api, CANCEL, { input: { id: mine.operationId } }, other.member.token);
    expect(invisible.operationCancel.userErrors).toEqual([{ code: "NOT_FOUND", field: ["id"], message: "no such operation" }]);
    const unknown = await data(api, CANCEL, { input: { id: unknownId("Operation") } });
    expect(unknown.operationCancel.userErrors).toEqual([{ code: "NOT_FOUND", field: ["id"], message: "no such operation" }]);
    const malformed = await data(api, CANCEL, { input: { id: mine.id } });
    expect(malformed.operationCancel.userErrors).toEqual([expect.objectContaining({ code: "BAD_USER_INPUT", field: ["id"] })]);
    // The other project's create has finished: a reader is still FORBIDDEN, not told it is too late.
    const reader = await data(api, CANCEL, { input: { id: otherCluster.operationId } }, other.reader.token);
    expect(reader.operationCancel.userErrors).toEqual([expect.objectContaining({ code: "FORBIDDEN", field: ["id"] })]);
    const finished = await data(api, CANCEL, { input: { id: otherCluster.operationId } }, other.member.token);
    expect(finished.operationCancel.userErrors).toEqual([expect.objectContaining({ code: "INVALID_STATE", message: expect.stringContaining("SUCCEEDED") })]);
    await waitForStatus(api, mine.id, ["CREATE_COMPLETE"]);
  });

  it("cancels a create mid-way: the stream shows CREATE_FAILED 'cancelled by', the operation is CANCELLED, and delete recovers", async () => {
    // The create hangs in its masters stage, so the cancel lands mid-create every time.
    const cluster = await createCluster(api, templateId, { labels: [{ key: "turnkey.sim/hang-stage", value: "masters" }] });
    const client = wsClient(api.url);
    try {
      const stream = collect(client, EVENTS, { clusterId: cluster.id }, (item) => item.clusterEvents.type === "STATUS_CHANGED" && item.clusterEvents.status === "CREATE_FAILED", 20_000);
      await waitUntil(() => stream.items.some((item) => item.clusterEvents.stage === "masters" && item.clusterEvents.details.stageStatus === "RUNNING"), "the masters stage running");
      const cancelled = await data(api, CANCEL, { input: { id: cluster.operationId } });
      expect(cancelled.operationCancel).toMatchObject({
        userErrors: [],
        operation: { id: cluster.operationId, status: "CANCELLED", cancelledBy: "admin", error: { code: "CANCELLED", message: "Create cancelled by admin during stage masters" } },
        cluster: { id: cluster.id, status: "CREATE_FAILED", statusReason: "Create cancelled by admin during stage masters" },
      });
      const events = (await stream.done).map((item) => item.clusterEvents);
      expect(events.at(-1)).toMatchObject({ type: "STATUS_CHANGED", status: "CREATE_FAILED", statusReason: "Create cancelled by admin during stage masters" });
    } finally {
      await client.dispose();
    }
    const again = await data(api, CANCEL, { input: { id: cluster.operationId } });
    expect(again.operationCancel.userErrors).toEqual([expect.objectContaining({ code: "INVALID_STATE", field: ["id"] })]);
    const listed = await data(api, OPERATIONS, { filter: { clusterId: cluster.id, status: ["CANCELLED"] } });
    expect(listed.operations.nodes).toEqual([expect.objectContaining({ id: cluster.operationId, cancelledBy: "admin" })]);
    // Nothing of the cancelled create writes later: the cluster stays CREATE_FAILED until it is deleted.
    const state = await data(api, `query($id: ID!) { cluster(id: $id) { status nodeGroups { nodes { status } } } }`, { id: cluster.id });
    expect(state.cluster.status).toBe("CREATE_FAILED");
    expect(state.cluster.nodeGroups.nodes.every((group: { status: string }) => group.status === "CREATE_FAILED")).toBe(true);
    await data(api, `mutation($input: ClusterDeleteInput!) { clusterDelete(input: $input) { userErrors { code } } }`, { input: { id: cluster.id } });
    await waitForStatus(api, cluster.id, ["GONE"]);
  });
});

