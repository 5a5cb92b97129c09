// The `turnkey` CLI end to end against a real server: -o json parses, --wait exits 0 on success and 1 with the
// reason on an injected failure, cluster config writes a kubeconfig openssl accepts and refuses to overwrite.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../support/build.js";
import { DATABASES } from "../support/databases.js";
import { FAST } from "../support/lifecycle.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../support/server.js";
import { createOpenSslWorkspace, kubeconfigParts, verifyClient } from "./certificates-kit.js";

const root = path.resolve(import.meta.dirname, "../..");
/** The installed command itself (bin/turnkey.mjs on the build), as `npx turnkey` runs it. */
const bin = path.join(root, "bin", "turnkey.mjs");

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe("turnkey CLI", { timeout: 120_000 }, () => {
  let api: TestServer;
  const workspace = mkdtempSync(path.join(tmpdir(), "turnkey-cli-"));
  const openssl = createOpenSslWorkspace();

  const cli = (...args: string[]): Promise<CliResult> =>
    new Promise((resolve) => {
      execFile(process.execPath, [bin, ...args], { cwd: workspace, env: { ...process.env, TURNKEY_URL: new URL(api.url).origin, TURNKEY_TOKEN: ADMIN_TOKEN }, timeout: 120_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
      });
    });

  beforeAll(async () => {
    await ensureBuilt();
    // A create of about four seconds: long enough that --wait has stages to stream after it subscribes.
    api = await startTestServer(DATABASES[0]!, { ...FAST, TURNKEY_SIM_SPEED: "100" });
    const created = await cli("template", "create", "k8s", "--coe", "kubernetes", "--image", "fedora-coreos-38", "--labels", "kube_tag=v1.30.4", "-o", "json");
    expect(created.code, created.stderr).toBe(0);
  }, 300_000);
  afterAll(async () => {
    await api?.close();
    rmSync(workspace, { recursive: true, force: true });
    openssl.dispose();
  });

  it("lists templates as JSON that parses", async () => {
    const listed = await cli("template", "list", "-o", "json");
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { name: string; coe: string }[]).map((template) => [template.name, template.coe])).toEqual([["k8s", "KUBERNETES"]]);
  });

  it("cluster create --wait streams the stages and exits 0 when the cluster is built", async () => {
    const created = await cli("cluster", "create", "demo", "--cluster-template", "k8s", "--node-count", "2", "--wait", "-o", "json");
    expect(created.code, created.stderr).toBe(0);
    const result = JSON.parse(created.stdout) as { cluster: { name: string }; operation: { status: string; cluster: { status: string } } };
    expect(result.operation.status).toBe("SUCCEEDED");
    expect(result.operation.cluster.status).toBe("CREATE_COMPLETE");
    // Not a terminal: plain lines, one per step, on stderr.
    expect(created.stderr).toMatch(/stage masters/);
    expect(created.stderr).toMatch(/status CREATE_COMPLETE/);
    expect(created.stderr).toMatch(/CLUSTER_CREATE SUCCEEDED: cluster demo is CREATE_COMPLETE/);
    const listed = JSON.parse((await cli("cluster", "list", "-o", "json")).stdout) as { name: string; status: string }[];
    expect(listed.find((cluster) => cluster.name === "demo")?.status).toBe("CREATE_COMPLETE");
  });

  it("cluster create --wait exits 1 with the reason when a stage fails", async () => {
    const failed = await cli("cluster", "create", "broken", "--cluster-template", "k8s", "--labels", "turnkey.sim/fail-stage=masters", "--merge-labels", "--wait");
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/CLUSTER_CREATE FAILED \(cluster broken is CREATE_FAILED\): \S+/);
  });

  it("cluster config writes DIR/config that openssl verifies, and refuses to overwrite it without --force", async () => {
    const dir = path.join(workspace, "kube");
    const written = await cli("cluster", "config", "demo", "--dir", dir);
    expect(written.code, written.stderr).toBe(0);
    const file = path.join(dir, "config");
    expect(written.stdout.trim()).toBe(`export KUBECONFIG=${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const first = readFileSync(file, "utf8");
    const parts = kubeconfigParts(first);
    const verified = verifyClient(openssl, parts.caBundlePem!, parts.clientCertificatePem!);
    expect(verified.succeeded, verified.output).toBe(true);

    const refused = await cli("cluster", "config", "demo", "--dir", dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--force");
    expect(readFileSync(file, "utf8")).toBe(first);
    const forced = await cli("cluster", "config", "demo", "--dir", dir, "--force");
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).not.toBe(first);
  });

  it("prints refusals readably with a non-zero exit code", async () => {
    const missing = await cli("cluster", "show", "no-such-cluster");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("NOT_FOUND");
    const invalid = await cli("cluster", "create", "x", "--cluster-template", "k8s", "--node-count", "-3");
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/BAD_USER_INPUT nodeCount: /);
    const usage = await cli("cluster", "create");
    expect(usage.code).toBe(2);
  });
});
