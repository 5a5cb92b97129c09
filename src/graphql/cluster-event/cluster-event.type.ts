// The ClusterEvent type: one entry of a cluster's status stream, with its resume cursor.
import { GraphQLJSONObject } from "graphql-scalars";
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";
import type { ClusterEventRow } from "../../db/schema/index.js";
import type { ClusterEventType as ClusterEventTypeValue, ClusterStatus as ClusterStatusValue, HealthStatus as HealthStatusValue } from "../../domain/enums.js";
import { ClusterEventType, ClusterStatus, HealthStatus } from "../common/enums.js";
import { toGlobalId } from "../common/global-id.js";

@ObjectType("ClusterEvent", { description: "A status transition, progress step or health change of a cluster." })
export class ClusterEventObject {
  @Field(() => String, { description: "Monotonically increasing; pass it as `after` to resume." }) cursor!: string;
  @Field(() => ClusterEventType) type!: ClusterEventTypeValue;
  @Field(() => GraphQLISODateTime) occurredAt!: Date;
  @Field(() => ID, { description: "The cluster's global id; stays valid in history after it is deleted." }) clusterId!: string;
  @Field(() => ClusterStatus, { nullable: true }) status!: ClusterStatusValue | null;
  @Field(() => ClusterStatus, { nullable: true }) previousStatus!: ClusterStatusValue | null;
  @Field(() => String, { nullable: true }) statusReason!: string | null;
  @Field(() => HealthStatus, { nullable: true }) healthStatus!: HealthStatusValue | null;
  @Field(() => String, { nullable: true, description: "The stage a PROGRESS event is about." }) stage!: string | null;
  @Field(() => Int, { nullable: true, description: "The operation's percent when the event was recorded." }) percent!: number | null;
  @Field(() => GraphQLJSONObject, { description: "Stage status and description, health reasons, …" }) details!: Record<string, unknown>;
  clusterUuid!: string;
  operationUuid!: string | null;
  projectId!: string;
}

export function clusterEventObject(row: ClusterEventRow): ClusterEventObject {
  return Object.assign(new ClusterEventObject(), {
    cursor: row.id.toString(),
    type: row.type as ClusterEventTypeValue,
    occurredAt: row.occurredAt,
    clusterId: toGlobalId("Cluster", row.clusterId),
    status: row.status as ClusterStatusValue | null,
    previousStatus: row.previousStatus as ClusterStatusValue | null,
    statusReason: row.statusReason,
    healthStatus: row.healthStatus as HealthStatusValue | null,
    stage: row.stage,
    percent: row.percent,
    details: row.details,
    clusterUuid: row.clusterId,
    operationUuid: row.operationId,
    projectId: row.projectId,
  });
}
