// Addresses: nodes inside the fixed subnet, the API on a master, a load balancer VIP or a floating IP.

import { describe, expect, it } from "vitest";
import { SimulatedDriver } from "../../../src/orchestration/drivers/simulated/driver.js";
import { floatingIp, nodeCapacity, parseSubnet } from "../../../src/orchestration/drivers/simulated/addresses.js";
import { type SpecOptions, HOUR, ManualClock, clusterSpec } from "./fixtures.js";

async function completed(options: SpecOptions) {
  const clock = new ManualClock();
  const spec = clusterSpec(options);
  const driver = new SimulatedDriver({ clock });
  const { stackId } = await driver.create(spec, null);
  clock.advance(HOUR);
  return driver.observe(spec, stackId);
}

describe("parseSubnet", () => {
  it.each([
    [null, "10.0.0.0/24", 245],
    ["192.168.50.0/24", "192.168.50.0/24", 245],
    ["172.16.0.0/16", "172.16.0.0/16", 65525],
    ["192.168.50.77/26", "192.168.50.64/26", 53],
    ["private-subnet", "10.0.0.0/24", 245],
    ["300.1.1.0/24", "10.0.0.0/24", 245],
    ["10.1.2.0/33", "10.0.0.0/24", 245],
  ])("reads %j as %s with room for %i nodes", (text, cidr, capacity) => {
    const subnet = parseSubnet(text);
    expect(subnet.cidr).toBe(cidr);
    expect(nodeCapacity(subnet)).toBe(capacity);
  });
});

describe("cluster addresses", () => {
  it("places nodes inside the fixed subnet, masters first", async () => {
    const observation = await completed({ fixedSubnet: "192.168.50.0/24", masters: 3, workers: 2 });
    expect(observation.masterAddresses).toEqual(["192.168.50.10", "192.168.50.11", "192.168.50.12"]);
    expect(observation.nodeAddresses).toEqual(["192.168.50.13", "192.168.50.14"]);
  });

  it("defaults to Magnum's 10.0.0.0/24", async () => {
    const observation = await completed({ workers: 2 });
    expect(observation.masterAddresses).toEqual(["10.0.0.10"]);
    expect(observation.nodeAddresses).toEqual(["10.0.0.11", "10.0.0.12"]);
  });

  const endpoints: { name: string; options: SpecOptions; api: string }[] = [
    { name: "the first master", options: {}, api: "https://10.0.0.10:6443" },
    { name: "the load balancer VIP", options: { masterLbEnabled: true }, api: "https://10.0.0.5:6443" },
    {
      name: "a floating IP",
      options: { masterLbEnabled: true, floatingIpEnabled: true },
      api: `https://${floatingIp(clusterSpec().uuid)}:6443`,
    },
    { name: "the insecure port without TLS", options: { tlsDisabled: true }, api: "http://10.0.0.10:8080" },
    {
      name: "the Docker port for Swarm mode",
      options: { coe: "SWARM_MODE", clusterDistro: "fedora-atomic" },
      api: "tcp://10.0.0.10:2376",
    },
  ];

  it.each(endpoints)("serves the API on $name", async ({ options, api }) => {
    expect((await completed(options)).apiAddress).toBe(api);
  });

  it("takes floating IPs from the public pool, the same one every time", () => {
    const address = floatingIp("5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f");
    expect(address).toMatch(/^172\.24\.4\.\d+$/);
    expect(floatingIp("5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f")).toBe(address);
  });
});

describe("cluster versions", () => {
  it.each([
    [{}, "v1.30.4", "1.7.20"],
    [{ kube_tag: "v1.29.8", containerd_version: "1.6.31" }, "v1.29.8", "1.6.31"],
  ])("reads %j as Kubernetes %s on containerd %s", async (labels, coeVersion, containerVersion) => {
    expect(await completed({ labels })).toMatchObject({ coeVersion, containerVersion });
  });

  it("reports the Docker version for Swarm mode", async () => {
    const observation = await completed({ coe: "SWARM_MODE", clusterDistro: "fedora-atomic", labels: { docker_version: "25.0.3" } });
    expect(observation).toMatchObject({ coeVersion: "25.0.3", containerVersion: "25.0.3" });
  });
});
