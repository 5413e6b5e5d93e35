import type { Attachment } from '../envelope';

/**
 * One attachment as the operator reads it. The page puts `label` and `phone` in as text and
 * `href` only as a link; `href` is never anything but http(s), whatever the channel stored.
 */
export interface AttachmentView {
	type: Attachment['type'];
	/** "invoice.pdf", "reacted 👍 to a message", "55.75580, 37.61730 · Red Square". */
	label: string;
	/** Where to open or download it. For a location, its place on OpenStreetMap. */
	href?: string;
	/** A contact's phone number. */
	phone?: string;
	/** An image the desk fetches for the page (the `attachment` call); the browser never goes to its URL itself. */
	preview?: boolean;
	/** Why there is nothing to open: the channel kept only its own handle for the file. */
	unavailable?: string;
}

const httpUrl = (url?: string) => (url && /^https?:\/\//i.test(url) ? url : undefined);

const KIND_LABEL: Record<'file' | 'audio' | 'video', string> = { file: 'file', audio: 'audio message', video: 'video' };

/** Latitude and longitude from a `geo:lat,lon` URL, or null when they are not two numbers in range. */
export function coordinatesOf(url?: string): { lat: number; lon: number } | null {
	const match = /^geo:(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/i.exec(url ?? '');
	if (!match) return null;
	const lat = Number(match[1]);
	const lon = Number(match[2]);
	return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
}

function locationView(a: Attachment): AttachmentView {
	const at = coordinatesOf(a.url);
	if (!at) return { type: 'location', label: ['location (no coordinates)', a.name].filter(Boolean).join(' · ') };
	// Built from the two numbers alone, so nothing else the channel sent ends up in the link.
	const lat = at.lat.toFixed(5);
	const lon = at.lon.toFixed(5);
	return {
		type: 'location',
		label: [`${lat}, ${lon}`, a.name].filter(Boolean).join(' · '),
		href: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`,
	};
}

const keptBy = (a: Attachment, channel: string) => (a.fileId ? `kept by ${channel}; this desk cannot fetch it` : 'the channel sent no link to it');

/** What the desk shows for one attachment a message of `channel` carries. */
export function attachmentView(a: Attachment, channel: string): AttachmentView {
	switch (a.type) {
		case 'image':
		case 'sticker': {
			const label = [a.type === 'sticker' ? 'sticker' : 'image', a.name].filter(Boolean).join(' ');
			return httpUrl(a.url) ? { type: a.type, label, preview: true } : { type: a.type, label, unavailable: keptBy(a, channel) };
		}
		case 'file':
		case 'audio':
		case 'video': {
			const label = a.name ? `${KIND_LABEL[a.type]}: ${a.name}` : KIND_LABEL[a.type];
			const href = httpUrl(a.url);
			return href ? { type: a.type, label, href } : { type: a.type, label, unavailable: keptBy(a, channel) };
		}
		case 'location':
			return locationView(a);
		case 'contact': {
			const phone = a.url?.startsWith('tel:') ? a.url.slice('tel:'.length) : undefined;
			return { type: 'contact', label: `contact: ${a.name ?? 'no name'}`, ...(phone ? { phone } : {}) };
		}
		case 'reaction':
			return { type: 'reaction', label: a.name ? `reacted ${a.name} to a message` : 'took back a reaction to a message' };
		case 'unsupported':
			return {
				type: 'unsupported',
				label: `the customer sent something this desk cannot show (${a.name ?? 'unknown'})`,
				...(httpUrl(a.url) ? { href: httpUrl(a.url) } : {}),
			};
	}
}
