/** Softmax of scores divided by a temperature, stable for large scores. */
export function softmax(scores: ArrayLike<number>, temperature: number): Float64Array {
	const probabilities = new Float64Array(scores.length);
	let max = -Infinity;
	for (let k = 0; k < scores.length; k++) max = Math.max(max, scores[k]);
	let sum = 0;
	for (let k = 0; k < scores.length; k++) {
		probabilities[k] = Math.exp((scores[k] - max) / temperature);
		sum += probabilities[k];
	}
	for (let k = 0; k < scores.length; k++) probabilities[k] /= sum;
	return probabilities;
}

/** Summed over the rows, from each row's log-sum-exp: fitting calls it for thousands of rows a few dozen times. */
function negativeLogLikelihood(scores: ArrayLike<number>[], labels: number[], temperature: number): number {
	let total = 0;
	scores.forEach((row, i) => {
		let max = -Infinity;
		for (let k = 0; k < row.length; k++) max = Math.max(max, row[k]);
		let sum = 0;
		for (let k = 0; k < row.length; k++) sum += Math.exp((row[k] - max) / temperature);
		total -= Math.max((row[labels[i]] - max) / temperature - Math.log(sum), Math.log(1e-12));
	});
	return total;
}

/**
 * Temperature scaling (Guo et al. 2017): the one temperature that makes softmax probabilities of
 * held-out texts match how often the model is right. Margin scores are not probabilities;
 * after this, "0.8" means right about 8 times in 10. Golden-section search on log T.
 */
export function fitTemperature(scores: ArrayLike<number>[], labels: number[]): number {
	const ratio = (Math.sqrt(5) - 1) / 2;
	let low = Math.log(0.005);
	let high = Math.log(5);
	const loss = (logT: number) => negativeLogLikelihood(scores, labels, Math.exp(logT));
	let a = high - ratio * (high - low);
	let b = low + ratio * (high - low);
	let lossA = loss(a);
	let lossB = loss(b);
	while (high - low > 1e-3) {
		if (lossA < lossB) {
			high = b;
			b = a;
			lossB = lossA;
			a = high - ratio * (high - low);
			lossA = loss(a);
		} else {
			low = a;
			a = b;
			lossA = lossB;
			b = low + ratio * (high - low);
			lossB = loss(b);
		}
	}
	return Math.exp((low + high) / 2);
}
