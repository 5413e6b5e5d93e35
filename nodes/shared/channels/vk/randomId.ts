import { createHash } from 'node:crypto';

/**
 * The `random_id` of one part of one logical message: derived, not random, so that a retry of
 * the same message (the same idempotencyKey) cannot send it twice: VK drops a repeated random_id
 * and answers with the first message's id. A positive 31-bit integer; 0 would turn the check off.
 */
export function randomIdOf(idempotencyKey: string, part: number): number {
	const value = createHash('sha256').update(`${idempotencyKey}\n${part}`).digest().readUInt32BE(0) & 0x7fffffff;
	return value || 1;
}
