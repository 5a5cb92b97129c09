// Pages over a short list already loaded in full (a cluster's node groups), with the same cursor rules.
import type { Page, PageRequest } from "../../db/queries/pagination.js";
import { decodeCursor, encodeCursor, pageWindow } from "../../db/queries/pagination.js";

export function pageInMemory<Row extends { id: string }>(rows: Row[], request: PageRequest, sortName: string): Page<Row> {
  const { size, backward } = pageWindow(request);
  const indexOf = (cursor: string, argument: string) => {
    const { id } = decodeCursor(cursor, sortName, argument);
    return rows.findIndex((row) => row.id === id);
  };
  let start = request.after ? indexOf(request.after, "after") + 1 : 0;
  let end = request.before ? indexOf(request.before, "before") : rows.length;
  if (end < 0) end = rows.length;
  if (backward) start = Math.max(start, end - size);
  else end = Math.min(end, start + size);
  return {
    rows: rows.slice(start, end),
    hasNextPage: end < rows.length,
    hasPreviousPage: start > 0,
    cursorOf: (row) => encodeCursor({ sort: sortName, value: "", id: row.id }),
  };
}
