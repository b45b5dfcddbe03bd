import {
	checkServiceUrl,
	encodeForm,
	InputError,
	LmsError,
	redactText,
	rememberObtainedSecret,
	type HttpRequest,
	type PacingLimit,
} from '../../core';
import type { LearnWorldsProfile } from './profile';

/** The credential's values, checked. Shared by the credentials, the adapter and standalone use. */
export interface LearnWorldsSettings {
	/** Scheme and host of the school, e.g. https://academy.example.com (no trailing slash). */
	origin: string;
	/** Absolute base of the v2 API, e.g. https://academy.example.com/admin/api/v2. */
	apiBase: string;
	tokenUrl: string;
	clientId: string;
	clientSecret: string;
	/** Below apiBase; the groups collection, the profile's default unless the credential says otherwise. */
	userGroupsPath: string;
}

/**
 * "academy.example.com", "https://academy.example.com/" and a pasted API URL all become
 * https://academy.example.com, under the core's URL policy (HTTPS except to this machine, no user
 * name or password, no query). Schools use *.learnworlds.com names or their own domains, so any
 * host name is accepted.
 */
export function normaliseSchoolUrl(value: unknown, label = 'School URL'): string {
	// The API lives at the school's root; a pasted API address keeps working.
	return checkServiceUrl(value, {
		label,
		example: 'https://academy.example.com',
		assumeHttps: true,
		allowPath: true,
		ignoredPathSuffix: /\/admin\/api(\/v2)?$/i,
	}).url;
}

export function pathSetting(
	credentials: Record<string, unknown>,
	name: string,
	label: string,
	fallback: string,
) {
	const raw = typeof credentials[name] === 'string' ? (credentials[name] as string).trim() : '';
	const value = raw || fallback;
	if (!value.startsWith('/')) throw new InputError(label, `"${label}" must start with "/"`);
	return value.replace(/\/+$/, '');
}

function textSetting(credentials: Record<string, unknown>, name: string, label: string): string {
	const value = typeof credentials[name] === 'string' ? (credentials[name] as string).trim() : '';
	if (!value) throw new InputError(label, `"${label}" is required in the credential`);
	return value;
}

export function readSettings(
	profile: LearnWorldsProfile,
	credentials: Record<string, unknown>,
): LearnWorldsSettings {
	const origin = normaliseSchoolUrl(credentials.schoolUrl, profile.hostLabel);
	// Only credentials whose profile has unpublished paths offer these overrides.
	const tokenPath = pathSetting(
		credentials,
		'tokenUrlPath',
		'Token Path',
		profile.defaultTokenPath,
	);
	const apiBasePath = pathSetting(
		credentials,
		'apiBasePath',
		'API Base Path',
		profile.defaultApiBasePath,
	);
	return {
		origin,
		apiBase: `${origin}${apiBasePath}`,
		tokenUrl: `${origin}${tokenPath}`,
		clientId: textSetting(credentials, 'clientId', 'Client ID'),
		clientSecret: textSetting(credentials, 'clientSecret', 'Client Secret'),
		userGroupsPath: pathSetting(
			credentials,
			'userGroupsPath',
			'User Groups Path',
			profile.defaultUserGroupsPath,
		),
	};
}

/** A credential's "Requests per Second" (for a tenant whose ceiling is not published). */
export function perSecondPacing(
	credentials: Record<string, unknown>,
	fallback: number,
): PacingLimit {
	const rate = Number(credentials.requestsPerSecond ?? fallback);
	return {
		requests: Number.isFinite(rate) && rate >= 1 ? Math.floor(rate) : fallback,
		windowMs: 1_000,
	};
}

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

export function tokenRequestBody(request: { form: Record<string, string> }): string {
	return encodeForm(request.form);
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** The vendor's words from a token answer in either error envelope. */
export function tokenAnswerMessage(body: unknown): string | undefined {
	const parsed = (typeof body === 'string' ? safeJson(body) : body) as
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
	const parsed = (typeof body === 'string' ? safeJson(body) : body) as
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
