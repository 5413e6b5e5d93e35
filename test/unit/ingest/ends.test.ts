/**
 * Where a customer's message has had all the pack's work on its path: the node that lets it go
 * by an output with no pack node ahead tells the batches it has ended there, so that the next
 * deliveries need not wait for the rest of the execution.
 */
import { endedHere, packAheadByOutput, type Link } from '../../../nodes/shared/ingest/ends';

const PACK = new Set(['Log Conversation', 'Route', 'Reply', 'Escalate']);
const isPack = (name: string) => PACK.has(name);

const anna = { channel: 'telegram', account: 'bot-1', externalId: 'update-1' };
const boris = { channel: 'telegram', account: 'bot-1', externalId: 'update-2' };

describe('whether a message has more of the pack’s work ahead', () => {
	it('sees the pack ahead of an output leading to a pack node, directly or through other nodes', () => {
		const links: Link[] = [
			{ from: 'Route', output: 0, to: 'Reply' },
			{ from: 'Route', output: 1, to: 'Set Fields' },
			{ from: 'Set Fields', output: 0, to: 'Escalate' },
		];
		const ahead = packAheadByOutput('Route', links, isPack);

		expect([ahead(0), ahead(1)]).toEqual([true, true]);
	});

	it('sees nothing ahead of an output connected to nothing', () => {
		const ahead = packAheadByOutput('Route', [{ from: 'Route', output: 0, to: 'Reply' }], isPack);

		expect(ahead(1)).toBe(false);
		expect(endedHere([anna, boris], [{ item: 0, output: 0 }, { item: 1, output: 1 }], ahead)).toEqual([boris]);
	});

	it('sees nothing ahead of an error output with nothing attached', () => {
		// Route has two outputs; n8n's error output comes after them.
		const ahead = packAheadByOutput('Route', [{ from: 'Route', output: 0, to: 'Reply' }, { from: 'Route', output: 1, to: 'Escalate' }], isPack);

		expect(endedHere([anna, boris], [{ item: 0, output: 0 }, { item: 1, output: 2 }], ahead)).toEqual([boris]);
	});

	it('sees nothing ahead where the path leaves the pack for good (a Slack node, then the end)', () => {
		const links: Link[] = [
			{ from: 'Reply', output: 0, to: 'Slack' },
			{ from: 'Slack', output: 0, to: 'Wait' },
		];

		expect(endedHere([anna], [{ item: 0, output: 0 }], packAheadByOutput('Reply', links, isPack))).toEqual([anna]);
	});

	it('sees the pack ahead of a branch that goes back to an earlier node (a loop)', () => {
		const links: Link[] = [
			{ from: 'Reply', output: 0, to: 'If Done' },
			{ from: 'If Done', output: 1, to: 'Wait' },
			{ from: 'Wait', output: 0, to: 'If Done' },
			{ from: 'Wait', output: 0, to: 'Reply' },
		];

		expect(packAheadByOutput('Reply', links, isPack)(0)).toBe(true);
	});

	it('sees the pack ahead of each way into a loop', () => {
		const links: Link[] = [
			{ from: 'Route', output: 0, to: 'Merge' },
			{ from: 'Route', output: 1, to: 'Retry' },
			{ from: 'Merge', output: 0, to: 'Retry' },
			{ from: 'Merge', output: 0, to: 'Reply' },
			{ from: 'Retry', output: 0, to: 'Merge' },
		];
		const ahead = packAheadByOutput('Route', links, isPack);

		expect([ahead(0), ahead(1)]).toEqual([true, true]);
	});

	it('ends a message none of whose items left, and keeps one with an item going on by any output', () => {
		const ahead = packAheadByOutput('Route', [{ from: 'Route', output: 0, to: 'Reply' }], isPack);
		const exits = [
			{ item: 0, output: 1 },
			{ item: 0, output: 0 },
		];

		expect(endedHere([anna, boris], exits, ahead)).toEqual([boris]);
	});

	it('tells nothing of items that carry no channel’s message', () => {
		expect(endedHere([undefined, anna], [], () => false)).toEqual([anna]);
	});
});
