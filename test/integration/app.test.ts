// The composition root (src/app.ts) wires its parts: an injected driver and clock reach the reconciler, a commit
// wakes it, every timer is in the one periodic-task registry, and a create moves only as the test moves time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterStateDocument, OperationStateDocument } from "../../src/client/generated/graphql.js";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import type { Driver } from "../../src/orchestration/driver.js";
import { SimulatedDriver } from "../../src/orchestration/drivers/simulated/driver.js";
import { TestClock } from "../support/clock.js";
import { DATABASES } from "../support/databases.js";
import { createCluster, createTemplate, waitForStatus } from "../support/lifecycle.js";
import { ADMIN_TOKEN, SECRET_KEY, startTestServer, type TestServer } from "../support/server.js";
import { waitForValue } from "../support/wait.js";

/** The real simulated driver on the test's clock, counting its observations. */
function countingDriver(clock: TestClock): { driver: Driver; observations: () => number } {
  const inner = new SimulatedDriver({ speed: 1, clock });
  let observations = 0;
  const driver = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      if (property !== "observe") return (value as (...parameters: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        observations += 1;
        return (value as (...parameters: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { driver, observations: () => observations };
}

const database = DATABASES[0]!;

describe(`the composition root on ${database.label}`, () => {
  it("builds named parts from the configuration, with the injected driver and clock", async () => {
    const created = await database.create();
    const clock = new TestClock();
    const { driver } = countingDriver(clock);
    const config = loadConfig({ PORT: "0", DATABASE_URL: created.url, TURNKEY_DATA_DIR: "/tmp/turnkey-test-unused", TURNKEY_ADMIN_TOKEN: ADMIN_TOKEN, TURNKEY_SECRET_KEY: SECRET_KEY });
    const app = await buildApp(config, createLogger("silent"), { driver, clock });
    try {
      expect(app.driver).toBe(driver);
      expect(app.clock).toBe(clock);
      expect(app.secrets.adminToken).toBe(ADMIN_TOKEN);
      expect(app.tasks.names().sort()).toEqual(["autopilot", "ca-retirement", "event-retention", "health-monitor", "readiness-probe", "token-last-use"]);
      // The authenticator knows the operator's token; the request-context factory hands the domain the post-commit waker.
      const principal = await app.authenticator.principalFor(`Bearer ${ADMIN_TOKEN}`);
      expect(principal.isGlobalAdmin).toBe(true);
      const context = app.requestContexts.contextFor(principal, "request-1");
      expect(context.domain.eventsCommitted).toBe(app.afterCommit.eventsCommitted);
      expect(context.homeProjectId).toBe(app.homeProjectId);
      expect(context.domain.unsupportedClusterType({ coe: "KUBERNETES", clusterDistro: "fedora-coreos", serverType: "VM" })).toBeNull();
      expect(context.domain.unsupportedClusterType({ coe: "MESOS", clusterDistro: "ubuntu", serverType: "VM" })).toMatch(/simulated driver does not provide MESOS/);
    } finally {
      await app.stop();
      await created.dispose();
    }
  });

  describe("a create under a clock the test holds", () => {
    let api: TestServer;
    let templateId: string;
    const clock = new TestClock();
    const counting = countingDriver(clock);

    beforeAll(async () => {
      // The reconciler's own poll comes once an hour of wall time (a third of the lease): only the post-commit
      // wake-up (or the event bus it also wakes) can start the operation within the test's deadline.
      api = await startTestServer(database, { TURNKEY_LEASE_MS: "10800000", TURNKEY_RECONCILE_INTERVAL_MS: "20", TURNKEY_HEALTH_INTERVAL_MS: "3600000" }, { driver: counting.driver, clock });
      templateId = await createTemplate(api);
    });
    afterAll(async () => {
      await api?.close();
    });

    it("adds the HTTP server's session sweep to the same registry", () => {
      expect(api.server.app.tasks.names()).toContain("session-sweep");
      expect(api.server.reconciler).toBe(api.server.app.reconciler);
    });

    it("stays in progress while time stands, and completes once the test moves time on", async () => {
      clock.hold();
      const cluster = await createCluster(api, templateId, { nodeCount: 1 });
      // Claimed and observed again and again with the clock held: nothing progresses.
      const before = counting.observations();
      await waitForValue(() => counting.observations(), (seen) => seen >= before + 5, "five observations of the held create");
      const held = await api.query(ClusterStateDocument, { id: cluster.id });
      expect(held.cluster.status).toBe("CREATE_IN_PROGRESS");
      const running = await api.query(OperationStateDocument, { id: cluster.operationId });
      expect(running.operation.status).toBe("RUNNING");
      expect(running.operation.progress.percent).toBeLessThan(100);

      // Two simulated hours at once (a default create takes about seven minutes at speed 1).
      clock.advance(2 * 60 * 60_000);
      const done = await waitForStatus(api, cluster.id, ["CREATE_COMPLETE", "CREATE_FAILED"]);
      expect(done?.status).toBe("CREATE_COMPLETE");
      const finished = await api.query(OperationStateDocument, { id: cluster.operationId });
      expect(finished.operation).toMatchObject({ status: "SUCCEEDED", progress: { percent: 100 } });
      clock.release();
    });
  });
});
