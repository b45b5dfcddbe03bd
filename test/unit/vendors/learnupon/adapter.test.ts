/* eslint-disable @n8n/community-nodes/require-node-api-error -- tests, not node code */
import nock from 'nock';

import {
	collect,
	ConnectionError,
	createUserChecked,
	findOrCreateUser,
	isLmsError,
	PacingLimiter,
	ResilientTransport,
	type HttpRequest,
	type HttpResponse,
	type LmsError,
	type Transport,
} from '../../../../nodes/shared/core';
import { ManualClock } from '../../../support/manualClock';
import {
	LearnUponAdapter,
	learnUponVendor,
	readSettings,
} from '../../../../nodes/shared/vendors/learnupon';
import { standaloneAuthorizer } from '../../../../nodes/shared/vendors/learnupon/standalone';
import { AxiosTransport } from '../../../../sandbox/client/axiosTransport';

const PORTAL = 'https://acme.learnupon.com';
// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a made-up password for nock
const PASSWORD = 'lu-api-password-4711';
const creds = { portal: 'acme', username: 'api-user', password: PASSWORD };
const BASIC = `Basic ${Buffer.from(`api-user:${PASSWORD}`).toString('base64')}`;

/** An API scope that insists on Basic auth and JSON. */
const api = () => nock(`${PORTAL}/api/v1`, { reqheaders: { authorization: BASIC } });

const user = (id: number, extra: Record<string, unknown> = {}) => ({
	id,
	email: `user${id}@example.com`,
	username: null,
	first_name: 'Ada',
	last_name: `User${id}`,
	user_type: 'learner',
	enabled: true,
	CustomData: {},
	...extra,
});
const enrollment = (id: number, extra: Record<string, unknown> = {}) => ({
	id,
	user_id: 12,
	course_id: 3001,
	course_name: 'Security Basics',
	status: 'in_progress',
	// Documented: `percentage` is the score, `percentage_complete` the modules completed.
	percentage: null,
	percentage_complete: 40,
	date_enrolled: '2026-01-01T09:00:00Z',
	date_completed: null,
	...extra,
});
const pageHeaders = (hasNext: boolean, page: number) => ({
	'LU-Has-Next-Page': String(hasNext),
	'LU-Current-Page': String(page),
});

/** The LMS commits the first write, then the connection drops before the answer arrives. */
class DropFirstWrite implements Transport {
	private dropped = false;
	constructor(private readonly inner: Transport) {}
	async send(request: HttpRequest): Promise<HttpResponse> {
		const response = await this.inner.send(request);
		if (request.method !== 'GET' && !this.dropped) {
			this.dropped = true;
			throw new ConnectionError('socket hang up', 'ECONNRESET');
		}
		return response;
	}
}

let clock: ManualClock;
function connect(options: { resilient?: boolean; dropFirstWrite?: boolean } = {}) {
	clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 0, 0));
	const axios = new AxiosTransport(standaloneAuthorizer(creds));
	const inner = options.dropFirstWrite ? new DropFirstWrite(axios) : axios;
	const transport = options.resilient
		? new ResilientTransport(inner, { clock, random: () => 0 })
		: inner;
	return new LearnUponAdapter(readSettings(creds), transport, clock);
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	nock.enableNetConnect();
	expect(pending).toEqual([]);
});

async function failure(promise: Promise<unknown>): Promise<LmsError> {
	try {
		await promise;
	} catch (error) {
		if (isLmsError(error)) return error;
		throw error;
	}
	throw new Error('expected a failure');
}

