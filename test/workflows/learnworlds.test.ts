/**
 * The LearnWorlds and Grow nodes run by n8n-core's engine against the sandbox's LearnWorlds/Grow
 * simulator (one simulator, two profiles): every operation end to end, idempotent outcomes checked
 * against the simulator's state, enroll-right-after-create, Grow's asynchronous bulk enroll, a run
 * through injected 429s, and the completion trigger.
 */
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { GrowApi } from '../../credentials/GrowApi.credentials';
import { LearnWorldsApi } from '../../credentials/LearnWorldsApi.credentials';
import { Grow } from '../../nodes/Grow/Grow.node';
import { GrowTrigger } from '../../nodes/Grow/GrowTrigger.node';
import { LearnWorlds } from '../../nodes/LearnWorlds/LearnWorlds.node';
import { LearnWorldsTrigger } from '../../nodes/LearnWorlds/LearnWorldsTrigger.node';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { CredentialStore, createPollHarness, runWorkflow } from './harness';

jest.setTimeout(120_000);

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const SEED = { users: 20, courses: 4, groups: 2, completions: 0 };

interface SimUser {
	id: string;
	email: string;
	is_suspended: boolean;
	tags: string[];
	role: { level: string };
	fields: Record<string, unknown>;
}
interface SimState {
	users: SimUser[];
	courses: Array<{ id: string }>;
	bundles: Array<{ id: string }>;
	groups: Array<{ id: string; title: string; members: string[] }>;
	seats: Array<{ id: string; members: string[] }>;
	enrollments: Array<{
		userId: string;
		productId: string;
		productType: string;
		price: number;
		justification: string | null;
	}>;
}

const VENDORS = [
	{
		id: 'learnworlds' as const,
		name: 'LearnWorlds',
		type: 'n8n-nodes-lms-provisioning.learnWorlds',
		node: LearnWorlds as new () => INodeType,
		trigger: LearnWorldsTrigger as new () => INodeType,
		credential: LearnWorldsApi,
		credentialType: 'learnWorldsApi',
		extra: {} as IDataObject,
		container: 'subscription',
		containerId: 'subscription-1',
	},
	{
		id: 'grow' as const,
		name: 'Grow',
		type: 'n8n-nodes-lms-provisioning.grow',
		node: Grow as new () => INodeType,
		trigger: GrowTrigger as new () => INodeType,
		credential: GrowApi,
		credentialType: 'growApi',
		// The simulator allows Grow 10 requests a second; stay under it.
		extra: { requestsPerSecond: 8 } as IDataObject,
		container: 'program',
		containerId: 'program-1',
	},
];

