import {
	ApiClient,
	collectSecrets,
	LmsError,
	redactText,
	redactValue,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '../../../nodes/shared/core';

const SECRET_KEY = 'sk_live_9f8e7d6c5b4a';
const SECRET_PASSWORD = 'Hunter2-Correct-Horse';

/** An LMS that fails and, carelessly, echoes what it was sent. */
class EchoingFailure implements Transport {
	constructor(private readonly status: number) {}
	async send(request: HttpRequest): Promise<HttpResponse> {
		return {
			status: this.status,
			headers: {},
			body: {
				message: `Rejected request with auth ${request.headers?.authorization} and password ${
					(request.form ?? {}).password
				}`,
				echo: { headers: request.headers, form: request.form },
			},
		};
	}
}

async function failure(promise: Promise<unknown>): Promise<LmsError> {
	return promise.then(
		() => {
			throw new Error('expected the call to fail');
		},
		(error: unknown) => error as LmsError,
	);
}

const rules = {
	vendorName: 'Example LMS',
	extractMessage: (body: unknown) => (body as { message?: string })?.message,
};

describe('error mapping', () => {
	it.each([
		[400, 'validation'],
		[401, 'unauthorized'],
		[403, 'forbidden'],
		[404, 'notFound'],
		[409, 'alreadyExists'],
		[422, 'validation'],
		[429, 'rateLimited'],
		[503, 'unavailable'],
		[418, 'vendorOther'],
	])('maps HTTP %i to %s with the vendor message', async (status, kind) => {
		const client = new ApiClient(
			{ send: async () => ({ status, headers: {}, body: { message: 'vendor says no' } }) },
			rules,
		);
		const error = (await failure(
			client.call({ method: 'GET', url: 'https://lms.example/x' }),
		)) as LmsError;
		expect(error).toBeInstanceOf(LmsError);
		expect(error.kind).toBe(kind);
		expect(error.status).toBe(status);
		expect(error.vendorMessage).toBe('vendor says no');
		expect(error.message).toContain('vendor says no');
		expect(error.hint.length).toBeGreaterThan(10);
	});

	it('lets the vendor refine the kind from its message', async () => {
		const client = new ApiClient(
			{
				send: async () => ({
					status: 400,
					headers: {},
					body: { message: 'A user with the same email address already exists' },
				}),
			},
			{
				...rules,
				classify: (_status, message) =>
					message?.includes('already exists') ? 'alreadyExists' : undefined,
			},
		);
		const error = await failure(client.call({ method: 'POST', url: 'https://lms.example/users' }));
		expect(error).toMatchObject({ kind: 'alreadyExists', status: 400 });
	});

	it('marks a failed write as outcome-unknown but not a failed read', async () => {
		const client = new ApiClient(
			{ send: async () => ({ status: 502, headers: {}, body: '' }) },
			rules,
		);
		const write = await failure(client.call({ method: 'POST', url: 'https://lms.example/users' }));
		const read = await failure(client.call({ method: 'GET', url: 'https://lms.example/users' }));
		expect(write.outcomeUnknown).toBe(true);
		expect(read.outcomeUnknown).toBe(false);
	});

	it('describes an HTML error page instead of dumping it', async () => {
		const client = new ApiClient(
			{
				send: async () => ({
					status: 500,
					headers: {},
					body: '<!DOCTYPE html><html><body>Oops</body></html>',
				}),
			},
			rules,
		);
		const error = await failure(client.call({ method: 'GET', url: 'https://lms.example/x' }));
		expect(error.vendorMessage).toBe('an HTML error page instead of an API answer');
	});
});

describe('redaction', () => {
	it('keeps a secret planted in a failing request out of the error message, hint, details and JSON', async () => {
		const basic = Buffer.from(`${SECRET_KEY}:`).toString('base64');
		const client = new ApiClient(new EchoingFailure(400), rules);
		const error = (await failure(
			client.call({
				method: 'POST',
				url: `https://lms.example/api/v1/usersignup?token=${SECRET_KEY}`,
				headers: { authorization: `Basic ${basic}` },
				form: { email: 'jane@example.com', password: SECRET_PASSWORD },
			}),
		)) as LmsError;
		const everything = [
			error.message,
			error.hint,
			error.vendorMessage,
			error.request,
			JSON.stringify(error),
			String(error.stack),
		].join('\n');
		for (const secret of [SECRET_KEY, SECRET_PASSWORD, basic])
			expect(everything).not.toContain(secret);
		// What is not secret stays readable.
		expect(error.vendorMessage).toBe(
			'Rejected request with auth [redacted] and password [redacted]',
		);
	});

	it('redacts token-shaped text and sensitive keys even when the secret is not known', () => {
		const text =
			'failed: Authorization: Bearer abcdef123456789 access_token=xyz987654 client_secret: "s3cr3tvalue"';
		const redacted = redactText(text);
		expect(redacted).not.toMatch(/abcdef123456789|xyz987654|s3cr3tvalue/);
		expect(
			redactValue({ user: { password: 'pw-123456', name: 'Jane' }, apiKey: 'k-123456' }),
		).toEqual({
			user: { password: '[redacted]', name: 'Jane' },
			apiKey: '[redacted]',
		});
	});

	it('collects the secrets of a request, including the parts of a basic-auth header', () => {
		const basic = Buffer.from(`user-name:${SECRET_PASSWORD}`).toString('base64');
		const secrets = collectSecrets({
			headers: { authorization: `Basic ${basic}`, accept: 'application/json' },
			body: { User: { password: 'p4ssw0rd!' } },
		});
		expect(secrets).toEqual(expect.arrayContaining([basic, SECRET_PASSWORD, 'p4ssw0rd!']));
		expect(secrets).not.toContain('application/json');
	});

	it('does not blank ordinary fields that merely look similar', () => {
		expect(redactValue({ status: 'passed', passed: true, group_key: 'abc' })).toEqual({
			status: 'passed',
			passed: true,
			group_key: 'abc',
		});
	});

	it('redacts the errors an LmsError is built with', () => {
		const error = new LmsError({
			kind: 'vendorOther',
			message: `bad key ${SECRET_KEY}`,
			details: { key: SECRET_KEY },
			secrets: [SECRET_KEY],
		});
		expect(JSON.stringify(error)).not.toContain(SECRET_KEY);
		expect(error.message).not.toContain(SECRET_KEY);
	});
});
