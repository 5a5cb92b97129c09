// Cluster templates: Magnum's reusable cluster parameters, one row per template.
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { resourceVersion, timestamps, type LabelRow } from "./columns.js";
import { projects } from "./projects.js";

export const clusterTemplates = pgTable(
  "cluster_templates",
  {
    id: uuid("id").primaryKey(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    coe: text("coe").notNull(),
    clusterDistro: text("cluster_distro"),
    imageId: text("image_id").notNull(),
    keypairId: text("keypair_id"),
    flavorId: text("flavor_id"),
    masterFlavorId: text("master_flavor_id"),
    serverType: text("server_type").notNull(),
    networkDriver: text("network_driver"),
    volumeDriver: text("volume_driver"),
    dockerVolumeSize: integer("docker_volume_size"),
    dockerStorageDriver: text("docker_storage_driver"),
    externalNetworkId: text("external_network_id"),
    fixedNetwork: text("fixed_network"),
    fixedSubnet: text("fixed_subnet"),
    dnsNameserver: text("dns_nameserver"),
    apiserverPort: integer("apiserver_port"),
    httpProxy: text("http_proxy"),
    httpsProxy: text("https_proxy"),
    noProxy: text("no_proxy"),
    registryEnabled: boolean("registry_enabled").notNull().default(false),
    insecureRegistry: text("insecure_registry"),
    tlsDisabled: boolean("tls_disabled").notNull().default(false),
    public: boolean("public").notNull().default(false),
    hidden: boolean("hidden").notNull().default(false),
    floatingIpEnabled: boolean("floating_ip_enabled").notNull().default(true),
    masterLbEnabled: boolean("master_lb_enabled").notNull().default(false),
    labels: jsonb("labels").$type<LabelRow[]>().notNull().default([]),
    tags: jsonb("tags").$type<string[]>().notNull().default([]),
    ...resourceVersion,
    ...timestamps,
  },
  (table) => [
    uniqueIndex("cluster_templates_project_name_key").on(table.projectId, table.name),
    index("cluster_templates_created_at_id_idx").on(table.createdAt, table.id),
    index("cluster_templates_name_id_idx").on(table.name, table.id),
  ],
);

export type ClusterTemplateRow = typeof clusterTemplates.$inferSelect;
export type NewClusterTemplateRow = typeof clusterTemplates.$inferInsert;
