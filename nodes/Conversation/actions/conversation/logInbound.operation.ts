import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { recordRating } from '../../../shared/desk';
import { executionStarts } from '../../../shared/ingest/starts';
import { applyConsentWord } from '../../../shared/notify';
import type { Store } from '../../../shared/store';
import { MESSAGE, messageOf } from '../../../node-kit/itemFields';
import type { Emitted } from '../../../node-kit/runner';

const show = { show: { operation: ['logInbound'] } };

/** Several customers' messages in one execution are logged side by side; each conversation's in turn. */
export const inTurnPer = 'conversation';

export const description: INodeProperties[] = [
	{ ...MESSAGE.describedAs('The message as a channel trigger emits it'), displayOptions: show },
	{
		displayName: 'Take Ratings',
		name: 'takeRatings',
		type: 'boolean',
		default: false,
		description:
			'Whether a score ("5", "4 thank you", "3/5") from a customer asked to rate a closed conversation is recorded as their rating. Such a message leaves by the Ratings output instead of going on as a question.',
		displayOptions: show,
	},
	{
		displayName: 'Answer Window (Hours)',
		name: 'windowHours',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 24,
		description: 'A score counts as the answer to a rating request made at most this long ago',
		displayOptions: { show: { operation: ['logInbound'], takeRatings: [true] } },
	},
];

/** The Ratings output, when Take Ratings is on. */
const RATINGS = 1;

export async function execute(this: IExecuteFunctions, store: Store, i: number): Promise<Emitted | Emitted[]> {
	const message = messageOf(this, i);
	// The trigger may hold the next deliveries back until this execution has started. It counts as
	// started once the message is on record, not before: while the store's answers are on their way
	// (round trips to PostgreSQL in queue mode) more deliveries gather for the next execution.
	const logged = await store.conversations.logInbound(message).finally(() => executionStarts.report(this.getWorkflow().id ?? '', [message]));
	// A bounce or an out-of-office is on the record now and goes no further: nothing may answer it.
	// Nor an edit, deletion or reaction: it changes an earlier message and asks nothing new.
	if (message.automatic || message.revises) return [];
	// "STOP" / "стоп" / "START" change what proactive messages this customer may get.
	const consentWord = await applyConsentWord(store, logged, message);
	const json: IDataObject = {
		message: message as unknown as IDataObject,
		customer: logged.customer as unknown as IDataObject,
		conversation: logged.conversation as unknown as IDataObject,
		storedMessageId: logged.message.id,
		newCustomer: logged.customerCreated,
		newConversation: logged.conversationCreated,
		...(consentWord ? { consentWord } : {}),
	};
	if (this.getNodeParameter('takeRatings', i, false)) {
		const rating = await recordRating(store.db, logged.customer.id, message.text, this.getNodeParameter('windowHours', i) as number);
		if (rating) return { output: RATINGS, json: { ...json, rating: rating as unknown as IDataObject } };
	}
	return { json };
}
