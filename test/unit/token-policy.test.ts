// Scoped tokens' rules as tables: effective roles, who may mint what, who may manage a token, and a socket's verdict.
import { describe, expect, it } from "vitest";
import { sessionVerdict } from "../../src/domain/policy/live.js";
import { effectiveRoles, mayManageToken, mintingRefusal } from "../../src/domain/policy/tokens.js";
import type { Principal, ProjectRole } from "../../src/domain/tenancy/principal.js";

const user = (id: string, roles: [string, ProjectRole][], grant?: Principal["tokenGrant"]): Principal => ({ id, name: id, isGlobalAdmin: false, projectRoles: new Map(roles), ...(grant ? { tokenGrant: grant } : {}) });
const operator: Principal = { id: "admin", name: "admin", isGlobalAdmin: true, projectRoles: new Map() };

describe("effective roles of a token", () => {
  const bindings = new Map<string, ProjectRole>([
    ["a", "ADMIN"],
    ["b", "READER"],
  ]);
  it.each([
    ["unscoped, uncapped", { projectIds: null, maxRole: null }, null, { a: "ADMIN", b: "READER" }],
    ["scoped to b", { projectIds: ["b"], maxRole: null }, null, { b: "READER" }],
    ["scoped to a project the user lost", { projectIds: ["c"], maxRole: null }, null, {}],
    ["capped at MEMBER", { projectIds: null, maxRole: "MEMBER" as const }, null, { a: "MEMBER", b: "READER" }],
    ["minted by someone who administers only b", { projectIds: ["a", "b"], maxRole: null }, new Set(["b"]), { b: "READER" }],
    ["minted by someone who administers nothing any more", { projectIds: ["a"], maxRole: null }, new Set<string>(), {}],
  ])("%s", (_label, grant, minter, expected) => {
    expect(Object.fromEntries(effectiveRoles(bindings, grant, minter))).toEqual(expected);
  });
});

describe("minting", () => {
  const target = new Map<string, ProjectRole>([
    ["a", "ADMIN"],
    ["b", "READER"],
  ]);
  it.each([
    ["the operator, unscoped", operator, "y", { projectIds: null, maxRole: null }, null],
    ["an admin of b, unscoped", user("x", [["b", "ADMIN"]]), "y", { projectIds: null, maxRole: null }, /global admin/],
    ["an admin of b, scoped to b", user("x", [["b", "ADMIN"]]), "y", { projectIds: ["b"], maxRole: null }, null],
    ["an admin of b, scoped to a and b", user("x", [["b", "ADMIN"]]), "y", { projectIds: ["a", "b"], maxRole: null }, /exactly one project/],
    ["an admin of b, scoped to a", user("x", [["b", "ADMIN"]]), "y", { projectIds: ["a"], maxRole: null }, /ADMIN role/],
    ["a member of b for someone else", user("x", [["b", "MEMBER"]]), "y", { projectIds: ["b"], maxRole: null }, /ADMIN role/],
    ["an admin of c for a user not in c", user("x", [["c", "ADMIN"]]), "y", { projectIds: ["c"], maxRole: null }, /no role in that project/],
    ["a user for itself, in its projects", user("y", [["a", "ADMIN"]]), "y", { projectIds: ["a"], maxRole: null }, null],
    ["a user for itself, beyond its token's scope", user("y", [["b", "READER"]], { projectIds: ["b"], maxRole: null, mintedBy: "y" }), "y", { projectIds: ["a"], maxRole: null }, /projects you act in/],
    ["a capped token minting an uncapped one", user("y", [["a", "READER"]], { projectIds: ["a"], maxRole: "READER", mintedBy: "y" }), "y", { projectIds: ["a"], maxRole: null }, /maxRole/],
    ["a capped token minting within its cap", user("y", [["a", "READER"]], { projectIds: ["a"], maxRole: "MEMBER", mintedBy: "y" }), "y", { projectIds: ["a"], maxRole: "READER" as const }, null],
    ["an empty scope", user("y", [["a", "ADMIN"]]), "y", { projectIds: [], maxRole: null }, /at least one/],
  ])("%s", (_label, principal, targetId, grant, expected) => {
    const refusal = mintingRefusal(principal, targetId, target, grant);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toMatch(expected);
  });
});

describe("managing a token", () => {
  const token = { userId: "y", createdBy: "admin", projectIds: ["b"] };
  it.each([
    ["its user", user("y", []), true],
    ["an admin of its project", user("x", [["b", "ADMIN"]]), true],
    ["a member of its project", user("x", [["b", "MEMBER"]]), false],
    ["an admin of another project of the user", user("x", [["a", "ADMIN"]]), false],
    ["the operator", operator, true],
  ])("%s", (_label, principal, expected) => {
    expect(mayManageToken(principal, token, ["a", "b"])).toBe(expected);
  });
});

describe("a live socket after a change of rights", () => {
  it.each([
    ["keeps a project", user("y", [["a", "READER"]]), user("y", [["b", "READER"]]), "keep"],
    ["lost its last project", user("y", [["a", "READER"]]), user("y", []), "lost-every-project"],
    ["never had one", user("y", []), user("y", []), "keep"],
  ])("%s", (_label, before, after, expected) => {
    expect(sessionVerdict(before, after)).toBe(expected);
  });
});
