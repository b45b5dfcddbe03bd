import { FixtureBasicApi } from './fixtures/FixtureBasicApi.credentials';
import { FixtureEventsTrigger } from './fixtures/FixtureEventsTrigger.node';
import { FixtureTokenApi } from './fixtures/FixtureTokenApi.credentials';
import { FixtureUsers } from './fixtures/FixtureUsers.node';
import type { FixtureServer } from './fixtures/fixture-server';
import {
	BASIC_PASSWORD,
	BASIC_USER,
	CLIENT_ID,
	CLIENT_SECRET,
	startFixtureServer,
} from './fixtures/fixture-server';
import { MANUAL_TRIGGER_NAME, createPollHarness, runWorkflow } from './harness';

jest.setTimeout(30_000);

const USERS_TYPE = 'n8n-nodes-fixture.fixtureUsers';

let server: FixtureServer;

beforeAll(async () => {
	server = await startFixtureServer();
});

afterAll(async () => {
	await server.close();
});

beforeEach(() => {
	server.requests.length = 0;
	server.tokensIssued.length = 0;
	server.events.length = 0;
	server.expireTokens();
});

const basicCredentials = () => ({
	fixtureBasicApi: {
		baseUrl: server.url,
		username: BASIC_USER,
		password: BASIC_PASSWORD,
		tenant: 'acme',
	},
});

