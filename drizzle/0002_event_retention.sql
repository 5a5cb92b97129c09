CREATE TABLE "cluster_event_retention" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"pruned_through" bigint DEFAULT 0 NOT NULL,
	"pruned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cluster_event_retention_one_row" CHECK ("cluster_event_retention"."id" = 1)
);
