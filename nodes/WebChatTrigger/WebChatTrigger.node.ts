import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { chatAt, MISSING_SESSION, SESSION_HEADER } from '../shared/channels/webchat/earlyRefusals';
import { pollChat } from '../shared/channels/webchat/history';
import { handleWebChatPost } from '../shared/channels/webchat/inbound';
import { DEFAULT_WEBCHAT_LIMITS, sharedWebChatLimiter, type WebChatLimits } from '../shared/channels/webchat/limits';
import { corsOrigin, frameAncestors, originAllowed, parseAllowedSites } from '../shared/channels/webchat/origins';
import { proofWeakness, siteKeyAccepted, type VisitorProof } from '../shared/channels/webchat/visitor';
import { clientAddress, parseTrustedProxies } from '../shared/limits/clientAddress';
import { readCredentials } from '../node-kit/credentials';
import { renderChatPage } from '../shared/channels/webchat/page';
import { renderWidgetScript } from '../shared/channels/webchat/widget';
import { getStore, STORE_CREDENTIAL_REF, storeCredentialTest } from '../node-kit/store';
import { answerChannelWebhook, answerSafely, BATCH_LIMIT_FIELD, PATH_PARAMETER, respond, respondJson, respondPage, WEBHOOK_TRIGGER_VERSIONS, webhookRequest } from '../node-kit/webhook';

const SITE_CREDENTIAL = 'contactCenterWebChatApi';

/** The site's key and identity secret, when Verify Visitors is on. */
async function visitorProof(ctx: IWebhookFunctions): Promise<VisitorProof> {
	if (!ctx.getNodeParameter('verifyVisitors', false)) return {};
	const { siteKey, identitySecret, requireExpiry } = await readCredentials(ctx, SITE_CREDENTIAL);
	return { siteKey: String(siteKey ?? ''), identitySecret: String(identitySecret ?? ''), requireExpiry: requireExpiry === true };
}

/** Replaces the CORS header n8n set (the caller's origin, whatever it is) with the trigger's own answer. */
function allowCrossOrigin(ctx: IWebhookFunctions, origin: string | null): void {
	const res = ctx.getResponseObject();
	res.removeHeader('Access-Control-Allow-Origin');
	res.setHeader('Vary', 'Origin');
	if (origin) res.setHeader('Access-Control-Allow-Origin', origin);
}

