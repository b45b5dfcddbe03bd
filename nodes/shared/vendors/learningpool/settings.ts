import { checkServiceUrl, InputError } from '../../core';
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
