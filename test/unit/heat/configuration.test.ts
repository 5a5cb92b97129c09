// The Heat driver's configuration: environment variables, the Heat environment's resource mapping,
// the stack id it hands out, and the pure parts of recovery and polling.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Driver } from "../../../src/orchestration/driver.js";
import { heatConfigFrom, loadConfig } from "../../../src/config.js";
import { HEAT_ACTIONS, HeatDriver } from "../../../src/orchestration/drivers/heat/driver.js";
import { createDriverRegistry, driverFromOptions, driverOptionsFrom } from "../../../src/orchestration/registry.js";
import { loadEnvironment, profilesOf, resourceRegistryOf } from "../../../src/orchestration/drivers/heat/environment.js";
import { isAbandoned } from "../../../src/orchestration/drivers/heat/recovery.js";
import { decodeStackId, encodeStackId, heatStackUuid } from "../../../src/orchestration/drivers/heat/stack-id.js";
import { nextPollDelay } from "../../../src/orchestration/drivers/heat/watch.js";
import { SimulatedDriver } from "../../../src/orchestration/drivers/simulated/driver.js";

// The kit's examples/test-env.yaml.
const TEST_ENV = `# Heat environment for cluster.yaml in tests
resource_registry:
  "Turnkey::Network": OS::Heat::None
  "Turnkey::Server": OS::Heat::TestResource
  "Turnkey::LoadBalancer": OS::Heat::TestResource

parameter_defaults:
  master_wait_secs: 2
  worker_wait_secs: 1
`;

