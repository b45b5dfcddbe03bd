import { checkServiceUrl, InputError } from '../../core';

/** The credential's values, checked. Shared by the credential, the adapter and standalone use. */
export interface LearnUponSettings {
	/** Portal origin, e.g. https://acme.learnupon.com (no trailing slash). */
	portalUrl: string;
	/** `${portalUrl}/api/v1` */
	apiBase: string;
	username: string;
	password: string;
	requestsPerSecond: number;
}

/** LearnUpon publishes no numbers; 5 requests a second per portal is a conservative guess. */
export const DEFAULT_REQUESTS_PER_SECOND = 5;

/**
 * Accepts `acme`, `acme.learnupon.com` or `https://acme.learnupon.com[/]` (also with a pasted
 * `/api/v1`) and returns the HTTPS origin, under the core's URL policy (HTTPS except to this
 * machine, no user name or password, no query). A portal has no path.
 */
export function normalisePortalUrl(value: unknown): string {
	return checkServiceUrl(value, {
		label: 'Portal',
		example: 'acme, acme.learnupon.com or https://acme.learnupon.com',
		bareNameDomain: 'learnupon.com',
		assumeHttps: true,
		allowPath: false,
		ignoredPathSuffix: /\/api\/v1$/i,
	}).origin;
}

/** Where the credential test sends a refused portal: a name that cannot resolve, and says why. */
export const REFUSED_PORTAL_ORIGIN =
	'https://refused-learnupon-portal-use-https-without-path.invalid';

/** The typed portal, trimmed, in expression syntax (no globals: n8n's expression sandbox). */
const TYPED_PORTAL = '("" + ($credentials.portal ?? "")).trim()';
/** A pasted `/api/v1` and trailing slashes, which the node also drops. */
const API_SUFFIX = '(\\/api\\/v1)?\\/*$';

/**
 * `normalisePortalUrl` as an n8n expression, for the credential's test request (credential files
 * cannot call code): the same origin for every accepted form; anything the node refuses (a path,
 * a user name or password, plain http to another machine, a query) gives `REFUSED_PORTAL_ORIGIN`,
 * so the test fails without sending the API password anywhere.
 */
export const PORTAL_EXPRESSION =
	'={{ ' +
	`/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(${TYPED_PORTAL}) ` +
	`? "https://" + ${TYPED_PORTAL}.toLowerCase() + ".learnupon.com" ` +
	`: /^(https:\\/\\/)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}(:\\d{1,5})?${API_SUFFIX}/i.test(${TYPED_PORTAL}) ` +
	`? "https://" + ${TYPED_PORTAL}.replace(/^https:\\/\\//i, "").replace(/${API_SUFFIX}/i, "").toLowerCase() ` +
	`: /^http:\\/\\/(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d{1,5})?${API_SUFFIX}/i.test(${TYPED_PORTAL}) ` +
	`? ${TYPED_PORTAL}.replace(/${API_SUFFIX}/i, "").toLowerCase() ` +
	`: "${REFUSED_PORTAL_ORIGIN}" }}`;

export function readRequestsPerSecond(credentials: Record<string, unknown>): number {
	const value = Number(credentials.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND);
	return Number.isFinite(value) && value >= 1 ? Math.floor(value) : DEFAULT_REQUESTS_PER_SECOND;
}

export function readSettings(credentials: Record<string, unknown>): LearnUponSettings {
	const portalUrl = normalisePortalUrl(credentials.portal);
	const username = typeof credentials.username === 'string' ? credentials.username.trim() : '';
	const password = typeof credentials.password === 'string' ? credentials.password : '';
	if (!username) throw new InputError('API Username', '"API Username" is required');
	if (!password) throw new InputError('API Password', '"API Password" is required');
	return {
		portalUrl,
		apiBase: `${portalUrl}/api/v1`,
		username,
		password,
		requestsPerSecond: readRequestsPerSecond(credentials),
	};
}
