// /v1/clusters: list, detail, show, create (202 {"uuid"}), JSON-patch of node_count, delete (204), and the resize and upgrade actions.
import { Router, type Request, type Response } from "express";
import { CLUSTER_SORT_COLUMNS, pageClusters, type ClusterSortField } from "../db/queries/clusters.js";
import type { ClusterRow } from "../db/schema/index.js";
import { deleteCluster, resizeCluster, updateCluster, upgradeCluster } from "../domain/clusters/cluster-lifecycle.js";
import { createCluster } from "../domain/clusters/clusters.js";
import { readableProjects } from "../domain/policy/index.js";
import type { GraphQLContext } from "../graphql/context.js";
import { convertValue, inputFrom, renames, type AttributeTable } from "./attributes.js";
import { audited, authorizeCreate, authorizeFirst, clusterByIdent, contextOf, requireCluster, requireTemplate } from "./context.js";
import { badRequest, RestError } from "./errors.js";
import { applyPatch, parsePatch, type PatchRules } from "./json-patch.js";
import { atLeast, requireVersion } from "./microversions.js";
import { listRequest, nextLink, pageAfter, sortValueOf } from "./paging.js";
import { hostUrl } from "./versions.js";
import { clusterView } from "./views.js";

const CLUSTER_ATTRIBUTES: AttributeTable = {
  name: { field: "name", kind: "text" },
  cluster_template_id: { field: "clusterTemplateId", kind: "text" },
  keypair: { field: "keypair", kind: "text" },
  node_count: { field: "nodeCount", kind: "integer" },
  master_count: { field: "masterCount", kind: "integer" },
  docker_volume_size: { field: "dockerVolumeSize", kind: "integer" },
  labels: { field: "labels", kind: "labels" },
  master_flavor_id: { field: "masterFlavorId", kind: "text" },
  flavor_id: { field: "flavorId", kind: "text" },
  create_timeout: { field: "createTimeout", kind: "integer" },
  discovery_url: { field: "discoveryUrl", kind: "text" },
  fixed_network: { field: "fixedNetwork", kind: "text" },
  fixed_subnet: { field: "fixedSubnet", kind: "text" },
  floating_ip_enabled: { field: "floatingIpEnabled", kind: "boolean" },
  merge_labels: { field: "mergeLabels", kind: "boolean" },
  master_lb_enabled: { field: "masterLbEnabled", kind: "boolean" },
};
const READ_ONLY = ["uuid", "links", "stack_id", "status", "status_reason", "health_status", "health_status_reason", "api_address", "coe_version", "container_version", "project_id", "user_id", "node_addresses", "master_addresses", "faults", "labels_overridden", "labels_added", "labels_skipped", "created_at", "updated_at"];

/** Magnum's ClusterPatchType: internal attributes; validate_cluster_properties then allows only node_count (and health, for the conductor). */
const PATCH_RULES: PatchRules = {
  internal: ["api_address", "node_addresses", "master_addresses", "stack_id", "ca_cert_ref", "magnum_cert_ref", "trust_id", "trustee_user_name", "trustee_password", "trustee_user_id", "etcd_ca_cert_ref", "front_proxy_ca_cert_ref"],
  nonRemovable: ["cluster_template_id"],
  dictionaries: ["labels", "health_status_reason"],
};

const SORT_KEYS: Record<string, ClusterSortField> = { id: "CREATED_AT", created_at: "CREATED_AT", name: "NAME", status: "STATUS", updated_at: "UPDATED_AT" };

/** Magnum before 1.10 refuses clusters and resizes to zero workers (ZeroNodeCountNotSupported). */
function refuseZeroNodes(response: Response, nodeCount: unknown) {
  if (nodeCount === 0 && !atLeast(response, 10)) throw badRequest("Node count 0 is not supported before microversion 1.10: set OpenStack-API-Version: container-infra 1.10 or later.");
}

