-- Every change to who holds which rights NOTIFYs turnkey_identity with the user's id, at commit, whichever
-- code path (or operator's SQL) made it: each replica drops its cached authentication of that user and
-- re-checks its open WebSockets (src/identity/invalidation.ts). last_used_at is not a change of rights.
CREATE OR REPLACE FUNCTION turnkey_identity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  subject text;
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    subject := COALESCE(OLD.id, NEW.id)::text;
  ELSIF TG_OP = 'DELETE' THEN
    subject := OLD.user_id::text;
  ELSE
    subject := NEW.user_id::text;
  END IF;
  PERFORM pg_notify('turnkey_identity', subject);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER role_bindings_identity_changed AFTER INSERT OR UPDATE OR DELETE ON role_bindings FOR EACH ROW EXECUTE FUNCTION turnkey_identity_changed();--> statement-breakpoint
CREATE TRIGGER api_tokens_identity_changed AFTER UPDATE OF revoked_at, expires_at, project_ids, max_role, user_id, created_by OR DELETE ON api_tokens FOR EACH ROW EXECUTE FUNCTION turnkey_identity_changed();--> statement-breakpoint
CREATE TRIGGER users_identity_changed AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION turnkey_identity_changed();
