import type { InboundMessage } from '../../../../nodes/shared/envelope';
import type { WebhookVerdict } from '../../../../nodes/shared/channels/types';

/** What a delivery came to, in the words of a corpus manifest: enough to tell a right reading from a wrong one. */
export interface Outcome {
	status: number;
	messages?: MessageOutcome[];
	events?: string[];
	ignored?: string[];
	rejected?: string[];
	reason?: string;
}

export interface MessageOutcome {
	text: string;
	attachments: string[];
	sender: string;
	conversation: string;
	revises?: string;
	action?: string;
	inReplyTo?: string;
	/** The answered message's text as the channel quotes it. */
	quote?: string;
}

/** An attachment as `kind` or `kind:name` (the reaction's emoji, the unsupported kind, the place). */
const attachment = (a: InboundMessage['attachments'][number]) => (a.name ? `${a.type}:${a.name}` : a.type);

function messageOutcome(m: InboundMessage): MessageOutcome {
	return {
		text: m.text,
		attachments: m.attachments.map(attachment),
		sender: m.sender.id,
		conversation: m.conversationKey,
		...(m.revises ? { revises: `${m.revises.kind} ${m.revises.of}` } : {}),
		...(m.action ? { action: m.action.payload } : {}),
		...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
		...(m.quote ? { quote: m.quote } : {}),
	};
}

export function outcomeOf(verdict: WebhookVerdict): Outcome {
	if (verdict.kind === 'reject') return { status: verdict.status, reason: verdict.reason };
	if (verdict.kind === 'handshake') return { status: verdict.status };
	const rejected = verdict.events.filter((e) => e.type === 'rejected').map((e) => e.reason ?? '');
	const events = verdict.events.filter((e) => e.type !== 'rejected').map((e) => e.type);
	return {
		status: verdict.ack.status,
		...(verdict.messages.length ? { messages: verdict.messages.map(messageOutcome) } : {}),
		...(events.length ? { events } : {}),
		...(verdict.ignored?.length ? { ignored: verdict.ignored } : {}),
		...(rejected.length ? { rejected } : {}),
	};
}
