// JSON patch as Magnum applies it (api/utils.py apply_jsonpatch, controllers/v1/types.py JsonPatchType): add/replace/remove on
// top-level attributes (and one level below, e.g. /labels/key), labels given as a Python dict literal string.
import { badRequest } from "./errors.js";

export interface PatchOperation {
  op: "add" | "replace" | "remove";
  path: string;
  value?: unknown;
}

export interface PatchRules {
  /** Attributes no patch may touch (Magnum's internal_attrs). */
  internal: readonly string[];
  /** Attributes that may not be removed (mandatory ones and Magnum's _extra_non_removable_attrs). */
  nonRemovable: readonly string[];
  /** Attributes whose value may come as a Python dict literal string. */
  dictionaries?: readonly string[];
}

const BASE_INTERNAL = ["created_at", "id", "links", "updated_at", "uuid", "project_id", "user_id"];

/** Validates the patch document's shape and Magnum's per-operation rules. */
export function parsePatch(body: unknown, rules: PatchRules): PatchOperation[] {
  if (!Array.isArray(body)) throw badRequest("Invalid input for field/attribute patch. Value: the body must be a JSON array of patch operations");
  return body.map((entry: unknown) => {
    if (!entry || typeof entry !== "object") throw badRequest("Invalid input for field/attribute patch. Value: each operation must be an object");
    const { op, path, value } = entry as Record<string, unknown>;
    if (typeof path !== "string" || !/^(\/[\w-]+)+$/.test(path)) throw badRequest(`Invalid input for field/attribute path. Value: '${String(path)}'. Value should match the pattern ^(/[\\w-]+)+$`);
    if (op !== "add" && op !== "replace" && op !== "remove") throw badRequest(`Invalid input for field/attribute op. Value: '${String(op)}'. Value should be one of: add, replace, remove`);
    const attribute = path.slice(1);
    if ([...BASE_INTERNAL, ...rules.internal].includes(attribute)) throw badRequest(`'${path}' is an internal attribute and can not be updated`);
    if (op === "remove" && rules.nonRemovable.includes(attribute)) throw badRequest(`'${path}' is a mandatory attribute and can not be removed`);
    if (op !== "remove" && (value === undefined || value === null)) throw badRequest("'add' and 'replace' operations needs value");
    return op === "remove" ? { op, path } : { op, path, value };
  });
}

/** Applies the operations to a copy of `document`; errors are Magnum's PatchError (400). */
export function applyPatch(document: Record<string, unknown>, operations: PatchOperation[], rules: PatchRules): Record<string, unknown> {
  const result: Record<string, unknown> = structuredClone(document);
  for (const operation of operations) {
    const segments = operation.path.slice(1).split("/");
    const attribute = segments[0]!;
    let value = operation.value;
    if (operation.op === "add" && segments.length === 1) {
      if (!(attribute in result)) throw badRequest(`Adding a new attribute ${operation.path} to the root of the resource is not allowed.`);
      if (result[attribute] !== null) throw badRequest(`The attribute ${operation.path} has existed, please use 'replace' operation instead.`);
    }
    if (operation.op === "replace" && segments.length === 1 && rules.dictionaries?.includes(attribute) && typeof value === "string") {
      value = parseDictionaryOrRefuse(value, operations);
    }
    const parent = segments.length === 1 ? result : walk(result, segments.slice(0, -1), operation);
    const key = segments.at(-1)!;
    if (operation.op === "remove" || operation.op === "replace") {
      if (!(key in parent)) throw badRequest(`Couldn't apply patch '${JSON.stringify(operations)}'. Reason: can't ${operation.op} a non-existent object '${key}'`);
    }
    if (operation.op === "remove") {
      if (segments.length === 1) parent[key] = null;
      else delete parent[key];
    } else parent[key] = value;
  }
  return result;
}

function walk(document: Record<string, unknown>, segments: string[], operation: PatchOperation): Record<string, unknown> {
  let node: unknown = document;
  for (const segment of segments) {
    if (!node || typeof node !== "object" || !(segment in (node as object))) throw badRequest(`Couldn't apply patch. Reason: member '${segment}' not found in ${operation.path}`);
    node = (node as Record<string, unknown>)[segment];
  }
  if (!node || typeof node !== "object" || Array.isArray(node)) throw badRequest(`Couldn't apply patch. Reason: ${operation.path} does not point into an object`);
  return node as Record<string, unknown>;
}

function parseDictionaryOrRefuse(text: string, operations: PatchOperation[]): Record<string, unknown> {
  try {
    return parsePythonDict(text);
  } catch (error) {
    throw badRequest(`Couldn't apply patch '${JSON.stringify(operations)}'. Reason: ${(error as Error).message}`);
  }
}

/**
 * Python's ast.literal_eval for what magnumclient sends: `str(dict)` of string keys and values that are
 * strings, numbers, True, False or None. Anything else is a SyntaxError, as in Magnum.
 */
export function parsePythonDict(text: string): Record<string, unknown> {
  let position = 0;
  const fail = (what: string): never => {
    throw new Error(`invalid syntax: ${what} at position ${position}`);
  };
  const space = () => {
    while (position < text.length && /\s/.test(text[position]!)) position++;
  };
  const expect = (character: string) => {
    space();
    if (text[position] !== character) fail(`expected '${character}'`);
    position++;
  };
  const string = (): string => {
    const quote = text[position];
    if (quote !== "'" && quote !== '"') return fail("expected a string");
    position++;
    let out = "";
    while (position < text.length && text[position] !== quote) {
      let character = text[position++]!;
      if (character === "\\") {
        const escaped = text[position++] ?? fail("unfinished escape");
        const known: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0" };
        if (escaped === "x" || escaped === "u") {
          const length = escaped === "x" ? 2 : 4;
          const hex = text.slice(position, position + length);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) fail("bad escape");
          position += length;
          character = String.fromCharCode(parseInt(hex, 16));
        } else character = known[escaped] ?? `\\${escaped}`;
      }
      out += character;
    }
    if (text[position] !== quote) fail("unterminated string");
    position++;
    return out;
  };
  const value = (): unknown => {
    space();
    const character = text[position];
    if (character === "'" || character === '"') return string();
    const word = /^(True|False|None|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(text.slice(position))?.[0];
    if (!word) return fail("unsupported value");
    position += word.length;
    if (word === "True") return true;
    if (word === "False") return false;
    if (word === "None") return null;
    return Number(word);
  };
  const result: Record<string, unknown> = {};
  expect("{");
  space();
  if (text[position] === "}") position++;
  else {
    for (;;) {
      space();
      const key = string();
      expect(":");
      result[key] = value();
      space();
      if (text[position] === ",") {
        position++;
        space();
        if (text[position] === "}") {
          position++;
          break;
        }
        continue;
      }
      expect("}");
      break;
    }
  }
  space();
  if (position !== text.length) fail("trailing characters");
  return result;
}
