// Inputs and arguments of cluster template queries and mutations.
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { Coe, DockerStorageDriver, ServerType } from "../common/enums.js";
import { LabelInput } from "../common/label.js";
import { OrderDirection, PageArgs } from "../common/paging.js";
import { registerEnumType } from "type-graphql";
import type { TemplateSortField } from "../../db/queries/cluster-templates.js";

export enum ClusterTemplateOrderField {
  NAME = "NAME",
  CREATED_AT = "CREATED_AT",
  UPDATED_AT = "UPDATED_AT",
}
registerEnumType(ClusterTemplateOrderField, { name: "ClusterTemplateOrderField" });

@InputType()
export class ClusterTemplateFilter {
  @Field(() => ID, { nullable: true }) projectId?: string | null;
  @Field(() => String, { nullable: true, description: "Exact name." }) name?: string | null;
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name." }) nameContains?: string | null;
  @Field(() => Coe, { nullable: true }) coe?: string | null;
  @Field(() => Boolean, { nullable: true }) public?: boolean | null;
}

@InputType()
export class ClusterTemplateOrder {
  @Field(() => ClusterTemplateOrderField) field!: TemplateSortField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction!: OrderDirection;
}

@ArgsType()
export class ClusterTemplatesArgs extends PageArgs {
  @Field(() => ClusterTemplateFilter, { nullable: true }) filter?: ClusterTemplateFilter | null;
  @Field(() => ClusterTemplateOrder, { nullable: true, description: "Default: newest first." }) orderBy?: ClusterTemplateOrder | null;
}

/** Fields common to create and update: all optional here; create's required ones are declared there. */
@InputType("ClusterTemplateFieldsInput")
class ClusterTemplateFieldsInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) clusterDistro?: string | null;
  @Field(() => String, { nullable: true }) keypairId?: string | null;
  @Field(() => String, { nullable: true }) flavorId?: string | null;
  @Field(() => String, { nullable: true }) masterFlavorId?: string | null;
  @Field(() => ServerType, { nullable: true }) serverType?: string | null;
  @Field(() => String, { nullable: true }) networkDriver?: string | null;
  @Field(() => String, { nullable: true }) volumeDriver?: string | null;
  @Field(() => Int, { nullable: true }) dockerVolumeSize?: number | null;
  @Field(() => DockerStorageDriver, { nullable: true }) dockerStorageDriver?: string | null;
  @Field(() => String, { nullable: true }) externalNetworkId?: string | null;
  @Field(() => String, { nullable: true }) fixedNetwork?: string | null;
  @Field(() => String, { nullable: true }) fixedSubnet?: string | null;
  @Field(() => String, { nullable: true }) dnsNameserver?: string | null;
  @Field(() => Int, { nullable: true }) apiserverPort?: number | null;
  @Field(() => String, { nullable: true }) httpProxy?: string | null;
  @Field(() => String, { nullable: true }) httpsProxy?: string | null;
  @Field(() => String, { nullable: true }) noProxy?: string | null;
  @Field(() => Boolean, { nullable: true }) registryEnabled?: boolean | null;
  @Field(() => String, { nullable: true }) insecureRegistry?: string | null;
  @Field(() => Boolean, { nullable: true }) tlsDisabled?: boolean | null;
  @Field(() => Boolean, { nullable: true }) public?: boolean | null;
  @Field(() => Boolean, { nullable: true }) hidden?: boolean | null;
  @Field(() => Boolean, { nullable: true }) floatingIpEnabled?: boolean | null;
  @Field(() => Boolean, { nullable: true }) masterLbEnabled?: boolean | null;
  @Field(() => [LabelInput], { nullable: true }) labels?: LabelInput[] | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
  @Field(() => String, { nullable: true, description: "Repeat a request safely: the same requestId returns the first result." })
  requestId?: string | null;
}

@InputType()
export class ClusterTemplateCreateInput extends ClusterTemplateFieldsInput {
  @Field(() => Coe) coe!: string;
  @Field(() => String) imageId!: string;
  @Field(() => ID, { nullable: true, description: "Default: the caller's only project." }) projectId?: string | null;
}

@InputType()
export class ClusterTemplateUpdateInput extends ClusterTemplateFieldsInput {
  @Field(() => ID) id!: string;
  @Field(() => Coe, { nullable: true }) coe?: string | null;
  @Field(() => String, { nullable: true }) imageId?: string | null;
  @Field(() => Int, { nullable: true, description: "Refuse with CONFLICT unless the template is still at this resourceVersion." })
  expectedVersion?: number | null;
}

@InputType()
export class ClusterTemplateDeleteInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}
