import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { InboundMessage } from '../shared/envelope';
import { DEFAULT_BATCH, peekNewest, pollMailbox, type EmailCredentials } from '../shared/channels/email';
import { openStore } from '../shared/store';
import { emailWatermarks } from '../shared/store/watermarks';
import { acceptPolledMail } from '../shared/channels/email/storedMail';
import { STORE_CREDENTIAL, STORE_CREDENTIAL_REF, storeConfigFrom, storeCredentialTest } from '../node-kit/store';
import { toItems } from '../node-kit/webhook';
import { EMAIL_CREDENTIAL, emailCredentialTest } from '../node-kit/emailCredential';

export class EmailTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'E-mail Channel Trigger',
		name: 'emailChannelTrigger',
		icon: { light: 'file:email.svg', dark: 'file:email.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Customer e-mails',
		description:
			'Starts the workflow for each new e-mail in the support mailbox. Checks the folder over IMAP on a schedule, marks what it takes as read, and never hands on the same e-mail twice. Bounces, out-of-office replies and mailing-list posts leave by Automatic Mail: record them, never answer them.',
		defaults: { name: 'E-mail Channel Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Customer Mail', 'Automatic Mail'],
		credentials: [
			{ name: 'contactCenterEmailApi', required: true, testedBy: 'contactCenterEmailLogin' },
			STORE_CREDENTIAL_REF,
		],
		properties: [
			{
				displayName:
					'The first check takes the folder’s unread e-mails; after that every e-mail that arrives, even one an agent already opened. Testing this node shows the newest e-mail without marking anything.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Max E-mails per Check',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_BATCH,
				description: 'The rest wait for the next check, oldest first',
			},
		],
	};

	methods = { credentialTest: { ...emailCredentialTest, ...storeCredentialTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const credentials = (await this.getCredentials(EMAIL_CREDENTIAL)) as unknown as EmailCredentials;
		// A test run must not take e-mails away from the published workflow.
		if (this.getMode() === 'manual') {
			const sample = await peekNewest(credentials);
			return sample ? byKind([sample]) : null;
		}
		const store = await openStore(storeConfigFrom(await this.getCredentials(STORE_CREDENTIAL)));
		const fresh = await pollMailbox(credentials, {
			watermarks: emailWatermarks(store.db),
			accept: acceptPolledMail(store),
			batchSize: this.getNodeParameter('batchSize', DEFAULT_BATCH) as number,
		});
		return fresh.length ? byKind(fresh) : null;
	}
}

/** Customer mail on the first output; mail no person wrote (bounce, auto-reply, list post) on the second. */
function byKind(messages: InboundMessage[]): INodeExecutionData[][] {
	const items = (automatic: boolean) => toItems(messages.filter((m) => !!m.automatic === automatic).map((message) => ({ message })));
	return [items(false), items(true)];
}
