import { Expression } from 'n8n-workflow';

import { TalentLmsApi } from '../../../../credentials/TalentLmsApi.credentials';
import {
	apiBaseUrl,
	DOMAIN_EXPRESSION,
	normaliseDomain,
	REFUSED_DOMAIN_ORIGIN,
} from '../../../../nodes/shared/vendors/talentlms/settings';
import {
	basicAuthorization,
	standaloneAuthorizer,
} from '../../../../nodes/shared/vendors/talentlms/standalone';
import { TALENTLMS_API_KEY } from '../../../../sandbox/talentlms/simulator';
import { startSandbox, type Sandbox } from '../../../../sandbox/server';
import { runCredentialTest } from '../../../support/credentialTest';
import { API_KEY, EXPECTED_AUTH } from './helpers';

/** What n8n's expression engine makes of an expression over `$credentials`. */
function evaluate(expression: string, credentials: Record<string, unknown>): unknown {
	return Expression.resolveWithoutWorkflow(expression.replace(/^=/, ''), {
		$credentials: credentials,
	});
}

const ACCEPTED: Array<[string, string]> = [
	['acme', 'https://acme.talentlms.com'],
	['  ACME  ', 'https://acme.talentlms.com'],
	['acme.talentlms.com', 'https://acme.talentlms.com'],
	['acme.talentlms.com/', 'https://acme.talentlms.com'],
	['https://acme.talentlms.com', 'https://acme.talentlms.com'],
	['https://Acme.TalentLMS.com/', 'https://acme.talentlms.com'],
	['learn.example.org', 'https://learn.example.org'],
	['https://learn.example.org:8443', 'https://learn.example.org:8443'],
	['http://127.0.0.1:4101', 'http://127.0.0.1:4101'],
	['http://localhost:4101/', 'http://localhost:4101'],
];

const REFUSED: Array<[string, RegExp]> = [
	['', /required/],
	['http://acme.talentlms.com', /must use https:\/\//],
	['http://10.0.0.5:8080', /must use https:\/\//],
	['https://acme.talentlms.com/api/v1', /must not contain a path/],
	['https://acme.talentlms.com?x=1', /must not contain a query/],
	['acme.talentlms.com/path', /must not contain a path/],
	['https://key:x@acme.talentlms.com', /user name or password/],
	['https://acme.example@evil.example', /user name or password/],
	['ftp://acme.talentlms.com', /must use https:\/\//],
	['acme talentlms', /not a valid address/],
	['https://10.0.0.5', /invalid host name/],
	['https://-acme-.example.com', /invalid host name/],
];

describe('normaliseDomain', () => {
	it.each(ACCEPTED)('accepts %j as %s', (input, origin) => {
		expect(normaliseDomain(input)).toBe(origin);
	});

	it.each(REFUSED)('refuses %j', (input, reason) => {
		expect(() => normaliseDomain(input)).toThrow(reason);
	});

	it('gives the API v1 base', () => {
		expect(apiBaseUrl('acme')).toBe('https://acme.talentlms.com/api/v1');
	});
});

describe('the credential', () => {
	const credential = new TalentLmsApi();

	it.each(ACCEPTED)("test request's base URL for %j matches normaliseDomain", (input, origin) => {
		expect(evaluate(String(credential.test.request.baseURL), { domain: input })).toBe(origin);
	});

	it.each(REFUSED)('the test request never sends the key to a refused domain %j', (input) => {
		expect(evaluate(DOMAIN_EXPRESSION, { domain: input })).toBe(REFUSED_DOMAIN_ORIGIN);
	});

	it('authenticates with Basic auth: the key as user name, an empty password', () => {
		const auth = credential.authenticate.properties.auth as { username: string; password: string };
		expect(evaluate(auth.username, { domain: 'acme', apiKey: API_KEY })).toBe(API_KEY);
		expect(auth.password).toBe('');
		// Which is exactly the header the standalone authorizer (sandbox, benchmarks) sends.
		expect(basicAuthorization(API_KEY)).toBe(EXPECTED_AUTH);
	});

	it('the standalone authorizer sends the same header and refuses a missing key', async () => {
		await expect(standaloneAuthorizer({ apiKey: API_KEY })({}, false)).resolves.toEqual({
			authorization: EXPECTED_AUTH,
		});
		expect(() => standaloneAuthorizer({})).toThrow(/no API key/);
	});

	describe('run against the TalentLMS simulator', () => {
		let sandbox: Sandbox;
		beforeAll(async () => {
			sandbox = await startSandbox({ vendors: ['talentlms'], seed: { users: 1, courses: 1 } });
		});
		afterAll(() => sandbox.close());

		it('passes with the right key, calling /ratelimit (which costs no quota)', async () => {
			const outcome = await runCredentialTest(credential, {
				domain: sandbox.urls.talentlms,
				apiKey: TALENTLMS_API_KEY,
			});
			expect(outcome).toMatchObject({
				status: 'OK',
				sentTo: `${sandbox.urls.talentlms}/api/v1/ratelimit`,
			});
		});

		it('explains a wrong key in plain words, without showing the key', async () => {
			const wrongKey = 'wrong-Key-7Qx9';
			const outcome = await runCredentialTest(credential, {
				domain: sandbox.urls.talentlms,
				apiKey: wrongKey,
			});
			expect(outcome.status).toBe('Error');
			expect(outcome.message).toMatch(/API key/);
			expect(outcome.message).not.toContain(wrongKey);
		});
	});
});