describe('LearnUpon users', () => {
	it('creates with the capitalised User wrapper and never shows the password', async () => {
		api()
			.post('/users', {
				User: {
					email: 'new@example.com',
					first_name: 'New',
					last_name: 'Person',
					username: 'newp',
					password: 'Pw-123456',
					user_type: 'instructor',
					CustomData: { department: 'Sales' },
				},
			})
			.reply(201, { id: 20001 });
		const result = await connect().createUser({
			email: 'new@example.com',
			firstName: 'New',
			lastName: 'Person',
			username: 'newp',
			password: 'Pw-123456',
			role: 'instructor',
			customFields: { department: 'Sales' },
		});
		expect(result.action).toBe('created');
		expect(result.user).toMatchObject({
			id: '20001',
			email: 'new@example.com',
			role: 'instructor',
			status: 'active',
		});
		expect(JSON.stringify(result)).not.toContain('Pw-123456');
	});

	it('sends a strong generated password when none is given (a password is mandatory) and never shows it', async () => {
		let sent = '';
		api()
			.post('/users', (body: { User: Record<string, unknown> }) => {
				sent = String(body.User.password ?? '');
				return true;
			})
			.reply(201, { id: 20002 });
		const result = await connect().createUser({
			email: 'sso@example.com',
			firstName: 'Sso',
			lastName: 'User',
		});
		// Users › Mandatory Parameters for Creating a User: password, 6+ characters.
		expect(sent.length).toBeGreaterThanOrEqual(16);
		expect(sent).toMatch(/[A-Z]/);
		expect(sent).toMatch(/[0-9]/);
		expect(JSON.stringify(result)).not.toContain(sent);
	});

	it('refuses a password shorter than 6 characters before any call', async () => {
		await expect(
			connect().createUser({
				email: 'x@example.com',
				firstName: 'X',
				lastName: 'Y',
				password: 'abc',
			}),
		).rejects.toThrow(/6 or more characters/);
	});

	it('turns "already exists" into alreadyExists, so find-or-create returns the other one', async () => {
		api()
			.get('/users/search')
			.query({ email: 'dup@example.com' })
			.reply(404, { message: 'User not found', response_code: 404 });
		api().post('/users').reply(422, {
			message: 'User already exists with email dup@example.com',
			response_code: 422,
		});
		api()
			.get('/users/search')
			.query({ email: 'dup@example.com' })
			.reply(200, { user: [user(31, { email: 'dup@example.com' })] });
		const result = await findOrCreateUser(connect(), {
			email: 'dup@example.com',
			firstName: 'D',
			lastName: 'U',
		});
		expect(result).toMatchObject({ action: 'found', user: { id: '31' } });
	});

	it('after a dropped connection on create, finds the committed user instead of creating again', async () => {
		api().post('/users').reply(201, { id: 77 });
		api()
			.get('/users/search')
			.query({ email: 'drop@example.com' })
			.reply(200, { user: [user(77, { email: 'drop@example.com' })] });
		const result = await createUserChecked(connect({ resilient: true, dropFirstWrite: true }), {
			email: 'drop@example.com',
			firstName: 'D',
			lastName: 'C',
		});
		expect(result).toMatchObject({ action: 'created', user: { id: '77' } });
	});

	it('finds by email through /users/search (404 means nobody) and by id', async () => {
		api()
			.get('/users/search')
			.query({ email: 'none@example.com' })
			.reply(404, { message: 'User not found' });
		api()
			.get('/users/search')
			.query({ email: 'ADA@example.com' })
			.reply(200, { user: [user(5, { email: 'ada@example.com', enabled: false })] });
		api()
			.get('/users/12')
			.reply(200, { user: [user(12)] });
		const adapter = connect();
		expect(await adapter.findUser({ by: 'email', value: 'none@example.com' })).toBeUndefined();
		expect(await adapter.findUser({ by: 'email', value: 'ADA@example.com' })).toMatchObject({
			id: '5',
			status: 'suspended',
		});
		expect(await adapter.findUser({ by: 'id', value: '12' })).toMatchObject({
			id: '12',
			firstName: 'Ada',
			lastName: 'User12',
		});
	});

	it('pages /users 500 at a time while LU-Has-Next-Page says so', async () => {
		const first = Array.from({ length: 500 }, (_, index) =>
			user(index + 1, { enabled: index % 2 === 0 }),
		);
		api().get('/users').query({ page: 1 }).reply(200, { user: first }, pageHeaders(true, 1));
		api()
			.get('/users')
			.query({ page: 2 })
			.reply(200, { user: [user(501), user(502)] }, pageHeaders(false, 2));
		const all = await collect(connect().listUsers());
		expect(all).toHaveLength(502);
		expect(all[501].id).toBe('502');

		api().get('/users').query({ page: 1 }).reply(200, { user: first }, pageHeaders(false, 1));
		const suspended = await collect(connect().listUsers({ status: 'suspended' }));
		// A full page with "no next page" is the end: no second request.
		expect(suspended).toHaveLength(250);
	});

	it('updates only what changed, and does not call when nothing did', async () => {
		api()
			.get('/users/12')
			.reply(200, { user: [user(12, { CustomData: { team: 'A' } })] });
		api()
			.put('/users/12', { User: { last_name: 'Lovelace', CustomData: { team: 'B' } } })
			.reply(200, { user: [user(12, { last_name: 'Lovelace', CustomData: { team: 'B' } })] });
		const updated = await connect().updateUser(
			{ by: 'id', value: '12' },
			{
				firstName: 'Ada',
				lastName: 'Lovelace',
				customFields: { team: 'B' },
			},
		);
		expect(updated).toMatchObject({ action: 'updated', user: { lastName: 'Lovelace' } });

		api()
			.get('/users/12')
			.reply(200, { user: [user(12)] });
		const same = await connect().updateUser({ by: 'id', value: '12' }, { firstName: 'Ada' });
		expect(same.action).toBe('unchanged');
	});

	it('deactivates with enabled:false and reactivates with enabled:true, idempotently', async () => {
		api()
			.get('/users/search')
			.query({ email: 'user12@example.com' })
			.reply(200, { user: [user(12)] });
		api()
			.put('/users/12', { User: { enabled: false } })
			.reply(200, { user: [user(12, { enabled: false })] });
		const adapter = connect();
		expect(await adapter.suspendUser({ by: 'email', value: 'user12@example.com' })).toMatchObject({
			action: 'suspended',
			user: { status: 'suspended' },
		});

		api()
			.get('/users/12')
			.reply(200, { user: [user(12, { enabled: false })] });
		expect((await adapter.suspendUser({ by: 'id', value: '12' })).action).toBe('alreadySuspended');

		api()
			.get('/users/12')
			.reply(200, { user: [user(12, { enabled: false })] });
		api()
			.put('/users/12', { User: { enabled: true } })
			.reply(200, {});
		expect(await adapter.reactivateUser({ by: 'id', value: '12' })).toMatchObject({
			action: 'reactivated',
			user: { status: 'active' },
		});

		api()
			.get('/users/12')
			.reply(200, { user: [user(12)] });
		expect((await adapter.reactivateUser({ by: 'id', value: '12' })).action).toBe('alreadyActive');
	});

	it('deletes by email after resolving it; a missing user is notFound', async () => {
		api()
			.get('/users/search')
			.query({ email: 'user9@example.com' })
			.reply(200, { user: [user(9)] });
		api().delete('/users/9').reply(200, {});
		api().delete('/users/10').reply(404, { message: 'User not found' });
		const adapter = connect();
		expect(await adapter.deleteUser({ by: 'email', value: 'user9@example.com' })).toEqual({
			action: 'deleted',
			userId: '9',
		});
		expect(await adapter.deleteUser({ by: 'id', value: '10' })).toEqual({
			action: 'notFound',
			userId: '10',
		});
	});

	it("keeps the vendor's message and never the password in errors", async () => {
		api()
			.post('/users')
			.reply(422, { message: `Password ${'Pw-secret-99'} is too weak`, response_code: 422 });
		const error = await failure(
			connect().createUser({
				email: 'x@example.com',
				firstName: 'X',
				lastName: 'Y',
				password: 'Pw-secret-99',
			}),
		);
		expect(error.kind).toBe('validation');
		expect(error.vendorMessage).toMatch(/is too weak/);
		expect(JSON.stringify(error)).not.toContain('Pw-secret-99');
		expect(JSON.stringify(error)).not.toContain(PASSWORD);
	});
});

