import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { FakeMeta } from '../fakes/meta/server';
import type { FakeTelegram } from '../fakes/telegram/server';
import type { FakeViber } from '../fakes/viber/server';

/** The pack's channel credentials pointed at the fake platforms, as an engine run is given them. */
export function fakeChannelCredentials(fakes: { telegram: FakeTelegram; viber: FakeViber; meta: FakeMeta }): Record<string, ICredentialDataDecryptedObject> {
	const { telegram, viber, meta } = fakes;
	return {
		contactCenterTelegramApi: { accessToken: telegram.token, baseUrl: telegram.baseUrl },
		contactCenterViberApi: { authToken: viber.authToken, senderName: 'Acme Support', baseUrl: viber.baseUrl },
		contactCenterWhatsAppApi: {
			accessToken: meta.whatsapp.token,
			phoneNumberId: meta.whatsapp.phoneNumberId,
			appSecret: meta.appSecret,
			verifyToken: 'verify-me',
			baseUrl: meta.baseUrl,
		},
	};
}
