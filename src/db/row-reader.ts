// Whole-row reads for the hot read paths (pages, DataLoader batches) without drizzle's per-column query building
// and per-row mapping: the select list is written once per table, rows come back already keyed by property name,
// and only the columns whose driver value differs from the row's (timestamps, bigints, arrays, JSON) are converted.
import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "./client.js";

/*
 * Why: in the portal read's profile (docs/BENCHMARKS.md) drizzle's `select()` spent a quarter of the server's CPU
 * building the same thirty-column select lists again on every request (`is()` checks on every chunk and column)
 * and mapping every value of every row through its column. The statements sent are the same as drizzle's: the
 * same table, columns, conditions and order, so the prepared-statement cache (client.ts) and the statement counts
 * of the tests are unchanged.
 */

/** Column types whose value both drivers already return as the row holds it (strings, numbers, booleans). */
const AS_RETURNED = new Set(["PgUUID", "PgText", "PgInteger", "PgSmallInt", "PgBoolean"]);

type Converter = readonly [property: string, convert: (value: unknown) => unknown];

interface TableReader {
  /** `"table"."column" as "property", …` for every column, in the table's order. */
  selectList: SQL;
  converters: readonly Converter[];
}

/** Per table, per property list ("" for every column): the select list and converters, built once. */
const readers = new WeakMap<PgTable, Map<string, TableReader>>();

function readerOf(table: PgTable, properties?: readonly string[]): TableReader {
  let byList = readers.get(table);
  if (!byList) readers.set(table, (byList = new Map()));
  const listKey = properties ? properties.join(",") : "";
  let reader = byList.get(listKey);
  if (!reader) {
    const name = quoteIdentifier(getTableName(table));
    const all = getTableColumns(table) as Record<string, PgColumn>;
    const columns: [string, PgColumn][] = properties
      ? properties.map((property) => {
          const column = all[property];
          if (!column) throw new Error(`row-reader: ${getTableName(table)} has no column for property ${property}`);
          return [property, column];
        })
      : Object.entries(all);
    const list = columns.map(([property, column]) => `${name}.${quoteIdentifier(column.name)} as ${quoteIdentifier(property)}`).join(", ");
    const converters = columns
      .filter(([, column]) => !AS_RETURNED.has(column.columnType))
      .map(([property, column]): Converter => [property, (value) => column.mapFromDriverValue(value)]);
    reader = { selectList: sql.raw(list), converters };
    byList.set(listKey, reader);
  }
  return reader;
}

function quoteIdentifier(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** The rows of a `db.execute` result: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  return Array.isArray(result) ? (result as Record<string, unknown>[]) : ((result as { rows: Record<string, unknown>[] }).rows);
}

/**
 * Runs `select <every column of table> <rest>` and returns the table's rows, as `executor.select().from(table)` would.
 * `rest` is everything after the select list, starting with `from`. With `properties`, only those columns are read
 * (a page whose answer needs a few of a wide row's columns): the rows then hold those properties only, and the
 * caller must not hand them to anything that reads others. Keep the list's order stable: each list is a statement
 * text of its own, built and prepared once.
 */
export async function selectRows<Table extends PgTable>(executor: Executor, table: Table, rest: SQL, properties?: readonly string[]): Promise<Table["$inferSelect"][]> {
  const reader = readerOf(table, properties);
  const rows = rowsOf(await executor.execute(sql`select ${reader.selectList} ${rest}`));
  const { converters } = reader;
  for (const row of rows) {
    for (const [property, convert] of converters) {
      const value = row[property];
      if (value !== null && value !== undefined) row[property] = convert(value);
    }
  }
  return rows as Table["$inferSelect"][];
}

/**
 * A list of uuids as one parameter (`= any(${uuidArray(ids)})`): one placeholder for any number of ids, so the
 * statement's text is the same for every batch size and is built without a chunk per id. The ids are quoted as
 * array elements, so a malformed one is refused by PostgreSQL's uuid parser as it would be in `in (…)`.
 */
export function uuidArray(ids: readonly string[]): SQL {
  const literal = `{${ids.map((id) => `"${id.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`;
  return sql`${literal}::uuid[]`;
}