const directory = mkdtempSync(join(tmpdir(), "turnkey-heat-config-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

const MINIMAL = {
  TURNKEY_DRIVER: "heat",
  TURNKEY_OPENSTACK_AUTH_URL: "http://127.0.0.1:5000/v3",
  TURNKEY_OPENSTACK_USERNAME: "demo",
  TURNKEY_OPENSTACK_PASSWORD: "demopass",
  TURNKEY_OPENSTACK_PROJECT: "demo",
  TURNKEY_HEAT_ENVIRONMENT: file("test-env.yaml", TEST_ENV),
};

describe("resourceRegistryOf", () => {
  it("reads the kit's test environment", () => {
    expect(resourceRegistryOf(TEST_ENV)).toEqual({
      "Turnkey::Network": "OS::Heat::None",
      "Turnkey::Server": "OS::Heat::TestResource",
      "Turnkey::LoadBalancer": "OS::Heat::TestResource",
    });
  });

  it("reads plain and quoted keys, skips comments and nested sections", () => {
    const text = [
      "parameters: {}",
      "resource_registry:   # what maps where",
      "    Turnkey::Server: 'file:///etc/turnkey/server.yaml'  # a provider template",
      "    # Turnkey::Network: OS::Neutron::Net",
      "    resources:",
      "      masters:",
      "        Turnkey::Server: OS::Heat::None",
      '    "Turnkey::LoadBalancer": "OS::Octavia::LoadBalancer"',
      "parameter_defaults:",
      "  x: 1",
    ].join("\n");
    expect(resourceRegistryOf(text)).toEqual({
      "Turnkey::Server": "file:///etc/turnkey/server.yaml",
      "Turnkey::LoadBalancer": "OS::Octavia::LoadBalancer",
    });
  });

  it("reads JSON environments", () => {
    expect(resourceRegistryOf('{"resource_registry": {"Turnkey::Server": "OS::Heat::TestResource"}}')).toEqual({
      "Turnkey::Server": "OS::Heat::TestResource",
    });
  });

  it("gives TestResource targets the test properties and everything else the production ones", () => {
    expect(profilesOf(resourceRegistryOf(TEST_ENV))).toEqual({
      "Turnkey::Network": "real",
      "Turnkey::Server": "test",
      "Turnkey::LoadBalancer": "test",
    });
  });
});

describe("loadEnvironment", () => {
  it("sends each environment file, later ones overriding earlier mappings", () => {
    const override = file("override.json", JSON.stringify({ resource_registry: { "Turnkey::Server": "OS::Heat::None" } }));
    const environment = loadEnvironment([MINIMAL.TURNKEY_HEAT_ENVIRONMENT, override]);
    expect(environment.environmentFiles).toEqual([`file://${MINIMAL.TURNKEY_HEAT_ENVIRONMENT}`, `file://${override}`]);
    expect(environment.files[`file://${override}`]).toContain("OS::Heat::None");
    expect(environment.profiles["Turnkey::Server"]).toBe("real");
  });

  it("sends the provider templates a registry names by file:// URL, and refuses relative ones", () => {
    const server = file("server.yaml", "heat_template_version: 2018-08-31\n");
    const production = file("production.yaml", `resource_registry:\n  Turnkey::Server: file://${server}\n`);
    expect(loadEnvironment([production]).files[`file://${server}`]).toContain("heat_template_version");
    const relative = file("relative.yaml", "resource_registry:\n  Turnkey::Server: server.yaml\n");
    expect(() => loadEnvironment([relative])).toThrow(/absolute file:\/\/ URL/);
  });

  it("names the variable when a file cannot be read", () => {
    expect(() => loadEnvironment([join(directory, "missing.yaml")])).toThrow(/TURNKEY_HEAT_ENVIRONMENT: ENOENT/);
  });
});

describe("heatConfigFrom", () => {
  it("reads a password identity with defaults", () => {
    expect(heatConfigFrom(MINIMAL)).toMatchObject({
      authUrl: "http://127.0.0.1:5000/v3",
      auth: { method: "password", userName: "demo", userDomainName: "Default", scope: { projectName: "demo", projectDomainName: "Default" } },
      region: null,
      interface: "public",
      retries: 5,
      trustee: null,
      pollIntervalMs: 2000,
      stallSeconds: 300,
    });
  });

  it("prefers an application credential, and reads the trustee domain", () => {
    const config = heatConfigFrom({
      ...MINIMAL,
      TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_ID: "c",
      TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_SECRET: "s",
      TURNKEY_OPENSTACK_TRUSTEE_DOMAIN: "turnkey",
      TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_USERNAME: "turnkey_domain_admin",
      TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_PASSWORD: "pw",
      TURNKEY_OPENSTACK_TRUST_ROLES: "member, reader",
    });
    expect(config.auth).toEqual({ method: "applicationCredential", id: "c", secret: "s" });
    expect(config.trustee).toEqual({
      domain: { name: "turnkey" },
      adminUserName: "turnkey_domain_admin",
      adminPassword: "pw",
      roles: ["member", "reader"],
    });
  });

  it.each([
    [{ TURNKEY_OPENSTACK_AUTH_URL: "" }, /TURNKEY_OPENSTACK_AUTH_URL is required/],
    [{ TURNKEY_HEAT_ENVIRONMENT: undefined }, /TURNKEY_HEAT_ENVIRONMENT is required/],
    [{ TURNKEY_OPENSTACK_PASSWORD: undefined }, /TURNKEY_OPENSTACK_USERNAME and TURNKEY_OPENSTACK_PASSWORD/],
    [{ TURNKEY_OPENSTACK_PROJECT: undefined }, /TURNKEY_OPENSTACK_PROJECT/],
    [{ TURNKEY_OPENSTACK_TRUSTEE_DOMAIN: "turnkey" }, /TRUSTEE_DOMAIN_ADMIN_USERNAME/],
    [{ TURNKEY_OPENSTACK_INTERFACE: "private" }, /public, internal or admin/],
    [{ TURNKEY_HEAT_STALL_SECS: "soon" }, /TURNKEY_HEAT_STALL_SECS must be a positive number/],
  ])("refuses %j", (change, message) => {
    expect(() => heatConfigFrom({ ...MINIMAL, ...change })).toThrow(message);
  });
});

describe("registration", () => {
  it("builds the Heat driver only when TURNKEY_DRIVER names it, without calling OpenStack", async () => {
    expect(createDriverRegistry(driverOptionsFrom(loadConfig({ ...MINIMAL, TURNKEY_DRIVER: "simulated" }))).names()).toEqual(["simulated"]);
    const driver = driverFromOptions(driverOptionsFrom(loadConfig(MINIMAL)));
    expect(driver).toBeInstanceOf(HeatDriver);
    expect(driver?.name).toBe("heat");
    // The trust capability is declared, not guessed from method names.
    expect(driver?.trusts).toBeDefined();
    expect((new SimulatedDriver() as Driver).trusts).toBeUndefined();
    expect(HEAT_ACTIONS.has("health")).toBe(false);
    expect(await (driver as HeatDriver).health()).toMatchObject({ status: "UNKNOWN" });
  });
});

describe("stack ids", () => {
  const id = { operation: "resize" as const, stackName: "demo-5f0c1d2e", stackUuid: "9a26bb1c", marker: "e-1" };

  it("round-trip, and name Heat's stack", () => {
    expect(encodeStackId(id)).toBe("heat:1:resize:demo-5f0c1d2e:9a26bb1c:e-1");
    expect(decodeStackId(encodeStackId(id))).toEqual(id);
    expect(heatStackUuid(encodeStackId(id))).toBe("9a26bb1c");
  });

  it.each(["sim:abc", "heat:1:health:a:b:c", "heat:1:create::b:", "heat:2:create:a:b:"])("rejects %s", (text) => {
    expect(decodeStackId(text)).toBeNull();
  });
});

describe("isAbandoned", () => {
  const base = {
    inProgress: true,
    heat: { outageAt: 1_000, recoveredAt: 5_000 },
    activity: { newestEventId: "e", seenAt: 500, kickedAt: null },
    now: 8_000,
    stallAfterMs: 2_000,
  };
  it.each([
    ["silent since Heat went down, past the stall time", {}, true],
    ["still within the stall time", { now: 6_000 }, false],
    ["not in progress", { inProgress: false }, false],
    ["Heat never seen down", { heat: { outageAt: null, recoveredAt: null } }, false],
    ["Heat still down", { heat: { outageAt: 1_000, recoveredAt: null } }, false],
    ["Heat logged events after coming back", { activity: { newestEventId: "f", seenAt: 5_500, kickedAt: null } }, false],
    ["already restarted after that outage", { activity: { newestEventId: "e", seenAt: 500, kickedAt: 6_000 } }, false],
  ])("%s: %s", (_name, change, abandoned) => {
    expect(isAbandoned({ ...base, ...change })).toBe(abandoned);
  });
});

describe("nextPollDelay", () => {
  const bounds = { minMs: 200, maxMs: 2000 };
  it.each([
    [1600, true, 200],
    [200, false, 400],
    [1600, false, 2000],
    [2000, false, 2000],
  ])("after %i ms, changed %s: %i ms", (previous, changed, next) => {
    expect(nextPollDelay(previous, changed, bounds)).toBe(next);
  });
});
