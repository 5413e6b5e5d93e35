import { fill, pick, type Localised } from './localised';

/** Everything the bot says of its own, in the languages the team serves; ops staff override any of it. */
export const DEFAULT_TEXTS = {
	greeting: {
		en: 'Hello! I am the support bot: I answer common questions right away, or pass you to a person.',
		ru: 'Здравствуйте! Я бот поддержки: сразу отвечу на частые вопросы или передам вас специалисту.',
		uk: 'Вітаю! Я бот підтримки: одразу відповім на поширені запитання або передам вас фахівцю.',
		fr: 'Bonjour ! Je suis l’assistant du support : je réponds tout de suite aux questions courantes, ou je vous passe à un conseiller.',
	},
	incident: {
		en: '⚠️ Known issue: {text}',
		ru: '⚠️ Известная проблема: {text}',
		uk: '⚠️ Відома проблема: {text}',
		fr: '⚠️ Incident en cours : {text}',
	},
	expectedFix: {
		en: 'Expected fix: {when}.',
		ru: 'Ожидаемое время решения: {when}.',
		uk: 'Очікуваний час вирішення: {when}.',
		fr: 'Résolution prévue : {when}.',
	},
	youAsked: { en: 'You asked: «{question}»', ru: 'Вы спросили: «{question}»', uk: 'Ви запитали: «{question}»', fr: 'Vous avez demandé : «{question}»' },
	choose: { en: 'Choose a topic:', ru: 'Выберите тему:', uk: 'Оберіть тему:', fr: 'Choisissez un sujet :' },
	didYouMean: {
		en: 'I am not sure I understood. Did you mean one of these?',
		ru: 'Не уверен, что понял вас. Вы имели в виду что-то из этого?',
		uk: 'Не впевнений, що зрозумів вас. Ви мали на увазі щось із цього?',
		fr: 'Je ne suis pas sûr d’avoir compris. Vouliez-vous dire l’une de ces questions ?',
	},
	notUnderstood: {
		en: 'Sorry, I did not understand. Please rephrase, or choose a topic:',
		ru: 'Извините, я не понял. Переформулируйте, пожалуйста, или выберите тему:',
		uk: 'Вибачте, я не зрозумів. Переформулюйте, будь ласка, або оберіть тему:',
		fr: 'Désolé, je n’ai pas compris. Reformulez, ou choisissez un sujet :',
	},
	notHelped: {
		en: 'It seems my answer did not help. Please rephrase, or choose a topic:',
		ru: 'Похоже, мой ответ не помог. Переформулируйте, пожалуйста, или выберите тему:',
		uk: 'Схоже, моя відповідь не допомогла. Переформулюйте, будь ласка, або оберіть тему:',
		fr: 'Ma réponse ne semble pas vous avoir aidé. Reformulez, ou choisissez un sujet :',
	},
	handoff: {
		en: 'I am passing you to a person. Please stay here: they will answer in this chat.',
		ru: 'Передаю вас специалисту. Оставайтесь здесь: вам ответят в этом чате.',
		uk: 'Передаю вас фахівцю. Залишайтеся тут: вам дадуть відповідь у цьому чаті.',
		fr: 'Je vous passe à un conseiller. Restez ici : il vous répondra dans cette conversation.',
	},
	orderNotFound: {
		en: 'I could not find order {order} among your orders.',
		ru: 'Я не нашёл заказ {order} среди ваших заказов.',
		uk: 'Я не знайшов замовлення {order} серед ваших замовлень.',
		fr: 'Je n’ai pas trouvé la commande {order} parmi vos commandes.',
	},
	dataMissing: {
		en: 'I cannot see this information for your account.',
		ru: 'Я не вижу этих данных по вашему аккаунту.',
		uk: 'Я не бачу цих даних для вашого акаунта.',
		fr: 'Je ne vois pas cette information pour votre compte.',
	},
	person: { en: 'Talk to a person', ru: 'Связаться с оператором', uk: 'Зв’язатися з оператором', fr: 'Parler à un conseiller' },
	notThis: { en: 'Not what I asked', ru: 'Это не то', uk: 'Це не те', fr: 'Ce n’est pas ça' },
	back: { en: 'Back', ru: 'Назад', uk: 'Назад', fr: 'Retour' },
	menu: { en: 'Menu', ru: 'Меню', uk: 'Меню', fr: 'Menu' },
	numberHint: {
		en: 'Reply with a number; 0 goes back.',
		ru: 'Ответьте номером; 0 — назад.',
		uk: 'Відповідьте номером; 0 — назад.',
		fr: 'Répondez par un numéro ; 0 pour revenir.',
	},
	personHint: {
		en: 'Write “operator” at any time to talk to a person.',
		ru: 'Напишите «оператор» в любой момент, чтобы поговорить с человеком.',
		uk: 'Напишіть «оператор» будь-коли, щоб поговорити з людиною.',
		fr: 'Écrivez « conseiller » à tout moment pour parler à une personne.',
	},
} satisfies Record<string, Record<string, string>>;

export type TextKey = keyof typeof DEFAULT_TEXTS;
export type TextOverrides = Partial<Record<TextKey, Localised>>;

/** The bot's phrases in one language, with ops staff's overrides taking precedence key by key. */
export function textsFor(language: string, overrides: TextOverrides = {}) {
	return (key: TextKey, values: Record<string, string> = {}): string =>
		fill(pick(overrides[key] ?? DEFAULT_TEXTS[key], language), values);
}
export type Say = ReturnType<typeof textsFor>;
