// The real Keystone + Heat kit of ../shared/openstack: reuse a running instance, start one when missing, skip (outside CI) when not installed.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import got from "got";

export const KIT = path.resolve(import.meta.dirname, "../../../shared/openstack");
const ROOT = process.env.TURNKEY_OPENSTACK_ROOT ?? "/tmp/turnkey-openstack";

export type KitEnvironment = Record<string, string>;

function readEnvironment(): KitEnvironment | null {
  const file = path.join(ROOT, "env.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as KitEnvironment) : null;
}

async function answers(url: string): Promise<boolean> {
  try {
    await got.get(url, { timeout: { request: 3_000 }, retry: { limit: 0 } });
    return true;
  } catch {
    return false;
  }
}

function installed(): boolean {
  try {
    execFileSync("dpkg", ["-s", "python3-keystone", "python3-heat"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** The kit's environment, starting it if needed; null (with a printed reason) when it cannot run here outside CI. */
export async function openstackKit(): Promise<KitEnvironment | null> {
  let environment = readEnvironment();
  if (environment && (await answers(environment.TURNKEY_OPENSTACK_KEYSTONE_URL!)) && (await answers(`http://127.0.0.1:${environment.TURNKEY_OPENSTACK_HEAT_PORT}/`))) return environment;
  if (!installed()) {
    if (process.env.CI) throw new Error("the OpenStack kit is not installed; .ci/run must install it");
    console.warn("SKIPPED: OpenStack tests (the kit in ../shared/openstack is not installed: sudo bash install.sh)");
    return null;
  }
  execFileSync("bash", [path.join(KIT, "start.sh")], { stdio: "ignore", env: { ...process.env, TURNKEY_OPENSTACK_HEAT_PAUSE_SECS: process.env.TURNKEY_OPENSTACK_HEAT_PAUSE_SECS ?? "0.1" }, timeout: 240_000 });
  environment = readEnvironment();
  if (!environment) throw new Error("the OpenStack kit started but wrote no env.json");
  return environment;
}

/** A project-scoped Keystone token for a user, by password. */
export async function keystoneToken(environment: KitEnvironment, user: string, password: string, project: string): Promise<string> {
  const response = await got.post(`${environment.OS_AUTH_URL}/auth/tokens`, {
    json: { auth: { identity: { methods: ["password"], password: { user: { name: user, domain: { name: "Default" }, password } } }, scope: { project: { name: project, domain: { name: "Default" } } } } },
  });
  return String(response.headers["x-subject-token"]);
}
