// Picking a driver by name and checking it provides the cluster type a template asks for.

import { describe, expect, it } from "vitest";
import { type ClusterType, NotSupportedError, requireSupport } from "../../../src/orchestration/driver.js";
import { SimulatedDriver } from "../../../src/orchestration/drivers/simulated/driver.js";
import { ConfigError, loadConfig } from "../../../src/config.js";
import { DriverRegistry, createDriverRegistry, driverFromOptions, driverOptionsFrom } from "../../../src/orchestration/registry.js";
import { clusterSpec } from "./fixtures.js";

describe("driver selection", () => {
  it.each([
    [{}, "simulated"],
    [{ TURNKEY_DRIVER: "simulated" }, "simulated"],
  ])("reads %j as %s", (environment, name) => {
    expect(driverOptionsFrom(loadConfig(environment)).name).toBe(name);
  });

  it("refuses a driver this build does not ship", () => {
    expect(() => loadConfig({ TURNKEY_DRIVER: "mesos" })).toThrow(ConfigError);
  });

  it("builds the simulated driver by default, at the speed the configuration asks for", () => {
    const driver = driverFromOptions(driverOptionsFrom(loadConfig({ TURNKEY_SIM_SPEED: "60" })));
    expect(driver).toBeInstanceOf(SimulatedDriver);
    expect((driver as SimulatedDriver).speed).toBe(60);
  });

  it.each(["0", "-2", "fast"])("refuses TURNKEY_SIM_SPEED=%s", (speed) => {
    expect(() => loadConfig({ TURNKEY_SIM_SPEED: speed })).toThrow(/TURNKEY_SIM_SPEED/);
  });

  it("names the drivers it has when asked for one it lacks", () => {
    expect(() => createDriverRegistry(driverOptionsFrom(loadConfig({}))).get("heat")).toThrow(
      expect.objectContaining({ code: "UNKNOWN_DRIVER", reason: 'No driver named "heat" (available: simulated)' }),
    );
  });

  it("refuses two drivers with the same name", () => {
    expect(() => new DriverRegistry([new SimulatedDriver(), new SimulatedDriver()])).toThrow(/already registered/);
  });
});

describe("cluster types", () => {
  const registry = new DriverRegistry([new SimulatedDriver()]);

  const provided: ClusterType[] = [
    { coe: "KUBERNETES", clusterDistro: "fedora-coreos", serverType: "VM" },
    { coe: "KUBERNETES", clusterDistro: "fedora-atomic", serverType: "BM" },
    { coe: "KUBERNETES", clusterDistro: "ubuntu", serverType: "VM" },
    { coe: "SWARM_MODE", clusterDistro: "fedora-atomic", serverType: "VM" },
  ];

  it.each(provided)("provides $coe on $clusterDistro ($serverType)", (type) => {
    expect(registry.select("simulated", type).name).toBe("simulated");
  });

  const refused: [ClusterType, string][] = [
    [{ coe: "MESOS", clusterDistro: "ubuntu", serverType: "VM" }, "MESOS on ubuntu (VM)"],
    [{ coe: "SWARM_MODE", clusterDistro: "fedora-atomic", serverType: "BM" }, "SWARM_MODE on fedora-atomic (BM)"],
    [{ coe: "KUBERNETES", clusterDistro: "coreos", serverType: "VM" }, "KUBERNETES on coreos (VM)"],
    [{ coe: "DCOS", clusterDistro: "centos", serverType: "VM" }, "DCOS on centos (VM)"],
  ];

  it.each(refused)("refuses %j with NOT_SUPPORTED", (type, described) => {
    let caught: unknown;
    try {
      registry.select("simulated", type);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotSupportedError);
    expect(caught).toMatchObject({
      code: "NOT_SUPPORTED",
      driver: "simulated",
      action: "provide",
      message: `Driver "simulated" does not provide ${described}`,
    });
  });

  it("refuses to create a cluster type it does not provide, even when called directly", async () => {
    const spec = clusterSpec({ coe: "MESOS", clusterDistro: "ubuntu" });
    await expect(new SimulatedDriver().create(spec, null)).rejects.toMatchObject({ code: "NOT_SUPPORTED" });
  });
});

describe("requireSupport", () => {
  it("names the driver and the action it lacks", () => {
    const driver = { name: "heat", supports: new Set(["create", "delete"] as const) };
    expect(() => requireSupport(driver, "rotateCa")).toThrow('Driver "heat" does not support rotateCa');
    expect(() => requireSupport(driver, "create")).not.toThrow();
  });
});