describe('LearnUpon enrollments', () => {
	const course = { id: '3001', type: 'course' as const };

	it('enrolls by email with the Enrollment wrapper and snake_case options', async () => {
		api()
			.post('/enrollments', {
				Enrollment: {
					email: 'ada@example.com',
					course_id: 3001,
					re_enroll_if_completed: true,
					due_date: '2026-03-01',
				},
			})
			.reply(201, { id: 50001 });
		const result = await connect().enroll({ by: 'email', value: 'ada@example.com' }, course, {
			reEnrollIfCompleted: true,
			dueDate: '2026-03-01T00:00:00.000Z',
		});
		expect(result).toMatchObject({
			action: 'enrolled',
			productId: '3001',
			enrollment: { id: '50001', status: 'notStarted' },
		});
	});

	it('enrolls a user given by id with their email, never user_id (Enrollments › Mandatory Parameters)', async () => {
		api()
			.get('/users/12')
			.reply(200, { user: [user(12)] });
		api()
			.post('/enrollments', { Enrollment: { email: 'user12@example.com', course_id: 3001 } })
			.reply(201, { id: 50005, created_at: '2026-01-05T10:00:00Z', user_id: 12 });
		const adapter = connect();
		expect(await adapter.enroll({ by: 'id', value: '12' }, course)).toMatchObject({
			action: 'enrolled',
			userId: '12',
			enrollment: { id: '50005', status: 'notStarted' },
		});
		// The email is known now: a second enroll of the same user asks for it no more.
		api()
			.post('/enrollments', { Enrollment: { email: 'user12@example.com', course_id: 3002 } })
			.reply(201, { id: 50006, created_at: '2026-01-05T10:00:01Z', user_id: 12 });
		expect(
			(await adapter.enroll({ by: 'id', value: '12' }, { id: '3002', type: 'course' })).userId,
		).toBe('12');
	});

	it('enrolls by email and takes the user id from the documented answer', async () => {
		api()
			.post('/enrollments', { Enrollment: { email: 'ada@example.com', course_id: 3001 } })
			.reply(201, { id: 50007, created_at: '2026-01-05T10:00:00Z', user_id: 44 });
		expect(await connect().enroll({ by: 'email', value: 'ada@example.com' }, course)).toMatchObject(
			{ userId: '44', enrollment: { id: '50007', userId: '44' } },
		);
	});

	it('answers a duplicate (422) with alreadyEnrolled after confirming the enrollment exists', async () => {
		api()
			.get('/users/12')
			.reply(200, { user: [user(12)] });
		api()
			.post('/enrollments', { Enrollment: { email: 'user12@example.com', course_id: 3001 } })
			.reply(422, { message: 'User is already enrolled in this course' });
		// One documented search key at a time: the user, not the user and the course.
		api()
			.get('/enrollments/search')
			.query({ user_id: 12, page: 1 })
			.reply(
				200,
				{ enrollments: [enrollment(50002), enrollment(50030, { course_id: 3002 })] },
				pageHeaders(false, 1),
			);
		const result = await connect().enroll({ by: 'id', value: '12' }, course);
		expect(result).toMatchObject({
			action: 'alreadyEnrolled',
			userId: '12',
			enrollment: { id: '50002', status: 'inProgress', progress: 40 },
		});
	});

	it('keeps a 422 that is not a duplicate an error', async () => {
		api()
			.get('/users/12')
			.reply(200, { user: [user(12)] });
		api().post('/enrollments').reply(422, { message: 'Course is not published' });
		api()
			.get('/enrollments/search')
			.query(true)
			.reply(200, { enrollments: [] }, pageHeaders(false, 1));
		const error = await failure(connect().enroll({ by: 'id', value: '12' }, course));
		expect(error.vendorMessage).toBe('Course is not published');
	});

	it('after a server error on enroll, checks before repeating and does not enroll twice', async () => {
		api()
			.get('/users/12')
			.reply(200, { user: [user(12)] });
		api().post('/enrollments').reply(500, { message: 'Internal Server Error' });
		api()
			.get('/enrollments/search')
			.query(true)
			.reply(
				200,
				{ enrollments: [enrollment(50003, { status: 'not_started' })] },
				pageHeaders(false, 1),
			);
		const result = await connect({ resilient: true }).enroll({ by: 'id', value: '12' }, course);
		expect(result).toMatchObject({ action: 'enrolled', enrollment: { id: '50003' } });
	});

	it('unenrolls every enrollment record of the course (completed ones with remove_from_history), and says notEnrolled after', async () => {
		api()
			.get('/enrollments/search')
			.query({ email: 'user12@example.com', page: 1 })
			.reply(
				200,
				{
					enrollments: [
						enrollment(50004, { status: 'completed' }),
						enrollment(50010),
						enrollment(50020, { course_id: 3002 }),
					],
				},
				pageHeaders(false, 1),
			);
		api()
			.delete('/enrollments/50010', (body) => body === '' || Object.keys(body).length === 0)
			.reply(200, {});
		// Enrollments › Delete Enrollments: a completed one goes only with remove_from_history.
		api().delete('/enrollments/50004', { remove_from_history: true }).reply(200, {});
		const adapter = connect();
		expect(
			await adapter.unenroll({ by: 'email', value: 'user12@example.com' }, course),
		).toMatchObject({ action: 'unenrolled', userId: '12', enrollment: { id: '50010' } });

		api()
			.get('/enrollments/search')
			.query(true)
			.reply(200, { enrollments: [] }, pageHeaders(false, 1));
		expect((await adapter.unenroll({ by: 'id', value: '12' }, course)).action).toBe('notEnrolled');
	});

	it("lists a user's enrollments across pages", async () => {
		const first = Array.from({ length: 500 }, (_, index) => enrollment(60000 + index));
		api()
			.get('/enrollments/search')
			.query({ user_id: 12, page: 1 })
			.reply(200, { enrollments: first }, pageHeaders(true, 1));
		api()
			.get('/enrollments/search')
			.query({ user_id: 12, page: 2 })
			.reply(
				200,
				{
					enrollments: [
						enrollment(61000, { status: 'passed', date_completed: '2026-01-02T03:04:05Z' }),
					],
				},
				pageHeaders(false, 2),
			);
		const all = await collect(connect().listEnrollments({ by: 'id', value: '12' }));
		expect(all).toHaveLength(501);
		expect(all[500]).toMatchObject({ status: 'passed', completedAt: '2026-01-02T03:04:05.000Z' });
	});

	it("lists a course's enrollments filtered by status (canonical or LearnUpon names)", async () => {
		const records = [
			enrollment(1, { status: 'completed' }),
			enrollment(2, { status: 'not_started' }),
			enrollment(3, { status: 'completed' }),
		];
		api()
			.get('/enrollments/search')
			.query({ course_id: 3001, page: 1 })
			.times(2)
			.reply(200, { enrollments: records }, pageHeaders(false, 1));
		const adapter = connect();
		expect(
			(await collect(adapter.listCourseEnrollments('3001', { status: 'completed' }))).map(
				(e) => e.id,
			),
		).toEqual(['1', '3']);
		expect(
			(await collect(adapter.listCourseEnrollments('3001', { status: 'notStarted' }))).map(
				(e) => e.id,
			),
		).toEqual(['2']);
	});

	it('reads progress from the newest enrollment record: percentage_complete, not the score', async () => {
		api()
			.get('/enrollments/search')
			.query({ user_id: 12, page: 1 })
			.reply(
				200,
				{
					enrollments: [
						enrollment(7, { status: 'completed' }),
						enrollment(9, { percentage: 85, percentage_complete: 60 }),
					],
				},
				pageHeaders(false, 1),
			);
		expect(await connect().getProgress({ by: 'id', value: '12' }, '3001')).toMatchObject({
			id: '9',
			status: 'inProgress',
			progress: 60,
		});
	});
});

