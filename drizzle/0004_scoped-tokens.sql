ALTER TABLE "api_tokens" ADD COLUMN "project_ids" uuid[];--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "max_role" text;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "created_by" text;