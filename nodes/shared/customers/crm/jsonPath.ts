/**
 * The value at a path in a JSON answer: `a.b[0].c`, `a.b.0.c`, and `list[key=value]` for the
 * first element whose `key` equals `value` (amoCRM's and Bitrix24's custom field lists need it:
 * `custom_fields_values[field_code=PHONE].values[0].value`). An empty path is the whole answer.
 */
export function valueAt(data: unknown, path: string): unknown {
	const steps = path.match(/[^.[\]]+|\[[^\]]*\]/g) ?? [];
	let current = data;
	for (const raw of steps) {
		if (current === null || current === undefined) return undefined;
		const step = raw.startsWith('[') ? raw.slice(1, -1) : raw;
		const filter = /^([^=]+)=(.*)$/.exec(step);
		if (filter) {
			if (!Array.isArray(current)) return undefined;
			const [, key, wanted] = filter;
			current = current.find((el) => el !== null && typeof el === 'object' && String((el as Record<string, unknown>)[key.trim()]) === wanted.trim());
		} else {
			current = (current as Record<string, unknown>)[step];
		}
	}
	return current;
}
