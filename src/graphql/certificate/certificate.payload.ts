// Payloads of certificateSign and clusterCredentialsCreate.
import { Field, GraphQLISODateTime, ObjectType } from "type-graphql";
import { UserError } from "../common/user-error.js";
import { CertificateObject } from "./certificate.type.js";

@ObjectType()
export class CertificateSignPayload {
  @Field(() => CertificateObject, { nullable: true, description: "The client certificate; verify it against cluster.certificateAuthorityBundle." }) certificate?: CertificateObject | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class ClusterCredentialsCreatePayload {
  @Field(() => String, { nullable: true, description: "YAML: the cluster (apiAddress, CA bundle), the user (client certificate and key) and a context." }) kubeconfig?: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: "When the client certificate stops working; null with TLS disabled." }) expiresAt?: Date | null;
  @Field(() => CertificateObject, { nullable: true, description: "The client certificate in the kubeconfig; null with TLS disabled." }) certificate?: CertificateObject | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
