import type { Decider, KnowledgeIndex, MenuNode, OrderService } from '../../shared/bot';
import type { Store } from '../../shared/store';

/** What the operations of one execution share. */
export interface BotShared {
	store: Store;
	/** For Answer only, read once per execution: the knowledge base, its classifier and the menu are the same for every message. */
	answering: { knowledge: KnowledgeIndex; decider: Decider; menu: MenuNode | null; orderService: OrderService | null } | null;
}
