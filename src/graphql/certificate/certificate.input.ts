// Inputs of certificateSign and clusterCredentialsCreate.
import { Field, ID, InputType, Int } from "type-graphql";
import type { CredentialRole } from "../../domain/certificates/certificates-policy.js";
import { ClusterCredentialRole } from "./certificate.enums.js";

@InputType({ description: "A PKCS#10 request to sign with the cluster's CA. The certificate says CN=<your user name>; O is the CSR's organisations, each allowed by policy or refused." })
export class CertificateSignInput {
  @Field(() => ID) clusterId!: string;
  @Field(() => String, { description: "PEM; RSA of 2048 bits or more, no CA flag, no unknown critical extension." }) csr!: string;
  @Field(() => Int, { nullable: true, description: "Lifetime; default 24 h, at most TURNKEY_CERT_MAX_TTL_SECONDS." }) ttlSeconds?: number | null;
  @Field(() => String, { nullable: true, description: "Repeat a request safely: the same requestId returns the first certificate." }) requestId?: string | null;
}

@InputType({ description: "A kubeconfig made for this call and never stored." })
export class ClusterCredentialsCreateInput {
  @Field(() => ID) clusterId!: string;
  @Field(() => ClusterCredentialRole) role!: CredentialRole;
  @Field(() => Int, { nullable: true, description: "Lifetime of the client certificate; default 24 h, at most TURNKEY_CERT_MAX_TTL_SECONDS." }) ttlSeconds?: number | null;
  @Field(() => String, {
    nullable: true,
    description: "A PEM CSR for a key you keep, as `openstack coe cluster config` makes; its subject is ignored. Without it the server makes the key and embeds it.",
  })
  csr?: string | null;
  @Field(() => String, { nullable: true, description: "With csr: the path of your key, written as the kubeconfig's client-key; default key.pem." }) clientKeyPath?: string | null;
}