describe.each(VENDORS)('$name nodes against the simulator', (vendor) => {
	let sandbox: Sandbox;
	let store: CredentialStore;
	const state = () => sandbox.state(vendor.id) as SimState;
	const log = () => sandbox.requestLog(vendor.id);

	beforeAll(async () => {
		sandbox = await startSandbox({ vendors: [vendor.id], seed: SEED });
	});
	afterAll(() => sandbox.close());
	beforeEach(() => {
		sandbox.reset(SEED);
		sandbox.clearFaults();
		const simulator = sandbox.simulators[vendor.id]!;
		store = new CredentialStore({
			[vendor.credentialType]: {
				schoolUrl: sandbox.urls[vendor.id],
				clientId: simulator.credentials.clientId,
				clientSecret: simulator.credentials.clientSecret,
				...vendor.extra,
			},
		});
	});

	async function runNodes(
		nodes: Array<{ name: string; parameters: INodeParameters }>,
		input: IDataObject[] = [{}],
		continueOnFail = false,
	) {
		const result = await runWorkflow({
			nodeTypes: { [vendor.type]: vendor.node },
			credentialTypes: [vendor.credential],
			credentials: store,
			nodes: nodes.map((node) => ({
				...node,
				type: vendor.type,
				...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			})),
			input,
		});
		if (result.error) throw result.error;
		return result;
	}

	async function run(
		parameters: INodeParameters,
		input: IDataObject[] = [{}],
		continueOnFail = false,
	) {
		const result = await runNodes([{ name: vendor.name, parameters }], input, continueOnFail);
		return result.output(vendor.name).map((item) => item.json);
	}

	const byEmail = rl('email', '={{ $json.email }}');

	it('creates, finds, refuses a duplicate, updates, suspends and reactivates', async () => {
		const email = 'ops+new@example.com';
		const create = {
			resource: 'user',
			operation: 'create',
			email: '={{ $json.email }}',
			firstName: 'Grace',
			lastName: 'Hopper',
			additionalFields: { tags: 'onboarding, emea' },
		};
		const [created] = await run(create, [{ email }]);
		expect(created).toMatchObject({ action: 'created', email, status: 'active' });
		// The user has no name fields: the names given are not stored.
		expect(created.firstName).toBeUndefined();
		expect(created.tags).toEqual(['onboarding', 'emea']);

		const [found] = await run({ ...create, operation: 'findOrCreate' }, [{ email }]);
		expect(found).toMatchObject({ action: 'found', id: created.id });

		const [duplicate] = await run(create, [{ email }], true);
		expect(String(duplicate.error)).toContain('The email has already been taken.');
		expect(state().users.filter((user) => user.email === email)).toHaveLength(1);

		const [updated] = await run(
			{
				resource: 'user',
				operation: 'update',
				user: byEmail,
				updateFields: {
					username: 'Grace Hopper',
					customFields: { field: [{ key: 'company', value: 'Navy' }] },
				},
			},
			[{ email }],
		);
		expect(updated).toMatchObject({ action: 'updated', username: 'Grace Hopper' });

		const suspend = { resource: 'user', operation: 'suspend', user: rl('id', String(created.id)) };
		expect((await run(suspend))[0]).toMatchObject({ action: 'suspended', status: 'suspended' });
		expect((await run(suspend))[0]).toMatchObject({ action: 'alreadySuspended' });
		const [got] = await run({ resource: 'user', operation: 'get', user: byEmail }, [{ email }]);
		expect(got.status).toBe('suspended');
		const [back] = await run({ ...suspend, operation: 'reactivate' });
		expect(back).toMatchObject({ action: 'reactivated', status: 'active' });
		expect(state().users.find((user) => user.email === email)?.is_suspended).toBe(false);
	});

	it('lists every user once, and only the suspended ones when filtered', async () => {
		const users = await run({ resource: 'user', operation: 'getMany', returnAll: true });
		expect(users).toHaveLength(SEED.users);
		expect(new Set(users.map((user) => user.id)).size).toBe(SEED.users);
		const suspended = await run({
			resource: 'user',
			operation: 'getMany',
			returnAll: true,
			filters: { status: 'suspended' },
		});
		expect(suspended.map((user) => user.id).sort()).toEqual(
			state()
				.users.filter((user) => user.is_suspended)
				.map((user) => user.id)
				.sort(),
		);
	});

	it('lists users by tag and by registration time, filtered by the LMS', async () => {
		const [tagged, other] = state().users.slice(3, 5);
		await run({ resource: 'tag', operation: 'add', user: rl('id', tagged.id), tags: 'cohort-7' });
		await run({ resource: 'tag', operation: 'add', user: rl('id', other.id), tags: 'alumni' });
		const byTag = await run({
			resource: 'user',
			operation: 'getMany',
			returnAll: true,
			filters: { tags: 'cohort-7, nobody-has-this' },
		});
		expect(byTag.map((user) => user.id)).toEqual([tagged.id]);

		const before = new Date(Date.now() - 1_000).toISOString();
		await run(
			{
				resource: 'user',
				operation: 'create',
				email: '={{ $json.email }}',
				firstName: 'Late',
				lastName: 'Joiner',
				additionalFields: {},
			},
			[{ email: 'late.joiner@example.com' }],
		);
		const recent = await run({
			resource: 'user',
			operation: 'getMany',
			returnAll: true,
			filters: { registeredAfter: before },
		});
		expect(recent.map((user) => user.email)).toEqual(['late.joiner@example.com']);
		// Both filters travelled as query parameters: the LMS did the filtering.
		const listed = log()
			.filter((entry) => entry.method === 'GET' && entry.path === '/admin/api/v2/users')
			.map((entry) => new URL(entry.url ?? '', 'http://sim').searchParams);
		expect(listed.map((query) => query.get('tags'))).toContain('cohort-7,nobody-has-this');
		expect(listed.map((query) => query.get('registration_after'))).toContain(
			String(Math.floor(Date.parse(before) / 1000)),
		);
	});

	it('refuses a Registered After that is not a date before any call', async () => {
		const [answer] = await run(
			{
				resource: 'user',
				operation: 'getMany',
				returnAll: true,
				filters: { registeredAfter: 'last tuesday-ish' },
			},
			[{}],
			true,
		);
		expect(String(answer.error)).toContain('Registered After');
		expect(log().filter((entry) => entry.path === '/admin/api/v2/users')).toEqual([]);
	});

	it('lists every course once', async () => {
		const courses = await run({ resource: 'course', operation: 'getMany', returnAll: true });
		expect(courses.map((course) => course.id).sort()).toEqual(
			state()
				.courses.map((course) => course.id)
				.sort(),
		);
		const two = await run({ resource: 'course', operation: 'getMany', limit: 2 });
		expect(two).toHaveLength(2);
	});

	it('lists completions since a date, oldest first, optionally of one course', async () => {
		const [first, second] = state().users.slice(5, 7);
		const [courseA, courseB] = state().courses.map((course) => course.id);
		const since = Date.now() - 60_000;
		const complete = (userId: string, courseId: string, at: number) =>
			sandbox.simulators[vendor.id]!.control!('completeCourse', { userId, courseId, at }, at);
		complete(first.id, courseA, since - 3_600_000); // before the window
		complete(first.id, courseB, since + 1_000);
		complete(second.id, courseA, since + 2_000);
		const completions = await run({
			resource: 'completion',
			operation: 'getMany',
			since: new Date(since).toISOString(),
			course: rl('id', ''),
			returnAll: true,
		});
		expect(completions.map((item) => [item.userId, item.courseId])).toEqual([
			[first.id, courseB],
			[second.id, courseA],
		]);
		const ofCourseA = await run({
			resource: 'completion',
			operation: 'getMany',
			since: new Date(since).toISOString(),
			course: rl('id', courseA),
			returnAll: true,
		});
		expect(ofCourseA.map((item) => [item.userId, item.courseId])).toEqual([[second.id, courseA]]);
	});

	it(`enrolls into a bundle and a ${vendor.container}, with the default justification`, async () => {
		const user = state().users[9];
		const enrollInto = (productType: string, productId: string) =>
			run({
				resource: 'enrollment',
				operation: 'enroll',
				user: rl('id', user.id),
				productType,
				productId: rl('id', productId),
			});
		const bundleId = state().bundles[0].id;
		expect((await enrollInto('bundle', bundleId))[0]).toMatchObject({
			action: 'enrolled',
			productType: 'bundle',
			productId: bundleId,
		});
		expect((await enrollInto(vendor.container, vendor.containerId))[0]).toMatchObject({
			action: 'enrolled',
			productType: vendor.container,
		});
		expect((await enrollInto('bundle', bundleId))[0]).toMatchObject({
			action: 'alreadyEnrolled',
		});
		const mine = state().enrollments.filter((e) => e.userId === user.id);
		expect(mine.map((e) => [e.productType, e.productId, e.justification])).toEqual(
			expect.arrayContaining([
				['bundle', bundleId, 'Enrolled by n8n'],
				[vendor.container, vendor.containerId, 'Enrolled by n8n'],
			]),
		);
		// The user's enrollment list filtered by status: only the course they finished.
		const courseId = state().courses[3].id;
		sandbox.simulators[vendor.id]!.control!(
			'completeCourse',
			{ userId: user.id, courseId },
			Date.now(),
		);
		const listEnrollments = (status: string) =>
			run({
				resource: 'enrollment',
				operation: 'getMany',
				user: rl('id', user.id),
				status,
				returnAll: true,
			});
		const all = await listEnrollments('');
		expect(all.map((e) => `${e.productType}:${e.productId}`)).toEqual(
			expect.arrayContaining([`bundle:${bundleId}`, `course:${courseId}`]),
		);
		const completed = await listEnrollments('completed');
		expect(completed.map((e) => `${e.productType}:${e.productId}`)).toEqual([`course:${courseId}`]);
	});

	it('enrolls (price 0), re-enrolls as a no-op, reads progress and products, unenrolls idempotently', async () => {
		const user = state().users[1];
		const courseId = state().courses[1].id;
		const enroll = {
			resource: 'enrollment',
			operation: 'enroll',
			user: byEmail,
			productType: 'course',
			course: rl('id', courseId),
			enrollOptions: { justification: 'Onboarding' },
		};
		expect((await run(enroll, [{ email: user.email }]))[0]).toMatchObject({
			action: 'enrolled',
			productId: courseId,
		});
		expect((await run(enroll, [{ email: user.email }]))[0]).toMatchObject({
			action: 'alreadyEnrolled',
		});
		const mine = state().enrollments.filter(
			(e) => e.userId === user.id && e.productId === courseId,
		);
		expect(mine).toEqual([expect.objectContaining({ price: 0, productType: 'course' })]);

		const container = {
			...enroll,
			productType: vendor.container,
			productId: rl('id', vendor.containerId),
		};
		expect((await run(container, [{ email: user.email }]))[0]).toMatchObject({
			action: 'enrolled',
			productType: vendor.container,
		});

		const [progress] = await run(
			{
				resource: 'enrollment',
				operation: 'getProgress',
				user: byEmail,
				course: rl('id', courseId),
			},
			[{ email: user.email }],
		);
		expect(progress).toMatchObject({ enrolled: true, status: 'notStarted', progress: 0 });

		const products = await run({
			resource: 'enrollment',
			operation: 'getMany',
			user: rl('id', user.id),
			returnAll: true,
		});
		expect(products.map((p) => `${p.productType}:${p.productId}`)).toEqual(
			expect.arrayContaining([`course:${courseId}`, `${vendor.container}:${vendor.containerId}`]),
		);

		const unenroll = {
			resource: 'enrollment',
			operation: 'unenroll',
			user: byEmail,
			productType: 'course',
			course: rl('id', courseId),
		};
		expect((await run(unenroll, [{ email: user.email }]))[0]).toMatchObject({
			action: 'unenrolled',
		});
		expect((await run(unenroll, [{ email: user.email }]))[0]).toMatchObject({
			action: 'notEnrolled',
		});
		expect(
			state().enrollments.filter((e) => e.userId === user.id && e.productId === courseId),
		).toEqual([]);
	});

	it('enrolls right after create although the new user is briefly unknown to enrollment', async () => {
		const simulator = sandbox.simulators[vendor.id]! as unknown as {
			setEnrollVisibilityDelay(ms: number): void;
		};
		simulator.setEnrollVisibilityDelay(1_200);
		const courseId = state().courses[2].id;
		const result = await runNodes(
			[
				{
					name: 'Create',
					parameters: {
						resource: 'user',
						operation: 'findOrCreate',
						email: '={{ $json.email }}',
						firstName: 'New',
						lastName: 'Hire',
					},
				},
				{
					name: 'Enroll',
					parameters: {
						resource: 'enrollment',
						operation: 'enroll',
						user: byEmail,
						productType: 'course',
						course: rl('id', courseId),
					},
				},
			],
			[{ email: 'fresh1@example.com' }, { email: 'fresh2@example.com' }],
		);
		expect(result.output('Enroll').map((item) => item.json.action)).toEqual([
			'enrolled',
			'enrolled',
		]);
		const enrollCalls = log().filter(
			(entry) => entry.method === 'POST' && entry.path.endsWith('/enrollment'),
		);
		expect(enrollCalls.some((entry) => entry.status === 404)).toBe(true);
		expect(enrollCalls.filter((entry) => entry.status === 200)).toHaveLength(2);
	});

	it('attaches and detaches tags', async () => {
		const user = state().users[4];
		const [tagged] = await run({
			resource: 'tag',
			operation: 'add',
			user: rl('id', user.id),
			tags: 'n8n, crew-a',
		});
		expect(tagged).toMatchObject({ action: 'tagged', changed: ['n8n', 'crew-a'] });
		const [again] = await run({
			resource: 'tag',
			operation: 'add',
			user: rl('id', user.id),
			tags: 'n8n',
		});
		expect(again.action).toBe('unchanged');
		const [untagged] = await run({
			resource: 'tag',
			operation: 'remove',
			user: rl('id', user.id),
			tags: 'crew-a',
		});
		expect(untagged).toMatchObject({ action: 'untagged', changed: ['crew-a'] });
		expect(state().users[4].tags).toContain('n8n');
		expect(state().users[4].tags).not.toContain('crew-a');
	});

	it('creates groups once, and adds and removes members idempotently', async () => {
		const [created] = await run({
			resource: 'group',
			operation: 'create',
			groupName: 'Night shift',
		});
		expect(created.action).toBe('created');
		const [found] = await run({ resource: 'group', operation: 'create', groupName: 'night shift' });
		expect(found).toMatchObject({ action: 'found', id: created.id });
		const groupId = String(created.id);
		const user = state().users[5];
		const add = {
			resource: 'group',
			operation: 'addUser',
			user: byEmail,
			group: rl('id', groupId),
		};
		expect((await run(add, [{ email: user.email }]))[0].action).toBe('added');
		expect((await run(add, [{ email: user.email }]))[0].action).toBe('alreadyMember');
		const mine = await run({ resource: 'group', operation: 'getForUser', user: rl('id', user.id) });
		expect(mine.map((group) => group.id)).toContain(groupId);
		const remove = { ...add, operation: 'removeUser' };
		expect((await run(remove, [{ email: user.email }]))[0].action).toBe('removed');
		expect((await run(remove, [{ email: user.email }]))[0].action).toBe('notMember');
		const all = await run({ resource: 'group', operation: 'getMany', returnAll: true });
		expect(all.map((group) => group.name)).toEqual(
			expect.arrayContaining(['Night shift', 'Group 1']),
		);
	});

	it('adds users to a seat offering and removes them, idempotently', async () => {
		const seats = await run({ resource: 'seat', operation: 'getMany', returnAll: true });
		expect(seats.length).toBeGreaterThan(0);
		const seat = rl('id', String(seats[0].id));
		const user = state().users[6];
		const add = {
			resource: 'seat',
			operation: 'addUser',
			user: rl('id', user.id),
			seat,
			addToActiveSeat: true,
		};
		expect((await run(add))[0].action).toBe('added');
		expect((await run(add))[0].action).toBe('alreadyMember');
		const remove = { resource: 'seat', operation: 'removeUser', user: rl('id', user.id), seat };
		expect((await run(remove))[0].action).toBe('removed');
		expect((await run(remove))[0].action).toBe('notMember');
	});

	it('reads and changes roles', async () => {
		const user = state().users[7];
		expect(
			(await run({ resource: 'role', operation: 'get', user: rl('id', user.id) }))[0],
		).toMatchObject({
			action: 'found',
			role: 'User',
		});
		const update = {
			resource: 'role',
			operation: 'update',
			user: rl('id', user.id),
			role: 'instructor',
		};
		expect((await run(update))[0].action).toBe('updated');
		expect((await run(update))[0].action).toBe('unchanged');
		expect(state().users[7].role.level).toBe('instructor');
	});

	it('keeps going through injected 429s', async () => {
		sandbox.setFaults(vendor.id, { rateLimitBurst: 3 });
		const users = state().users.slice(10, 13);
		const courseId = state().courses[1].id;
		const out = await run(
			{
				resource: 'enrollment',
				operation: 'enroll',
				user: byEmail,
				productType: 'course',
				course: rl('id', courseId),
			},
			users.map((user) => ({ email: user.email })),
		);
		expect(out.map((item) => item.action)).toEqual(['enrolled', 'enrolled', 'enrolled']);
		expect(log().filter((entry) => entry.status === 429).length).toBe(3);
	});

	it('triggers once on a new completion', async () => {
		const poller = createPollHarness({
			nodeType: vendor.trigger,
			credentialTypes: [vendor.credential],
			credentials: store,
			parameters: { event: 'courseCompleted', course: rl('id', ''), options: {} },
		});
		expect(await poller.poll()).toEqual([]); // the first activation starts from now
		const user = state().users[8];
		const courseId = state().courses[0].id;
		sandbox.simulators[vendor.id]!.control!(
			'completeCourse',
			{ userId: user.id, courseId, score: 88 },
			Date.now(),
		);
		const fresh = await poller.poll();
		expect(
			fresh.map((item) => [item.json.userId, item.json.email, item.json.courseId, item.json.score]),
		).toEqual([[user.id, user.email, courseId, 88]]);
		expect(await poller.poll()).toEqual([]);
	});

	const pollerFor = (parameters: INodeParameters) =>
		createPollHarness({
			nodeType: vendor.trigger,
			credentialTypes: [vendor.credential],
			credentials: store,
			parameters: { course: rl('id', ''), options: {}, ...parameters },
		});
	const createUser = (email: string, firstName: string) =>
		run({
			resource: 'user',
			operation: 'create',
			email,
			firstName,
			lastName: 'Tester',
			additionalFields: {},
		});

	it('triggers once on each user created after activation', async () => {
		await createUser('ops+before@example.com', 'Early');
		const poller = pollerFor({ event: 'userCreated' });
		expect(await poller.poll()).toEqual([]); // sign-ups before activation are not news
		await createUser('ops+after@example.com', 'Ada');
		const fresh = await poller.poll();
		const created = state().users.find((user) => user.email === 'ops+after@example.com')!;
		expect(fresh.map((item) => item.json)).toEqual([
			expect.objectContaining({
				userId: created.id,
				email: 'ops+after@example.com',
				status: 'active',
				createdAt: expect.any(String),
			}),
		]);
		expect(await poller.poll()).toEqual([]);
		// Each poll read the users list once, filtered by registration time.
		const reads = log().filter(
			(entry) => entry.method === 'GET' && entry.path === '/admin/api/v2/users',
		);
		expect(reads).toHaveLength(3);
	});

	it('triggers once on each enrollment after activation, any product type; a course filter narrows it', async () => {
		const [early, learner] = state().users.slice(10, 12);
		const courseId = state().courses[2].id;
		const enroll = (email: string, productType: string, product: string) =>
			run(
				{
					resource: 'enrollment',
					operation: 'enroll',
					user: byEmail,
					productType,
					...(productType === 'course'
						? { course: rl('id', product) }
						: { productId: rl('id', product) }),
				},
				[{ email }],
			);
		await enroll(early.email, 'course', courseId);
		const all = pollerFor({ event: 'userEnrolled' });
		const oneCourse = pollerFor({ event: 'userEnrolled', course: rl('id', courseId) });
		expect(await all.poll()).toEqual([]);
		expect(await oneCourse.poll()).toEqual([]);

		await enroll(learner.email, 'course', courseId);
		await enroll(learner.email, vendor.container, vendor.containerId);
		expect(
			(await all.poll()).map((item) => [
				item.json.userId,
				item.json.productType,
				item.json.productId,
			]),
		).toEqual([
			[learner.id, 'course', courseId],
			[learner.id, vendor.container, vendor.containerId],
		]);
		expect((await oneCourse.poll()).map((item) => [item.json.userId, item.json.productId])).toEqual(
			[[learner.id, courseId]],
		);
		expect(await all.poll()).toEqual([]);
		expect(await oneCourse.poll()).toEqual([]);
	});

	if (vendor.id === 'grow') {
		it('bulk-enrolls through an asynchronous action and reports each item', async () => {
			const users = state().users.slice(14, 17);
			const courseId = state().courses[1].id;
			await run({
				resource: 'enrollment',
				operation: 'enroll',
				user: rl('id', users[1].id),
				productType: 'course',
				course: rl('id', courseId),
			});
			const out = await run(
				{
					resource: 'enrollment',
					operation: 'bulkEnroll',
					user: byEmail,
					productType: 'course',
					course: rl('id', courseId),
				},
				[{ email: users[0].email }, { email: users[1].email }, { email: 'nobody@example.com' }],
				true,
			);
			expect(out.map((item) => [item.ok, item.action ?? item.error])).toEqual([
				[true, 'enrolled'],
				[true, 'alreadyEnrolled'],
				[false, 'User not found'],
			]);
			expect(
				log().filter((entry) => entry.path.startsWith('/admin/api/v2/bulk-actions/')).length,
			).toBeGreaterThanOrEqual(2);
			expect(
				state().enrollments.filter(
					(e) => e.productId === courseId && [users[0].id, users[1].id].includes(e.userId),
				),
			).toHaveLength(2);
		});

		it("bulk-enrolls with the enroll options' price and justification", async () => {
			const users = state().users.slice(17, 19);
			const courseId = state().courses[3].id;
			const bulk = (email: string, enrollOptions: INodeParameters) =>
				run(
					{
						resource: 'enrollment',
						operation: 'bulkEnroll',
						user: byEmail,
						productType: 'course',
						course: rl('id', courseId),
						enrollOptions,
					},
					[{ email }],
				);
			await bulk(users[0].email, {});
			const [priced] = await bulk(users[1].email, { price: 12.5, justification: 'Q3 cohort' });
			expect(priced).toMatchObject({ ok: true, action: 'enrolled' });
			const byUser = (id: string) =>
				state().enrollments.find((e) => e.userId === id && e.productId === courseId);
			expect(byUser(users[0].id)).toMatchObject({ price: 0, justification: 'Enrolled by n8n' });
			expect(byUser(users[1].id)).toMatchObject({ price: 12.5, justification: 'Q3 cohort' });
		});
	}
});
