/** The Unanswered Questions report: alike questions together, in any of the team's languages, most frequent first. */
import { clusterQuestions, questionReport, type LearnableQuestion } from '../../../nodes/shared/bot';

const asked = (question: string, extra: Partial<LearnableQuestion> = {}): LearnableQuestion => ({
	id: Math.floor(Math.random() * 1e9),
	conversationId: 1,
	question,
	language: 'en',
	outcome: 'unanswered',
	pickedEntry: null,
	askedAt: new Date().toISOString(),
	operatorAnswer: null,
	...extra,
});

const texts = (groups: Array<Array<{ question: string }>>) => groups.map((g) => g.map((q) => q.question).sort());

test('questions that ask the same thing in other words share a group; other questions do not join it', () => {
	const groups = texts(
		clusterQuestions(
			['Can I pay with bitcoin?', 'Do you ship to Canada?', 'do you accept bitcoin payments', 'хочу отменить заказ', 'delivery to Canada?', 'отмените мой заказ', 'je veux annuler ma commande', 'annulation de commande'].map(
				(question) => ({ question }),
			),
		),
	);
	expect(groups).toEqual(
		expect.arrayContaining([
			['Can I pay with bitcoin?', 'do you accept bitcoin payments'],
			['Do you ship to Canada?', 'delivery to Canada?'],
			['отмените мой заказ', 'хочу отменить заказ'],
			['annulation de commande', 'je veux annuler ma commande'],
		]),
	);
	expect(groups).toHaveLength(4);
});

test('the report leads with the most frequent group and proposes the entry customers picked, or the operators’ usual reply', () => {
	const report = questionReport(
		[
			asked('Do you ship to Canada?'),
			asked('can i pay with bitcoin', { operatorAnswer: 'Yes, at checkout.' }),
			asked('bitcoin payment possible?', { operatorAnswer: 'Yes, at checkout.' }),
			asked('paying by bitcoin', { operatorAnswer: 'We do.' }),
			asked('how long is delivery', { outcome: 'asked', pickedEntry: 'delivery_time:en' }),
		],
		{ top: 2, examples: 2 },
	);
	expect(report.map((g) => g.count)).toEqual([3, 1]);
	expect(report[0].examples).toHaveLength(2);
	expect(report[0].operatorAnswers).toEqual([
		{ text: 'Yes, at checkout.', count: 2 },
		{ text: 'We do.', count: 1 },
	]);
	expect(report[0].proposal).toMatchObject({ answer: 'Yes, at checkout.', entryKey: null, language: 'en' });
	expect(report[0].proposal.questions).toHaveLength(3);

	const [picked] = questionReport([asked('how long is delivery', { outcome: 'asked', pickedEntry: 'delivery_time:en' })], { top: 1, examples: 1 });
	expect(picked.proposal).toMatchObject({ entryKey: 'delivery_time:en', answer: null, questions: ['how long is delivery'] });
});
