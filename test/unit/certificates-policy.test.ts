// Certificate policy as tables: which caller may hold which Kubernetes groups, lifetimes, settings from the environment.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { certificateLifetime, certificateRefusal, groupsForRole } from "../../src/domain/certificates/certificates-policy.js";
import { DomainError } from "../../src/domain/errors.js";
import type { Principal, ProjectRole } from "../../src/domain/tenancy/principal.js";

const PROJECT = "11111111-1111-4111-8111-111111111111";
const OTHER_PROJECT = "22222222-2222-4222-8222-222222222222";
const cluster = { projectId: PROJECT, createdBy: "creator" };
const settings = { viewerGroup: "turnkey:viewers", allowedGroups: ["system:masters", "turnkey:viewers", "developers"] };

function principal(id: string, roles: [string, ProjectRole][], options: { name?: string; isGlobalAdmin?: boolean } = {}): Principal {
  return { id, name: options.name ?? id, isGlobalAdmin: options.isGlobalAdmin ?? false, projectRoles: new Map(roles) };
}

const callers: Record<string, Principal> = {
  "global admin": principal("admin", [], { isGlobalAdmin: true }),
  "project admin": principal("alice", [[PROJECT, "ADMIN"]]),
  "member who created the cluster": principal("creator", [[PROJECT, "MEMBER"]]),
  "reader who created the cluster": principal("creator", [[PROJECT, "READER"]]),
  "member": principal("bob", [[PROJECT, "MEMBER"]]),
  "reader": principal("carol", [[PROJECT, "READER"]]),
  "creator no longer in the project": principal("creator", [[OTHER_PROJECT, "ADMIN"]]),
  "admin of another project": principal("dave", [[OTHER_PROJECT, "ADMIN"]]),
  "project admin named system:…": principal("eve", [[PROJECT, "ADMIN"]], { name: "system:kube-controller-manager" }),
};

const ok = null;
const masters = /"system:masters" needs: admin of the object's project, or the user who created the cluster/;
const viewers = /"turnkey:viewers" needs: any role/;
const developers = /"developers" needs: member or admin/;
const unlisted = /"ops" is not one this server issues certificates for; allowed: "system:masters", "turnkey:viewers", "developers"/;
const reserved = /starts with "system:"/;

// Columns: no groups, system:masters, turnkey:viewers, developers (configured), ops (not configured).
const groups = [[], ["system:masters"], ["turnkey:viewers"], ["developers"], ["ops"]] as const;
const table: [string, (RegExp | null)[]][] = [
  ["global admin", [ok, ok, ok, ok, unlisted]],
  ["project admin", [ok, ok, ok, ok, unlisted]],
  ["member who created the cluster", [ok, ok, ok, ok, unlisted]],
  ["reader who created the cluster", [ok, ok, ok, developers, unlisted]],
  ["member", [ok, masters, ok, ok, unlisted]],
  ["reader", [ok, masters, ok, developers, unlisted]],
  ["creator no longer in the project", [ok, masters, viewers, developers, unlisted]],
  ["admin of another project", [ok, masters, viewers, developers, unlisted]],
  ["project admin named system:…", [reserved, reserved, reserved, reserved, reserved]],
];

describe("certificateRefusal", () => {
  for (const [caller, expectations] of table) {
    it.each(groups.map((requested, index) => [requested.join(",") || "(no groups)", requested, expectations[index] ?? null] as const))(
      `${caller} asking for %s`,
      (_label, requested, expected) => {
        const refusal = certificateRefusal(callers[caller]!, cluster, requested, settings);
        if (expected === null) expect(refusal).toBeNull();
        else expect(refusal).toMatch(expected);
      },
    );
  }

  it("refuses if any one group of several is not allowed, naming it", () => {
    expect(certificateRefusal(callers.member!, cluster, ["turnkey:viewers", "system:masters"], settings)).toMatch(masters);
  });

  it("lets an operator stop cluster-admin certificates by leaving system:masters out of the allowed groups", () => {
    const strict = { viewerGroup: "turnkey:viewers", allowedGroups: ["turnkey:viewers"] };
    expect(certificateRefusal(callers["global admin"]!, cluster, groupsForRole("ADMIN", strict), strict)).toMatch(/"system:masters" is not one this server issues/);
    expect(certificateRefusal(callers.reader!, cluster, groupsForRole("VIEWER", strict), strict)).toBeNull();
  });

  it("maps credential roles to groups", () => {
    expect(groupsForRole("ADMIN", settings)).toEqual(["system:masters"]);
    expect(groupsForRole("VIEWER", { ...settings, viewerGroup: "view" })).toEqual(["view"]);
  });
});

