// The operator's certificate policy, read from the environment: CA size and lifetime, client certificate limits, groups, rotation.
import { z } from "zod";

/** Kubernetes' built-in superuser group: a certificate carrying it is cluster admin whatever RBAC says. */
export const CLUSTER_ADMIN_GROUP = "system:masters";

/**
 * Merged into the configuration's environment schema (src/config.ts), so a bad value fails start-up
 * with every other configuration problem.
 */
export const certificateEnvironment = {
  /** RSA keys per size made ahead of need (src/pki/key-pool.ts); 0 turns the pool off. Default 6. */
  TURNKEY_PKI_KEY_POOL: z.coerce.number().int().min(0).max(1_000).default(6),
  /**
   * Key type of each new cluster CA: ecdsa-p256 (default; ~1 ms of CPU against ~217 ms for RSA-2048, issue 13)
   * or rsa-2048 (RSA size from TURNKEY_CA_KEY_BITS). CAs already stored keep the type they were made with.
   */
  TURNKEY_PKI_CA_KEY: z.enum(["ecdsa-p256", "rsa-2048"]).default("ecdsa-p256"),
  /** RSA modulus of each new CA key; default 2048. */
  TURNKEY_CA_KEY_BITS: z.coerce.number().int().min(2048).max(8192).default(2048),
  /** Lifetime of a new CA; default five years, as Magnum. */
  TURNKEY_CA_VALIDITY_DAYS: z.coerce.number().int().min(1).max(36_500).default(5 * 365),
  /** The CertificateAuthorityExpiring condition turns true this many days before a CA expires; default 30. */
  TURNKEY_CA_EXPIRY_WARNING_DAYS: z.coerce.number().int().min(0).default(30),
  /** How long the previous CA stays trusted after a rotation before it is retired automatically; default 7 days. */
  TURNKEY_CA_ROTATION_GRACE_SECONDS: z.coerce.number().int().min(0).default(7 * 24 * 60 * 60),
  /** How often the server looks for previous CAs whose grace period is over; default one minute. */
  TURNKEY_CA_RETIREMENT_INTERVAL_MS: z.coerce.number().int().min(10).default(60_000),
  /** Longest lifetime a client certificate may be given; default 7 days. The default lifetime is 24 h (or this, if shorter). */
  TURNKEY_CERT_MAX_TTL_SECONDS: z.coerce.number().int().min(60).default(7 * 24 * 60 * 60),
  /** The group read-only credentials carry; bind it to a view role in the cluster. Default `turnkey:viewers`. */
  TURNKEY_CERT_VIEWER_GROUP: z.string().trim().min(1).default("turnkey:viewers"),
  /**
   * Comma-separated groups a client certificate may carry at all; default `system:masters` and the
   * viewer group. Leaving `system:masters` out stops cluster-admin certificates entirely.
   */
  TURNKEY_CERT_ALLOWED_GROUPS: z.string().optional(),
};

type CertificateEnvironment = z.output<z.ZodObject<typeof certificateEnvironment>>;

export interface CertificateSettings {
  /** RSA keys per size kept ready in the process's key pool. */
  keyPoolSize: number;
  caKeyBits: number;
  /** Key type of new cluster CAs. */
  caKeyType: "ecdsa-p256" | "rsa-2048";
  caValidityDays: number;
  expiryWarningDays: number;
  rotationGraceSeconds: number;
  retirementIntervalMs: number;
  /** Default lifetime of a client certificate: 24 h, or the maximum when that is shorter. */
  defaultTtlSeconds: number;
  maxTtlSeconds: number;
  viewerGroup: string;
  allowedGroups: readonly string[];
}

/** What the certificate services need at run time: the policy, and the key that opens CA private keys. */
export interface CertificateOptions extends CertificateSettings {
  secretKey: string;
}

const DEFAULT_TTL_SECONDS = 24 * 60 * 60;

export function certificateSettingsFrom(values: CertificateEnvironment): CertificateSettings {
  const listed = values.TURNKEY_CERT_ALLOWED_GROUPS?.split(",").map((group) => group.trim()).filter((group) => group !== "");
  return {
    keyPoolSize: values.TURNKEY_PKI_KEY_POOL,
    caKeyBits: values.TURNKEY_CA_KEY_BITS,
    caKeyType: values.TURNKEY_PKI_CA_KEY,
    caValidityDays: values.TURNKEY_CA_VALIDITY_DAYS,
    expiryWarningDays: values.TURNKEY_CA_EXPIRY_WARNING_DAYS,
    rotationGraceSeconds: values.TURNKEY_CA_ROTATION_GRACE_SECONDS,
    retirementIntervalMs: values.TURNKEY_CA_RETIREMENT_INTERVAL_MS,
    defaultTtlSeconds: Math.min(DEFAULT_TTL_SECONDS, values.TURNKEY_CERT_MAX_TTL_SECONDS),
    maxTtlSeconds: values.TURNKEY_CERT_MAX_TTL_SECONDS,
    viewerGroup: values.TURNKEY_CERT_VIEWER_GROUP,
    allowedGroups: listed ?? [CLUSTER_ADMIN_GROUP, values.TURNKEY_CERT_VIEWER_GROUP],
  };
}
