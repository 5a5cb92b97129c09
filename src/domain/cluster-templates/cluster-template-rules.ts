// Cluster template rules: Magnum's validation and defaults, as pure functions.
import { isIP } from "node:net";
import { z } from "zod";
import { COES, DOCKER_STORAGE_DRIVERS, SERVER_TYPES, type Coe, type DockerStorageDriver } from "../enums.js";
import { DomainError, problem, type Problem } from "../errors.js";
import { labelListSchema, type Label } from "../labels.js";
import { parseOrThrow } from "../validation.js";

/** What a template may say: the GraphQL input, the CLI and tests all speak this shape. */
export interface ClusterTemplateFields {
  name: string;
  coe: Coe;
  clusterDistro: string | null;
  imageId: string;
  keypairId: string | null;
  flavorId: string | null;
  masterFlavorId: string | null;
  serverType: "VM" | "BM";
  networkDriver: string | null;
  volumeDriver: string | null;
  dockerVolumeSize: number | null;
  dockerStorageDriver: DockerStorageDriver | null;
  externalNetworkId: string | null;
  fixedNetwork: string | null;
  fixedSubnet: string | null;
  dnsNameserver: string | null;
  apiserverPort: number | null;
  httpProxy: string | null;
  httpsProxy: string | null;
  noProxy: string | null;
  registryEnabled: boolean;
  insecureRegistry: string | null;
  tlsDisabled: boolean;
  public: boolean;
  hidden: boolean;
  floatingIpEnabled: boolean;
  masterLbEnabled: boolean;
  labels: Label[];
  tags: string[];
}

export interface TemplatePolicy {
  /** Operators opt in to cilium (Magnum's allowed network drivers are configuration too). */
  ciliumEnabled: boolean;
}

/** Network drivers per COE, as Magnum's validator allows them. */
export function allowedNetworkDrivers(coe: Coe, policy: TemplatePolicy): string[] {
  switch (coe) {
    case "KUBERNETES":
      return policy.ciliumEnabled ? ["flannel", "calico", "cilium"] : ["flannel", "calico"];
    case "SWARM":
    case "SWARM_MODE":
      return ["docker", "flannel"];
    case "MESOS":
    case "DCOS":
      return ["docker"];
  }
}

export function allowedVolumeDrivers(coe: Coe): string[] {
  switch (coe) {
    case "KUBERNETES":
      return ["cinder"];
    case "SWARM":
    case "SWARM_MODE":
      return ["cinder", "rexray"];
    case "MESOS":
    case "DCOS":
      return ["rexray"];
  }
}

/** Magnum's defaults for what the request left out. */
export function defaultNetworkDriver(coe: Coe): string {
  return coe === "KUBERNETES" || coe === "SWARM" ? "flannel" : "docker";
}

const optionalText = (maximum: number) => z.string().trim().min(1, "must not be empty").max(maximum, `must be at most ${maximum} characters`).nullable().optional();
const proxyUrl = z
  .string()
  .max(255)
  .refine((value) => /^https?:\/\/[^\s]+$/.test(value), "must be an http:// or https:// URL")
  .nullable()
  .optional();

const fieldsSchema = z.object({
  name: z.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters").optional(),
  coe: z.enum(COES, { error: `must be one of ${COES.join(", ")}` }).optional(),
  clusterDistro: optionalText(255),
  imageId: z.string().trim().min(1, "imageId is required").max(255).optional(),
  keypairId: optionalText(255),
  flavorId: optionalText(255),
  masterFlavorId: optionalText(255),
  serverType: z.enum(SERVER_TYPES).optional(),
  networkDriver: optionalText(255),
  volumeDriver: optionalText(255),
  dockerVolumeSize: z.number().int().min(1, "must be at least 1 GB").max(16_384).nullable().optional(),
  dockerStorageDriver: z.enum(DOCKER_STORAGE_DRIVERS).nullable().optional(),
  externalNetworkId: optionalText(255),
  fixedNetwork: optionalText(255),
  fixedSubnet: optionalText(255),
  dnsNameserver: z.string().refine((value) => isIP(value) !== 0, "must be an IPv4 or IPv6 address").nullable().optional(),
  apiserverPort: z.number().int().min(1024, "must be between 1024 and 65535").max(65535, "must be between 1024 and 65535").nullable().optional(),
  httpProxy: proxyUrl,
  httpsProxy: proxyUrl,
  noProxy: optionalText(1024),
  registryEnabled: z.boolean().optional(),
  insecureRegistry: optionalText(255),
  tlsDisabled: z.boolean().optional(),
  public: z.boolean().optional(),
  hidden: z.boolean().optional(),
  floatingIpEnabled: z.boolean().optional(),
  masterLbEnabled: z.boolean().optional(),
  labels: labelListSchema.optional(),
  tags: z
    .array(z.string().trim().min(1, "tag must not be empty").max(255))
    .max(50, "at most 50 tags")
    .refine((tags) => new Set(tags).size === tags.length, "tags must not repeat")
    .optional(),
});