describe('LearnUpon groups and courses', () => {
	it('lists courses and groups', async () => {
		api()
			.get('/courses')
			.query({ page: 1 })
			.reply(200, { courses: [{ id: 3001, name: 'Security Basics' }] }, pageHeaders(false, 1));
		api()
			.get('/groups')
			.query({ page: 1 })
			.reply(200, { groups: [{ id: 701, title: 'Sales' }] });
		const adapter = connect();
		expect(await collect(adapter.listCourses())).toMatchObject([
			{ id: '3001', name: 'Security Basics', productType: 'course' },
		]);
		expect(await collect(adapter.listGroups())).toMatchObject([{ id: '701', name: 'Sales' }]);
	});

	it('creates a group only when no group has the title', async () => {
		api()
			.get('/groups')
			.query({ title: 'Sales', page: 1 })
			.reply(200, { groups: [{ id: 701, title: 'Sales' }] });
		const adapter = connect();
		expect(await adapter.createGroup('Sales')).toMatchObject({
			action: 'found',
			group: { id: '701' },
		});

		api().get('/groups').query({ title: 'New Hires', page: 1 }).reply(200, { groups: [] });
		api()
			.post('/groups', { Group: { title: 'New Hires' } })
			.reply(201, { id: 705 });
		expect(await adapter.createGroup(' New Hires ')).toMatchObject({
			action: 'created',
			group: { id: '705', name: 'New Hires' },
		});
	});

	it('adds with the GroupMembership wrapper; an existing membership is alreadyMember', async () => {
		api()
			.post('/group_memberships', { GroupMembership: { group_id: 701, user_id: 12 } })
			.reply(201, { id: 90001 });
		const adapter = connect();
		expect(await adapter.addToGroup({ by: 'id', value: '12' }, '701')).toEqual({
			action: 'added',
			userId: '12',
			groupId: '701',
		});

		api()
			.post('/group_memberships')
			.reply(422, { message: 'User is already a member of this group' });
		api()
			.get('/group_memberships')
			.query({ user_id: 12, page: 1 })
			.reply(200, { group_memberships: [{ id: 90001, group_id: 701, user_id: 12 }] });
		expect((await adapter.addToGroup({ by: 'id', value: '12' }, '701')).action).toBe(
			'alreadyMember',
		);
	});

	it('removes with the documented DELETE /group_memberships/0 and the wrapper; not a member is notMember', async () => {
		// Group Memberships › Delete a GroupMembership: by group_id + user_id, id 0. The user's
		// membership listing carries no membership ids, so nothing may read them from it.
		api()
			.delete('/group_memberships/0', { GroupMembership: { group_id: 701, user_id: 12 } })
			.reply(200, {});
		const adapter = connect();
		expect((await adapter.removeFromGroup({ by: 'id', value: '12' }, '701')).action).toBe(
			'removed',
		);

		api()
			.delete('/group_memberships/0')
			.reply(404, { message: 'Group membership not found', response_code: 404 });
		api()
			.get('/group_memberships')
			.query({ user_id: 12, page: 1 })
			.reply(200, { group_memberships: [{ group_id: 702, user_id: 12 }] });
		expect((await adapter.removeFromGroup({ by: 'id', value: '12' }, '701')).action).toBe(
			'notMember',
		);
	});

	it("lists a user's groups from their memberships", async () => {
		api()
			.get('/group_memberships')
			.query({ user_id: 12, page: 1 })
			.reply(200, {
				group_memberships: [{ id: 90001, group_id: 701, user_id: 12, group_title: 'Sales' }],
			});
		expect(await connect().listUserGroups({ by: 'id', value: '12' })).toMatchObject([
			{ id: '701', name: 'Sales' },
		]);
	});
});

