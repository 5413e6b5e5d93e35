import { option } from './options.ts';
export { percentile } from './stats.ts';

/** The callers both phone benches drive (`bench-calls.ts` in a real n8n, `bench-calls-store.ts` on the store alone), from the same flags. */
const arg = (name: string, fallback: string) => Number(option(name, fallback));
export const CALLERS = arg('callers', '50');
/** Stress: each caller asks every TURN_MS, TURNS times, its queue time 15 s more each turn. */
export const TURNS = arg('turns', '20');
export const TURN_MS = arg('turn-ms', '1000');
/** Twilio's pacing (bench-calls.ts): the wait URL asked this many times per caller, each when the last answer has played. */
export const PACED_TURNS = arg('paced-turns', '3');
export const RATE = arg('messages-per-second', '20');

export const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));
