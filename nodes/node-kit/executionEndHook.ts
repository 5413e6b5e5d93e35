/**
 * An n8n external hook file (EXTERNAL_HOOK_FILES, set by scripts/prepare-n8n.mjs and
 * deploy/queue.env): when an execution ends, whatever its status (success, error, crashed,
 * canceled, waiting), every message it carried has had its turn, and the batches holding the next
 * deliveries back (shared/ingest/batches.ts) are told so, in this process or through Redis
 * (shared/ingest/starts.ts). Nothing then depends on which node a message's path ends at: the
 * pack's, a Slack node after it, or a failure half-way. Where it runs, the pack's nodes leave the
 * end reports to it (`endsReportedByHook`).
 */
import type { IRun, IWorkflowBase } from 'n8n-workflow';

import { deliveredOf } from '../shared/ingest/ends';
import { deliveryKeys, type Delivered } from '../shared/ingest/batches';
import { executionStarts } from '../shared/ingest/starts';

/**
 * The process runs executions: one process, or a queue-mode worker. In queue mode main (and a
 * webhook processor) would otherwise run the hook too, and n8n reads every finished execution's
 * data back from the database for a main with this hook (WorkflowRunner.needsFullExecutionData).
 * n8n tells its processes apart by the same command argument (n8n-core's InstanceSettings).
 */
const runsExecutions = process.env.EXECUTIONS_MODE !== 'queue' || process.argv[2] === 'worker';

/** The messages of the channels' deliveries among the items the execution's nodes put out. */
export function messagesOf(run: IRun): Delivered[] {
	const found = new Map<string, Delivered>();
	for (const tasks of Object.values(run.data?.resultData?.runData ?? {}))
		for (const task of tasks)
			for (const output of task.data?.main ?? [])
				for (const item of output ?? []) {
					const message = deliveredOf(item.json?.message);
					if (message) found.set(deliveryKeys([message])[0], message);
				}
	return [...found.values()];
}

async function reportEnd(run: IRun, workflow: IWorkflowBase): Promise<void> {
	try {
		const messages = messagesOf(run);
		if (messages.length) executionStarts.finished(workflow.id ?? '', messages);
	} catch {
		// A hook that throws fails n8n's own work after the execution; a report not made only lets the wait limit end the wait.
	}
}

if (runsExecutions) executionStarts.endsReportedByHook = true;

export const workflow = runsExecutions ? { postExecute: [reportEnd] } : {};