describe('LearnUpon completions', () => {
	it('reads each course page by page and keeps completed/passed since the cursor', async () => {
		api()
			.get('/courses')
			.query({ page: 1 })
			.reply(
				200,
				{
					courses: [
						{ id: 3001, name: 'A' },
						{ id: 3002, name: 'B' },
					],
				},
				pageHeaders(false, 1),
			);
		const filler = Array.from({ length: 499 }, (_, index) =>
			enrollment(1000 + index, { status: 'in_progress' }),
		);
		api()
			.get('/enrollments/search')
			.query({ course_id: 3001, page: 1 })
			.reply(
				200,
				{
					enrollments: [
						...filler,
						enrollment(1, { status: 'completed', date_completed: '2026-01-04T00:00:00Z' }),
					],
				},
				pageHeaders(true, 1),
			);
		api()
			.get('/enrollments/search')
			.query({ course_id: 3001, page: 2 })
			.reply(
				200,
				{
					enrollments: [
						enrollment(2, {
							status: 'passed',
							// Enrollment Data Attributes: `percentage` is the score achieved.
							percentage: 88,
							email: 'a@example.com',
							date_completed: '2026-01-05T00:00:00Z',
						}),
						enrollment(3, { status: 'completed', date_completed: '2025-12-01T00:00:00Z' }),
						enrollment(4, { status: 'failed', date_completed: '2026-01-05T00:00:00Z' }),
					],
				},
				pageHeaders(false, 2),
			);
		api()
			.get('/enrollments/search')
			.query({ course_id: 3002, page: 1 })
			.reply(404, { message: 'No enrollments found' });
		const completions = await collect(
			connect().listCompletions({ since: '2026-01-01T00:00:00.000Z' }),
		);
		expect(completions).toMatchObject([
			{ userId: '12', courseId: '3001', completedAt: '2026-01-04T00:00:00.000Z' },
			{
				userId: '12',
				courseId: '3001',
				completedAt: '2026-01-05T00:00:00.000Z',
				score: 88,
				email: 'a@example.com',
			},
		]);
	});

	it('reads only the chosen course when one is given', async () => {
		api()
			.get('/enrollments/search')
			.query({ course_id: 3002, page: 1 })
			.reply(
				200,
				{
					enrollments: [
						enrollment(5, {
							course_id: 3002,
							status: 'completed',
							date_completed: '2026-01-04T00:00:00Z',
						}),
					],
				},
				pageHeaders(false, 1),
			);
		expect(
			await collect(connect().listCompletions({ since: '2026-01-01T00:00:00Z', courseId: '3002' })),
		).toHaveLength(1);
	});
});

