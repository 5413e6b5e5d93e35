import type { Dashboard } from './dashboard';

type Cell = string | number | null;

/**
 * One cell as spreadsheets read it. Text starting with = + - @ (or a tab or carriage return) would
 * run as a formula in Excel or LibreOffice: a leading apostrophe keeps it text.
 */
export function csvCell(value: Cell): string {
	if (value === null) return '';
	if (typeof value === 'number') return String(value);
	const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (cells: Cell[]) => cells.map(csvCell).join(',');

/**
 * Everything the dashboard shows, one figure a line (section, item, measure, value), so that a
 * spreadsheet filters and pivots it without knowing the dashboard's layout.
 */
export function dashboardCsv(d: Dashboard): string {
	const rows: Cell[][] = [['section', 'item', 'measure', 'value']];
	const add = (section: string, item: Cell, measures: Record<string, Cell>) => {
		for (const [measure, value] of Object.entries(measures)) rows.push([section, item, measure, value]);
	};
	const p = d.period;
	add('period', 'all', {
		from: p.period.from,
		to: p.period.to,
		conversations: p.conversations,
		handedOff: p.handedOff,
		answered: p.answered,
		firstResponseMedianSeconds: p.firstResponseMedianSeconds,
		answeredWithin5Min: p.answeredWithin5Min.count,
		answeredWithin5MinOf: p.answeredWithin5Min.of,
		answeredWithin5MinShare: p.answeredWithin5Min.share,
		selfService: p.selfService.count,
		selfServiceShare: p.selfService.share,
		ratings: p.csat.ratings,
		ratingAverage: p.csat.average,
		satisfiedShare: p.csat.satisfiedShare,
	});
	for (const c of p.byChannel) add('channel', c.label, { conversations: c.count });
	for (const t of p.byTopic) add('topic', t.label, { conversations: t.count });
	const f = d.floor;
	add('floor', 'all', { at: f.now, online: f.operators.online, away: f.operators.away, offline: f.operators.offline });
	for (const g of f.groups) {
		add('group', g.name, { line: g.line, queued: g.queued, longestWaitSeconds: g.longestWaitSeconds, assigned: g.assigned, atRisk: g.atRisk, overdue: g.overdue });
	}
	for (const o of f.operators.rows) add('operator', o.name, { status: o.status, active: o.active, capacity: o.capacity, load: o.load });
	for (const [section, list] of [['waiting', f.waiting], ['sla', f.atRisk]] as const) {
		for (const r of list) {
			add(section, r.conversationId, {
				customer: r.customerName,
				channel: r.channel,
				topic: r.topic,
				group: r.groupName,
				operator: r.operatorName,
				waitingSince: r.waitingSince,
				slaDueAt: r.slaDueAt,
				sla: r.sla,
			});
		}
	}
	return rows.map(line).join('\r\n') + '\r\n';
}
