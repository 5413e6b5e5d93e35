import { isPaced, onHandOver } from '../channels/common/rateLimit';
import { openPages, pageKey, type OpenPages } from '../channels/webchat/pages';
import { namedVariables } from '../outbox/placeholders';
import { recordRefusal, type Senders } from '../outbox/reply';
import type { Channel } from '../envelope';
import type { Customer, Identity, Store } from '../store';
import { recipientsFromItems, recipientsFromQuery } from './audience';
import {
	addRecipients,
	dueCampaigns,
	dueRecipients,
	findCampaign,
	markCampaignDone,
	openCampaign,
	outcomesOf,
	progressOf,
	sentSince,
	settle,
	type Campaign,
	type RecipientRow,
} from './campaigns';
import { claimForSend, markHanded, type Withdrawal } from './claim';
import { holdCampaign } from './hold';
import { Lanes } from './lanes';
import { channelPacer, laneConcurrency } from './limits';
import { planFor, windowTemplate, type SendPlan } from './plan';
import { recoverInterrupted, type Recovery } from './recover';
import { expiry, lapsed, supersedeEarlier, validUntil } from './stale';
import type { AudienceQuery, NotifySettings, Progress, RecipientInput, RecipientOutcome } from './types';

export interface CampaignSpec {
	/** Names the campaign: running the same key again continues it and sends nobody twice. */
	key: string;
	settings: NotifySettings;
	/** Recipients to add (items of a previous node); already added keys are left as they are. */
	recipients?: RecipientInput[];
	/** Customers to add from the store. */
	audience?: AudienceQuery;
	/** What the audience's notices are about (items name their own): see RecipientInput.subject. */
	subject?: string;
}

export interface RunOptions {
	/** Stops handing out new sends; sends already under way finish and are recorded. */
	signal?: AbortSignal;
	now?: () => Date;
	/** Called as recipients settle, with counts read from the store. */
	onProgress?: (progress: Progress) => void;
	/** Called once per recipient this run settled. */
	onSettled?: (recipientId: number, state: RecipientOutcome['state']) => void;
}

export interface CampaignRun {
	campaign: Campaign;
	recovery: Recovery;
	progress: Progress;
	outcomes: RecipientOutcome[];
	/** Another run held the campaign (hold.ts): this one added its recipients and sent nothing; that one sends them. */
	heldElsewhere: boolean;
}

/**
 * How many due recipients are read and planned at a time; the lanes hold at most this many queued.
 * Their customers and identities are read for the whole batch at once: read one by one, on a busy
 * PostgreSQL (queue mode), planning held every lane back to about 35 recipients a second.
 */
const BATCH = 200;

/** What planning a batch of recipients reads once for all of them: their cards, and where their web chat pages are open. */
interface Batch {
	cards: Map<number, { customer: Customer; identities: Identity[] }>;
	pages: OpenPages;
}

/**
 * A recipient keeps only the variables its texts read: the rest of an item stays out of the store
 * (an order system's webhook item carries its shared secret in `headers`).
 */
const keepingOnly =
	(named: Set<string>) =>
	(input: RecipientInput): RecipientInput =>
		input.variables ? { ...input, variables: Object.fromEntries(Object.entries(input.variables).filter(([name]) => named.has(name))) } : input;

/** The reason's code of a recipient a channel could not take for the moment (a 5xx, a timeout). */
export const PASSING_FAILURE = 'passing_failure';

/** The send met a passing failure: it is waiting for the next run, not done. */
export const isPassingFailure = (outcome: Pick<RecipientOutcome, 'state' | 'reason'>) =>
	outcome.state === 'deferred' && (outcome.reason ?? '').startsWith(`${PASSING_FAILURE}:`);

/**
 * Refusals that mean "not so fast", not "not this message". The sender has already waited as the
 * platform asked and tried again a few times; the recipient then waits its turn once more, for
 * longer each time, however often it takes: a rate limit must never lose a message.
 */
const RATE_REFUSALS: ReadonlySet<string> = new Set(['rate_limited', 'pair_rate_limited', 'flood_control']);
const rateWaitMs = (waits: number) => Math.min(60_000, 1000 * 2 ** waits);