describe('LearnUpon bulk enrollment', () => {
	const course = (id: string) => ({ id, type: 'course' as const });
	const JOB = '3f2c9a7e-1b4d-4c8a-9e21-6d5f0a1b2c3d';
	const job = (extra: Record<string, unknown>) => ({
		job_id: JOB,
		operation: 'bulk-enrollment',
		num_operations: 3,
		created_at: '2026-01-05T10:00:00Z',
		...extra,
	});

	it('submits one documented job, polls its job_id until done, and reads each outcome from the enrollments', async () => {
		api()
			.get('/users/search')
			.query({ email: 'b@example.com' })
			.reply(200, { user: [user(13, { email: 'b@example.com' })] });
		api()
			.get('/users/search')
			.query({ email: 'ghost@example.com' })
			.reply(404, { message: 'User not found' });
		api()
			.post('/bulk-operations/submit/bulk-enrollment', {
				items: [
					{ course_id: 3001, user_id: 12 },
					{ course_id: 3001, user_id: 13 },
					{ course_id: 3009, user_id: 12 },
				],
			})
			.reply(202, job({ status: 'in_progress', report_url: null }));
		api()
			.get(`/bulk-operations/jobs/${JOB}`)
			.reply(200, job({ status: 'in_progress', num_completed_operations: 0 }));
		// Bulk Operations › Job Status Attributes: counters and a report_url, no per-item results.
		api()
			.get(`/bulk-operations/jobs/${JOB}`)
			.reply(
				200,
				job({
					status: 'completed',
					num_completed_operations: 1,
					num_failed_operations: 2,
					completed_at: '2026-01-05T10:00:02Z',
					report_url: 'https://reports.example/job.csv',
				}),
			);
		// Few users per course: each user's enrollments, read once for both of user 12's courses.
		api()
			.get('/enrollments/search')
			.query({ user_id: 12, page: 1 })
			.reply(
				200,
				{ enrollments: [enrollment(50100, { date_enrolled: '2026-01-05T10:00:01Z' })] },
				pageHeaders(false, 1),
			);
		api()
			.get('/enrollments/search')
			.query({ user_id: 13, page: 1 })
			.reply(
				200,
				{
					enrollments: [enrollment(50090, { user_id: 13, date_enrolled: '2025-11-01T08:00:00Z' })],
				},
				pageHeaders(false, 1),
			);
		const outcomes = await connect().bulkEnroll([
			{ ref: { by: 'id', value: '12' }, product: course('3001') },
			{ ref: { by: 'email', value: 'b@example.com' }, product: course('3001') },
			{ ref: { by: 'email', value: 'ghost@example.com' }, product: course('3001') },
			{ ref: { by: 'id', value: '12' }, product: course('3009') },
		]);
		const info = {
			jobId: JOB,
			status: 'completed',
			reportUrl: 'https://reports.example/job.csv',
			outcomeFrom: 'enrollments read after the job',
		};
		expect(outcomes).toMatchObject([
			{ ok: true, action: 'enrolled', userId: '12', enrollment: { id: '50100' }, job: info },
			{ ok: true, action: 'alreadyEnrolled', userId: '13', enrollment: { id: '50090' } },
			{ ok: false, error: expect.stringMatching(/ghost@example.com/) },
			{
				ok: false,
				userId: '12',
				productId: '3009',
				error: expect.stringContaining('https://reports.example/job.csv'),
				job: info,
			},
		]);
		// Waited between polls with the injected clock, not a timer.
		expect(clock.sleeps).toEqual([1_000]);
	});

	it("reads a course's enrollments instead when many users go into it", async () => {
		const ids = Array.from({ length: 60 }, (_, index) => 20_000 + index);
		api()
			.post('/bulk-operations/submit/bulk-enrollment')
			.reply(202, job({ status: 'in_progress', num_operations: 60 }));
		api()
			.get(`/bulk-operations/jobs/${JOB}`)
			.reply(200, job({ status: 'failed', num_operations: 60, num_failed_operations: 1 }));
		api()
			.get('/enrollments/search')
			.query({ course_id: 3001, page: 1 })
			.reply(
				200,
				{
					enrollments: ids
						.slice(1)
						.map((id) =>
							enrollment(id + 40_000, { user_id: id, date_enrolled: '2026-01-05T10:00:01Z' }),
						),
				},
				pageHeaders(false, 1),
			);
		const outcomes = await connect().bulkEnroll(
			ids.map((id) => ({ ref: { by: 'id', value: String(id) }, product: course('3001') })),
		);
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(59);
		expect(outcomes[0]).toMatchObject({ ok: false, job: { status: 'failed' } });
	});

	it("keeps a bulk error's documented code and message (Bulk Operations › Error Responses)", async () => {
		api()
			.post('/bulk-operations/submit/bulk-enrollment')
			.reply(403, {
				error: { code: 'feature_not_enabled', message: 'Bulk operations are not enabled' },
			});
		const error = await failure(
			connect().bulkEnroll([{ ref: { by: 'id', value: '12' }, product: course('3001') }]),
		);
		expect(error.vendorMessage).toBe('Bulk operations are not enabled (feature_not_enabled)');
	});

	it('says so when the answer has no job_id, instead of guessing', async () => {
		api().post('/bulk-operations/submit/bulk-enrollment').reply(202, { id: 4401 });
		const error = await failure(
			connect().bulkEnroll([{ ref: { by: 'id', value: '12' }, product: course('3001') }]),
		);
		expect(error.message).toMatch(/no job_id/);
	});
});