describe("certificateLifetime", () => {
  const limits = { defaultTtlSeconds: 86_400, maxTtlSeconds: 604_800 };
  it.each([
    [undefined, 86_400],
    [null, 86_400],
    [60, 60],
    [3_600, 3_600],
    [604_800, 604_800],
  ])("gives %s → %s seconds", (requested, expected) => {
    expect(certificateLifetime(requested, limits)).toBe(expected);
  });

  it.each([[59], [0], [-5], [604_801], [90.5]])("refuses %s with BAD_USER_INPUT on ttlSeconds", (requested) => {
    try {
      certificateLifetime(requested, limits);
      throw new Error("accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).problems).toEqual([{ code: "BAD_USER_INPUT", field: ["ttlSeconds"], message: expect.stringContaining("604800") }]);
    }
  });
});

describe("certificate settings", () => {
  it("defaults: 2048-bit CAs for five years, 24 h certificates up to 7 days, the two standard groups, a 7-day grace, a 30-day warning", () => {
    expect(loadConfig({}).certificates).toEqual({
      keyPoolSize: 6,
      caKeyBits: 2048,
      caKeyType: "ecdsa-p256",
      caValidityDays: 1825,
      expiryWarningDays: 30,
      rotationGraceSeconds: 604_800,
      retirementIntervalMs: 60_000,
      defaultTtlSeconds: 86_400,
      maxTtlSeconds: 604_800,
      viewerGroup: "turnkey:viewers",
      allowedGroups: ["system:masters", "turnkey:viewers"],
    });
  });

  it("reads every variable; a maximum below 24 h lowers the default too", () => {
    const settings = loadConfig({
      TURNKEY_PKI_KEY_POOL: "2",
      TURNKEY_CA_KEY_BITS: "3072",
      TURNKEY_CA_VALIDITY_DAYS: "365",
      TURNKEY_CA_EXPIRY_WARNING_DAYS: "60",
      TURNKEY_CA_ROTATION_GRACE_SECONDS: "0",
      TURNKEY_CA_RETIREMENT_INTERVAL_MS: "5000",
      TURNKEY_CERT_MAX_TTL_SECONDS: "3600",
      TURNKEY_CERT_VIEWER_GROUP: "view",
      TURNKEY_CERT_ALLOWED_GROUPS: " view, developers ,,",
    }).certificates;
    expect(settings).toEqual({
      keyPoolSize: 2,
      caKeyBits: 3072,
      caKeyType: "ecdsa-p256",
      caValidityDays: 365,
      expiryWarningDays: 60,
      rotationGraceSeconds: 0,
      retirementIntervalMs: 5000,
      defaultTtlSeconds: 3600,
      maxTtlSeconds: 3600,
      viewerGroup: "view",
      allowedGroups: ["view", "developers"],
    });
    expect(loadConfig({ TURNKEY_CERT_VIEWER_GROUP: "view" }).certificates.allowedGroups).toEqual(["system:masters", "view"]);
  });

  it.each([
    [{ TURNKEY_CA_KEY_BITS: "1024" }, /TURNKEY_CA_KEY_BITS/],
    [{ TURNKEY_CERT_MAX_TTL_SECONDS: "10" }, /TURNKEY_CERT_MAX_TTL_SECONDS/],
    [{ TURNKEY_CA_ROTATION_GRACE_SECONDS: "-1" }, /TURNKEY_CA_ROTATION_GRACE_SECONDS/],
    [{ TURNKEY_CERT_VIEWER_GROUP: " " }, /TURNKEY_CERT_VIEWER_GROUP/],
  ])("refuses %j naming the variable", (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(message);
  });
});
