// Magnum's list parameters (marker, limit, sort_key, sort_dir) on Turnkey's keyset pages, and the `next` link.
import type { Request } from "express";
import { encodeCursor, MAX_PAGE_SIZE, type PageRequest } from "../db/queries/pagination.js";
import { badRequest } from "./errors.js";
import { hostUrl } from "./versions.js";
import { isUuid } from "./views.js";

export interface ListRequest<Field extends string> {
  limit: number;
  field: Field;
  direction: "ASC" | "DESC";
  sortKey: string;
  sortDir: "asc" | "desc";
  marker: string | null;
}

function single(value: unknown): string | undefined {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === "string" ? value : undefined;
}

/**
 * `sortKeys` maps Magnum's sort keys onto the ordering columns Turnkey indexes. Magnum's default, `id`, is
 * its autoincrement column: creation order, which is CREATED_AT here. The page size is capped at 100,
 * Turnkey's page limit (Magnum caps at api.max_limit, 1000); clients follow `next`.
 */
export function listRequest<Field extends string>(request: Request, sortKeys: Record<string, Field>): ListRequest<Field> {
  const limitText = single(request.query.limit);
  let limit = MAX_PAGE_SIZE;
  if (limitText !== undefined) {
    if (!/^-?\d+$/.test(limitText)) throw badRequest(`Invalid input for field/attribute limit. Value: '${limitText}'. unable to convert to int`);
    const asked = Number(limitText);
    if (asked <= 0) throw badRequest("Limit must be positive");
    limit = Math.min(asked, MAX_PAGE_SIZE);
  }
  const sortDir = (single(request.query.sort_dir) ?? "asc") as "asc" | "desc";
  if (sortDir !== "asc" && sortDir !== "desc") throw badRequest(`Invalid sort direction: ${String(sortDir)}. Acceptable values are 'asc' or 'desc'`);
  const sortKey = single(request.query.sort_key) ?? "id";
  const field = sortKeys[sortKey];
  if (!field) throw badRequest(`The sort_key value "${sortKey}" is an invalid field for sorting; use one of ${Object.keys(sortKeys).join(", ")}`);
  const marker = single(request.query.marker) ?? null;
  if (marker !== null && !isUuid(marker)) throw badRequest(`Invalid input for field/attribute marker. Value: '${marker}'. Expected a UUID but received ${marker}.`);
  return { limit, field, direction: sortDir === "asc" ? "ASC" : "DESC", sortKey, sortDir, marker };
}

/**
 * The keyset page after the marker row. `markerRow` is the marker as the caller may see it (undefined:
 * Magnum's "not found" for the marker). `sortName` and `value` are how the pagination module names the order.
 */
export function pageAfter(list: ListRequest<string>, sortName: string, markerValue: string | undefined, markerId: string | undefined): PageRequest {
  if (list.marker === null) return { first: list.limit };
  if (markerValue === undefined || markerId === undefined) throw badRequest(`The marker ${list.marker} could not be found`);
  return { first: list.limit, after: encodeCursor({ sort: sortName, value: markerValue, id: markerId }) };
}

export function sortValueOf(row: Record<string, unknown>, property: string): string {
  const value = row[property];
  return value instanceof Date ? value.toISOString() : String(value);
}

/** Magnum's Collection.get_next: the sort and the last uuid as marker; only when there is more (Magnum: whenever a page is full). */
export function nextLink(request: Request, resource: string, list: ListRequest<string>, more: boolean, lastId: string | undefined): string | undefined {
  if (!more || !lastId) return undefined;
  return `${hostUrl(request)}/v1/${resource}?sort_key=${encodeURIComponent(list.sortKey)}&sort_dir=${list.sortDir}&limit=${list.limit}&marker=${lastId}`;
}
