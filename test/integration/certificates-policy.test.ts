// Who may have which group in a certificate, over the API with real users in each role; openssl checks what was issued.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CertificateSignDocument, ClusterCreateDocument, ClusterCredentialsCreateDocument, ClusterTemplateCreateDocument } from "../../src/client/generated/graphql.js";
import { DATABASES } from "../support/databases.js";
import { templateInput, uniqueName } from "../support/fixtures.js";
import { startFastServer, waitForStatus } from "../support/lifecycle.js";
import type { TestServer } from "../support/server.js";
import { createTenant, createUserWithToken, type Member, type Tenant } from "../support/tenants.js";
import { certificateRowCount, certificatesOf, certificateText, createOpenSslWorkspace, credentials, idempotencyKeyCount, makeCsr, verifyClient } from "./certificates-kit.js";

const workspace = createOpenSslWorkspace();
afterAll(() => workspace.dispose());
const mastersCsr = workspace.read(makeCsr(workspace, "masters", "/O=system:masters/CN=whoever"));
const viewersCsr = workspace.read(makeCsr(workspace, "viewers", "/O=turnkey:viewers/CN=whoever"));

type Caller = "project admin" | "member who created the cluster" | "another member" | "reader" | "admin of another project";

describe.each(DATABASES)("certificate policy by role on $label", (database) => {
  let api: TestServer;
  let tenant: Tenant;
  let callers: Record<Caller, Member>;
  let clusterId: string;

  beforeAll(async () => {
    api = await startFastServer(database);
    tenant = await createTenant(api, "pki");
    const elsewhere = await createTenant(api, "elsewhere");
    callers = {
      "project admin": tenant.admin,
      "member who created the cluster": tenant.member,
      "another member": await createUserWithToken(api, tenant.projectId, "MEMBER"),
      reader: tenant.reader,
      "admin of another project": elsewhere.admin,
    };
    const template = await api.query(ClusterTemplateCreateDocument, { input: templateInput({ projectId: tenant.projectId }) }, tenant.member.token);
    expect(template.clusterTemplateCreate.userErrors).toEqual([]);
    const created = await api.query(ClusterCreateDocument, { input: { clusterTemplateId: template.clusterTemplateCreate.clusterTemplate!.id, name: uniqueName("owned") } }, tenant.member.token);
    expect(created.clusterCreate.userErrors).toEqual([]);
    clusterId = created.clusterCreate.cluster!.id;
    await waitForStatus(api, clusterId, ["CREATE_COMPLETE"]);
  });
  afterAll(async () => {
    await api?.close();
  });

  const cases: [Caller, "system:masters" | "turnkey:viewers", "signed" | "FORBIDDEN" | "NOT_FOUND"][] = [
    ["project admin", "system:masters", "signed"],
    ["member who created the cluster", "system:masters", "signed"],
    ["another member", "system:masters", "FORBIDDEN"],
    ["reader", "system:masters", "FORBIDDEN"],
    ["reader", "turnkey:viewers", "signed"],
    ["another member", "turnkey:viewers", "signed"],
    ["admin of another project", "turnkey:viewers", "NOT_FOUND"],
  ];

  it.each(cases)("certificateSign: %s asking for O=%s → %s", async (caller, group, outcome) => {
    const member = callers[caller];
    const keysBefore = await idempotencyKeyCount(api);
    const data = await api.query(CertificateSignDocument, { input: { clusterId, csr: group === "system:masters" ? mastersCsr : viewersCsr, requestId: uniqueName("policy") } }, member.token);
    if (outcome === "signed") {
      expect(data.certificateSign.userErrors).toEqual([]);
      const certificate = data.certificateSign.certificate!;
      expect(certificate.subject).toBe(`CN=${member.name},O=${group}`);
      const authorities = await certificatesOf(api, clusterId);
      expect(verifyClient(workspace, authorities.certificateAuthorityBundle!, certificate.pem)).toMatchObject({ succeeded: true });
      return;
    }
    const field = outcome === "NOT_FOUND" ? ["clusterId"] : ["csr"];
    expect(data.certificateSign).toEqual({ certificate: null, userErrors: [expect.objectContaining({ code: outcome, field })] });
    if (outcome === "FORBIDDEN") expect(data.certificateSign.userErrors[0]!.message).toContain("admin of the object's project, or the user who created the cluster");
    expect(await idempotencyKeyCount(api)).toBe(keysBefore);
    expect(await certificateRowCount(api, clusterId)).toBe(3);
  });

  it("gives a reader a viewer kubeconfig in its own name, and refuses it an admin one", async () => {
    const viewer = await credentials(api, { clusterId, role: "VIEWER" }, tenant.reader.token);
    expect(verifyClient(workspace, viewer.parts.caBundlePem!, viewer.parts.clientCertificatePem!)).toMatchObject({ succeeded: true });
    expect(certificateText(workspace, viewer.parts.clientCertificatePem!)).toContain(`CN = ${tenant.reader.name}`);
    expect(viewer.certificate!.subject).toBe(`CN=${tenant.reader.name},O=turnkey:viewers`);

    const admin = await api.query(ClusterCredentialsCreateDocument, { input: { clusterId, role: "ADMIN" } }, tenant.reader.token);
    expect(admin.clusterCredentialsCreate).toEqual({ kubeconfig: null, expiresAt: null, certificate: null, userErrors: [expect.objectContaining({ code: "FORBIDDEN", field: ["role"] })] });
    const creator = await credentials(api, { clusterId, role: "ADMIN" }, tenant.member.token);
    expect(creator.certificate!.subject).toBe(`CN=${tenant.member.name},O=system:masters`);
  });
});
