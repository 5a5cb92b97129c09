// Updates by one column's value for the reconciler's hot path (every tick writes its operation, cluster and node
// groups), without drizzle's update builder: the statement text is written once per table, key column and list of
// changed properties, and each value goes out as drizzle's own parameter with its column's encoder, so the statement
// and its parameters are exactly what `executor.update(table).set(changes).where(eq(column, key))` sends.
import { eq, getTableColumns, getTableName, is, Param, SQL, StringChunk } from "drizzle-orm";
import type { PgColumn, PgTable, PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Executor } from "./client.js";

/*
 * Why: with 1,000 operations in flight the update builder (buildUpdateSet, mapUpdateSet and the chunk walk of the
 * statement it builds) was ~7% of the worker's CPU (docs/BENCHMARKS.md, orchestration scale).
 */

interface UpdateText {
  /** Text before each changed value, then the text before the key; the key's column last. */
  pieces: readonly StringChunk[];
  columns: readonly PgColumn[];
}

const texts = new WeakMap<PgTable, Map<string, UpdateText>>();

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function textOf(table: PgTable, keyProperty: string, properties: readonly string[]): UpdateText {
  let byList = texts.get(table);
  if (!byList) texts.set(table, (byList = new Map()));
  const listKey = `${keyProperty}:${properties.join(",")}`;
  let text = byList.get(listKey);
  if (!text) {
    const all = getTableColumns(table) as Record<string, PgColumn>;
    const columnOf = (property: string) => {
      const column = all[property];
      if (!column) throw new Error(`row-writer: ${getTableName(table)} has no column for property ${property}`);
      return column;
    };
    const columns = [...properties.map(columnOf), columnOf(keyProperty)];
    const pieces = columns.map((column, index) =>
      new StringChunk(
        index === 0
          ? `update ${quote(getTableName(table))} set ${quote(column.name)} = `
          : index < properties.length
            ? `, ${quote(column.name)} = `
            : ` where ${quote(getTableName(table))}.${quote(column.name)} = `,
      ),
    );
    text = { pieces, columns };
    byList.set(listKey, text);
  }
  return text;
}

/** Each table's properties in column order: a statement lists its changes in that order, as drizzle's builder does. */
const orders = new WeakMap<PgTable, Map<string, number>>();

function columnOrder(table: PgTable): Map<string, number> {
  let order = orders.get(table);
  if (!order) orders.set(table, (order = new Map(Object.keys(getTableColumns(table)).map((property, index) => [property, index]))));
  return order;
}

/**
 * The statement `update table set <changes> where <keyProperty> = key`, text and parameters as drizzle's builder
 * writes them; null when there is nothing to change or a change is an SQL expression (`now() + …`), which the
 * builder writes. Properties whose value is undefined are left out, as drizzle leaves them.
 */
export function updateStatement<Table extends PgTable>(table: Table, keyProperty: keyof Table["$inferSelect"] & string, key: unknown, changes: PgUpdateSetSource<Table>): SQL | null {
  const order = columnOrder(table);
  const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
  if (entries.length === 0 || entries.some(([, value]) => is(value, SQL) || is(value, Param))) return null;
  entries.sort(([left], [right]) => (order.get(left) ?? -1) - (order.get(right) ?? -1));
  const { pieces, columns } = textOf(
    table,
    keyProperty,
    entries.map(([property]) => property),
  );
  const chunks: (StringChunk | Param)[] = [];
  for (let index = 0; index < columns.length; index++) {
    chunks.push(pieces[index]!, new Param(index < entries.length ? entries[index]![1] : key, columns[index]!));
  }
  return new SQL(chunks);
}

/**
 * The update of `changes` as a statement: updateStatement's, or drizzle's builder's (built by `executor`, not run)
 * where it answers null (an SQL expression among the changes). Null when there is nothing to change.
 */
export function updateSql<Table extends PgTable>(executor: Executor, table: Table, keyProperty: keyof Table["$inferSelect"] & string, key: unknown, changes: PgUpdateSetSource<Table>): SQL | null {
  if (Object.values(changes).every((value) => value === undefined)) return null;
  const statement = updateStatement(table, keyProperty, key, changes);
  if (statement) return statement;
  const column = (getTableColumns(table) as Record<string, PgColumn>)[keyProperty]!;
  return (executor as unknown as { update(table: PgTable): { set(values: unknown): { where(condition: SQL): { getSQL(): SQL } } } })
    .update(table)
    .set(changes)
    .where(eq(column, key))
    .getSQL();
}

/** Runs updateSql's statement. Nothing to change writes nothing. */
export function updateRowsWhere<Table extends PgTable>(executor: Executor, table: Table, keyProperty: keyof Table["$inferSelect"] & string, key: unknown, changes: PgUpdateSetSource<Table>): Promise<unknown> {
  const statement = updateSql(executor, table, keyProperty, key, changes);
  return statement ? executor.execute(statement) : Promise.resolve();
}
