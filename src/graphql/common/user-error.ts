// userErrors: the expected failures of a mutation, typed, each naming the input field at fault.
import { Field, Int, ObjectType } from "type-graphql";
import type { UserErrorCode as Code } from "../../domain/errors.js";
import { UserErrorCode } from "./enums.js";

@ObjectType({ description: "Why a mutation was refused; nothing was changed." })
export class UserError {
  @Field(() => UserErrorCode) code!: Code;
  @Field(() => [String], { description: 'Path of the offending field inside the input, e.g. ["labels", "2", "key"]; empty when no single field is at fault.' })
  field!: string[];
  @Field(() => String) message!: string;
  @Field(() => Int, { nullable: true, description: "QUOTA_EXCEEDED: the limit." }) limit?: number | null;
  @Field(() => Int, { nullable: true, description: "QUOTA_EXCEEDED: what is in use." }) used?: number | null;
}
