/** A channel send node in n8n's real engine: each item leaves by Sent or Failed on its own, one that fails never holds up the others. */
import { runWorkflow, startAndNode, type WorkflowJson } from '../harness/engine';
import { telegramAndStore, type TelegramAndStore } from '../harness/telegram-store';

let world: TelegramAndStore;
beforeAll(async () => {
	world = await telegramAndStore();
});
afterAll(() => world.close());

const sendNode = (onError?: 'continueRegularOutput'): WorkflowJson => {
	const workflow = startAndNode({
		name: 'Telegram Channel',
		type: 'telegramChannel',
		parameters: { chatId: '={{ $json.chatId }}', text: '={{ $json.text }}', buttonsData: '={{ $json.buttons }}' },
		credentials: { contactCenterTelegramApi: { id: '2', name: 'Telegram' } },
	});
	if (onError) workflow.nodes[1].onError = onError;
	return workflow;
};

test('three customers answered in one execution: one is sent, one blocked the bot, one reply carries buttons that cannot be read; only the first is delivered, and each leaves by its own output', async () => {
	const { telegram } = world;
	const [anna, boris, vera] = ['Anna', 'Boris', 'Vera'].map((first_name) => {
		const user = telegram.updates.customer({ first_name });
		telegram.updates.text(user, 'hello');
		return user;
	});
	telegram.block(boris.id);
	const items = [
		{ json: { chatId: String(anna.id), text: 'Your parcel left today', buttons: '' } },
		{ json: { chatId: String(boris.id), text: 'Your refund is on its way', buttons: '' } },
		{ json: { chatId: String(vera.id), text: 'Pick one', buttons: '[{"label": ' } },
	];

	const run = await runWorkflow(sendNode('continueRegularOutput'), { credentials: world.credentials, triggerItems: items });
	expect(run.error).toBeUndefined();
	expect(telegram.sent(anna.id).map((m) => m.text)).toEqual(['Your parcel left today']);
	expect(run.outputOf('Telegram Channel', 0)).toEqual([expect.objectContaining({ chatId: String(anna.id), telegram: expect.objectContaining({ ok: true }) })]);
	const [blocked, unreadable] = run.outputOf('Telegram Channel', 1);
	expect(blocked).toMatchObject({ chatId: String(boris.id), telegram: { ok: false } });
	expect(unreadable).toMatchObject({ chatId: String(vera.id), error: expect.any(String) });
	expect(telegram.sent(boris.id)).toEqual([]);
	expect(telegram.sent(vera.id)).toEqual([]);

	// Without Continue On Fail the unreadable buttons stop the execution, as n8n's own nodes do.
	const stopped = await runWorkflow(sendNode(), { credentials: world.credentials, triggerItems: [items[2]] });
	expect(stopped.error).toBeDefined();
});
