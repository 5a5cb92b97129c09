// GraphQL enums of certificates and credentials, built from the domain's closed sets.
import { registerEnumType } from "type-graphql";
import { CONDITION_STATUSES } from "../../domain/certificates/certificates-conditions.js";
import { CREDENTIAL_ROLES } from "../../domain/certificates/certificates-policy.js";
import { CA_ROTATION_PHASES } from "../../domain/certificates/certificates-rotation.js";
import { CERTIFICATE_KINDS, CERTIFICATE_STATES } from "../../domain/certificates/certificates.js";

function enumObject<const Values extends readonly string[]>(values: Values): { [Value in Values[number]]: Value } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [Value in Values[number]]: Value };
}

export const CertificateKind = enumObject(CERTIFICATE_KINDS);
export const CertificateState = enumObject(CERTIFICATE_STATES);
export const CaRotationPhase = enumObject(CA_ROTATION_PHASES);
export const ClusterCredentialRole = enumObject(CREDENTIAL_ROLES);
export const ConditionStatus = enumObject(CONDITION_STATUSES);

registerEnumType(CertificateKind, {
  name: "CertificateKind",
  description: "Which of a cluster's CAs: the Kubernetes API's, etcd's, or the aggregation layer's front proxy's.",
});
registerEnumType(CertificateState, {
  name: "CertificateState",
  description: "ACTIVE signs and is trusted; PENDING is a rotation's new CA while the driver rolls it out; RETIRING is the previous CA, still trusted until phase two.",
});
registerEnumType(CaRotationPhase, {
  name: "CaRotationPhase",
  description: "ROTATE adds new CAs beside the current ones (both trusted); RETIRE_PREVIOUS drops the previous ones, which also happens by itself after TURNKEY_CA_ROTATION_GRACE_SECONDS.",
});
registerEnumType(ClusterCredentialRole, {
  name: "ClusterCredentialRole",
  description: "ADMIN: group system:masters (project admins and the cluster's creator). VIEWER: the viewer group (default turnkey:viewers), for anyone who may read the cluster.",
});
registerEnumType(ConditionStatus, { name: "ConditionStatus" });
