import type { Attachment } from '../../../nodes/shared/envelope';
import { attachmentView } from '../../../nodes/shared/desk/attachments';
import type { ConversationView } from '../../../nodes/shared/desk/conversation';
import type { DeskList } from '../../../nodes/shared/desk/list';
import { startFileHost, TINY_PNG, type FileHost } from '../../fakes/fileHost';
import { BACKENDS, openDeskWorld, type DeskWorld } from './world';

describe('what the desk shows for each kind of attachment', () => {
	it('offers an image with a link for the desk to fetch, and says why one kept as a file id only is not shown', () => {
		expect(attachmentView({ type: 'image', url: 'https://cdn.example/p.jpg' }, 'vk')).toEqual({ type: 'image', label: 'image', preview: true });
		expect(attachmentView({ type: 'image', fileId: 'AgACAgIAAx' }, 'telegram')).toEqual({
			type: 'image',
			label: 'image',
			unavailable: 'kept by telegram; this desk cannot fetch it',
		});
		expect(attachmentView({ type: 'sticker', fileId: 'CAACAg', name: '😀' }, 'telegram')).toMatchObject({ label: 'sticker 😀', unavailable: expect.any(String) });
	});

	it('links files, audio and video only over http(s)', () => {
		expect(attachmentView({ type: 'file', url: 'https://cdn.example/a.pdf', name: 'invoice.pdf' }, 'viber')).toEqual({
			type: 'file',
			label: 'file: invoice.pdf',
			href: 'https://cdn.example/a.pdf',
		});
		const scripted = attachmentView({ type: 'file', url: 'javascript:alert(1)', name: 'x.pdf' }, 'viber');
		expect(scripted.href).toBeUndefined();
		expect(scripted.unavailable).toBe('the channel sent no link to it');
		expect(attachmentView({ type: 'audio', fileId: 'AwAD' }, 'whatsapp')).toEqual({
			type: 'audio',
			label: 'audio message',
			unavailable: 'kept by whatsapp; this desk cannot fetch it',
		});
		expect(attachmentView({ type: 'video', url: 'http://cdn.example/v.mp4' }, 'vk').href).toBe('http://cdn.example/v.mp4');
	});

	it('shows a location as its coordinates with an OpenStreetMap link made of those numbers alone', () => {
		expect(attachmentView({ type: 'location', url: 'geo:55.7558,37.6173', name: 'Red Square' }, 'telegram')).toEqual({
			type: 'location',
			label: '55.75580, 37.61730 · Red Square',
			href: 'https://www.openstreetmap.org/?mlat=55.75580&mlon=37.61730#map=16/55.75580/37.61730',
		});
		expect(attachmentView({ type: 'location', url: 'geo:55.7,37.6"><script>' }, 'vk').href).toBe(
			'https://www.openstreetmap.org/?mlat=55.70000&mlon=37.60000#map=16/55.70000/37.60000',
		);
		expect(attachmentView({ type: 'location', url: 'geo:123,500' }, 'vk')).toEqual({ type: 'location', label: 'location (no coordinates)' });
	});

	it('shows a contact as name and phone, a reaction and an unsupported kind in words', () => {
		expect(attachmentView({ type: 'contact', name: 'Ivan Petrov', url: 'tel:+79001234567' }, 'telegram')).toEqual({
			type: 'contact',
			label: 'contact: Ivan Petrov',
			phone: '+79001234567',
		});
		expect(attachmentView({ type: 'reaction', name: '👍' }, 'whatsapp').label).toBe('reacted 👍 to a message');
		expect(attachmentView({ type: 'reaction' }, 'whatsapp').label).toBe('took back a reaction to a message');
		expect(attachmentView({ type: 'unsupported', name: 'poll' }, 'telegram').label).toBe('the customer sent something this desk cannot show (poll)');
	});
});

