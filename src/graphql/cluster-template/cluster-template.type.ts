// The ClusterTemplate type: every field of Magnum's cluster template.
import { Field, GraphQLISODateTime, Int, ObjectType } from "type-graphql";
import type { ClusterTemplateRow } from "../../db/schema/index.js";
import type { Coe as CoeValue, DockerStorageDriver as DockerStorageDriverValue, ServerType as ServerTypeValue } from "../../domain/enums.js";
import { Coe, DockerStorageDriver, ServerType } from "../common/enums.js";
import { toGlobalId } from "../common/global-id.js";
import { Label } from "../common/label.js";
import { NodeInterface } from "../common/node.js";

@ObjectType("ClusterTemplate", { implements: NodeInterface, description: "A set of parameters clusters are created from." })
export class ClusterTemplateObject extends NodeInterface {
  @Field(() => String) uuid!: string;
  @Field(() => String) name!: string;
  @Field(() => Coe) coe!: CoeValue;
  @Field(() => String, { nullable: true }) clusterDistro!: string | null;
  @Field(() => String) imageId!: string;
  @Field(() => String, { nullable: true }) keypairId!: string | null;
  @Field(() => String, { nullable: true }) flavorId!: string | null;
  @Field(() => String, { nullable: true }) masterFlavorId!: string | null;
  @Field(() => ServerType) serverType!: ServerTypeValue;
  @Field(() => String, { nullable: true }) networkDriver!: string | null;
  @Field(() => String, { nullable: true }) volumeDriver!: string | null;
  @Field(() => Int, { nullable: true }) dockerVolumeSize!: number | null;
  @Field(() => DockerStorageDriver, { nullable: true }) dockerStorageDriver!: DockerStorageDriverValue | null;
  @Field(() => String, { nullable: true }) externalNetworkId!: string | null;
  @Field(() => String, { nullable: true }) fixedNetwork!: string | null;
  @Field(() => String, { nullable: true }) fixedSubnet!: string | null;
  @Field(() => String, { nullable: true }) dnsNameserver!: string | null;
  @Field(() => Int, { nullable: true }) apiserverPort!: number | null;
  @Field(() => String, { nullable: true }) httpProxy!: string | null;
  @Field(() => String, { nullable: true }) httpsProxy!: string | null;
  @Field(() => String, { nullable: true }) noProxy!: string | null;
  @Field(() => Boolean) registryEnabled!: boolean;
  @Field(() => String, { nullable: true }) insecureRegistry!: string | null;
  @Field(() => Boolean) tlsDisabled!: boolean;
  @Field(() => Boolean) public!: boolean;
  @Field(() => Boolean) hidden!: boolean;
  @Field(() => Boolean) floatingIpEnabled!: boolean;
  @Field(() => Boolean) masterLbEnabled!: boolean;
  @Field(() => [Label]) labels!: Label[];
  @Field(() => [String]) tags!: string[];
  @Field(() => Int, { description: "Increases with every change; send it as expectedVersion to update safely." }) resourceVersion!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
  projectId!: string;
}

/**
 * The object of a row, made once per row: a page of fifty clusters of one template asks for the template's object
 * fifty times with the same row (the request's loader hands back one row per id), and each copy was 35 properties
 * (issue 13). Nothing changes these objects after they are made.
 */
const objectsOfRows = new WeakMap<ClusterTemplateRow, ClusterTemplateObject>();

export function templateObject(row: ClusterTemplateRow): ClusterTemplateObject {
  let object = objectsOfRows.get(row);
  if (!object) {
    object = Object.assign(new ClusterTemplateObject(), row, {
      __typename: "ClusterTemplate",
      id: toGlobalId("ClusterTemplate", row.id),
      uuid: row.id,
    });
    objectsOfRows.set(row, object);
  }
  return object;
}
