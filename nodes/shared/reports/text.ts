import type { OperatorReport } from './operators';
import type { SlaFigures, SlaReport } from './sla';
import type { TopicsReport, TrafficFigures } from './topics';

/*
 * Plain-text renderings for an e-mail body or a team chat message. Text only, never HTML: the
 * receiving end must not interpret anything. They hold topics, tags, groups and operator
 * names, no customer's name, address or message.
 */

const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`);
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const times = (ratio: number | null) => (ratio === null ? '–' : `${ratio}×`);

/** 45s, 4m 10s, 3h 5m, 2d 3h. */
export function duration(seconds: number | null): string {
	if (seconds === null) return '–';
	const s = Math.round(seconds);
	if (s < 60) return `${s}s`;
	if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? ` ${s % 60}s` : ''}`;
	if (s < 86_400) return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)}m` : ''}`;
	return `${Math.floor(s / 86_400)}d${Math.floor((s % 86_400) / 3600) ? ` ${Math.floor((s % 86_400) / 3600)}h` : ''}`;
}

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')}`;
const heading = (title: string, period: { from: string; to: string }) => `${title}, ${when(period.from)} – ${when(period.to)} UTC`;

function traffic(f: TrafficFigures): string {
	const change = f.changeRatio === null ? signed(f.change) : `${signed(f.change)}, ${signed(Math.round(f.changeRatio * 100))}%`;
	const tags = f.topTags.length ? `; tags: ${f.topTags.map((t) => `${t.tag} ${t.count}`).join(', ')}` : '';
	return `${f.conversations} (${change} on the previous period); bot alone ${f.botOnly} (${percent(f.selfServiceRate)}), to people ${f.handedOff}${tags}`;
}

export function topicsText(report: TopicsReport): string {
	const { summary } = report;
	const channels = Object.entries(summary.byChannel).map(([channel, n]) => `${channel} ${n}`).join(', ') || '–';
	return [
		heading('Topics', report.period),
		`All conversations: ${traffic(summary)}`,
		`By channel: ${channels}`,
		...report.rows.map((r) => `- ${r.topic}: ${percent(r.share)} of all, ${traffic(r)}`),
		...(report.calls.total ? [callsLine(report.calls)] : []),
	].join('\n');
}

function callsLine(calls: TopicsReport['calls']): string {
	const to = Object.entries(calls.deflectedTo).map(([channel, n]) => `${channel} ${n}`).join(', ');
	return `Phone calls: ${calls.total}, answered ${calls.answered}, missed ${calls.missed}, continued in a chat ${calls.deflected} (${percent(calls.deflectedShare)}${to ? `: ${to}` : ''})`;
}

export function operatorText(report: OperatorReport): string {
	const { team } = report;
	const figures = (f: OperatorReport['team'] | OperatorReport['rows'][number]) =>
		`first response median ${duration(f.firstResponseMedianSeconds)} (p90 ${duration(f.firstResponseP90Seconds)}), ` +
		`rating ${f.ratingAverage ?? '–'} (${f.ratings})`;
	return [
		heading('Operators', report.period),
		`Team of ${team.operators}: ${team.handled} conversations, ${team.closed} closed, ${team.replies} replies, ${figures(team)}`,
		...report.rows.map(
			(r) =>
				`- ${r.name}: ${r.handled} handled (${times(r.vsTeam.handled)} team average), ${r.closed} closed, ${r.replies} replies ` +
				`(${times(r.vsTeam.replies)}), ${figures(r)}; response ${times(r.vsTeam.firstResponseMedian)} team, rating ${times(r.vsTeam.rating)} team`,
		),
	].join('\n');
}

function sla(f: SlaFigures): string {
	return (
		`on time ${f.met} of ${f.met + f.missed} (${percent(f.metShare)}), ${f.pending} pending, ${f.noTarget} without target; ` +
		`first response median ${duration(f.firstResponseMedianSeconds)}, p90 ${duration(f.firstResponseP90Seconds)}; escalated ${f.escalated}`
	);
}

export function slaText(report: SlaReport): string {
	const line = (n: number | null) => (n === null ? 'no line' : `line ${n}`);
	return [
		heading('First-response SLA', report.period),
		`${report.summary.conversations} handed to people: ${sla(report.summary)}`,
		...report.summary.byLine.map((l) => `${line(l.line)}: ${sla(l)}`),
		...report.rows.map((r) => `- ${r.group} (${line(r.line)}): ${sla(r)}`),
	].join('\n');
}
