// The Operation type: long-running work on a cluster, with stages and a percent.
import { Field, GraphQLISODateTime, Int, ObjectType } from "type-graphql";
import type { OperationRow } from "../../db/schema/index.js";
import type { OperationStatus as OperationStatusValue, OperationType as OperationTypeValue } from "../../domain/enums.js";
import { OperationStatus, OperationType } from "../common/enums.js";
import { toGlobalId } from "../common/global-id.js";
import { NodeInterface } from "../common/node.js";

@ObjectType()
export class OperationStage {
  @Field(() => String) name!: string;
  @Field(() => String, { description: "PENDING, RUNNING, DONE or FAILED." }) status!: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) startedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) finishedAt!: Date | null;
}

@ObjectType()
export class OperationProgress {
  @Field(() => Int) percent!: number;
  @Field(() => [OperationStage]) stages!: OperationStage[];
}

@ObjectType()
export class OperationError {
  @Field(() => String) code!: string;
  @Field(() => String, { description: "What went wrong, and what to do about it." }) message!: string;
}

@ObjectType("Operation", { implements: NodeInterface, description: "Long-running work, like a GKE operation." })
export class OperationObject extends NodeInterface {
  @Field(() => String) uuid!: string;
  @Field(() => OperationType) type!: OperationTypeValue;
  @Field(() => OperationStatus) status!: OperationStatusValue;
  @Field(() => OperationProgress) progress!: OperationProgress;
  @Field(() => String, { nullable: true }) requestId!: string | null;
  @Field(() => OperationError, { nullable: true }) error!: OperationError | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) startedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) finishedAt!: Date | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => String, { nullable: true, description: "Who cancelled the operation with operationCancel; null otherwise." }) cancelledBy!: string | null;
  clusterId!: string;
  projectId!: string;
}

export function operationObject(row: OperationRow): OperationObject {
  return Object.assign(new OperationObject(), {
    __typename: "Operation",
    id: toGlobalId("Operation", row.id),
    uuid: row.id,
    type: row.type as OperationTypeValue,
    status: row.status as OperationStatusValue,
    progress: {
      percent: row.percent,
      stages: row.stages.map((stage) => ({
        name: stage.name,
        status: stage.status,
        startedAt: stage.startedAt ? new Date(stage.startedAt) : null,
        finishedAt: stage.finishedAt ? new Date(stage.finishedAt) : null,
      })),
    },
    requestId: row.requestId,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? "" } : null,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    createdAt: row.createdAt,
    cancelledBy: row.cancelledBy,
    clusterId: row.clusterId,
    projectId: row.projectId,
  });
}
