import { LearningPoolApi } from '../../../../credentials/LearningPoolApi.credentials';
import {
	LP_CLIENT_ID,
	LP_CLIENT_SECRET,
	LP_TOKEN_PATH,
} from '../../../../sandbox/learningpool/simulator';
import { startSandbox, type Sandbox } from '../../../../sandbox/server';
import { runCredentialTest } from '../../../support/credentialTest';

/** The credential test run as n8n's Test button runs it, against the Learning Pool simulator. */
describe('Learning Pool credential test', () => {
	const credential = new LearningPoolApi();
	let sandbox: Sandbox;
	let token: string;
	beforeAll(async () => {
		sandbox = await startSandbox({ vendors: ['learningpool'], seed: { users: 2, courses: 1 } });
		// preAuthentication's part: a real token from the simulator.
		const answer = await fetch(`${sandbox.urls.learningpool}${LP_TOKEN_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'client_credentials',
				client_id: LP_CLIENT_ID,
				client_secret: LP_CLIENT_SECRET,
			}).toString(),
		});
		token = ((await answer.json()) as { access_token: string }).access_token;
	});
	afterAll(() => sandbox.close());
	const data = (overrides: Record<string, string> = {}) => ({
		baseUrl: sandbox.urls.learningpool,
		clientId: LP_CLIENT_ID,
		clientSecret: LP_CLIENT_SECRET,
		accessToken: token,
		...overrides,
	});

	it('passes with a valid token', async () => {
		expect(token).toEqual(expect.any(String));
		await expect(runCredentialTest(credential, data())).resolves.toMatchObject({ status: 'OK' });
	});

	it('explains a refused token in plain words, without the secret or the token', async () => {
		const outcome = await runCredentialTest(credential, data({ accessToken: 'stale-token-123' }));
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(/Client ID and Client Secret/);
		expect(outcome.message).not.toContain(LP_CLIENT_SECRET);
		expect(outcome.message).not.toContain('stale-token-123');
	});

	it('on a 404 points at the Instance URL and the Endpoint Map', async () => {
		const outcome = await runCredentialTest(
			credential,
			data({ baseUrl: `${sandbox.urls.learningpool}/no-such-prefix` }),
		);
		expect(outcome).toMatchObject({ status: 'Error' });
		expect(outcome.sentTo).toBe(`${sandbox.urls.learningpool}/no-such-prefix/api/v1/users`);
		expect(outcome.message).toMatch(/Instance URL/);
		expect(outcome.message).toMatch(/Endpoint Map/);
	});

	it.each([
		['a path', '{"listUsers": "/custom/people"}'],
		['an object with a path', '{"listUsers": {"path": "/custom/people", "pageSize": 50}}'],
	])('reads users where the Endpoint Map lists them (%s)', async (_form, endpointMap) => {
		const outcome = await runCredentialTest(credential, data({ endpointMap }));
		expect(outcome.sentTo).toBe(`${sandbox.urls.learningpool}/custom/people`);
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(/Endpoint Map/);
	});

	it.each([
		// A map the nodes refuse (not JSON, a full URL) fails in preAuthentication, before this
		// request: test/unit/hostile/urlPolicy.test.ts.
		['empty', ''],
		['without listUsers', '{"getUser": "/api/v1/users/{id}"}'],
	])('reads the default user list when the Endpoint Map is %s', async (_case, endpointMap) => {
		const outcome = await runCredentialTest(credential, data({ endpointMap }));
		expect(outcome).toEqual({
			status: 'OK',
			message: expect.any(String),
			sentTo: `${sandbox.urls.learningpool}/api/v1/users`,
		});
	});
});
