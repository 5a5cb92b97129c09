// The Condition type: Cluster API's shape for a fact about an object that clients can act on.
import { Field, ObjectType } from "type-graphql";
import type { ConditionStatus as ConditionStatusValue } from "../../domain/certificates/certificates-conditions.js";
import { ConditionStatus } from "./certificate.enums.js";

@ObjectType("Condition", { description: "A fact derived from what Turnkey observed, e.g. CertificateAuthorityExpiring." })
export class ConditionObject {
  @Field(() => String, { description: "CamelCase, e.g. CertificateAuthorityExpiring." }) type!: string;
  @Field(() => ConditionStatus) status!: ConditionStatusValue;
  @Field(() => String, { description: "CamelCase and stable, for programs." }) reason!: string;
  @Field(() => String, { nullable: true, description: "For people." }) message!: string | null;
}
