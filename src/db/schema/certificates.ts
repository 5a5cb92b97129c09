// Certificates: each cluster's certificate authorities, with private keys encrypted at rest.
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns.js";
import { clusters } from "./clusters.js";
import { projects } from "./projects.js";

export const certificates = pgTable(
  "certificates",
  {
    id: uuid("id").primaryKey(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "restrict" }),
    // cascade: deleting a cluster removes every CA it had (Magnum leaves etcd/front-proxy CAs behind).
    clusterId: uuid("cluster_id").notNull().references(() => clusters.id, { onDelete: "cascade" }),
    /** KUBERNETES, ETCD or FRONT_PROXY. */
    kind: text("kind").notNull(),
    /** Increases with each CA rotation; two generations coexist while one is RETIRING. */
    generation: integer("generation").notNull().default(1),
    /** ACTIVE, PENDING (rotation phase one), RETIRING. */
    state: text("state").notNull(),
    pem: text("pem").notNull(),
    encryptedPrivateKey: text("encrypted_private_key").notNull(),
    serialNumber: text("serial_number").notNull(),
    fingerprintSha256: text("fingerprint_sha256").notNull(),
    notBefore: timestamp("not_before", { withTimezone: true, mode: "date" }).notNull(),
    notAfter: timestamp("not_after", { withTimezone: true, mode: "date" }).notNull(),
    ...timestamps,
  },
  (table) => [index("certificates_cluster_id_idx").on(table.clusterId, table.kind, table.generation)],
);

export type CertificateRow = typeof certificates.$inferSelect;
