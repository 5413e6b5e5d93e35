import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import { CHANNELS, type Channel } from '../../../shared/envelope';
import { isTimeZone, type AudienceQuery, type NotifySettings, type RecipientInput } from '../../../shared/notify';
import { withNotifyTables } from '../../../shared/settings';
import type { Store } from '../../../shared/store';
import { translationsOf } from '../../../node-kit/translations';

/** Valid For (Hours) or Valid Until Margin (Hours) as typed or given by an expression; not added: the default (notify/stale.ts). */
const Hours = z.coerce.number({ invalid_type_error: 'needs a number of hours' }).min(0, 'needs 0 or more hours').optional();

/**
 * The node's message parameters as the core's settings, with the Campaign Rates and Quiet Hours
 * tables in place of its panel's while they have rows; a wrong zone or channel name stops the run
 * before anything is sent.
 */
export async function settingsFrom(ctx: IExecuteFunctions, itemIndex: number, db: Store['db']): Promise<NotifySettings> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const defaultLanguage = (ctx.getNodeParameter('defaultLanguage', itemIndex) as string).trim() || 'en';
	const translations = translationsOf(ctx, itemIndex);
	const texts = { [defaultLanguage]: ctx.getNodeParameter('text', itemIndex) as string, ...Object.fromEntries(translations.filter((t) => t.language).map((t) => [t.language.trim(), t.text])) };
	const fallbackOrder = (ctx.getNodeParameter('fallbackOrder', itemIndex) as string).split(/[\s,→>]+/).filter(Boolean);
	const unknown = fallbackOrder.filter((c) => !(CHANNELS as readonly string[]).includes(c));
	if (unknown.length) throw new NodeOperationError(ctx.getNode(), `Unknown channel in Fallback Channels: ${unknown.join(', ')}`, { itemIndex });
	const defaultTimeZone = String(options.defaultTimeZone ?? 'UTC') || 'UTC';
	if (!isTimeZone(defaultTimeZone)) throw new NodeOperationError(ctx.getNode(), `"${defaultTimeZone}" is not a time zone (like Europe/Kyiv)`, { itemIndex });
	const quietStart = String(options.quietStart ?? '');
	const capCount = Number(options.capCount ?? 0);
	const serviceMayPass = options.serviceMayPass !== false;
	const kind = ctx.getNodeParameter('kind', itemIndex) as NotifySettings['kind'];
	const marketingTemplate = kind === 'promotional' ? (ctx.getNodeParameter('marketingTemplate', itemIndex, '') as string).trim() : '';
	const hours = (name: string, option: unknown) => {
		const parsed = Hours.safeParse(option);
		if (!parsed.success) throw new NodeOperationError(ctx.getNode(), `${name} ${parsed.error.issues[0].message}`, { itemIndex });
		return parsed.data;
	};
	const validForHours = hours('Valid For (Hours)', options.validForHours);
	const validUntilMarginHours = hours('Valid Until Margin (Hours)', options.validUntilMarginHours);
	const validUntil = String(options.validUntil ?? '').trim();
	const panel: NotifySettings = {
		kind,
		...(marketingTemplate ? { marketingTemplate } : {}),
		texts,
		defaultLanguage,
		fallbackOrder: fallbackOrder as Channel[],
		quietHours: quietStart ? { start: quietStart, end: String(options.quietEnd ?? '09:00'), serviceMayPass } : null,
		defaultTimeZone,
		frequencyCap: capCount > 0 ? { count: capCount, windowHours: Number(options.capWindowHours ?? 24), appliesTo: options.capAll ? 'all' : 'promotional' } : null,
		...(validForHours !== undefined ? { validForHours } : {}),
		...(validUntil ? { validUntil } : {}),
		...(validUntilMarginHours !== undefined ? { validUntilMarginHours } : {}),
	};
	return withNotifyTables(db, panel, serviceMayPass);
}

/** What the item's notice is about (Subject), or undefined when empty. */
export const subjectFrom = (ctx: IExecuteFunctions, itemIndex: number): string | undefined =>
	String(ctx.getNodeParameter('subject', itemIndex, '') ?? '').trim() || undefined;

/** One item as a recipient: its customer or identity, what its notice is about, and all its fields as the message's variables. */
export function recipientFrom(ctx: IExecuteFunctions, itemIndex: number, json: IDataObject): RecipientInput {
	const findBy = ctx.getNodeParameter('findBy', itemIndex, {}) as IDataObject;
	const customerId = String(ctx.getNodeParameter('customerId', itemIndex, '') ?? '').trim();
	const subject = subjectFrom(ctx, itemIndex);
	return {
		...(customerId ? { customerId: Number(customerId) } : {}),
		...(subject ? { subject } : {}),
		...(findBy.phone ? { phone: String(findBy.phone) } : {}),
		...(findBy.email ? { email: String(findBy.email) } : {}),
		...(findBy.externalUserId ? { channel: findBy.channel as Channel, externalUserId: String(findBy.externalUserId) } : {}),
		variables: json,
	};
}

export function audienceFrom(ctx: IExecuteFunctions): AudienceQuery {
	const query = ctx.getNodeParameter('query', 0, {}) as IDataObject;
	return {
		...(query.tag ? { tag: String(query.tag) } : {}),
		...(query.minVipTier !== undefined ? { minVipTier: Number(query.minVipTier) } : {}),
		...(query.lastTopic ? { lastTopic: String(query.lastTopic) } : {}),
		...(query.channel ? { channel: query.channel as Channel } : {}),
		...(query.consent ? { consent: query.consent as AudienceQuery['consent'] } : {}),
	};
}
