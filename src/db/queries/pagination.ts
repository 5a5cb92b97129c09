// Keyset pagination for Relay connections: cursors name a row's sort value and id, so inserts never shift a page.
import { and, asc, count, desc, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "../client.js";
import { selectRows } from "../row-reader.js";

/**
 * A page request this API cannot serve (a foreign cursor, first and last together, a size out of range): the
 * caller's fault, on one argument. The domain turns it into BAD_USER_INPUT on that field (domain/errors.ts toRefusal).
 */
export class PageRequestError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "PageRequestError";
  }
}

const badInput = (field: string, message: string) => new PageRequestError(field, message);

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface SortKey {
  /** Part of the cursor: a cursor made under one ordering is refused under another. */
  name: string;
  column: AnyPgColumn;
  kind: "text" | "timestamp" | "bigint";
  direction: "ASC" | "DESC";
  /** The tie-breaking id column's type (default uuid). */
  idKind?: "uuid" | "bigint";
}

export interface Page<Row> {
  rows: Row[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  cursorOf(row: Row): string;
}

interface CursorContent {
  sort: string;
  value: string;
  id: string;
}

export function encodeCursor(content: CursorContent): string {
  return Buffer.from(JSON.stringify([content.sort, content.value, content.id])).toString("base64url");
}

export function decodeCursor(cursor: string, sort: string, argument: string, idKind: "uuid" | "bigint" = "uuid"): CursorContent {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(decoded) && decoded.length === 3 && decoded.every((part) => typeof part === "string")) {
      const [sortName, value, id] = decoded as [string, string, string];
      if (sortName !== sort) throw badInput(argument, `cursor was made for ordering ${sortName}, not ${sort}; start again without ${argument}`);
      if (!(idKind === "uuid" ? /^[0-9a-f-]{36}$/ : /^\d{1,19}$/).test(id)) throw new Error("bad id");
      return { sort: sortName, value, id };
    }
  } catch (error) {
    if (error instanceof PageRequestError) throw error;
  }
  throw badInput(argument, `${argument} is not a cursor this API issued`);
}

/** Validates first/last (1–100, default 20) and says which way to read. */
export function pageWindow(request: PageRequest): { size: number; backward: boolean } {
  if (request.first != null && request.last != null) throw badInput("last", "give first or last, not both");
  const backward = request.last != null || (request.before != null && request.first == null);
  const size = (backward ? request.last : request.first) ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(backward ? "last" : "first", `${backward ? "last" : "first"} must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return { size, backward };
}

function sortValue(row: Record<string, unknown>, key: SortKey, propertyName: string): string {
  const value = row[propertyName];
  return value instanceof Date ? value.toISOString() : String(value);
}

function keysetCondition(key: SortKey, idColumn: AnyPgColumn, cursor: CursorContent, after: boolean): SQL {
  const value = key.kind === "timestamp" ? sql`${cursor.value}::timestamptz` : key.kind === "bigint" ? sql`${cursor.value}::bigint` : sql`${cursor.value}`;
  const forward = (key.direction === "ASC") === after;
  const id = key.idKind === "bigint" ? sql`${cursor.id}::bigint` : sql`${cursor.id}::uuid`;
  return forward ? sql`(${key.column}, ${idColumn}) > (${value}, ${id})` : sql`(${key.column}, ${idColumn}) < (${value}, ${id})`;
}

export function orderFor(key: SortKey, idColumn: AnyPgColumn, reversed: boolean): SQL[] {
  const ascending = (key.direction === "ASC") !== reversed;
  return ascending ? [asc(key.column), asc(idColumn)] : [desc(key.column), desc(idColumn)];
}

/** Conditions and order of one page, reusable by batched (per-parent) loaders. */
export function pagePlan(request: PageRequest, key: SortKey, idColumn: AnyPgColumn) {
  const { size, backward } = pageWindow(request);
  const conditions: SQL[] = [];
  if (request.after) conditions.push(keysetCondition(key, idColumn, decodeCursor(request.after, key.name, "after", key.idKind), true));
  if (request.before) conditions.push(keysetCondition(key, idColumn, decodeCursor(request.before, key.name, "before", key.idKind), false));
  return { size, backward, conditions, order: orderFor(key, idColumn, backward) };
}

export function finishPage<Row extends Record<string, unknown>>(
  fetched: Row[],
  plan: { size: number; backward: boolean },
  request: PageRequest,
  key: SortKey,
  propertyName: string,
): Page<Row> {
  const more = fetched.length > plan.size;
  const rows = fetched.slice(0, plan.size);
  if (plan.backward) rows.reverse();
  return {
    rows,
    hasNextPage: plan.backward ? Boolean(request.before) : more,
    hasPreviousPage: plan.backward ? more : Boolean(request.after),
    cursorOf: (row) => encodeCursor({ sort: key.name, value: sortValue(row, key, propertyName), id: String(row.id) }),
  };
}

/** One page of `table` under `filter`, ordered by `key` then id; with `properties`, rows of those columns only (see selectRows). */
export async function paginate<Row extends Record<string, unknown>>(
  executor: Executor,
  table: PgTable,
  idColumn: AnyPgColumn,
  filter: SQL | undefined,
  key: SortKey,
  propertyName: string,
  request: PageRequest,
  properties?: readonly string[],
): Promise<Page<Row>> {
  const plan = pagePlan(request, key, idColumn);
  const where = and(filter, ...plan.conditions);
  const fetched = (await selectRows(
    executor,
    table,
    sql`from ${table}${where ? sql` where ${where}` : sql``} order by ${sql.join(plan.order, sql`, `)} limit ${sql.raw(String(plan.size + 1))}`,
    properties,
  )) as Row[];
  return finishPage(fetched, plan, request, key, propertyName);
}

export async function countRows(executor: Executor, table: PgTable, filter: SQL | undefined): Promise<number> {
  const [result] = await executor.select({ total: count() }).from(table).where(filter);
  return result?.total ?? 0;
}
