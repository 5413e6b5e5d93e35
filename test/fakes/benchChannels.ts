/**
 * The fake Telegram, VK and Meta servers (with the platforms' overall rate limits enforced) in a
 * process of their own, for benchmarks: a sender under measurement must not share an event loop
 * with the servers it measures against, or a busy sender slows the fakes and the fakes the sender.
 * Run it with `fork` (IPC); it answers:
 *   ready                                  → { endpoints }
 *   { customers: { channel: count } }      → { addresses: { channel: address[] } }
 *   { report: true }                       → { received: { channel: { address: times[] } }, refusals }
 */
import { startFakeMeta } from './meta/server';
import { startFakeTelegram } from './telegram/server';
import { startThroughputGate, TELEGRAM_RATE, WHATSAPP_RATE } from './throughput';
import { startFakeVk } from './vk/server';
import type { VkUser } from './vk/state';

export type BenchChannel = 'telegram' | 'whatsapp' | 'vk' | 'messenger';

export interface BenchEndpoints {
	telegram: { baseUrl: string; token: string; account: string };
	whatsapp: { baseUrl: string; token: string; phoneNumberId: string };
	vk: { baseUrl: string; token: string; account: string };
	messenger: { baseUrl: string; token: string; account: string };
}

export type BenchRequest = { customers: Partial<Record<BenchChannel, number>> } | { report: true } | { close: true };

/** Starts the fakes and serves the benchmark's requests until it disconnects or asks to close. */
async function main(): Promise<void> {
	const [tg, vk, meta] = await Promise.all([startFakeTelegram(), startFakeVk(), startFakeMeta()]);
	const tgGate = await startThroughputGate(tg.baseUrl, TELEGRAM_RATE);
	const waGate = await startThroughputGate(meta.baseUrl, WHATSAPP_RATE);
	const vkUsers = new Map<string, VkUser>();
	const addresses: Record<BenchChannel, string[]> = { telegram: [], whatsapp: [], vk: [], messenger: [] };

	/** A customer who wrote first, so that every platform lets the business write back. */
	function addCustomer(channel: BenchChannel): string {
		const n = addresses[channel].length;
		if (channel === 'telegram') {
			const user = tg.updates.customer({ first_name: `T${n}` });
			tg.updates.text(user, 'Hi');
			return String(user.id);
		}
		if (channel === 'vk') {
			const user = vk.events.customer({ first_name: `V${n}` });
			vk.events.text(user, 'Привет');
			vkUsers.set(String(user.id), user);
			return String(user.id);
		}
		const address = channel === 'whatsapp' ? `7900${String(n).padStart(7, '0')}` : `psid${n}`;
		meta.customerWrote(channel, address, new Date());
		return address;
	}

	const received = (channel: BenchChannel, address: string): number[] => {
		if (channel === 'telegram') return tg.calls.filter((c) => c.method === 'sendMessage' && c.status === 200 && String(c.params.chat_id) === address).map((c) => c.at);
		if (channel === 'vk') return vk.sent(vkUsers.get(address)!).map((m) => m.at);
		return meta.sent(channel, address).map((m) => m.at);
	};

	process.on('message', async (request: BenchRequest) => {
		if ('customers' in request) {
			const made: Partial<Record<BenchChannel, string[]>> = {};
			for (const [channel, count] of Object.entries(request.customers) as Array<[BenchChannel, number]>) {
				for (let i = 0; i < count; i++) addresses[channel].push(addCustomer(channel));
				made[channel] = addresses[channel].slice(-count);
			}
			process.send!({ addresses: made });
		} else if ('report' in request) {
			// Telegram's calls are scanned once, not once per recipient: 10,000 × 10,000 would take minutes.
			const tgSent = new Map<string, number[]>();
			for (const c of tg.calls) {
				if (c.method !== 'sendMessage' || c.status !== 200) continue;
				const key = String(c.params.chat_id);
				tgSent.set(key, [...(tgSent.get(key) ?? []), c.at]);
			}
			const report = Object.fromEntries(
				(Object.keys(addresses) as BenchChannel[]).map((channel) => [
					channel,
					Object.fromEntries(addresses[channel].map((a) => [a, channel === 'telegram' ? (tgSent.get(a) ?? []) : received(channel, a)])),
				]),
			);
			process.send!({
				received: report,
				refusals: {
					telegram429: tgGate.refused,
					whatsapp130429: waGate.refused,
					vkError6: vk.calls.filter((c) => c.errorCode === 6).length,
					messengerRateLimited: meta.calls.filter((c) => c.platform === 'messenger' && c.status !== 200).length,
				},
			});
		} else {
			await Promise.all([tgGate.close(), waGate.close(), tg.close(), vk.close(), meta.close()]);
			process.exit(0);
		}
	});

	const endpoints: BenchEndpoints = {
		telegram: { baseUrl: tgGate.baseUrl, token: tg.token, account: String(tg.botId) },
		whatsapp: { baseUrl: waGate.baseUrl, token: meta.whatsapp.token, phoneNumberId: meta.whatsapp.phoneNumberId },
		vk: { baseUrl: vk.baseUrl, token: vk.token, account: String(vk.groupId) },
		messenger: { baseUrl: meta.baseUrl, token: meta.messenger.token, account: meta.messenger.pageId },
	};
	process.send!({ endpoints });
	// A benchmark that dies must not leave the fakes running.
	process.on('disconnect', () => process.exit(0));
}

void main();
