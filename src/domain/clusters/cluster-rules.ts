// Cluster creation rules: Magnum's validation, defaults and inheritance from the template, as pure functions.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { ClusterTemplateFields } from "../cluster-templates/cluster-template-rules.js";
import { dockerVolumeProblems } from "../cluster-templates/cluster-template-rules.js";
import { DEFAULT_MASTER_GROUP, DEFAULT_WORKER_GROUP } from "../enums.js";
import { DomainError, problem, type Problem } from "../errors.js";
import { effectiveLabels, labelListSchema, type Label } from "../labels.js";
import { parseOrThrow } from "../validation.js";

/** Magnum's cluster name rule (magnum/api/validation.py); 242 leaves room for Heat's stack suffix. */
export const CLUSTER_NAME = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;
export const CLUSTER_NAME_MAX = 242;

const optionalText = z.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters").optional();

const createSchema = z.object({
  name: z
    .string()
    .max(CLUSTER_NAME_MAX, `name must be at most ${CLUSTER_NAME_MAX} characters`)
    .regex(CLUSTER_NAME, "name must start with a letter and contain only letters, digits, '_', '.' and '-'")
    .optional(),
  nodeCount: z.number().int().min(0, "nodeCount must be 0 or more").max(10_000, "nodeCount must be at most 10000").optional(),
  masterCount: z.number().int().min(1, "masterCount must be at least 1").max(99, "masterCount must be at most 99").optional(),
  flavorId: optionalText,
  masterFlavorId: optionalText,
  keypair: optionalText,
  labels: labelListSchema.optional(),
  mergeLabels: z.boolean().optional(),
  createTimeout: z.number().int().min(0, "createTimeout must be 0 or more minutes").max(10_080, "createTimeout must be at most 10080 minutes (a week)").optional(),
  discoveryUrl: z.url({ error: "discoveryUrl must be a URL" }).optional(),
  dockerVolumeSize: z.number().int().min(1, "dockerVolumeSize must be at least 1 GB").max(16_384).optional(),
  fixedNetwork: optionalText,
  fixedSubnet: optionalText,
  floatingIpEnabled: z.boolean().optional(),
  masterLbEnabled: z.boolean().optional(),
});

export type ClusterCreateRequest = z.input<typeof createSchema>;

export interface NodeGroupPlan {
  name: string;
  role: "master" | "worker";
  isDefault: true;
  nodeCount: number;
  minNodeCount: number;
  maxNodeCount: number | null;
  flavorId: string | null;
  imageId: string;
  dockerVolumeSize: number | null;
  labels: Label[];
}

export interface ClusterPlan {
  name: string;
  nodeCount: number;
  masterCount: number;
  flavorId: string | null;
  masterFlavorId: string | null;
  keypair: string | null;
  labels: Label[];
  createTimeout: number;
  discoveryUrl: string | null;
  dockerVolumeSize: number | null;
  fixedNetwork: string | null;
  fixedSubnet: string | null;
  floatingIpEnabled: boolean;
  masterLbEnabled: boolean;
  nodeGroups: [NodeGroupPlan, NodeGroupPlan];
}

