import { InputError } from './errors';
import { typeName } from './path';

/**
 * The one URL policy for every credential's address. Whatever the vendor, the address a secret is
 * sent to is HTTPS (plain HTTP only to this machine: the local sandbox), names its host and
 * nothing else before it (no `user:password@`, which would make `https://lms.example@evil.example`
 * go to evil.example), and carries no query or fragment. Each vendor adds its own rules: whether a
 * bare portal name expands to its domain, and whether the address may carry a path.
 */
export interface UrlRules {
	/** The credential field as the user sees it, for errors. */
	label: string;
	/** A valid example, shown in errors. */
	example: string;
	/** `acme` alone means `acme.<this>` (TalentLMS, LearnUpon portal names). */
	bareNameDomain?: string;
	/** Without a scheme, the text is taken as an HTTPS address; otherwise it is refused. */
	assumeHttps: boolean;
	/** The address may carry a path below its host (an instance mounted below the root). */
	allowPath: boolean;
	/** A pasted API base that is dropped from the path first (e.g. `/api/v1`). */
	ignoredPathSuffix?: RegExp;
}

export interface ServiceUrl {
	/** Scheme, host and port, lower case. */
	origin: string;
	/** The path below the origin, without a trailing slash; '' at the root. */
	path: string;
	/** origin + path. */
	url: string;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK.test(hostname);
}

/**
 * The address checked against the policy and the vendor's rules, or an `InputError` that says
 * which rule it breaks. Never echoes the text: a pasted URL may carry a password.
 */
export function checkServiceUrl(value: unknown, rules: UrlRules): ServiceUrl {
	const { label } = rules;
	const refuse = (why: string) =>
		new InputError(label, `"${label}" ${why}. Use an address such as ${rules.example}.`);
	if (value !== undefined && value !== null && typeof value !== 'string')
		throw refuse(`must be text, got ${typeName(value)}`);
	const text = (value ?? '').trim();
	if (!text) throw new InputError(label, `"${label}" is required`);
	if (rules.bareNameDomain && DNS_LABEL.test(text)) {
		const origin = `https://${text.toLowerCase()}.${rules.bareNameDomain}`;
		return { origin, path: '', url: origin };
	}
	// Parsers disagree on these (a backslash is a slash to some, part of the host to others).
	if (/[\s\\]/.test(text))
		throw refuse('is not a valid address: it contains spaces or backslashes');
	if (!SCHEME.test(text) && !rules.assumeHttps)
		throw refuse('must be a URL starting with https://');
	const withScheme = SCHEME.test(text) ? text : `https://${text}`;
	// The authority as typed: `https://@host` parses to an empty user name, still user info.
	const authority = withScheme.replace(SCHEME, '').split(/[/?#]/, 1)[0];
	if (authority.includes('@')) throw refuse('must not contain a user name or password');
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		throw refuse('is not a valid address');
	}
	const loopback = isLoopbackHost(url.hostname);
	if (url.protocol === 'http:' && !loopback)
		throw refuse('must use https:// (HTTPS; plain http only for localhost or 127.0.0.1)');
	if (url.protocol !== 'https:' && url.protocol !== 'http:')
		throw refuse('must use https:// (HTTPS)');
	if (url.search || url.hash || /[?#]/.test(withScheme))
		throw refuse('must not contain a query or fragment');
	// A DNS name: an LMS's certificate is issued for one, and a bare IP hides where the secret goes.
	if (!loopback && !HOST_NAME.test(url.hostname)) throw refuse('has an invalid host name');
	let path = url.pathname.replace(/\/+$/, '');
	if (rules.ignoredPathSuffix) path = path.replace(rules.ignoredPathSuffix, '');
	if (path && !rules.allowPath) throw refuse('must not contain a path');
	return { origin: url.origin, path, url: `${url.origin}${path}` };
}
