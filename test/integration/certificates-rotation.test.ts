// Two-phase CA rotation through the real server: who still verifies after each phase, failures, deletes, automatic retirement, expiry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterCaRotateDocument, ClusterDeleteDocument, ClusterHistoryDocument, OperationStateDocument } from "../../src/client/generated/graphql.js";
import { DATABASES } from "../support/databases.js";
import { createCluster, createTemplate, startFastServer, waitForStatus } from "../support/lifecycle.js";
import type { TestServer } from "../support/server.js";
import { certificateRowCount, certificatesOf, createOpenSslWorkspace, credentials, verifyClient } from "./certificates-kit.js";
import { waitForValue } from "../support/wait.js";

const workspace = createOpenSslWorkspace();
afterAll(() => workspace.dispose());

type Authorities = Awaited<ReturnType<typeof certificatesOf>>["certificateAuthorities"];

function summary(authorities: Authorities): string[] {
  return authorities.map((ca) => `${ca.kind}:${ca.generation}:${ca.state}`);
}

function until<Value>(read: () => Promise<Value>, done: (value: Value) => boolean, timeoutMs?: number): Promise<Value> {
  return waitForValue(read, done, "the cluster's certificate authorities to change", timeoutMs);
}

describe.each(DATABASES)("CA rotation on $label", (database) => {
  let api: TestServer;
  let templateId: string;

  beforeAll(async () => {
    api = await startFastServer(database);
    templateId = await createTemplate(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  async function readyCluster(labels: { key: string; value: string }[] = []): Promise<string> {
    const { id } = await createCluster(api, templateId, { labels });
    await waitForStatus(api, id, ["CREATE_COMPLETE"]);
    return id;
  }

  it("keeps a credential issued before phase one working until phase two, and one issued after phase one throughout", async () => {
    const id = await readyCluster();
    const initial = await certificatesOf(api, id);
    const before = await credentials(api, { clusterId: id, role: "ADMIN" });
    expect(verifyClient(workspace, initial.certificateAuthorityBundle!, before.parts.clientCertificatePem!)).toMatchObject({ succeeded: true });

    // Phase one: new CAs beside the old; the bundle served holds both.
    const rotated = await api.query(ClusterCaRotateDocument, { input: { id } });
    expect(rotated.clusterCaRotate.userErrors).toEqual([]);
    expect(rotated.clusterCaRotate.operation).toMatchObject({ type: "CLUSTER_CA_ROTATE" });
    await waitForStatus(api, id, ["UPDATE_COMPLETE"]);
    const phaseOne = await certificatesOf(api, id);
    expect(summary(phaseOne.certificateAuthorities)).toEqual([
      "ETCD:2:ACTIVE", "ETCD:1:RETIRING",
      "FRONT_PROXY:2:ACTIVE", "FRONT_PROXY:1:RETIRING",
      "KUBERNETES:2:ACTIVE", "KUBERNETES:1:RETIRING",
    ]);
    const newCa = phaseOne.certificateAuthority!;
    expect(newCa.generation).toBe(2);
    expect(newCa.fingerprintSha256).not.toBe(initial.certificateAuthority!.fingerprintSha256);
    expect(phaseOne.certificateAuthorityBundle).toBe(newCa.pem + initial.certificateAuthority!.pem);
    expect(phaseOne.conditions).toContainEqual({
      type: "CertificateAuthorityRetirementPending",
      status: "TRUE",
      reason: "PreviousAuthorityTrusted",
      message: expect.stringContaining("generation 1"),
    });

    const after = await credentials(api, { clusterId: id, role: "ADMIN" });
    expect(after.parts.caBundlePem).toBe(phaseOne.certificateAuthorityBundle);
    expect(verifyClient(workspace, phaseOne.certificateAuthorityBundle!, before.parts.clientCertificatePem!)).toMatchObject({ succeeded: true });
    expect(verifyClient(workspace, phaseOne.certificateAuthorityBundle!, after.parts.clientCertificatePem!)).toMatchObject({ succeeded: true });
    // Signed by the new CA alone, not by the old one.
    expect(verifyClient(workspace, newCa.pem, after.parts.clientCertificatePem!)).toMatchObject({ succeeded: true });
    expect(verifyClient(workspace, initial.certificateAuthority!.pem, after.parts.clientCertificatePem!)).toMatchObject({ succeeded: false });

    // One rotation at a time: the previous CA has to go first.
    const again = await api.query(ClusterCaRotateDocument, { input: { id } });
    expect(again.clusterCaRotate.userErrors).toEqual([expect.objectContaining({ code: "INVALID_STATE", field: ["phase"], message: expect.stringContaining("RETIRE_PREVIOUS") })]);

    // Phase two: the previous CAs go, and with them every credential they signed.
    const retired = await api.query(ClusterCaRotateDocument, { input: { id, phase: "RETIRE_PREVIOUS" } });
    expect(retired.clusterCaRotate.userErrors).toEqual([]);
    await waitForStatus(api, id, ["UPDATE_COMPLETE"]);
    const phaseTwo = await certificatesOf(api, id);
    expect(summary(phaseTwo.certificateAuthorities)).toEqual(["ETCD:2:ACTIVE", "FRONT_PROXY:2:ACTIVE", "KUBERNETES:2:ACTIVE"]);
    expect(await certificateRowCount(api, id)).toBe(3);
    expect(phaseTwo.certificateAuthorityBundle).toBe(newCa.pem);
    const old = verifyClient(workspace, phaseTwo.certificateAuthorityBundle!, before.parts.clientCertificatePem!);
    expect(old).toMatchObject({ succeeded: false, output: expect.stringContaining("unable to get local issuer certificate") });
    expect(verifyClient(workspace, phaseTwo.certificateAuthorityBundle!, after.parts.clientCertificatePem!)).toMatchObject({ succeeded: true });
    expect(phaseTwo.conditions).toContainEqual(expect.objectContaining({ type: "CertificateAuthorityRetirementPending", status: "FALSE" }));

    const nothingLeft = await api.query(ClusterCaRotateDocument, { input: { id, phase: "RETIRE_PREVIOUS" } });
    expect(nothingLeft.clusterCaRotate.userErrors).toEqual([expect.objectContaining({ code: "INVALID_STATE", field: ["phase"] })]);
  });

  it("keeps trusting the old CA when the rollout fails, and keeps no row of the new one", async () => {
    const id = await readyCluster([{ key: "turnkey.sim/fail-stage", value: "rotate:default-worker" }]);
    const initial = await certificatesOf(api, id);
    const before = await credentials(api, { clusterId: id, role: "VIEWER" });
    const rotated = await api.query(ClusterCaRotateDocument, { input: { id } });
    expect(rotated.clusterCaRotate.userErrors).toEqual([]);
    await waitForStatus(api, id, ["UPDATE_FAILED"]);
    const operation = await api.query(OperationStateDocument, { id: rotated.clusterCaRotate.operation!.id });
    expect(operation.operation).toMatchObject({ status: "FAILED", error: { code: "STAGE_FAILED" } });

    const failed = await certificatesOf(api, id);
    expect(summary(failed.certificateAuthorities)).toEqual(["ETCD:1:ACTIVE", "FRONT_PROXY:1:ACTIVE", "KUBERNETES:1:ACTIVE"]);
    expect(await certificateRowCount(api, id)).toBe(3);
    expect(failed.certificateAuthority).toEqual(initial.certificateAuthority);
    expect(failed.certificateAuthorityBundle).toBe(initial.certificateAuthorityBundle);
    expect(verifyClient(workspace, failed.certificateAuthorityBundle!, before.parts.clientCertificatePem!)).toMatchObject({ succeeded: true });
    const after = await credentials(api, { clusterId: id, role: "VIEWER" });
    expect(verifyClient(workspace, initial.certificateAuthority!.pem, after.parts.clientCertificatePem!)).toMatchObject({ succeeded: true });
  });

  it("neither trusts nor signs with a new CA while its rollout runs, and a delete removes every CA row", async () => {
    const id = await readyCluster([{ key: "turnkey.sim/hang-stage", value: "rotate:default-worker" }]);
    const initial = await certificatesOf(api, id);
    expect((await api.query(ClusterCaRotateDocument, { input: { id } })).clusterCaRotate.userErrors).toEqual([]);
    const rolling = await until(() => certificatesOf(api, id), (cluster) => cluster.certificateAuthorities.some((ca) => ca.state === "PENDING"));
    expect(summary(rolling.certificateAuthorities)).toEqual([
      "ETCD:2:PENDING", "ETCD:1:ACTIVE",
      "FRONT_PROXY:2:PENDING", "FRONT_PROXY:1:ACTIVE",
      "KUBERNETES:2:PENDING", "KUBERNETES:1:ACTIVE",
    ]);
    expect(rolling.certificateAuthority).toEqual(initial.certificateAuthority);
    expect(rolling.certificateAuthorityBundle).toBe(initial.certificateAuthorityBundle);
    const during = await credentials(api, { clusterId: id, role: "ADMIN" });
    expect(verifyClient(workspace, initial.certificateAuthority!.pem, during.parts.clientCertificatePem!)).toMatchObject({ succeeded: true });

    expect(await certificateRowCount(api, id)).toBe(6);
    expect((await api.query(ClusterDeleteDocument, { input: { id } })).clusterDelete.userErrors).toEqual([]);
    await waitForStatus(api, id, ["GONE"]);
    expect(await certificateRowCount(api, id)).toBe(0);
  });

  it("refuses to rotate a cluster that is not complete", async () => {
    const { id } = await createCluster(api, templateId, { labels: [{ key: "turnkey.sim/fail-stage", value: "workers" }] });
    await waitForStatus(api, id, ["CREATE_FAILED"]);
    for (const phase of ["ROTATE", "RETIRE_PREVIOUS"] as const) {
      const refused = await api.query(ClusterCaRotateDocument, { input: { id, phase } });
      expect(refused.clusterCaRotate.userErrors).toEqual([expect.objectContaining({ code: "INVALID_STATE", field: ["id"], message: expect.stringContaining("CREATE_FAILED") })]);
    }
  });
});

describe.each(DATABASES)("CA grace period and expiry on $label", (database) => {
  let api: TestServer;
  let templateId: string;

  beforeAll(async () => {
    api = await startFastServer(database, {
      TURNKEY_CA_ROTATION_GRACE_SECONDS: "1",
      TURNKEY_CA_RETIREMENT_INTERVAL_MS: "100",
      TURNKEY_CA_VALIDITY_DAYS: "10",
    });
    templateId = await createTemplate(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  it("warns when a CA is within the expiry window", async () => {
    const { id } = await createCluster(api, templateId);
    await waitForStatus(api, id, ["CREATE_COMPLETE"]);
    const cluster = await certificatesOf(api, id);
    const days = (Date.parse(cluster.certificateAuthority!.notAfter) - Date.now()) / (24 * 3600 * 1000);
    expect(days).toBeGreaterThan(9.9);
    expect(days).toBeLessThanOrEqual(10);
    expect(cluster.conditions).toContainEqual({
      type: "CertificateAuthorityExpiring",
      status: "TRUE",
      reason: "ExpiresSoon",
      message: expect.stringMatching(/expires at .* \(in 9 days, within the 30-day warning window\)/),
    });
  });

  it("retires the previous CA by itself once the grace period is over", async () => {
    const { id } = await createCluster(api, templateId);
    await waitForStatus(api, id, ["CREATE_COMPLETE"]);
    const before = await credentials(api, { clusterId: id, role: "ADMIN" });
    expect((await api.query(ClusterCaRotateDocument, { input: { id } })).clusterCaRotate.userErrors).toEqual([]);
    const retired = await until(
      () => certificatesOf(api, id),
      (cluster) => cluster.status === "UPDATE_COMPLETE" && cluster.certificateAuthorities.every((ca) => ca.generation === 2 && ca.state === "ACTIVE"),
    );
    expect(verifyClient(workspace, retired.certificateAuthorityBundle!, before.parts.clientCertificatePem!)).toMatchObject({ succeeded: false });
    const history = await api.query(ClusterHistoryDocument, { id });
    const rotations = history.cluster.operations.nodes.filter((operation) => operation.type === "CLUSTER_CA_ROTATE");
    expect(rotations.map((operation) => operation.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
  });
});
