import type { IExecuteFunctions } from 'n8n-workflow';

import { readCredentials } from '../node-kit/credentials';
import { parseTierNames, type CrmSource, type CrmTarget, type HttpCrmCredential } from '../shared/customers';

/** The node's CRM parameters and the HTTP CRM credential, as the core's CRM source. */
export async function crmSourceOf(ctx: IExecuteFunctions, i: number): Promise<CrmSource | undefined> {
	if (!ctx.getNodeParameter('useCrm', i, false)) return undefined;
	const credential = (await readCredentials(ctx, 'contactCenterHttpCrmApi')) as unknown as HttpCrmCredential;
	const method = ctx.getNodeParameter('crmMethod', i) as 'GET' | 'POST';
	const rows = ctx.getNodeParameter('mapping.field', i, []) as Array<{ target: string; key: string; path: string }>;
	return {
		credential,
		request: {
			method,
			path: ctx.getNodeParameter('crmPath', i) as string,
			body: method === 'POST' ? (ctx.getNodeParameter('crmBody', i, '') as string) || undefined : undefined,
			cacheMinutes: ctx.getNodeParameter('cacheMinutes', i) as number,
		},
		mapping: {
			recordPath: ctx.getNodeParameter('recordPath', i, '') as string,
			fields: rows
				.filter((r) => r.path && (r.target !== 'field' || r.key))
				.map((r) => ({ target: (r.target === 'field' ? `fields.${r.key}` : r.target) as CrmTarget, path: r.path })),
			tierNames: parseTierNames(ctx.getNodeParameter('tierNames', i, '') as string),
		},
	};
}
