// The Heat driver against a real Keystone and Heat (../shared/openstack): a cluster's whole life,
// its trust, a failing stack, and Heat crashing mid-operation. Started here when not running;
// skipped with a reason when the kit is not installed, except in CI where it must run.

import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterSpec, Observation } from "../../src/orchestration/driver.js";
import { heatConfigFrom, loadConfig } from "../../src/config.js";
import { HeatDriver, type TrusteeCredentials } from "../../src/orchestration/drivers/heat/driver.js";
import { decodeStackId } from "../../src/orchestration/drivers/heat/stack-id.js";
import { OpenStackError } from "../../src/openstack/http.js";
import { KeystoneSession } from "../../src/openstack/keystone-session.js";
import { createDriverRegistry, driverOptionsFrom } from "../../src/orchestration/registry.js";
import { clusterSpec, labels, nodeGroup } from "../unit/orchestration/fixtures.js";
import { type KitEnvironment, driverEnvironment, ensureKit, kitScript, lockKit, missingKit } from "../support/openstack-kit.js";
import { waitUntil } from "../support/wait.js";

const missing = missingKit();
if (missing !== null && !process.env.CI) {
  console.warn(`Skipping the real Keystone and Heat tests: ${missing}`);
}
const suite = missing !== null && !process.env.CI ? describe.skip : describe;

