// Queries on cluster templates: pages with filters, batched lookups, and usage by clusters.
import { and, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Executor, Transaction } from "../client.js";
import { clusterTemplates, clusters, type ClusterTemplateRow, type NewClusterTemplateRow } from "../schema/index.js";

export type { ClusterTemplateRow };
import { selectRows, uuidArray } from "../row-reader.js";
import { countRows, paginate, type PageRequest, type SortKey } from "./pagination.js";

export interface ClusterTemplateFilter {
  /** Projects the caller may read; null = all. Templates marked public are readable by everyone. */
  visibleProjects: string[] | null;
  includeHidden: boolean;
  projectId?: string | null;
  name?: string | null;
  nameContains?: string | null;
  coe?: string | null;
  public?: boolean | null;
}

export const TEMPLATE_SORT_COLUMNS = {
  NAME: { column: clusterTemplates.name, kind: "text", property: "name" },
  CREATED_AT: { column: clusterTemplates.createdAt, kind: "timestamp", property: "createdAt" },
  UPDATED_AT: { column: clusterTemplates.updatedAt, kind: "timestamp", property: "updatedAt" },
} as const;
export type TemplateSortField = keyof typeof TEMPLATE_SORT_COLUMNS;

export function templateVisibility(visibleProjects: string[] | null, includeHidden: boolean): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (visibleProjects !== null) {
    conditions.push(or(inArray(clusterTemplates.projectId, visibleProjects.length ? visibleProjects : ["00000000-0000-0000-0000-000000000000"]), eq(clusterTemplates.public, true)));
  }
  if (!includeHidden) conditions.push(eq(clusterTemplates.hidden, false));
  return and(...conditions);
}

function filterCondition(filter: ClusterTemplateFilter): SQL | undefined {
  return and(
    templateVisibility(filter.visibleProjects, filter.includeHidden),
    filter.projectId ? eq(clusterTemplates.projectId, filter.projectId) : undefined,
    filter.name ? eq(clusterTemplates.name, filter.name) : undefined,
    filter.nameContains ? ilike(clusterTemplates.name, `%${escapeLike(filter.nameContains)}%`) : undefined,
    filter.coe ? eq(clusterTemplates.coe, filter.coe) : undefined,
    filter.public != null ? eq(clusterTemplates.public, filter.public) : undefined,
  );
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export async function pageClusterTemplates(executor: Executor, filter: ClusterTemplateFilter, sort: { field: TemplateSortField; direction: "ASC" | "DESC" }, request: PageRequest) {
  const column = TEMPLATE_SORT_COLUMNS[sort.field];
  const key: SortKey = { name: `${sort.field}_${sort.direction}`, column: column.column, kind: column.kind, direction: sort.direction };
  const condition = filterCondition(filter);
  const page = await paginate<ClusterTemplateRow>(executor, clusterTemplates, clusterTemplates.id, condition, key, column.property, request);
  return { page, count: () => countRows(executor, clusterTemplates, condition) };
}

export async function templatesByIds(executor: Executor, ids: readonly string[]): Promise<ClusterTemplateRow[]> {
  if (ids.length === 0) return [];
  return selectRows(executor, clusterTemplates, sql`from ${clusterTemplates} where ${clusterTemplates.id} = any(${uuidArray(ids)})`);
}

export async function findTemplate(executor: Executor, id: string, forUpdate = false): Promise<ClusterTemplateRow | undefined> {
  const [row] = await selectRows(executor, clusterTemplates, sql`from ${clusterTemplates} where ${clusterTemplates.id} = ${id}${forUpdate ? sql` for update` : sql``}`);
  return row;
}

/** Names of the clusters built from a template, for CONFLICT messages. */
export async function clusterNamesUsingTemplate(executor: Executor, templateId: string): Promise<string[]> {
  const rows = await executor.select({ name: clusters.name }).from(clusters).where(eq(clusters.templateId, templateId)).orderBy(clusters.name);
  return rows.map((row) => row.name);
}

/** What certificate issuance needs of a cluster's template: whether TLS is off and which engine it runs. */
export async function templateTlsAndCoe(executor: Executor, templateId: string): Promise<{ tlsDisabled: boolean; coe: string } | undefined> {
  const [template] = await executor
    .select({ tlsDisabled: clusterTemplates.tlsDisabled, coe: clusterTemplates.coe })
    .from(clusterTemplates)
    .where(eq(clusterTemplates.id, templateId));
  return template;
}

/** A template by id locked FOR SHARE: a concurrent delete of it waits for this transaction, then sees what it wrote. */
export async function findTemplateForShare(transaction: Transaction, id: string): Promise<ClusterTemplateRow | undefined> {
  const [row] = await transaction.select().from(clusterTemplates).where(eq(clusterTemplates.id, id)).for("share");
  return row;
}

/** Whether the template turns TLS off (undefined: no such template). */
export async function templateTlsDisabled(executor: Executor, id: string): Promise<boolean | undefined> {
  const [template] = await executor.select({ tlsDisabled: clusterTemplates.tlsDisabled }).from(clusterTemplates).where(eq(clusterTemplates.id, id));
  return template?.tlsDisabled;
}

/** The id of the project's template of this name, if any. */
export async function templateIdByName(transaction: Transaction, projectId: string, name: string): Promise<string | undefined> {
  const [row] = await transaction
    .select({ id: clusterTemplates.id })
    .from(clusterTemplates)
    .where(sql`${clusterTemplates.projectId} = ${projectId} and ${clusterTemplates.name} = ${name}`);
  return row?.id;
}

export async function insertTemplateRow(transaction: Transaction, values: NewClusterTemplateRow): Promise<void> {
  await transaction.insert(clusterTemplates).values(values);
}

export async function updateTemplateRow(transaction: Transaction, id: string, values: PgUpdateSetSource<typeof clusterTemplates>): Promise<void> {
  await transaction.update(clusterTemplates).set(values).where(eq(clusterTemplates.id, id));
}

export async function deleteTemplateRow(transaction: Transaction, id: string): Promise<void> {
  await transaction.delete(clusterTemplates).where(eq(clusterTemplates.id, id));
}
