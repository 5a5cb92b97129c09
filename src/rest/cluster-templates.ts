// /v1/clustertemplates: list, detail, show by uuid or name, create, JSON-patch update and delete, on the domain's template functions.
import { Router, type Request, type Response } from "express";
import { pageClusterTemplates, TEMPLATE_SORT_COLUMNS, type TemplateSortField } from "../db/queries/cluster-templates.js";
import { createClusterTemplate, deleteClusterTemplate, updateClusterTemplate } from "../domain/cluster-templates/cluster-templates.js";
import { readableProjects } from "../domain/policy/index.js";
import { inputFrom, convertValue, renames, type AttributeTable } from "./attributes.js";
import { audited, authorizeCreate, authorizeFirst, contextOf, requireTemplate, templateByIdent } from "./context.js";
import { RestError } from "./errors.js";
import { applyPatch, parsePatch, type PatchRules } from "./json-patch.js";
import { listRequest, nextLink, pageAfter, sortValueOf } from "./paging.js";
import { hostUrl, link } from "./versions.js";
import { templateView } from "./views.js";

export const TEMPLATE_ATTRIBUTES: AttributeTable = {
  name: { field: "name", kind: "text" },
  coe: { field: "coe", kind: "coe" },
  image_id: { field: "imageId", kind: "text" },
  flavor_id: { field: "flavorId", kind: "text" },
  master_flavor_id: { field: "masterFlavorId", kind: "text" },
  dns_nameserver: { field: "dnsNameserver", kind: "text" },
  keypair_id: { field: "keypairId", kind: "text" },
  external_network_id: { field: "externalNetworkId", kind: "text" },
  fixed_network: { field: "fixedNetwork", kind: "text" },
  fixed_subnet: { field: "fixedSubnet", kind: "text" },
  network_driver: { field: "networkDriver", kind: "text" },
  apiserver_port: { field: "apiserverPort", kind: "integer" },
  docker_volume_size: { field: "dockerVolumeSize", kind: "integer" },
  cluster_distro: { field: "clusterDistro", kind: "text" },
  http_proxy: { field: "httpProxy", kind: "text" },
  https_proxy: { field: "httpsProxy", kind: "text" },
  no_proxy: { field: "noProxy", kind: "text" },
  volume_driver: { field: "volumeDriver", kind: "text" },
  registry_enabled: { field: "registryEnabled", kind: "boolean" },
  labels: { field: "labels", kind: "labels" },
  tls_disabled: { field: "tlsDisabled", kind: "boolean" },
  public: { field: "public", kind: "boolean" },
  server_type: { field: "serverType", kind: "serverType" },
  insecure_registry: { field: "insecureRegistry", kind: "text" },
  docker_storage_driver: { field: "dockerStorageDriver", kind: "storageDriver" },
  master_lb_enabled: { field: "masterLbEnabled", kind: "boolean" },
  floating_ip_enabled: { field: "floatingIpEnabled", kind: "boolean" },
  hidden: { field: "hidden", kind: "boolean" },
  tags: { field: "tags", kind: "tags" },
};
const READ_ONLY = ["uuid", "links", "project_id", "user_id", "created_at", "updated_at"];

/** Magnum's ClusterTemplatePatchType: the mandatory attributes and _extra_non_removable_attrs. */
const PATCH_RULES: PatchRules = {
  internal: [],
  nonRemovable: ["coe", "image_id", "network_driver", "external_network_id", "tls_disabled", "public", "server_type", "registry_enabled", "cluster_distro", "hidden"],
  dictionaries: ["labels"],
};

/** Magnum sorts by any column; these are the ones Turnkey keeps ordered (id is creation order). */
const SORT_KEYS: Record<string, TemplateSortField> = { id: "CREATED_AT", created_at: "CREATED_AT", name: "NAME", updated_at: "UPDATED_AT" };

