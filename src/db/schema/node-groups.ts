// Node groups: sets of identically configured nodes of one cluster (masters, workers, extras).
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { resourceVersion, timestamps, type LabelRow } from "./columns.js";
import { clusters } from "./clusters.js";
import { projects } from "./projects.js";

export const nodeGroups = pgTable(
  "node_groups",
  {
    id: uuid("id").primaryKey(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
    clusterId: uuid("cluster_id").notNull().references(() => clusters.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: text("role").notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    nodeCount: integer("node_count").notNull(),
    minNodeCount: integer("min_node_count").notNull().default(0),
    maxNodeCount: integer("max_node_count"),
    flavorId: text("flavor_id"),
    imageId: text("image_id"),
    dockerVolumeSize: integer("docker_volume_size"),
    labels: jsonb("labels").$type<LabelRow[]>().notNull().default([]),
    status: text("status").notNull(),
    statusReason: text("status_reason"),
    nodeAddresses: jsonb("node_addresses").$type<string[]>().notNull().default([]),
    stackId: text("stack_id"),
    /** The COE version the nodes run (Magnum's `version`), not the row's revision. */
    version: text("version"),
    ...resourceVersion,
    ...timestamps,
  },
  (table) => [
    uniqueIndex("node_groups_cluster_name_key").on(table.clusterId, table.name),
    index("node_groups_cluster_id_idx").on(table.clusterId),
  ],
);

export type NodeGroupRow = typeof nodeGroups.$inferSelect;
export type NewNodeGroupRow = typeof nodeGroups.$inferInsert;
