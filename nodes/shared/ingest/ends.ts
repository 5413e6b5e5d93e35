import type { Delivered } from './batches';

/** A connection of a workflow: `from`'s output `output` (0-based, an error output last) feeds `to`. */
export interface Link {
	from: string;
	output: number;
	to: string;
}

/** An item leaving a node: the input item it came from, and the output it leaves by. */
export interface Exit {
	item: number;
	output: number;
}

/**
 * Which outputs of `node` lead, through any nodes, to a node of the pack (`isPack`): an item that
 * leaves by one of them has more of the pack's work ahead. An output connected to nothing, or
 * only to nodes outside the pack and what follows them, leads nowhere the pack works.
 */
export function packAheadByOutput(node: string, links: Link[], isPack: (name: string) => boolean): (output: number) => boolean {
	const next = new Map<string, string[]>();
	for (const { from, to } of links) next.set(from, [...(next.get(from) ?? []), to]);
	const reachesPack = (start: string): boolean => {
		const seen = new Set([start]);
		for (const name of seen) {
			if (isPack(name)) return true;
			for (const to of next.get(name) ?? []) seen.add(to);
		}
		return false;
	};
	const ahead = new Set(links.filter((link) => link.from === node && reachesPack(link.to)).map((link) => link.output));
	return (output) => ahead.has(output);
}

/**
 * The messages (of the input items, by index; undefined where an item carries none) whose pack
 * work ends at this node: every item that came of them left by an output with no pack node
 * ahead, or none left at all.
 */
export function endedHere(messages: (Delivered | undefined)[], exits: Exit[], packAhead: (output: number) => boolean): Delivered[] {
	const goingOn = new Set(exits.filter((exit) => packAhead(exit.output)).map((exit) => exit.item));
	return messages.flatMap((message, i) => (message && !goingOn.has(i) ? [message] : []));
}

/** The delivery an item's message names, or undefined when it names none (channel, account and external id). */
export function deliveredOf(message: unknown): Delivered | undefined {
	const fields = message as Partial<Record<keyof Delivered, unknown>> | undefined;
	const named = typeof fields === 'object' && fields !== null && ['channel', 'account', 'externalId'].every((field) => typeof fields[field as keyof Delivered] === 'string');
	return named ? (fields as Delivered) : undefined;
}
