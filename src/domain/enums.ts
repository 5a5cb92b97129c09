// The closed sets of the domain, with Magnum's values; the GraphQL enums are built from these.
export const COES = ["KUBERNETES", "SWARM", "SWARM_MODE", "MESOS", "DCOS"] as const;
export type Coe = (typeof COES)[number];

export const SERVER_TYPES = ["VM", "BM"] as const;
export type ServerType = (typeof SERVER_TYPES)[number];

export const DOCKER_STORAGE_DRIVERS = ["DEVICEMAPPER", "OVERLAY", "OVERLAY2"] as const;
export type DockerStorageDriver = (typeof DOCKER_STORAGE_DRIVERS)[number];

/** Exactly Magnum's cluster statuses (magnum/objects/fields.py ClusterStatus). */
export const CLUSTER_STATUSES = [
  "CREATE_IN_PROGRESS",
  "CREATE_FAILED",
  "CREATE_COMPLETE",
  "UPDATE_IN_PROGRESS",
  "UPDATE_FAILED",
  "UPDATE_COMPLETE",
  "DELETE_IN_PROGRESS",
  "DELETE_FAILED",
  "DELETE_COMPLETE",
  "RESUME_COMPLETE",
  "RESUME_FAILED",
  "RESTORE_COMPLETE",
  "ROLLBACK_IN_PROGRESS",
  "ROLLBACK_FAILED",
  "ROLLBACK_COMPLETE",
  "SNAPSHOT_COMPLETE",
  "CHECK_COMPLETE",
  "ADOPT_COMPLETE",
] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

export const HEALTH_STATUSES = ["HEALTHY", "UNHEALTHY", "UNKNOWN"] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export const OPERATION_STATUSES = ["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

export const OPERATION_TYPES = [
  "CLUSTER_CREATE",
  "CLUSTER_UPDATE",
  "CLUSTER_RESIZE",
  "CLUSTER_UPGRADE",
  "CLUSTER_DELETE",
  "NODE_GROUP_CREATE",
  "NODE_GROUP_UPDATE",
  "NODE_GROUP_DELETE",
  "CLUSTER_CA_ROTATE",
  "CLUSTER_ROLLBACK",
  /** Auto-healing: unhealthy nodes replaced, the node count unchanged. */
  "CLUSTER_REPAIR",
] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const CLUSTER_EVENT_TYPES = ["STATUS_CHANGED", "PROGRESS", "HEALTH_CHANGED", "DELETED"] as const;
export type ClusterEventType = (typeof CLUSTER_EVENT_TYPES)[number];

export const NODE_GROUP_ROLES = { master: "master", worker: "worker" } as const;
export const DEFAULT_MASTER_GROUP = "default-master";
export const DEFAULT_WORKER_GROUP = "default-worker";
