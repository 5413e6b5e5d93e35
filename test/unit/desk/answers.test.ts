/**
 * What counts as an operator's answer, for the SLA report, the dashboard and the operator report:
 * a reply of theirs that reached the customer. The rating request sent on closing is a notice, and
 * a reply refused for good reached nobody. Times are the test's own, a few minutes past the real
 * clock that stamps the messages.
 */
import { liveFloor, periodFigures } from '../../../nodes/shared/desk/dashboard';
import { deskList } from '../../../nodes/shared/desk/list';
import { recordedAuthor, replyToConversation, type Senders } from '../../../nodes/shared/outbox/reply';
import { operatorReport, slaReport } from '../../../nodes/shared/reports';
import { ddlFor } from '../../../nodes/shared/store/migrations/dialect';
import { ratingRequestsAsNoticesMigration } from '../../../nodes/shared/store/migrations/041-rating-requests-as-notices';
import type { Conversation } from '../../../nodes/shared/store';
import { BACKENDS, openDeskWorld, type DeskWorld } from './world';

const MINUTE = 60_000;
const delivered: Senders = { telegram: async () => ({ ok: true, externalIds: [`t${Math.random()}`] }) };

describe.each(BACKENDS)('what counts as an operator’s answer on %s', (_name, open) => {
	let w: DeskWorld;
	let start: number;
	const at = (minutes: number) => new Date(start + minutes * MINUTE);
	const period = () => ({ from: at(-60), to: at(24 * 60) });

	beforeEach(async () => {
		w = await openDeskWorld(open);
		start = Date.now();
	});
	afterEach(() => w.dispose());

	/** A billing customer routed to Anna with a five-minute deadline. */
	const routedToAnna = async (): Promise<Conversation> => {
		return w.customerWrites({ topic: 'billing', deadline: at(5), at: at(0) });
	};

	/** Closes as the desk does with a rating request, and sends the question as the operator-desk template's Reply node records it. */
	async function closeAskingRating(token: string, conversation: Conversation) {
		const closed = await w.call(token, { action: 'close', conversationId: conversation.id, askRating: true }, at(2));
		const item = closed.start as unknown as { automatic?: unknown; operator: { id: number }; text: string };
		const author = recordedAuthor('operator', () => String(item.operator.id), item);
		await replyToConversation(w.store, delivered, conversation.id, { author, text: item.text });
		return author;
	}

	it('counts the rating request on closing as no reply: one answer and a close make one reply', async () => {
		const token = await w.signIn('anna');
		const conversation = await routedToAnna();
		await replyToConversation(w.store, delivered, conversation.id, { author: `operator:${w.anna.id}`, text: 'Your refund left today.' });
		expect(await closeAskingRating(token, conversation)).toBe('system');

		const report = await operatorReport(w.store.db, period());
		expect(report.rows.find((r) => r.operatorId === w.anna.id)).toMatchObject({ replies: 1, firstResponses: 1 });
		expect(report.team.replies).toBe(1);
	});

	it('turns rating requests stored in the operator’s name before they were notices into notices, sparing her reply of a second before', async () => {
		const token = await w.signIn('anna');
		const conversation = await w.customerWrites({ topic: 'billing', at: new Date() });
		await replyToConversation(w.store, delivered, conversation.id, { author: `operator:${w.anna.id}`, text: 'Your refund left today.' });
		const closed = await w.call(token, { action: 'close', conversationId: conversation.id, askRating: true }, new Date());
		await replyToConversation(w.store, delivered, conversation.id, { author: `operator:${w.anna.id}`, text: (closed.start as { text: string }).text });
		expect((await operatorReport(w.store.db, period())).team.replies).toBe(2);

		for (const statement of ratingRequestsAsNoticesMigration.up(ddlFor(w.store.db.dialect))) await w.store.db.query(statement);

		expect((await operatorReport(w.store.db, period())).team.replies).toBe(1);
		const authors = (await w.store.messages.list(conversation.id)).filter((m) => m.direction === 'out').map((m) => m.author);
		expect(authors).toEqual([`operator:${w.anna.id}`, 'system']);
	});

	it('does not count a conversation closed with only a rating request as answered in time', async () => {
		const token = await w.signIn('anna');
		const conversation = await routedToAnna();
		await closeAskingRating(token, conversation);

		const sla = await slaReport(w.store.db, period(), { defaultTargetMinutes: 5, now: at(10) });
		expect(sla.summary).toMatchObject({ conversations: 1, answered: 0, met: 0, missed: 1 });
		const figures = await periodFigures(w.store.db, period(), at(10));
		expect(figures.answeredWithin5Min).toEqual({ count: 0, of: 1, share: 0 });
		expect((await operatorReport(w.store.db, period())).team.replies).toBe(0);
	});

	it('keeps a conversation whose reply was refused for good waiting, its deadline running, overdue once it passes', async () => {
		const conversation = await routedToAnna();
		// Reply to Customer without a Telegram credential: not delivered, for good.
		const outcome = await replyToConversation(w.store, {}, conversation.id, { author: `operator:${w.anna.id}`, text: 'Your refund left today.' });
		expect(outcome).toMatchObject({ status: 'failed', permanent: true, code: 'no_credentials' });

		expect((await w.store.conversations.get(conversation.id))?.state).toBe('assigned');
		const [row] = (await deskList(w.store.db, w.anna, at(1))).mine;
		expect(row).toMatchObject({ conversationId: conversation.id, lifecycle: 'assigned', slaDueAt: at(5).toISOString(), waitingSince: at(0).toISOString() });

		// Before the deadline it is pending and at risk; after it, missed and overdue.
		expect((await slaReport(w.store.db, period(), { defaultTargetMinutes: 5, now: at(3) })).summary).toMatchObject({ answered: 0, pending: 1 });
		expect((await liveFloor(w.store.db, w.sveta, at(3))).groups.find((g) => g.name === 'Billing')).toMatchObject({ atRisk: 1, overdue: 0 });
		expect((await slaReport(w.store.db, period(), { defaultTargetMinutes: 5, now: at(6) })).summary).toMatchObject({ answered: 0, met: 0, missed: 1 });
		expect((await liveFloor(w.store.db, w.sveta, at(6))).groups.find((g) => g.name === 'Billing')).toMatchObject({ overdue: 1 });
		expect((await periodFigures(w.store.db, period(), at(6))).answeredWithin5Min).toEqual({ count: 0, of: 1, share: 0 });
		expect((await operatorReport(w.store.db, period())).team).toMatchObject({ replies: 0, firstResponses: 0 });

		// The desk shows Anna her reply did not go, and why.
		const history = await w.call(await w.signIn('anna'), { action: 'conversation', conversationId: conversation.id }, at(6));
		const lines = (history.body as { history: Array<{ from: string; status: string; error: string | null }> }).history;
		expect(lines.find((l) => l.from === 'operator')).toMatchObject({ status: 'failed', error: expect.stringContaining('no_credentials') });

		// Answered once a reply reaches the customer, late.
		await replyToConversation(w.store, delivered, conversation.id, { author: `operator:${w.anna.id}`, text: 'Your refund left today.' });
		expect((await w.store.conversations.get(conversation.id))?.state).toBe('answered');
	});
});
