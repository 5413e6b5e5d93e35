/**
 * The Self-Service Bot learning from operators, over time, in n8n's real engine: questions it
 * cannot answer go to a person; the operator answers; the Unanswered Questions report groups them
 * with the operator's reply; ops staff approve the proposal, Add Approved Phrasings writes it into
 * the knowledge-base file; a week later another customer asking the same gets the answer.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { storeConfigFrom } from '../../nodes/node-kit/store';
import { closeAllStores, openStore, type Store } from '../../nodes/shared/store';
import { runWorkflow, startAndNode } from '../harness/engine';

jest.setTimeout(240_000);

const dir = mkdtempSync(join(tmpdir(), 'cc-bot-learning-'));
const kbFile = join(dir, 'knowledge-base.csv');
copyFileSync(resolve(__dirname, '../../workflows/data/knowledge-base.csv'), kbFile);
const storeCredential = { backend: 'sqlite', sqliteFile: join(dir, 'store.sqlite') };
const credentials = { contactCenterStoreApi: storeCredential };
let store: Store;

beforeAll(async () => {
	store = await openStore(storeConfigFrom(storeCredential));
});
afterAll(async () => {
	await closeAllStores();
	rmSync(dir, { recursive: true, force: true });
});

const bot = (parameters: INodeParameters) =>
	startAndNode({ name: 'Bot', type: 'selfServiceBot', parameters, credentials: { contactCenterStoreApi: { id: '1', name: 'Store' } } });
const log = startAndNode({ name: 'Log', type: 'contactCenterConversation', parameters: { operation: 'logInbound' }, credentials: { contactCenterStoreApi: { id: '1', name: 'Store' } } });
const answering = { operation: 'answer', knowledgeSource: 'file', knowledgeFile: kbFile, menuSource: 'none' };

let visitors = 0;
/** A new web-chat visitor writes: the message is logged, then the bot answers it or hands it off. */
async function visitorAsks(text: string) {
	visitors += 1;
	const message = {
		channel: 'webchat',
		account: 'site',
		externalId: `m-${visitors}`,
		conversationKey: `visitor-${visitors}`,
		sender: { id: `visitor-${visitors}` },
		text,
		receivedAt: new Date().toISOString(),
		raw: {},
	};
	const logged = await runWorkflow(log, { credentials, triggerItems: [{ json: { message } }] });
	expect(logged.error).toBeUndefined();
	const item = logged.outputOf('Log', 0)[0];
	const run = await runWorkflow(bot(answering), { credentials, triggerItems: [{ json: item }] });
	expect(run.error).toBeUndefined();
	const [answered] = run.outputOf('Bot', 0);
	const [handedOff] = run.outputOf('Bot', 1);
	return { conversationId: (item.conversation as IDataObject).id as number, answered, handedOff };
}

/** What an operator's reply from the desk leaves in the store. */
const operatorReplies = (conversationId: number, text: string) =>
	store.messages.addOutbound({ conversationId, channel: 'webchat', author: 'operator:1', text });

const lastWeek = (conversationId: number) =>
	Promise.all([
		store.db.query('UPDATE bot_questions SET asked_at = ? WHERE conversation_id = ?', [new Date(Date.now() - 7 * 86_400_000).toISOString(), conversationId]),
		store.db.query("UPDATE messages SET created_at = ? WHERE conversation_id = ? AND direction = 'out'", [
			new Date(Date.now() - 7 * 86_400_000 + 600_000).toISOString(),
			conversationId,
		]),
	]);

const CRYPTO_ANSWER = 'Yes: choose "Crypto" at checkout to pay in bitcoin; the amount is fixed for 15 minutes.';

test('a question the bot hands off last week, answered by an operator, is approved from the report and answered for the next customer', async () => {
	// Last week: two customers ask about paying in bitcoin, one about Canada; the bot knows neither.
	const first = await visitorAsks('Can I pay with bitcoin?');
	const second = await visitorAsks('do you accept bitcoin payments');
	const canada = await visitorAsks('Do you ship to Canada?');
	for (const asked of [first, second, canada]) expect((asked.answered?.bot as IDataObject | undefined)?.kbEntry ?? null).toBeNull();
	expect(first.handedOff).toBeDefined();
	await operatorReplies(first.conversationId, CRYPTO_ANSWER);
	await operatorReplies(first.conversationId, 'Anything else I can help with?');
	await Promise.all([first, second, canada].map((c) => lastWeek(c.conversationId)));

	// Ops staff read the report: the bitcoin question first, twice, with the operator's reply.
	const report = await runWorkflow(bot({ operation: 'unansweredQuestions', days: 30, top: 10, examples: 5 }), { credentials });
	expect(report.error).toBeUndefined();
	const groups = report.outputOf('Bot', 0);
	expect(groups.map((g) => g.count)).toEqual([2, 1]);
	expect(groups[0].examples).toEqual(expect.arrayContaining(['Can I pay with bitcoin?', 'do you accept bitcoin payments']));
	expect(groups[0].operatorAnswers).toEqual([{ text: CRYPTO_ANSWER, count: 1 }]);
	expect(groups[1].examples).toEqual(['Do you ship to Canada?']);

	// They approve the proposal as it is, naming the intent.
	const proposal = { ...(groups[0].proposal as IDataObject), intent: 'crypto_payment' };
	const approved = await runWorkflow(bot({ operation: 'addApprovedPhrasings', knowledgeSource: 'file', knowledgeFile: kbFile }), {
		credentials,
		triggerItems: [{ json: { proposal } }],
	});
	expect(approved.error).toBeUndefined();
	expect(approved.outputOf('Bot', 0)).toEqual([expect.objectContaining({ created: true, questionsClosed: 2 })]);
	expect(readFileSync(kbFile, 'utf8')).toContain('crypto_payment');

	// This week another customer asks the same, in their own words, and gets the operators' answer.
	const next = await visitorAsks('can I pay in bitcoin?');
	expect(next.handedOff).toBeUndefined();
	expect((next.answered.bot as IDataObject).intent).toBe('crypto_payment');
	expect(((next.answered.bot as IDataObject).reply as IDataObject).text).toContain(CRYPTO_ANSWER);

	// The report now leads with what is still open.
	const after = await runWorkflow(bot({ operation: 'unansweredQuestions', days: 30, top: 10, examples: 5 }), { credentials });
	expect(after.outputOf('Bot', 0).map((g) => g.examples)).toEqual([['Do you ship to Canada?']]);
});
