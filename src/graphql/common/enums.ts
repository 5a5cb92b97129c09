// GraphQL enums built from the domain's closed sets, so the two can never disagree.
import { registerEnumType } from "type-graphql";
import {
  CLUSTER_EVENT_TYPES,
  CLUSTER_STATUSES,
  COES,
  DOCKER_STORAGE_DRIVERS,
  HEALTH_STATUSES,
  OPERATION_STATUSES,
  OPERATION_TYPES,
  SERVER_TYPES,
} from "../../domain/enums.js";
import { USER_ERROR_CODES } from "../../domain/errors.js";

function enumObject<const Values extends readonly string[]>(values: Values): { [Value in Values[number]]: Value } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [Value in Values[number]]: Value };
}

export const Coe = enumObject(COES);
export const ServerType = enumObject(SERVER_TYPES);
export const DockerStorageDriver = enumObject(DOCKER_STORAGE_DRIVERS);
export const ClusterStatus = enumObject(CLUSTER_STATUSES);
export const HealthStatus = enumObject(HEALTH_STATUSES);
export const OperationStatus = enumObject(OPERATION_STATUSES);
export const OperationType = enumObject(OPERATION_TYPES);
export const ClusterEventType = enumObject(CLUSTER_EVENT_TYPES);
export const UserErrorCode = enumObject(USER_ERROR_CODES);

registerEnumType(Coe, { name: "Coe", description: "Container orchestration engine." });
registerEnumType(ServerType, { name: "ServerType" });
registerEnumType(DockerStorageDriver, { name: "DockerStorageDriver" });
registerEnumType(ClusterStatus, { name: "ClusterStatus", description: "Magnum's cluster statuses." });
registerEnumType(HealthStatus, { name: "HealthStatus" });
registerEnumType(OperationStatus, { name: "OperationStatus" });
registerEnumType(OperationType, { name: "OperationType" });
registerEnumType(ClusterEventType, { name: "ClusterEventType" });
registerEnumType(UserErrorCode, { name: "UserErrorCode" });
