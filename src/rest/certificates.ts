// /v1/certificates: the cluster's CA (GET), a CSR signed (POST, 201) and a CA rotation started (PATCH, 202), on the domain's PKI functions.
import { Router, type Request, type Response } from "express";
import { signCertificate } from "../domain/certificates/certificates-issuance.js";
import { trustedAuthorities, type CertificateKind } from "../domain/certificates/certificates.js";
import { rotateClusterCa } from "../domain/clusters/cluster-lifecycle.js";
import { bundleCertificateAuthorities } from "../pki/index.js";
import { audited, contextOf, requireCluster } from "./context.js";
import { badRequest, RestError } from "./errors.js";
import { hostUrl, selfLinks } from "./versions.js";

/** Magnum's ca_cert_type values. */
const CA_TYPES: Record<string, CertificateKind> = { kubernetes: "KUBERNETES", etcd: "ETCD", front_proxy: "FRONT_PROXY", "front-proxy": "FRONT_PROXY" };

async function show(request: Request, response: Response) {
  const context = contextOf(response);
  const cluster = await requireCluster(context, String(request.params.ident));
  const typeName = typeof request.query.ca_cert_type === "string" ? request.query.ca_cert_type : "kubernetes";
  const kind = CA_TYPES[typeName.toLowerCase()];
  if (!kind) throw badRequest(`Invalid ca_cert_type ${typeName}: use one of ${Object.keys(CA_TYPES).join(", ")}`);
  // The CAs to trust now: the signing one and, between a rotation's two phases, the one retiring.
  const trusted = trustedAuthorities(await context.loaders.certificatesOfCluster.load(cluster.id), kind);
  if (trusted.length === 0) throw new RestError(409, `The cluster has no ${typeName} CA yet (status ${cluster.status}).`);
  response.json({ cluster_uuid: cluster.id, bay_uuid: cluster.id, pem: bundleCertificateAuthorities(trusted.map((row) => row.pem)), ca_cert_type: typeName, links: selfLinks(hostUrl(request), "certificates", cluster.id) });
}

async function sign(request: Request, response: Response) {
  const context = contextOf(response);
  const body = (request.body ?? {}) as Record<string, unknown>;
  const ident = body.cluster_uuid ?? body.bay_uuid;
  if (typeof ident !== "string" || !ident) throw badRequest("Mandatory field missing: cluster_uuid");
  if (typeof body.csr !== "string" || !body.csr) throw badRequest("Mandatory field missing: csr");
  const unknown = Object.keys(body).filter((name) => !["cluster_uuid", "bay_uuid", "csr", "ca_cert_type", "pem", "links", "created_at", "updated_at"].includes(name));
  if (unknown.length > 0) throw badRequest(`Unknown attribute for argument certificate: ${unknown.join(", ")}`);
  // Magnum: an unknown cluster in the body is the request's fault (400).
  const cluster = await requireCluster(context, ident).catch((error: unknown) => {
    throw error instanceof RestError && error.status === 404 ? new RestError(400, error.detail) : error;
  });
  response.locals.rename = { clusterId: "cluster_uuid" };
  const pem = await audited(context, "certificateSign", { type: "Cluster", id: cluster.id, projectId: cluster.projectId }, () =>
    signCertificate(context.domain, context.certificates, { clusterId: cluster.id, csr: body.csr as string }),
  );
  response.status(201).json({ cluster_uuid: cluster.id, bay_uuid: cluster.id, csr: body.csr, pem, links: selfLinks(hostUrl(request), "certificates", cluster.id) });
}

async function rotate(request: Request, response: Response) {
  const context = contextOf(response);
  const cluster = await requireCluster(context, String(request.params.ident));
  await audited(context, "clusterCaRotate", { type: "Cluster", id: cluster.id, projectId: cluster.projectId }, () => rotateClusterCa(context.domain, cluster.id, { phase: "ROTATE" }));
  response.status(202).json({ uuid: cluster.id });
}

export function certificateRoutes(): Router {
  const router = Router();
  router.get("/certificates/:ident", show);
  router.post("/certificates", sign);
  router.patch("/certificates/:ident", rotate);
  return router;
}
