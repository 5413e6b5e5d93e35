import type { Operator } from '../routing';
import { toMessage } from '../store/rows';
import type { Db } from '../store/types';
import { fetchPublic } from '../web/publicFetch';
import { isSupervisor, requireAccess } from './access';
import { attachmentView } from './attachments';
import { customerConversations } from './conversation';
import { DeskError } from './errors';

/** Larger pictures are not worth a thumbnail's wait. */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/**
 * The image type the bytes themselves show, from their first bytes. What the remote server claims
 * is not trusted: only these raster types reach the page, never SVG or HTML.
 */
export function imageTypeOf(bytes: Buffer): string | null {
	const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
	if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
	if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
	if (bytes.subarray(0, 6).toString('latin1').match(/^GIF8[79]a$/)) return 'image/gif';
	if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
	return null;
}

/**
 * One image of a message the operator may read, fetched by the desk and handed to the page as a
 * `data:` URL (the page's policy loads images from nowhere else). The message must belong to the
 * customer of a conversation the operator has access to.
 */
export async function attachmentImage(
	db: Db,
	operator: Operator,
	call: { conversationId: number; messageId: number; index: number },
): Promise<{ dataUrl: string }> {
	const { conversation } = await requireAccess(db, operator, call.conversationId);
	const ids = await customerConversations(db, conversation.customerId);
	const [row] = await db.query('SELECT * FROM messages WHERE id = ?', [call.messageId]);
	if (!row || !ids.includes(Number(row.conversation_id))) {
		throw new DeskError(404, `Message ${call.messageId} is not in this customer's history.`);
	}
	const message = toMessage(row);
	// What the customer deleted stays for supervisors only, its pictures too.
	const attachment = message.deletedAt && !isSupervisor(operator) ? undefined : message.attachments[call.index];
	if (!attachment || !attachmentView(attachment, message.channel).preview || !attachment.url) {
		throw new DeskError(404, `Message ${call.messageId} has no image the desk can fetch at position ${call.index}.`);
	}
	const answer = await fetchPublic(attachment.url, { timeout: 10_000, maxBytes: MAX_IMAGE_BYTES, maxRedirects: 3 }).catch((error: Error) => {
		throw new DeskError(502, `The image could not be fetched: ${error.message}`);
	});
	if (answer.status !== 200) throw new DeskError(502, `The image could not be fetched: its server answered ${answer.status}.`);
	const bytes = Buffer.from(answer.data as ArrayBuffer);
	const type = imageTypeOf(bytes);
	if (!type) throw new DeskError(502, 'What the image link serves is not a picture this desk shows (PNG, JPEG, GIF, WebP).');
	return { dataUrl: `data:${type};base64,${bytes.toString('base64')}` };
}
