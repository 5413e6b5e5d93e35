/**
 * An n8n external hook file (EXTERNAL_HOOK_FILES, set by scripts/prepare-n8n.mjs and
 * deploy/queue.env): puts the web chat's early refusals (shared/channels/webchat/earlyRefusals.ts)
 * in front of n8n's HTTP server. n8n's own Express routes answer webhook calls before any
 * middleware a hook could add, so this wraps the server's request listener itself: a chat message
 * the trigger refused until a known moment is answered in microseconds instead of the ~8 ms n8n
 * spends reading and building the workflow before the trigger can refuse it; a chat's messages sent
 * at once wait (a few seconds at most) while one of them is in n8n, so a script's wave meets the
 * refusal its first message earned, and an address's new chats sent at once enter n8n a quarter
 * second apart, so they do not start their workflows together. Without this file the trigger gives
 * the same answers, at n8n's cost, and a burst of new chats starts its workflows at once.
 */
import type { Server } from 'node:http';

import { answerEarly } from '../shared/channels/webchat/requestGate';

/** n8n runs `n8n.ready` with its server (AbstractServer: `server` is the node HTTP server) in the
 * main process and in webhook processors alike. */
export const n8n = {
	ready: [
		async function (n8nServer: { server?: Server }) {
			if (n8nServer.server) answerEarly(n8nServer.server);
		},
	],
};
