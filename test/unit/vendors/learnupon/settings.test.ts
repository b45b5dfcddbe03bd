import { InputError } from '../../../../nodes/shared/core';
import { normalisePortalUrl, readSettings } from '../../../../nodes/shared/vendors/learnupon';
import { standaloneAuthorizer } from '../../../../nodes/shared/vendors/learnupon/standalone';
import { LearnUponApi } from '../../../../credentials/LearnUponApi.credentials';
import { learnUponVendor } from '../../../../nodes/shared/vendors/learnupon/definition';
import { LEARNUPON_PASSWORD, LEARNUPON_USERNAME } from '../../../../sandbox/learnupon/simulator';
import { startSandbox, type Sandbox } from '../../../../sandbox/server';
import { resolveCredentialValue, runCredentialTest } from '../../../support/credentialTest';

describe('LearnUpon portal normalisation', () => {
	it.each([
		['acme', 'https://acme.learnupon.com'],
		['  ACME ', 'https://acme.learnupon.com'],
		['acme.learnupon.com', 'https://acme.learnupon.com'],
		['https://acme.learnupon.com', 'https://acme.learnupon.com'],
		['https://acme.learnupon.com/', 'https://acme.learnupon.com'],
		['https://acme.learnupon.com/api/v1/', 'https://acme.learnupon.com'],
		['acme.learnupon.eu', 'https://acme.learnupon.eu'],
		['http://127.0.0.1:4102', 'http://127.0.0.1:4102'],
		['http://localhost:4102/', 'http://localhost:4102'],
	])('accepts %j as %s', (input, expected) => {
		expect(normalisePortalUrl(input)).toBe(expected);
	});

	it.each([
		['', /required/],
		['http://acme.learnupon.com', /https/],
		['ftp://acme.learnupon.com', /https/],
		['https://acme.learnupon.com/users', /path/],
		['https://acme.learnupon.com?x=1', /query/],
		['https://acme.learnupon.com#top', /query or fragment/],
		['https://user:hunter22@acme.learnupon.com', /user name or password/],
		['acme learnupon', /not a valid|invalid host/],
		['-acme-', /invalid host|not a valid/],
	])('rejects %j', (input, message) => {
		let error: unknown;
		try {
			normalisePortalUrl(input);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(InputError);
		expect((error as InputError).field).toBe('Portal');
		expect((error as Error).message).toMatch(message);
		// A pasted URL may carry a password: the message never repeats the input.
		expect((error as Error).message).not.toContain('hunter22');
	});

	it('reads the credential into settings, with the API base and pacing', () => {
		const settings = readSettings({ portal: 'acme', username: 'api', password: 'pw-secret' });
		expect(settings.apiBase).toBe('https://acme.learnupon.com/api/v1');
		// A credential saved before the field existed paces like one saved with the form's default.
		const formDefault = new LearnUponApi().properties.find(
			(property) => property.name === 'requestsPerSecond',
		)?.default;
		expect(learnUponVendor.pacing({})).toEqual(
			learnUponVendor.pacing({ requestsPerSecond: formDefault }),
		);
		expect(learnUponVendor.pacing({ requestsPerSecond: 2 })).toEqual({
			requests: 2,
			windowMs: 1_000,
			provisional: true,
		});
		expect(learnUponVendor.pacing({ requestsPerSecond: 0 })).toEqual(learnUponVendor.pacing({}));
		expect(() => readSettings({ portal: 'acme', username: 'api', password: '' })).toThrow(
			/API Password/,
		);
	});

	it('authorizes standalone requests with HTTP Basic, like the credential', async () => {
		const authorize = standaloneAuthorizer({ portal: 'acme', username: 'api', password: 'pw' });
		const headers = await authorize({ method: 'GET', url: 'x' }, false);
		expect(headers).toEqual({ Authorization: `Basic ${Buffer.from('api:pw').toString('base64')}` });
	});
});

describe('LearnUpon credential', () => {
	const credential = new LearnUponApi();
	const testBaseUrl = (portal: string) =>
		resolveCredentialValue(credential.test.request.baseURL, { portal });

	it.each([
		'acme',
		' ACME ',
		'acme.learnupon.com',
		'Acme.LearnUpon.com/',
		'https://acme.learnupon.com/',
		'https://acme.learnupon.com/api/v1',
		'https://acme.learnupon.com/api/v1/',
		'acme.learnupon.eu',
		'http://127.0.0.1:4102',
		'http://localhost:4102/api/v1',
	])('tests against the same address the node uses for %j', (portal) => {
		expect(testBaseUrl(portal)).toBe(normalisePortalUrl(portal));
	});

	it.each([
		'acme.learnupon.com/x',
		'https://acme.learnupon.com/x/api/v1',
		'https://api:hunter22@acme.learnupon.com',
		'api:hunter22@acme.learnupon.com',
		'http://acme.learnupon.com',
		'https://acme.learnupon.com?x=1',
		'https://acme.learnupon.com#top',
		'ftp://acme.learnupon.com',
		'acme learnupon',
		'',
	])(
		'sends the test for %j, which the node refuses, to an address that cannot resolve',
		(portal) => {
			expect(() => normalisePortalUrl(portal)).toThrow(InputError);
			const origin = String(testBaseUrl(portal));
			expect(new URL(origin).hostname).toMatch(/\.invalid$/);
			expect(origin).not.toContain('hunter22');
		},
	);

	describe('against the LearnUpon simulator', () => {
		let sandbox: Sandbox;
		beforeAll(async () => {
			sandbox = await startSandbox({ vendors: ['learnupon'], seed: { users: 1, courses: 1 } });
		});
		afterAll(() => sandbox.close());
		const data = (password: string) => ({
			portal: sandbox.urls.learnupon,
			username: LEARNUPON_USERNAME,
			password,
		});

		it('passes with the right API username and password, sent as HTTP Basic', async () => {
			await expect(runCredentialTest(credential, data(LEARNUPON_PASSWORD))).resolves.toMatchObject({
				status: 'OK',
				sentTo: `${sandbox.urls.learnupon}/api/v1/groups`,
			});
		});

		it('explains a wrong password in plain words, without repeating it', async () => {
			const outcome = await runCredentialTest(credential, data('wrong-pw-Sec4et'));
			expect(outcome.status).toBe('Error');
			expect(outcome.message).toMatch(/API username or password/);
			expect(outcome.message).not.toContain('wrong-pw-Sec4et');
		});

		it('a portal with a path never reaches the portal', async () => {
			const before = sandbox.requestLog('learnupon').length;
			const outcome = await runCredentialTest(credential, {
				...data(LEARNUPON_PASSWORD),
				portal: 'acme.learnupon.com/x',
			});
			expect(outcome.status).toBe('Error');
			expect(outcome.sentTo).toMatch(/^https:\/\/[^/]+\.invalid\//);
			expect(sandbox.requestLog('learnupon')).toHaveLength(before);
		});
	});
});
