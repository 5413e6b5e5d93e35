import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '../../..');

/**
 * `npm run bench:bot` loads the sources as ES modules, where the classifier's training must not
 * look for its compiled worker by __dirname (it once failed there, unnoticed by every other test).
 * The second hand's messages are its quick part: the shipped knowledge base, 124 messages.
 */
describe('the bot benchmark, run as ops staff run it', () => {
	it('measures a second hand’s messages in every language against issue 18’s targets', async () => {
		const { stdout } = await promisify(execFile)(
			process.execPath,
			['--no-warnings', '--experimental-transform-types', 'scripts/bench-bot.ts', '--only', 'multilingual', '--messages', 'data/bot-multilingual/second-hand.csv'],
			{ cwd: ROOT },
		);
		const report = JSON.parse(stdout.trim().split('\n').pop()!);
		for (const language of ['en', 'ru', 'uk', 'fr']) {
			const { messages, first, later } = report.multilingual[language];
			expect(messages).toBe(31);
			for (const turn of [first, later]) {
				expect(turn.resolved).toBeGreaterThanOrEqual(0.7);
				expect(turn.wrong).toBeLessThanOrEqual(0.02);
				expect(turn.handedOff).toBeGreaterThanOrEqual(0.98);
			}
		}
	}, 120_000);
});
