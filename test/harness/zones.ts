/** An IANA zone where it is now `hour` o'clock (Etc/GMT zones count their sign backwards): a customer's day or night whenever a test runs. */
export function zoneWhereItIs(hour: number): string {
	let offset = (((hour - new Date().getUTCHours()) % 24) + 24) % 24;
	if (offset > 14) offset -= 24;
	return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}
