import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { LearningPoolApi } from '../../credentials/LearningPoolApi.credentials';
import { LearningPool } from '../../nodes/LearningPool/LearningPool.node';
import { LearningPoolTrigger } from '../../nodes/LearningPool/LearningPoolTrigger.node';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { CredentialStore, createPollHarness, runWorkflow } from './harness';

jest.setTimeout(60_000);

const TYPE = 'n8n-nodes-lms-provisioning.learningPool';
const NODE = 'Learning Pool';

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

describe('Learning Pool nodes in n8n-core against the sandbox', () => {
	let sandbox: Sandbox;
	let store: CredentialStore;
	const stamp = Date.now().toString(36);
	const email = (name: string) => `${name}.${stamp}@example.com`;

	const log = () => sandbox.requestLog('learningpool');

	async function run(
		parameters: INodeParameters,
		input: IDataObject[] = [{}],
		continueOnFail = false,
	) {
		const result = await runWorkflow({
			nodeTypes: { [TYPE]: LearningPool },
			credentialTypes: [LearningPoolApi],
			credentials: store,
			nodes: [
				{
					name: NODE,
					type: TYPE,
					parameters,
					...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
				},
			],
			input,
		});
		if (!continueOnFail && result.error) throw result.error;
		return result.output(NODE).map((item) => item.json);
	}

	beforeAll(async () => {
		sandbox = await startSandbox({
			vendors: ['learningpool'],
			seed: { users: 30, courses: 5, groups: 3, completions: 10, seed: 7 },
		});
		const simulator = sandbox.simulators.learningpool!;
		store = new CredentialStore({
			learningPoolApi: {
				baseUrl: sandbox.urls.learningpool,
				clientId: simulator.credentials.clientId,
				clientSecret: simulator.credentials.clientSecret,
				tokenUrlPath: '/oauth/token',
				requestsPerSecond: 10,
			},
		});
	});

	afterAll(async () => {
		await sandbox?.close();
	});

	it('creates users, and Find or Create returns the same user instead of a second one', async () => {
		const created = await run(
			{
				resource: 'user',
				operation: 'create',
				email: '={{$json.email}}',
				firstName: 'Ada',
				lastName: '={{$json.last}}',
			},
			[
				{ email: email('ada'), last: 'Lovelace' },
				{ email: email('grace'), last: 'Hopper' },
			],
		);
		expect(created.map((user) => [user.action, user.email, user.status])).toEqual([
			['created', email('ada'), 'active'],
			['created', email('grace'), 'active'],
		]);

		const again = await run({
			resource: 'user',
			operation: 'findOrCreate',
			email: email('ada'),
			firstName: 'Ada',
			lastName: 'Lovelace',
		});
		expect(again).toEqual([expect.objectContaining({ action: 'found', id: created[0].id })]);
		const state = sandbox.state('learningpool') as { users: Array<{ email: string }> };
		expect(state.users.filter((user) => user.email === email('ada'))).toHaveLength(1);
	});

	it('gets a user by email and by id, lists users and updates only what changed', async () => {
		const [byEmail] = await run({
			resource: 'user',
			operation: 'get',
			user: rl('email', email('ada')),
		});
		expect(byEmail).toMatchObject({ email: email('ada'), firstName: 'Ada', lastName: 'Lovelace' });
		const [byId] = await run({
			resource: 'user',
			operation: 'get',
			user: rl('id', String(byEmail.id)),
		});
		expect(byId.email).toBe(email('ada'));

		const many = await run({ resource: 'user', operation: 'getMany', returnAll: true });
		expect(many.length).toBeGreaterThanOrEqual(32);
		expect(new Set(many.map((user) => user.id)).size).toBe(many.length);

		const updated = await run({
			resource: 'user',
			operation: 'update',
			user: rl('email', email('ada')),
			updateFields: { lastName: 'King' },
		});
		expect(updated[0]).toMatchObject({ action: 'updated', lastName: 'King' });
		const unchanged = await run({
			resource: 'user',
			operation: 'update',
			user: rl('email', email('ada')),
			updateFields: { lastName: 'King' },
		});
		expect(unchanged[0].action).toBe('unchanged');
	});

	it('suspends and reactivates, answering "already" the second time', async () => {
		const user = rl('email', email('grace'));
		const actions: unknown[] = [];
		for (const operation of ['suspend', 'suspend', 'reactivate', 'reactivate']) {
			const [result] = await run({ resource: 'user', operation, user });
			actions.push([result.action, result.status]);
		}
		expect(actions).toEqual([
			['suspended', 'suspended'],
			['alreadySuspended', 'suspended'],
			['reactivated', 'active'],
			['alreadyActive', 'active'],
		]);
	});

	it('adds to and removes from a group idempotently', async () => {
		const groups = await run({ resource: 'group', operation: 'getMany', returnAll: true });
		expect(groups.length).toBe(3);
		const group = rl('id', String(groups[0].id));
		const user = rl('email', email('ada'));
		const actions: unknown[] = [];
		for (const operation of ['addUser', 'addUser', 'removeUser', 'removeUser']) {
			actions.push((await run({ resource: 'group', operation, user, group }))[0].action);
		}
		expect(actions).toEqual(['added', 'alreadyMember', 'removed', 'notMember']);
	});

	it('adds and removes tags, touching only what differs', async () => {
		const user = rl('email', email('ada'));
		const [added] = await run({ resource: 'tag', operation: 'add', user, tags: 'sales, emea' });
		expect(added).toMatchObject({ action: 'tagged', changed: ['sales', 'emea'] });
		const [again] = await run({ resource: 'tag', operation: 'add', user, tags: 'sales' });
		expect(again.action).toBe('unchanged');
		const [removed] = await run({
			resource: 'tag',
			operation: 'remove',
			user,
			tags: 'sales, absent',
		});
		expect(removed).toMatchObject({ action: 'untagged', changed: ['sales'], tags: ['emea'] });
	});

	it('enrolls, lists, reports progress and unenrolls idempotently', async () => {
		const courses = await run({ resource: 'course', operation: 'getMany', returnAll: true });
		expect(courses.length).toBe(5);
		const course = rl('id', String(courses[0].id));
		const user = rl('email', email('ada'));

		const enrolled = await run({ resource: 'enrollment', operation: 'enroll', user, course });
		expect(enrolled[0].action).toBe('enrolled');
		expect(
			(await run({ resource: 'enrollment', operation: 'enroll', user, course }))[0].action,
		).toBe('alreadyEnrolled');
		const list = await run({ resource: 'enrollment', operation: 'getMany', user, returnAll: true });
		expect(list.map((enrollment) => enrollment.productId)).toContain(String(courses[0].id));
		const [progress] = await run({
			resource: 'enrollment',
			operation: 'getProgress',
			user,
			course,
		});
		expect(progress).toMatchObject({ enrolled: true, productId: String(courses[0].id) });

		expect(
			(await run({ resource: 'enrollment', operation: 'unenroll', user, course }))[0].action,
		).toBe('unenrolled');
		expect(
			(await run({ resource: 'enrollment', operation: 'unenroll', user, course }))[0].action,
		).toBe('notEnrolled');
	});

	it('lists completions since a date, oldest first', async () => {
		const completions = await run({
			resource: 'completion',
			operation: 'getMany',
			since: '2000-01-01T00:00:00Z',
			returnAll: true,
		});
		expect(completions.length).toBe(10);
		const times = completions.map((completion) => String(completion.completedAt));
		expect([...times].sort()).toEqual(times);
	});

	it('fails one item with the vendor message and keeps the others (continueOnFail, pairedItem)', async () => {
		const [ada] = await run({
			resource: 'user',
			operation: 'get',
			user: rl('email', email('ada')),
		});
		const result = await runWorkflow({
			nodeTypes: { [TYPE]: LearningPool },
			credentialTypes: [LearningPoolApi],
			credentials: store,
			nodes: [
				{
					name: NODE,
					type: TYPE,
					onError: 'continueRegularOutput',
					parameters: { resource: 'user', operation: 'get', user: rl('id', '={{$json.id}}') },
				},
			],
			input: [{ id: 'does-not-exist-999999' }, { id: String(ada.id) }],
		});
		const items = result.output(NODE);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(String(items[0].json.error)).toMatch(
			/does-not-exist-999999|not found|could not be found/i,
		);
		expect(items[1]).toMatchObject({ json: { email: email('ada') }, pairedItem: { item: 1 } });
		expect(JSON.stringify(items)).not.toContain(
			sandbox.simulators.learningpool!.credentials.clientSecret,
		);
	});

	it('survives a token that expires mid-run: one refresh, no item lost or repeated', async () => {
		sandbox.clearLog();
		const seen = { count: 0 };
		// The sandbox reads its clock once per request: from the 4th on, it is two hours later, so
		// the token in use (one hour) has expired halfway through the items.
		sandbox.setClock(() => {
			seen.count++;
			return seen.count >= 4 ? Date.now() + 2 * 3_600_000 : Date.now();
		});
		try {
			const input = ['m1', 'm2', 'm3', 'm4', 'm5'].map((name) => ({
				email: email(name),
				last: name,
			}));
			const created = await run(
				{
					resource: 'user',
					operation: 'create',
					email: '={{$json.email}}',
					firstName: 'Mid',
					lastName: '={{$json.last}}',
				},
				input,
			);
			expect(created.map((user) => [user.action, user.email])).toEqual(
				input.map((item) => ['created', item.email]),
			);
		} finally {
			sandbox.setClock(undefined);
		}
		expect(seen.count).toBeGreaterThan(4);
		const entries = log();
		const rejected = entries.findIndex((entry) => entry.status === 401);
		expect(entries.filter((entry) => entry.status === 401)).toHaveLength(1);
		// Exactly one new token after the expiry, and the rejected request was sent again.
		const after = entries.slice(rejected + 1);
		expect(after.filter((entry) => entry.path === '/oauth/token')).toHaveLength(1);
		expect(after[1]).toMatchObject({
			method: entries[rejected].method,
			path: entries[rejected].path,
		});
		const creates = log().filter(
			(entry) => entry.method === 'POST' && entry.path === '/api/v1/users',
		);
		expect(creates.filter((entry) => entry.status === 201)).toHaveLength(5);
	});

	it('redacts a token refreshed mid-run from a later error that quotes it', async () => {
		sandbox.clearLog();
		let requests = 0;
		// Expired from the 2nd request on (one refresh); from the 4th on, the server quotes the
		// token it was sent in a 400.
		sandbox.setClock(() => {
			requests++;
			if (requests === 3)
				sandbox.setFaults('learningpool', {
					serverErrorRate: 1,
					errorStatus: 400,
					errorBody: '{"message":"Session {credential} may not read this user"}',
				});
			return requests >= 2 ? Date.now() + 4 * 3_600_000 : Date.now();
		});
		let items: IDataObject[];
		try {
			items = await run(
				{ resource: 'user', operation: 'get', user: rl('email', '={{$json.email}}') },
				[{ email: email('ada') }, { email: email('ada') }],
				true,
			);
		} finally {
			sandbox.setClock(undefined);
			sandbox.clearFaults();
		}
		const token = String(store.get('learningPoolApi').accessToken);
		expect(log().filter((entry) => entry.path === '/oauth/token').length).toBeGreaterThan(0);
		const quoted = items.filter((item) => String(item.error).includes('may not read this user'));
		expect(quoted.length).toBeGreaterThan(0);
		expect(token.length).toBeGreaterThan(8);
		expect(JSON.stringify(items)).not.toContain(token);
	});

	it('triggers on a new completion once, and "Fetch Test Event" shows recent ones', async () => {
		const poller = createPollHarness({
			nodeType: LearningPoolTrigger,
			credentialTypes: [LearningPoolApi],
			credentials: store,
			parameters: { event: 'courseCompleted', course: rl('id', ''), options: {} },
		});
		expect(await poller.poll()).toEqual([]); // the first activation starts from now

		const [user] = await run({
			resource: 'user',
			operation: 'get',
			user: rl('email', email('grace')),
		});
		const courses = await run({ resource: 'course', operation: 'getMany', returnAll: true });
		const simulator = sandbox.simulators.learningpool!;
		simulator.control!('completeCourse', { userId: user.id, courseId: courses[1].id }, Date.now());

		const fresh = await poller.poll();
		expect(fresh.map((item) => [item.json.userId, item.json.email, item.json.courseId])).toEqual([
			[String(user.id), email('grace'), String(courses[1].id)],
		]);
		expect(await poller.poll()).toEqual([]);

		// "Fetch Test Event" shows the newest without moving the cursor.
		const cursor = JSON.stringify(poller.nodeStaticData);
		const sample = await poller.poll({ mode: 'manual' });
		expect(sample[0].json).toMatchObject({
			userId: String(user.id),
			courseId: String(courses[1].id),
		});
		expect(JSON.stringify(poller.nodeStaticData)).toBe(cursor);
		expect(await poller.poll()).toEqual([]);
	});
});
