// The real Keystone and Heat of ../shared/openstack for the Heat driver's tests: whether it is
// installed, starting it when it does not answer, crashing and restarting Heat, and the driver's
// configuration for its identities.

import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const KIT = process.env.TURNKEY_OPENSTACK_KIT ?? resolve(process.cwd(), "../shared/openstack");
export const ROOT = process.env.TURNKEY_OPENSTACK_ROOT ?? "/tmp/turnkey-openstack";
/** Heat's fixed 1 s pauses cut to 0.1 s (the kit's README): stacks build about three times faster. */
export const HEAT_PAUSE_SECS = "0.1";

export type KitEnvironment = Record<string, string>;

/** Why the kit cannot run here, or null when its scripts and packages are in place. */
export function missingKit(): string | null {
  if (!existsSync(`${KIT}/start.sh`)) return `no kit at ${KIT} (set TURNKEY_OPENSTACK_KIT)`;
  for (const file of ["/usr/bin/keystone-manage", "/usr/lib/python3/dist-packages/heat/__init__.py"]) {
    if (!existsSync(file)) return `${file} is missing: run sudo bash ${KIT}/install.sh`;
  }
  return null;
}

export function readKitEnvironment(): KitEnvironment | null {
  try {
    return JSON.parse(readFileSync(`${ROOT}/env.json`, "utf8")) as KitEnvironment;
  } catch {
    return null;
  }
}

// Three tries of 5 s each: a loaded machine must not make a running kit look dead (start.sh wipes it).
async function answers(url: string): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.status < 500) return true;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
}

/**
 * One test run at a time on the kit: the suite crashes Heat on purpose, and start.sh wipes a running
 * instance, so two runs sharing it break each other. Waits for the holder (a live pid) to finish.
 * Returns the release function.
 */
export async function lockKit(timeoutMs: number): Promise<() => void> {
  const lock = `${ROOT}.lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(`${lock}/pid`, String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = lockHolder(lock);
    if (holder === "stale") {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Another test run (pid ${holder}) still holds ${lock}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function lockHolder(lock: string): number | "stale" | "unknown" {
  let pid: number;
  try {
    pid = Number(readFileSync(`${lock}/pid`, "utf8"));
  } catch {
    // Taken but not yet written; stale if it stays that way.
    try {
      return Date.now() - statSync(lock).mtimeMs > 30_000 ? "stale" : "unknown";
    } catch {
      return "stale";
    }
  }
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? pid : "stale";
  }
}

export async function kitAnswers(kit: KitEnvironment | null): Promise<boolean> {
  if (kit === null) return false;
  const heat = kit["TURNKEY_OPENSTACK_HEAT_URL"] ?? "";
  return (await answers(kit["OS_AUTH_URL"] ?? "")) && (await answers(heat.replace(/\/v1$/, "/")));
}

export async function kitScript(script: string, args: string[] = [], environment: Record<string, string> = {}) {
  return run("bash", [`${KIT}/${script}`, ...args], {
    env: { ...process.env, TURNKEY_OPENSTACK_ROOT: ROOT, TURNKEY_OPENSTACK_HEAT_PAUSE_SECS: HEAT_PAUSE_SECS, ...environment },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/**
 * The running kit, or a fresh one (about 30 s). Returns whether this call started it, so the caller
 * stops what it started. A running Heat without the short pauses is restarted with them.
 */
export async function ensureKit(): Promise<{ kit: KitEnvironment; started: boolean }> {
  let kit = readKitEnvironment();
  if (await kitAnswers(kit)) {
    if (kit?.["TURNKEY_OPENSTACK_HEAT_PAUSE_SECS"] === undefined) await kitScript("restart.sh", ["heat"]);
    return { kit: kit as KitEnvironment, started: false };
  }
  await kitScript("start.sh");
  kit = readKitEnvironment();
  if (kit === null) throw new Error(`start.sh wrote no ${ROOT}/env.json`);
  return { kit, started: true };
}

/** The Heat driver's environment for the kit's demo user, its trustee domain and test resources. */
export function driverEnvironment(kit: KitEnvironment, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    TURNKEY_DRIVER: "heat",
    TURNKEY_OPENSTACK_AUTH_URL: kit["OS_AUTH_URL"] ?? "",
    TURNKEY_OPENSTACK_USERNAME: kit["TURNKEY_OPENSTACK_DEMO_USERNAME"] ?? "",
    TURNKEY_OPENSTACK_PASSWORD: kit["TURNKEY_OPENSTACK_DEMO_PASSWORD"] ?? "",
    TURNKEY_OPENSTACK_PROJECT: kit["TURNKEY_OPENSTACK_DEMO_PROJECT"] ?? "",
    TURNKEY_OPENSTACK_REGION: kit["TURNKEY_OPENSTACK_REGION"] ?? "",
    TURNKEY_OPENSTACK_TRUSTEE_DOMAIN: kit["TURNKEY_OPENSTACK_TRUSTEE_DOMAIN"] ?? "",
    TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_USERNAME: kit["TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_USERNAME"] ?? "",
    TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_PASSWORD: kit["TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_PASSWORD"] ?? "",
    TURNKEY_OPENSTACK_TRUST_ROLES: "member",
    TURNKEY_HEAT_ENVIRONMENT: `${KIT}/examples/test-env.yaml`,
    TURNKEY_HEAT_POLL_INTERVAL_MS: "500",
    ...overrides,
  };
}