const tokenCredentials = () => ({
	fixtureTokenApi: { baseUrl: server.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
});

const credentialTypes = [FixtureBasicApi, FixtureTokenApi];

const userRequests = () => server.requests.filter((request) => request.path.startsWith('/users/'));

describe('runWorkflow', () => {
	it('applies generic basic auth and headers, resolves expressions and resource locators', async () => {
		const result = await runWorkflow({
			nodeTypes: { [USERS_TYPE]: FixtureUsers },
			credentialTypes,
			credentials: basicCredentials(),
			nodes: [
				{
					name: 'Users',
					type: USERS_TYPE,
					parameters: {
						authentication: 'basic',
						user: { __rl: true, mode: 'url', value: '={{ $json.link }}' },
					},
				},
			],
			input: [{ link: `${server.url}/users/42` }, { link: `${server.url}/users/43?tab=profile` }],
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.executedNodes).toEqual([MANUAL_TRIGGER_NAME, 'Users']);
		expect(result.output('Users')).toEqual([
			{ json: { id: '42', email: 'ada@example.com' }, pairedItem: { item: 0 } },
			{ json: { id: '43', email: 'grace@example.com' }, pairedItem: { item: 1 } },
		]);
		const expected = `Basic ${Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString('base64')}`;
		expect(userRequests()).toEqual([
			expect.objectContaining({ path: '/users/42', authorization: expected, tenant: 'acme' }),
			expect.objectContaining({ path: '/users/43', authorization: expected, tenant: 'acme' }),
		]);
	});

	it('fetches a token once via preAuthentication and reuses it across items and executions', async () => {
		const credentials = tokenCredentials();
		const run = async () =>
			await runWorkflow({
				nodeTypes: { [USERS_TYPE]: FixtureUsers },
				credentialTypes,
				credentials,
				nodes: [
					{
						name: 'Users',
						type: USERS_TYPE,
						parameters: {
							authentication: 'token',
							user: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
						},
					},
				],
				input: [{ id: '42' }, { id: '43' }],
			});

		const first = await run();
		const second = await run();

		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(second.output('Users').map((item) => item.json.email)).toEqual([
			'ada@example.com',
			'grace@example.com',
		]);
		expect(server.tokensIssued).toEqual(['tok-1']);
		expect(server.requests.filter((request) => request.path === '/token')).toHaveLength(1);
		expect(userRequests()).toHaveLength(4);
		for (const request of userRequests()) {
			expect(request).toMatchObject({
				authorization: 'Bearer tok-1',
				query: { client: CLIENT_ID },
				status: 200,
			});
		}
		// Stored like n8n stores it; the test's own object is left alone.
		expect(second.credentials.fixtureTokenApi.sessionToken).toBe('tok-1');
		expect(credentials.fixtureTokenApi).not.toHaveProperty('sessionToken');
	});

	it('refreshes an expired token exactly once after a 401 and retries the request', async () => {
		const credentials = tokenCredentials();
		const options = {
			nodeTypes: { [USERS_TYPE]: FixtureUsers },
			credentialTypes,
			credentials,
			nodes: [
				{
					name: 'Users',
					type: USERS_TYPE,
					parameters: { authentication: 'token', user: { __rl: true, mode: 'id', value: '42' } },
				},
			],
			input: [{}, {}],
		};

		await runWorkflow(options);
		expect(server.tokensIssued).toEqual(['tok-1']);

		server.expireTokens();
		const result = await runWorkflow(options);

		expect(result.error).toBeUndefined();
		expect(result.output('Users')).toHaveLength(2);
		expect(server.tokensIssued).toEqual(['tok-1', 'tok-2']);
		const secondRun = userRequests().slice(2);
		expect(secondRun.map((request) => [request.authorization, request.status])).toEqual([
			['Bearer tok-1', 401],
			['Bearer tok-2', 200],
			['Bearer tok-2', 200],
		]);
		expect(result.credentials.fixtureTokenApi.sessionToken).toBe('tok-2');
	});

	it('turns a failed item into an error item with pairedItem when continueOnFail is on', async () => {
		const result = await runWorkflow({
			nodeTypes: { [USERS_TYPE]: FixtureUsers },
			credentialTypes,
			credentials: basicCredentials(),
			nodes: [
				{
					name: 'Users',
					type: USERS_TYPE,
					onError: 'continueRegularOutput',
					parameters: {
						authentication: 'basic',
						user: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					},
				},
			],
			input: [{ id: '42' }, { id: 'nobody' }, { id: '43' }],
		});

		expect(result.error).toBeUndefined();
		const items = result.output('Users');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.email).toBe('ada@example.com');
		// n8n's NodeApiError wording for a 404.
		expect(items[1].json.error).toMatch(/could not be found/);
		expect(items[2].json.email).toBe('grace@example.com');
	});

	it('fails the workflow with the node error when continueOnFail is off', async () => {
		const result = await runWorkflow({
			nodeTypes: { [USERS_TYPE]: FixtureUsers },
			credentialTypes,
			credentials: basicCredentials(),
			nodes: [
				{
					name: 'Users',
					type: USERS_TYPE,
					parameters: {
						authentication: 'basic',
						user: { __rl: true, mode: 'id', value: 'nobody' },
					},
				},
			],
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/could not be found/);
		expect(result.nodeError('Users')).toBeDefined();
		expect(() => result.output('Users')).toThrow(/failed/);
	});

	it('runs a polling trigger as the first node of a manual execution', async () => {
		server.events.push(
			{ id: 1, kind: 'completion', title: 'old' },
			{ id: 2, kind: 'completion', title: 'new' },
		);
		const result = await runWorkflow({
			nodeTypes: { 'n8n-nodes-fixture.fixtureEventsTrigger': FixtureEventsTrigger },
			credentialTypes,
			credentials: tokenCredentials(),
			nodes: [{ name: 'Events', type: 'n8n-nodes-fixture.fixtureEventsTrigger' }],
		});

		expect(result.executedNodes).toEqual(['Events']);
		expect(result.output('Events').map((item) => item.json.title)).toEqual(['new']);
		// Manual mode is a test event: the cursor stays unset.
		expect(result.staticData['node:Events'] ?? {}).toEqual({});
	});

	describe('with one credentials object shared by several tests', () => {
		const shared = {
			fixtureTokenApi: { baseUrl: '', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
		};
		const runShared = async () =>
			await runWorkflow({
				nodeTypes: { [USERS_TYPE]: FixtureUsers },
				credentialTypes,
				credentials: shared,
				nodes: [
					{
						name: 'Users',
						type: USERS_TYPE,
						parameters: { authentication: 'token', user: { __rl: true, mode: 'id', value: '43' } },
					},
				],
			});

		beforeAll(() => {
			shared.fixtureTokenApi.baseUrl = server.url;
		});

		it.each(['first', 'second'])('%s test starts without the token of the other', async () => {
			const result = await runShared();
			expect(result.output('Users')[0].json.id).toBe('43');
			// No stale token sent: the token request comes first and nothing is rejected.
			expect(server.requests.map((request) => [request.path, request.status])).toEqual([
				['/token', 200],
				['/users/43', 200],
			]);
		});
	});
});

describe('createPollHarness', () => {
	const event = (id: number, kind = 'completion') => ({ id, kind, title: `event ${id}` });

	it('keeps the cursor in static data between polls and reuses the token', async () => {
		server.events.push(event(1), event(2), event(3, 'other'));
		const poller = createPollHarness({
			nodeType: FixtureEventsTrigger,
			credentialTypes,
			credentials: tokenCredentials(),
			parameters: { kind: 'completion' },
		});

		const first = await poller.poll();
		expect(first.map((item) => item.json.id)).toEqual([1, 2]);
		expect(poller.nodeStaticData).toEqual({ lastId: 2 });
		expect(poller.staticData).toEqual({ 'node:Fixture Events Trigger': { lastId: 2 } });

		expect(await poller.poll()).toEqual([]);
		expect(poller.lastResponse).toBeNull();

		server.events.push(event(4));
		const third = await poller.poll();
		expect(third.map((item) => item.json.id)).toEqual([4]);
		expect(poller.nodeStaticData).toEqual({ lastId: 4 });

		const eventRequests = server.requests.filter((request) => request.path === '/events');
		expect(eventRequests.map((request) => request.query.after)).toEqual(['0', '2', '2']);
		expect(server.tokensIssued).toEqual(['tok-1']);
	});

	it('returns the newest event in manual mode without moving the cursor', async () => {
		server.events.push(event(1), event(2));
		const poller = createPollHarness({
			nodeType: FixtureEventsTrigger,
			credentialTypes,
			credentials: tokenCredentials(),
			staticData: { 'node:Fixture Events Trigger': { lastId: 1 } },
		});

		const manual = await poller.poll({ mode: 'manual' });
		expect(manual.map((item) => item.json.id)).toEqual([2]);
		expect(poller.nodeStaticData).toEqual({ lastId: 1 });

		const scheduled = await poller.poll();
		expect(scheduled.map((item) => item.json.id)).toEqual([2]);
		expect(poller.nodeStaticData).toEqual({ lastId: 2 });
	});

	it('surfaces a failing poll as an error and leaves the cursor alone', async () => {
		const poller = createPollHarness({
			nodeType: FixtureEventsTrigger,
			credentialTypes,
			credentials: {
				fixtureTokenApi: { baseUrl: server.url, clientId: CLIENT_ID, clientSecret: 'wrong' },
			},
			staticData: { 'node:Fixture Events Trigger': { lastId: 7 } },
		});

		// The token call is refused (403), so the poll fails with n8n's text for it, no secret in it.
		const failure = await poller.poll().then(
			() => undefined,
			(error: Error) => error,
		);
		expect(failure?.message).toBe('Forbidden - perhaps check your credentials?');
		expect(JSON.stringify(failure)).not.toContain('wrong');
		expect(poller.nodeStaticData).toEqual({ lastId: 7 });
	});
});
