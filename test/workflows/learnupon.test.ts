/**
 * The LearnUpon nodes run by n8n-core's engine against the sandbox's LearnUpon simulator: every
 * operation end to end (Basic auth from the credential, capitalised wrappers, 500-record pages),
 * 429 bursts, a connection dropped after a committed create, and the completion trigger across
 * a page boundary.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { LearnUponApi } from '../../credentials/LearnUponApi.credentials';
import { LearnUpon } from '../../nodes/LearnUpon/LearnUpon.node';
import { LearnUponTrigger } from '../../nodes/LearnUpon/LearnUponTrigger.node';
import {
	LEARNUPON_PASSWORD,
	LEARNUPON_USERNAME,
	type LearnUponSimulator,
} from '../../sandbox/learnupon/simulator';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { createPollHarness, runWorkflow, type CredentialsInput } from './harness';

jest.setTimeout(120_000);

const TYPE = 'n8n-nodes-lms-provisioning.learnUpon';
const SEED = { users: 20, courses: 3, groups: 2, completions: 0 };
let sb: Sandbox;
let credentials: CredentialsInput;

interface SimState {
	users: Array<{
		id: number;
		email: string;
		enabled: boolean;
		last_name: string;
		CustomData: Record<string, unknown>;
	}>;
	enrollments: Array<{
		id: number;
		user_id: number;
		course_id: number;
		status: string;
		due_date: string | null;
	}>;
	groups: Array<{ id: number; title: string; course_ids: number[] }>;
	group_memberships: Array<{ id: number; group_id: number; user_id: number }>;
}
const state = () => sb.state('learnupon') as SimState;
const sim = () => sb.simulators.learnupon as LearnUponSimulator;
const usersWithEmail = (email: string) => state().users.filter((u) => u.email === email);
const enrollmentsOf = (userId: number, courseId: number) =>
	state().enrollments.filter((e) => e.user_id === userId && e.course_id === courseId);

beforeAll(async () => {
	sb = await startSandbox({ vendors: ['learnupon'], seed: SEED });
	credentials = {
		learnUponApi: {
			portal: sb.urls.learnupon,
			username: LEARNUPON_USERNAME,
			password: LEARNUPON_PASSWORD,
			requestsPerSecond: 50,
		},
	};
});
afterAll(() => sb.close());
beforeEach(() => {
	sb.reset(SEED);
	sb.clearFaults();
});

async function runItems(
	parameters: INodeParameters,
	input: IDataObject[] = [{}],
	continueOnFail = false,
) {
	const result = await runWorkflow({
		nodeTypes: { [TYPE]: LearnUpon },
		credentialTypes: [LearnUponApi],
		credentials,
		nodes: [
			{
				name: 'LearnUpon',
				type: TYPE,
				parameters,
				...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		input,
	});
	if (result.error) throw result.error;
	return result.output('LearnUpon').map((item) => item.json);
}

const byEmail = { __rl: true, mode: 'email', value: '={{ $json.email }}' };
const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });
const newUser = (extra: INodeParameters = {}) => ({
	resource: 'user',
	email: '={{ $json.email }}',
	firstName: 'Jo',
	lastName: 'Learner',
	...extra,
});

describe('users through the engine', () => {
	it('creates with custom data, gets by email and id, finds again without a second user', async () => {
		const email = 'jo+n8n@example.com';
		const [created] = await runItems(
			newUser({
				operation: 'create',
				additionalFields: {
					password: 'Pw-n8n-12345',
					customFields: { field: [{ key: 'department', value: 'Sales' }] },
				},
			}),
			[{ email }],
		);
		expect(created).toMatchObject({ action: 'created', email, status: 'active' });
		expect(JSON.stringify(created)).not.toContain('Pw-n8n-12345');
		expect(usersWithEmail(email)[0].CustomData).toEqual({ department: 'Sales' });

		const [got] = await runItems({ resource: 'user', operation: 'get', user: byEmail }, [
			{ email },
		]);
		expect(got).toMatchObject({ id: created.id, email, firstName: 'Jo' });
		const [gotById] = await runItems({
			resource: 'user',
			operation: 'get',
			user: byId(String(created.id)),
		});
		expect(gotById).toMatchObject({ email });

		const [again] = await runItems(newUser({ operation: 'findOrCreate' }), [{ email }]);
		expect(again).toMatchObject({ action: 'found', id: created.id });
		expect(usersWithEmail(email)).toHaveLength(1);
	});

	it("a duplicate create stops with LearnUpon's message, never the password", async () => {
		const existing = state().users[3].email;
		const [item] = await runItems(newUser({ operation: 'create' }), [{ email: existing }], true);
		expect(item).toMatchObject({
			errorKind: 'alreadyExists',
			vendorMessage: `User already exists with email ${existing}`,
		});
		expect(JSON.stringify(item)).not.toContain(LEARNUPON_PASSWORD);
	});

	it('lists users across a 500-record page boundary', async () => {
		sb.reset({ users: 620, courses: 1, groups: 0, completions: 0 });
		const all = await runItems({ resource: 'user', operation: 'getMany', returnAll: true });
		expect(all).toHaveLength(620);
		expect(new Set(all.map((u) => u.id)).size).toBe(620);
		expect(
			sb
				.requestLog('learnupon')
				.filter((e) => e.path === '/api/v1/users')
				.map((e) => e.url),
		).toEqual(['/api/v1/users?page=1', '/api/v1/users?page=2']);
		const suspended = await runItems({
			resource: 'user',
			operation: 'getMany',
			returnAll: true,
			filters: { status: 'suspended' },
		});
		expect(suspended).toHaveLength(62);
	});

	it('updates, deactivates (enabled:false), reactivates and deletes, each idempotently', async () => {
		const target = state().users[5];
		const [updated] = await runItems({
			resource: 'user',
			operation: 'update',
			user: byId(target.id),
			updateFields: { lastName: 'Renamed' },
		});
		expect(updated).toMatchObject({ action: 'updated', lastName: 'Renamed' });
		const [same] = await runItems({
			resource: 'user',
			operation: 'update',
			user: byId(target.id),
			updateFields: { lastName: 'Renamed' },
		});
		expect(same.action).toBe('unchanged');
		expect(state().users[5].last_name).toBe('Renamed');

		const suspend = { resource: 'user', operation: 'suspend', user: byId(target.id) };
		expect((await runItems(suspend))[0].action).toBe('suspended');
		expect((await runItems(suspend))[0].action).toBe('alreadySuspended');
		expect(state().users[5].enabled).toBe(false);
		const reactivate = { resource: 'user', operation: 'reactivate', user: byId(target.id) };
		expect((await runItems(reactivate))[0].action).toBe('reactivated');
		expect((await runItems(reactivate))[0].action).toBe('alreadyActive');
		expect(state().users[5].enabled).toBe(true);

		const remove = { resource: 'user', operation: 'delete', user: byEmail };
		expect((await runItems(remove, [{ email: target.email }]))[0]).toMatchObject({
			action: 'deleted',
			userId: String(target.id),
		});
		expect((await runItems(remove, [{ email: target.email }]))[0]).toMatchObject({
			action: 'notFound',
		});
		expect(usersWithEmail(target.email)).toHaveLength(0);
	});
});

describe('enrollments through the engine', () => {
	it('enrolls by email with a due date (twice: alreadyEnrolled), reads progress and lists, unenrolls', async () => {
		const user = state().users[1]; // odd index: not enrolled by the seed
		const enroll = {
			resource: 'enrollment',
			operation: 'enroll',
			user: byEmail,
			course: byId(3002),
			enrollOptions: { dueDate: '2026-06-30T00:00:00.000Z' },
		};
		expect((await runItems(enroll, [{ email: user.email }]))[0]).toMatchObject({
			action: 'enrolled',
			productId: '3002',
		});
		expect((await runItems(enroll, [{ email: user.email }]))[0]).toMatchObject({
			action: 'alreadyEnrolled',
			userId: String(user.id),
		});
		expect(enrollmentsOf(user.id, 3002)).toMatchObject([{ due_date: '2026-06-30' }]);

		const [progress] = await runItems({
			resource: 'enrollment',
			operation: 'getProgress',
			user: byId(user.id),
			course: byId(3002),
		});
		expect(progress).toMatchObject({ enrolled: true, status: 'notStarted', progress: 0 });
		const listed = await runItems({
			resource: 'enrollment',
			operation: 'getMany',
			user: byId(user.id),
			returnAll: true,
		});
		expect(listed.map((e) => e.productId)).toEqual(['3002']);

		const unenroll = {
			resource: 'enrollment',
			operation: 'unenroll',
			user: byEmail,
			course: byId(3002),
		};
		expect((await runItems(unenroll, [{ email: user.email }]))[0].action).toBe('unenrolled');
		expect((await runItems(unenroll, [{ email: user.email }]))[0].action).toBe('notEnrolled');
		expect(enrollmentsOf(user.id, 3002)).toHaveLength(0);
	});

	it('re-enrolls a completed enrollment only when asked to', async () => {
		const user = state().users[0]; // enrolled by the seed in course 3001
		sim().completeEnrollment({ userId: user.id, courseId: 3001 });
		const enroll = (reEnrollIfCompleted: boolean) => ({
			resource: 'enrollment',
			operation: 'enroll',
			user: byId(user.id),
			course: byId(3001),
			enrollOptions: { reEnrollIfCompleted },
		});
		expect((await runItems(enroll(false)))[0].action).toBe('alreadyEnrolled');
		expect((await runItems(enroll(true)))[0].action).toBe('enrolled');
		expect(enrollmentsOf(user.id, 3001).map((e) => e.status)).toEqual(['completed', 'not_started']);
	});

	it("lists a course's enrollments filtered by status", async () => {
		const inCourse = state().enrollments.filter((e) => e.course_id === 3001);
		sim().completeEnrollment(inCourse[0].id);
		const completed = await runItems({
			resource: 'enrollment',
			operation: 'getManyForCourse',
			course: byId(3001),
			status: 'completed',
			returnAll: true,
		});
		expect(completed.map((e) => e.id)).toEqual([String(inCourse[0].id)]);
		const all = await runItems({
			resource: 'enrollment',
			operation: 'getManyForCourse',
			course: byId(3001),
			status: '',
			returnAll: true,
		});
		expect(all).toHaveLength(inCourse.length);
	});

	it('bulk-enrolls every item as one job and reports each outcome', async () => {
		const [a, b, c] = [state().users[1], state().users[3], state().users[0]];
		const out = await runItems(
			{
				resource: 'enrollment',
				operation: 'bulkEnroll',
				user: byEmail,
				course: byId('={{ $json.course }}'),
			},
			[
				{ email: a.email, course: 3002 },
				{ email: b.email, course: 3002 },
				{ email: c.email, course: 3001 }, // enrolled by the seed
				{ email: 'ghost@example.com', course: 3002 },
			],
		);
		expect(out).toMatchObject([
			{ ok: true, action: 'enrolled', userId: String(a.id) },
			{ ok: true, action: 'enrolled', userId: String(b.id) },
			{ ok: true, action: 'alreadyEnrolled', userId: String(c.id) },
			{ ok: false, error: expect.stringMatching(/ghost@example.com/) },
		]);
		expect(enrollmentsOf(a.id, 3002)).toHaveLength(1);
		expect(
			sb.requestLog('learnupon').filter((e) => e.path.startsWith('/api/v1/bulk-operations/submit')),
		).toHaveLength(1);
	});
});

describe('groups, courses and completions through the engine', () => {
	it('adds to a group whose rule auto-enrolls, and a following enroll still succeeds', async () => {
		const user = state().users[1];
		const ruled = state().groups.find((g) => g.course_ids.length > 0)!;
		const add = {
			resource: 'group',
			operation: 'addUser',
			user: byId(user.id),
			group: byId(ruled.id),
		};
		expect((await runItems(add))[0]).toMatchObject({ action: 'added', groupId: String(ruled.id) });
		expect((await runItems(add))[0].action).toBe('alreadyMember');
		const [enrolled] = await runItems({
			resource: 'enrollment',
			operation: 'enroll',
			user: byId(user.id),
			course: byId(ruled.course_ids[0]),
		});
		expect(enrolled.action).toBe('alreadyEnrolled');

		const mine = await runItems({
			resource: 'group',
			operation: 'getForUser',
			user: byId(user.id),
		});
		expect(mine.map((g) => g.id)).toEqual([String(ruled.id)]);
		const remove = {
			resource: 'group',
			operation: 'removeUser',
			user: byEmail,
			group: byId(ruled.id),
		};
		expect((await runItems(remove, [{ email: user.email }]))[0].action).toBe('removed');
		expect((await runItems(remove, [{ email: user.email }]))[0].action).toBe('notMember');
		expect(state().group_memberships.filter((m) => m.user_id === user.id)).toHaveLength(0);
	});

	it('creates a group once, lists groups and courses', async () => {
		const create = { resource: 'group', operation: 'create', groupName: 'New Hires' };
		const [created] = await runItems(create);
		expect(created).toMatchObject({ action: 'created', name: 'New Hires' });
		expect((await runItems(create))[0]).toMatchObject({ action: 'found', id: created.id });
		expect(state().groups.filter((g) => g.title === 'New Hires')).toHaveLength(1);

		const groups = await runItems({ resource: 'group', operation: 'getMany', returnAll: true });
		expect(groups.map((g) => g.name)).toEqual(['Group 1', 'Group 2', 'New Hires']);
		const courses = await runItems({ resource: 'course', operation: 'getMany', returnAll: true });
		expect(courses.map((c) => c.id)).toEqual(['3001', '3002', '3003']);
	});

	it('lists completed and passed enrollments since a date', async () => {
		const now = Date.now();
		const [first, second, third] = state().enrollments;
		sim().completeEnrollment(first.id, { at: now - 3_600_000 });
		sim().completeEnrollment(second.id, { status: 'passed', at: now - 60_000, score: 95 });
		sim().completeEnrollment(third.id, { at: now - 5 * 3_600_000 });
		const completions = await runItems({
			resource: 'completion',
			operation: 'getMany',
			since: new Date(now - 2 * 3_600_000).toISOString(),
			course: { __rl: true, mode: 'id', value: '' },
			returnAll: true,
		});
		expect(completions.map((c) => [c.userId, c.courseId, c.score ?? null])).toEqual([
			[String(first.user_id), String(first.course_id), null],
			[String(second.user_id), String(second.course_id), 95],
		]);
	});
});

describe('resilience', () => {
	it('rides out a 429 burst: every user created once', async () => {
		const emails = Array.from({ length: 5 }, (_, i) => `burst${i}@example.com`);
		sb.setFaults('learnupon', { rateLimitBurst: 4 });
		const out = await runItems(
			newUser({ operation: 'findOrCreate' }),
			emails.map((email) => ({ email })),
		);
		expect(out.map((item) => item.action)).toEqual(Array(5).fill('created'));
		for (const email of emails) expect(usersWithEmail(email)).toHaveLength(1);
		expect(sb.requestLog('learnupon').filter((e) => e.fault === 'rateLimit')).toHaveLength(4);
	});

	it('a connection dropped after a committed create makes no duplicate user', async () => {
		const emails = ['drop1@example.com', 'drop2@example.com', 'drop3@example.com'];
		sb.setFaults('learnupon', { dropAfterCommitRate: 1 });
		const out = await runItems(
			newUser({ operation: 'create' }),
			emails.map((email) => ({ email })),
		);
		sb.clearFaults();
		expect(out.map((item) => item.email)).toEqual(emails);
		for (const email of emails) expect(usersWithEmail(email)).toHaveLength(1);
		expect(sb.requestLog('learnupon').filter((e) => e.fault === 'dropAfterCommit')).toHaveLength(3);
	});
});

describe('trigger', () => {
	const poller = () =>
		createPollHarness({
			nodeType: LearnUponTrigger,
			credentialTypes: [LearnUponApi],
			credentials,
			parameters: {
				event: 'courseCompleted',
				course: { __rl: true, mode: 'list', value: '' },
				options: {},
			},
		});

	it('emits each completion once across a 500-record page boundary, and nothing again', async () => {
		// 1,100 users, every second one enrolled in the only course: 550 enrollments, two pages.
		sb.reset({ users: 1_100, courses: 1, groups: 0, completions: 0 });
		const enrollments = state().enrollments;
		expect(enrollments).toHaveLength(550);
		sim().completeEnrollment(enrollments[3].id, { at: Date.now() - 3_600_000 }); // before activation

		const trigger = poller();
		expect(await trigger.poll()).toEqual([]); // activation: starts from now
		const picked = [10, 499, 500, 549].map((index) => enrollments[index]);
		sim().completeEnrollment(picked[0].id);
		sim().completeEnrollment(picked[1].id, { status: 'passed', score: 80 });
		sim().completeEnrollment(picked[2].id);
		sim().completeEnrollment(picked[3].id, { status: 'failed' }); // not a completion
		sb.clearLog();

		const items = await trigger.poll();
		expect(items.map((item) => item.json.userId).sort()).toEqual(
			picked
				.slice(0, 3)
				.map((e) => String(e.user_id))
				.sort(),
		);
		// Cost of this poll: the course list, then both pages of the course's enrollments.
		expect(sb.requestLog('learnupon').map((e) => e.url)).toEqual([
			'/api/v1/courses?page=1',
			'/api/v1/enrollments/search?course_id=3001&page=1',
			'/api/v1/enrollments/search?course_id=3001&page=2',
		]);

		expect(await trigger.poll()).toEqual([]);
		sim().completeEnrollment(picked[3].id); // failed, then completed on a retake
		const later = await trigger.poll();
		expect(later.map((item) => item.json.userId)).toEqual([String(picked[3].user_id)]);
	});

	it('"fetch test event" shows the newest completions without moving the cursor', async () => {
		const [first] = state().enrollments;
		sim().completeEnrollment(first.id, { at: Date.now() - 60_000 });
		const trigger = poller();
		const sample = await trigger.poll({ mode: 'manual' });
		expect(sample[0].json).toMatchObject({
			userId: String(first.user_id),
			courseId: String(first.course_id),
		});
		expect(trigger.nodeStaticData).toEqual({});
	});
});
