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
	/** Where preAuthentication sent its token request, when it ran and sent one. */
	tokenSentTo?: string;
}

export interface CredentialTestOptions {
	/**
	 * Run the credential's preAuthentication first, as n8n does before every credential test
	 * (credentials-helper: "or the credentials are being tested"), with a fetch-backed
	 * `httpRequest`. A throw fails the test with its message, as n8n shows it.
	 */
	preAuthentication?: boolean;
}

/** `this.helpers.httpRequest` as preAuthentication uses it: JSON answer, throw on an error status. */
async function httpRequest(options: {
	method?: string;
	url: string;
	headers?: Record<string, string>;
	body?: unknown;
}): Promise<unknown> {
	const answer = await fetch(options.url, {
		method: options.method ?? 'GET',
		headers: options.headers,
		body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
	});
	const text = await answer.text();
	let data: unknown = text;
	try {
		data = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	if (answer.status >= 400) {
		throw Object.assign(new Error(`Request failed with status code ${answer.status}`), {
			response: { status: answer.status, data },
		});
	}
	return data;
}

/**
 * Runs a credential's declarative test the way n8n's "Test" button does: every expression is
 * resolved by n8n's engine over the saved data, the generic `authenticate` (Basic `auth`, headers,
 * query) is applied, and an error status is shown as the matching `responseCode` rule's message,
 * else n8n's own generic text.
 */
export async function runCredentialTest(
	credential: ICredentialType,
	given: ICredentialDataDecryptedObject,
	options: CredentialTestOptions = {},
): Promise<CredentialTestOutcome> {
	const test = credential.test;
	if (!test) throw new Error(`${credential.name} has no test request`);
	let data = given;
	let tokenSentTo: string | undefined;
	if (options.preAuthentication && typeof credential.preAuthentication === 'function') {
		const helpers = {
			httpRequest: async (request: Parameters<typeof httpRequest>[0]) => {
				const sent = new URL(request.url);
				tokenSentTo = `${sent.origin}${sent.pathname}`;
				return await httpRequest(request);
			},
		};
		try {
			const output = await credential.preAuthentication.call({ helpers } as never, given);
			data = { ...given, ...output } as ICredentialDataDecryptedObject;
		} catch (error) {
			return { status: 'Error', message: (error as Error).message, tokenSentTo };
		}
	}
	const withToken = (outcome: CredentialTestOutcome): CredentialTestOutcome =>
		tokenSentTo === undefined ? outcome : { ...outcome, tokenSentTo };
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
		return withToken({ status: 'Error', message: (error as Error).message, sentTo });
	}
	if (status < 400)
		return withToken({ status: 'OK', message: 'Connection tested successfully', sentTo });
	const rule = test.rules?.find(
		(candidate) => candidate.type === 'responseCode' && candidate.properties.value === status,
	);
	const message =
		rule && rule.type === 'responseCode'
			? rule.properties.message
			: 'Authorization failed - please check your credentials';
	return withToken({ status: 'Error', message, sentTo });
}
