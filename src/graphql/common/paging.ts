// Arguments shared by every connection field, and the ordering direction.
import { ArgsType, Field, Int, registerEnumType } from "type-graphql";

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, { name: "OrderDirection" });

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: "Page size, 1–100 (default 20)." }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
  @Field(() => Int, { nullable: true, description: "Page size when reading backwards, 1–100." }) last?: number | null;
  @Field(() => String, { nullable: true }) before?: string | null;
}
