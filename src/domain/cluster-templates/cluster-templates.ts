// Cluster template lifecycle: create, update and delete, with Magnum's rules and the caller's rights.
import { allowed, authorize } from "../policy/index.js";
import { randomUUID } from "node:crypto";
import type { Transaction } from "../../db/client.js";
import {
  clusterNamesUsingTemplate,
  deleteTemplateRow,
  findTemplate,
  insertTemplateRow,
  templateIdByName,
  updateTemplateRow,
  type ClusterTemplateRow,
} from "../../db/queries/cluster-templates.js";
import { describeClusters, prepareTemplateCreate, prepareTemplateUpdate, type ClusterTemplateFields } from "./cluster-template-rules.js";
import type { DomainContext } from "../context.js";
import { conflict, DomainError, notFound, problem } from "../errors.js";
import { runOncePerRequestId } from "../idempotency.js";
import { targetProject } from "../tenancy/projects.js";
import { inTransaction } from "../transactions.js";

export interface TemplateMutationOptions {
  requestId?: string | null;
  expectedVersion?: number | null;
  homeProjectId: string | null;
}

export function templateFields(row: ClusterTemplateRow): ClusterTemplateFields {
  return {
    name: row.name,
    coe: row.coe as ClusterTemplateFields["coe"],
    clusterDistro: row.clusterDistro,
    imageId: row.imageId,
    keypairId: row.keypairId,
    flavorId: row.flavorId,
    masterFlavorId: row.masterFlavorId,
    serverType: row.serverType as ClusterTemplateFields["serverType"],
    networkDriver: row.networkDriver,
    volumeDriver: row.volumeDriver,
    dockerVolumeSize: row.dockerVolumeSize,
    dockerStorageDriver: row.dockerStorageDriver as ClusterTemplateFields["dockerStorageDriver"],
    externalNetworkId: row.externalNetworkId,
    fixedNetwork: row.fixedNetwork,
    fixedSubnet: row.fixedSubnet,
    dnsNameserver: row.dnsNameserver,
    apiserverPort: row.apiserverPort,
    httpProxy: row.httpProxy,
    httpsProxy: row.httpsProxy,
    noProxy: row.noProxy,
    registryEnabled: row.registryEnabled,
    insecureRegistry: row.insecureRegistry,
    tlsDisabled: row.tlsDisabled,
    public: row.public,
    hidden: row.hidden,
    floatingIpEnabled: row.floatingIpEnabled,
    masterLbEnabled: row.masterLbEnabled,
    labels: row.labels,
    tags: row.tags,
  };
}

function publishingProblems(context: DomainContext, fields: Partial<ClusterTemplateFields>) {
  // Magnum's policy: only admins publish templates or hide them.
  if (allowed(context.principal, "clusterTemplate", "publish", { projectId: null })) return [];
  return (["public", "hidden"] as const)
    .filter((key) => fields[key] === true)
    .map((key) => problem("FORBIDDEN", key, `only an administrator may set ${key}`));
}

async function nameTaken(transaction: Transaction, projectId: string, name: string, exceptId?: string): Promise<boolean> {
  const found = await templateIdByName(transaction, projectId, name);
  return found !== undefined && found !== exceptId;
}

export async function createClusterTemplate(context: DomainContext, input: Record<string, unknown> & { projectId?: string | null }, options: TemplateMutationOptions) {
  const { projectId: requestedProject, ...fieldsInput } = input;
  const projectId = await targetProject(context, requestedProject, options.homeProjectId, "clusterTemplate");
  const fields = prepareTemplateCreate(fieldsInput, context.policy, `template-${randomUUID().slice(0, 8)}`);
  const denied = publishingProblems(context, fields);
  if (denied.length > 0) throw new DomainError(denied);
  const unsupported = context.unsupportedClusterType(fields);
  if (unsupported) throw new DomainError(problem("NOT_SUPPORTED", fields.clusterDistro ? "clusterDistro" : "coe", unsupported));
  return inTransaction(context, (transaction) =>
    runOncePerRequestId(transaction, context.principal, "clusterTemplateCreate", options.requestId, input, async () => {
      if (await nameTaken(transaction, projectId, fields.name)) {
        throw conflict("name", `a cluster template named "${fields.name}" already exists in this project`);
      }
      const id = randomUUID();
      const now = new Date();
      await insertTemplateRow(transaction, { id, projectId, ...fields, createdAt: now, updatedAt: now });
      return { clusterTemplateId: id };
    }),
  );
}

async function writableTemplate(context: DomainContext, transaction: Transaction, id: string, expectedVersion: number | null | undefined) {
  const row = await findTemplate(transaction, id, true);
  if (!row) throw notFound("id", "no such cluster template");
  authorize(context.principal, "clusterTemplate", "update", row, "id", "clusterTemplate");
  if (expectedVersion != null && expectedVersion !== row.resourceVersion) {
    throw conflict("expectedVersion", `the cluster template changed meanwhile: it is at version ${row.resourceVersion}, not ${expectedVersion}`);
  }
  return row;
}

export async function updateClusterTemplate(context: DomainContext, id: string, patch: Record<string, unknown>, options: TemplateMutationOptions) {
  return inTransaction(context, (transaction) =>
    runOncePerRequestId(transaction, context.principal, "clusterTemplateUpdate", options.requestId, { id, patch }, async () => {
      const row = await writableTemplate(context, transaction, id, options.expectedVersion);
      const usedBy = await clusterNamesUsingTemplate(transaction, id);
      const { fields, changed } = prepareTemplateUpdate(templateFields(row), patch, context.policy, usedBy);
      const denied = publishingProblems(context, Object.fromEntries(changed.map((key) => [key, fields[key]])));
      if (denied.length > 0) throw new DomainError(denied);
      if (changed.length === 0) return { clusterTemplateId: id };
      if (changed.includes("name") && (await nameTaken(transaction, row.projectId, fields.name, id))) {
        throw conflict("name", `a cluster template named "${fields.name}" already exists in this project`);
      }
      await updateTemplateRow(transaction, id, { ...Object.fromEntries(changed.map((key) => [key, fields[key]])), resourceVersion: row.resourceVersion + 1, updatedAt: new Date() });
      return { clusterTemplateId: id };
    }),
  );
}

export async function deleteClusterTemplate(context: DomainContext, id: string, options: TemplateMutationOptions) {
  return inTransaction(context, (transaction) =>
    runOncePerRequestId(transaction, context.principal, "clusterTemplateDelete", options.requestId, { id }, async () => {
      const row = await writableTemplate(context, transaction, id, options.expectedVersion);
      const usedBy = await clusterNamesUsingTemplate(transaction, id);
      if (usedBy.length > 0) {
        throw conflict("id", `the cluster template is used by ${describeClusters(usedBy)}; delete them first`);
      }
      await deleteTemplateRow(transaction, row.id);
      return { deletedClusterTemplateId: id };
    }),
  );
}
