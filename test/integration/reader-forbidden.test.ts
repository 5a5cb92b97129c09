// A READER gets FORBIDDEN on every mutation of an object it can see, whatever the (well-typed) input: authorization before validation.
// Not here: its own API tokens (a reader may mint and revoke them), and other users' tokens and role bindings, which a reader
// cannot see (NOT_FOUND, covered by the escalation matrix).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES } from "../support/databases.js";
import { templateInput } from "../support/fixtures.js";
import { startFastServer } from "../support/lifecycle.js";
import { ADMIN_TOKEN, type TestServer } from "../support/server.js";
import { createTenant, type Tenant } from "../support/tenants.js";

interface Answer {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const GARBAGE_ID = "bm90LWFuLWlk";
const HUGE = 2_147_483_647;

describe.each(DATABASES)("a reader's mutations on $label", (database) => {
  let api: TestServer;
  let tenant: Tenant;
  let clusterId: string;
  let templateId: string;
  let workerId: string;
  let masterId: string;

  const call = async (query: string, variables: Record<string, unknown>, token: string): Promise<Answer> => {
    const response = await fetch(api.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as Answer;
  };
  const mutation = (name: string, selection = "__typename") =>
    `mutation($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${selection} userErrors { code field message } } }`;

  beforeAll(async () => {
    api = await startFastServer(database);
    tenant = await createTenant(api, "readers");
    const template = await call(mutation("clusterTemplateCreate", "clusterTemplate { id }"), { input: templateInput({ projectId: tenant.projectId }) }, ADMIN_TOKEN);
    templateId = template.data!.clusterTemplateCreate.clusterTemplate.id;
    const created = await call(mutation("clusterCreate", "cluster { id nodeGroups(first: 10) { nodes { id name } } }"), { input: { clusterTemplateId: templateId, projectId: tenant.projectId, nodeCount: 1 } }, ADMIN_TOKEN);
    clusterId = created.data!.clusterCreate.cluster.id;
    const groups = created.data!.clusterCreate.cluster.nodeGroups.nodes as { id: string; name: string }[];
    workerId = groups.find((group) => group.name === "default-worker")!.id;
    masterId = groups.find((group) => group.name === "default-master")!.id;
  });
  afterAll(async () => {
    await api?.close();
  });

  it("is FORBIDDEN, never a validation error or a rule, for every input", { timeout: 120_000 }, async () => {
    const cases: [string, Record<string, unknown>][] = [
      ...[3, 0, -1, HUGE].map((nodeCount): [string, Record<string, unknown>] => ["clusterUpdate", { id: clusterId, nodeCount }]),
      ...[{ nodeCount: -1 }, { nodeCount: 2, nodeGroupId: GARBAGE_ID }, { nodeCount: 0, nodesToRemove: ["", "x".repeat(300)] }, { nodeCount: 1, nodeGroupId: masterId }, { nodeCount: 5, expectedVersion: -7 }].map(
        (input): [string, Record<string, unknown>] => ["clusterResize", { id: clusterId, ...input }],
      ),
      ["clusterUpgrade", { id: clusterId, clusterTemplateId: GARBAGE_ID }],
      ["clusterUpgrade", { id: clusterId, clusterTemplateId: templateId, maxBatchSize: 0 }],
      ["clusterUpgrade", { id: clusterId, clusterTemplateId: templateId, nodeGroupId: GARBAGE_ID, maxBatchSize: HUGE }],
      ["clusterRollback", { id: clusterId }],
      ["clusterRollback", { id: clusterId, expectedVersion: -1 }],
      ["clusterCaRotate", { id: clusterId, phase: "RETIRE_PREVIOUS" }],
      ["clusterCaRotate", { id: clusterId }],
      ["clusterDelete", { id: clusterId }],
      ["clusterDelete", { id: clusterId, expectedVersion: 999 }],
      ...[{ name: "" }, { name: "ok-group" }, { name: "masters", role: "master" }, { name: "x".repeat(500), nodeCount: -1, minNodeCount: 5, maxNodeCount: 1 }].map(
        (input): [string, Record<string, unknown>] => ["nodeGroupCreate", { clusterId, ...input }],
      ),
      ["nodeGroupUpdate", { id: workerId, minNodeCount: -1 }],
      ["nodeGroupUpdate", { id: workerId, minNodeCount: 9, maxNodeCount: 1 }],
      ["nodeGroupUpdate", { id: masterId, maxNodeCount: 5 }],
      ["nodeGroupUpdate", { id: workerId }],
      ["nodeGroupDelete", { id: workerId }],
      ["nodeGroupDelete", { id: masterId }],
      ["clusterTemplateUpdate", { id: templateId, name: "" }],
      ["clusterTemplateUpdate", { id: templateId, networkDriver: "not-a-driver", expectedVersion: 12 }],
      ["clusterTemplateUpdate", { id: templateId, public: true }],
      ["clusterTemplateDelete", { id: templateId }],
      ["clusterTemplateCreate", templateInput({ projectId: tenant.projectId })],
      ["clusterTemplateCreate", { ...templateInput({ projectId: tenant.projectId }), name: "", dockerVolumeSize: -5, networkDriver: "nope", public: true }],
      ["clusterCreate", { clusterTemplateId: templateId, projectId: tenant.projectId }],
      ["clusterCreate", { clusterTemplateId: GARBAGE_ID, projectId: tenant.projectId, nodeCount: -1, name: "" }],
      ["clusterCreate", { clusterTemplateId: templateId }],
      ["clusterCredentialsCreate", { clusterId, role: "ADMIN" }],
      ["clusterCredentialsCreate", { clusterId, role: "ADMIN", ttlSeconds: 1, csr: "not a csr" }],
      ["roleBindingCreate", { userId: tenant.reader.userId, projectId: tenant.projectId, role: "ADMIN" }],
      ["roleBindingCreate", { userId: GARBAGE_ID, projectId: tenant.projectId, role: "READER" }],
      ["quotaSet", { projectId: tenant.projectId, resource: "CLUSTERS", limit: -1 }],
      ["quotaSet", { projectId: tenant.projectId, resource: "NODES", limit: 1_000 }],
      ["userCreate", { name: "" }],
      ["projectCreate", { name: "valid-name" }],
    ];
    const wrong: string[] = [];
    for (const [name, input] of cases) {
      const answer = await call(mutation(name), { input }, tenant.reader.token);
      const code = answer.errors?.[0]?.extensions?.code ?? answer.data?.[name]?.userErrors?.[0]?.code;
      if (code !== "FORBIDDEN") wrong.push(`${name}(${JSON.stringify(input).slice(0, 120)}): ${JSON.stringify(answer).slice(0, 300)}`);
    }
    console.log(`reader mutations on ${database.label}: ${cases.length} tried, ${cases.length - wrong.length} FORBIDDEN${wrong.length ? `\n  ${wrong.join("\n  ")}` : ""}`);
    expect(wrong).toEqual([]);
    // Nothing changed meanwhile.
    const state = await call("query($id: ID!) { cluster(id: $id) { status nodeCount resourceVersion } }", { id: clusterId }, tenant.reader.token);
    expect(state.data?.cluster.nodeCount).toBe(1);
  });
});
