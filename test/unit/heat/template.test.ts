// The HOT template generated from a cluster spec, with test and production resource mappings.

import { describe, expect, it } from "vitest";
import { REAL_PROFILES, type ResourceProfiles } from "../../../src/orchestration/drivers/heat/environment.js";
import { groupKey, stackNameOf, trusteeNameOf } from "../../../src/orchestration/drivers/heat/naming.js";
import { clusterTemplate, createParameters } from "../../../src/orchestration/drivers/heat/template.js";
import { clusterSpec, labels, nodeGroup } from "../orchestration/fixtures.js";

const TEST_PROFILES: ResourceProfiles = {
  "Turnkey::Network": "real", // OS::Heat::None takes any property
  "Turnkey::Server": "test",
  "Turnkey::LoadBalancer": "test",
};

type Template = {
  parameters: Record<string, Record<string, unknown>>;
  resources: Record<string, { type: string; depends_on?: string[]; properties: Record<string, unknown>; update_policy?: unknown }>;
  outputs: Record<string, { value: unknown }>;
};

function generate(spec = clusterSpec({ workers: 2 }), profiles = TEST_PROFILES): Template {
  return clusterTemplate({ spec, stackName: stackNameOf(spec), profiles }) as unknown as Template;
}

describe("names", () => {
  it.each([
    ["demo", "demo-5f0c1d2e"],
    ["My Cluster_01", "my-cluster-01-5f0c1d2e"],
    ["42-answers", "c42-answers-5f0c1d2e"],
    ["a-very-long-cluster-name-indeed", "a-very-long-cluster-5f0c1d2e"],
  ])("names the stack of %j %s, as Magnum does", (name, stackName) => {
    expect(stackNameOf({ name, uuid: "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f" })).toBe(stackName);
  });

  it.each([
    ["default-worker", "default-worker"],
    ["gpu_nodes", "gpu_nodes"],
    ["GPU nodes", "ng_0b6d6f6e"],
    ["network", "ng_0b6d6f6e"],
    ["1st", "ng_0b6d6f6e"],
  ])("keys node group %j as %s", (name, key) => {
    expect(groupKey({ uuid: "0b6d6f6e-0000-4000-8000-00000000000b", name })).toBe(key);
  });

  it("names the trustee <cluster uuid>_<project id>", () => {
    expect(trusteeNameOf({ uuid: "u-1" }, "p-2")).toBe("u-1_p-2");
  });
});

describe("clusterTemplate with the kit's test mapping", () => {
  const template = generate();

  it("has a network, then the masters, then the workers, each a resource group", () => {
    expect(Object.keys(template.resources)).toEqual(["network", "default-master", "default-worker"]);
    expect(template.resources["default-master"]).toMatchObject({ type: "OS::Heat::ResourceGroup", depends_on: ["network"] });
    expect(template.resources["default-worker"]).toMatchObject({ depends_on: ["default-master"] });
  });

  it("sizes each group by parameter, removes named members first and rolls updates in batches", () => {
    expect(template.resources["default-worker"]).toMatchObject({
      update_policy: { rolling_update: { max_batch_size: { get_param: "default-worker_max_batch_size" } } },
      properties: {
        count: { get_param: "default-worker_count" },
        removal_policies: [{ resource_list: { get_param: "default-worker_nodes_to_remove" } }],
      },
    });
    expect(template.parameters["default-worker_count"]).toMatchObject({ type: "number", default: 2 });
    expect(template.parameters["default-worker_nodes_to_remove"]).toMatchObject({ type: "comma_delimited_list", default: "" });
  });

  it("gives TestResource servers only TestResource's properties, with the kit's knobs", () => {
    const worker = template.resources["default-worker"]?.properties["resource_def"];
    expect(worker).toEqual({
      type: "Turnkey::Server",
      properties: {
        value: "10.1.%index%.10",
        wait_secs: { get_param: "worker_wait_secs" },
        fail: { get_param: "fail_workers" },
        update_replace_value: {
          list_join: [":", [{ get_param: "default-worker_image" }, { get_param: "default-worker_version" }]],
        },
      },
    });
    expect(template.parameters["master_wait_secs"]).toEqual({ type: "number", default: 0 });
    expect(template.parameters["fail_workers"]).toEqual({ type: "boolean", default: false });
  });

  it("has Magnum's outputs, the first master as API address, and each group's nodes by index", () => {
    expect(template.outputs["api_address"]?.value).toEqual({
      str_replace: {
        template: "https://HOST:PORT",
        params: { HOST: { get_attr: ["default-master", "resource.0", "output"] }, PORT: { get_param: "api_port" } },
      },
    });
    expect(template.outputs["master_addresses"]?.value).toEqual({ get_attr: ["default-master", "output"] });
    expect(template.outputs["default-worker_nodes"]?.value).toEqual({ get_attr: ["default-worker", "attributes", "output"] });
    expect(template.outputs["node_group_keys"]?.value).toEqual({
      "0b6d6f6e-0000-4000-8000-00000000000a": "default-master",
      "0b6d6f6e-0000-4000-8000-00000000000b": "default-worker",
    });
  });

  it("hides the trust in parameters", () => {
    expect(template.parameters["trustee_password"]).toMatchObject({ hidden: true });
    expect(template.parameters["trust_id"]).toMatchObject({ hidden: true });
  });
});

