import type { VendorErrorRules } from '../../core';
import { learnUponIdentity } from './identity';
import type { Json } from './mapping';

/** LearnUpon's error answers: its several envelopes, and what each means. */
export const learnUponErrorRules: VendorErrorRules = {
	vendorName: learnUponIdentity.name,
	extractMessage(body) {
		if (!body || typeof body !== 'object') return undefined;
		const { message, error, errors } = body as Json;
		if (typeof message === 'string' && message) return message;
		if (typeof error === 'string' && error) return error;
		// Bulk operations answer `{error: {code, message}}` (Bulk Operations › Error Responses).
		if (error && typeof error === 'object') {
			const { code, message: text } = error as Json;
			if (typeof text === 'string' && text)
				return typeof code === 'string' ? `${text} (${code})` : text;
			if (typeof code === 'string' && code) return code;
		}
		if (Array.isArray(errors)) return errors.map(String).join('; ') || undefined;
		if (errors && typeof errors === 'object') {
			return Object.entries(errors as Json)
				.map(([field, list]) => `${field}: ${[list].flat().map(String).join(' ')}`)
				.join('; ');
		}
		return undefined;
	},
	classify(status, message) {
		if ((status === 400 || status === 409 || status === 422) && message) {
			if (/already (exists|been taken|taken|in use|registered|enrolled|a member)/i.test(message))
				return 'alreadyExists';
		}
		return undefined;
	},
	hints: {
		unauthorized:
			'LearnUpon rejected the API username or password. Copy both from Settings › Integrations › API in LearnUpon into the credential.',
		forbidden:
			'The API credentials are valid but not allowed to do this. Check that the API is enabled for the portal.',
		notFound:
			'Check the id or email, and that the credential names the right portal (its subdomain).',
	},
};