export async function renderCluster(context: GraphQLContext, row: ClusterRow, base: string, expand: boolean) {
  const [template, groups] = await Promise.all([context.loaders.template.load(row.templateId), expand ? context.loaders.nodeGroupsOfCluster.load(row.id) : []]);
  return clusterView(row, template, groups, base, expand);
}

async function list(request: Request, response: Response) {
  const context = contextOf(response);
  const query = listRequest(request, SORT_KEYS);
  const column = CLUSTER_SORT_COLUMNS[query.field];
  const marker = query.marker ? await clusterByIdent(context, query.marker) : undefined;
  const { page } = await pageClusters(
    context.domain.db,
    { visibleProjects: readableProjects(context.principal) },
    { field: query.field, direction: query.direction },
    pageAfter(query, `${query.field}_${query.direction}`, marker && sortValueOf(marker, column.property), marker?.id),
  );
  const expand = request.path.endsWith("/detail");
  const base = hostUrl(request);
  const next = nextLink(request, expand ? "clusters/detail" : "clusters", query, page.hasNextPage, page.rows.at(-1)?.id);
  response.json({ clusters: await Promise.all(page.rows.map((row) => renderCluster(context, row, base, expand))), ...(next ? { next } : {}) });
}

async function show(request: Request, response: Response) {
  const context = contextOf(response);
  const row = await requireCluster(context, String(request.params.ident));
  response.json(await renderCluster(context, row, hostUrl(request), true));
}

async function create(request: Request, response: Response) {
  const context = contextOf(response);
  response.locals.rename = renames(CLUSTER_ATTRIBUTES);
  authorizeCreate(context, "cluster");
  const input = inputFrom(request.body, CLUSTER_ATTRIBUTES, "cluster", READ_ONLY);
  if (typeof input.clusterTemplateId !== "string") throw badRequest("Mandatory field missing: cluster_template_id");
  // Magnum's ct_not_found_to_bad_request: an unknown template is the request's fault, 400.
  const template = await requireTemplate(context, input.clusterTemplateId, 400);
  refuseZeroNodes(response, input.nodeCount);
  // Magnum: empty labels mean the template's.
  if (Array.isArray(input.labels) && input.labels.length === 0) delete input.labels;
  const outcome = await audited(
    context,
    "clusterCreate",
    { type: "Cluster", id: null },
    () => createCluster(context.domain, { ...input, clusterTemplateId: template.id }, { homeProjectId: context.homeProjectId }),
    ({ result }) => ({ id: result.clusterId ?? null }),
  );
  response.status(202).json({ uuid: outcome.result.clusterId });
}

async function update(request: Request, response: Response) {
  const context = contextOf(response);
  const row = await requireCluster(context, String(request.params.ident));
  authorizeFirst(context, "cluster", "update", row);
  const operations = parsePatch(request.body, PATCH_RULES);
  const before = (await renderCluster(context, row, hostUrl(request), true)) as Record<string, unknown>;
  const after = applyPatch(before, operations, PATCH_RULES);
  const changed = Object.keys(after).filter((name) => JSON.stringify(after[name]) !== JSON.stringify(before[name]));
  const refused = changed.filter((name) => name !== "node_count");
  if (refused.length > 0) throw badRequest(`cannot change cluster property(ies) ${refused.join(", ")}.`);
  const nodeCount = convertValue("node_count", "integer", after.node_count) as number;
  refuseZeroNodes(response, nodeCount);
  await audited(context, "clusterUpdate", { type: "Cluster", id: row.id, projectId: row.projectId }, () => updateCluster(context.domain, row.id, { nodeCount }, {}));
  response.status(202).json({ uuid: row.id });
}

async function remove(request: Request, response: Response) {
  const context = contextOf(response);
  const row = await requireCluster(context, String(request.params.ident));
  await audited(context, "clusterDelete", { type: "Cluster", id: row.id, projectId: row.projectId }, () => deleteCluster(context.domain, row.id, {}));
  response.status(204).end();
}

