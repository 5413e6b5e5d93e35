import { parseMenu } from '../../../nodes/shared/bot';
import { parseCsvRecords } from '../../../nodes/shared/classifier';

describe('the menu ops staff edit', () => {
	test('rows of a sheet, one per option and language, make the same tree as the JSON form', () => {
		const csv = [
			'path,language,label,answer,tags,handoff',
			'1,en,Orders,What about your order?,orders,',
			'1,ru,Заказы,Что с заказом?,orders,',
			'1.1,en,Where is my order,See https://example.com/orders,order-status,',
			'1.1,ru,Где мой заказ,Смотрите https://example.com/orders,order-status,',
			'2,en,Something else,,other,yes',
		].join('\n');
		const json = {
			options: [
				{
					label: { en: 'Orders', ru: 'Заказы' },
					answer: { en: 'What about your order?', ru: 'Что с заказом?' },
					tags: ['orders'],
					options: [
						{
							label: { en: 'Where is my order', ru: 'Где мой заказ' },
							answer: { en: 'See https://example.com/orders', ru: 'Смотрите https://example.com/orders' },
							tags: 'order-status',
						},
					],
				},
				{ label: { en: 'Something else' }, tags: ['other'], handoff: true },
			],
		};
		expect(parseMenu(parseCsvRecords(csv))).toEqual(parseMenu(JSON.stringify(json)));
	});

	test('a sheet that skips an option number or misses a parent is refused, naming the problem', () => {
		expect(() => parseMenu([{ path: '1', label: 'A' }, { path: '3', label: 'C' }])).toThrow('skip an option number');
		expect(() => parseMenu([{ path: '2.1', label: 'orphan' }])).toThrow('option 2.1 has no parent row');
		expect(() => parseMenu({ options: [{ label: ['not', 'text'] }] })).toThrow('label must be a text');
	});
});