// The chat page is served by n8n itself: there is no third-party service to register a webhook with.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class WebChatTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Web Chat Trigger',
		name: 'webChatTrigger',
		icon: { light: 'file:webchat.svg', dark: 'file:webchat.dark.svg' },
		group: ['trigger'],
		...WEBHOOK_TRIGGER_VERSIONS,
		subtitle: '={{"/" + $parameter["path"]}}',
		description:
			'Serves a chat page (and an embeddable widget) to website visitors and starts the workflow for every message they write',
		defaults: { name: 'Web Chat Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [STORE_CREDENTIAL_REF, { name: 'contactCenterWebChatApi', required: true, testedBy: 'webChatSiteStrength', displayOptions: { show: { verifyVisitors: [true] } } }],
		webhooks: [
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', ...PATH_PARAMETER, isFullPath: true },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', ...PATH_PARAMETER, isFullPath: true },
		],
		properties: [
			{
				displayName:
					'Visitors chat at this node’s production URL. To put the chat on your website, add <code>&lt;script src="PRODUCTION_URL?asset=widget.js" async&gt;&lt;/script&gt;</code> to its pages.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: 'webchat',
				required: true,
				description: 'The chat page is served at /webhook/ followed by this path',
			},
			{
				displayName: 'Site Name',
				name: 'site',
				type: 'string',
				default: 'website',
				required: true,
				description: 'Names this chat in conversations and reports, when one n8n serves several sites',
			},
			{
				displayName: 'Verify Visitors',
				name: 'verifyVisitors',
				type: 'boolean',
				default: false,
				description:
					'Whether the chat takes only calls that carry your site’s key, and signed logged-in customers whose chats join their card (the Web Chat Site credential; see the README)',
			},
			{
				displayName: 'Page Title',
				name: 'title',
				type: 'string',
				default: 'Customer support',
				description: 'Shown in the browser tab and at the top of the chat page',
			},
			{
				displayName: 'Greeting',
				name: 'greeting',
				type: 'string',
				typeOptions: { rows: 2 },
				default: 'Hello! Tell us who you are and we will answer in a moment.',
				description: 'Shown above the pre-chat form',
			},
			{
				displayName: 'Widget Button Label',
				name: 'widgetLabel',
				type: 'string',
				default: 'Chat with us',
				description: 'The text on the button the widget puts on your website’s pages',
			},
			{
				displayName: 'Limits and Allowed Sites',
				name: 'limits',
				type: 'collection',
				placeholder: 'Change a limit',
				default: {},
				description: 'What one visitor may send. A message over a limit is refused with "please wait" on the page and nothing is stored. See docs/security.md.',
				options: [
					{
						displayName: 'Messages per Chat per Minute',
						name: 'messagesPerMinute',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_WEBCHAT_LIMITS.messagesPerMinute,
						description: 'How many messages one chat may send in a minute. Refused messages count too, so a script that keeps sending after "please wait" is held off for the rest of the minute.',
					},
					{
						displayName: 'Seconds Between a Chat’s Messages',
						name: 'secondsBetweenMessages',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_WEBCHAT_LIMITS.secondsBetweenMessages,
						description:
							'A chat’s next message is taken this long after its last one at the soonest. The chat page waits out a pace of up to 2 seconds and sends a person’s quick lines one by one, in order; a script’s messages sent at once start one workflow, not one each.',
					},
					{
						displayName: 'New Chats per Address per Hour',
						name: 'newSessionsPerHour',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_WEBCHAT_LIMITS.newSessionsPerHour,
						description: 'How many chats one network address may open in an hour. Raise it when many customers share one address (an office, a mobile carrier).',
					},
					{
						displayName: 'Largest Message (KB)',
						name: 'maxBodyKb',
						type: 'number',
						typeOptions: { minValue: 5 },
						default: DEFAULT_WEBCHAT_LIMITS.maxBodyKb,
						description: 'Requests larger than this (after n8n unpacked them) are refused; a 4000-character message with its form fits in 16',
					},
					{
						displayName: 'Waiting Chats per Address',
						name: 'waitingPerAddress',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_WEBCHAT_LIMITS.waitingPerAddress,
						description: 'How many chats from one address may wait in the queue for a person at once; a further new chat from there is asked to wait. Keeps a script from filling the operators’ queue.',
					},
					{
						displayName: 'Trusted Proxies',
						name: 'trustedProxies',
						type: 'string',
						default: '',
						placeholder: '10.0.0.5, 192.168.0.0/16',
						description: 'Addresses of your own reverse proxies or load balancers. Only calls from these have their X-Forwarded-For read for the visitor’s address; leave empty when n8n faces the internet directly.',
					},
					{
						displayName: 'Allowed Sites',
						name: 'allowedSites',
						type: 'string',
						default: '',
						placeholder: 'https://shop.example, https://www.shop.example',
						description: 'Only these sites may embed the chat (the page’s frame-ancestors) and post to it from a browser. Empty: any site.',
					},
				],
			},
			BATCH_LIMIT_FIELD,
		],
	};

	methods = {
		credentialTest: {
			...storeCredentialTest,
			async webChatSiteStrength(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const { siteKey, identitySecret } = credential.data ?? {};
				const weakness = proofWeakness({ siteKey: String(siteKey ?? ''), identitySecret: String(identitySecret ?? '') });
				return weakness ? { status: 'Error', message: weakness } : { status: 'OK', message: 'Long enough to resist guessing' };
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return answerSafely(this, async () => {
			const site = this.getNodeParameter('site') as string;
			const { trustedProxies = '', allowedSites = '', ...limits } = this.getNodeParameter('limits', {}) as Partial<WebChatLimits> & {
				trustedProxies?: string;
				allowedSites?: string;
			};
			const sites = parseAllowedSites(allowedSites);
			const req = webhookRequest(this);
			allowCrossOrigin(this, corsOrigin(req.headers.origin as string | undefined, sites));
			if (req.method === 'POST') {
				const { originalUrl, url } = this.getRequestObject();
				const proxies = parseTrustedProxies(trustedProxies);
				chatAt(originalUrl ?? url, site, proxies);
				const ownOrigin = new URL(this.getNodeWebhookUrl('default') ?? 'http://localhost').origin;
				if (!originAllowed(req.headers.origin as string | undefined, ownOrigin, sites)) {
					respondJson(this, 403, { error: 'This site may not use the chat' });
					return { noWebhookResponse: true };
				}
				const limiter = sharedWebChatLimiter((await getStore(this)).db, site, { ...DEFAULT_WEBCHAT_LIMITS, ...limits });
				if (!limiter.bodyFits(req.rawBody.length)) {
					respondJson(this, 413, { error: 'Message too large' });
					return { noWebhookResponse: true };
				}
				const verdict = handleWebChatPost(req, { site, proof: await visitorProof(this) });
				if (verdict.kind === 'accept') {
					if (req.headers[SESSION_HEADER] !== verdict.messages[0].conversationKey) {
						respondJson(this, 400, { error: MISSING_SESSION });
						return { noWebhookResponse: true };
					}
					const peer = (this.getRequestObject() as unknown as { socket?: { remoteAddress?: string } }).socket?.remoteAddress;
					const address = clientAddress(peer, req.headers['x-forwarded-for'] as string | undefined, proxies);
					const allowed = await limiter.check(address, verdict.messages[0].conversationKey);
					if (!allowed.ok) {
						respond(this, allowed.status, JSON.stringify({ error: allowed.reason }), 'application/json; charset=utf-8', {
							'Retry-After': String(allowed.retryAfterSeconds ?? 60),
						});
						return { noWebhookResponse: true };
					}
				}
				return answerChannelWebhook(this, verdict);
			}

			const { after, asset } = req.query;
			// The page sends its session in a header: URLs end up in proxies' and servers' access logs.
			const session = req.headers[SESSION_HEADER] as string | undefined;
			if (session !== undefined) {
				if (!siteKeyAccepted(await visitorProof(this), req.headers['x-chat-key'] as string | undefined)) {
					respondJson(this, 403, { error: 'The site key is missing or wrong' });
					return { noWebhookResponse: true };
				}
				const lines = await pollChat(await getStore(this), site, session, Number(after) || 0);
				if (lines === null) respondJson(this, 400, { error: 'Unknown chat session' });
				else respondJson(this, 200, { lines });
			} else if (asset === 'widget.js') {
				const pageUrl = this.getNodeWebhookUrl('default') ?? '';
				respond(this, 200, renderWidgetScript(pageUrl, this.getNodeParameter('widgetLabel') as string), 'text/javascript; charset=utf-8');
			} else {
				respondPage(
					this,
					renderChatPage({
						title: this.getNodeParameter('title') as string,
						greeting: this.getNodeParameter('greeting') as string,
						framedBy: frameAncestors(sites),
					}),
				);
			}
			return { noWebhookResponse: true };
		});
	}
}
