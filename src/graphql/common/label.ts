// Labels on the API: a typed, ordered list of key/value pairs.
import { Field, InputType, ObjectType } from "type-graphql";

@ObjectType({ description: "A key/value pair that configures the cluster (kube_tag, availability_zone, …)." })
export class Label {
  @Field(() => String) key!: string;
  @Field(() => String) value!: string;
}

@InputType()
export class LabelInput {
  @Field(() => String) key!: string;
  @Field(() => String) value!: string;
}
