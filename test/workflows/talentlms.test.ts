/**
 * The TalentLMS nodes run by n8n-core's engine against the sandbox's TalentLMS simulator: every
 * operation end to end (credential auth, path segments, form bodies, outcomes), a run through
 * injected 429s and 5xx, and the completion trigger across a gap larger than the timeline.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { TalentLmsApi } from '../../credentials/TalentLmsApi.credentials';
import { TalentLms } from '../../nodes/TalentLms/TalentLms.node';
import { TalentLmsTrigger } from '../../nodes/TalentLms/TalentLmsTrigger.node';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { TALENTLMS_API_KEY, type TalentLmsSimulator } from '../../sandbox/talentlms/simulator';
import { createPollHarness, runWorkflow } from './harness';

jest.setTimeout(120_000);

const TYPE = 'n8n-nodes-lms-provisioning.talentLms';
let sb: Sandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;

interface SimState {
	users: Array<{
		id: string;
		email: string;
		login: string;
		status: string;
		last_name: string;
		groups: string[];
	}>;
	enrollments: Array<{ user_id: string; course_id: string; role: string }>;
}
const state = () => sb.state('talentlms') as SimState;
const sim = () => sb.simulators.talentlms as TalentLmsSimulator;
const userByEmail = (email: string) => state().users.filter((u) => u.email === email);

beforeAll(async () => {
	sb = await startSandbox({
		vendors: ['talentlms'],
		seed: { users: 20, courses: 3, groups: 2, completions: 0 },
	});
	credentials = { talentLmsApi: { domain: sb.urls.talentlms, apiKey: TALENTLMS_API_KEY } };
});
afterAll(() => sb.close());
beforeEach(() => {
	sb.reset({ users: 20, courses: 3, groups: 2, completions: 0 });
	sb.clearFaults();
});

async function run(
	parameters: INodeParameters,
	input: IDataObject[] = [{}],
	continueOnFail = false,
) {
	const result = await runWorkflow({
		nodeTypes: { [TYPE]: TalentLms },
		credentialTypes: [TalentLmsApi],
		credentials,
		nodes: [
			{
				name: 'TalentLMS',
				type: TYPE,
				parameters,
				...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		input,
	});
	if (result.error) throw result.error;
	return result.output('TalentLMS').map((item) => item.json);
}

const byEmail = { __rl: true, mode: 'email', value: '={{ $json.email }}' };
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const PLUS_EMAIL = 'jo+n8n@example.com';

describe('users through the engine', () => {
	it('creates (password generated, never shown), gets by an email with + and @, finds again', async () => {
		const [created] = await run(
			{
				resource: 'user',
				operation: 'create',
				email: '={{ $json.email }}',
				firstName: 'Jo',
				lastName: 'Plus',
			},
			[{ email: PLUS_EMAIL }],
		);
		expect(created).toMatchObject({
			action: 'created',
			email: PLUS_EMAIL,
			username: PLUS_EMAIL,
			status: 'active',
		});
		expect(JSON.stringify(created)).not.toMatch(/password/i);
		const [got] = await run({ resource: 'user', operation: 'get', user: byEmail }, [
			{ email: PLUS_EMAIL },
		]);
		expect(got).toMatchObject({ id: created.id, email: PLUS_EMAIL });
		const [again] = await run(
			{
				resource: 'user',
				operation: 'findOrCreate',
				email: '={{ $json.email }}',
				firstName: 'Jo',
				lastName: 'Plus',
			},
			[{ email: PLUS_EMAIL }],
		);
		expect(again).toMatchObject({ action: 'found', id: created.id });
		expect(userByEmail(PLUS_EMAIL)).toHaveLength(1);
	});

	it("a duplicate create stops with TalentLMS's message and a hint", async () => {
		const existing = state().users[3].email;
		const [item] = await run(
			{
				resource: 'user',
				operation: 'create',
				email: '={{ $json.email }}',
				firstName: 'A',
				lastName: 'B',
			},
			[{ email: existing }],
			true,
		);
		expect(item).toMatchObject({
			errorKind: 'alreadyExists',
			vendorMessage: 'A user with the same email address already exists',
		});
		expect(JSON.stringify(item)).not.toContain(TALENTLMS_API_KEY);
	});

	it('lists users across pages, updates, suspends, reactivates and deletes', async () => {
		const many = await run({ resource: 'user', operation: 'getMany', returnAll: true });
		expect(many).toHaveLength(20);
		const target = state().users[5];
		const [updated] = await run({
			resource: 'user',
			operation: 'update',
			user: byId(target.id),
			updateFields: { lastName: 'Renamed' },
		});
		expect(updated).toMatchObject({ action: 'updated', lastName: 'Renamed' });
		expect(state().users[5].last_name).toBe('Renamed');

		const suspend = { resource: 'user', operation: 'suspend', user: byId(target.id) };
		expect((await run(suspend))[0].action).toBe('suspended');
		expect((await run(suspend))[0].action).toBe('alreadySuspended');
		expect(state().users[5].status).toBe('inactive');
		const reactivate = { resource: 'user', operation: 'reactivate', user: byId(target.id) };
		expect((await run(reactivate))[0].action).toBe('reactivated');
		expect((await run(reactivate))[0].action).toBe('alreadyActive');

		const remove = { resource: 'user', operation: 'delete', user: byEmail };
		expect((await run(remove, [{ email: target.email }]))[0]).toMatchObject({
			action: 'deleted',
			userId: target.id,
		});
		expect((await run(remove, [{ email: target.email }]))[0]).toMatchObject({ action: 'notFound' });
		expect(userByEmail(target.email)).toHaveLength(0);
	});
});

describe('auto-login links never leave the node', () => {
	it('user, user-list, update, status and course-enrollment outputs carry no login_key', async () => {
		const target = state().users[3];
		// The simulator sends login_key as TalentLMS does, so the outputs below have something to hide.
		const direct = await fetch(`${sb.urls.talentlms}/api/v1/users/id:${target.id}`, {
			headers: {
				authorization: `Basic ${Buffer.from(`${TALENTLMS_API_KEY}:`).toString('base64')}`,
			},
		});
		expect(JSON.stringify(await direct.json())).toContain('login_key');

		const courseId = '1';
		await run({
			resource: 'enrollment',
			operation: 'enroll',
			user: byId(target.id),
			course: byId(courseId),
		});
		const outputs = [
			...(await run({ resource: 'user', operation: 'get', user: byId(target.id) })),
			...(await run({ resource: 'user', operation: 'getMany', returnAll: true })),
			...(await run(
				{
					resource: 'user',
					operation: 'findOrCreate',
					email: '={{ $json.email }}',
					firstName: 'Key',
					lastName: 'Less',
					additionalFields: {},
				},
				[{ email: 'keyless@example.com' }],
			)),
			...(await run({
				resource: 'user',
				operation: 'update',
				user: byId(target.id),
				updateFields: { lastName: 'Keyless' },
			})),
			...(await run({ resource: 'user', operation: 'suspend', user: byId(target.id) })),
			...(await run({ resource: 'user', operation: 'reactivate', user: byId(target.id) })),
			...(await run({
				resource: 'enrollment',
				operation: 'getManyForCourse',
				course: byId(courseId),
				status: '',
				returnAll: true,
			})),
		];
		expect(outputs.length).toBeGreaterThan(25);
		const shown = JSON.stringify(outputs);
		expect(shown).toContain(target.email);
		expect(shown).not.toContain('login_key');
		expect(shown).not.toContain('autologin');
	});
});

describe('enrollments, groups, courses and completions through the engine', () => {
	it('enrolls as instructor (twice: alreadyEnrolled), reads progress and enrollments, unenrolls', async () => {
		const user = state().users[1]; // odd index: not enrolled by the seed
		const enroll = {
			resource: 'enrollment',
			operation: 'enroll',
			user: byEmail,
			course: byId('3'),
			enrollOptions: { role: 'instructor' },
		};
		expect((await run(enroll, [{ email: user.email }]))[0]).toMatchObject({
			action: 'enrolled',
			userId: user.id,
			productId: '3',
		});
		expect((await run(enroll, [{ email: user.email }]))[0]).toMatchObject({
			action: 'alreadyEnrolled',
			userId: user.id,
		});
		expect(state().enrollments).toContainEqual(
			expect.objectContaining({ user_id: user.id, course_id: '3', role: 'instructor' }),
		);

		const [progress] = await run({
			resource: 'enrollment',
			operation: 'getProgress',
			user: byId(user.id),
			course: byId('3'),
		});
		expect(progress).toMatchObject({ enrolled: true, status: 'notStarted', progress: 0 });
		const listed = await run({
			resource: 'enrollment',
			operation: 'getMany',
			user: byId(user.id),
			returnAll: true,
		});
		expect(listed.map((e) => e.productId)).toEqual(['3']);

		const unenroll = {
			resource: 'enrollment',
			operation: 'unenroll',
			user: byId(user.id),
			course: byId('3'),
		};
		expect((await run(unenroll))[0].action).toBe('unenrolled');
		expect((await run(unenroll))[0].action).toBe('notEnrolled');
		const [after] = await run({
			resource: 'enrollment',
			operation: 'getProgress',
			user: byId(user.id),
			course: byId('3'),
		});
		expect(after).toMatchObject({ enrolled: false });
	});

	it('adds to a group by id (key resolved), lists groups, removes', async () => {
		const user = state().users[1];
		const add = { resource: 'group', operation: 'addUser', user: byId(user.id), group: byId('2') };
		expect((await run(add))[0]).toMatchObject({ action: 'added', groupId: '2' });
		expect((await run(add))[0].action).toBe('alreadyMember');
		expect(state().users[1].groups).toContain('2');

		const groups = await run({ resource: 'group', operation: 'getMany', returnAll: true });
		expect(groups.map((g) => [g.id, g.key])).toEqual([
			['1', 'grpkey1'],
			['2', 'grpkey2'],
		]);
		const mine = await run({ resource: 'group', operation: 'getForUser', user: byId(user.id) });
		expect(mine.map((g) => g.id)).toContain('2');

		const remove = {
			resource: 'group',
			operation: 'removeUser',
			user: byId(user.id),
			group: byId('2'),
		};
		expect((await run(remove))[0].action).toBe('removed');
		expect((await run(remove))[0].action).toBe('notMember');
		expect(state().users[1].groups).not.toContain('2');
	});

	it('lists courses and completions since a date', async () => {
		const courses = await run({ resource: 'course', operation: 'getMany', returnAll: true });
		expect(courses.map((c) => c.id)).toEqual(['1', '2', '3']);
		const now = Date.now();
		sim().completeCourse(2, 1, now - 3_600_000);
		sim().completeCourse(4, 2, now - 60_000);
		const completions = await run({
			resource: 'completion',
			operation: 'getMany',
			since: new Date(now - 2 * 3_600_000).toISOString(),
			course: { __rl: true, mode: 'id', value: '' },
			returnAll: true,
		});
		expect(completions.map((c) => [c.userId, c.courseId])).toEqual([
			['2', '1'],
			['4', '2'],
		]);
	});
});

describe('resilience', () => {
	it('finds-or-creates 8 users through 429s, 5xx and dropped connections: each exactly once', async () => {
		const emails = Array.from({ length: 8 }, (_, i) => `storm${i}+x@example.com`);
		sb.setFaults('talentlms', {
			rateLimitBurst: 4,
			serverErrorRate: 0.2,
			dropAfterCommitRate: 0.25,
			// Fixed, so the run is repeatable. Ambiguous creates are looked up before each repeat; only
			// five in a row without a user would end the item (still no duplicate).
			seed: 7,
		});
		const out = await run(
			{
				resource: 'user',
				operation: 'findOrCreate',
				email: '={{ $json.email }}',
				firstName: 'Storm',
				lastName: 'Test',
			},
			emails.map((email) => ({ email })),
		);
		sb.clearFaults();
		expect(out.map((item) => item.email)).toEqual(emails);
		for (const email of emails) expect(userByEmail(email)).toHaveLength(1);
		const faults = sb
			.requestLog('talentlms')
			.map((entry) => entry.fault)
			.filter(Boolean);
		expect(faults).toEqual(expect.arrayContaining(['rateLimit', 'serverError', 'dropAfterCommit']));
	});
});

describe('trigger', () => {
	const poller = () =>
		createPollHarness({
			nodeType: TalentLmsTrigger,
			credentialTypes: [TalentLmsApi],
			credentials,
			parameters: {
				event: 'courseCompleted',
				course: { __rl: true, mode: 'list', value: '' },
				options: {},
			},
		});

	it('emits all 250 completions that arrived between two polls once, then nothing', async () => {
		sb.reset({ users: 130, courses: 2, groups: 1, completions: 0 });
		const trigger = poller();
		expect(await trigger.poll()).toEqual([]); // activation: starts from now
		const start = Date.now();
		for (let i = 0; i < 250; i++)
			sim().completeCourse((i % 125) + 1, Math.floor(i / 125) + 1, start + i * 4);

		const second = await trigger.poll();
		expect(second).toHaveLength(250);
		const keys = new Set(second.map((item) => `${item.json.userId}|${item.json.courseId}`));
		expect(keys.size).toBe(250);
		// More than the timeline holds: the poll read the courses' users[] instead.
		expect(sb.requestLog('talentlms').some((entry) => entry.path.endsWith('/courses/id:2'))).toBe(
			true,
		);

		expect(await trigger.poll()).toEqual([]);
	});

	it('a small gap is served by the timeline alone; "fetch test event" shows the newest', async () => {
		const trigger = poller();
		await trigger.poll();
		sim().completeCourse(3, 2, Date.now());
		sb.clearLog();
		const items = await trigger.poll();
		expect(items.map((item) => [item.json.userId, item.json.courseId])).toEqual([['3', '2']]);
		expect(sb.requestLog('talentlms').map((entry) => entry.path)).toEqual([
			'/api/v1/gettimeline/event_type:course_completion',
		]);
		const sample = await trigger.poll({ mode: 'manual' });
		expect(sample[0].json).toMatchObject({ userId: '3', courseId: '2' });
	});
});

describe('trigger: new user', () => {
	const createUser = (email: string, firstName: string) =>
		run(
			{
				resource: 'user',
				operation: 'create',
				email: '={{ $json.email }}',
				firstName,
				lastName: 'New',
			},
			[{ email }],
		);
	const poller = () =>
		createPollHarness({
			nodeType: TalentLmsTrigger,
			credentialTypes: [TalentLmsApi],
			credentials,
			parameters: { event: 'userCreated' },
		});

	it('emits each user signed up after activation once, from one GET /users per poll', async () => {
		await createUser('before@example.com', 'Early');
		const trigger = poller();
		expect(await trigger.poll()).toEqual([]); // everyone listed at activation is known
		const [first] = await createUser('first@example.com', 'Ada');
		const [second] = await createUser('second@example.com', 'Grace');
		sb.clearLog();
		const fresh = await trigger.poll();
		expect(fresh.map((item) => item.json)).toEqual([
			expect.objectContaining({
				userId: first.id,
				email: 'first@example.com',
				firstName: 'Ada',
				lastName: 'New',
				status: 'active',
			}),
			expect.objectContaining({ userId: second.id, firstName: 'Grace' }),
		]);
		expect(sb.requestLog('talentlms').map((entry) => entry.path)).toEqual(['/api/v1/users']);
		expect(await trigger.poll()).toEqual([]);

		// "Fetch test event" shows the newest users and leaves the cursor alone.
		const sample = await trigger.poll({ mode: 'manual' });
		expect(sample.map((item) => item.json.email).slice(0, 2)).toEqual([
			'second@example.com',
			'first@example.com',
		]);
		const [third] = await createUser('third@example.com', 'Lin');
		expect((await trigger.poll()).map((item) => item.json.userId)).toEqual([third.id]);
	});
});
