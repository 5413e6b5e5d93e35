import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { setIncidentBanner, type Localised } from '../../../shared/bot';
import type { Emitted } from '../../../node-kit/runner';
import type { BotShared } from '../../helpers/answering';

export const runs = 'execution';
export const keepInput = false;

const show = { operation: ['setIncidentBanner'] };

export const description: INodeProperties[] = [
	{
		displayName: 'What Is Broken',
		name: 'bannerText',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		placeholder: 'Card payments fail for some customers',
		description: 'Shown in the greeting of every new conversation until the banner is cleared',
		displayOptions: { show },
	},
	{
		displayName: 'Expected Fix',
		name: 'expectedFix',
		type: 'string',
		default: '',
		placeholder: 'today 18:00',
		description: 'When the fix is expected, in your words; the greeting adds “Expected fix: …”. Empty: not mentioned.',
		displayOptions: { show },
	},
	{
		displayName: 'Translations',
		name: 'translations',
		type: 'json',
		default: '{}',
		description: 'The same text in other languages, e.g. {"ru": "Не проходят оплаты картой", "uk": "Не проходять оплати карткою"}',
		displayOptions: { show },
	},
];

/** Every new conversation is greeted with the banner until it is cleared. */
export async function execute(this: IExecuteFunctions, { store }: BotShared): Promise<Emitted> {
	const text = (this.getNodeParameter('bannerText', 0) as string).trim();
	const raw = this.getNodeParameter('translations', 0, '{}');
	const translations = (typeof raw === 'string' ? JSON.parse(raw || '{}') : raw) as Record<string, string>;
	const localised: Localised = Object.keys(translations).length ? { en: text, ...translations } : text;
	const expectedFix = (this.getNodeParameter('expectedFix', 0) as string).trim();
	return { json: { incidentBanner: await setIncidentBanner(store.db, { text: localised, ...(expectedFix ? { expectedFix } : {}) }) } as IDataObject };
}