/**
 * Runs a campaign to the end of what is due now: adds the audience, settles what a crashed run
 * left (see recover.ts), then sends to every pending recipient (and deferred one whose time has
 * come) on its channels, each channel in its own lane at its own rate. Recipients in quiet hours
 * stay deferred for a later run (`sendDue` sends them when no other run of the campaign comes);
 * one no longer worth sending by then is recorded expired or superseded instead (stale.ts).
 * While another run holds the campaign this one only adds its recipients.
 */
export async function runCampaign(store: Store, senders: Senders, spec: CampaignSpec, options: RunOptions = {}): Promise<CampaignRun> {
	const { db } = store;
	const settings: NotifySettings = { ...spec.settings, channels: (Object.keys(senders) as Channel[]).filter((channel) => senders[channel]) };
	const campaign = await openCampaign(db, spec.key, settings);
	// Validity counts from when a notice is queued; one already queued keeps its own.
	const until = validUntil(settings, options.now?.() ?? new Date());
	const added = [
		...(spec.recipients?.length ? await addRecipients(db, campaign.id, await recipientsFromItems(db, spec.recipients.map(keepingOnly(namedVariables(Object.values(settings.texts))))), until) : []),
		...(spec.audience ? await addRecipients(db, campaign.id, await recipientsFromQuery(db, spec.audience, spec.subject), until) : []),
	];
	// Before the hold: a notice this run cannot send, because another holds its campaign, still replaces older ones.
	await supersedeEarlier(db, added);
	const hold = await holdCampaign(db, campaign.id);
	if (!hold) {
		const progress = await progressOf(db, campaign.id);
		return { campaign, recovery: { settled: 0, resent: 0, flagged: 0 }, progress, outcomes: await outcomesOf(db, campaign.id), heldElsewhere: true };
	}
	try {
		return await runHeld(store, senders, campaign, settings, options, () => hold.lost);
	} finally {
		await hold.release();
	}
}

