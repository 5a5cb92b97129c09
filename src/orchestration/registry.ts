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
import { HeatDriver, heatDriversFrom } from "./drivers/heat/driver.js";
import type { HeatDriverConfig } from "./drivers/heat/config.js";

/** The embedded simulation runs unless TURNKEY_DRIVER names another driver ("heat" later). */
export const DEFAULT_DRIVER = "simulated";

export type Environment = Readonly<Record<string, string | undefined>>;

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

export function driverNameFrom(environment: Environment): string {
  const name = environment["TURNKEY_DRIVER"]?.trim();
  return name === undefined || name === "" ? DEFAULT_DRIVER : name;
}

/** TURNKEY_SIM_SPEED (default 1: realistic) and TURNKEY_SIM_SEED (default "turnkey"). */
export function simulatedOptionsFrom(environment: Environment): SimulatedDriverOptions {
  const options: SimulatedDriverOptions = {};
  const speed = environment["TURNKEY_SIM_SPEED"]?.trim();
  if (speed !== undefined && speed !== "") {
    const value = Number(speed);
    if (!Number.isFinite(value) || value <= 0) {
      throw new DriverError("INVALID_REQUEST", `TURNKEY_SIM_SPEED must be a positive number, not "${speed}"`);
    }
    options.speed = value;
  }
  const seed = environment["TURNKEY_SIM_SEED"];
  if (seed !== undefined && seed !== "") options.seed = seed;
  return options;
}

/** Every driver this build ships, configured from the environment; overrides win (tests pass a clock). */
export function createDriverRegistry(
  environment: Environment = process.env,
  overrides: { simulated?: SimulatedDriverOptions } = {},
): DriverRegistry {
  const simulated = new SimulatedDriver({ ...simulatedOptionsFrom(environment), ...overrides.simulated });
  return new DriverRegistry([simulated, ...heatDriversFrom(environment)]);
}

/** The driver TURNKEY_DRIVER names, from a registry of everything this build ships. */
export function driverFromEnvironment(
  environment: Environment = process.env,
  overrides: { simulated?: SimulatedDriverOptions } = {},
): Driver {
  return createDriverRegistry(environment, overrides).get(driverNameFrom(environment));
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

/** The configured driver, from typed options: the server's path (no environment strings in between). */
export function driverFromOptions(options: DriverOptions): Driver {
  const drivers: Driver[] = [new SimulatedDriver(options.simulated)];
  if (options.heat) drivers.push(new HeatDriver({ config: options.heat }));
  return new DriverRegistry(drivers).get(options.name);
}
