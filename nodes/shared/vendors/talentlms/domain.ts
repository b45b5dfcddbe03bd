/**
 * The TalentLMS domain a user types, in any of its usual forms (`acme`, `acme.talentlms.com`,
 * `https://acme.talentlms.com`), reduced to one origin. HTTPS only: the API key travels as Basic
 * auth, so plain HTTP is refused except on a loopback address (the local sandbox).
 */

export class DomainError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DomainError';
	}
}

const EXAMPLES = 'Use "acme", "acme.talentlms.com" or "https://acme.talentlms.com"';

/** A bare portal name such as `acme`: one DNS label. */
const PORTAL_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

function isLoopback(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/** `https://acme.talentlms.com` from any accepted form; throws `DomainError` with the reason otherwise. */
export function normaliseDomain(input: unknown): string {
	const text = typeof input === 'string' ? input.trim().replace(/\/+$/, '') : '';
	if (!text) throw new DomainError(`The TalentLMS domain is empty. ${EXAMPLES}.`);
	if (PORTAL_NAME.test(text)) return `https://${text.toLowerCase()}.talentlms.com`;

	const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
	let url: URL;
	try {
		url = new URL(hasScheme ? text : `https://${text}`);
	} catch {
		throw new DomainError(`The TalentLMS domain "${text}" is not a valid address. ${EXAMPLES}.`);
	}
	if (url.username || url.password) {
		throw new DomainError(
			'The TalentLMS domain must not contain a user name or password; put the API key in the API Key field.',
		);
	}
	if (
		(url.pathname !== '/' && url.pathname !== '') ||
		url.search ||
		url.hash ||
		/[?#]/.test(text)
	) {
		throw new DomainError(
			`The TalentLMS domain "${url.host}" must not have a path or query (such as /api/v1). ${EXAMPLES}.`,
		);
	}
	if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
		throw new DomainError(
			`The TalentLMS domain must use HTTPS: the API key would travel unencrypted over "${url.origin}".`,
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new DomainError(
			`The TalentLMS domain must be an HTTPS address, not "${url.protocol}". ${EXAMPLES}.`,
		);
	}
	return url.origin;
}

/** The API v1 base URL of a domain. */
export function apiBaseUrl(domain: unknown): string {
	return `${normaliseDomain(domain)}/api/v1`;
}

/** Where the credential test sends a refused domain: a name that cannot resolve, and says why. */
export const REFUSED_DOMAIN_ORIGIN =
	'https://refused-talentlms-domain-use-https-without-path.invalid';

/**
 * `normaliseDomain` as an n8n expression over `$credentials.domain`, for the credential's test
 * request (credential files cannot call code). Same origin for every accepted form; refused forms
 * give `REFUSED_DOMAIN_ORIGIN`, so the test fails without sending the key anywhere.
 * Plain string and regex calls only (no globals such as `String` or `URL`), so n8n's expression
 * sandbox evaluates it.
 */
/** The typed domain, trimmed and without trailing slashes, in expression syntax. */
const TYPED = '("" + ($credentials.domain ?? "")).trim().replace(/\\/+$/, "")';

export const DOMAIN_EXPRESSION =
	'={{ ' +
	`/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(${TYPED}) ` +
	`? "https://" + ${TYPED}.toLowerCase() + ".talentlms.com" ` +
	`: /^(https:\\/\\/)?[a-z0-9.-]+(:\\d+)?$/i.test(${TYPED}) ` +
	`? "https://" + ${TYPED}.replace(/^https:\\/\\//i, "").toLowerCase() ` +
	`: /^http:\\/\\/(localhost|127(\\.\\d{1,3}){3})(:\\d+)?$/i.test(${TYPED}) ` +
	`? ${TYPED}.toLowerCase() ` +
	`: "${REFUSED_DOMAIN_ORIGIN}" }}`;