/** The sending part of runCampaign, while this run holds the campaign; `lost` tells when it no longer does. */
async function runHeld(store: Store, senders: Senders, campaign: Campaign, settings: NotifySettings, options: RunOptions, lost: () => boolean): Promise<CampaignRun> {
	const { db } = store;
	const clock = options.now ?? (() => new Date());
	const stopped = () => options.signal?.aborted === true || lost();
	const recovery = await recoverInterrupted(db, campaign.id);

	const lanes = new Lanes((channel) => laneConcurrency(channel, settings.rates));
	let reportedAt = 0;

	/** Records where `row` ended (or waits) and reports it. */
	const finish = async (row: RecipientRow, state: Parameters<typeof settle>[2], details: Parameters<typeof settle>[3] = {}) => {
		await settle(db, row.id, state, details);
		return report(row, state);
	};

	/** Reports where `row`, already recorded, ended. */
	const report = async (row: RecipientRow, state: RecipientOutcome['state']) => {
		options.onSettled?.(row.id, state);
		// Counting rows per state costs a query: twice a second is enough for anyone watching.
		if (!options.onProgress || Date.now() - reportedAt < 500) return;
		reportedAt = Date.now();
		options.onProgress(await progressOf(db, campaign.id));
	};

	/** One send of `row` on `send.candidates[index]`; `waits` counts the rate-limit refusals it has had there. */
	const attempt = async (row: RecipientRow, send: SendPlan, index: number, tried: string[], waits = 0): Promise<void> => {
		const { text, candidates } = send;
		const identity = candidates[index];
		const fresh = index === 0 && waits === 0;
		if (stopped() && fresh) return;
		// A stopped run leaves a recipient waiting out a rate limit to the next run.
		if (stopped() && waits > 0) return settle(db, row.id, 'pending', { reason: row.reason });
		const claim = await claimForSend(db, row.id, identity, text, fresh);
		if (!claim) return;
		// The turn is taken after the claim, right before the call: store writes queue for the
		// database, and a turn taken before them would reach the platform bunched with others.
		const pacer = channelPacer(identity.channel, identity.account, settings.rates);
		await pacer?.take();
		// Handed over once the platform's turn is taken (in queue mode the long wait is there, in the
		// sender's shared limiter); a channel we deliver ourselves hands over at once. A notice
		// replaced or gone stale meanwhile is recorded so there and not sent: the error stops the
		// paced call before it leaves, whatever the sender makes of it.
		const handing: { refused?: Withdrawal | null } = {};
		const hand = async () => {
			const handed = await markHanded(db, row.id, claim.messageId, clock(), row.validUntil && lapsed(row.validUntil));
			if (handed?.state === 'sending') return;
			handing.refused = handed;
			throw new Error(handed ? handed.reason : 'taken over by another run of the campaign');
		};
		const sender = senders[identity.channel]!;
		const message = {
			channel: identity.channel,
			account: identity.account,
			to: identity.address,
			text,
			buttons: [],
			attachments: [],
			fromOperator: false,
			idempotencyKey: `cc-campaign-${campaign.id}-${row.id}-${identity.channel}`,
		};
		const context = { lastInboundAt: identity.lastSeenAt ?? undefined, now: clock, template: windowTemplate(settings, send.language) };
		const call = () => sender(message, context);
		const result = await (isPaced(identity.channel) ? onHandOver(hand, call) : hand().then(call)).catch((error: Error) => ({
			ok: false as const,
			permanent: false,
			code: 'error',
			reason: error.message,
		}));
		// Recorded by markHanded; one taken over by another run is that run's to record.
		if ('refused' in handing) return handing.refused ? report(row, handing.refused.state) : undefined;
		const reason = tried.length ? `after ${tried.join('; ')}` : null;
		if (result.ok) {
			await store.messages.markSent(claim.messageId, result.externalIds[0] ?? null);
			return finish(row, 'sent', { reason, externalIds: result.externalIds });
		}
		await store.messages.markFailed(claim.messageId, `${result.code}: ${result.reason}`);
		if (!result.permanent && RATE_REFUSALS.has(result.code)) {
			// The platform is refusing at this pace: the whole account cools down for a second.
			// The row stays `sending` with its failed message: a crash now puts it back to pending (recover.ts).
			pacer?.pause(1000);
			lanes.push(identity.channel, () => attempt(row, send, index, tried, waits + 1), rateWaitMs(waits));
			return;
		}
		await recordRefusal(store, identity, result);
		const now = [...tried, `${identity.channel}: ${result.code} (${result.reason})`];
		// A channel that refuses for good (or outside its window) hands over to the next; a passing failure that outlasted its retries does not.
		if (result.permanent && index + 1 < candidates.length) {
			const next = candidates[index + 1];
			lanes.push(next.channel, () => attempt(row, send, index + 1, now));
			return;
		}
		if (!result.permanent) {
			// Not failed for good: the next run of the campaign tries again (for one customer's
			// notice, the caller's retry with the same key), however soon it comes.
			return finish(row, 'deferred', { reason: `${PASSING_FAILURE}: ${now.join('; ')}`, notBefore: clock() });
		}
		return finish(row, 'failed', { reason: now.join('; ') });
	};

	const planOne = async (row: RecipientRow, { cards, pages }: Batch) => {
		const stale = expiry(row.validUntil, clock());
		if (stale) return finish(row, 'expired', { reason: stale });
		const card = row.customerId === null ? undefined : cards.get(row.customerId);
		if (!card) return finish(row, 'skipped', { reason: row.reason ?? 'unknown_customer: the customer no longer exists' });
		const { customer } = card;
		const cap = settings.frequencyCap;
		const capped = cap !== null && (cap.appliesTo === 'all' || settings.kind === 'promotional');
		const capReached =
			capped &&
			(await sentSince(db, customer.id, new Date(clock().getTime() - cap.windowHours * 3600_000), cap.appliesTo === 'all' ? 'all' : 'promotional')) >= cap.count;
		const plan = planFor(customer, card.identities, row.variables, settings, senders, clock(), capReached, (customerId, site) => pages.get(pageKey(customerId, site)));
		if (plan.action === 'skip') return finish(row, 'skipped', { reason: plan.reason });
		if (plan.action === 'defer') {
			const outlasted = expiry(row.validUntil, clock(), plan);
			return outlasted
				? finish(row, 'expired', { reason: outlasted })
				: finish(row, 'deferred', { reason: plan.reason, notBefore: plan.notBefore });
		}
		const first = plan.candidates[0];
		lanes.push(first.channel, () => attempt(row, plan, 0, plan.passed));
	};

	/**
	 * Plans one recipient. What goes wrong with one card (a field no code foresaw) fails that
	 * recipient, with the reason, and leaves the rest of the campaign to go on; a store that cannot
	 * record even that stops the run.
	 */
	const dispatch = (row: RecipientRow, batch: Batch) =>
		planOne(row, batch).catch((error: Error) => finish(row, 'failed', { reason: `error: ${error.message}` }));

	let cursor = 0;
	while (!stopped() && lanes.error === undefined) {
		const due = await dueRecipients(db, campaign.id, cursor, BATCH, clock());
		if (!due.length) break;
		cursor = due[due.length - 1].id;
		const cards = await store.customers.withIdentities([...new Set(due.flatMap((row) => (row.customerId === null ? [] : [row.customerId])))]);
		const onWebChat = [...cards.values()].filter((card) => card.identities.some((i) => i.channel === 'webchat')).map((card) => card.customer.id);
		const batch = { cards, pages: await openPages(db, onWebChat, clock().getTime()) };
		await Promise.all(due.map((row) => dispatch(row, batch)));
		await lanes.drainTo(BATCH);
	}
	await lanes.drainTo(0);
	if (lanes.error !== undefined) throw lanes.error;

	await markCampaignDone(db, campaign.id);
	const progress = await progressOf(db, campaign.id);
	options.onProgress?.(progress);
	return {
		campaign: (await findCampaign(db, campaign.id)) as Campaign,
		recovery,
		progress,
		outcomes: await outcomesOf(db, campaign.id),
		heldElsewhere: false,
	};
}

