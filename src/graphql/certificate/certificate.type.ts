// The Certificate type: a cluster CA or a client certificate just issued, described from its PEM; private keys have no field.
import { createHash } from "node:crypto";
import { Field, GraphQLISODateTime, Int, ObjectType } from "type-graphql";
import type { CertificateKind as CertificateKindValue, CertificateRecord, CertificateState as CertificateStateValue } from "../../domain/certificates/certificates.js";
import { describeCertificate } from "../../pki/index.js";
import { toGlobalId } from "../common/global-id.js";
import { NodeInterface } from "../common/node.js";
import { CertificateKind, CertificateState } from "./certificate.enums.js";

@ObjectType("Certificate", {
  implements: NodeInterface,
  description: "An X.509 certificate: one of a cluster's CAs, or a client certificate just issued. Private keys never leave the server through any field.",
})
export class CertificateObject extends NodeInterface {
  @Field(() => String, { description: "The certificate, PEM-encoded." }) pem!: string;
  @Field(() => String, { description: "RFC 4514, most specific first, e.g. CN=alice,O=system:masters." }) subject!: string;
  @Field(() => String) issuer!: string;
  @Field(() => String, { description: "Uppercase hex, as openssl x509 -serial prints it." }) serialNumber!: string;
  @Field(() => GraphQLISODateTime) notBefore!: Date;
  @Field(() => GraphQLISODateTime) notAfter!: Date;
  @Field(() => String, { description: "SHA-256 of the DER, uppercase hex pairs joined by colons." }) fingerprintSha256!: string;
  @Field(() => Boolean) isCertificateAuthority!: boolean;
  @Field(() => CertificateKind, { nullable: true, description: "Which CA of the cluster; null for a client certificate." }) kind!: CertificateKindValue | null;
  @Field(() => Int, { nullable: true, description: "Increases with each rotation; null for a client certificate." }) generation!: number | null;
  @Field(() => CertificateState, { nullable: true, description: "Null for a client certificate." }) state!: CertificateStateValue | null;
}

function described(pem: string): Omit<CertificateObject, "id" | "kind" | "generation" | "state"> {
  const { subject, issuer, serialNumber, notBefore, notAfter, fingerprintSha256, isCertificateAuthority, pem: canonical } = describeCertificate(pem);
  return { pem: canonical, subject, issuer, serialNumber, notBefore, notAfter, fingerprintSha256, isCertificateAuthority };
}

/** A CA row; `node(id)` fetches it again. */
export function authorityObject(row: CertificateRecord): CertificateObject {
  return Object.assign(new CertificateObject(), described(row.pem), {
    __typename: "Certificate",
    id: toGlobalId("Certificate", row.id),
    kind: row.kind as CertificateKindValue,
    generation: row.generation,
    state: row.state as CertificateStateValue,
  });
}

/**
 * A client certificate the server issued and did not keep. Its id is derived from its fingerprint,
 * so the same certificate always has the same id, but `node(id)` answers null: there is no row.
 */
export function issuedCertificateObject(pem: string): CertificateObject {
  const fields = described(pem);
  return Object.assign(new CertificateObject(), fields, { __typename: "Certificate", id: toGlobalId("Certificate", fingerprintUuid(fields.fingerprintSha256)), kind: null, generation: null, state: null });
}

/** A name-based UUID (RFC 9562 version 8) from the fingerprint, in the shape global ids carry. */
function fingerprintUuid(fingerprint: string): string {
  const bytes = createHash("sha256").update(`turnkey issued certificate ${fingerprint}`).digest().subarray(0, 16);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x80, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
