/**
 * One URL policy for every credential: a secret goes only to the HTTPS host the user named (plain
 * HTTP only to this machine), never to a host hidden after `user@`, and the credential Test sends
 * nothing where the nodes would refuse to.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { GrowApi } from '../../../credentials/GrowApi.credentials';
import { LearningPoolApi } from '../../../credentials/LearningPoolApi.credentials';
import { LearnWorldsApi } from '../../../credentials/LearnWorldsApi.credentials';
import { checkServiceUrl, InputError } from '../../../nodes/shared/core';
import { readSettings as readLearningPool } from '../../../nodes/shared/vendors/learningpool/settings';
import { learnWorldsProfile } from '../../../nodes/shared/vendors/learnworlds/profile';
import { growProfile } from '../../../nodes/shared/vendors/grow';
import { readSettings as readLearnWorlds } from '../../../nodes/shared/vendors/learnworlds/settings';
import { runCredentialTest } from '../../support/credentialTest';

const SECRET = 'client-secret-9Zq';

describe('checkServiceUrl', () => {
	const rules = {
		label: 'Instance URL',
		example: 'https://lms.example.com',
		assumeHttps: true,
		allowPath: true,
	};

	it.each([
		['https://lms.example.com', 'https://lms.example.com'],
		['lms.example.com/', 'https://lms.example.com'],
		['https://LMS.example.com:8443/lp/', 'https://lms.example.com:8443/lp'],
		['http://127.0.0.1:4105', 'http://127.0.0.1:4105'],
		['http://localhost:4105/', 'http://localhost:4105'],
	])('accepts %j as %s', (input, url) => {
		expect(checkServiceUrl(input, rules).url).toBe(url);
	});

	it.each([
		['user info', 'https://lms.example.com@evil.example'],
		['user info with a password', 'https://user:pw-77@lms.example.com'],
		['an empty user name', 'https://@evil.example'],
		['user info, no scheme', 'lms.example.com@evil.example'],
		['user info before the sandbox', 'http://lms.example.com@127.0.0.1:4105'],
		['plain http elsewhere', 'http://lms.example.com'],
		['another scheme', 'ftp://lms.example.com'],
		['a query', 'https://lms.example.com/?a=1'],
		['an empty query', 'https://lms.example.com?'],
		['a fragment', 'https://lms.example.com#x'],
		['a backslash', 'https://lms.example.com\\@evil.example'],
		['an invalid host', 'https://lms_example'],
	])('refuses %s (%j), without echoing it', (_why, input) => {
		const error = (() => {
			try {
				checkServiceUrl(input, rules);
			} catch (caught) {
				return caught as Error;
			}
			throw new Error('accepted');
		})();
		expect(error).toBeInstanceOf(InputError);
		expect(error.message).not.toContain('pw-77');
		expect(error.message).not.toContain('evil.example');
	});

	it('names the type received when the value is not text', () => {
		expect(() => checkServiceUrl({ host: 'x' }, rules)).toThrow(/must be text, got an object/);
	});

	it('refuses a path where the vendor has none, after dropping a pasted API base', () => {
		const strict = { ...rules, allowPath: false, ignoredPathSuffix: /\/api\/v1$/i };
		expect(checkServiceUrl('https://acme.example.com/api/v1/', strict).url).toBe(
			'https://acme.example.com',
		);
		expect(() => checkServiceUrl('https://acme.example.com/x', strict)).toThrow(/path/);
	});
});

const HIDDEN_HOST = 'https://lms.example.com@evil.example';

describe.each([
	['LearnWorlds', (url: string) => readLearnWorlds(learnWorldsProfile, creds('schoolUrl', url))],
	['Grow', (url: string) => readLearnWorlds(growProfile, creds('schoolUrl', url))],
	['Learning Pool', (url: string) => readLearningPool(creds('baseUrl', url))],
])('%s settings', (_vendor, read) => {
	it('refuse an address with user info, which would send the secret to the host after "@"', () => {
		expect(() => read(HIDDEN_HOST)).toThrow(/user name or password/);
		expect(() => read('https://user:pw@lms.example.com')).toThrow(/user name or password/);
	});
});

function creds(field: string, url: string) {
	return { [field]: url, clientId: 'cid', clientSecret: SECRET };
}

/** A stand-in LMS on 127.0.0.1 that records every request and answers every one. */
let server: Server;
let origin: string;
const seen: string[] = [];
beforeAll(async () => {
	server = createServer((request, response) => {
		seen.push(`${request.method} ${request.url}`);
		request.resume();
		response.setHeader('content-type', 'application/json');
		response.end(
			JSON.stringify(
				request.method === 'POST'
					? { tokenData: { access_token: 'tok-1' }, access_token: 'tok-1' }
					: { data: [], meta: { current_page: 1, last_page: 1 } },
			),
		);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
	seen.length = 0;
});

describe('the credential Test sends nothing where the nodes would refuse', () => {
	it.each([
		['LearnWorlds', new LearnWorldsApi(), 'schoolUrl'],
		['Grow', new GrowApi(), 'schoolUrl'],
		['Learning Pool', new LearningPoolApi(), 'baseUrl'],
	])(
		'%s: an address with user info fails the Test and reaches no host',
		async (_v, credential, field) => {
			const outcome = await runCredentialTest(
				credential,
				{ ...creds(field, `http://lms.example.com@${origin}`), accessToken: '' },
				{ preAuthentication: true },
			);
			expect(seen).toEqual([]);
			expect(outcome.tokenSentTo).toBeUndefined();
			expect(outcome.sentTo).toBeUndefined();
			expect(outcome.status).toBe('Error');
			expect(outcome.message).toMatch(/must not contain a user name or password/);
			expect(outcome.message).not.toContain(SECRET);
		},
	);

	it.each([
		[
			'a full URL as listUsers',
			'{"listUsers": "https://elsewhere.example/users"}',
			/must start with "\/"/,
		],
		['not JSON', '{listUsers: /x', /not valid JSON/],
		['an unknown key', '{"listUsers": "/people", "listEveryone": "/all"}', /unknown key/],
		['a placeholder listUsers cannot fill', '{"listUsers": "/people/{id}"}', /unknown placeholder/],
	])(
		'Learning Pool: an Endpoint Map the nodes refuse (%s) fails the Test, nothing sent',
		async (_why, endpointMap, reason) => {
			const outcome = await runCredentialTest(
				new LearningPoolApi(),
				{ ...creds('baseUrl', `http://${origin}`), endpointMap, accessToken: '' },
				{ preAuthentication: true },
			);
			expect(seen).toEqual([]);
			expect(outcome.status).toBe('Error');
			expect(outcome.message).toMatch(/Endpoint Map/);
			expect(outcome.message).toMatch(reason);
		},
	);

	it('Learning Pool: an accepted Endpoint Map is tested on its own user-list path', async () => {
		const outcome = await runCredentialTest(
			new LearningPoolApi(),
			{
				...creds('baseUrl', `http://${origin}/lp`),
				endpointMap: '{"listUsers": {"path": "/custom/people", "pageSize": 50}}',
				accessToken: '',
			},
			{ preAuthentication: true },
		);
		expect(outcome.status).toBe('OK');
		expect(seen).toEqual(['POST /lp/oauth/token', 'GET /lp/custom/people?per_page=1']);
	});
});
