-- Repeatable (see Migrator): the rules for requests, re-created whole on every upgrade whose
-- text changed. First written in 003_server_rules (which still creates its trigger); kept here
-- since notices (022_notice_requests) so that a change is made in one place.
-- Sending: in the sender's own name and role, on a step they may record on, a request the step
-- type may send, to a recipient of the kind and role the definitions say. Answering: only the
-- recipient (or a member of the inbox it went to), in their own name, in a role that may
-- complete it, while the request is outstanding and its step open; except a notice, which its
-- recipient clears even after the step has closed.

CREATE OR REPLACE FUNCTION casedesk_check_request() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
    the_step worksteps;
    req_rule rule_request_types;
    completers text[];
    recipients text[];
    vw_code text;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    me := casedesk_require_worker();
    IF TG_OP = 'DELETE' THEN
        PERFORM casedesk_refuse('requests are never deleted; decline them instead.');
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT * INTO the_step FROM worksteps WHERE id = NEW.step_id;
    ELSE
        SELECT * INTO the_step FROM worksteps WHERE id = OLD.step_id;
    END IF;
    SELECT * INTO req_rule FROM rule_request_types WHERE request_type = NEW.request_type;
    IF NOT FOUND THEN
        PERFORM casedesk_refuse(format('"%s" is not a request CaseDesk knows.', NEW.request_type));
    END IF;

    IF TG_OP = 'INSERT' THEN
        IF NEW.sender_worker_id IS DISTINCT FROM me THEN
            PERFORM casedesk_refuse('requests are sent in your own name.');
        END IF;
        PERFORM casedesk_require_role(NEW.sent_as_role);
        IF NEW.status <> 'outstanding' OR NEW.responded_by IS NOT NULL
           OR NEW.responded_at IS NOT NULL OR NEW.responded_as_role IS NOT NULL THEN
            PERFORM casedesk_refuse('a request is sent outstanding.');
        END IF;
        IF NOT casedesk_may_edit_step(NEW.step_id) THEN
            PERFORM casedesk_refuse(format('you cannot record on step %s.', NEW.step_id));
        END IF;
        IF NOT EXISTS (SELECT 1 FROM rule_step_requests WHERE step_type = the_step.step_type
                       AND request_type = NEW.request_type) THEN
            PERFORM casedesk_refuse(format('"%s" cannot be sent from %s.', NEW.request_type,
                                           the_step.step_type));
        END IF;
        IF NEW.is_required <> req_rule.is_required THEN
            PERFORM casedesk_refuse(format('"%s" is %s.', NEW.request_type,
                CASE WHEN req_rule.is_required THEN 'REQUIRED' ELSE 'not REQUIRED' END));
        END IF;
        IF req_rule.recipient_kind = 'worker' THEN
            IF NEW.recipient_worker_id IS NULL OR NEW.recipient_virtual_worker_id IS NOT NULL THEN
                PERFORM casedesk_refuse(format('"%s" goes to a worker.', NEW.request_type));
            END IF;
            recipients := ARRAY(SELECT role FROM rule_request_roles
                                WHERE request_type = NEW.request_type AND kind = 'recipient');
            IF cardinality(recipients) > 0 AND NOT EXISTS (
                SELECT 1 FROM worker_roles r JOIN workers w ON w.id = r.worker_id
                WHERE r.worker_id = NEW.recipient_worker_id AND w.is_active
                  AND r.role = ANY (recipients)) THEN
                PERFORM casedesk_refuse(format('"%s" can only be sent to a %s.', NEW.request_type,
                                               casedesk_role_names(recipients)));
            END IF;
        ELSE
            IF NEW.recipient_virtual_worker_id IS NULL OR NEW.recipient_worker_id IS NOT NULL THEN
                PERFORM casedesk_refuse(format('"%s" goes to a virtual worker.',
                                               NEW.request_type));
            END IF;
            SELECT v.code INTO vw_code FROM virtual_workers v
            WHERE v.id = NEW.recipient_virtual_worker_id;
            IF NOT EXISTS (SELECT 1 FROM rule_request_virtual_workers
                           WHERE request_type = NEW.request_type
                             AND virtual_worker_code = vw_code) THEN
                PERFORM casedesk_refuse(format('"%s" cannot be sent to that virtual worker.',
                                               NEW.request_type));
            END IF;
        END IF;
        RETURN NEW;
    END IF;

    -- UPDATE: the recipient completes or declines an outstanding request.
    IF OLD.status <> 'outstanding' THEN
        PERFORM casedesk_refuse(format('request %s was already %s.', OLD.id, OLD.status));
    END IF;
    IF (NEW.id, NEW.step_id, NEW.request_type, NEW.is_required, NEW.sender_worker_id,
        NEW.sent_as_role, NEW.recipient_worker_id, NEW.recipient_virtual_worker_id, NEW.note,
        NEW.sent_at)
       IS DISTINCT FROM
       (OLD.id, OLD.step_id, OLD.request_type, OLD.is_required, OLD.sender_worker_id,
        OLD.sent_as_role, OLD.recipient_worker_id, OLD.recipient_virtual_worker_id, OLD.note,
        OLD.sent_at) THEN
        PERFORM casedesk_refuse('a request cannot be rewritten.');
    END IF;
    IF NEW.status NOT IN ('completed', 'declined') THEN
        PERFORM casedesk_refuse('a request is answered by completing or declining it.');
    END IF;
    IF NOT casedesk_is_recipient(me, OLD.recipient_worker_id, OLD.recipient_virtual_worker_id) THEN
        PERFORM casedesk_refuse(format(
            'request %s ("%s") was sent to someone else (or to an inbox you are not a member '
            'of); only its recipient can complete or decline it.', OLD.id, OLD.request_type));
    END IF;
    IF NEW.responded_by IS DISTINCT FROM me OR NEW.responded_at IS NULL THEN
        PERFORM casedesk_refuse('a request is answered in your own name.');
    END IF;
    PERFORM casedesk_require_role(NEW.responded_as_role);
    completers := ARRAY(SELECT role FROM rule_request_roles
                        WHERE request_type = OLD.request_type AND kind = 'completed_by');
    IF cardinality(completers) > 0 AND NOT NEW.responded_as_role = ANY (completers) THEN
        PERFORM casedesk_refuse(format('only a %s can complete or decline "%s".',
                                       casedesk_role_names(completers), OLD.request_type));
    END IF;
    -- A notice is cleared by its recipient once read, even after its step has closed; it is
    -- not declined: there is nothing to decline.
    IF req_rule.is_notice AND NEW.status = 'declined' THEN
        PERFORM casedesk_refuse(format('"%s" is a notice: it is cleared, not declined.',
                                       OLD.request_type));
    END IF;
    IF the_step.status IN ('finished', 'cancelled') AND NOT req_rule.is_notice THEN
        PERFORM casedesk_refuse(format('step %s is %s, so its requests are closed.', the_step.id,
                                       the_step.status));
    END IF;
    IF NEW.status = 'declined' AND COALESCE(btrim(NEW.decline_reason), '') = '' THEN
        PERFORM casedesk_refuse('a request is declined with a reason.');
    END IF;
    RETURN NEW;
END
$$;
