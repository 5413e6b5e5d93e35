/**
 * Reusing a credential read (CC_CREDENTIAL_REUSE_SECONDS) in n8n's real engine: without a window
 * an edited credential is in use from the next execution; within one, a workflow keeps what it
 * read until the window passes, and another workflow reads its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { closeAllStores, openStore } from '../../nodes/shared/store';
import { runWorkflow, startAndNode, type WorkflowJson } from '../harness/engine';

const logMessage = (workflowId: string): WorkflowJson =>
	startAndNode(
		{
			name: 'Log Conversation',
			type: 'contactCenterConversation',
			parameters: { operation: 'logInbound' },
			credentials: { contactCenterStoreApi: { id: 'store-1', name: 'Store' } },
		},
		workflowId,
	);

const message = (text: string) => ({
	json: {
		message: {
			channel: 'webchat',
			account: 'site',
			externalId: `m-${text}`,
			conversationKey: 'visitor-1',
			sender: { id: 'visitor-1' },
			text,
			receivedAt: new Date().toISOString(),
			raw: {},
		},
	},
});

let dir: string;
const storeFile = (name: string) => join(dir, `${name}.sqlite`);

/** Logs `text` through workflow `workflowId` with the store credential pointing at `file`. */
async function logWith(workflowId: string, file: string, text: string) {
	const run = await runWorkflow(logMessage(workflowId), {
		credentials: { contactCenterStoreApi: { backend: 'sqlite', sqliteFile: storeFile(file) } },
		triggerItems: [message(text)],
	});
	expect(run.error).toBeUndefined();
}

async function textsIn(file: string): Promise<string[]> {
	const store = await openStore({ backend: 'sqlite', file: storeFile(file) });
	return (await store.db.query<{ text: string }>('SELECT text FROM messages ORDER BY id')).map((row) => row.text);
}

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'cc-credential-reuse-'));
});

afterEach(async () => {
	delete process.env.CC_CREDENTIAL_REUSE_SECONDS;
	await closeAllStores();
	rmSync(dir, { recursive: true, force: true });
});

test('without a reuse window, an ops admin who points the store credential elsewhere is followed from the next message', async () => {
	await logWith('support', 'old', 'first');
	await logWith('support', 'new', 'second');

	expect(await textsIn('old')).toEqual(['first']);
	expect(await textsIn('new')).toEqual(['second']);
});

test('within the reuse window a workflow keeps the credential it read, and another workflow reads its own', async () => {
	process.env.CC_CREDENTIAL_REUSE_SECONDS = '60';
	await logWith('reuse', 'kept', 'first');
	await logWith('reuse', 'edited', 'second');
	await logWith('another', 'edited', 'third');

	expect(await textsIn('kept')).toEqual(['first', 'second']);
	expect(await textsIn('edited')).toEqual(['third']);
});

test('once the reuse window has passed, the edited credential is read again', async () => {
	process.env.CC_CREDENTIAL_REUSE_SECONDS = '0.2';
	await logWith('short', 'before', 'first');
	await new Promise((wake) => setTimeout(wake, 300));
	await logWith('short', 'after', 'second');

	expect(await textsIn('before')).toEqual(['first']);
	expect(await textsIn('after')).toEqual(['second']);
});
