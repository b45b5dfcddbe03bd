import { InputError } from '../../../../nodes/shared/core';
import {
	normalisePortalUrl,
	readSettings,
	standaloneAuthorizer,
} from '../../../../nodes/shared/vendors/learnupon';
import { LearnUponApi, TEST_BASE_URL } from '../../../../credentials/LearnUponApi.credentials';

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
		expect(settings.requestsPerSecond).toBe(5);
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
	/** The expression's JavaScript, run the way n8n would with `$credentials` in scope. */
	const testBaseUrl = (portal: string): string => {
		const code = TEST_BASE_URL.replace(/^=\{\{/, '').replace(/\}\}$/, '');
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- evaluates our own credential expression, as n8n would
		return new Function('$credentials', `return (${code});`)({ portal }) as string;
	};

	it.each([
		'acme',
		'acme.learnupon.com',
		'https://acme.learnupon.com/',
		'https://acme.learnupon.com/api/v1',
		'http://127.0.0.1:4102',
	])('tests against the same address the node uses for %j', (portal) => {
		expect(testBaseUrl(portal)).toBe(normalisePortalUrl(portal));
	});

	it('never tests over plain http to another machine', () => {
		expect(testBaseUrl('http://acme.learnupon.com')).toBe('https://acme.learnupon.com');
	});

	it('uses Basic auth and explains a 401 in plain words', () => {
		const credential = new LearnUponApi();
		expect(credential.authenticate.properties.auth).toEqual({
			username: '={{$credentials.username}}',
			password: '={{$credentials.password}}',
		});
		const rule401 = credential.test.rules?.find(
			(rule) => rule.type === 'responseCode' && rule.properties.value === 401,
		);
		expect(rule401?.properties.message).toMatch(/rejected the API username or password/);
	});
});
