import { now } from '../../store/rows';
import type { Db, Row } from '../../store/types';
import { STRATEGIES, type Operator, type OperatorInput, type SkillGroup, type SkillGroupInput } from '../types';
import { inList, num, toGroup, toOperator } from './rows';

/** Assigned entries of the operator in the row `o`; the load every capacity check compares. */
export const ACTIVE = "(SELECT count(*) FROM routing_entries e WHERE e.operator_id = o.id AND e.state = 'assigned')";

function checkGroup(g: Partial<SkillGroupInput>): void {
	if (g.line !== undefined && ![1, 2, 3].includes(g.line)) throw new Error(`Line ${g.line} is not 1, 2 or 3.`);
	if (g.strategy !== undefined && !STRATEGIES.includes(g.strategy)) {
		throw new Error(`Strategy "${g.strategy}" is not one of ${STRATEGIES.join(', ')}.`);
	}
	if (g.name !== undefined && !g.name.trim()) throw new Error('A skill group needs a name.');
}

function checkOperator(o: Partial<OperatorInput>): void {
	if (o.capacity !== undefined && !(Number.isInteger(o.capacity) && o.capacity >= 0)) {
		throw new Error(`Capacity ${o.capacity} is not a whole number of conversations.`);
	}
	if (o.status !== undefined && !['online', 'away', 'offline'].includes(o.status)) {
		throw new Error(`Status "${o.status}" is not online, away or offline.`);
	}
	if (o.role !== undefined && !['operator', 'supervisor'].includes(o.role)) {
		throw new Error(`Role "${o.role}" is not operator or supervisor.`);
	}
	if (o.login !== undefined && !o.login.trim()) throw new Error('An operator needs a login.');
}

/** Column values of a group or operator patch; lists are stored as JSON text. */
function columns(patch: Record<string, unknown>, names: Record<string, string>): [string, unknown][] {
	return Object.entries(names)
		.filter(([key]) => patch[key] !== undefined)
		.map(([key, column]) => [column, Array.isArray(patch[key]) ? JSON.stringify(patch[key]) : patch[key]]);
}

const GROUP_COLUMNS = {
	name: 'name',
	topics: 'topics',
	languages: 'languages',
	channels: 'channels',
	line: 'line',
	escalationGroupId: 'escalation_group_id',
	strategy: 'strategy',
	slaMinutes: 'sla_minutes',
};
const OPERATOR_COLUMNS = { name: 'name', login: 'login', role: 'role', languages: 'languages', capacity: 'capacity', status: 'status' };

export async function listGroups(db: Db): Promise<SkillGroup[]> {
	return (await db.query('SELECT * FROM skill_groups ORDER BY id')).map(toGroup);
}

/** The group by id or by name. */
export async function findGroup(db: Db, ref: number | string): Promise<SkillGroup | null> {
	const rows = await db.query(`SELECT * FROM skill_groups WHERE ${typeof ref === 'number' ? 'id' : 'name'} = ?`, [ref]);
	return rows.length ? toGroup(rows[0]) : null;
}

export async function saveGroup(db: Db, input: Partial<SkillGroupInput>, id?: number): Promise<SkillGroup> {
	checkGroup(input);
	const at = now();
	const values = columns(input as Record<string, unknown>, GROUP_COLUMNS);
	let rows: Row[];
	if (id === undefined) {
		if (!input.name) throw new Error('A skill group needs a name.');
		rows = await db.query(
			`INSERT INTO skill_groups (${values.map(([c]) => c).join(', ')}, created_at, updated_at)
			 VALUES (${values.map(() => '?').join(', ')}, ?, ?) RETURNING *`,
			[...values.map(([, v]) => v), at, at],
		);
	} else {
		rows = await db.query(
			`UPDATE skill_groups SET ${values.map(([c]) => `${c} = ?, `).join('')}updated_at = ? WHERE id = ? RETURNING *`,
			[...values.map(([, v]) => v), at, id],
		);
		if (!rows.length) throw new Error(`Skill group ${id} was not found.`);
	}
	return toGroup(rows[0]);
}

