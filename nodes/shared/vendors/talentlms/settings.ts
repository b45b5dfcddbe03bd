/**
 * The TalentLMS domain a user types, in any of its usual forms (`acme`, `acme.talentlms.com`,
 * `https://acme.talentlms.com`), reduced to one origin. HTTPS only: the API key travels as Basic
 * auth, so plain HTTP is refused except on a loopback address (the local sandbox).
 */

import { checkServiceUrl, InputError } from '../../core';

export class DomainError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DomainError';
	}
}

/**
 * `https://acme.talentlms.com` from any accepted form, under the core's URL policy (HTTPS except
 * to this machine, no user name or password, no path or query); throws `DomainError` with the
 * reason otherwise. Custom domains are accepted: TalentLMS lets a portal use its own.
 */
export function normaliseDomain(input: unknown): string {
	try {
		return checkServiceUrl(input, {
			label: 'Domain',
			example: '"acme", "acme.talentlms.com" or "https://acme.talentlms.com"',
			bareNameDomain: 'talentlms.com',
			assumeHttps: true,
			allowPath: false,
		}).origin;
	} catch (error) {
		if (error instanceof InputError) throw new DomainError(error.message);
		throw error;
	}
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
	`: /^(https:\\/\\/)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}(:\\d{1,5})?$/i.test(${TYPED}) ` +
	`? "https://" + ${TYPED}.replace(/^https:\\/\\//i, "").toLowerCase() ` +
	`: /^http:\\/\\/(localhost|127(\\.\\d{1,3}){3})(:\\d+)?$/i.test(${TYPED}) ` +
	`? ${TYPED}.toLowerCase() ` +
	`: "${REFUSED_DOMAIN_ORIGIN}" }}`;
