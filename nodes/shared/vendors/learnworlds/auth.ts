import {
	LmsError,
	parsedBody,
	redactText,
	rememberObtainedSecret,
	type HttpRequest,
} from '../../core';
import type { LearnWorldsProfile } from './profile';
import type { LearnWorldsSettings } from './settings';

/** OAuth2 client credentials against the school: the token call, its answer and its errors. */

/** What every API call carries inside n8n: the stored bearer token and the client header. */
export function apiHeaders(
	profile: LearnWorldsProfile,
	credentials: Record<string, unknown>,
): Record<string, string> {
	return {
		Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
		[profile.clientHeader]: String(credentials.clientId ?? ''),
	};
}

export type TokenSettings = Pick<LearnWorldsSettings, 'tokenUrl' | 'clientId' | 'clientSecret'>;

/** The client-credentials token request, with the client header, the same inside n8n and outside. */
export function tokenRequest(
	profile: LearnWorldsProfile,
	settings: TokenSettings,
): HttpRequest & { form: Record<string, string>; headers: Record<string, string> } {
	return {
		method: 'POST',
		url: settings.tokenUrl,
		headers: { [profile.clientHeader]: settings.clientId },
		form: {
			client_id: settings.clientId,
			client_secret: settings.clientSecret,
			grant_type: 'client_credentials',
		},
		// A token request changes nothing: repeating it is harmless.
		idempotent: true,
	};
}

/** The vendor's words from a token answer in either error envelope. */
export function tokenAnswerMessage(body: unknown): string | undefined {
	const parsed = parsedBody(body) as
		| { error?: unknown; errors?: unknown; message?: unknown; error_description?: unknown }
		| undefined;
	if (!parsed || typeof parsed !== 'object') return undefined;
	if (typeof parsed.error_description === 'string') return parsed.error_description;
	if (typeof parsed.error === 'string') return parsed.error;
	if (typeof parsed.message === 'string') return parsed.message;
	if (Array.isArray(parsed.errors)) {
		const texts = parsed.errors
			.map((entry) =>
				typeof entry === 'string' ? entry : (entry as { message?: unknown } | null)?.message,
			)
			.filter((text): text is string => typeof text === 'string');
		if (texts.length) return texts.join('; ');
	}
	return undefined;
}

/** `{"tokenData":{"access_token":…},"success":true}` (or a bare `access_token`) → the token. */
export function parseTokenResponse(
	profile: LearnWorldsProfile,
	body: unknown,
	secrets: string[] = [],
): string {
	const parsed = parsedBody(body) as
		| { tokenData?: { access_token?: unknown }; access_token?: unknown }
		| undefined;
	const token = parsed?.tokenData?.access_token ?? parsed?.access_token;
	if (typeof token === 'string' && token) {
		// Any answer quoting it later must not show it: it is as good as the client secret.
		rememberObtainedSecret(token);
		return token;
	}
	const message = tokenAnswerMessage(parsed);
	throw new LmsError({
		kind: 'unauthorized',
		message: redactText(
			`${profile.name} answered without an access token${message ? `. It said: ${message}` : ''}`,
			secrets,
		),
		hint: tokenHint(profile),
		secrets,
	});
}

function tokenHint(profile: LearnWorldsProfile): string {
	const paths = profile.pathsInCredential ? ', Token Path' : '';
	return `Check the ${profile.hostLabel}, Client ID${paths} and Client Secret in the credential (${profile.name} → Settings → Developers → API).`;
}

/** A failed token call in plain words: the status and the vendor's message, never the secret. */
export function tokenError(
	profile: LearnWorldsProfile,
	status: number | undefined,
	body: unknown,
	clientSecret: string,
): LmsError {
	const vendorMessage = tokenAnswerMessage(body);
	const what =
		status === 401 || status === 403 || status === 400
			? `${profile.name} did not accept the Client ID and Client Secret`
			: status === 404
				? `${profile.name} has no token endpoint at this address`
				: status === 429
					? `${profile.name} is throttling requests`
					: status !== undefined && status >= 500
						? `${profile.name} failed while issuing a token`
						: `${profile.name} could not be reached for a token`;
	const error = new LmsError({
		kind:
			status === 429
				? 'rateLimited'
				: status === 404
					? 'notFound'
					: status === undefined || status >= 500
						? 'unavailable'
						: 'unauthorized',
		status,
		message: `${what}${status ? ` (${status})` : ''}${vendorMessage ? `: ${vendorMessage}` : ''}`,
		vendorMessage,
		hint: tokenHint(profile),
		secrets: [clientSecret],
	});
	// n8n wraps errors from preAuthentication; carrying the HTTP answer lets the host's 401 refresh
	// and the n8n transport see a refused token call as the HTTP failure it is, not a lost connection.
	if (status !== undefined)
		Object.defineProperty(error, 'response', { value: { status, data: body }, enumerable: false });
	return error;
}

/** The status and body of an error thrown by n8n's request helper. */
export function failedResponse(error: unknown): { status?: number; body?: unknown } {
	const failure = error as {
		response?: { status?: number; data?: unknown; body?: unknown };
		httpCode?: string;
		cause?: { response?: { status?: number; data?: unknown; body?: unknown } };
	};
	const response = failure.response ?? failure.cause?.response;
	const status = response?.status ?? (Number(failure.httpCode) || undefined);
	return { status, body: response?.data ?? response?.body };
}