suite("Heat driver on a real Keystone and Heat", { timeout: 90_000 }, () => {
  let kit: KitEnvironment;
  let startedKit = false;
  let workdir: string;
  let unlock = () => {};
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    if (missing !== null) throw new Error(`The real-Heat suite must run in CI: ${missing}`);
    unlock = await lockKit(480_000);
    ({ kit, started: startedKit } = await ensureKit());
    workdir = mkdtempSync(join(tmpdir(), "turnkey-heat-"));
  }, 600_000);

  afterAll(async () => {
    try {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      if (workdir !== undefined) rmSync(workdir, { recursive: true, force: true });
      if (startedKit) await kitScript("stop.sh");
    } finally {
      unlock();
    }
  }, 120_000);

  /** A driver on the kit; extra environment files (written here) change Heat's test knobs. */
  function driver(overrides: Record<string, string> = {}, parameterDefaults?: Record<string, unknown>): HeatDriver {
    const environment = driverEnvironment(kit, overrides);
    if (parameterDefaults !== undefined) {
      const file = join(workdir, `${randomUUID()}.json`);
      writeFileSync(file, JSON.stringify({ parameter_defaults: parameterDefaults }));
      environment["TURNKEY_HEAT_ENVIRONMENT"] += `,${file}`;
    }
    return new HeatDriver({ config: heatConfigFrom(environment) });
  }

  function spec(name: string, options: Parameters<typeof clusterSpec>[0] = {}): ClusterSpec {
    const cluster = clusterSpec({ uuid: randomUUID(), name, workers: 2, ...options });
    cleanups.push(async () => {
      const cleaner = driver();
      await cleaner.delete(cluster, null);
      await cleaner.removeTrust(cluster);
    });
    return cluster;
  }

  function keystone(user: "DEMO" | "ADMIN"): KeystoneSession {
    return new KeystoneSession({
      authUrl: kit["OS_AUTH_URL"] ?? "",
      auth: {
        method: "password",
        userName: kit[`TURNKEY_OPENSTACK_${user}_USERNAME`] ?? "",
        password: kit[`TURNKEY_OPENSTACK_${user}_PASSWORD`] ?? "",
        scope: { projectName: kit[`TURNKEY_OPENSTACK_${user}_PROJECT`] ?? "" },
      },
    });
  }

  async function status(session: KeystoneSession, path: string): Promise<number> {
    const { status } = await session.request({ service: "Keystone", method: "GET", url: `${session.authUrl}${path}`, accept: [404] });
    return status;
  }

  describe("Keystone", () => {
    it("caches a token and renews it shortly before it expires", async () => {
      let now = Date.now();
      const session = new KeystoneSession({
        authUrl: kit["OS_AUTH_URL"] ?? "",
        auth: { method: "password", userName: "demo", password: "demopass", scope: { projectName: "demo" } },
        renewBeforeMs: 60_000,
        now: () => now,
      });
      const first = await session.token();
      expect(await session.token()).toBe(first);
      now = first.expiresAt - 61_000;
      expect(await session.token()).toBe(first);
      now = first.expiresAt - 59_000;
      const renewed = await session.token();
      expect(renewed.id).not.toBe(first.id);
      expect(session.issued).toBe(2);
      expect(await session.endpoint("orchestration", "public", "RegionOne")).toBe(
        `${kit["TURNKEY_OPENSTACK_HEAT_URL"]}/${kit["TURNKEY_OPENSTACK_DEMO_PROJECT_ID"]}`,
      );
    });

    it("says whose credentials Keystone refused", async () => {
      const session = new KeystoneSession({
        authUrl: kit["OS_AUTH_URL"] ?? "",
        auth: { method: "password", userName: "demo", password: "wrong", scope: { projectName: "demo" } },
      });
      const refused = await session.token().catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(OpenStackError);
      expect(refused).toMatchObject({ failure: "unauthorized", status: 401, code: "INVALID_REQUEST", retryable: false });
      expect((refused as OpenStackError).reason).toMatch(/refused the credentials of user "demo" \(domain Default\)/);
    });

    it("names the missing endpoint when the catalog has no orchestration service there", async () => {
      const heat = driver({ TURNKEY_OPENSTACK_REGION: "Nowhere" });
      const failure = await heat.create(spec("nowhere"), null).catch((error: unknown) => error);
      expect(failure).toMatchObject({ failure: "misconfigured" });
      expect((failure as OpenStackError).reason).toMatch(/no public orchestration endpoint in region Nowhere/);
    });

    it("authenticates with an application credential, and says why it cannot delegate", async () => {
      const demo = keystone("DEMO");
      const { userId } = await demo.token();
      const { body } = await demo.request<{ application_credential: { id: string; secret: string } }>({
        service: "Keystone",
        method: "POST",
        url: `${demo.authUrl}/users/${userId}/application_credentials`,
        json: { application_credential: { name: `turnkey-${randomUUID()}` } },
      });
      const credential = body.application_credential;
      cleanups.push(() =>
        demo.request({ service: "Keystone", method: "DELETE", url: `${demo.authUrl}/users/${userId}/application_credentials/${credential.id}` }),
      );
      const heat = driver({
        TURNKEY_OPENSTACK_USERNAME: "",
        TURNKEY_OPENSTACK_PASSWORD: "",
        TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_ID: credential.id,
        TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_SECRET: credential.secret,
      });
      const token = await heat.operator.token();
      expect(token.projectId).toBe(kit["TURNKEY_OPENSTACK_DEMO_PROJECT_ID"]);
      expect(await heat.observe(spec("appcred"), null)).toMatchObject({ state: "NOT_FOUND" });
      expect(await heat.heat.findStack("no-such-stack")).toBeNull();
      // Keystone: "Delegated tokens cannot manage trusts", and Heat makes a trust for every stack it creates.
      const cluster = spec("appcred");
      await expect(heat.prepareTrust(cluster, null)).rejects.toMatchObject({
        status: 403,
        reason: expect.stringMatching(/Delegated tokens cannot manage trusts.*configure TURNKEY_OPENSTACK_USERNAME/),
      });
      const withoutTrusts = driver({
        TURNKEY_OPENSTACK_USERNAME: "",
        TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_ID: credential.id,
        TURNKEY_OPENSTACK_APPLICATION_CREDENTIAL_SECRET: credential.secret,
        TURNKEY_OPENSTACK_TRUSTEE_DOMAIN: "",
        TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ADMIN_USERNAME: "",
      });
      await expect(withoutTrusts.create(cluster, null)).rejects.toMatchObject({ failure: "forbidden", status: 403 });
    });
  });

  describe("a cluster's life", () => {
    const heat = () => main.driver;
    const main = {} as { driver: HeatDriver; spec: ClusterSpec; stackId: string; trust: TrusteeCredentials };

    it("is registered as \"heat\" when TURNKEY_DRIVER says so", () => {
      const registry = createDriverRegistry(driverOptionsFrom(loadConfig(driverEnvironment(kit))));
      expect(registry.names()).toEqual(["simulated", "heat"]);
      expect(registry.get("heat").trusts).toBeDefined();
    });

    it("creates the cluster's trust: a trustee in the trustee domain, impersonating, no redelegation", async () => {
      main.driver = driver();
      main.spec = spec("main", { masterLbEnabled: true, labels: { kube_tag: "v1.30.4" } });
      const trust = await heat().prepareTrust(main.spec, null);
      expect(trust).not.toBeNull();
      main.trust = trust as TrusteeCredentials;
      expect(main.trust).toMatchObject({
        userName: `${main.spec.uuid}_${kit["TURNKEY_OPENSTACK_DEMO_PROJECT_ID"]}`,
        domainId: kit["TURNKEY_OPENSTACK_TRUSTEE_DOMAIN_ID"],
        trustorUserId: kit["TURNKEY_OPENSTACK_DEMO_USER_ID"],
        projectId: kit["TURNKEY_OPENSTACK_DEMO_PROJECT_ID"],
        roles: ["member"],
      });
      const demo = keystone("DEMO");
      const { body } = await demo.request<{ trust: Record<string, unknown> }>({
        service: "Keystone",
        method: "GET",
        url: `${demo.authUrl}/OS-TRUST/trusts/${main.trust.trustId}`,
      });
      expect(body.trust).toMatchObject({ impersonation: true, trustee_user_id: main.trust.userId, redelegation_count: 0 });
      // A stored trust that still works comes back unchanged.
      expect(await heat().prepareTrust(main.spec, main.trust)).toBe(main.trust);
    });

    it("creates the stack and streams each resource as a stage until COMPLETE", async () => {
      const started = Date.now();
      const { stackId } = await heat().create(main.spec, null);
      main.stackId = stackId;
      expect((await heat().create(main.spec, null)).stackId).toBe(stackId);
      const seen: Observation[] = [];
      const stream: string[] = [];
      const reported = new Map<string, string>();
      const done = await heat().watch(main.spec, stackId, {
        onChange: (observation) => {
          seen.push(observation);
          // The live stream as a subscriber would see it, with the lag behind Heat's event time (whole seconds).
          for (const stage of observation.stages) {
            if (reported.get(stage.name) === stage.status) continue;
            reported.set(stage.name, stage.status);
            const heatTime = stage.status === "RUNNING" ? stage.startedAt : stage.finishedAt;
            const lag = heatTime === undefined ? "" : ` (${Date.now() - heatTime} ms after Heat's second)`;
            stream.push(`  +${String(Date.now() - started).padStart(5)} ms ${stage.status.padEnd(7)} ${stage.description}${lag}`);
          }
        },
      });
      console.info(`create: COMPLETE in ${Date.now() - started} ms, ${seen.length} distinct observations\n${stream.join("\n")}`);
      expect(done).toMatchObject({
        state: "COMPLETE",
        action: "CREATE",
        operation: "create",
        percent: 100,
        reason: "Stack CREATE completed successfully",
        apiAddress: "https://10.0.255.1:6443",
        masterAddresses: ["10.0.0.10"],
        nodeAddresses: ["10.1.0.10", "10.1.1.10"],
        coeVersion: "v1.30.4",
      });
      expect(done.stages.map((stage) => [stage.name, stage.status])).toEqual(
        expect.arrayContaining([
          ["network", "DONE"],
          ["default-master", "DONE"],
          ["default-master/0", "DONE"],
          ["api_lb", "DONE"],
          ["default-worker", "DONE"],
          ["default-worker/0", "DONE"],
          ["default-worker/1", "DONE"],
        ]),
      );
      expect(done.stages.find((stage) => stage.name === "default-worker/1")?.description).toBe(
        `Create node ${decodeStackId(stackId)?.stackName}-node-1`,
      );
      // The live stream saw resources running, not just the end.
      expect(seen.some((observation) => observation.stages.some((stage) => stage.status === "RUNNING"))).toBe(true);
      expect(seen.length).toBeGreaterThan(2);
    });

    it("lets the cluster act through its trust", async () => {
      const session = heat().trustSession(main.trust);
      const token = await session.token();
      expect(token.userId).toBe(kit["TURNKEY_OPENSTACK_DEMO_USER_ID"]); // impersonation
      expect(token.trustId).toBe(main.trust.trustId);
      const { stackName, stackUuid } = decodeStackId(main.stackId) ?? { stackName: "", stackUuid: "" };
      const base = await session.endpoint("orchestration", "public", "RegionOne");
      const { body } = await session.request<{ stack: { stack_status: string; parameters: Record<string, string> } }>({
        service: "Heat",
        method: "GET",
        url: `${base}/stacks/${stackName}/${stackUuid}`,
      });
      expect(body.stack.stack_status).toBe("CREATE_COMPLETE");
      expect(body.stack.parameters["trust_id"]).toBe("******"); // hidden
      expect(body.stack.parameters["trustee_user_id"]).toBe(main.trust.userId);
    });

    it("observes the same stack from a new driver, as after a control-plane restart", async () => {
      const observation = await driver().observe(main.spec, main.stackId);
      expect(observation).toMatchObject({ state: "COMPLETE", action: "CREATE", nodeAddresses: ["10.1.0.10", "10.1.1.10"] });
    });

    it("resizes up, then down removing the named node first", async () => {
      const worker = main.spec.nodeGroups[1]?.uuid ?? "";
      let started = Date.now();
      const grown = await heat().resize(main.spec, main.stackId, { nodeGroupId: worker, nodeCount: 3 });
      main.stackId = grown.stackId;
      const up = await heat().watch(main.spec, grown.stackId);
      console.info(`resize 2→3: COMPLETE in ${Date.now() - started} ms`);
      expect(up).toMatchObject({ state: "COMPLETE", action: "UPDATE", operation: "resize" });
      expect(up.nodeAddresses).toEqual(["10.1.0.10", "10.1.1.10", "10.1.2.10"]);
      expect(up.stages.map((stage) => stage.name)).toContain("default-worker/2");
      expect(up.stages.map((stage) => stage.name)).not.toContain("default-master/0");

      const first = up.nodeGroups[1]?.nodeNames[0] ?? "";
      started = Date.now();
      const shrunk = await heat().resize(main.spec, main.stackId, { nodeGroupId: worker, nodeCount: 2, nodesToRemove: [first] });
      main.stackId = shrunk.stackId;
      const down = await heat().watch(main.spec, shrunk.stackId);
      console.info(`resize 3→2 removing ${first}: COMPLETE in ${Date.now() - started} ms`);
      expect(down.state).toBe("COMPLETE");
      expect(down.nodeAddresses).toEqual(["10.1.1.10", "10.1.2.10"]);
      expect(down.nodeGroups[1]?.nodeNames).not.toContain(first);
    });

    it("upgrades node groups by replacing their nodes in batches", async () => {
      const started = Date.now();
      const request = {
        template: { imageId: "fedora-coreos-41", labels: labels({ kube_tag: "v1.31.1" }) },
        maxBatchSize: 2,
        nodeGroupId: null,
      };
      const { stackId } = await heat().upgrade(main.spec, main.stackId, request);
      main.stackId = stackId;
      // Repeated while it runs, the same request is recognised rather than started twice.
      expect((await heat().upgrade(main.spec, stackId, request)).stackId).toBe(stackId);
      const done = await heat().watch(main.spec, stackId);
      console.info(`upgrade: COMPLETE in ${Date.now() - started} ms`);
      expect(done).toMatchObject({ state: "COMPLETE", operation: "upgrade", coeVersion: "v1.31.1" });
      for (const group of done.nodeGroups) expect(group).toMatchObject({ version: "v1.31.1", imageId: "fedora-coreos-41" });
      expect(done.stages.filter((stage) => /^default-worker\/\d+$/.test(stage.name))).toHaveLength(2);
      expect(done.nodeAddresses).toEqual(["10.1.1.10", "10.1.2.10"]);
    });

    it("rotates the CA with a parameter update", async () => {
      const before = await heat().heat.getStack(stackRef(main.stackId), false);
      const { stackId } = await heat().rotateCa(main.spec, main.stackId);
      main.stackId = stackId;
      expect(await heat().watch(main.spec, stackId)).toMatchObject({ state: "COMPLETE", operation: "rotateCa" });
      const after = await heat().heat.getStack(stackRef(stackId), false);
      expect(after?.parameters["ca_generation"]).not.toBe(before?.parameters["ca_generation"]);
    });

    it("adds a node group to the stack and removes it again", async () => {
      const gpu = nodeGroup({ uuid: randomUUID(), name: "gpu", nodeCount: 1 });
      const grown = { ...main.spec, nodeGroups: [...main.spec.nodeGroups, gpu] };
      const added = await heat().createNodeGroup(grown, main.stackId, gpu.uuid);
      const withGpu = await heat().watch(grown, added.stackId);
      expect(withGpu).toMatchObject({ state: "COMPLETE", operation: "nodeGroupCreate" });
      expect(withGpu.nodeGroups.find((group) => group.name === "gpu")).toMatchObject({ action: "CREATE", nodeCount: 1 });
      expect(withGpu.nodeGroups.find((group) => group.name === "default-master")?.action).toBeNull();

      const removed = await heat().deleteNodeGroup(main.spec, added.stackId, gpu.uuid);
      main.stackId = removed.stackId;
      const without = await heat().watch(main.spec, removed.stackId);
      expect(without).toMatchObject({ state: "COMPLETE", operation: "nodeGroupDelete" });
      expect(without.stages.map((stage) => [stage.name, stage.status])).toContainEqual(["gpu", "DONE"]);
    });

    it("deletes the stack, then the trust and the trustee", async () => {
      const started = Date.now();
      const { stackId } = await heat().delete(main.spec, main.stackId);
      const gone = await heat().watch(main.spec, stackId);
      console.info(`delete: COMPLETE in ${Date.now() - started} ms`);
      expect(gone).toMatchObject({ state: "COMPLETE", action: "DELETE", nodeAddresses: [] });
      expect(await status(keystone("DEMO"), `/OS-TRUST/trusts/${main.trust.trustId}`)).toBe(404);
      expect(await status(keystone("ADMIN"), `/users/${main.trust.userId}`)).toBe(404);
      await expect(heat().trustSession(main.trust).token()).rejects.toMatchObject({ status: 401 });
    });
  });

  it("reports a stack whose workers fail as CREATE_FAILED with Heat's reason", async () => {
    const heat = driver({}, { fail_workers: true });
    const broken = spec("broken", { workers: 1 });
    await heat.prepareTrust(broken, null);
    const { stackId } = await heat.create(broken, null);
    const failed = await heat.watch(broken, stackId);
    expect(failed).toMatchObject({ state: "FAILED", action: "CREATE", operation: "create" });
    expect(failed.reason).toMatch(/^Resource CREATE failed: .*Test Resource failed/);
    expect(failed.faults["default-worker"]).toMatch(/Test Resource failed/);
    expect(failed.faults["default-master"]).toBeUndefined();
    expect(failed.stages.find((stage) => stage.name === "default-worker/0")?.status).toBe("FAILED");
    const { stackId: deleting } = await heat.delete(broken, stackId);
    expect(await heat.watch(broken, deleting)).toMatchObject({ state: "COMPLETE", action: "DELETE" });
  });

  it("finishes a create that Heat crashed in the middle of", async () => {
    // Slow workers so Heat can be killed while they build; a short stall so recovery starts soon.
    const heat = driver({ TURNKEY_HEAT_STALL_SECS: "2" }, { worker_wait_secs: 5 });
    const crash = spec("crash", { workers: 2 });
    const started = Date.now();
    const { stackId } = await heat.create(crash, null);
    let latest: Observation | null = null;
    const watching = heat.watch(crash, stackId, { onChange: (observation) => (latest = observation) });
    await until(() => latest?.stages.some((stage) => stage.name.startsWith("default-worker/") && stage.status === "RUNNING") ?? false);
    await kitScript("stop.sh", ["heat"], { TURNKEY_OPENSTACK_STOP_GRACE: "0" });
    const stopped = Date.now();
    await until(() => heat.recovery.heat.outageAt !== null && heat.recovery.heat.outageAt > stopped);
    await kitScript("restart.sh", ["heat"]);
    const back = Date.now();
    const done = await watching;
    const at = (time: number | null) => (time === null ? "never" : `+${time - started} ms`);
    console.info(
      `create across a Heat crash: killed ${at(stopped)}, back ${at(back)}, recovery update ${at(heat.recovery.lastRestartAt)}, COMPLETE ${at(Date.now())}`,
    );
    expect(done, `${done.state}: ${done.reason}`).toMatchObject({ state: "COMPLETE", action: "CREATE", operation: "create" });
    expect(done.nodeAddresses).toEqual(["10.1.0.10", "10.1.1.10"]);
    expect(heat.recovery.restarts).toBeGreaterThanOrEqual(1);
    const { stackId: deleting } = await heat.delete(crash, stackId);
    expect(await heat.watch(crash, deleting)).toMatchObject({ state: "COMPLETE" });
  }, 300_000);
});

function stackRef(stackId: string) {
  const id = decodeStackId(stackId);
  return { name: id?.stackName ?? "", id: id?.stackUuid ?? "" };
}

function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  return waitUntil(condition, timeoutMs, "the Heat stack's condition");
}