/** The operator's skill group ids, comma-separated in id order (both dialects spell it `string_agg`). */
const SKILLS = "(SELECT string_agg(CAST(group_id AS TEXT), ',' ORDER BY group_id) FROM operator_skills k WHERE k.operator_id = o.id)";

async function operatorsWhere(db: Db, where: string, params: unknown[]): Promise<Operator[]> {
	const rows = await db.query(`SELECT o.*, ${ACTIVE} AS active, ${SKILLS} AS skills FROM operators o ${where} ORDER BY o.id`, params);
	return rows.map((r) => toOperator(r, r.skills ? String(r.skills).split(',').map(Number) : []));
}

export const listOperators = (db: Db): Promise<Operator[]> => operatorsWhere(db, '', []);

/** How many operators of the group `group` (an SQL expression) are online, with or without room. */
export const ONLINE_IN_GROUP = (group: string) =>
	`SELECT count(*) FROM operators o JOIN operator_skills k ON k.operator_id = o.id WHERE k.group_id = ${group} AND o.status = 'online'`;

/** How many operators with a skill in each of the groups are online (with or without room); absent: none. */
export async function onlineOperatorsIn(db: Db, groupIds: number[]): Promise<Map<number, number>> {
	const rows = await db.query(`SELECT g.id, (${ONLINE_IN_GROUP('g.id')}) AS n FROM skill_groups g WHERE g.id IN ${inList(groupIds.length)}`, groupIds);
	return new Map(rows.map((r) => [num(r.id), num(r.n)]));
}

/** The operator by id or by login. */
export async function findOperator(db: Db, ref: number | string): Promise<Operator | null> {
	const found = await operatorsWhere(db, `WHERE o.${typeof ref === 'number' ? 'id' : 'login'} = ?`, [ref]);
	return found[0] ?? null;
}

/** The operators of `ids` (those that exist), in id order. */
export const findOperators = (db: Db, ids: number[]): Promise<Operator[]> =>
	operatorsWhere(db, `WHERE o.id IN ${inList(ids.length)}`, ids);

/** Creates the operator, or patches it with `id`; `skills` replaces the skill list, keeping round-robin turns of kept skills. */
export async function saveOperator(db: Db, input: Partial<OperatorInput>, id?: number): Promise<Operator> {
	checkOperator(input);
	return db.transaction(async (tx) => {
		const at = now();
		const values = columns(input as Record<string, unknown>, OPERATOR_COLUMNS);
		let rows: Row[];
		if (id === undefined) {
			if (!input.login || !input.name) throw new Error('An operator needs a name and a login.');
			rows = await tx.query(
				`INSERT INTO operators (${values.map(([c]) => c).join(', ')}, created_at, updated_at)
				 VALUES (${values.map(() => '?').join(', ')}, ?, ?) RETURNING id`,
				[...values.map(([, v]) => v), at, at],
			);
		} else {
			rows = await tx.query(
				`UPDATE operators SET ${values.map(([c]) => `${c} = ?, `).join('')}updated_at = ? WHERE id = ? RETURNING id`,
				[...values.map(([, v]) => v), at, id],
			);
			if (!rows.length) throw new Error(`Operator ${id} was not found.`);
		}
		const operatorId = num(rows[0].id);
		if (input.skills) {
			const skills = [...new Set(input.skills.map(Number))];
			await tx.query(
				`DELETE FROM operator_skills WHERE operator_id = ?${skills.length ? ` AND group_id NOT IN ${inList(skills.length)}` : ''}`,
				[operatorId, ...skills],
			);
			for (const groupId of skills) {
				await tx.query('INSERT INTO operator_skills (operator_id, group_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [
					operatorId,
					groupId,
				]);
			}
		}
		const saved = await findOperator(tx, operatorId);
		if (!saved) throw new Error(`Operator ${operatorId} vanished while being saved.`);
		return saved;
	});
}