export interface DueOptions extends RunOptions {
	/** The settings a campaign's last run was given, brought up to date (the Quiet Hours and Campaign Rates tables). */
	refresh?: (settings: NotifySettings) => Promise<NotifySettings>;
}

/**
 * One campaign's run by sendDue, with the recipients it settled; or, when this run lacks the
 * credentials of a channel the campaign was queued with, the campaign left alone and the channels.
 */
export type DueRun = { run: CampaignRun; settled: RecipientOutcome[] } | { campaign: Campaign; lacking: Channel[] };

/**
 * Sends what is due now in every campaign, single notices included (each is a campaign of one):
 * recipients whose quiet hours have ended or whose channel failed for the moment, and those a run
 * that died left behind. A notice held back is sent by the next run of its campaign, and a single
 * notice or a one-off broadcast has none unless someone calls again: run this on a schedule. Each
 * campaign goes by the settings its last run was given; one another run holds is left to it.
 */
export async function sendDue(store: Store, senders: Senders, options: DueOptions = {}): Promise<DueRun[]> {
	const clock = options.now ?? (() => new Date());
	const runs: DueRun[] = [];
	for (const id of await dueCampaigns(store.db, clock())) {
		if (options.signal?.aborted) break;
		const campaign = await findCampaign(store.db, id);
		if (!campaign) continue;
		// Without them its customers there would be skipped for good, as the node that queued it never would.
		const lacking = (campaign.settings.channels ?? []).filter((channel) => !senders[channel]);
		if (lacking.length) {
			runs.push({ campaign, lacking });
			continue;
		}
		const settings = options.refresh ? await options.refresh(campaign.settings) : campaign.settings;
		const settled = new Set<number>();
		const run = await runCampaign(store, senders, { key: campaign.key, settings }, {
			...options,
			onSettled: (recipientId, state) => {
				settled.add(recipientId);
				options.onSettled?.(recipientId, state);
			},
		});
		runs.push({ run, settled: run.outcomes.filter((outcome) => settled.has(outcome.recipientId)) });
	}
	return runs;
}
