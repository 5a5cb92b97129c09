// The Relay Node interface; objects carry __typename so the interface resolves without instanceof.
import { Field, ID, InterfaceType } from "type-graphql";

@InterfaceType("Node", {
  description: "An object with an opaque global ID, fetchable with node(id).",
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class NodeInterface {
  @Field(() => ID, { description: "Opaque global ID." })
  id!: string;
}