describe("clusterTemplate variations", () => {
  it("puts a load balancer between masters and workers and takes its address for the API", () => {
    const template = generate(clusterSpec({ masterLbEnabled: true }));
    expect(template.resources["api_lb"]).toMatchObject({ type: "Turnkey::LoadBalancer", depends_on: ["default-master"] });
    expect(template.resources["default-worker"]).toMatchObject({ depends_on: ["api_lb"] });
    expect(template.outputs["api_address"]?.value).toMatchObject({
      str_replace: { params: { HOST: { get_attr: ["api_lb", "output"] } } },
    });
  });

  it.each([
    [{ tlsDisabled: true }, "http://HOST:PORT", 8080],
    [{ coe: "SWARM_MODE" as const }, "tcp://HOST:PORT", 2376],
  ])("writes the API URL for %j", (options, url, port) => {
    const template = generate(clusterSpec(options));
    expect(template.outputs["api_address"]?.value).toMatchObject({ str_replace: { template: url } });
    expect(template.parameters["api_port"]).toMatchObject({ default: port });
  });

  it("joins the addresses of several groups of a kind", () => {
    const gpu = nodeGroup({ uuid: "0b6d6f6e-0000-4000-8000-00000000000c", name: "gpu", labels: labels({ kube_tag: "v1.29.0" }) });
    const spec = clusterSpec();
    const template = generate({ ...spec, nodeGroups: [...spec.nodeGroups, gpu] });
    expect(template.outputs["node_addresses"]?.value).toEqual({
      list_concat: [{ get_attr: ["default-worker", "output"] }, { get_attr: ["gpu", "output"] }],
    });
    expect(template.parameters["gpu_version"]).toMatchObject({ default: "v1.29.0" });
    expect(template.resources["gpu"]?.properties["resource_def"]).toMatchObject({
      properties: { value: expect.stringMatching(/^10\.\d+\.%index%\.10$/) },
    });
  });

  it("gives production mappings server properties a Nova server takes, and no test knobs", () => {
    const template = generate(clusterSpec(), REAL_PROFILES);
    expect(template.resources["default-worker"]?.properties["resource_def"]).toEqual({
      type: "Turnkey::Server",
      properties: {
        name: "demo-5f0c1d2e-node-%index%",
        image: { get_param: "default-worker_image" },
        flavor: { get_param: "default-worker_flavor" },
        networks: [{ network: { get_resource: "network" } }],
        metadata: expect.objectContaining({ turnkey_role: "worker", kube_tag: { get_param: "default-worker_version" } }),
      },
    });
    expect(template.outputs["master_addresses"]?.value).toEqual({ get_attr: ["default-master", "address"] });
    expect(template.parameters["worker_wait_secs"]).toBeUndefined();
  });
});

describe("createParameters", () => {
  it("sends every group's values and the cluster's trust", () => {
    const spec = clusterSpec({ workers: 3, labels: { kube_tag: "v1.31.0" } });
    const parameters = createParameters(spec, spec.nodeGroups, {
      caGeneration: "0",
      authUrl: "http://keystone/v3",
      region: "RegionOne",
      trust: { domainId: "d", userId: "u", userName: "n", password: "secret", trustId: "t" },
    });
    expect(parameters).toMatchObject({
      "default-master_count": 1,
      "default-master_flavor": "m1.small",
      "default-worker_count": 3,
      "default-worker_image": "fedora-coreos-40",
      "default-worker_version": "v1.31.0",
      "default-worker_labels": { kube_tag: "v1.31.0" },
      "default-worker_nodes_to_remove": "",
      "default-worker_max_batch_size": 1,
      trustee_user_id: "u",
      trustee_password: "secret",
      trust_id: "t",
      auth_url: "http://keystone/v3",
    });
  });

  it("falls back to the template's image and flavors for groups without their own", () => {
    const spec = clusterSpec();
    const bare = spec.nodeGroups.map((group) => ({ ...group, imageId: "", flavorId: "" }));
    const parameters = createParameters({ ...spec, nodeGroups: bare }, bare, {
      caGeneration: "0",
      authUrl: "",
      region: "",
      trust: null,
    });
    expect(parameters).toMatchObject({
      "default-master_flavor": "m1.medium",
      "default-worker_flavor": "m1.small",
      "default-worker_image": "fedora-coreos-40",
      trust_id: "",
    });
  });
});
