// Dev-only (sandbox tools, benchmarks, tests): not compiled into dist/ (tsconfig.build.json).
/**
 * The credential's auth for code outside n8n (sandbox tools, benchmarks, adapter tests): Basic
 * auth with the API key as user name and an empty password, exactly what `TalentLmsApi` sends.
 */

export function basicAuthorization(apiKey: string): string {
	return `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;
}

/** Matches the sandbox's `Authorizer`: headers per request; a key needs no refresh. */
export function standaloneAuthorizer(
	credentials: Record<string, unknown>,
): (request: unknown, refresh: boolean) => Promise<Record<string, string>> {
	const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey : '';
	if (!apiKey) throw new Error('The TalentLMS credentials have no API key');
	const authorization = basicAuthorization(apiKey);
	return async () => ({ authorization });
}
