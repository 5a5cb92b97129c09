ALTER TABLE "operations" ADD COLUMN "cancelled_by" text;--> statement-breakpoint
CREATE INDEX "operations_project_created_idx" ON "operations" USING btree ("project_id","created_at");