async function list(request: Request, response: Response) {
  const context = contextOf(response);
  const query = listRequest(request, SORT_KEYS);
  const column = TEMPLATE_SORT_COLUMNS[query.field];
  const marker = query.marker ? await templateByIdent(context, query.marker) : undefined;
  const { page } = await pageClusterTemplates(
    context.domain.db,
    { visibleProjects: readableProjects(context.principal), includeHidden: context.principal.isGlobalAdmin },
    { field: query.field, direction: query.direction },
    pageAfter(query, `${query.field}_${query.direction}`, marker && sortValueOf(marker, column.property), marker?.id),
  );
  const base = hostUrl(request);
  const resource = request.path.endsWith("/detail") ? "clustertemplates/detail" : "clustertemplates";
  const next = nextLink(request, resource, query, page.hasNextPage, page.rows.at(-1)?.id);
  response.json({ clustertemplates: page.rows.map((row) => templateView(row, base)), ...(next ? { next } : {}) });
}

async function show(request: Request, response: Response) {
  const row = await requireTemplate(contextOf(response), String(request.params.ident));
  response.json(templateView(row, hostUrl(request)));
}

async function create(request: Request, response: Response) {
  const context = contextOf(response);
  response.locals.rename = renames(TEMPLATE_ATTRIBUTES);
  authorizeCreate(context, "clusterTemplate");
  const input = inputFrom(request.body, TEMPLATE_ATTRIBUTES, "cluster_template", READ_ONLY);
  const { result } = await audited(
    context,
    "clusterTemplateCreate",
    { type: "ClusterTemplate", id: null },
    () => createClusterTemplate(context.domain, input, { homeProjectId: context.homeProjectId }),
    ({ result }) => ({ id: result.clusterTemplateId ?? null }),
  );
  const row = await requireTemplate(context, result.clusterTemplateId!);
  const base = hostUrl(request);
  response.status(201).location(link("self", base, "clustertemplates", row.id).href).json(templateView(row, base));
}

async function update(request: Request, response: Response) {
  const context = contextOf(response);
  response.locals.rename = renames(TEMPLATE_ATTRIBUTES);
  const row = await requireTemplate(context, String(request.params.ident));
  authorizeFirst(context, "clusterTemplate", "update", row);
  const base = hostUrl(request);
  const operations = parsePatch(request.body, PATCH_RULES);
  const before = templateView(row, base) as Record<string, unknown>;
  const after = applyPatch(before, operations, PATCH_RULES);
  const patch: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(after)) {
    if (JSON.stringify(value) === JSON.stringify(before[name])) continue;
    const attribute = TEMPLATE_ATTRIBUTES[name];
    if (!attribute) throw new RestError(400, `'/${name}' is an internal attribute and can not be updated`);
    patch[attribute.field] = convertValue(name, attribute.kind, value);
  }
  await audited(context, "clusterTemplateUpdate", { type: "ClusterTemplate", id: row.id, projectId: row.projectId }, () =>
    updateClusterTemplate(context.domain, row.id, patch, { homeProjectId: context.homeProjectId }),
  );
  context.loaders.template.clear(row.id);
  response.json(templateView(await requireTemplate(context, row.id), base));
}

async function remove(request: Request, response: Response) {
  const context = contextOf(response);
  const row = await requireTemplate(context, String(request.params.ident));
  await audited(context, "clusterTemplateDelete", { type: "ClusterTemplate", id: row.id, projectId: row.projectId }, () =>
    deleteClusterTemplate(context.domain, row.id, { homeProjectId: context.homeProjectId }),
  );
  response.status(204).end();
}

export function clusterTemplateRoutes(): Router {
  const router = Router();
  router.get("/clustertemplates", list);
  router.get("/clustertemplates/detail", list);
  router.get("/clustertemplates/:ident", show);
  router.post("/clustertemplates", create);
  router.patch("/clustertemplates/:ident", update);
  router.delete("/clustertemplates/:ident", remove);
  return router;
}
