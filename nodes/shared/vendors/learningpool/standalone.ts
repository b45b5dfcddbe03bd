// Dev-only (sandbox tools, benchmarks, tests): not compiled into dist/ (tsconfig.build.json).
import { LmsError, type HttpRequest, type Transport } from '../../core';
import { readTokenSettings } from './settings';
import { parseTokenResponse, tokenRequest } from './auth';

/** Adds auth to a request outside n8n: `refresh` is true after a 401. */
export type StandaloneAuthorizer = (
	request: HttpRequest,
	refresh: boolean,
) => Promise<Record<string, string>>;

/**
 * Does what the credential does inside n8n (client-credentials token, cached, fetched again after
 * a 401), for benchmarks and tests that drive the adapter outside n8n. `transport` sends the
 * token request; it must not add auth itself.
 */
export function standaloneAuthorizer(
	credentials: Record<string, unknown>,
	transport: Transport,
): StandaloneAuthorizer & { tokensFetched: () => number } {
	const settings = readTokenSettings(credentials);
	const secrets = [settings.clientSecret];
	let token: Promise<string> | undefined;
	let fetched = 0;
	const fetchToken = async () => {
		fetched++;
		const response = await transport.send(tokenRequest(settings));
		if (response.status < 200 || response.status >= 300) {
			const message = (response.body as { message?: unknown } | undefined)?.message;
			throw new LmsError({
				kind: response.status === 429 ? 'rateLimited' : 'unauthorized',
				status: response.status,
				message: `Learning Pool refused the token request (${response.status})${typeof message === 'string' ? `: ${message}` : ''}`,
				hint: 'Check the Client ID, Client Secret and Token Path in the credential.',
				secrets,
			});
		}
		return parseTokenResponse(response.body, secrets);
	};
	let refreshing = false;
	const authorize = async (_request: HttpRequest, refresh: boolean) => {
		// Parallel requests that met the expired token together share the one refresh under way.
		if (!token || (refresh && !refreshing)) {
			refreshing = true;
			const next = fetchToken();
			token = next;
			next.then(
				() => (refreshing = false),
				() => {
					refreshing = false;
					// A failed fetch must not be cached.
					if (token === next) token = undefined;
				},
			);
		}
		return { Authorization: `Bearer ${await token}` };
	};
	return Object.assign(authorize, { tokensFetched: () => fetched });
}
