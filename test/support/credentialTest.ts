import {
	Expression,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
} from 'n8n-workflow';

/** What n8n's expression engine makes of a credential value (`={{ … }}`) or plain text. */
export function resolveCredentialValue(
	value: unknown,
	data: ICredentialDataDecryptedObject,
): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	// n8n's resolveSimpleParameterValue gives every expression these globals (JSON, String, …).
	const context: IDataObject = { $credentials: data };
	Expression.initializeGlobalContext(context);
	return Expression.resolveWithoutWorkflow(value.slice(1), context);
}

export interface CredentialTestOutcome {
	status: 'OK' | 'Error';
	message: string;
	/** Where the request went (origin and path), or undefined when it never left. */
	sentTo?: string;
}

/**
 * Runs a credential's declarative test the way n8n's "Test" button does: every expression is
 * resolved by n8n's engine over the saved data, the generic `authenticate` (Basic `auth`, headers,
 * query) is applied, and an error status is shown as the matching `responseCode` rule's message,
 * else n8n's own generic text.
 */
export async function runCredentialTest(
	credential: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestOutcome> {
	const test = credential.test;
	if (!test) throw new Error(`${credential.name} has no test request`);
	const resolve = (value: unknown) => resolveCredentialValue(value, data);
	const resolveAll = (values: IDataObject | undefined) =>
		Object.fromEntries(
			Object.entries(values ?? {}).map(([key, value]) => [key, String(resolve(value))]),
		);
	const base = String(resolve(test.request.baseURL ?? '')).replace(/\/+$/, '');
	const url = new URL(`${base}${String(resolve(test.request.url ?? ''))}`);
	const headers: Record<string, string> = resolveAll(test.request.headers as IDataObject);
	const query = resolveAll(test.request.qs as IDataObject);
	const authenticate = credential.authenticate;
	if (authenticate && typeof authenticate === 'object' && authenticate.type === 'generic') {
		const { auth, headers: authHeaders, qs } = authenticate.properties;
		if (auth) {
			const pair = `${String(resolve(auth.username))}:${String(resolve(auth.password))}`;
			headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
		}
		Object.assign(headers, resolveAll(authHeaders as IDataObject));
		Object.assign(query, resolveAll(qs as IDataObject));
	}
	for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
	const sentTo = `${url.origin}${url.pathname}`;
	let status: number;
	try {
		const answer = await fetch(url, { method: test.request.method ?? 'GET', headers });
		status = answer.status;
		await answer.arrayBuffer();
	} catch (error) {
		return { status: 'Error', message: (error as Error).message, sentTo };
	}
	if (status < 400) return { status: 'OK', message: 'Connection tested successfully', sentTo };
	const rule = test.rules?.find(
		(candidate) => candidate.type === 'responseCode' && candidate.properties.value === status,
	);
	const message =
		rule && rule.type === 'responseCode'
			? rule.properties.message
			: 'Authorization failed - please check your credentials';
	return { status: 'Error', message, sentTo };
}
