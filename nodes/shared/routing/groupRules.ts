import type { SkillGroup } from './types';

export interface GroupCriteria {
	topic: string | null;
	language: string | null;
	channel: string | null;
}

const serves = (list: string[], value: string | null) =>
	list.length === 0 || (value !== null && list.some((v) => v.toLowerCase() === value.toLowerCase()));
const names = (list: string[], value: string | null) =>
	value !== null && list.some((v) => v.toLowerCase() === value.toLowerCase());

/**
 * The group for a conversation among `groups`: one that serves its topic, language and channel
 * (an empty list serves all), ranked by how specifically it matches, topic first, then
 * language, then channel; lower lines before higher ones; then the oldest group.
 */
export function pickGroup(groups: SkillGroup[], criteria: GroupCriteria): SkillGroup | null {
	const rank = (g: SkillGroup) => [
		names(g.topics, criteria.topic) ? 0 : 1,
		names(g.languages, criteria.language) ? 0 : 1,
		names(g.channels, criteria.channel) ? 0 : 1,
		g.line,
		g.id,
	];
	const candidates = groups.filter(
		(g) =>
			serves(g.topics, criteria.topic) && serves(g.languages, criteria.language) && serves(g.channels, criteria.channel),
	);
	candidates.sort((a, b) => {
		const ra = rank(a);
		const rb = rank(b);
		const i = ra.findIndex((v, k) => v !== rb[k]);
		return i < 0 ? 0 : ra[i] - rb[i];
	});
	return candidates[0] ?? null;
}
