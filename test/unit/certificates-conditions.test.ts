// Which CA signs and which are trusted, and the certificate conditions, as tables over rows and a clock.
import { describe, expect, it } from "vitest";
import { certificateConditions } from "../../src/domain/certificates/certificates-conditions.js";
import { signingAuthority, trustedAuthorities, type CertificateKind, type CertificateState } from "../../src/domain/certificates/certificates.js";

const now = new Date("2030-01-01T00:00:00Z");
const day = 24 * 3600 * 1000;
const settings = { expiryWarningDays: 30, rotationGraceSeconds: 3600 };

function row(kind: CertificateKind, generation: number, state: CertificateState, notAfterDays = 365, updatedAt = now) {
  return { id: `${kind}-${generation}`, kind, generation, state, notAfter: new Date(now.getTime() + notAfterDays * day), updatedAt };
}

describe("signing and trusted authorities", () => {
  const rows = [row("KUBERNETES", 1, "RETIRING"), row("KUBERNETES", 2, "ACTIVE"), row("KUBERNETES", 3, "PENDING"), row("ETCD", 2, "ACTIVE")];

  it("signs with the newest ACTIVE CA of the kind, never a PENDING one", () => {
    expect(signingAuthority(rows, "KUBERNETES")?.id).toBe("KUBERNETES-2");
    expect(signingAuthority(rows, "FRONT_PROXY")).toBeUndefined();
  });

  it("trusts ACTIVE and RETIRING, newest first, and not what a running rotation has not rolled out", () => {
    expect(trustedAuthorities(rows, "KUBERNETES").map((entry) => entry.id)).toEqual(["KUBERNETES-2", "KUBERNETES-1"]);
    expect(trustedAuthorities(rows, "ETCD").map((entry) => entry.id)).toEqual(["ETCD-2"]);
  });
});

describe("certificateConditions", () => {
  it("has none without an ACTIVE CA (TLS disabled, or not created yet)", () => {
    expect(certificateConditions([], now, settings)).toEqual([]);
    expect(certificateConditions([row("KUBERNETES", 1, "PENDING")], now, settings)).toEqual([]);
  });

  it.each([
    ["valid for a year", 365, "FALSE", "ValidBeyondWarningWindow", /first CA to expire is the ETCD CA/],
    ["31 days left", 31, "FALSE", "ValidBeyondWarningWindow", /ETCD CA, at 2030-02-01/],
    ["exactly 30 days left", 30, "TRUE", "ExpiresSoon", /in 30 days, within the 30-day warning window/],
    ["one day left", 1, "TRUE", "ExpiresSoon", /in 1 day,/],
    ["expired yesterday", -1, "TRUE", "Expired", /expired at 2029-12-31.*rotate it/],
  ] as const)("CertificateAuthorityExpiring with %s", (_label, etcdDays, status, reason, message) => {
    const rows = [row("KUBERNETES", 1, "ACTIVE", 400), row("ETCD", 1, "ACTIVE", etcdDays), row("FRONT_PROXY", 1, "ACTIVE", 500)];
    const [expiring] = certificateConditions(rows, now, settings);
    expect(expiring).toEqual({ type: "CertificateAuthorityExpiring", status, reason, message: expect.stringMatching(message) });
  });

  it("ignores a RETIRING CA's expiry: it is on its way out", () => {
    const rows = [row("KUBERNETES", 2, "ACTIVE", 400), row("KUBERNETES", 1, "RETIRING", 2)];
    expect(certificateConditions(rows, now, settings)[0]).toMatchObject({ status: "FALSE" });
  });

  it("says between the two phases of a rotation when the previous CA goes by itself", () => {
    const rotatedAt = new Date(now.getTime() - 600_000);
    const rows = [row("KUBERNETES", 2, "ACTIVE"), row("KUBERNETES", 1, "RETIRING", 365, rotatedAt)];
    expect(certificateConditions(rows, now, settings)[1]).toEqual({
      type: "CertificateAuthorityRetirementPending",
      status: "TRUE",
      reason: "PreviousAuthorityTrusted",
      message: expect.stringContaining("generation 1) is still trusted so that older credentials keep working; it is retired at 2030-01-01T00:50:00.000Z"),
    });
    expect(certificateConditions([row("KUBERNETES", 2, "ACTIVE")], now, settings)[1]).toEqual({
      type: "CertificateAuthorityRetirementPending",
      status: "FALSE",
      reason: "NoPreviousAuthority",
      message: null,
    });
  });
});
