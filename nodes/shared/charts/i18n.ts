/** The languages chart text comes in; the node's "Chart Language" lists the same. */
export const CHART_LANGUAGES = ['en', 'ru', 'uk', 'fr'] as const;
export type ChartLanguage = (typeof CHART_LANGUAGES)[number];

export interface ChartWords {
	topics: string;
	thisPeriod: string;
	previousPeriod: string;
	conversations: string;
	/** The bar that sums the topics past the top ones. */
	other: string;
	unclassified: string;
	channels: string;
	handled: string;
	handledAxis: string;
	response: string;
	minutes: string;
	teamAverage: string;
	sla: string;
	met: string;
	missed: string;
	line: (n: number) => string;
	noLine: string;
	distribution: string;
	withinFiveMinutes: (percent: string) => string;
	weeks: string;
	selfService: string;
	unsure: string;
	share: string;
	weekOf: string;
	empty: string;
	/** Short units for the response-time buckets. */
	minute: string;
	hour: string;
}

export const WORDS: Record<ChartLanguage, ChartWords> = {
	en: {
		topics: 'Topics: this period and the one before',
		thisPeriod: 'this period',
		previousPeriod: 'period before',
		conversations: 'Conversations',
		other: 'other',
		unclassified: 'unclassified',
		channels: 'Conversations by channel',
		handled: 'Conversations handled per operator',
		handledAxis: 'Handled',
		response: 'First-response median per operator',
		minutes: 'Minutes',
		teamAverage: 'team',
		sla: 'First answers within the SLA, per line',
		met: 'met',
		missed: 'missed',
		line: (n) => `line ${n}`,
		noLine: 'no line',
		distribution: 'How long customers waited for a first answer',
		withinFiveMinutes: (p) => `${p} of first answers came within 5 minutes`,
		weeks: 'Bot self-service and classifier doubt per week',
		selfService: 'settled by the bot',
		unsure: 'topic unsure',
		share: 'Share of conversations',
		weekOf: 'Week from',
		empty: 'No conversations in this period',
		minute: 'min',
		hour: 'h',
	},
	ru: {
		topics: 'Темы: этот период и предыдущий',
		thisPeriod: 'этот период',
		previousPeriod: 'предыдущий',
		conversations: 'Обращения',
		other: 'другие',
		unclassified: 'без темы',
		channels: 'Обращения по каналам',
		handled: 'Обращения на оператора',
		handledAxis: 'Обработано',
		response: 'Медиана первого ответа по операторам',
		minutes: 'Минуты',
		teamAverage: 'команда',
		sla: 'Первые ответы в срок, по линиям',
		met: 'в срок',
		missed: 'с опозданием',
		line: (n) => `линия ${n}`,
		noLine: 'без линии',
		distribution: 'Сколько клиенты ждали первого ответа',
		withinFiveMinutes: (p) => `${p} первых ответов — в течение 5 минут`,
		weeks: 'Самообслуживание ботом и сомнения классификатора по неделям',
		selfService: 'решено ботом',
		unsure: 'тема под сомнением',
		share: 'Доля обращений',
		weekOf: 'Неделя с',
		empty: 'Нет обращений за этот период',
		minute: 'мин',
		hour: 'ч',
	},
	uk: {
		topics: 'Теми: цей період і попередній',
		thisPeriod: 'цей період',
		previousPeriod: 'попередній',
		conversations: 'Звернення',
		other: 'інші',
		unclassified: 'без теми',
		channels: 'Звернення за каналами',
		handled: 'Звернення на оператора',
		handledAxis: 'Оброблено',
		response: 'Медіана першої відповіді за операторами',
		minutes: 'Хвилини',
		teamAverage: 'команда',
		sla: 'Перші відповіді вчасно, за лініями',
		met: 'вчасно',
		missed: 'із запізненням',
		line: (n) => `лінія ${n}`,
		noLine: 'без лінії',
		distribution: 'Скільки клієнти чекали на першу відповідь',
		withinFiveMinutes: (p) => `${p} перших відповідей — протягом 5 хвилин`,
		weeks: 'Самообслуговування ботом і сумніви класифікатора за тижнями',
		selfService: 'вирішено ботом',
		unsure: 'тема під сумнівом',
		share: 'Частка звернень',
		weekOf: 'Тиждень з',
		empty: 'Немає звернень за цей період',
		minute: 'хв',
		hour: 'год',
	},
	fr: {
		topics: 'Sujets : cette période et la précédente',
		thisPeriod: 'cette période',
		previousPeriod: 'période précédente',
		conversations: 'Conversations',
		other: 'autres',
		unclassified: 'non classées',
		channels: 'Conversations par canal',
		handled: 'Conversations traitées par opérateur',
		handledAxis: 'Traitées',
		response: 'Médiane de première réponse par opérateur',
		minutes: 'Minutes',
		teamAverage: 'équipe',
		sla: 'Premières réponses dans le délai, par niveau',
		met: 'dans le délai',
		missed: 'en retard',
		line: (n) => `niveau ${n}`,
		noLine: 'sans niveau',
		distribution: 'Attente des clients avant la première réponse',
		withinFiveMinutes: (p) => `${p} des premières réponses en moins de 5 minutes`,
		weeks: 'Libre-service du bot et doute du classifieur par semaine',
		selfService: 'réglées par le bot',
		unsure: 'sujet incertain',
		share: 'Part des conversations',
		weekOf: 'Semaine du',
		empty: 'Aucune conversation sur cette période',
		minute: 'min',
		hour: 'h',
	},
};

/** "3–10 Mar 2025" in the chart's language, for the subtitle; the period's end is exclusive. */
export function periodLabel(period: { from: string; to: string }, language: ChartLanguage): string {
	const format = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
	return format.formatRange(new Date(period.from), new Date(Date.parse(period.to) - 1));
}

/** "3 Mar" in the chart's language. */
export const dayLabel = (iso: string, language: ChartLanguage): string =>
	new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(iso));
