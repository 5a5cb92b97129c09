// Queries on clusters: pages with filters, batched lookups by id and by template.
import { and, eq, getTableColumns, ilike, inArray, sql, type SQL } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Executor, Transaction } from "../client.js";
import { clusterTemplates, clusters, nodeGroups, operations, type ClusterRow, type NewClusterRow } from "../schema/index.js";
import { selectRows, uuidArray } from "../row-reader.js";
import { escapeLike } from "./cluster-templates.js";
import { countRows, finishPage, paginate, pagePlan, type Page, type PageRequest, type SortKey } from "./pagination.js";

export type { ClusterRow };

export interface ClusterFilter {
  visibleProjects: string[] | null;
  projectId?: string | null;
  name?: string | null;
  nameContains?: string | null;
  statuses?: string[] | null;
  templateId?: string | null;
  coe?: string | null;
}

export const CLUSTER_SORT_COLUMNS = {
  NAME: { column: clusters.name, kind: "text", property: "name" },
  STATUS: { column: clusters.status, kind: "text", property: "status" },
  CREATED_AT: { column: clusters.createdAt, kind: "timestamp", property: "createdAt" },
  UPDATED_AT: { column: clusters.updatedAt, kind: "timestamp", property: "updatedAt" },
} as const;
export type ClusterSortField = keyof typeof CLUSTER_SORT_COLUMNS;
export interface ClusterSort {
  field: ClusterSortField;
  direction: "ASC" | "DESC";
}

function sortKey(sort: ClusterSort): SortKey {
  const column = CLUSTER_SORT_COLUMNS[sort.field];
  return { name: `${sort.field}_${sort.direction}`, column: column.column, kind: column.kind, direction: sort.direction };
}

function filterCondition(filter: ClusterFilter): SQL | undefined {
  return and(
    filter.visibleProjects !== null ? inArray(clusters.projectId, filter.visibleProjects.length ? filter.visibleProjects : ["00000000-0000-0000-0000-000000000000"]) : undefined,
    filter.projectId ? eq(clusters.projectId, filter.projectId) : undefined,
    filter.name ? eq(clusters.name, filter.name) : undefined,
    filter.nameContains ? ilike(clusters.name, `%${escapeLike(filter.nameContains)}%`) : undefined,
    filter.statuses?.length ? inArray(clusters.status, filter.statuses) : undefined,
    filter.templateId ? eq(clusters.templateId, filter.templateId) : undefined,
    filter.coe ? inArray(clusters.templateId, sql`(select ${clusterTemplates.id} from ${clusterTemplates} where ${clusterTemplates.coe} = ${filter.coe})`) : undefined,
  );
}

/** The properties of a cluster row (its columns), for callers that read a page's rows narrowed to a few of them. */
export const CLUSTER_PROPERTIES: ReadonlySet<string> = new Set(Object.keys(getTableColumns(clusters)));

/**
 * One page of clusters and their count. With `properties`, the rows hold only those columns plus what the page and
 * the policy need (id, project, template, the sort column): for an answer that reads a few of the row's forty.
 */
export async function pageClusters(executor: Executor, filter: ClusterFilter, sort: ClusterSort, request: PageRequest, properties?: readonly (keyof ClusterRow)[]) {
  const condition = filterCondition(filter);
  const sortProperty = CLUSTER_SORT_COLUMNS[sort.field].property;
  const columns = properties ? [...new Set<string>(["id", "projectId", "templateId", sortProperty, ...properties])].sort() : undefined;
  const page = await paginate<ClusterRow>(executor, clusters, clusters.id, condition, sortKey(sort), sortProperty, request, columns);
  return { page, count: () => countRows(executor, clusters, condition) };
}

export async function clustersByIds(executor: Executor, ids: readonly string[]): Promise<ClusterRow[]> {
  if (ids.length === 0) return [];
  return selectRows(executor, clusters, sql`from ${clusters} where ${clusters.id} = any(${uuidArray(ids)})`);
}

