CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "cluster_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"coe" text NOT NULL,
	"cluster_distro" text,
	"image_id" text NOT NULL,
	"keypair_id" text,
	"flavor_id" text,
	"master_flavor_id" text,
	"server_type" text NOT NULL,
	"network_driver" text,
	"volume_driver" text,
	"docker_volume_size" integer,
	"docker_storage_driver" text,
	"external_network_id" text,
	"fixed_network" text,
	"fixed_subnet" text,
	"dns_nameserver" text,
	"apiserver_port" integer,
	"http_proxy" text,
	"https_proxy" text,
	"no_proxy" text,
	"registry_enabled" boolean DEFAULT false NOT NULL,
	"insecure_registry" text,
	"tls_disabled" boolean DEFAULT false NOT NULL,
	"public" boolean DEFAULT false NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"floating_ip_enabled" boolean DEFAULT true NOT NULL,
	"master_lb_enabled" boolean DEFAULT false NOT NULL,
	"labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"resource_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clusters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"health_status" text DEFAULT 'UNKNOWN' NOT NULL,
	"health_status_reason" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"node_count" integer NOT NULL,
	"master_count" integer NOT NULL,
	"flavor_id" text,
	"master_flavor_id" text,
	"keypair" text,
	"labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"create_timeout" integer NOT NULL,
	"discovery_url" text,
	"api_address" text,
	"master_addresses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"node_addresses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"coe_version" text,
	"container_version" text,
	"stack_id" text,
	"faults" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"docker_volume_size" integer,
	"fixed_network" text,
	"fixed_subnet" text,
	"floating_ip_enabled" boolean NOT NULL,
	"master_lb_enabled" boolean NOT NULL,
	"created_by" text NOT NULL,
	"resource_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "node_groups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"cluster_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"node_count" integer NOT NULL,
	"min_node_count" integer DEFAULT 0 NOT NULL,
	"max_node_count" integer,
	"flavor_id" text,
	"image_id" text,
	"docker_volume_size" integer,
	"labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"node_addresses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stack_id" text,
	"version" text,
	"resource_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"cluster_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"generation" integer DEFAULT 1 NOT NULL,
	"state" text NOT NULL,
	"pem" text NOT NULL,
	"encrypted_private_key" text NOT NULL,
	"serial_number" text NOT NULL,
	"fingerprint_sha256" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "operations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"cluster_id" uuid NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"spec" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"stages" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"percent" integer DEFAULT 0 NOT NULL,
	"request_id" text,
	"error_code" text,
	"error_message" text,
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cluster_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"cluster_id" uuid NOT NULL,
	"operation_id" uuid,
	"type" text NOT NULL,
	"status" text,
	"previous_status" text,
	"status_reason" text,
	"health_status" text,
	"stage" text,
	"percent" integer,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"principal" text NOT NULL,
	"request_id" text NOT NULL,
	"mutation" text NOT NULL,
	"input_hash" text NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_principal_request_id_pk" PRIMARY KEY("principal","request_id")
);
--> statement-breakpoint
ALTER TABLE "cluster_templates" ADD CONSTRAINT "cluster_templates_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_template_id_cluster_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."cluster_templates"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "node_groups" ADD CONSTRAINT "node_groups_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "node_groups" ADD CONSTRAINT "node_groups_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_cluster_id_clusters_id_fk" FOREIGN KEY ("cluster_id") REFERENCES "public"."clusters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operations" ADD CONSTRAINT "operations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cluster_events" ADD CONSTRAINT "cluster_events_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cluster_templates_project_name_key" ON "cluster_templates" USING btree ("project_id","name");--> statement-breakpoint
CREATE INDEX "cluster_templates_created_at_id_idx" ON "cluster_templates" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "cluster_templates_name_id_idx" ON "cluster_templates" USING btree ("name","id");--> statement-breakpoint
CREATE UNIQUE INDEX "clusters_project_name_key" ON "clusters" USING btree ("project_id","name");--> statement-breakpoint
CREATE INDEX "clusters_template_id_idx" ON "clusters" USING btree ("template_id");--> statement-breakpoint
CREATE INDEX "clusters_created_at_id_idx" ON "clusters" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "clusters_name_id_idx" ON "clusters" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "clusters_status_idx" ON "clusters" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "node_groups_cluster_name_key" ON "node_groups" USING btree ("cluster_id","name");--> statement-breakpoint
CREATE INDEX "node_groups_cluster_id_idx" ON "node_groups" USING btree ("cluster_id");--> statement-breakpoint
CREATE INDEX "certificates_cluster_id_idx" ON "certificates" USING btree ("cluster_id","kind","generation");--> statement-breakpoint
CREATE INDEX "operations_cluster_id_idx" ON "operations" USING btree ("cluster_id","created_at");--> statement-breakpoint
CREATE INDEX "operations_claimable_idx" ON "operations" USING btree ("status","lease_expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "operations_project_request_key" ON "operations" USING btree ("project_id","request_id");--> statement-breakpoint
CREATE INDEX "cluster_events_cluster_id_idx" ON "cluster_events" USING btree ("cluster_id","id");--> statement-breakpoint
CREATE INDEX "cluster_events_occurred_at_idx" ON "cluster_events" USING btree ("occurred_at");