// /v1/clusters/{cluster}/nodegroups (microversion 1.9+): list, show by uuid or name, create (202), JSON-patch of the limits, delete (204).
import { Router, type Request, type Response } from "express";
import { createNodeGroup, deleteNodeGroup, updateNodeGroup } from "../domain/clusters/node-groups.js";
import { inputFrom, convertValue, renames, type AttributeTable } from "./attributes.js";
import { requireNodeGroup } from "./clusters.js";
import { audited, authorizeFirst, contextOf, requireCluster } from "./context.js";
import { badRequest, RestError } from "./errors.js";
import { applyPatch, parsePatch, type PatchRules } from "./json-patch.js";
import { requireVersion } from "./microversions.js";
import { listRequest } from "./paging.js";
import { hostUrl } from "./versions.js";
import { nodeGroupView } from "./views.js";

const NODE_GROUP_ATTRIBUTES: AttributeTable = {
  name: { field: "name", kind: "text" },
  docker_volume_size: { field: "dockerVolumeSize", kind: "integer" },
  labels: { field: "labels", kind: "labels" },
  flavor_id: { field: "flavorId", kind: "text" },
  image_id: { field: "imageId", kind: "text" },
  node_count: { field: "nodeCount", kind: "integer" },
  role: { field: "role", kind: "text" },
  min_node_count: { field: "minNodeCount", kind: "integer" },
  max_node_count: { field: "maxNodeCount", kind: "integer" },
  merge_labels: { field: "mergeLabels", kind: "boolean" },
};
const READ_ONLY = ["uuid", "id", "cluster_id", "project_id", "links", "node_addresses", "is_default", "stack_id", "status", "status_reason", "version", "labels_overridden", "labels_added", "labels_skipped", "created_at", "updated_at"];

/** Magnum's NodeGroupPatchType: everything but the autoscaling limits is internal. */
const PATCH_RULES: PatchRules = {
  internal: ["name", "cluster_id", "project_id", "docker_volume_size", "labels", "flavor_id", "image_id", "node_addresses", "node_count", "role", "is_default", "stack_id", "status", "status_reason", "version"],
  nonRemovable: [],
};

function versioned(api: string, handler: (request: Request, response: Response) => Promise<void>) {
  return async (request: Request, response: Response) => {
    requireVersion(response, 9, api);
    await handler(request, response);
  };
}

async function list(request: Request, response: Response) {
  const context = contextOf(response);
  const cluster = await requireCluster(context, String(request.params.cluster));
  // A cluster has few node groups (the quota caps them): they are read together and paged here.
  const query = listRequest(request, { id: "CREATED_AT", created_at: "CREATED_AT", name: "NAME", updated_at: "UPDATED_AT" });
  const role = typeof request.query.role === "string" ? request.query.role : null;
  const property = query.field === "NAME" ? "name" : query.field === "UPDATED_AT" ? "updatedAt" : "createdAt";
  const rows = (await context.loaders.nodeGroupsOfCluster.load(cluster.id))
    .filter((group) => role === null || group.role === role)
    .sort((left, right) => {
      const order = String(left[property] instanceof Date ? (left[property] as Date).toISOString() : left[property]).localeCompare(String(right[property] instanceof Date ? (right[property] as Date).toISOString() : right[property])) || left.id.localeCompare(right.id);
      return query.direction === "ASC" ? order : -order;
    });
  let start = 0;
  if (query.marker) {
    start = rows.findIndex((group) => group.id === query.marker) + 1;
    if (start === 0) throw badRequest(`The marker ${query.marker} could not be found`);
  }
  const page = rows.slice(start, start + query.limit);
  const base = hostUrl(request);
  const more = start + query.limit < rows.length;
  const next = more ? `${base}/v1/clusters/${cluster.id}/nodegroups?sort_key=${query.sortKey}&sort_dir=${query.sortDir}&limit=${query.limit}&marker=${page.at(-1)!.id}` : undefined;
  response.json({ nodegroups: page.map((group) => nodeGroupView(group, cluster, base, false)), ...(next ? { next } : {}) });
}

async function show(request: Request, response: Response) {
  const context = contextOf(response);
  const cluster = await requireCluster(context, String(request.params.cluster));
  const group = await requireNodeGroup(context, cluster, String(request.params.ident));
  response.json(nodeGroupView(group, cluster, hostUrl(request), true));
}

