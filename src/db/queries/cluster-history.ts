// A cluster's history as pages: its operations (newest first) and its recorded events (newest first).
import { eq } from "drizzle-orm";
import type { Executor } from "../client.js";
import { clusterEvents, operations, type ClusterEventRow, type OperationRow } from "../schema/index.js";
import { countRows, paginate, type PageRequest } from "./pagination.js";

export async function pageOperationsOfCluster(executor: Executor, clusterId: string, request: PageRequest) {
  const filter = eq(operations.clusterId, clusterId);
  const page = await paginate<OperationRow>(executor, operations, operations.id, filter, { name: "CREATED_AT_DESC", column: operations.createdAt, kind: "timestamp", direction: "DESC" }, "createdAt", request);
  return { page, count: () => countRows(executor, operations, filter) };
}

export async function pageEventsOfCluster(executor: Executor, clusterId: string, request: PageRequest) {
  const filter = eq(clusterEvents.clusterId, clusterId);
  const page = await paginate<ClusterEventRow & Record<string, unknown>>(executor, clusterEvents, clusterEvents.id, filter, { name: "CURSOR_DESC", column: clusterEvents.id, kind: "bigint", direction: "DESC", idKind: "bigint" }, "id", request);
  return { page, count: () => countRows(executor, clusterEvents, filter) };
}
