/** The "HTTP CRM" credential: where the CRM is and how it wants to be authenticated. */
export interface HttpCrmCredential {
	baseUrl: string;
	authType: 'none' | 'bearer' | 'header' | 'basic';
	token?: string;
	headerName?: string;
	/** The header's value: an API key. */
	apiKey?: string;
	user?: string;
	password?: string;
}

/** The headers that authenticate one call, for the core's own calls and for n8n's credential test alike. */
export function crmAuthHeaders(credential: HttpCrmCredential): Record<string, string> {
	switch (credential.authType) {
		case 'bearer':
			return { Authorization: `Bearer ${credential.token ?? ''}` };
		case 'header':
			return credential.headerName ? { [credential.headerName]: credential.apiKey ?? '' } : {};
		case 'basic':
			return {
				Authorization: `Basic ${Buffer.from(`${credential.user ?? ''}:${credential.password ?? ''}`).toString('base64')}`,
			};
		default:
			return {};
	}
}
