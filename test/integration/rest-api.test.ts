// Magnum's REST face over real HTTP on both databases: versions and microversion headers, errors, paging, JSON patch, and tenancy.
import { waitUntil } from "../support/wait.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterDocument, ClusterEventsDocument } from "../../src/client/generated/graphql.js";
import { toGlobalId, uuidOf } from "../../src/graphql/common/global-id.js";
import { DATABASES } from "../support/databases.js";
import { uniqueName } from "../support/fixtures.js";
import { startFastServer } from "../support/lifecycle.js";
import { ADMIN_TOKEN, type TestServer } from "../support/server.js";
import { collect, wsClient } from "../support/subscriptions.js";
import { createTenant, type Tenant } from "../support/tenants.js";

interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

describe.each(DATABASES)("Magnum REST API on $label", (database) => {
  let api: TestServer;
  let base: string;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    api = await startFastServer(database);
    base = api.url.replace(/\/graphql$/, "");
    [a, b] = [await createTenant(api, "rest-a"), await createTenant(api, "rest-b")];
  });
  afterAll(async () => {
    await api?.close();
  });

  async function call(method: string, path: string, options: { token?: string | null; body?: unknown; raw?: string; version?: string | null } = {}): Promise<Answer> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    const token = options.token === undefined ? ADMIN_TOKEN : options.token;
    if (token !== null) headers["x-auth-token"] = token;
    const version = options.version === undefined ? "container-infra latest" : options.version;
    if (version !== null) headers["openstack-api-version"] = version;
    const response = await fetch(`${base}${path}`, { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  }

  const template = (name: string, extra: Record<string, unknown> = {}) => ({ name, coe: "kubernetes", image_id: "fedora-coreos-38", flavor_id: "m1.medium", labels: { kube_tag: "v1.30.4" }, ...extra });

  function expectMagnumError(answer: Answer, status: number, detail?: RegExp) {
    expect(answer.status).toBe(status);
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors[0]).toMatchObject({ status, code: expect.any(String), title: expect.any(String), detail: expect.any(String), links: expect.any(Array), request_id: expect.any(String) });
    if (detail) expect(answer.body.errors[0].detail).toMatch(detail);
  }

  it("serves the version documents and Magnum's microversion headers", async () => {
    const root = await call("GET", "/", { token: null, version: null });
    expect(root.status).toBe(200);
    expect(root.body.versions).toEqual([{ id: "v1", links: [{ href: `${base}/v1/`, rel: "self" }], status: "CURRENT", max_version: "1.10", min_version: "1.1" }]);
    const v1 = await call("GET", "/v1", { token: null, version: null });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ id: "v1", media_types: [{ base: "application/json", type: "application/vnd.openstack.magnum.v1+json" }] });
    expect(v1.headers.get("openstack-api-version")).toBe("container-infra 1.1");
    const latest = await call("GET", "/v1/clusters");
    expect(latest.status).toBe(200);
    expect(latest.headers.get("openstack-api-minimum-version")).toBe("container-infra 1.1");
    expect(latest.headers.get("openstack-api-maximum-version")).toBe("container-infra 1.10");
    expect(latest.headers.get("openstack-api-version")).toBe("container-infra 1.10");
    expect(latest.headers.get("vary")).toContain("OpenStack-API-Version");
    expect((await call("GET", "/v1/clusters", { version: "container-infra 1.4" })).headers.get("openstack-api-version")).toBe("container-infra 1.4");

    const unsupported = await call("GET", "/v1/clusters", { version: "container-infra 1.11" });
    expectMagnumError(unsupported, 406, /1\.11/);
    expect(unsupported.body.errors[0]).toMatchObject({ code: "magnum.microversion-unsupported", max_version: "1.10", min_version: "1.1" });
    expect(unsupported.headers.get("openstack-api-version")).toBe("container-infra 1.11");
    expectMagnumError(await call("GET", "/v1/clusters", { version: "container-infra 2.0" }), 406, /Mutually exclusive/);
    expectMagnumError(await call("GET", "/v1/clusters", { version: "compute 1.2" }), 406, /Invalid service type/);
    expectMagnumError(await call("GET", "/v1/clusters", { version: "container-infra one" }), 406, /Invalid value/);
    // An API younger than the requested version is 406 too (nodegroups are 1.9+).
    expectMagnumError(await call("GET", "/v1/clusters/anything/nodegroups", { version: "container-infra 1.8" }), 406, /not supported for this version/);
  });

  it("answers Keystone's 401 without a valid token, and Magnum's error body otherwise", async () => {
    for (const token of [null, "not-a-token", "tk_0000000000000000000000000000000000"]) {
      const answer = await call("GET", "/v1/clustertemplates", { token });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } });
    }
    // Unversioned paths are routed to /v1, as Magnum's root controller does.
    expect((await call("GET", "/clustertemplates")).status).toBe(200);
    expectMagnumError(await call("GET", "/v1/clusters/00000000-0000-4000-8000-00000000abcd"), 404, /could not be found/);
    expectMagnumError(await call("GET", "/v1/nothing-here"), 404);
    expectMagnumError(await call("POST", "/v1/clustertemplates", { body: { ...template(uniqueName("t")), colour: "blue" } }), 400, /Unknown attribute for argument cluster_template: colour/);
    expectMagnumError(await call("POST", "/v1/clustertemplates", { raw: "{not json" }), 400, /not valid JSON/);
    expectMagnumError(await call("POST", "/v1/clustertemplates", { body: template(uniqueName("t"), { coe: "kubernetez" }) }), 400, /coe/);
    const missing = await call("POST", "/v1/clustertemplates", { body: { name: uniqueName("t"), coe: "kubernetes" } });
    expectMagnumError(missing, 400, /imageId|image/);
    expect(missing.body.errors[0]).toMatchObject({ turnkey_code: "BAD_USER_INPUT", field: "image_id" });
    expectMagnumError(await call("GET", "/v1/federations"), 501, /not supported/);
  });

  it("pages with marker, limit, sort_key and sort_dir, and links the next page", async () => {
    const prefix = uniqueName("page");
    const names = ["c", "a", "e", "b", "d"].map((letter) => `${prefix}-${letter}`);
    for (const name of names) expect((await call("POST", "/v1/clustertemplates", { token: a.member.token, body: template(name) })).status).toBe(201);
    const seen: string[] = [];
    let path: string | null = "/v1/clustertemplates?limit=2";
    while (path) {
      const page: Answer = await call("GET", path, { token: a.member.token });
      expect(page.status).toBe(200);
      expect(page.body.clustertemplates.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.clustertemplates.map((entry: { name: string }) => entry.name));
      path = page.body.next ? String(page.body.next).replace(base, "") : null;
      if (path) expect(path).toMatch(/sort_key=id&sort_dir=asc&limit=2&marker=[0-9a-f-]{36}$/);
    }
    // Magnum's default order is id: creation order.
    expect(seen).toEqual(names);
    const byName = await call("GET", "/v1/clustertemplates/detail?sort_key=name&sort_dir=desc&limit=3", { token: a.member.token });
    expect(byName.body.clustertemplates.map((entry: { name: string }) => entry.name)).toEqual([...names].sort().reverse().slice(0, 3));
    const marker = byName.body.clustertemplates[2].uuid;
    const after = await call("GET", `/v1/clustertemplates?sort_key=name&sort_dir=desc&marker=${marker}`, { token: a.member.token });
    expect(after.body.clustertemplates.map((entry: { name: string }) => entry.name)).toEqual([...names].sort().reverse().slice(3));
    expect(after.body.next).toBeUndefined();
    expectMagnumError(await call("GET", "/v1/clustertemplates?limit=0"), 400, /Limit must be positive/);
    expectMagnumError(await call("GET", "/v1/clustertemplates?sort_dir=up"), 400, /Invalid sort direction/);
    expectMagnumError(await call("GET", "/v1/clustertemplates?sort_key=image_id"), 400, /invalid field for sorting/);
    expectMagnumError(await call("GET", "/v1/clustertemplates?marker=not-a-uuid"), 400, /marker/);
    // Another project's row is no marker for this caller.
    expectMagnumError(await call("GET", `/v1/clustertemplates?marker=${marker}`, { token: b.member.token }), 400, /marker/);
  });

  it("applies JSON patches with Magnum's rules, labels as a Python dict literal", async () => {
    const name = uniqueName("patch");
    const created = await call("POST", "/v1/clustertemplates", { token: a.member.token, body: template(name) });
    const id = created.body.uuid;
    const patched = await call("PATCH", `/v1/clustertemplates/${name}`, {
      token: a.member.token,
      body: [
        { op: "replace", path: "/labels", value: "{'kube_tag': 'v1.31.0', 'prometheus_monitoring': 'true', \"note\": \"it's\"}" },
        { op: "add", path: "/docker_volume_size", value: 20 },
        { op: "replace", path: "/tags", value: "blue,green" },
        { op: "remove", path: "/flavor_id" },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ uuid: id, labels: { kube_tag: "v1.31.0", prometheus_monitoring: "true", note: "it's" }, docker_volume_size: 20, tags: "blue,green", flavor_id: null });
    expect((await call("PATCH", `/v1/clustertemplates/${id}`, { token: a.member.token, body: [{ op: "add", path: "/labels/gpu", value: "true" }] })).body.labels).toMatchObject({ gpu: "true", kube_tag: "v1.31.0" });
    const refusals: [unknown, RegExp][] = [
      [[{ op: "remove", path: "/image_id" }], /mandatory attribute/],
      [[{ op: "replace", path: "/uuid", value: "x" }], /internal attribute/],
      [[{ op: "add", path: "/image_id", value: "other" }], /has existed/],
      [[{ op: "add", path: "/colour", value: "blue" }], /not allowed/],
      [[{ op: "replace", path: "/name" }], /needs value/],
      [[{ op: "move", path: "/name", value: "x" }], /op/],
      [[{ op: "replace", path: "/labels", value: "{'a': open('x')}" }], /patch/],
      [{ op: "replace" }, /array/],
      [[{ op: "replace", path: "/docker_volume_size", value: "many" }], /docker_volume_size/],
    ];
    for (const [body, detail] of refusals) expectMagnumError(await call("PATCH", `/v1/clustertemplates/${id}`, { token: a.member.token, body }), 400, detail);
    // The domain's rules still apply through the patch: publishing needs a global admin.
    expectMagnumError(await call("PATCH", `/v1/clustertemplates/${id}`, { token: a.member.token, body: [{ op: "replace", path: "/public", value: true }] }), 403, /administrator/);
  });

  it("keeps projects apart and refuses a reader's writes, on the same objects GraphQL serves", async () => {
    const created = await call("POST", "/v1/clustertemplates", { token: a.member.token, body: template(uniqueName("tenant"), { master_lb_enabled: true }) });
    const templateId = created.body.uuid;
    const cluster = await call("POST", "/v1/clusters", { token: a.member.token, body: { name: uniqueName("c"), cluster_template_id: created.body.name, node_count: 2, master_count: 1 } });
    expect(cluster.status).toBe(202);
    expect(Object.keys(cluster.body)).toEqual(["uuid"]);
    const clusterId = cluster.body.uuid;
    // The same cluster through GraphQL, under the same uuid.
    const seen = await api.request(ClusterDocument, { id: toGlobalId("Cluster", clusterId) }, a.member.token);
    expect(seen.data?.cluster).toMatchObject({ id: toGlobalId("Cluster", clusterId), status: "CREATE_IN_PROGRESS" });

    // Another project's objects do not exist for B, by any verb.
    for (const [method, path, body] of [
      ["GET", `/v1/clustertemplates/${templateId}`],
      ["PATCH", `/v1/clustertemplates/${templateId}`, [{ op: "replace", path: "/name", value: "stolen" }]],
      ["DELETE", `/v1/clustertemplates/${templateId}`],
      ["GET", `/v1/clusters/${clusterId}`],
      ["PATCH", `/v1/clusters/${clusterId}`, [{ op: "replace", path: "/node_count", value: 3 }]],
      ["DELETE", `/v1/clusters/${clusterId}`],
      ["POST", `/v1/clusters/${clusterId}/actions/resize`, { node_count: 3 }],
      ["GET", `/v1/clusters/${clusterId}/nodegroups`],
      ["GET", `/v1/certificates/${clusterId}`],
      ["PATCH", `/v1/certificates/${clusterId}`],
    ] as [string, string, unknown?][]) {
      const answer = await call(method, path, { token: b.member.token, body });
      expectMagnumError(answer, 404);
      expect(JSON.stringify(answer.body)).not.toContain(a.name);
    }
    expectMagnumError(await call("POST", "/v1/clusters", { token: b.member.token, body: { cluster_template_id: templateId } }), 400, /could not be found/);
    expect((await call("GET", "/v1/clusters/detail", { token: b.member.token })).body.clusters.map((entry: { uuid: string }) => entry.uuid)).not.toContain(clusterId);
    expect((await call("GET", "/v1/clustertemplates", { token: b.member.token })).body.clustertemplates.map((entry: { uuid: string }) => entry.uuid)).not.toContain(templateId);
    expectMagnumError(await call("GET", `/v1/stats?project_id=${uuidOf(a.projectId, "Project")}`, { token: b.member.token }), 403);

    // A reader sees A's objects and may change none of them.
    expect((await call("GET", `/v1/clusters/${clusterId}`, { token: a.reader.token })).status).toBe(200);
    for (const [method, path, body] of [
      ["POST", "/v1/clustertemplates", template(uniqueName("reader"))],
      ["PATCH", `/v1/clustertemplates/${templateId}`, [{ op: "replace", path: "/name", value: "renamed" }]],
      ["DELETE", `/v1/clustertemplates/${templateId}`],
      ["POST", "/v1/clusters", { cluster_template_id: templateId }],
      ["DELETE", `/v1/clusters/${clusterId}`],
      ["POST", `/v1/clusters/${clusterId}/actions/resize`, { node_count: 3 }],
      ["PATCH", `/v1/certificates/${clusterId}`],
      ["POST", "/v1/quotas", { project_id: uuidOf(a.projectId, "Project"), resource: "Cluster", hard_limit: 5 }],
      // FORBIDDEN comes before anything is said about the input.
      ["POST", "/v1/clustertemplates", { colour: "blue" }],
      ["PATCH", `/v1/clusters/${clusterId}`, [{ op: "bogus" }]],
      ["POST", `/v1/clusters/${clusterId}/actions/resize`, { node_count: "many" }],
    ] as [string, string, unknown?][]) {
      expectMagnumError(await call(method, path, { token: a.reader.token, body }), 403);
    }
    // Zero workers only from 1.10 on, as in Magnum.
    expectMagnumError(await call("POST", "/v1/clusters", { token: a.member.token, version: "container-infra 1.9", body: { cluster_template_id: templateId, node_count: 0 } }), 400, /1\.10/);
    expect((await call("DELETE", `/v1/clusters/${clusterId}`, { token: a.member.token })).status).toBe(204);
  });

  it("streams a REST-made cluster's events to GraphQL subscribers, and a REST delete too", async () => {
    const created = await call("POST", "/v1/clustertemplates", { token: a.member.token, body: template(uniqueName("stream")) });
    const socket = wsClient(api.url, a.member.token);
    try {
      const answer = await call("POST", "/v1/clusters", { token: a.member.token, body: { name: uniqueName("s"), cluster_template_id: created.body.uuid, node_count: 1 } });
      const clusterId: string = answer.body.uuid;
      // From the first cursor: the replay then the live tail, so nothing depends on when the subscription starts.
      const stream = collect(socket, ClusterEventsDocument, { clusterId: toGlobalId("Cluster", clusterId), after: "0" }, (item) => item.clusterEvents.type === "DELETED", 60_000);
      await waitUntil(async () => (await call("GET", `/v1/clusters/${clusterId}`, { token: a.member.token })).body.status === "CREATE_COMPLETE", 60_000, "the REST-made cluster to reach CREATE_COMPLETE");
      expect((await call("DELETE", `/v1/clusters/${clusterId}`, { token: a.member.token })).status).toBe(204);
      const events = (await stream.done).filter((item) => item.clusterEvents.clusterId === toGlobalId("Cluster", clusterId));
      const statuses = events.map((item) => item.clusterEvents.status);
      expect(statuses[0]).toBe("CREATE_IN_PROGRESS");
      expect(statuses).toContain("CREATE_COMPLETE");
      expect(statuses).toContain("DELETE_IN_PROGRESS");
      expect((await call("GET", `/v1/clusters/${clusterId}`, { token: a.member.token })).status).toBe(404);
    } finally {
      await socket.dispose();
    }
  });
});
