import {
	LmsError,
	parsedBody,
	redactText,
	rememberObtainedSecret,
	type HttpRequest,
} from '../../core';
import type { TokenSettings } from './settings';

/** OAuth2 client credentials: the token call, its answer and its errors. */

/** The client-credentials token request, the same inside n8n and outside. */
export function tokenRequest(
	settings: TokenSettings,
): HttpRequest & { form: Record<string, string> } {
	return {
		method: 'POST',
		url: `${settings.baseUrl}${settings.tokenPath}`,
		form: {
			grant_type: 'client_credentials',
			client_id: settings.clientId,
			client_secret: settings.clientSecret,
		},
		// A token request makes no change: repeating it is harmless.
		idempotent: true,
	};
}

/** The access token from a token answer, or an error that says what came back instead. */
export function parseTokenResponse(body: unknown, secrets: string[] = []): string {
	const parsed = parsedBody(body);
	const token = (parsed as { access_token?: unknown } | undefined)?.access_token;
	if (typeof token === 'string' && token) {
		// Any answer quoting it later must not show it: it is as good as the client secret.
		rememberObtainedSecret(token);
		return token;
	}
	const message =
		(parsed as { message?: unknown; error_description?: unknown; error?: unknown })
			?.error_description ?? (parsed as { message?: unknown })?.message;
	throw new LmsError({
		kind: 'unauthorized',
		message: redactText(
			`Learning Pool returned no access token${typeof message === 'string' ? `: ${message}` : ''}`,
			secrets,
		),
		hint: 'Check the Client ID, Client Secret and Token Path in the credential.',
		secrets,
	});
}

/** A failed token request as an error that names the status and vendor message, never secrets. */
export function tokenError(error: unknown, clientSecret: string): LmsError {
	const failure = error as {
		response?: { status?: number; data?: unknown; body?: unknown };
		httpCode?: string;
		cause?: { response?: { status?: number; data?: unknown } };
	};
	const response = failure.response ?? failure.cause?.response;
	const status = response?.status ?? (Number(failure.httpCode) || undefined);
	const body =
		(response as { data?: unknown; body?: unknown } | undefined)?.data ??
		(response as { body?: unknown } | undefined)?.body;
	const parsed = parsedBody(body);
	const vendorMessage =
		(parsed as { message?: unknown; error_description?: unknown } | undefined)?.error_description ??
		(parsed as { message?: unknown } | undefined)?.message;
	const secrets = [clientSecret];
	return new LmsError({
		kind: status === 429 ? 'rateLimited' : status && status >= 500 ? 'unavailable' : 'unauthorized',
		status,
		message: `Learning Pool refused the token request${status ? ` (${status})` : ''}${typeof vendorMessage === 'string' ? `: ${vendorMessage}` : ''}`,
		hint: 'Check the Instance URL, Client ID, Client Secret and Token Path in the credential.',
		secrets,
	});
}
