// Magnum's patch rules and the Python dict literals magnumclient sends, as pure functions.
import { describe, expect, it } from "vitest";
import { applyPatch, parsePatch, parsePythonDict, type PatchRules } from "../../../src/rest/json-patch.js";
import { parseVersionHeader } from "../../../src/rest/microversions.js";

const RULES: PatchRules = { internal: [], nonRemovable: ["coe"], dictionaries: ["labels"] };

describe("Python dict literals (ast.literal_eval of what magnumclient sends)", () => {
  it.each([
    ["{}", {}],
    ["{'a': 'b'}", { a: "b" }],
    ["{'a': 'b', 'c': 'd',}", { a: "b", c: "d" }],
    [`{"it's": 'a\\'b', 'n': 3, 'f': -1.5, 't': True, 'no': False, 'none': None}`, { "it's": "a'b", n: 3, f: -1.5, t: true, no: false, none: null }],
    ["{ 'tab' : 'x\\ty' }", { tab: "x\ty" }],
  ])("reads %s", (text, expected) => {
    expect(parsePythonDict(text)).toEqual(expected);
  });
  it.each(["", "{", "{'a'}", "{'a': b}", "{'a': 'b'} x", "['a']", "{'a': open('x')}", "{'a': 'b'"])("refuses %j", (text) => {
    expect(() => parsePythonDict(text)).toThrow(/invalid syntax/);
  });
});

describe("JSON patch with Magnum's rules", () => {
  const document = { name: "k8s", coe: "kubernetes", labels: { a: "1" }, flavor_id: null as string | null };
  it("replaces, adds into null attributes and nested paths, removes to null, reads labels as a dict literal", () => {
    const operations = parsePatch(
      [
        { op: "replace", path: "/labels", value: "{'b': '2'}" },
        { op: "add", path: "/labels/c", value: "3" },
        { op: "add", path: "/flavor_id", value: "m1.small" },
        { op: "remove", path: "/name" },
      ],
      RULES,
    );
    expect(applyPatch(document, operations, RULES)).toEqual({ name: null, coe: "kubernetes", labels: { b: "2", c: "3" }, flavor_id: "m1.small" });
    expect(document.labels).toEqual({ a: "1" });
  });
  it.each([
    [[{ op: "remove", path: "/coe" }], /mandatory/],
    [[{ op: "replace", path: "/created_at", value: "x" }], /internal/],
    [[{ op: "replace", path: "name", value: "x" }], /pattern/],
    [[{ op: "copy", path: "/name", value: "x" }], /op/],
    [[{ op: "add", path: "/name" }], /needs value/],
  ])("refuses %j", (body, message) => {
    expect(() => parsePatch(body, RULES)).toThrow(message);
  });
  it.each([
    [[{ op: "add", path: "/name", value: "x" }], /has existed/],
    [[{ op: "add", path: "/colour", value: "x" }], /not allowed/],
    [[{ op: "remove", path: "/labels/zzz" }], /non-existent/],
    [[{ op: "replace", path: "/labels", value: "{'a': [1]}" }], /Couldn't apply patch/],
  ])("cannot apply %j", (body, message) => {
    expect(() => applyPatch(document, parsePatch(body, RULES), RULES)).toThrow(message);
  });
});

describe("OpenStack-API-Version", () => {
  it.each([
    [undefined, "1.1"],
    ["container-infra latest", "1.10"],
    ["container-infra 1.7", "1.7"],
    ["Container-Infra 1.9", "1.9"],
  ])("reads %j as %s", (header, version) => {
    const parsed = parseVersionHeader(header);
    expect(`${parsed.major}.${parsed.minor}`).toBe(version);
  });
  it.each(["container-infra", "compute 1.2", "container-infra 1", "container-infra 1.2.3", "container-infra x"])("refuses %j with 406", (header) => {
    expect(() => parseVersionHeader(header)).toThrow(expect.objectContaining({ status: 406 }));
  });
});
