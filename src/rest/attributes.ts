// Magnum's request attributes to the domain's input: names (snake_case to camelCase), types as wsme coerces them, enums, labels and tags.
import type { Label } from "../domain/labels.js";
import { badRequest } from "./errors.js";
import { COE_IN } from "./views.js";
import { parsePythonDict } from "./json-patch.js";

export type AttributeKind = "text" | "integer" | "boolean" | "labels" | "tags" | "coe" | "serverType" | "storageDriver" | "textList";

export interface Attribute {
  /** The domain's input name. */
  field: string;
  kind: AttributeKind;
}

export type AttributeTable = Record<string, Attribute>;

const invalid = (name: string, value: unknown, why: string) => badRequest(`Invalid input for field/attribute ${name}. Value: '${typeof value === "string" ? value : JSON.stringify(value)}'. ${why}`);

function toBoolean(name: string, value: unknown): boolean {
  if (typeof value === "boolean") return value;
  // oslo's strutils.bool_from_string(strict=True), as Magnum's types.boolean.
  if (typeof value === "string" && ["true", "1", "yes", "y", "on", "t"].includes(value.toLowerCase())) return true;
  if (typeof value === "string" && ["false", "0", "no", "n", "off", "f"].includes(value.toLowerCase())) return false;
  throw invalid(name, value, "Wrong type. Expected a boolean");
}

function toInteger(name: string, value: unknown): number {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  throw invalid(name, value, "Wrong type. Expected 'int'");
}

/** Magnum's labels are a dict of scalars; Turnkey's are ordered key/value strings. */
export function labelsIn(name: string, value: unknown): Label[] {
  const dictionary = typeof value === "string" ? parseOrRefuse(name, value) : value;
  if (!dictionary || typeof dictionary !== "object" || Array.isArray(dictionary)) throw invalid(name, value, "Wrong type. Expected a dict");
  return Object.entries(dictionary as Record<string, unknown>).map(([key, entry]) => ({ key, value: typeof entry === "string" ? entry : pythonScalar(entry) }));
}

function parseOrRefuse(name: string, value: string): Record<string, unknown> {
  try {
    return parsePythonDict(value);
  } catch (error) {
    throw invalid(name, value, (error as Error).message);
  }
}

/** How Python prints a scalar the client sent typed (True, 3), so the label reads as it was written. */
function pythonScalar(value: unknown): string {
  if (value === true) return "true";
  if (value === false) return "false";
  if (value === null) return "";
  return String(value);
}

function lowerEnum(name: string, value: unknown, table: Record<string, string>): string {
  if (typeof value !== "string" || !(value.toLowerCase() in table)) throw invalid(name, value, `Value should be one of: ${Object.keys(table).join(", ")}`);
  return table[value.toLowerCase()]!;
}

export function convertValue(name: string, kind: AttributeKind, value: unknown): unknown {
  if (value === null) return null;
  switch (kind) {
    case "text":
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      if (typeof value !== "string") throw invalid(name, value, "Wrong type. Expected 'str'");
      return value;
    case "integer":
      return toInteger(name, value);
    case "boolean":
      return toBoolean(name, value);
    case "labels":
      return labelsIn(name, value);
    case "tags":
      if (typeof value !== "string") throw invalid(name, value, "Wrong type. Expected 'str'");
      return [...new Set(value.split(",").map((tag) => tag.trim()).filter((tag) => tag.length > 0))];
    case "textList":
      if (!Array.isArray(value) || !value.every((entry) => typeof entry === "string")) throw invalid(name, value, "Wrong type. Expected a list of strings");
      return value;
    case "coe":
      return lowerEnum(name, value, COE_IN);
    case "serverType":
      return lowerEnum(name, value, { vm: "VM", bm: "BM" });
    case "storageDriver":
      return lowerEnum(name, value, { devicemapper: "DEVICEMAPPER", overlay: "OVERLAY", overlay2: "OVERLAY2" });
  }
}

/**
 * A request body to domain input. `readOnly` attributes (ids, links, timestamps) are dropped as wsme does;
 * anything the table does not know is refused, as wsme's "Unknown attribute".
 */
export function inputFrom(body: unknown, table: AttributeTable, argument: string, readOnly: readonly string[] = []): Record<string, unknown> {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest(`Invalid input for field/attribute ${argument}. The body must be a JSON object`);
  const input: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (readOnly.includes(name)) continue;
    const attribute = table[name];
    if (!attribute) {
      unknown.push(name);
      continue;
    }
    // Unset attributes come as null from the client (argparse defaults): absent for the domain.
    if (value === null || value === undefined) continue;
    input[attribute.field] = convertValue(name, attribute.kind, value);
  }
  if (unknown.length > 0) throw badRequest(`Unknown attribute for argument ${argument}: ${unknown.join(", ")}`);
  return input;
}

/** The domain's field names back to this face's, for error messages. */
export function renames(table: AttributeTable): Record<string, string> {
  return Object.fromEntries(Object.entries(table).map(([name, attribute]) => [attribute.field, name]));
}
