import {
	checkServiceUrl,
	encodeForm,
	InputError,
	LmsError,
	redactText,
	rememberObtainedSecret,
	type HttpRequest,
} from '../../core';
import {
	DEFAULT_ENDPOINTS,
	DEFAULT_TOKEN_PATH,
	resolveEndpoints,
	type EndpointMap,
} from './endpoints';

/** The credential's values, checked. Shared by the credential, the adapter and standalone use. */
export interface LearningPoolSettings {
	/** Instance base URL without a trailing slash. */
	baseUrl: string;
	clientId: string;
	clientSecret: string;
	tokenPath: string;
	endpoints: EndpointMap;
	requestsPerSecond: number;
}

/**
 * The credential test's user-list path: the Endpoint Map's "listUsers" (a path, or an object's
 * "path"), else the default. An n8n expression, as the declarative test cannot run code. A map the
 * nodes refuse never gets this far: n8n runs preAuthentication before every credential test, and
 * it reads the whole map as the nodes do (`readSettings`), so the test fails with the nodes' reason.
 */
export const LIST_USERS_PATH_EXPRESSION =
	'={{ (() => { const raw = $credentials.endpointMap; let entry; ' +
	'try { entry = (typeof raw === "string" ? (raw.trim() ? JSON.parse(raw) : {}) : raw || {}).listUsers; } ' +
	'catch (error) { entry = undefined; } ' +
	'const path = typeof entry === "string" ? entry : entry && typeof entry === "object" ? entry.path : undefined; ' +
	'const trimmed = typeof path === "string" ? path.trim() : ""; ' +
	`return trimmed.charAt(0) === "/" && trimmed.indexOf(" ") < 0 ? trimmed : "${DEFAULT_ENDPOINTS.listUsers.path}"; })() }}`;

/** The vendor publishes no ceiling; 10 requests a second is a conservative guess. */
export const DEFAULT_REQUESTS_PER_SECOND = 10;

/**
 * The instance URL under the core's URL policy (HTTPS except to this machine, no user name or
 * password, no query). Learning Pool instances live on customers' own hosts, sometimes below a
 * path, so any host name and path is accepted; the scheme must be typed, as in the collection.
 */
export function normaliseBaseUrl(value: unknown): string {
	return checkServiceUrl(value, {
		label: 'Instance URL',
		example: 'https://learning.example.com',
		assumeHttps: false,
		allowPath: true,
	}).url;
}

export type TokenSettings = Pick<
	LearningPoolSettings,
	'baseUrl' | 'clientId' | 'clientSecret' | 'tokenPath'
>;

/** What the token request needs; the credential's preAuthentication reads only this. */
export function readTokenSettings(credentials: Record<string, unknown>): TokenSettings {
	const text = (name: string, label: string) => {
		const value = typeof credentials[name] === 'string' ? (credentials[name] as string).trim() : '';
		if (!value) throw new InputError(label, `"${label}" is required in the credential`);
		return value;
	};
	const tokenPath =
		typeof credentials.tokenUrlPath === 'string' && credentials.tokenUrlPath.trim()
			? credentials.tokenUrlPath.trim()
			: DEFAULT_TOKEN_PATH;
	if (!tokenPath.startsWith('/')) {
		throw new InputError('Token Path', '"Token Path" must start with "/", e.g. /oauth/token');
	}
	return {
		baseUrl: normaliseBaseUrl(credentials.baseUrl),
		clientId: text('clientId', 'Client ID'),
		clientSecret: text('clientSecret', 'Client Secret'),
		tokenPath,
	};
}

/** Requests per second from the credential; the conservative default when unset or invalid. */
export function readRequestsPerSecond(credentials: Record<string, unknown>): number {
	const rate = Number(credentials.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND);
	return Number.isFinite(rate) && rate >= 1 ? Math.floor(rate) : DEFAULT_REQUESTS_PER_SECOND;
}

export function readSettings(credentials: Record<string, unknown>): LearningPoolSettings {
	return {
		...readTokenSettings(credentials),
		endpoints: resolveEndpoints(credentials.endpointMap),
		requestsPerSecond: readRequestsPerSecond(credentials),
	};
}

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
	const parsed = typeof body === 'string' ? safeJson(body) : body;
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

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Form body text of the token request, for n8n's request helper. */
export function tokenRequestBody(request: { form: Record<string, string> }): string {
	return encodeForm(request.form);
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
	const parsed = typeof body === 'string' ? safeJson(body) : body;
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