describe.each(BACKENDS)('fetching an image for the desk on %s', (_name, open) => {
	let w: DeskWorld;
	let host: FileHost;
	let anna: string;
	let boris: string;
	beforeAll(async () => {
		// The fake file server is on this host, which the desk refuses unless the install lists it.
		process.env.CONTACT_CENTER_FETCH_ALLOW = '127.0.0.1';
		w = await openDeskWorld(open);
		host = await startFileHost();
		[anna, boris] = await Promise.all(['anna', 'boris'].map((l) => w.signIn(l)));
	});
	afterAll(async () => {
		delete process.env.CONTACT_CENTER_FETCH_ALLOW;
		await host.close();
		await w.dispose();
	});

	const photos = (): Attachment[] => [
		{ type: 'image', url: host.url('/photo.png') },
		{ type: 'image', url: host.url('/page.svg') },
		{ type: 'image', url: host.url('/gone.png') },
		{ type: 'image', fileId: 'AgACAgIAAx' },
	];
	const lastMessageOf = async (token: string, conversationId: number) =>
		((await w.call(token, { action: 'conversation', conversationId })).body as ConversationView).history.at(-1)!;

	it('hands an operator of the conversation the picture as a data: URL, and nothing that is not a picture', async () => {
		const conversation = await w.customerWrites({ topic: 'billing', text: 'See the photos', attachments: photos() });
		const message = await lastMessageOf(anna, conversation.id);
		expect(message.attachments.map((a) => a.preview ?? a.unavailable)).toEqual([true, true, true, 'kept by telegram; this desk cannot fetch it']);
		const image = (index: number) => w.call(anna, { action: 'attachment', conversationId: conversation.id, messageId: message.id, index });

		expect(await image(0)).toEqual({ status: 200, body: { dataUrl: `data:image/png;base64,${TINY_PNG.toString('base64')}` } });
		expect(await image(1)).toEqual({
			status: 502,
			body: { error: 'What the image link serves is not a picture this desk shows (PNG, JPEG, GIF, WebP).' },
		});
		expect(await image(2)).toEqual({ status: 502, body: { error: 'The image could not be fetched: its server answered 404.' } });
		expect((await image(3)).status).toBe(404);
		expect((await image(4)).status).toBe(404);
	});

	it('previews a conversation whose last message is attachments alone by what they are', async () => {
		const conversation = await w.customerWrites({ topic: 'billing', text: '', attachments: [{ type: 'location', url: 'geo:59.9386,30.3141' }, { type: 'reaction', name: '👍' }] });
		const { body } = await w.call(anna, { action: 'list' });
		const row = (body as DeskList).mine.concat((body as DeskList).queue).find((r) => r.conversationId === conversation.id);
		expect(row?.lastMessage?.text).toBe('59.93860, 30.31410 · reacted 👍 to a message');
	});

	it('fetches nothing for an operator without access to the conversation, nor for a message of another customer', async () => {
		const conversation = await w.customerWrites({ topic: 'billing', attachments: photos() });
		const message = await lastMessageOf(anna, conversation.id);
		const techCase = await w.customerWrites({ topic: 'tech' });
		const before = host.fetched.length;

		const refused = await w.call(boris, { action: 'attachment', conversationId: conversation.id, messageId: message.id, index: 0 });
		expect(refused.status).toBe(403);
		const elsewhere = await w.call(boris, { action: 'attachment', conversationId: techCase.id, messageId: message.id, index: 0 });
		expect(elsewhere).toEqual({ status: 404, body: { error: `Message ${message.id} is not in this customer's history.` } });
		const signedOut = await w.call(null, { action: 'attachment', conversationId: conversation.id, messageId: message.id, index: 0 });
		expect(signedOut.status).toBe(401);
		expect(host.fetched.length).toBe(before);
	});

	it('never fetches from this host or a private network, whatever a link or its redirects say', async () => {
		const links = [
			host.url('/moved?to=' + encodeURIComponent('http://169.254.169.254/latest/meta-data/')),
			host.url('/moved?to=' + encodeURIComponent('http://[::ffff:10.0.0.7]/photo.png')),
			'http://10.1.2.3/photo.png',
		];
		const conversation = await w.customerWrites({ topic: 'billing', attachments: links.map((url) => ({ type: 'image', url })) });
		const message = await lastMessageOf(anna, conversation.id);
		const image = (index: number) => w.call(anna, { action: 'attachment', conversationId: conversation.id, messageId: message.id, index });
		for (const index of [0, 1, 2]) expect((await image(index)).body).toEqual({ error: expect.stringMatching(/not a public address$/) });

		delete process.env.CONTACT_CENTER_FETCH_ALLOW;
		const before = host.fetched.length;
		expect(await image(0)).toEqual({ status: 502, body: { error: `The image could not be fetched: 127.0.0.1 is not a public address` } });
		expect(host.fetched.length).toBe(before);
		process.env.CONTACT_CENTER_FETCH_ALLOW = '127.0.0.1';
	});
});
