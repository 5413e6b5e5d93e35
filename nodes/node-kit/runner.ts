import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeProperties, NodeInputConnections } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { failureSummary, pathSummary } from '../shared/envelope/summary';
import { deliveredOf, endedHere, packAheadByOutput, type Exit, type Link } from '../shared/ingest/ends';
import { executionStarts } from '../shared/ingest/starts';

/*
 * The one way every node of the pack runs its operations over the input items.
 *
 * A node's `actions/router.ts` lists its operations; each operation file exports its fields
 * (`description`) and its `execute`. The runner picks the operation from the node's `resource`
 * and `operation` parameters, opens what the operations of one execution share (the store, the
 * senders) once, runs the operation per item or once per execution, sends each result to the
 * output it names and pairs every item that leaves with the input it came from: n8n's
 * `$('Node').item` follows pairedItem, and n8n's pairedItem lint rule reads only `*.node.ts`.
 *
 * Several customers' messages share one execution while n8n is busy, so a failure is the
 * failing item's alone: under Continue On Fail (either setting) the item leaves with its
 * `error` and the others go on; with "continue (using error output)" n8n moves it to the error
 * output, where the template hands the message to a person. Without the setting the execution
 * stops at that item, as n8n's own nodes do.
 *
 * Every item that carries a customer's message leaves with `summary` first, one line saying where
 * that message got to ("Anna on telegram: handed off to Billing (line 1), queued #3"), so that an
 * execution shows each customer's path, node by node, without opening the item.
 */

/** One item leaving the node: by the first output unless it names another. */
export interface Emitted {
	json: IDataObject;
	output?: number;
	binary?: IBinaryKeyData;
}

export interface Operation<Shared> {
	/** `item` (the default): runs for every input item. `execution`: runs once, paired with the first item, whose parameters it reads. */
	runs?: 'item' | 'execution';
	/**
	 * `conversation`: items of different conversations run at once, each conversation's in input
	 * order (for operations whose items touch only their own conversation's rows, or do so under
	 * the store's locks). Unset: one item after another.
	 */
	inTurnPer?: 'conversation';
	/** Whether an item's result is laid over its input JSON (the default) or stands alone. A failed item keeps its input either way. */
	keepInput?: boolean;
	/** The operation's fields, each with `displayOptions` naming the operation. */
	description: INodeProperties[];
	/** The items for input `i` (always 0 when it runs once per execution). */
	execute(this: IExecuteFunctions, shared: Shared, i: number): Promise<Emitted | Emitted[]>;
}

/** Operations by resource, then by the `operation` value (see `chosen`). */
export type OperationTable<Shared> = Record<string, Record<string, Operation<Shared>>>;

export interface NodeRouter<Shared> {
	operations: OperationTable<Shared>;
	/** What the operations of one execution share, made once (the store, senders, a loaded model). */
	open(this: IExecuteFunctions, resource: string, operation: string): Promise<Shared>;
	/** How many outputs the node has for this operation (its description's `outputs`); 1 by default. */
	outputs?: number | ((this: IExecuteFunctions, resource: string, operation: string) => number);
	/** The output a failed item leaves by under Continue On Fail (Regular Output); 0 by default. */
	failedOutput?: number | ((this: IExecuteFunctions, resource: string, operation: string) => number);
}

/**
 * Operations by resource, then by the `operation` value. A node without resources has one named
 * '', and a node with a single operation (no `operation` parameter) names it '' too.
 */