export async function findCluster(executor: Executor, id: string, forUpdate = false): Promise<ClusterRow | undefined> {
  // NO KEY UPDATE: excludes other writers of the row, but not inserts that merely reference it (foreign keys).
  const [row] = await selectRows(executor, clusters, sql`from ${clusters} where ${clusters.id} = ${id}${forUpdate ? sql` for no key update` : sql``}`);
  return row;
}

/**
 * One page of clusters for each of several templates in a single statement (a window
 * function ranks rows per template), so `templates { clusters }` costs the same for any page size.
 */
export async function pageClustersPerTemplate(
  executor: Executor,
  templateIds: readonly string[],
  filter: ClusterFilter,
  sort: ClusterSort,
  request: PageRequest,
): Promise<Map<string, Page<ClusterRow>>> {
  const key = sortKey(sort);
  const plan = pagePlan(request, key, clusters.id);
  const condition = and(filterCondition(filter), inArray(clusters.templateId, [...templateIds]), ...plan.conditions);
  const ranked = executor
    .select({ id: clusters.id, rank: sql<number>`row_number() over (partition by ${clusters.templateId} order by ${sql.join(plan.order, sql`, `)})`.as("rank") })
    .from(clusters)
    .where(condition)
    .as("ranked");
  const rows = await executor
    .select({ cluster: clusters, rank: ranked.rank })
    .from(clusters)
    .innerJoin(ranked, eq(ranked.id, clusters.id))
    .where(sql`${ranked.rank} <= ${plan.size + 1}`)
    .orderBy(clusters.templateId, ranked.rank);
  const grouped = new Map<string, ClusterRow[]>(templateIds.map((id) => [id, []]));
  for (const row of rows) grouped.get(row.cluster.templateId)?.push(row.cluster);
  const pages = new Map<string, Page<ClusterRow>>();
  for (const [templateId, fetched] of grouped) {
    pages.set(templateId, finishPage(fetched, plan, request, key, CLUSTER_SORT_COLUMNS[sort.field].property));
  }
  return pages;
}

/** Cluster counts per template under a filter, one statement for many templates. */
export async function countClustersPerTemplate(executor: Executor, templateIds: readonly string[], filter: ClusterFilter): Promise<Map<string, number>> {
  const rows = await executor
    .select({ templateId: clusters.templateId, total: sql<number>`count(*)::int` })
    .from(clusters)
    .where(and(filterCondition(filter), inArray(clusters.templateId, [...templateIds])))
    .groupBy(clusters.templateId);
  return new Map(rows.map((row) => [row.templateId, Number(row.total)]));
}

/** Writes of a cluster row by id; the caller holds its lock (findCluster with forUpdate). */
export async function updateClusterRow(transaction: Transaction, clusterId: string, values: PgUpdateSetSource<typeof clusters>): Promise<void> {
  await transaction.update(clusters).set(values).where(eq(clusters.id, clusterId));
}

export async function insertClusterRow(transaction: Transaction, values: NewClusterRow): Promise<void> {
  await transaction.insert(clusters).values(values);
}

/**
 * A new cluster with its node groups and its operation, in one statement (one round trip instead of three). The
 * foreign keys are checked at the statement's end, when the cluster row is there.
 */
export async function insertClusterWithGroupsAndOperation(
  transaction: Transaction,
  cluster: NewClusterRow,
  groups: (typeof nodeGroups.$inferInsert)[],
  operation: typeof operations.$inferInsert,
): Promise<void> {
  const parts = [transaction.insert(clusters).values(cluster).getSQL()];
  if (groups.length > 0) parts.push(transaction.insert(nodeGroups).values(groups).getSQL());
  const [main, ...before] = [transaction.insert(operations).values(operation).getSQL(), ...parts];
  await transaction.execute(sql`with ${sql.join(before.map((part, index) => sql`${sql.raw(`inserted_${index}`)} as (${part})`), sql`, `)} ${main}`);
}

/** The id of the project's cluster of this name, if any (names are unique per project). */
export async function clusterIdByName(executor: Executor, projectId: string, name: string): Promise<string | undefined> {
  const [existing] = await executor
    .select({ id: clusters.id })
    .from(clusters)
    .where(and(eq(clusters.projectId, projectId), eq(clusters.name, name)));
  return existing?.id;
}