export type ClusterTemplatePatch = Partial<{ [Key in keyof ClusterTemplateFields]: ClusterTemplateFields[Key] | null }>;

/** Rules that relate several fields; checked on the merged result of a create or an update. */
export function crossFieldProblems(fields: ClusterTemplateFields, policy: TemplatePolicy): Problem[] {
  const problems: Problem[] = [];
  if (fields.networkDriver !== null) {
    const allowed = allowedNetworkDrivers(fields.coe, policy);
    if (!allowed.includes(fields.networkDriver)) {
      problems.push(problem("BAD_USER_INPUT", "networkDriver", `networkDriver "${fields.networkDriver}" is not supported for ${fields.coe}; use one of ${allowed.join(", ")}`));
    }
  }
  if (fields.volumeDriver !== null) {
    const allowed = allowedVolumeDrivers(fields.coe);
    if (!allowed.includes(fields.volumeDriver)) {
      problems.push(problem("BAD_USER_INPUT", "volumeDriver", `volumeDriver "${fields.volumeDriver}" is not supported for ${fields.coe}; use one of ${allowed.join(", ")}`));
    }
  }
  problems.push(...dockerVolumeProblems(fields.dockerVolumeSize, fields.dockerStorageDriver, fields.coe));
  return problems;
}

/** Shared with cluster creation, which may override the template's docker volume size. */
export function dockerVolumeProblems(size: number | null, storageDriver: DockerStorageDriver | null, coe: Coe, field = "dockerVolumeSize"): Problem[] {
  if (size === null) return [];
  if (storageDriver === "DEVICEMAPPER" && size < 3) {
    return [problem("BAD_USER_INPUT", field, "dockerVolumeSize must be at least 3 GB with the devicemapper storage driver")];
  }
  // Operators' lesson (Catalyst Cloud): overlay with a docker volume breaks Kubernetes nodes from v1.11.
  if (storageDriver === "OVERLAY" && coe === "KUBERNETES") {
    return [problem("BAD_USER_INPUT", field, "dockerVolumeSize cannot be used with the overlay storage driver on Kubernetes; use OVERLAY2")];
  }
  return [];
}

