import type { Router } from '../../../nodes/shared/routing';

/**
 * A worker of the concurrency test: closes the conversation it holds while taking a newcomer
 * (priority 0, the last to arrive), then goes on with the conversation its close pulled in, if
 * it pulled one, until its newcomers are all routed. `at` is the time of each call.
 */
export async function closeAndTake(router: Router, holding: number | undefined, newcomers: number[], at: () => Date): Promise<void> {
	for (const newcomer of newcomers) {
		if (holding === undefined) return;
		const [{ assigned }] = await Promise.all([router.release(holding, at()), router.route({ id: newcomer }, { priority: 0 }, at())]);
		holding = assigned[0]?.conversationId;
	}
}
