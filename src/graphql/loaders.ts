// One DataLoader set per request: nested fields batch into one statement per kind, whatever the page size.
import DataLoader from "dataloader";
import type { Database } from "../db/client.js";
import { certificatesByClusterIds, certificatesByIds } from "../db/queries/certificates.js";
import type { CertificateRecord } from "../domain/certificates/certificates.js";
import { templatesByIds } from "../db/queries/cluster-templates.js";
import { clustersByIds, countClustersPerTemplate, pageClustersPerTemplate, type ClusterFilter, type ClusterSort } from "../db/queries/clusters.js";
import { nodeGroupsByClusterIds, nodeGroupsByIds } from "../db/queries/node-groups.js";
import { activeOperationsByClusterIds, operationsByIds } from "../db/queries/operations.js";
import type { Page, PageRequest } from "../db/queries/pagination.js";
import { projectsByIds } from "../db/queries/projects.js";
import type { ClusterRow, ClusterTemplateRow, NodeGroupRow, OperationRow, ProjectRow } from "../db/schema/index.js";

function byId<Row extends { id: string }>(load: (ids: readonly string[]) => Promise<Row[]>) {
  return new DataLoader<string, Row | undefined>(async (ids) => {
    const rows = new Map((await load(ids)).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id));
  });
}

function groupedBy<Row>(load: (keys: readonly string[]) => Promise<Row[]>, keyOf: (row: Row) => string) {
  return new DataLoader<string, Row[]>(async (keys) => {
    const groups = new Map<string, Row[]>(keys.map((key) => [key, []]));
    for (const row of await load(keys)) groups.get(keyOf(row))?.push(row);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

export interface TemplateClustersKey {
  templateId: string;
  filter: ClusterFilter;
  sort: ClusterSort;
  page: PageRequest;
}

/** Batches per-template cluster pages that share the same arguments into one windowed statement. */
function clustersPerTemplate(db: Database) {
  return new DataLoader<TemplateClustersKey, Page<ClusterRow>, string>(
    async (keys) => {
      const byArguments = new Map<string, TemplateClustersKey[]>();
      for (const key of keys) {
        const signature = JSON.stringify([key.filter, key.sort, key.page]);
        byArguments.set(signature, [...(byArguments.get(signature) ?? []), key]);
      }
      const pages = new Map<string, Page<ClusterRow>>();
      for (const [signature, group] of byArguments) {
        const first = group[0]!;
        const result = await pageClustersPerTemplate(db, group.map((key) => key.templateId), first.filter, first.sort, first.page);
        for (const [templateId, page] of result) pages.set(`${templateId}|${signature}`, page);
      }
      return keys.map((key) => pages.get(`${key.templateId}|${JSON.stringify([key.filter, key.sort, key.page])}`)!);
    },
    { cacheKeyFn: (key) => JSON.stringify(key) },
  );
}

function clusterCountsPerTemplate(db: Database) {
  return new DataLoader<{ templateId: string; filter: ClusterFilter }, number, string>(
    async (keys) => {
      const bySignature = new Map<string, string[]>();
      for (const key of keys) {
        const signature = JSON.stringify(key.filter);
        bySignature.set(signature, [...(bySignature.get(signature) ?? []), key.templateId]);
      }
      const counts = new Map<string, number>();
      for (const [signature, templateIds] of bySignature) {
        const result = await countClustersPerTemplate(db, templateIds, JSON.parse(signature) as ClusterFilter);
        for (const templateId of templateIds) counts.set(`${templateId}|${signature}`, result.get(templateId) ?? 0);
      }
      return keys.map((key) => counts.get(`${key.templateId}|${JSON.stringify(key.filter)}`) ?? 0);
    },
    { cacheKeyFn: (key) => JSON.stringify(key) },
  );
}

/**
 * The node groups of clusters read with a given column list (the columns an answer needs, selectedProperties): one
 * loader per list, so narrowed rows never reach the whole-row loader's callers.
 */
function nodeGroupsOfClusterNarrowed(db: Database) {
  const byList = new Map<string, DataLoader<string, NodeGroupRow[]>>();
  return (properties: readonly string[]) => {
    const key = [...properties].sort().join(",");
    let loader = byList.get(key);
    if (!loader) byList.set(key, (loader = groupedBy<NodeGroupRow>((ids) => nodeGroupsByClusterIds(db, ids, properties), (row) => row.clusterId)));
    return loader;
  };
}

export function createLoaders(db: Database) {
  return {
    nodeGroupsOfClusterReading: nodeGroupsOfClusterNarrowed(db),
    template: byId<ClusterTemplateRow>((ids) => templatesByIds(db, ids)),
    cluster: byId<ClusterRow>((ids) => clustersByIds(db, ids)),
    nodeGroup: byId<NodeGroupRow>((ids) => nodeGroupsByIds(db, ids)),
    project: byId<ProjectRow>((ids) => projectsByIds(db, ids)),
    operation: byId<OperationRow>((ids) => operationsByIds(db, ids)),
    nodeGroupsOfCluster: groupedBy<NodeGroupRow>((ids) => nodeGroupsByClusterIds(db, ids), (row) => row.clusterId),
    activeOperationsOfCluster: groupedBy<OperationRow>((ids) => activeOperationsByClusterIds(db, ids), (row) => row.clusterId),
    certificate: byId<CertificateRecord>((ids) => certificatesByIds(db, ids)),
    certificatesOfCluster: groupedBy<CertificateRecord>((ids) => certificatesByClusterIds(db, ids), (row) => row.clusterId),
    clustersOfTemplate: clustersPerTemplate(db),
    clusterCountOfTemplate: clusterCountsPerTemplate(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
