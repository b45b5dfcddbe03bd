import type { VendorErrorRules } from '../../core';
import { learningPoolIdentity } from './identity';
import type { Json } from './mapping';

export const MAP_HINT =
	'Learning Pool publishes no paths: check that the Endpoint Map in the credential matches your Simple API collection.';

export const learningPoolErrorRules: VendorErrorRules = {
	vendorName: learningPoolIdentity.name,
	extractMessage(body) {
		if (!body || typeof body !== 'object') return undefined;
		const { message, errors, error } = body as Json;
		const base =
			typeof message === 'string' ? message : typeof error === 'string' ? error : undefined;
		// 422 answers name the offending fields in `errors: {field: [messages]}`.
		const details =
			errors && typeof errors === 'object' && !Array.isArray(errors)
				? Object.entries(errors as Json)
						.map(([field, list]) => `${field}: ${[list].flat().map(String).join(' ')}`)
						.join('; ')
				: '';
		if (base && details) return `${base} (${details})`;
		return base ?? (details || undefined);
	},
	classify(status, message, body) {
		const emailErrors = ((body as { errors?: { email?: unknown } } | undefined)?.errors?.email ??
			[]) as unknown;
		const duplicate = /already|taken|exists|duplicate/i;
		if (status === 422 && [emailErrors].flat().some((text) => duplicate.test(String(text))))
			return 'alreadyExists';
		if ((status === 400 || status === 422) && message && /already (exists|taken)/i.test(message))
			return 'alreadyExists';
		return undefined;
	},
	hints: {
		notFound: `Check the id or email. If every call answers 404, ${MAP_HINT.charAt(0).toLowerCase()}${MAP_HINT.slice(1)}`,
		validation: `Learning Pool rejected the input; the message names the fields. ${MAP_HINT}`,
		unauthorized:
			'Learning Pool rejected the token. Check the Client ID, Client Secret and Token Path in the credential.',
		forbidden:
			'The OAuth client is valid but lacks permission for this. Ask the Learning Pool admin to grant the Simple API scope.',
	},
};
