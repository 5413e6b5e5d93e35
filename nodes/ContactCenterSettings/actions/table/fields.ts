import type { INodeProperties } from 'n8n-workflow';

import { SETTINGS_TABLES, type SettingsTableKey } from '../../../shared/settings';

/** Which of the contact center's tables an operation is about. */
export const tableField = (operation: string): INodeProperties => ({
	displayName: 'Table',
	name: 'table',
	type: 'options',
	noDataExpression: true,
	options: (Object.entries(SETTINGS_TABLES) as Array<[SettingsTableKey, (typeof SETTINGS_TABLES)[SettingsTableKey]]>).map(([value, table]) => ({
		name: table.name.replace('Contact Center · ', ''),
		value,
		description: `The data table “${table.name}”: ${table.columns.map((c) => c.name).join(', ')}`,
	})),
	default: 'skillGroups',
	description: 'The n8n data table the rows belong to; it decides what each row sets up',
	displayOptions: { show: { operation: [operation] } },
});

/** The Topics table trains one Topic Classifier model: the one the pipeline's classifier and bot name. */
export const modelField: INodeProperties = {
	displayName: 'Topic Model Name',
	name: 'model',
	type: 'string',
	default: 'support',
	description: 'The Topic Classifier model (its Model Name) that learns the table’s examples; the templates’ classifier and bot use “support”',
	displayOptions: { show: { operation: ['apply'], table: ['topics'] } },
};
