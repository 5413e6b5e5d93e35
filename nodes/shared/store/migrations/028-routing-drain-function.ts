import type { Migration } from './migration';

/**
 * PostgreSQL drains a skill queue in one call of `routing_drain` instead of a transaction of a
 * dozen round trips: the group's drain lock (a transaction advisory lock, so concurrent drains of
 * one queue keep its order) is then held for the server's own time, not for the network's. It is
 * the same walk as `routing/drain.ts`, which SQLite runs (whole transactions serialised there):
 * heads by effective priority (aged) then arrival, a page deeper only when the heads cannot be
 * served; for each, its group's operators with room in the group's strategy order, the customer's
 * previous operator first, the language spoken; each operator locked skipping one another worker
 * holds, and counted after the lock (a statement of its own sees every committed assignment), so
 * two workers never both fill a last slot. Returns the entries it assigned and whether it skipped a
 * held operator (the caller drains again, as room may be left once that worker commits).
 */
const DRAIN_FUNCTION = `CREATE OR REPLACE FUNCTION routing_drain(group_ids BIGINT[], now_ms BIGINT, aging_ms BIGINT) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	taken jsonb := '[]';
	contended boolean := false;
	passed BIGINT[] := '{}';
	done BIGINT[] := '{}';
	skipped INTEGER := 0;
	idx INTEGER;
	served boolean;
	head routing_entries;
	queued routing_entries;
	candidate record;
	picked BIGINT;
	unasked boolean;
	cap INTEGER;
	held BIGINT;
BEGIN
	PERFORM pg_advisory_xact_lock(1667456882, CAST(g.id AS INTEGER))
	FROM (SELECT id FROM skill_groups WHERE id = ANY (group_ids) ORDER BY id) g;
	WHILE cardinality(done) < cardinality(group_ids) AND EXISTS (
		SELECT 1 FROM operators o JOIN operator_skills s ON s.operator_id = o.id
		WHERE s.group_id = ANY (group_ids) AND o.status = 'online'
		AND (SELECT count(*) FROM routing_entries e WHERE e.operator_id = o.id AND e.state = 'assigned') < o.capacity
	) LOOP
		served := false;
		idx := 0;
		FOR head IN
			SELECT * FROM routing_entries r WHERE r.state = 'queued' AND r.group_id = ANY (group_ids)
			ORDER BY r.priority + (now_ms - r.enqueued_ms) / aging_ms DESC, r.enqueued_ms, r.id LIMIT 50 OFFSET skipped
		LOOP
			idx := idx + 1;
			CONTINUE WHEN head.group_id = ANY (done);
			SELECT * INTO queued FROM routing_entries WHERE id = head.id AND state = 'queued' FOR UPDATE SKIP LOCKED;
			CONTINUE WHEN NOT FOUND;
			picked := NULL;
			unasked := false;
			FOR candidate IN
				SELECT o.id, (o.languages = '[]' OR queued.language IS NULL OR EXISTS (
					SELECT 1 FROM json_array_elements_text(CAST(o.languages AS json)) l WHERE lower(l) = lower(queued.language)
				)) AS speaks
				FROM operators o
				JOIN operator_skills s ON s.operator_id = o.id AND s.group_id = queued.group_id
				JOIN skill_groups g ON g.id = s.group_id,
				LATERAL (SELECT count(*) AS n FROM routing_entries e WHERE e.operator_id = o.id AND e.state = 'assigned') active
				WHERE o.status = 'online' AND active.n < o.capacity AND o.id <> ALL (passed)
				ORDER BY CASE WHEN o.id = queued.previous_operator_id THEN 0 ELSE 1 END,
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
				IF NOT unasked THEN
					done := done || queued.group_id;
				END IF;
				CONTINUE;
			END IF;
			UPDATE routing_entries SET state = 'assigned', operator_id = picked, assigned_ms = now_ms WHERE id = queued.id RETURNING * INTO queued;
			UPDATE operators SET last_assigned_ms = now_ms WHERE id = picked;
			UPDATE operator_skills SET last_assigned_ms = now_ms WHERE operator_id = picked AND group_id = queued.group_id;
			taken := taken || to_jsonb(queued);
			served := true;
			EXIT;
		END LOOP;
		EXIT WHEN idx = 0;
		-- Entries passed over stay queued ahead of the next page; skip them rather than retry them.
		skipped := skipped + CASE WHEN served THEN idx - 1 ELSE idx END;
	END LOOP;
	RETURN jsonb_build_object('assigned', taken, 'contended', contended);
END
$$`;

export const routingDrainFunctionMigration: Migration = {
	version: 28,
	name: 'routing drain as one PostgreSQL call',
	up: ({ dialect }) => (dialect === 'postgres' ? [DRAIN_FUNCTION] : []),
};
