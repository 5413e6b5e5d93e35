import type { Migration } from './migration';

/**
 * `routing_drain` (migration 028) served one head per read of the queue: after each assignment it
 * asked again whether anyone had room and read the queue's first page again. Now it serves a page
 * in its order, head after head, and reads the next page only once this one is through: a drain
 * that assigns 32 conversations reads the queue once instead of 32 times. The order is the
 * page's: priority (aged) then arrival, as the queue stood when the page was read; for each head,
 * the operators with room are still asked afresh (loads and strategy stamps move with every
 * assignment), and the rest of 028's walk is unchanged.
 */
const DRAIN_FUNCTION = `CREATE OR REPLACE FUNCTION routing_drain(group_ids BIGINT[], now_ms BIGINT, aging_ms BIGINT) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	taken jsonb := '[]';
	contended boolean := false;
	waiting boolean := false;
	passed BIGINT[] := '{}';
	passed_heads BIGINT[] := '{}';
	done BIGINT[] := '{}';
	any_head boolean;
	head routing_entries;
	queued routing_entries;
	candidate record;
	picked BIGINT;
	unasked boolean;
	cap INTEGER;
	held BIGINT;
BEGIN
	WHILE cardinality(done) < cardinality(group_ids) AND EXISTS (
		SELECT 1 FROM operators o JOIN operator_skills s ON s.operator_id = o.id
		WHERE s.group_id = ANY (group_ids) AND o.status = 'online'
		AND (SELECT count(*) FROM routing_entries e WHERE e.operator_id = o.id AND e.state = 'assigned') < o.capacity
	) LOOP
		any_head := false;
		FOR head IN
			SELECT * FROM routing_entries r
			WHERE r.state = 'queued' AND r.group_id = ANY (group_ids) AND r.id <> ALL (passed_heads)
			ORDER BY r.priority + (now_ms - r.enqueued_ms) / aging_ms DESC, r.enqueued_ms, r.id LIMIT 50
		LOOP
			any_head := true;
			-- The next page starts after this one's heads, served or passed over.
			passed_heads := passed_heads || head.id;
			CONTINUE WHEN head.group_id = ANY (done);
			picked := NULL;
			unasked := false;
			FOR candidate IN
				SELECT o.id, (o.languages = '[]' OR head.language IS NULL OR EXISTS (
					SELECT 1 FROM json_array_elements_text(CAST(o.languages AS json)) l WHERE lower(l) = lower(head.language)
				)) AS speaks
				FROM operators o
				JOIN operator_skills s ON s.operator_id = o.id AND s.group_id = head.group_id
				JOIN skill_groups g ON g.id = s.group_id,
				LATERAL (SELECT count(*) AS n FROM routing_entries e WHERE e.operator_id = o.id AND e.state = 'assigned') active
				WHERE o.status = 'online' AND active.n < o.capacity AND o.id <> ALL (passed)
				ORDER BY CASE WHEN o.id = head.previous_operator_id THEN 0 ELSE 1 END,
					CASE WHEN g.strategy = 'leastLoaded' THEN active.n ELSE 0 END,
					CASE WHEN g.strategy = 'roundRobin' THEN COALESCE(s.last_assigned_ms, 0) ELSE COALESCE(o.last_assigned_ms, 0) END,
					o.id
			LOOP
				IF NOT candidate.speaks THEN
					unasked := true;
					CONTINUE;
				END IF;
				SELECT capacity INTO cap FROM operators WHERE id = candidate.id AND status = 'online' FOR UPDATE SKIP LOCKED;
				IF NOT FOUND THEN
					contended := true;
					passed := passed || candidate.id;
					CONTINUE;
				END IF;
				SELECT count(*) INTO held FROM routing_entries WHERE operator_id = candidate.id AND state = 'assigned';
				IF held < cap THEN
					picked := candidate.id;
					EXIT;
				END IF;
				passed := passed || candidate.id;
			END LOOP;
			IF picked IS NULL THEN
				waiting := true;
				IF NOT unasked THEN
					done := done || head.group_id;
				END IF;
				CONTINUE;
			END IF;
			-- Taken or being taken by another drain (or closed): either way it is not waiting any more.
			SELECT * INTO queued FROM routing_entries WHERE id = head.id AND state = 'queued' FOR UPDATE SKIP LOCKED;
			CONTINUE WHEN NOT FOUND;
			UPDATE routing_entries SET state = 'assigned', operator_id = picked, assigned_ms = now_ms WHERE id = queued.id RETURNING * INTO queued;
			UPDATE operators SET last_assigned_ms = now_ms WHERE id = picked;
			UPDATE operator_skills SET last_assigned_ms = now_ms WHERE operator_id = picked AND group_id = queued.group_id;
			taken := taken || to_jsonb(queued);
		END LOOP;
		EXIT WHEN NOT any_head;
	END LOOP;
	-- A held operator matters only to a head left waiting for lack of one.
	RETURN jsonb_build_object('assigned', taken, 'contended', contended AND waiting);
END
$$`;

export const routingDrainPagesMigration: Migration = {
	version: 29,
	name: 'routing drain serves a page of the queue per read',
	up: ({ dialect }) => (dialect === 'postgres' ? [DRAIN_FUNCTION] : []),
};
