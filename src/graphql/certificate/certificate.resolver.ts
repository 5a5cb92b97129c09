// certificateSign and clusterCredentialsCreate; thin: parse ids, call the domain, describe what it issued.
import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { createCredentials, signCertificate } from "../../domain/certificates/certificates-issuance.js";
import { requireUuid } from "../common/input.js";
import type { GraphQLContext } from "../context.js";
import { asPayload } from "../errors.js";
import { CertificateSignInput, ClusterCredentialsCreateInput } from "./certificate.input.js";
import { CertificateSignPayload, ClusterCredentialsCreatePayload } from "./certificate.payload.js";
import { issuedCertificateObject } from "./certificate.type.js";

@Resolver()
export class CertificateResolver {
  @Mutation(() => CertificateSignPayload, { description: "Signs a PEM CSR with the cluster's Kubernetes CA into a short-lived client certificate (Magnum's `ca sign`, with the subject decided by policy)." })
  certificateSign(@Arg("input", () => CertificateSignInput) input: CertificateSignInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const clusterId = requireUuid(input.clusterId, "Cluster", "clusterId");
      const pem = await signCertificate(context.domain, context.certificates, { clusterId, csr: input.csr, ttlSeconds: input.ttlSeconds, requestId: input.requestId });
      return { certificate: issuedCertificateObject(pem) };
    });
  }

  @Mutation(() => ClusterCredentialsCreatePayload, { description: "A ready kubeconfig with a fresh short-lived client certificate (Magnum's `cluster config`); never stored." })
  clusterCredentialsCreate(@Arg("input", () => ClusterCredentialsCreateInput) input: ClusterCredentialsCreateInput, @Ctx() context: GraphQLContext) {
    return asPayload(async () => {
      const clusterId = requireUuid(input.clusterId, "Cluster", "clusterId");
      const credentials = await createCredentials(context.domain, context.certificates, {
        clusterId,
        role: input.role,
        ttlSeconds: input.ttlSeconds,
        csr: input.csr,
        clientKeyPath: input.clientKeyPath,
      });
      return {
        kubeconfig: credentials.kubeconfig,
        expiresAt: credentials.expiresAt,
        certificate: credentials.certificatePem ? issuedCertificateObject(credentials.certificatePem) : null,
      };
    });
  }
}