describe('LearnUpon rate-limit headers', () => {
	it('reads the remaining minute and week budget from every answer', async () => {
		api()
			.get('/users/12')
			.reply(
				200,
				{ user: [user(12)] },
				{ 'X-LU-Rate-Limit-Remaining-Minute': '41', 'X-LU-Rate-Limit-Remaining-Week': '9000' },
			);
		const adapter = connect();
		await adapter.findUser({ by: 'id', value: '12' });
		expect(adapter.rateBudget).toMatchObject({ remainingMinute: 41, remainingWeek: 9000 });
	});

	it('waits for the next minute when the minute budget is spent instead of collecting a 429', async () => {
		api()
			.get('/users/12')
			.reply(
				200,
				{ user: [user(12)] },
				{ 'X-LU-Rate-Limit-Remaining-Minute': '0', 'X-LU-Rate-Limit-Remaining-Week': '10' },
			);
		api()
			.get('/users/13')
			.reply(200, { user: [user(13)] }, { 'X-LU-Rate-Limit-Remaining-Minute': '599' });
		clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 0, 15));
		// The shared pace, as inside n8n: it reads the header through the vendor definition.
		const pacer = new PacingLimiter(learnUponVendor.pacing(creds), clock);
		const transport = new ResilientTransport(new AxiosTransport(standaloneAuthorizer(creds)), {
			clock,
			pacer,
			budgetOf: learnUponVendor.rateBudgetOf,
		});
		const adapter = new LearnUponAdapter(readSettings(creds), transport, clock);
		await adapter.findUser({ by: 'id', value: '12' });
		await adapter.findUser({ by: 'id', value: '13' });
		// The rest of the minute (45 s) and the margin the pacer keeps after a reset.
		expect(clock.sleeps).toEqual([45_250]);
		expect(adapter.rateBudget).toMatchObject({ remainingMinute: 599, remainingWeek: 10 });
	});

	it('says plainly when the weekly budget is used up', async () => {
		api()
			.get('/users/12')
			.reply(
				429,
				{ message: 'Rate limit exceeded', response_code: 429 },
				{ 'X-LU-Rate-Limit-Remaining-Minute': '10', 'X-LU-Rate-Limit-Remaining-Week': '0' },
			);
		const error = await failure(connect().findUser({ by: 'id', value: '12' }));
		expect(error.kind).toBe('rateLimited');
		expect(error.hint).toMatch(/weekly/);
	});

	it('retries a 429 through the shared transport and carries on', async () => {
		api().get('/users/12').reply(429, { message: 'Rate limit exceeded' });
		api()
			.get('/users/12')
			.reply(200, { user: [user(12)] });
		expect(await connect({ resilient: true }).findUser({ by: 'id', value: '12' })).toMatchObject({
			id: '12',
		});
	});
});

describe('LearnUpon vendor definition', () => {
	it('offers what the adapter implements, and nothing it does not', () => {
		const capabilities = learnUponVendor.capabilities;
		for (const capability of [
			'user.create',
			'user.suspend',
			'enrollment.bulkEnroll',
			'enrollment.listForCourse',
			'completion.list',
			'group.create',
		] as const)
			expect(capabilities.has(capability)).toBe(true);
		expect(capabilities.has('tag.add')).toBe(false);
		// The password, and the Basic pair whose base64 redaction covers (issue 14).
		expect(learnUponVendor.secretsOf(creds)).toEqual([PASSWORD, `api-user:${PASSWORD}`]);
		expect(learnUponVendor.pacing({ ...creds, requestsPerSecond: 2 })).toEqual({
			requests: 2,
			windowMs: 1_000,
			provisional: true,
		});
	});
});
