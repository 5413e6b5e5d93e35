import type { HeldOutPrediction } from '../classifier';

/** What answering at one confidence cut did on the held-out examples. */
export interface CutOutcome {
	cut: number;
	/** Answered with the right topic, of the held-out examples the knowledge base answers. */
	resolved: number;
	/** Answered with another topic, of all held-out examples. */
	wrong: number;
	/** Not answered, of the held-out examples of topics the knowledge base does not answer. */
	handedOff: number;
}

export interface Calibration {
	/** The lowest cut that keeps within both limits, at least MIN_CUT; 1 when none does. */
	cut: number;
	/** Most wrong answers allowed, as a share of all messages. */
	maxWrong: number;
	/** Most questions the knowledge base does not answer that may get an answer anyway, as their share. */
	maxMissed: number;
	/** Held-out examples it was measured on. */
	examples: number;
	/** The trade-off at a few cuts, lowest first, the chosen one among them (by confidence alone). */
	curve: CutOutcome[];
	/**
	 * The evidence (the classifier's raw score of its best topic) a message needs for an answer
	 * besides the cut: under it a confident message is asked about ("did you mean"), not answered.
	 * The lowest 5 % of the held-out examples answered rightly at the cut fall under it. Null with
	 * too few such examples.
	 */
	evidenceFloor: number | null;
}

/** Cuts shown to ops staff beside the chosen one. */
const SHOWN_CUTS = [0.3, 0.5, 0.7, 0.8, 0.9, 0.95];
const round = (value: number) => Number(value.toFixed(4));

/** What the bot would have done with the held-out examples had it answered every topic in `answered` at `cut` and above. */
export function outcomeAt(heldOut: readonly HeldOutPrediction[], answered: ReadonlySet<string>, cut: number): CutOutcome {
	let answerable = 0;
	let resolved = 0;
	let wrong = 0;
	let missed = 0;
	for (const { label, ranked } of heldOut) {
		if (answered.has(label)) answerable++;
		const [best] = ranked;
		if (!best || !answered.has(best.topic) || best.confidence < cut) continue;
		if (best.topic === label) resolved++;
		else wrong++;
		if (!answered.has(label)) missed++;
	}
	const unanswerable = heldOut.length - answerable;
	return {
		cut: round(cut),
		resolved: answerable ? round(resolved / answerable) : 0,
		wrong: heldOut.length ? round(wrong / heldOut.length) : 0,
		handedOff: unanswerable ? round(1 - missed / unanswerable) : 1,
	};
}

/**
 * A prior belief that answers above a cut are wrong (or miss) at half the limit, worth one such
 * answer. A knowledge base holds out a few dozen examples, where one outlier answered wrongly at
 * 0.96 would on its own read as a rate over the limit at every lower cut and push the cut to ~1;
 * with the prior a rate over the limit needs a second one, and on a hold-out of thousands the
 * prior weighs next to nothing. (A Beta prior's posterior mean: 2 / limit examples, one of them.)
 */
const smoothedRate = (count: number, of: number, limit: number) => (count + 1) / (of + 2 / limit);

/**
 * The aims on the held-out examples, under the 2 % the bot promises for wrong answers and for
 * unanswerable questions answered: a cut at which a sample just meets a limit exceeds it on new
 * messages about half the time. With 2 % aims, HWU64 (a set no setting was chosen on) got 1.9-2.2 %
 * wrong and 95.6-99.2 % handed off over three draws of the topics a knowledge base answers; with
 * these, 0.7-1.7 % and 97.2-99.2 %, resolving as much (the closer calls become "did you mean").
 */
const AIM = { wrong: 0.015, missed: 0.01 };

/**
 * The lowest cut calibration may choose. Its held-out examples are of the topics it was given, so
 * a question about none of them is not in its sample: on CLINC150, whose out-of-scope messages sit
 * next to its intents, the calibrated 0.59 answered 15.7 % of them (0.9: 6.1 %). Above this floor a
 * close call becomes "did you mean" rather than an answer, which costs the known sets little
 * (Banking77's calibrated 0.86 would be 0.9).
 */
const MIN_CUT = 0.9;

/**
 * Share of the held-out questions answered rightly whose evidence may fall under the floor. A
 * message about none of the topics can be far likelier one topic than the rest, hence confident,
 * with less evidence than a real question of that topic has: on CLINC150 the floor at 5 % kept
 * 3.9 % of its out-of-scope messages over the cut instead of 8.9 %, and 95 % of its answered
 * questions. The rest of those become "did you mean", where the customer picks.
 */
const EVIDENCE_SHARE = 0.05;
/** Fewer held-out questions answered rightly than this give no floor: their 5 % would be one or none. */
const EVIDENCE_SAMPLE = 40;

function evidenceFloor(heldOut: readonly HeldOutPrediction[], answered: ReadonlySet<string>, cut: number): number | null {
	const evidence = heldOut
		.filter(({ label, ranked: [best] }) => best && best.topic === label && answered.has(label) && best.confidence >= cut)
		.map((h) => h.evidence)
		.sort((a, b) => a - b);
	return evidence.length >= EVIDENCE_SAMPLE ? evidence[Math.floor(evidence.length * EVIDENCE_SHARE)] : null;
}

/**
 * The cut for one knowledge base: of the confidences the held-out examples reached, the lowest at
 * which the smoothed rate of wrong answers stays within `maxWrong` of all examples and that of
 * answers to questions the knowledge base does not cover within `maxMissed` of those. Both only
 * grow as the cut falls, so the lowest such cut resolves the most: answers are swept from the
 * most confident down. Never under `minCut`.
 */
export function calibrate(
	heldOut: readonly HeldOutPrediction[],
	answered: ReadonlySet<string>,
	{ maxWrong = AIM.wrong, maxMissed = AIM.missed, minCut = MIN_CUT }: { maxWrong?: number; maxMissed?: number; minCut?: number } = {},
): Calibration {
	const answers = heldOut
		.map(({ label, ranked: [best] }) => best && answered.has(best.topic) && { confidence: best.confidence, wrong: best.topic !== label, missed: !answered.has(label) })
		.filter((a): a is { confidence: number; wrong: boolean; missed: boolean } => Boolean(a))
		.sort((a, b) => b.confidence - a.confidence);
	const unanswerable = heldOut.filter((h) => !answered.has(h.label)).length;
	let cut = 1;
	let wrong = 0;
	let missed = 0;
	for (let i = 0; i < answers.length; ) {
		// Equal confidences are answered together: a cut cannot fall between them.
		const confidence = answers[i].confidence;
		for (; i < answers.length && answers[i].confidence === confidence; i++) {
			if (answers[i].wrong) wrong++;
			if (answers[i].missed) missed++;
		}
		if (smoothedRate(wrong, heldOut.length, maxWrong) > maxWrong || smoothedRate(missed, unanswerable, maxMissed) > maxMissed) break;
		cut = confidence;
	}
	cut = Math.max(cut, minCut);
	const curve = [...SHOWN_CUTS.filter((c) => round(c) !== round(cut)), cut].sort((a, b) => a - b).map((c) => outcomeAt(heldOut, answered, c));
	return { cut, maxWrong, maxMissed, examples: heldOut.length, curve, evidenceFloor: evidenceFloor(heldOut, answered, cut) };
}
