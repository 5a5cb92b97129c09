// Chooses the driver a deployment runs and checks it can build what a cluster template asks for.

import {
  type ClusterType,
  type Driver,
  DriverError,
  NotSupportedError,
  describeClusterType,
  providesClusterType,
} from "./driver.js";
import { SimulatedDriver, type SimulatedDriverOptions } from "./drivers/simulated/driver.js";
import { HeatDriver } from "./drivers/heat/driver.js";
import type { HeatDriverConfig } from "./drivers/heat/config.js";
import { DEFAULT_DISTRO } from "./spec.js";
import type { Clock } from "../clock.js";

export class DriverRegistry {
  private readonly drivers = new Map<string, Driver>();

  constructor(drivers: Iterable<Driver> = []) {
    for (const driver of drivers) this.register(driver);
  }

  register(driver: Driver): this {
    if (this.drivers.has(driver.name)) {
      throw new DriverError("CONFLICT", `A driver named "${driver.name}" is already registered`);
    }
    this.drivers.set(driver.name, driver);
    return this;
  }

  names(): string[] {
    return [...this.drivers.keys()];
  }

  get(name: string): Driver {
    const driver = this.drivers.get(name);
    if (driver === undefined) {
      const known = this.names().join(", ") || "none";
      throw new DriverError("UNKNOWN_DRIVER", `No driver named "${name}" (available: ${known})`);
    }
    return driver;
  }

  /** The named driver, if it provides the template's COE on its distro and server type. */
  select(name: string, type: ClusterType): Driver {
    const driver = this.get(name);
    if (!providesClusterType(driver, type)) {
      throw new NotSupportedError(driver.name, "provide", describeClusterType(type));
    }
    return driver;
  }
}

/** What the configuration (src/config.ts) says about drivers: which one runs, and each one's typed options. */
export interface DriverOptions {
  name: string;
  simulated: SimulatedDriverOptions;
  /** Null unless the Heat driver is configured (TURNKEY_DRIVER=heat). */
  heat: HeatDriverConfig | null;
}

/** The configuration's injected faults (src/config.ts TURNKEY_SIM_*_RATE) as the simulated driver's options; none when all are off. */
export function simulatedFaults(faults: { failureRate: number; hangRate: number; callFailureRate: number; slowRate: number; slowMs: number }): Pick<SimulatedDriverOptions, "faults" | "calls"> {
  const options: Pick<SimulatedDriverOptions, "faults" | "calls"> = {};
  if (faults.failureRate > 0 || faults.hangRate > 0) options.faults = { failureRate: faults.failureRate, hangRate: faults.hangRate };
  if (faults.callFailureRate > 0 || (faults.slowRate > 0 && faults.slowMs > 0)) options.calls = { failureRate: faults.callFailureRate, slowRate: faults.slowRate, slowMs: faults.slowMs };
  return options;
}

/** The drivers' options from the configuration; `clock` is the simulated driver's (tests hold or move it). */
/** The part of the configuration tree (src/config.ts) the drivers are built from. */
export interface DriverSettings {
  driver: DriverOptions["name"];
  simulation: { speed: number; seed: string | undefined; faults: Parameters<typeof simulatedFaults>[0] };
  heat: HeatDriverConfig | null;
}

export function driverOptionsFrom(config: DriverSettings, clock?: Clock): DriverOptions {
  return {
    name: config.driver,
    simulated: { speed: config.simulation.speed, ...(config.simulation.seed ? { seed: config.simulation.seed } : {}), ...(clock ? { clock } : {}), ...simulatedFaults(config.simulation.faults) },
    heat: config.heat,
  };
}

/** Every driver this build ships that the options configure: the simulated one always, Heat when configured. */
export function createDriverRegistry(options: DriverOptions): DriverRegistry {
  const drivers: Driver[] = [new SimulatedDriver(options.simulated)];
  if (options.heat) drivers.push(new HeatDriver({ config: options.heat }));
  return new DriverRegistry(drivers);
}

/** The configured driver, from typed options (no environment strings in between). */
export function driverFromOptions(options: DriverOptions): Driver {
  return createDriverRegistry(options).get(options.name);
}

/**
 * The check a create makes before recording anything (DomainContext.unsupportedClusterType): null when the
 * driver provides the template's cluster type, else why not, naming what it does provide (Magnum's ClusterTypeNotSupported).
 */
export function clusterTypeCheck(driver: Driver): (type: { coe: string; clusterDistro: string | null; serverType: string }) => string | null {
  return (type) => {
    const wanted = { coe: type.coe, clusterDistro: type.clusterDistro ?? DEFAULT_DISTRO, serverType: type.serverType } as ClusterType;
    if (providesClusterType(driver, wanted)) return null;
    return `the ${driver.name} driver does not provide ${describeClusterType(wanted)}; it provides ${driver.provides.map((entry) => `${entry.coe} on ${entry.distros.join("/")} (${entry.serverTypes.join("/")})`).join("; ")}`;
  };
}
