import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHookFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

type Context = IExecuteFunctions | IWebhookFunctions | IHookFunctions | IPollFunctions;

/**
 * Seconds a credential read is reused, from CC_CREDENTIAL_REUSE_SECONDS (0, n8n's own behaviour,
 * when unset; the pack's `npm start` sets 10). n8n reads a credential from its database and
 * decrypts it on every call (three queries, two key derivations, its defaults applied), and one
 * customer message needs the channel's and the store's credentials in its webhook call and again
 * in its execution: about a tenth of what n8n spends on the message. Read on every call, so that
 * the setting applies without a restart.
 */
function reuseMs(): number {
	const seconds = Number(process.env.CC_CREDENTIAL_REUSE_SECONDS ?? 0);
	return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

const MAX_KEPT = 512;
const kept = new Map<string, { until: number; data: Promise<ICredentialDataDecryptedObject> }>();

/**
 * A node's credential of `type` as n8n gives it, reused within the reuse window by the nodes of the
 * same workflow that name the same credential: an edited credential is in use after at most that
 * long. Kept per workflow, so that a workflow gets only what n8n let it read itself; a failed read
 * is not kept; values stay in this process's memory.
 */
export function readCredentials(ctx: Context, type: string): Promise<ICredentialDataDecryptedObject> {
	const window = reuseMs();
	const id = ctx.getNode().credentials?.[type]?.id;
	if (!window || !id) return ctx.getCredentials(type);
	const key = `${ctx.getWorkflow().id}\u0000${type}\u0000${id}`;
	const now = Date.now();
	const recent = kept.get(key);
	if (recent && recent.until > now) return recent.data;
	const data = ctx.getCredentials(type);
	data.catch(() => kept.delete(key));
	kept.delete(key);
	kept.set(key, { until: now + window, data });
	if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
	return data;
}
