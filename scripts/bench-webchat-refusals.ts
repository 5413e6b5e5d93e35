/**
 * What a web chat message costs a real n8n 2.41, refused (429) and accepted, by the shape of the
 * workflow holding the Web Chat Trigger; the question behind it is what a flood costs the other
 * customers (test/e2e/webchat-abuse.test.ts). n8n reads the trigger's workflow from its database
 * and builds it for every webhook call before the trigger's code runs, so a refusal's cost depends
 * on what else the workflow holds. Shapes, each in an n8n of its own, one after the other:
 *
 *   pipeline  the shipped support pipeline (the trigger among its 26 nodes)
 *   alone     the trigger alone in a workflow (n8n's floor for a webhook call; runs nothing after it)
 *   intake    the trigger in a small intake workflow handing accepted messages to the pipeline
 *             by an Execute Workflow node (not waiting), the pipeline starting at an Execute
 *             Workflow Trigger: cheaper refusals, one more execution per accepted batch
 *
 * The trigger is set up as the e2e test sets it (Verify Visitors, trusted proxy, Allowed Sites).
 * 20 fresh customers write one after another (accepted, each message its own execution), then one
 * chat spends its 20 a minute and sends `--refusals` more one after another. `cpuMs` is the CPU
 * of n8n and its task runner per message, from the POST until n8n is idle again.
 * Prints one JSON line per shape.
 *
 *   npm run bench:webchat-refusals -- [--shapes pipeline,alone,intake] [--refusals 1000]
 */
import './lib/ts-resolve.mjs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { option } from './lib/options.ts';
import { median } from './lib/stats.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The harness is written for jest's CommonJS; loaded as a module here, its __dirname reads this global.
Object.assign(globalThis, { __dirname: join(ROOT, 'test/harness') });
const { startContactCenter } = await import('../test/harness/contact-center.ts');
const { untilIdle } = await import('../test/harness/n8n-process.ts');
const { id, SITE_CREDENTIAL, timed, webChat, webChatPipeline } = await import('../test/harness/webchat.ts');

const SHAPES = option('shapes', 'pipeline,alone,intake').split(',');
const REFUSALS = Number(option('refusals', '1000'));

const TRIGGER = 'n8n-nodes-contact-center.webChatTrigger';

interface Node {
	name: string;
	type: string;
	[field: string]: unknown;
}
interface Workflow {
	id: string;
	nodes: Node[];
	connections: Record<string, unknown>;
	[field: string]: unknown;
}

const PIPELINE: Workflow = webChatPipeline('https://shop.example');
const chat = PIPELINE.nodes.find((node) => node.type === TRIGGER)!;
const others = PIPELINE.nodes.filter((node) => node !== chat);
const afterChat = PIPELINE.connections[chat.name];
const connectionsWithout = (name: string) => Object.fromEntries(Object.entries(PIPELINE.connections).filter(([from]) => from !== name));

function workflowsOf(shape: string): Workflow[] {
	if (shape === 'pipeline') return [{ ...PIPELINE, nodes: [chat, ...others] }];
	if (shape === 'alone') return [{ ...PIPELINE, nodes: [chat], connections: {} }];
	const fromIntake = { id: 'from-intake', name: 'From Web Chat Intake', type: 'n8n-nodes-base.executeWorkflowTrigger', typeVersion: 1.1, position: [0, 0], parameters: { inputSource: 'passthrough' } };
	const toPipeline = {
		id: 'to-pipeline',
		name: 'To Support Pipeline',
		type: 'n8n-nodes-base.executeWorkflow',
		typeVersion: 1.2,
		position: [200, 0],
		parameters: { source: 'database', workflowId: { __rl: true, value: PIPELINE.id, mode: 'id' }, mode: 'once', options: { waitForSubWorkflow: false } },
	};
	return [
		{ ...PIPELINE, nodes: [fromIntake, ...others], connections: { ...connectionsWithout(chat.name), [fromIntake.name]: afterChat } },
		{ ...PIPELINE, id: 'cc-webchat-intake', name: 'Web Chat Intake', nodes: [chat, toPipeline], connections: { [chat.name]: { main: [[{ node: toPipeline.name, type: 'main', index: 0 }]] } } },
	];
}

async function measure(shape: string) {
	const center = await startContactCenter({ workflows: workflowsOf(shape), credentials: [SITE_CREDENTIAL] });
	try {
		const chatAt = webChat(center.n8n.webhookUrl('webchat'), 'direct');
		/** One POST as the chat page makes it; its status and milliseconds. */
		const write = (session: string, address: string) => timed(chatAt, session, address);
		const idle = () => untilIdle(center.n8n);
		/** CPU ms per message and median POST ms of `count` writes one after another, each as `nth` makes it. */
		const cost = async (count: number, nth: (i: number) => Promise<{ status: number; ms: number }>) => {
			const before = center.n8n.cpuSeconds();
			const answers = [];
			for (let i = 0; i < count; i++) answers.push(await nth(i));
			await idle();
			return {
				cpuMs: Number((((center.n8n.cpuSeconds() - before) * 1000) / count).toFixed(1)),
				postMs: Number(median(answers.map((a) => a.ms)).toFixed(1)),
				statuses: [...new Set(answers.map((a) => a.status))],
			};
		};

		for (let i = 0; i < 5; i++) await write(id('warm', i), `198.18.0.${i + 1}`);
		await idle();
		const accepted = await cost(20, (i) => write(id('customer', i), `198.18.1.${i + 1}`));
		for (let i = 0; i < 20; i++) await write(id('flooder', 1), '203.0.113.66');
		await idle();
		const refused = await cost(REFUSALS, () => write(id('flooder', 1), '203.0.113.66'));
		const [answered] = await center.store.db.query("SELECT COUNT(DISTINCT conversation_id) AS n FROM messages WHERE direction = 'out'", []);
		return { shape, nodes: workflowsOf(shape).map((w) => w.nodes.length), accepted, refused, conversationsAnswered: Number(answered.n) };
	} finally {
		await center.stop();
	}
}

for (const shape of SHAPES) console.log(JSON.stringify(await measure(shape)));
process.exit(0);