/** Validates a create request and fills Magnum's defaults. */
export function prepareTemplateCreate(input: Record<string, unknown>, policy: TemplatePolicy, generatedName: string): ClusterTemplateFields {
  const parsed = parseOrThrow(fieldsSchema, input);
  const missing: Problem[] = [];
  if (parsed.coe === undefined) missing.push(problem("BAD_USER_INPUT", "coe", "coe is required"));
  if (parsed.imageId === undefined) missing.push(problem("BAD_USER_INPUT", "imageId", "imageId is required"));
  if (missing.length > 0 || parsed.coe === undefined || parsed.imageId === undefined) throw new DomainError(missing);
  const fields: ClusterTemplateFields = {
    name: parsed.name ?? generatedName,
    coe: parsed.coe,
    clusterDistro: parsed.clusterDistro ?? null,
    imageId: parsed.imageId,
    keypairId: parsed.keypairId ?? null,
    flavorId: parsed.flavorId ?? "m1.small",
    masterFlavorId: parsed.masterFlavorId ?? null,
    serverType: parsed.serverType ?? "VM",
    networkDriver: parsed.networkDriver ?? defaultNetworkDriver(parsed.coe),
    volumeDriver: parsed.volumeDriver ?? null,
    dockerVolumeSize: parsed.dockerVolumeSize ?? null,
    dockerStorageDriver: parsed.dockerStorageDriver ?? "OVERLAY2",
    externalNetworkId: parsed.externalNetworkId ?? null,
    fixedNetwork: parsed.fixedNetwork ?? null,
    fixedSubnet: parsed.fixedSubnet ?? null,
    dnsNameserver: parsed.dnsNameserver ?? "8.8.8.8",
    apiserverPort: parsed.apiserverPort ?? null,
    httpProxy: parsed.httpProxy ?? null,
    httpsProxy: parsed.httpsProxy ?? null,
    noProxy: parsed.noProxy ?? null,
    registryEnabled: parsed.registryEnabled ?? false,
    insecureRegistry: parsed.insecureRegistry ?? null,
    tlsDisabled: parsed.tlsDisabled ?? false,
    public: parsed.public ?? false,
    hidden: parsed.hidden ?? false,
    floatingIpEnabled: parsed.floatingIpEnabled ?? true,
    masterLbEnabled: parsed.masterLbEnabled ?? false,
    labels: parsed.labels ?? [],
    tags: parsed.tags ?? [],
  };
  const problems = crossFieldProblems(fields, policy);
  if (problems.length > 0) throw new DomainError(problems);
  return fields;
}

/** Fields a template in use may still change (Magnum: anything else would change running clusters' meaning). */
export const MUTABLE_WHILE_IN_USE = new Set<keyof ClusterTemplateFields>(["name", "public", "hidden", "tags"]);
const REQUIRED = new Set<keyof ClusterTemplateFields>(["name", "coe", "imageId", "serverType", "registryEnabled", "tlsDisabled", "public", "hidden", "floatingIpEnabled", "masterLbEnabled", "labels", "tags"]);

/**
 * Validates an update (absent = unchanged, null = cleared) against the current fields.
 * Returns the merged fields and which ones changed.
 */
export function prepareTemplateUpdate(
  current: ClusterTemplateFields,
  patch: Record<string, unknown>,
  policy: TemplatePolicy,
  clustersUsingIt: string[],
): { fields: ClusterTemplateFields; changed: (keyof ClusterTemplateFields)[] } {
  const parsed = parseOrThrow(fieldsSchema, patch) as ClusterTemplatePatch;
  const problems: Problem[] = [];
  const merged = { ...current } as Record<string, unknown>;
  const changed: (keyof ClusterTemplateFields)[] = [];
  for (const key of Object.keys(parsed) as (keyof ClusterTemplateFields)[]) {
    const value = parsed[key];
    if (value === undefined) continue;
    if (value === null && REQUIRED.has(key)) {
      problems.push(problem("BAD_USER_INPUT", key, `${key} cannot be cleared`));
      continue;
    }
    if (JSON.stringify(value) === JSON.stringify(current[key])) continue;
    merged[key] = value;
    changed.push(key);
  }
  if (problems.length > 0) throw new DomainError(problems);
  const frozen = changed.filter((key) => !MUTABLE_WHILE_IN_USE.has(key));
  if (clustersUsingIt.length > 0 && frozen.length > 0) {
    throw new DomainError(
      frozen.map((key) =>
        problem("CONFLICT", key, `${key} cannot change while the template is used by ${describeClusters(clustersUsingIt)}; only name, public, hidden and tags can`),
      ),
    );
  }
  const fields = merged as unknown as ClusterTemplateFields;
  const crossProblems = crossFieldProblems(fields, policy);
  if (crossProblems.length > 0) throw new DomainError(crossProblems);
  return { fields, changed };
}

export function describeClusters(names: string[], shown = 10): string {
  const listed = names.slice(0, shown).join(", ");
  const rest = names.length > shown ? ` and ${names.length - shown} more` : "";
  return `${names.length === 1 ? "cluster" : "clusters"} ${listed}${rest}`;
}
