/** The benches' order statistics: each figure is a sample of the sorted list, never an average of two. */

/** The value below which `p` percent of `sorted` (ascending) lie; NaN for no values. */
export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** The middle value (the upper of the two middle ones of an even count). */
export const median = (values: number[]): number => percentile([...values].sort((a, b) => a - b), 50);
