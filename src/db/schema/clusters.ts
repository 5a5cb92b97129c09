// Clusters: the desired spec plus what the orchestration layer last observed.
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { resourceVersion, timestamps, type LabelRow } from "./columns.js";
import { clusterTemplates } from "./cluster-templates.js";
import { projects } from "./projects.js";

export const clusters = pgTable(
  "clusters",
  {
    id: uuid("id").primaryKey(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
    // restrict: a template in use cannot disappear under its clusters.
    templateId: uuid("template_id").notNull().references(() => clusterTemplates.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    status: text("status").notNull(),
    statusReason: text("status_reason"),
    healthStatus: text("health_status").notNull().default("UNKNOWN"),
    healthStatusReason: jsonb("health_status_reason").$type<Record<string, string>>().notNull().default({}),
    nodeCount: integer("node_count").notNull(),
    masterCount: integer("master_count").notNull(),
    flavorId: text("flavor_id"),
    masterFlavorId: text("master_flavor_id"),
    keypair: text("keypair"),
    labels: jsonb("labels").$type<LabelRow[]>().notNull().default([]),
    createTimeout: integer("create_timeout").notNull(),
    discoveryUrl: text("discovery_url"),
    apiAddress: text("api_address"),
    masterAddresses: jsonb("master_addresses").$type<string[]>().notNull().default([]),
    nodeAddresses: jsonb("node_addresses").$type<string[]>().notNull().default([]),
    coeVersion: text("coe_version"),
    containerVersion: text("container_version"),
    stackId: text("stack_id"),
    faults: jsonb("faults").$type<Record<string, string>>().notNull().default({}),
    dockerVolumeSize: integer("docker_volume_size"),
    fixedNetwork: text("fixed_network"),
    fixedSubnet: text("fixed_subnet"),
    floatingIpEnabled: boolean("floating_ip_enabled").notNull(),
    masterLbEnabled: boolean("master_lb_enabled").notNull(),
    /** The cluster's own OpenStack identity (trustee and trust, as Magnum's), encrypted with TURNKEY_SECRET_KEY; null without one. */
    trustCredentials: text("trust_credentials"),
    /** Who asked for the cluster; credentials policy depends on it. */
    createdBy: text("created_by").notNull(),
    ...resourceVersion,
    ...timestamps,
  },
  (table) => [
    uniqueIndex("clusters_project_name_key").on(table.projectId, table.name),
    index("clusters_template_id_idx").on(table.templateId),
    index("clusters_created_at_id_idx").on(table.createdAt, table.id),
    index("clusters_name_id_idx").on(table.name, table.id),
    index("clusters_status_idx").on(table.status),
  ],
);

export type ClusterRow = typeof clusters.$inferSelect;
export type NewClusterRow = typeof clusters.$inferInsert;
