import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { verifyEmailCredentials, type EmailCredentials } from '../shared/channels/email';

export const EMAIL_CREDENTIAL = 'contactCenterEmailApi';

/**
 * n8n tests a credential with the method of whichever node using it it finds first, so every
 * e-mail node carries this one as `testedBy: 'contactCenterEmailLogin'`: it logs in to IMAP and SMTP.
 */
export const emailCredentialTest = {
	async contactCenterEmailLogin(
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		const { ok, message } = await verifyEmailCredentials(credential.data as unknown as EmailCredentials);
		return { status: ok ? 'OK' : 'Error', message };
	},
};
