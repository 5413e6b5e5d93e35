import type { Button, Channel } from '../envelope';
import type { Say } from './texts';

/**
 * How many buttons a customer can see at once per channel (WhatsApp reply buttons: 3; Messenger
 * and Instagram quick replies: 13). Where a reply offers more, the choices are also written out
 * as numbered lines so that typing the number always works.
 */
const BUTTON_LIMIT: Record<Channel, number> = {
	webchat: 20,
	telegram: 20,
	viber: 24,
	vk: 10,
	whatsapp: 3,
	messenger: 13,
	instagram: 13,
	email: 0,
	phone: 0,
};

/** A reply before the channel is taken into account. */
export interface Draft {
	lines: string[];
	/** Numbered choices (menu options, suggested questions): typed by number or pressed. */
	choices: Button[];
	/** Navigation and the way out (back, menu, talk to a person). */
	extras: Button[];
}

export interface BotReply {
	text: string;
	buttons: Button[];
}

export function present(channel: Channel, draft: Draft, say: Say): BotReply {
	const buttons = [...draft.choices, ...draft.extras];
	const limit = BUTTON_LIMIT[channel];
	const lines = draft.lines.filter(Boolean);
	if (buttons.length > limit) {
		if (draft.choices.length) {
			lines.push(draft.choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n'), say('numberHint'));
		}
		// Without a visible "talk to a person" button, the way out is written down.
		lines.push(say('personHint'));
	}
	return { text: lines.join('\n\n'), buttons: limit === 0 ? [] : buttons };
}