export function generateClusterName(coe: ClusterTemplateFields["coe"]): string {
  const prefix = coe === "KUBERNETES" ? "k8s" : coe.toLowerCase().replace("_", "-");
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** Validates a create request against its template and fills every default the template does not. */
export function planClusterCreate(input: Record<string, unknown>, template: ClusterTemplateFields): ClusterPlan {
  const request = parseOrThrow(createSchema, input);
  const masterLbEnabled = request.masterLbEnabled ?? template.masterLbEnabled;
  const masterCount = request.masterCount ?? 1;
  const problems: Problem[] = [];
  if (masterCount % 2 === 0) {
    problems.push(problem("BAD_USER_INPUT", "masterCount", `masterCount must be odd so etcd keeps a quorum; got ${masterCount}`));
  }
  if (masterCount > 1 && !masterLbEnabled) {
    problems.push(problem("BAD_USER_INPUT", "masterCount", "more than one master needs a load balancer: set masterLbEnabled (or use a template that enables it)"));
  }
  const dockerVolumeSize = request.dockerVolumeSize ?? template.dockerVolumeSize;
  if (request.dockerVolumeSize !== undefined) {
    problems.push(...dockerVolumeProblems(request.dockerVolumeSize, template.dockerStorageDriver, template.coe));
  }
  if (request.mergeLabels === true && request.labels === undefined) {
    problems.push(problem("BAD_USER_INPUT", "mergeLabels", "mergeLabels needs labels to merge into the template's"));
  }
  if (problems.length > 0) throw new DomainError(problems);

  const labels = effectiveLabels(template.labels, request.labels, request.mergeLabels ?? false);
  const flavorId = request.flavorId ?? template.flavorId;
  const masterFlavorId = request.masterFlavorId ?? template.masterFlavorId ?? flavorId;
  const nodeCount = request.nodeCount ?? 1;
  const nodeProblem = unhealthyNodeProblem(labels, request.labels, nodeCount);
  if (nodeProblem) throw new DomainError(nodeProblem);
  // Magnum's min_node_count and max_node_count labels bound default-worker, for auto-scaling and resizes alike.
  const minNodeCount = labelNumber(labels, "min_node_count") ?? 0;
  const maxNodeCount = labelNumber(labels, "max_node_count") ?? null;
  if (nodeCount < minNodeCount || (maxNodeCount !== null && nodeCount > maxNodeCount)) {
    throw new DomainError(problem("BAD_USER_INPUT", "nodeCount", `nodeCount ${nodeCount} is outside min_node_count ${minNodeCount} to max_node_count ${maxNodeCount ?? "unbounded"}`));
  }
  return {
    name: request.name ?? generateClusterName(template.coe),
    nodeCount,
    masterCount,
    flavorId,
    masterFlavorId,
    keypair: request.keypair ?? template.keypairId,
    labels,
    createTimeout: request.createTimeout ?? 60,
    discoveryUrl: request.discoveryUrl ?? null,
    dockerVolumeSize,
    fixedNetwork: request.fixedNetwork ?? template.fixedNetwork,
    fixedSubnet: request.fixedSubnet ?? template.fixedSubnet,
    floatingIpEnabled: request.floatingIpEnabled ?? template.floatingIpEnabled,
    masterLbEnabled,
    nodeGroups: [
      {
        name: DEFAULT_MASTER_GROUP,
        role: "master",
        isDefault: true,
        nodeCount: masterCount,
        minNodeCount: 1,
        maxNodeCount: null,
        flavorId: masterFlavorId,
        imageId: template.imageId,
        dockerVolumeSize,
        labels,
      },
      {
        name: DEFAULT_WORKER_GROUP,
        role: "worker",
        isDefault: true,
        nodeCount,
        minNodeCount,
        maxNodeCount,
        flavorId,
        imageId: template.imageId,
        dockerVolumeSize,
        labels,
      },
    ],
  };
}

/** The fault label's node index must name a worker the cluster will have ("<stack>-node-<n>", n from 0). */
export function unhealthyNodeProblem(labels: Label[], given: Label[] | undefined, workerCount: number): Problem | null {
  const value = labels.find((label) => label.key === "turnkey.sim/unhealthy-node")?.value;
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < workerCount) return null;
  const index = given?.findIndex((label) => label.key === "turnkey.sim/unhealthy-node") ?? -1;
  const range = workerCount === 0 ? "the cluster has no workers" : `worker nodes are numbered 0 to ${workerCount - 1}`;
  return problem("BAD_USER_INPUT", index >= 0 ? ["labels", String(index), "value"] : ["labels"], `label turnkey.sim/unhealthy-node: no node ${value}; ${range}`);
}

function labelNumber(labels: Label[], key: string): number | undefined {
  const value = labels.find((label) => label.key === key)?.value;
  return value === undefined || !/^\d+$/.test(value) ? undefined : Number(value);
}
