-- Reassigning work (WorkflowEngine::reassignStep): the worksteps rule of
-- 003_server_rules.postgres.sql allowed a step's assignee to change only when a member of its
-- inbox or team took it on starting it, so the server refused every reassignment. This version
-- also lets whoever holds a step (its worker, or a member of its team or inbox), or a
-- PS/Manager, give an incoming or started step to one other worker, team or virtual worker,
-- changing nothing else but its revision. Everything else is as in 003.
CREATE OR REPLACE FUNCTION casedesk_check_workstep() RETURNS trigger LANGUAGE plpgsql
SET search_path = public, pg_temp AS $$
DECLARE
    me bigint;
    holds boolean;
BEGIN
    IF casedesk_is_trusted() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    me := casedesk_require_worker();
    IF TG_OP = 'DELETE' THEN
        PERFORM casedesk_refuse('worksteps are never deleted; cancel the step instead.');
    END IF;

    IF TG_OP = 'INSERT' THEN
        IF NEW.created_by IS DISTINCT FROM me THEN
            PERFORM casedesk_refuse('a step can only be created in your own name.');
        END IF;
        IF NEW.status <> 'incoming' OR NEW.started_by IS NOT NULL OR NEW.started_at IS NOT NULL
           OR NEW.finished_by IS NOT NULL OR NEW.finished_at IS NOT NULL
           OR NEW.finished_as_role IS NOT NULL OR NEW.revision <> 0 THEN
            PERFORM casedesk_refuse('a new step is created as incoming work.');
        END IF;
        IF num_nonnulls(NEW.assignee_worker_id, NEW.assignee_team_id,
                        NEW.assignee_virtual_worker_id) <> 1 THEN
            PERFORM casedesk_refuse('a step is assigned to one worker, team or virtual worker.');
        END IF;
        IF NOT EXISTS (SELECT 1 FROM rule_step_types WHERE step_type = NEW.step_type) THEN
            PERFORM casedesk_refuse(format('"%s" is not a step CaseDesk knows.', NEW.step_type));
        END IF;
        IF NEW.from_step_id IS NULL THEN
            -- Work started from the person's record (RLS checks the person may be seen).
            IF NOT EXISTS (SELECT 1 FROM worker_roles WHERE worker_id = me) THEN
                PERFORM casedesk_refuse('only a worker with a CaseDesk role can create work.');
            END IF;
        ELSIF NOT EXISTS (
            -- Follow-on work of a step of the same person: released by whoever finished that
            -- step (its next actions), or sent by someone who may record on it or holds it.
            SELECT 1 FROM worksteps f
            WHERE f.id = NEW.from_step_id AND f.person_id = NEW.person_id
              AND ((f.status = 'finished' AND f.finished_by = me)
                   OR casedesk_may_edit_step(f.id)
                   OR (f.status = 'incoming'
                       AND casedesk_holds_assignment(me, f.assignee_worker_id,
                                                     f.assignee_team_id,
                                                     f.assignee_virtual_worker_id)))) THEN
            PERFORM casedesk_refuse(format(
                'step %s is not yours to send "%s" from.', NEW.from_step_id, NEW.step_type));
        END IF;
        IF NEW.episode_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM episodes e WHERE e.id = NEW.episode_id
            AND e.person_id = NEW.person_id) THEN
            PERFORM casedesk_refuse('a step belongs to an episode of the same person.');
        END IF;
        RETURN NEW;
    END IF;

    -- UPDATE
    IF OLD.status IN ('finished', 'cancelled') THEN
        PERFORM casedesk_refuse(format('step %s is %s, so it can no longer be changed.',
                                       OLD.id, OLD.status));
    END IF;
    IF NEW.id <> OLD.id OR NEW.person_id <> OLD.person_id OR NEW.step_type <> OLD.step_type
       OR NEW.created_by IS DISTINCT FROM OLD.created_by
       OR NEW.created_at IS DISTINCT FROM OLD.created_at
       OR NEW.from_step_id IS DISTINCT FROM OLD.from_step_id THEN
        PERFORM casedesk_refuse('what a step is about and where it came from cannot be changed.');
    END IF;
    IF NEW.episode_id IS DISTINCT FROM OLD.episode_id THEN
        -- Only its creator files a new step under an episode of the same person, once.
        IF NOT COALESCE(OLD.episode_id IS NULL AND OLD.status = 'incoming'
                        AND NEW.status = 'incoming' AND OLD.created_by = me
                        AND EXISTS (SELECT 1 FROM episodes e WHERE e.id = NEW.episode_id
                                    AND e.person_id = OLD.person_id), FALSE) THEN
            PERFORM casedesk_refuse(format('step %s cannot be moved to another episode.',
                                           OLD.id));
        END IF;
        IF (to_jsonb(NEW) - 'episode_id') = (to_jsonb(OLD) - 'episode_id') THEN
            RETURN NEW;
        END IF;
    END IF;
    IF NEW.revision < OLD.revision THEN
        PERFORM casedesk_refuse('a step''s revision only goes up.');
    END IF;
    holds := casedesk_holds_assignment(me, OLD.assignee_worker_id, OLD.assignee_team_id,
                                       OLD.assignee_virtual_worker_id);

    IF (OLD.assignee_worker_id, OLD.assignee_team_id, OLD.assignee_virtual_worker_id)
       IS DISTINCT FROM
       (NEW.assignee_worker_id, NEW.assignee_team_id, NEW.assignee_virtual_worker_id) THEN
        -- Taking work from an inbox or team one belongs to as one's own, when starting it; the
        -- start is checked below.
        IF COALESCE(holds AND OLD.assignee_worker_id IS NULL AND NEW.assignee_worker_id = me
                    AND NEW.assignee_team_id IS NULL
                    AND NEW.assignee_virtual_worker_id IS NULL AND NEW.status = 'started'
                    AND NEW.started_by = me, FALSE) THEN
            NULL;
        -- Reassigning (WorkflowEngine::reassignStep): by whoever holds the step, or a
        -- PS/Manager; to exactly one worker, team or virtual worker; nothing else changes but
        -- the revision.
        ELSIF NEW.status = OLD.status
              AND num_nonnulls(NEW.assignee_worker_id, NEW.assignee_team_id,
                               NEW.assignee_virtual_worker_id) = 1
              AND (to_jsonb(NEW) - ARRAY['assignee_worker_id', 'assignee_team_id',
                                         'assignee_virtual_worker_id', 'revision'])
                  = (to_jsonb(OLD) - ARRAY['assignee_worker_id', 'assignee_team_id',
                                           'assignee_virtual_worker_id', 'revision']) THEN
            IF NOT (holds OR EXISTS (SELECT 1 FROM worker_roles
                                     WHERE worker_id = me AND role = 'ps_manager')) THEN
                PERFORM casedesk_refuse(format(
                    'step %s is not yours to reassign: only whoever holds it, or a PS/Manager, '
                    'can.', OLD.id));
            END IF;
            RETURN NEW;
        ELSE
            PERFORM casedesk_refuse(format('step %s is not yours to reassign.', OLD.id));
        END IF;
    END IF;

    IF OLD.status = 'incoming' AND NEW.status = 'started' THEN
        IF NOT holds THEN
            PERFORM casedesk_refuse(format(
                'step %s is assigned to someone else (or to an inbox you are not a member of), '
                'so you cannot start it.', OLD.id));
        END IF;
        IF NEW.started_by IS DISTINCT FROM me OR NEW.started_at IS NULL
           OR NEW.finished_by IS NOT NULL OR NEW.finished_at IS NOT NULL THEN
            PERFORM casedesk_refuse('a step is started in your own name.');
        END IF;
    ELSIF OLD.status = NEW.status THEN
        IF NEW.started_by IS DISTINCT FROM OLD.started_by
           OR NEW.started_at IS DISTINCT FROM OLD.started_at
           OR NEW.finished_by IS NOT NULL OR NEW.finished_at IS NOT NULL
           OR NEW.finished_as_role IS NOT NULL OR NEW.cancelled_reason IS NOT NULL THEN
            PERFORM casedesk_refuse('start, finish or cancel a step; its dates cannot be edited.');
        END IF;
        IF OLD.status = 'started' THEN
            IF NOT (holds OR casedesk_may_edit_step(OLD.id)) THEN
                PERFORM casedesk_refuse(format(
                    'step %s is someone else''s work and no request about it was sent to you.',
                    OLD.id));
            END IF;
        ELSIF NOT holds THEN
            PERFORM casedesk_refuse(format('step %s is assigned to someone else.', OLD.id));
        END IF;
    ELSIF OLD.status = 'started' AND NEW.status = 'finished' THEN
        IF NEW.finished_by IS DISTINCT FROM me OR NEW.finished_at IS NULL
           OR NEW.started_by IS DISTINCT FROM OLD.started_by
           OR NEW.started_at IS DISTINCT FROM OLD.started_at THEN
            PERFORM casedesk_refuse('a step is finished in your own name.');
        END IF;
        PERFORM casedesk_require_role(NEW.finished_as_role);
        IF NOT holds AND NOT EXISTS (
            SELECT 1 FROM requests r JOIN rule_request_types t ON t.request_type = r.request_type
            WHERE r.step_id = OLD.id AND r.status = 'completed' AND t.recipient_may_finish
              AND casedesk_is_recipient(me, r.recipient_worker_id,
                                        r.recipient_virtual_worker_id)) THEN
            PERFORM casedesk_refuse(format(
                'only the worker holding step %s, or the recipient of a completed request that '
                'lets them finish it, can finish it.', OLD.id));
        END IF;
        IF EXISTS (SELECT 1 FROM requests WHERE step_id = OLD.id AND is_required
                   AND status = 'outstanding') THEN
            PERFORM casedesk_refuse(format(
                'step %s has an outstanding REQUIRED request, so it cannot be finished.',
                OLD.id));
        END IF;
    ELSIF NEW.status = 'cancelled' THEN
        IF NOT holds THEN
            PERFORM casedesk_refuse(format('only the worker holding step %s can cancel it.',
                                           OLD.id));
        END IF;
        IF NEW.finished_by IS DISTINCT FROM me OR NEW.finished_at IS NULL
           OR COALESCE(btrim(NEW.cancelled_reason), '') = '' THEN
            PERFORM casedesk_refuse('a step is cancelled in your own name, with a reason.');
        END IF;
        PERFORM casedesk_require_role(NEW.finished_as_role);
    ELSE
        PERFORM casedesk_refuse(format('a step cannot go from %s to %s.', OLD.status,
                                       NEW.status));
    END IF;
    RETURN NEW;
END
$$;
