import { checkServiceUrl, InputError, type PacingLimit } from '../../core';
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
