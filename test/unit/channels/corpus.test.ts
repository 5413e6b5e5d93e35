/**
 * Payloads other people wrote or captured (platform docs, SDKs' and helpdesks' test fixtures),
 * each signed the way its platform signs and fed to that channel's webhook handler: the text,
 * attachments, sender and conversation it becomes, or why it is left out or refused, as the
 * channel's MANIFEST.json says. What each kind becomes is the decision table in the channel's README.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { InboundMessageSchema } from '../../../nodes/shared/envelope';
import { CORPUS_CHANNELS, DELIVER, type Settings } from './corpus/deliver';
import { outcomeOf, type Outcome } from './corpus/outcome';

interface Entry {
	file: string;
	source: string;
	license?: string;
	settings?: Settings;
	expect: Outcome;
}

const FIXTURES = join(__dirname, '../../fixtures');
const manifestOf = (channel: string): Entry[] =>
	(JSON.parse(readFileSync(join(FIXTURES, channel, 'MANIFEST.json'), 'utf8')) as { entries: Entry[] }).entries;

describe.each(CORPUS_CHANNELS)('the %s corpus', (channel) => {
	const entries = manifestOf(channel);

	it('holds at least 30 payloads, each with its source', () => {
		expect(entries.length).toBeGreaterThanOrEqual(30);
		for (const entry of entries) expect(entry.source).toMatch(/^https:\/\//);
	});

	it.each(entries.map((e) => [e.file, e] as const))('%s is read as its manifest says', (_file, entry) => {
		const verdict = DELIVER[channel](readFileSync(join(FIXTURES, channel, entry.file)), entry.settings);

		expect(outcomeOf(verdict)).toEqual(entry.expect);
		if (verdict.kind === 'accept') for (const message of verdict.messages) expect(InboundMessageSchema.safeParse(message).success).toBe(true);
	});
});
