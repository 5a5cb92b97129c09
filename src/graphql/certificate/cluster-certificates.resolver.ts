// Cluster's certificate fields: its CAs (one query per request, whatever the page size), the trust bundle, and conditions.
import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { certificateConditions } from "../../domain/certificates/certificates-conditions.js";
import { signingAuthority, trustedAuthorities, type CertificateKind as CertificateKindValue, type CertificateRecord } from "../../domain/certificates/certificates.js";
import { bundleCertificateAuthorities } from "../../pki/index.js";
import { ClusterObject } from "../cluster/cluster.type.js";
import type { GraphQLContext } from "../context.js";
import { CertificateKind } from "./certificate.enums.js";
import { authorityObject, CertificateObject } from "./certificate.type.js";
import { ConditionObject } from "./condition.type.js";

function authoritiesOf(context: GraphQLContext, cluster: ClusterObject): Promise<CertificateRecord[]> {
  return context.loaders.certificatesOfCluster.load(cluster.uuid);
}

@Resolver(() => ClusterObject)
export class ClusterCertificatesResolver {
  @FieldResolver(() => CertificateObject, {
    nullable: true,
    description: "The Kubernetes CA that signs client certificates now; null when TLS is disabled or before the create operation made it.",
  })
  async certificateAuthority(@Root() cluster: ClusterObject, @Ctx() context: GraphQLContext) {
    const row = signingAuthority(await authoritiesOf(context, cluster), "KUBERNETES");
    return row ? authorityObject(row) : null;
  }

  @FieldResolver(() => [CertificateObject], { description: "Every CA of the cluster (or of one kind) in every state, newest generation first." })
  async certificateAuthorities(
    @Root() cluster: ClusterObject,
    @Arg("kind", () => CertificateKind, { nullable: true }) kind: CertificateKindValue | null | undefined,
    @Ctx() context: GraphQLContext,
  ) {
    const rows = await authoritiesOf(context, cluster);
    return rows.filter((row) => !kind || row.kind === kind).map(authorityObject);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "PEM bundle of the CAs to trust now: the ACTIVE one and, between the two phases of a rotation, the RETIRING one. Null without CAs.",
  })
  async certificateAuthorityBundle(
    @Root() cluster: ClusterObject,
    @Arg("kind", () => CertificateKind, { defaultValue: "KUBERNETES" }) kind: CertificateKindValue,
    @Ctx() context: GraphQLContext,
  ) {
    const trusted = trustedAuthorities(await authoritiesOf(context, cluster), kind);
    return trusted.length > 0 ? bundleCertificateAuthorities(trusted.map((row) => row.pem)) : null;
  }

  @FieldResolver(() => [ConditionObject], { description: "Derived when read: CertificateAuthorityExpiring (within TURNKEY_CA_EXPIRY_WARNING_DAYS) and CertificateAuthorityRetirementPending." })
  async conditions(@Root() cluster: ClusterObject, @Ctx() context: GraphQLContext) {
    return certificateConditions(await authoritiesOf(context, cluster), new Date(), context.certificates);
  }
}