function chosen<Shared>(ctx: IExecuteFunctions, table: OperationTable<Shared>) {
	const resources = Object.keys(table);
	const resource = resources.length === 1 && resources[0] === '' ? '' : (ctx.getNodeParameter('resource', 0) as string);
	const names = Object.keys(table[resource] ?? {});
	const operation = names.length === 1 && names[0] === '' ? '' : (ctx.getNodeParameter('operation', 0) as string);
	const op = table[resource]?.[operation];
	if (!op) {
		const what = resource ? `"${operation}" of "${resource}"` : `"${operation}"`;
		throw new NodeOperationError(ctx.getNode(), `The operation ${what} is not supported by this version of the node`);
	}
	return { resource, operation, op };
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * Runs the node's chosen operation over its input; a node's `execute` hands over to this. A node
 * with one operation passes `{ '': { '': operation } }` as its table.
 */
export async function runOperation<Shared>(ctx: IExecuteFunctions, router: NodeRouter<Shared>): Promise<INodeExecutionData[][]> {
	const { resource, operation, op } = chosen(ctx, router.operations);
	const count = typeof router.outputs === 'function' ? router.outputs.call(ctx, resource, operation) : (router.outputs ?? 1);
	const failedOutput = typeof router.failedOutput === 'function' ? router.failedOutput.call(ctx, resource, operation) : (router.failedOutput ?? 0);
	const out: INodeExecutionData[][] = Array.from({ length: count }, () => []);
	const exits: Exit[] = [];
	const items = ctx.getInputData();
	const keepInput = op.keepInput ?? true;
	const indexes = op.runs === 'execution' ? (items.length ? [0] : []) : items.map((_, i) => i);
	// Opened by the first item that needs it; an open that failed is tried again by the next item.
	let opening: Promise<Shared> | undefined;
	const shared = () =>
		(opening ??= router.open.call(ctx, resource, operation).catch((error: unknown) => {
			opening = undefined;
			throw error;
		}));
	const results = await runItems(
		op.inTurnPer === 'conversation' ? byConversation(items, indexes) : indexes.map((i) => [i]),
		op.inTurnPer === 'conversation' ? ITEMS_AT_ONCE : 1,
		async (i) => {
			const emitted = await op.execute.call(ctx, await shared(), i);
			const list = Array.isArray(emitted) ? emitted : [emitted];
			for (const { output = 0 } of list) if (output >= out.length) throw new Error(`The operation sent an item to output ${output + 1} of ${out.length}`);
			return list;
		},
		// Without Continue On Fail the execution stops at a failed item, as n8n's own nodes do.
		() => ctx.continueOnFail(),
	);
	for (const i of indexes) {
		const result = results.get(i);
		if (!result) continue;
		if ('emitted' in result) {
			for (const { json, output = 0, binary } of result.emitted) {
				const base = keepInput && op.runs !== 'execution' ? items[i].json : {};
				out[output].push({ json: withSummary({ ...base, ...json }), ...(binary ? { binary } : {}), pairedItem: { item: i } });
				exits.push({ item: i, output });
			}
			continue;
		}
		const failure = new NodeOperationError(ctx.getNode(), asError(result.error), { itemIndex: i });
		if (!ctx.continueOnFail()) throw failure;
		// n8n's "continue (using error output)" takes an item whose JSON is nothing but `error` and
		// lays the input item's JSON back under it (the next node's summary names the failure);
		// "continue" keeps the item here with its error.
		const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
		const json = toErrorOutput
			? { error: failure.message }
			: withSummary({ ...items[i].json, error: failure.message }, failureSummary(items[i].json, ctx.getNode().name, failure.message));
		out[failedOutput].push({ json, pairedItem: { item: i } });
		// n8n moves it to the error output, the one after the node's own.
		exits.push({ item: i, output: toErrorOutput ? count : failedOutput });
	}
	if (!executionStarts.endsReportedByHook) reportEnds(ctx, items, exits);
	return out;
}

/**
 * Tells the trigger's batches (ingest/batches.ts) which messages' pack work ends here: those
 * whose items leave by no output with a node of the pack ahead. Where n8n runs the pack's
 * execution-end hook (node-kit/executionEndHook.ts) the hook tells every message's end instead,
 * wherever its path leaves the pack; without it, a message whose path goes on past an n8n node
 * that sends it nowhere the pack works is not told, and its execution counts as under way until
 * the batches' wait limit.
 */
function reportEnds(ctx: IExecuteFunctions, items: INodeExecutionData[], exits: Exit[]): void {
	const ended = endedHere(
		items.map((item) => deliveredOf(item.json.message)),
		exits,
		packAhead(ctx),
	);
	if (ended.length) executionStarts.finished(ctx.getWorkflow().id ?? '', ended);
}

/**
 * Which outputs of the node lead to a node of the pack, worked out once per node and execution:
 * n8n builds the workflow anew for every execution, so an edited workflow counts from its next.
 */
const packAheadOf = new WeakMap<INode, (output: number) => boolean>();

/** n8n's execution contexts have it (n8n-core's NodeExecutionContext), though IExecuteFunctions does not list it. */
type ConnectionsReader = { getConnections?(destination: INode, type: 'main'): NodeInputConnections };

function packAhead(ctx: IExecuteFunctions): (output: number) => boolean {
	const node = ctx.getNode();
	const known = packAheadOf.get(node);
	if (known) return known;
	const prefix = `${node.type.split('.')[0]}.`;
	const after = ctx.getChildNodes(node.name);
	const isPack = new Set(after.filter((child) => !child.disabled && child.type.startsWith(prefix)).map((child) => child.name));
	const { getConnections } = ctx as ConnectionsReader;
	const ahead = getConnections
		? packAheadByOutput(
				node.name,
				after.flatMap(({ name }) =>
					(getConnections.call(ctx, { name } as INode, 'main') ?? []).flatMap((input) =>
						(input ?? []).map((connection): Link => ({ from: connection.node, output: connection.index, to: name })),
					),
				),
				(name) => isPack.has(name),
			)
		: // Without the connections, any output may lead to the pack nodes after it.
			() => isPack.size > 0;
	packAheadOf.set(node, ahead);
	return ahead;
}

/**
 * How many conversations' items an `inTurnPer: 'conversation'` operation works on at once. On
 * PostgreSQL an item mostly waits for the store's answers, one after another, so an execution
 * carrying several customers' messages (ingest/batches.ts) waited for each customer's in turn;
 * within the store's connection pool (10 by default) they wait side by side. SQLite answers one
 * statement at a time anyway (store/db/sqlite.ts).
 */
const ITEMS_AT_ONCE = 8;

/**
 * The input's items by conversation, in input order: a customer's messages stay in the order they
 * came. An item that names no conversation is its own group.
 */
function byConversation(items: INodeExecutionData[], indexes: number[]): number[][] {
	const groups = new Map<string, number[]>();
	for (const i of indexes) {
		const key = conversationKeyOf(items[i].json) ?? `item:${i}`;
		groups.set(key, [...(groups.get(key) ?? []), i]);
	}
	return [...groups.values()];
}

function conversationKeyOf(json: IDataObject): string | null {
	const message = json.message as IDataObject | undefined;
	if (message?.channel && message.conversationKey !== undefined) return `message:${message.channel}\u0000${message.account}\u0000${message.conversationKey}`;
	const id = (json.conversation as IDataObject | undefined)?.id;
	return id === undefined ? null : `conversation:${id}`;
}

type ItemResult = { emitted: Emitted[] } | { error: unknown };

/**
 * Runs `run` over each group's items in order, up to `atOnce` groups at a time. After a failure a
 * group goes no further, and no item starts anywhere unless `goOnAfterFailure` says so.
 */
async function runItems(
	groups: number[][],
	atOnce: number,
	run: (i: number) => Promise<Emitted[]>,
	goOnAfterFailure: () => boolean,
): Promise<Map<number, ItemResult>> {
	const results = new Map<number, ItemResult>();
	let failed = false;
	let next = 0;
	const lane = async () => {
		while (next < groups.length) {
			const group = groups[next++];
			for (const i of group) {
				if (failed && !goOnAfterFailure()) return;
				try {
					results.set(i, { emitted: await run(i) });
				} catch (error) {
					results.set(i, { error });
					failed = true;
					if (!goOnAfterFailure()) return;
				}
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(atOnce, groups.length) }, lane));
	return results;
}

/** The item with its path's line first (n8n's table view orders columns by the first item's keys). */
function withSummary(json: IDataObject, summary = pathSummary(json)): IDataObject {
	return summary === undefined ? json : Object.assign({ summary }, json, { summary });
}

/** JSON-safe copy of a core result, for an item. */
export const toJson = (value: unknown): IDataObject => JSON.parse(JSON.stringify(value)) as IDataObject;

/**
 * The outputs of a node one of whose operations sorts items when a switch of it is on: `names`
 * then, a single output otherwise (an expression n8n evaluates in the editor).
 */
export function outputsWhen(operation: string, option: string, names: string[]): `={{${string}}}` {
	const outputs = names.map((name) => `{ type: 'main', displayName: '${name}' }`).join(', ');
	return `={{ $parameter.operation === '${operation}' && $parameter.${option} ? [${outputs}] : [{ type: 'main' }] }}`;
}
