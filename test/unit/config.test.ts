// Configuration parsing: defaults, database targets, and clear refusals.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseDatabaseTarget } from "../../src/config.js";

describe("configuration", () => {
  it("defaults to PGlite under ./.turnkey, port 4000, the simulated driver", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.driver).toBe("simulated");
    expect(config.database).toEqual({ kind: "pglite", dataDir: expect.stringMatching(/\.turnkey\/pgdata$/) });
    expect(config.simulation.speed).toBe(15);
  });

  it.each([
    ["memory://", { kind: "pglite", dataDir: null }],
    ["postgres://postgres@127.0.0.1:5432/test", { kind: "postgres", url: "postgres://postgres@127.0.0.1:5432/test" }],
    ["postgresql://u@h/db", { kind: "postgres", url: "postgresql://u@h/db" }],
  ])("reads DATABASE_URL=%s", (url, expected) => {
    expect(parseDatabaseTarget(url, "/data")).toEqual(expected);
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL/],
    [{ PORT: "seventy" }, /PORT/],
    [{ TURNKEY_ADMIN_TOKEN: "short" }, /TURNKEY_ADMIN_TOKEN/],
    [{ TURNKEY_DRIVER: "nova" }, /TURNKEY_DRIVER/],
    [{ TURNKEY_SIM_SPEED: "0" }, /TURNKEY_SIM_SPEED/],
    [{ TURNKEY_DRIVER: "heat" }, /TURNKEY_OPENSTACK_AUTH_URL/],
    [{ TURNKEY_PKI_KEY_POOL: "-1" }, /TURNKEY_PKI_KEY_POOL/],
  ])("refuses %j with a message naming the variable", (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(message);
  });

  it("reads the drivers' and the key pool's settings into typed options, not environment strings for later", () => {
    expect(loadConfig({}).heat).toBeNull();
    const heat = loadConfig({
      TURNKEY_DRIVER: "heat",
      TURNKEY_OPENSTACK_AUTH_URL: "http://127.0.0.1:5000/v3",
      TURNKEY_OPENSTACK_USERNAME: "turnkey",
      TURNKEY_OPENSTACK_PASSWORD: "secret",
      TURNKEY_OPENSTACK_PROJECT: "service",
      TURNKEY_HEAT_ENVIRONMENT: "a.yaml, b.yaml",
    }).heat;
    expect(heat).toMatchObject({ authUrl: "http://127.0.0.1:5000/v3", environmentFiles: ["a.yaml", "b.yaml"], trustee: null, retries: 5 });
    expect(loadConfig({}).certificates.keyPoolSize).toBe(6);
    expect(loadConfig({ TURNKEY_PKI_KEY_POOL: "0" }).certificates.keyPoolSize).toBe(0);
    expect(loadConfig({ TURNKEY_WORKER_CONCURRENCY: "0" }).reconciler.concurrency).toBe(0);
  });
});
