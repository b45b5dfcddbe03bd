import type { VendorErrorRules } from '../../core';
import { isObject, text } from './mapping';
import type { LearnWorldsProfile } from './profile';

/** Both error envelopes: `{"errors":[{code,context,message}],"success":false}` and `{"error":"…"}`. */
export function extractLearnWorldsMessage(body: unknown): string | undefined {
	if (!isObject(body)) return undefined;
	if (Array.isArray(body.errors)) {
		const messages = body.errors
			.map((entry) => {
				if (typeof entry === 'string') return entry;
				if (!isObject(entry)) return undefined;
				const message = text(entry.message);
				const context = text(entry.context);
				return message && context && !message.includes(context)
					? `${message} (${context})`
					: message;
			})
			.filter((message): message is string => Boolean(message));
		if (messages.length) return messages.join('; ');
	}
	if (typeof body.error === 'string') return body.error;
	if (isObject(body.error) && typeof body.error.message === 'string') return body.error.message;
	if (typeof body.message === 'string') return body.message;
	return undefined;
}

const DUPLICATE = /already|exists|taken|in use|duplicate|registered/i;

export function learnWorldsErrorRules(profile: LearnWorldsProfile): VendorErrorRules {
	return {
		vendorName: profile.name,
		extractMessage: extractLearnWorldsMessage,
		classify(status, message) {
			if (
				(status === 400 || status === 409 || status === 422) &&
				message &&
				DUPLICATE.test(message)
			)
				return 'alreadyExists';
			return undefined;
		},
		hints: {
			unauthorized: `${profile.name} did not accept the credential. Check the Client ID and Client Secret; the API client must be active.`,
			forbidden: `The API client is valid but not allowed to do this. Check its scopes in ${profile.name} → Settings → Developers → API.`,
			rateLimited: profile.rateLimitedHint,
		},
	};
}
