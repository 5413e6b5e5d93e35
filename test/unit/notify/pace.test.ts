import { Pacer } from '../../../nodes/shared/notify/pace';

describe('the pace of a channel account', () => {
	afterEach(() => jest.useRealTimers());

	test('a clock set back a day (NTP, a test moving its clock) does not hold the account’s next sends until it catches up', async () => {
		jest.useFakeTimers({ now: new Date('2025-06-03T08:10:00Z'), advanceTimers: true, doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'] });
		const pacer = new Pacer(30, 1000);
		for (let i = 0; i < 30; i++) await pacer.take();

		jest.setSystemTime(new Date('2025-06-02T12:00:00Z'));
		const started = performance.now();
		for (let i = 0; i < 3; i++) await pacer.take();

		expect(performance.now() - started).toBeLessThan(1000);
	});
});
