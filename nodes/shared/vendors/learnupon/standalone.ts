// Dev-only (sandbox tools, benchmarks, tests): not compiled into dist/ (tsconfig.build.json).
import type { HttpRequest } from '../../core';
import { readSettings } from './settings';

export type StandaloneAuthorizer = (
	request: HttpRequest,
	refresh: boolean,
) => Promise<Record<string, string>>;

/**
 * The credential's auth outside n8n (sandbox tools, benchmarks, tests): HTTP Basic with the
 * portal's API username and password. Nothing to refresh.
 */
export function standaloneAuthorizer(credentials: Record<string, unknown>): StandaloneAuthorizer {
	const { username, password } = readSettings(credentials);
	const header = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
	return async () => ({ Authorization: header });
}
