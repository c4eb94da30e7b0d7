-- migrate:up
-- A conversation id is a random uuid the caller already holds. Under row-level security a
-- conversation of another organisation is invisible to the gateway's organisation-scoped check,
-- so an ask "in" it looked like a new conversation and was answered (without its memory) instead
-- of the 404 a stranger's conversation gets inside one organisation. This function answers the
-- one question the gateway needs across organisations — is this id someone else's? — and
-- reveals nothing more (no owner, no organisation, no turns).
CREATE OR REPLACE FUNCTION conversation_held_by_another(p_conversation_id uuid, p_user_id bigint)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS
$$
  SELECT EXISTS (SELECT 1 FROM conversations
                 WHERE conversation_id = p_conversation_id AND user_id <> p_user_id)
$$;
REVOKE ALL ON FUNCTION conversation_held_by_another(uuid, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION conversation_held_by_another(uuid, bigint) TO copilot_app;

-- migrate:down
DROP FUNCTION IF EXISTS conversation_held_by_another(uuid, bigint);