/** A node group of the cluster named by uuid or name, as Magnum's NodeGroup.get. */
export async function requireNodeGroup(context: GraphQLContext, cluster: ClusterRow, ident: string) {
  const groups = await context.loaders.nodeGroupsOfCluster.load(cluster.id);
  const matches = groups.filter((group) => group.id === ident.toLowerCase() || group.name === ident);
  if (matches.length === 0) throw new RestError(404, `Nodegroup ${ident} could not be found.`);
  if (matches.length > 1) throw new RestError(409, `Multiple nodegroups exist with same name ${ident}. Please use the nodegroup uuid instead.`);
  return matches[0]!;
}

function bodyObject(body: unknown, argument: string): Record<string, unknown> {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest(`Invalid input for field/attribute ${argument}. The body must be a JSON object`);
  return body as Record<string, unknown>;
}

async function resize(request: Request, response: Response) {
  requireVersion(response, 7, "resize");
  const context = contextOf(response);
  const row = await requireCluster(context, String(request.params.ident));
  authorizeFirst(context, "cluster", "update", row);
  const body = bodyObject(request.body, "cluster_resize_req");
  if (body.node_count === undefined || body.node_count === null) throw badRequest("Mandatory field missing: node_count");
  const nodeCount = convertValue("node_count", "integer", body.node_count) as number;
  refuseZeroNodes(response, nodeCount);
  const nodesToRemove = body.nodes_to_remove == null ? [] : (convertValue("nodes_to_remove", "textList", body.nodes_to_remove) as string[]);
  const group = typeof body.nodegroup === "string" && body.nodegroup ? await requireNodeGroup(context, row, body.nodegroup) : undefined;
  response.locals.rename = { nodeCount: "node_count", nodesToRemove: "nodes_to_remove", nodeGroupId: "nodegroup" };
  await audited(context, "clusterResize", { type: "Cluster", id: row.id, projectId: row.projectId }, () =>
    resizeCluster(context.domain, row.id, { nodeCount, nodesToRemove, nodeGroupId: group?.id ?? null }, {}),
  );
  response.status(202).json({ uuid: row.id });
}

async function upgrade(request: Request, response: Response) {
  requireVersion(response, 8, "upgrade");
  const context = contextOf(response);
  const row = await requireCluster(context, String(request.params.ident));
  authorizeFirst(context, "cluster", "update", row);
  const body = bodyObject(request.body, "cluster_upgrade_req");
  if (typeof body.cluster_template !== "string" || !body.cluster_template) throw badRequest("Mandatory field missing: cluster_template");
  const template = await requireTemplate(context, body.cluster_template);
  const maxBatchSize = body.max_batch_size == null ? null : (convertValue("max_batch_size", "integer", body.max_batch_size) as number);
  const named = typeof body.nodegroup === "string" && body.nodegroup ? await requireNodeGroup(context, row, body.nodegroup) : undefined;
  // Magnum upgrades the default worker group when none is named (and a non-default group only to the cluster's own template).
  if (named && !named.isDefault && template.id !== row.templateId) {
    throw badRequest(`Nodegroup ${named.name} can be upgraded only to match cluster's template.`);
  }
  response.locals.rename = { clusterTemplateId: "cluster_template", maxBatchSize: "max_batch_size", nodeGroupId: "nodegroup" };
  await audited(context, "clusterUpgrade", { type: "Cluster", id: row.id, projectId: row.projectId }, () =>
    upgradeCluster(context.domain, row.id, { clusterTemplateId: template.id, maxBatchSize, nodeGroupId: named?.id ?? null }, {}),
  );
  response.status(202).json({ uuid: row.id });
}

export function clusterRoutes(): Router {
  const router = Router();
  router.get("/clusters", list);
  router.get("/clusters/detail", list);
  router.get("/clusters/:ident", show);
  router.post("/clusters", create);
  router.patch("/clusters/:ident", update);
  router.delete("/clusters/:ident", remove);
  router.post("/clusters/:ident/actions/resize", resize);
  router.post("/clusters/:ident/actions/upgrade", upgrade);
  return router;
}