async function create(request: Request, response: Response) {
  const context = contextOf(response);
  const cluster = await requireCluster(context, String(request.params.cluster));
  authorizeFirst(context, "nodeGroup", "create", cluster);
  response.locals.rename = renames(NODE_GROUP_ATTRIBUTES);
  const input = inputFrom(request.body, NODE_GROUP_ATTRIBUTES, "nodegroup", READ_ONLY);
  // Magnum's merge_labels: the given labels over the cluster's; without it they replace them.
  const { mergeLabels, ...request_ } = input;
  if (mergeLabels === true && Array.isArray(request_.labels)) {
    const given = new Map((request_.labels as { key: string; value: string }[]).map((label) => [label.key, label.value]));
    request_.labels = [...cluster.labels.filter((label) => !given.has(label.key)), ...(request_.labels as { key: string; value: string }[])];
  }
  if (!cluster.apiAddress) throw badRequest("The cluster's API address is not yet available. Please retry when the cluster creation is completed.");
  const outcome = await audited(
    context,
    "nodeGroupCreate",
    { type: "Cluster", id: cluster.id, projectId: cluster.projectId },
    () => createNodeGroup(context.domain, cluster.id, request_, {}),
  );
  context.loaders.nodeGroupsOfCluster.clear(cluster.id);
  const group = await requireNodeGroup(context, cluster, outcome.nodeGroupId!);
  response.status(202).json(nodeGroupView(group, cluster, hostUrl(request), true));
}

async function update(request: Request, response: Response) {
  const context = contextOf(response);
  const cluster = await requireCluster(context, String(request.params.cluster));
  const group = await requireNodeGroup(context, cluster, String(request.params.ident));
  authorizeFirst(context, "nodeGroup", "update", group);
  const base = hostUrl(request);
  const operations = parsePatch(request.body, PATCH_RULES);
  const before = nodeGroupView(group, cluster, base, true) as Record<string, unknown>;
  const after = applyPatch(before, operations, PATCH_RULES);
  const input: Record<string, unknown> = {};
  for (const name of ["min_node_count", "max_node_count"] as const) {
    if (JSON.stringify(after[name]) === JSON.stringify(before[name])) continue;
    input[name === "min_node_count" ? "minNodeCount" : "maxNodeCount"] = after[name] === null ? (name === "min_node_count" ? 0 : null) : convertValue(name, "integer", after[name]);
  }
  const other = Object.keys(after).filter((name) => !["min_node_count", "max_node_count"].includes(name) && JSON.stringify(after[name]) !== JSON.stringify(before[name]));
  if (other.length > 0) throw new RestError(400, `'/${other[0]}' is an internal attribute and can not be updated`);
  response.locals.rename = { minNodeCount: "min_node_count", maxNodeCount: "max_node_count" };
  await audited(context, "nodeGroupUpdate", { type: "NodeGroup", id: group.id, projectId: group.projectId }, () => updateNodeGroup(context.domain, group.id, input, {}));
  context.loaders.nodeGroupsOfCluster.clear(cluster.id);
  response.status(202).json(nodeGroupView(await requireNodeGroup(context, cluster, group.id), cluster, base, true));
}

async function remove(request: Request, response: Response) {
  const context = contextOf(response);
  const cluster = await requireCluster(context, String(request.params.cluster));
  const group = await requireNodeGroup(context, cluster, String(request.params.ident));
  authorizeFirst(context, "nodeGroup", "delete", group);
  if (group.isDefault) throw badRequest("Deleting a default nodegroup is not supported.");
  await audited(context, "nodeGroupDelete", { type: "NodeGroup", id: group.id, projectId: group.projectId }, () => deleteNodeGroup(context.domain, group.id, {}));
  response.status(204).end();
}

export function nodeGroupRoutes(): Router {
  const router = Router();
  router.get("/clusters/:cluster/nodegroups", versioned("get_all", list));
  router.get("/clusters/:cluster/nodegroups/:ident", versioned("get_one", show));
  router.post("/clusters/:cluster/nodegroups", versioned("post", create));
  router.patch("/clusters/:cluster/nodegroups/:ident", versioned("patch", update));
  router.delete("/clusters/:cluster/nodegroups/:ident", versioned("delete", remove));
  return router;
}
