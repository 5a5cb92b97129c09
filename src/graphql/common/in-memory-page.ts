// Pages over a short list already loaded in full (a cluster's node groups), with the same cursor rules.
import type { Page, PageRequest } from "../../db/queries/pagination.js";
import { decodeCursor, encodeCursor, pageWindow } from "../../db/queries/pagination.js";

/** The cursor of a row, one function per sort name (no closure per page: a page is built per cluster of a list). */
const cursorsOf = new Map<string, (row: { id: string }) => string>();

function cursorOfSort(sortName: string): (row: { id: string }) => string {
  let cursorOf = cursorsOf.get(sortName);
  if (!cursorOf) cursorsOf.set(sortName, (cursorOf = (row) => encodeCursor({ sort: sortName, value: "", id: row.id })));
  return cursorOf;
}

function indexOf(rows: readonly { id: string }[], cursor: string, sortName: string, argument: string): number {
  const { id } = decodeCursor(cursor, sortName, argument);
  return rows.findIndex((row) => row.id === id);
}

export function pageInMemory<Row extends { id: string }>(rows: Row[], request: PageRequest, sortName: string): Page<Row> {
  const { size, backward } = pageWindow(request);
  let start = request.after ? indexOf(rows, request.after, sortName, "after") + 1 : 0;
  let end = request.before ? indexOf(rows, request.before, sortName, "before") : rows.length;
  if (end < 0) end = rows.length;
  if (backward) start = Math.max(start, end - size);
  else end = Math.min(end, start + size);
  return {
    rows: rows.slice(start, end),
    hasNextPage: end < rows.length,
    hasPreviousPage: start > 0,
    cursorOf: cursorOfSort(sortName),
  };
}
