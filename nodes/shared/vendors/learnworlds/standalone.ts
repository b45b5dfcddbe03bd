// Dev-only (sandbox tools, benchmarks, tests): not compiled into dist/ (tsconfig.build.json).
import type { HttpRequest, Transport } from '../../core';
import type { LearnWorldsProfile } from './profile';
import { readSettings } from './settings';
import { parseTokenResponse, tokenError, tokenRequest } from './auth';

/** Adds auth to a request outside n8n: `refresh` is true after a 401. */
export type StandaloneAuthorizer = (
	request: HttpRequest,
	refresh: boolean,
) => Promise<Record<string, string>>;

/**
 * Does what the credential does inside n8n (client-credentials token with the client header,
 * cached, fetched again after a 401, client header on every call), for benchmarks and tests that
 * drive the adapter outside n8n. `transport` sends the token request and must add no auth itself.
 */
export function standaloneAuthorizer(
	profile: LearnWorldsProfile,
	credentials: Record<string, unknown>,
	transport: Transport,
): StandaloneAuthorizer & { tokensFetched: () => number } {
	const settings = readSettings(profile, credentials);
	const secrets = [settings.clientSecret];
	let token: Promise<string> | undefined;
	let fetched = 0;
	const fetchToken = async () => {
		fetched++;
		const response = await transport.send(tokenRequest(profile, settings));
		if (response.status < 200 || response.status >= 300) {
			throw tokenError(profile, response.status, response.body, settings.clientSecret);
		}
		return parseTokenResponse(profile, response.body, secrets);
	};
	const authorize = async (_request: HttpRequest, refresh: boolean) => {
		if (!token || refresh) {
			token = fetchToken();
			// A failed fetch must not be cached.
			token.catch(() => (token = undefined));
		}
		return { Authorization: `Bearer ${await token}`, [profile.clientHeader]: settings.clientId };
	};
	return Object.assign(authorize, { tokensFetched: () => fetched });
}
