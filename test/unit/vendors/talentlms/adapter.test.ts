/* eslint-disable @n8n/community-nodes/require-node-api-error -- tests, not node code */
import nock from 'nock';

import {
	collect,
	createUserChecked,
	findOrCreateUser,
	isLmsError,
	type LmsError,
} from '../../../../nodes/shared/core';
import { EXPECTED_AUTH, rawUser, setup, tlmsError } from './helpers';

const EMAIL = 'jo+test@acme.com';
/** `+` encoded (a literal + could be read as a space), `@` kept readable. */
const EMAIL_SEGMENT = 'jo%2Btest@acme.com';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

async function failure(promise: Promise<unknown>): Promise<LmsError> {
	try {
		await promise;
	} catch (error) {
		if (isLmsError(error)) return error;
		throw error;
	}
	throw new Error('expected an LmsError');
}

describe('users', () => {
	it('gets a user by email with + and @ as a path segment, with Basic auth', async () => {
		const { adapter, calls, answer } = setup();
		answer(
			'GET',
			`/users/email:${EMAIL_SEGMENT}`,
			200,
			rawUser({ groups: [{ id: '3', name: 'G' }] }),
		);
		const user = await adapter.findUser({ by: 'email', value: EMAIL });
		expect(calls).toEqual([
			expect.objectContaining({ method: 'GET', path: `/api/v1/users/email:${EMAIL_SEGMENT}` }),
		]);
		expect(calls[0].headers.authorization).toBe(EXPECTED_AUTH);
		expect(user).toMatchObject({
			id: '17',
			email: EMAIL,
			username: EMAIL,
			firstName: 'Jo',
			lastName: 'Test',
			status: 'active',
			groupIds: ['3'],
		});
	});

	it('gets by id and by login; a non-numeric "id" is looked up as the login', async () => {
		const { adapter, calls, answer } = setup();
		answer('GET', '/users/id:17', 200, rawUser());
		answer('GET', '/users/username:jo.test', 200, rawUser({ login: 'jo.test' }));
		answer('GET', '/users/username:jo%2Cdo%3Ax', 200, rawUser({ login: 'jo,do:x' }));
		await adapter.findUser({ by: 'id', value: '17' });
		await adapter.findUser({ by: 'username', value: 'jo.test' });
		await adapter.findUser({ by: 'id', value: 'jo,do:x' });
		expect(calls.map((call) => call.path)).toEqual([
			'/api/v1/users/id:17',
			'/api/v1/users/username:jo.test',
			// A comma or colon inside a value cannot break the name:value list.
			'/api/v1/users/username:jo%2Cdo%3Ax',
		]);
	});

	it('answers undefined, not an error, when TalentLMS says the user does not exist', async () => {
		const { adapter, answer } = setup();
		answer(
			'GET',
			'/users/email:nobody@acme.com',
			404,
			tlmsError('The requested user does not exist'),
		);
		await expect(
			adapter.findUser({ by: 'email', value: 'nobody@acme.com' }),
		).resolves.toBeUndefined();
	});

	it('creates with POST /usersignup, form-encoded, login defaulting to the email', async () => {
		const { adapter, calls, answer } = setup();
		answer('POST', '/usersignup', 200, rawUser());
		const result = await adapter.createUser({
			email: EMAIL,
			firstName: 'Jo',
			lastName: 'Test',
			password: 'Given-Pass-123',
			role: 'Learner-Type',
			customFields: { custom_field_2: 'EMEA', branch_id: '4' },
		});
		expect(result.action).toBe('created');
		expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/usersignup' });
		expect(calls[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(calls[0].headers.authorization).toBe(EXPECTED_AUTH);
		expect(calls[0].body).toBe(
			'first_name=Jo&last_name=Test&email=jo%2Btest%40acme.com&login=jo%2Btest%40acme.com&password=Given-Pass-123&custom_field_2=EMEA&branch_id=4&user_type=Learner-Type',
		);
	});

	it('generates a strong, different password when none is given and never returns it', async () => {
		const { adapter, calls, answer } = setup();
		answer('POST', '/usersignup', 200, rawUser());
		answer('POST', '/usersignup', 200, rawUser({ id: '18' }));
		const first = await adapter.createUser({
			email: EMAIL,
			firstName: 'Jo',
			lastName: 'Test',
			username: 'jt',
		});
		await adapter.createUser({ email: EMAIL, firstName: 'Jo', lastName: 'Test', username: 'jt' });
		const [one, two] = calls.map((call) => form(call.body).password);
		expect(one).not.toBe(two);
		for (const password of [one, two]) {
			expect(password.length).toBeGreaterThanOrEqual(16);
			expect(password).toMatch(/[A-Z]/);
			expect(password).toMatch(/[a-z]/);
			expect(password).toMatch(/\d/);
			expect(password).toMatch(/[^A-Za-z0-9]/);
		}
		expect(form(calls[0].body).login).toBe('jt');
		expect(JSON.stringify(first)).not.toContain(one);
	});

	it('refuses unknown extra fields instead of dropping them', async () => {
		const { adapter, calls } = setup();
		await expect(
			adapter.createUser({
				email: EMAIL,
				firstName: 'J',
				lastName: 'T',
				customFields: { department: 'x' },
			}),
		).rejects.toThrow(/does not accept "department"/);
		expect(calls).toEqual([]);
	});

	it('maps both duplicate messages to alreadyExists, without echoing the password', async () => {
		const { adapter, answer } = setup();
		answer(
			'POST',
			'/usersignup',
			400,
			tlmsError('A user with the same email address already exists'),
		);
		answer('POST', '/usersignup', 400, tlmsError('A user with the same login already exists'));
		const input = { email: EMAIL, firstName: 'Jo', lastName: 'Test', password: 'Secret-Pass-77' };
		const email = await failure(adapter.createUser(input));
		const login = await failure(adapter.createUser(input));
		expect([email.kind, login.kind]).toEqual(['alreadyExists', 'alreadyExists']);
		expect(email.vendorMessage).toBe('A user with the same email address already exists');
		expect(JSON.stringify(email.toJSON())).not.toContain('Secret-Pass-77');
	});

	it('find or create reuses the user TalentLMS already has: the refused create, then the lookup', async () => {
		const { adapter, calls, answer } = setup();
		answer(
			'POST',
			'/usersignup',
			400,
			tlmsError('A user with the same email address already exists'),
		);
		answer('GET', `/users/email:${EMAIL_SEGMENT}`, 200, rawUser());
		const result = await findOrCreateUser(adapter, {
			email: EMAIL,
			firstName: 'Jo',
			lastName: 'Test',
		});
		expect(result).toMatchObject({ action: 'found', user: { id: '17' } });
		expect(calls.map((call) => call.method)).toEqual(['POST', 'GET']);
	});

	it('find or create makes a new hire in one call: the create', async () => {
		const { adapter, calls, answer } = setup();
		answer('POST', '/usersignup', 200, rawUser());
		const result = await findOrCreateUser(adapter, {
			email: EMAIL,
			firstName: 'Jo',
			lastName: 'Test',
		});
		expect(result.action).toBe('created');
		expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual(['POST /api/v1/usersignup']);
	});

	it('find or create keeps a duplicate-login refusal when nobody has the email', async () => {
		const { adapter, answer } = setup();
		answer('POST', '/usersignup', 400, tlmsError('A user with the same login already exists'));
		answer(
			'GET',
			`/users/email:${EMAIL_SEGMENT}`,
			404,
			tlmsError('The requested user does not exist'),
		);
		const error = (await findOrCreateUser(adapter, {
			email: EMAIL,
			firstName: 'Jo',
			lastName: 'Test',
		}).catch((e: unknown) => e)) as { kind?: string; message?: string };
		expect(error.kind).toBe('alreadyExists');
		expect(error.message).toMatch(/same login/);
	});

	it('a create that failed with a 5xx is checked by email, not repeated', async () => {
		const { adapter, calls, answer } = setup({ resilient: true });
		answer('POST', '/usersignup', 500, tlmsError('Internal server error', 'api_error'));
		answer('GET', `/users/email:${EMAIL_SEGMENT}`, 200, rawUser());
		const result = await createUserChecked(adapter, {
			email: EMAIL,
			firstName: 'Jo',
			lastName: 'Test',
		});
		expect(result).toMatchObject({ action: 'created', user: { id: '17' } });
		expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
			'POST /api/v1/usersignup',
			`GET /api/v1/users/email:${EMAIL_SEGMENT}`,
		]);
	});

	it('every create whose answer was lost is checked by email once, so a repeated one is too', async () => {
		const { adapter, calls, answer } = setup({ resilient: true });
		const input = { email: EMAIL, firstName: 'Jo', lastName: 'Test' };
		answer('POST', '/usersignup', 502, 'Bad gateway');
		answer(
			'GET',
			`/users/email:${EMAIL_SEGMENT}`,
			404,
			tlmsError('The requested user does not exist'),
		);
		answer('POST', '/usersignup', 500, tlmsError('Internal server error', 'api_error'));
		answer('GET', `/users/email:${EMAIL_SEGMENT}`, 200, rawUser());
		expect(await createUserChecked(adapter, input)).toMatchObject({
			action: 'created',
			user: { id: '17' },
		});
		// One lookup after each lost answer (the adapter and the core both looking made two).
		expect(calls.map((call) => call.method)).toEqual(['POST', 'GET', 'POST', 'GET']);
	});

	it('lists users page by page with /users/page_size:N,page_number:M until a short page', async () => {
		const { adapter, calls, answer } = setup();
		const page = (from: number, count: number) =>
			Array.from({ length: count }, (_, i) =>
				rawUser({ id: String(from + i), email: `u${from + i}@acme.com` }),
			);
		answer('GET', '/users/page_size:100,page_number:1', 200, page(1, 100));
		answer('GET', '/users/page_size:100,page_number:2', 200, page(101, 7));
		const users = await collect(adapter.listUsers({ limit: 150 }), 150);
		expect(users).toHaveLength(107);
		expect(users[106]).toMatchObject({ id: '107', email: 'u107@acme.com' });
		expect(calls).toHaveLength(2);
	});

	it('lists everyone with one unpaged GET /users when no limit is asked', async () => {
		const { adapter, calls, answer } = setup();
		const everyone = Array.from({ length: 250 }, (_, i) =>
			rawUser({ id: String(i + 1), email: `u${i + 1}@acme.com` }),
		);
		answer('GET', '/users', 200, everyone);
		const users = await collect(adapter.listUsers());
		expect(users).toHaveLength(250);
		expect(users[249]).toMatchObject({ id: '250', email: 'u250@acme.com' });
		expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual(['GET /api/v1/users']);
	});

	it('updates with POST /edituser and only the changed fields', async () => {
		const { adapter, calls, answer } = setup();
		answer('GET', `/users/email:${EMAIL_SEGMENT}`, 200, rawUser());
		answer('POST', '/edituser', 200, rawUser({ last_name: 'Renamed' }));
		const result = await adapter.updateUser(
			{ by: 'email', value: EMAIL },
			{
				lastName: 'Renamed',
				customFields: { custom_field_1: 'x', deactivation_date: '31/12/2026' },
			},
		);
		expect(result).toMatchObject({ action: 'updated', user: { lastName: 'Renamed' } });
		expect(calls[1]).toMatchObject({ method: 'POST', path: '/api/v1/edituser' });
		expect(form(calls[1].body)).toEqual({
			user_id: '17',
			custom_field_1: 'x',
			deactivation_date: '31/12/2026',
			last_name: 'Renamed',
		});
	});

	it('an update with nothing to change sends no write', async () => {
		const { adapter, calls, answer } = setup();
		answer('GET', '/users/id:17', 200, rawUser());
		expect((await adapter.updateUser({ by: 'id', value: '17' }, {})).action).toBe('unchanged');
		expect(calls.map((call) => call.method)).toEqual(['GET']);
	});

	it('deactivates with GET /usersetstatus/…,status:inactive; an inactive user is alreadySuspended', async () => {
		const { adapter, calls, answer } = setup();
		answer('GET', '/users/id:17', 200, rawUser());
		answer('GET', '/usersetstatus/user_id:17,status:inactive', 200, {
			user_id: '17',
			status: 'inactive',
		});
		answer('GET', '/users/id:17', 200, rawUser({ status: 'inactive' }));
		expect(await adapter.suspendUser({ by: 'id', value: '17' })).toMatchObject({
			action: 'suspended',
			user: { status: 'suspended' },
		});
		expect((await adapter.suspendUser({ by: 'id', value: '17' })).action).toBe('alreadySuspended');
		expect(calls.map((call) => call.path)).toEqual([
			'/api/v1/users/id:17',
			'/api/v1/usersetstatus/user_id:17,status:inactive',
			'/api/v1/users/id:17',
		]);
	});

	it('reactivates with status:active; an active user is alreadyActive', async () => {
		const { adapter, calls, answer } = setup();
		answer('GET', `/users/email:${EMAIL_SEGMENT}`, 200, rawUser({ status: 'inactive' }));
		answer('GET', '/usersetstatus/user_id:17,status:active', 200, {
			user_id: '17',
			status: 'active',
		});
		answer('GET', `/users/email:${EMAIL_SEGMENT}`, 200, rawUser());
		expect((await adapter.reactivateUser({ by: 'email', value: EMAIL })).action).toBe(
			'reactivated',
		);
		expect((await adapter.reactivateUser({ by: 'email', value: EMAIL })).action).toBe(
			'alreadyActive',
		);
		expect(calls[1].path).toBe('/api/v1/usersetstatus/user_id:17,status:active');
	});

	it('deletes with POST /deleteuser (permanent=no); a missing user is notFound', async () => {
		const { adapter, calls, answer } = setup();
		answer('POST', '/deleteuser', 200, { message: 'Operation completed successfully' });
		answer('POST', '/deleteuser', 404, tlmsError('The requested user does not exist'));
		expect(await adapter.deleteUser({ by: 'id', value: '17' })).toEqual({
			action: 'deleted',
			userId: '17',
		});
		expect(await adapter.deleteUser({ by: 'id', value: '17' })).toEqual({
			action: 'notFound',
			userId: '17',
		});
		expect(form(calls[0].body)).toEqual({ user_id: '17', permanent: 'no' });
		expect(calls[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
	});

	it('a delete that failed with a 5xx counts as done when the user is gone', async () => {
		const { adapter, answer } = setup({ resilient: true });
		answer('POST', '/deleteuser', 502, 'Bad gateway');
		answer('GET', '/users/id:17', 404, tlmsError('The requested user does not exist'));
		expect(await adapter.deleteUser({ by: 'id', value: '17' })).toEqual({
			action: 'deleted',
			userId: '17',
		});
	});
});

describe('enrollments', () => {
	const course = { id: '5', type: 'course' as const };

	it('enrolls by email with POST /addusertocourse (user_email, course_id, role); answer is an array', async () => {
		const { adapter, calls, answer } = setup();
		answer('POST', '/addusertocourse', 200, [
			{ user_id: '17', course_id: '5', role: 'instructor' },
		]);
		const result = await adapter.enroll({ by: 'email', value: EMAIL }, course, {
			role: 'instructor',
		});
		expect(result).toEqual({
			action: 'enrolled',
			userId: '17',
			productId: '5',
			productType: 'course',
		});
		expect(calls[0].body).toBe('user_email=jo%2Btest%40acme.com&course_id=5&role=instructor');
		expect(calls[0].headers.authorization).toBe(EXPECTED_AUTH);
	});

	it('"already enrolled" is success with action alreadyEnrolled; role defaults to learner', async () => {
		const { adapter, calls, answer } = setup();
		answer(
			'POST',
			'/addusertocourse',
			400,
			tlmsError('The requested user is already enrolled in this course'),
		);
		const result = await adapter.enroll({ by: 'id', value: '17' }, course);
		expect(result).toEqual({
			action: 'alreadyEnrolled',
			userId: '17',
			productId: '5',
			productType: 'course',
		});
		expect(form(calls[0].body)).toEqual({ user_id: '17', course_id: '5', role: 'learner' });
	});

	it('retries an enroll after a 5xx (repeating it is harmless)', async () => {
		const { adapter, calls, answer } = setup({ resilient: true });
		answer('POST', '/addusertocourse', 503, tlmsError('Service unavailable', 'api_error'));
		answer('POST', '/addusertocourse', 200, [{ user_id: '17', course_id: '5', role: 'learner' }]);
		expect((await adapter.enroll({ by: 'id', value: '17' }, course)).action).toBe('enrolled');
		expect(calls).toHaveLength(2);
	});

	it('other enroll errors stay errors, with the vendor message', async () => {
		const { adapter, answer } = setup();
		answer('POST', '/addusertocourse', 404, tlmsError('The requested course does not exist'));
		const error = await failure(
			adapter.enroll({ by: 'id', value: '17' }, { id: '99', type: 'course' }),
		);
		expect(error.kind).toBe('notFound');
		expect(error.message).toBe('TalentLMS answered 404: The requested course does not exist');
	});

	it('unenrolls with GET /removeuserfromcourse/user_id:X,course_id:Y; "not enrolled" is notEnrolled', async () => {
		const { adapter, calls, answer } = setup();
		answer('GET', `/users/email:${EMAIL_SEGMENT}`, 200, rawUser());
		answer('GET', '/removeuserfromcourse/user_id:17,course_id:5', 200, {
			user_id: '17',
			course_id: '5',
		});
		answer(
			'GET',
			'/removeuserfromcourse/user_id:17,course_id:5',
			400,
			tlmsError('The requested user is not enrolled in this course'),
		);
		expect((await adapter.unenroll({ by: 'email', value: EMAIL }, course)).action).toBe(
			'unenrolled',
		);
		expect((await adapter.unenroll({ by: 'id', value: '17' }, course)).action).toBe('notEnrolled');
		expect(calls.map((call) => call.method)).toEqual(['GET', 'GET', 'GET']);
	});

	it('reads progress with GET /getuserstatusincourse/course_id:X,user_id:Y', async () => {
		const { adapter, calls, answer } = setup();
		answer('GET', '/getuserstatusincourse/course_id:5,user_id:17', 200, {
			completion_status: 'completed',
			completion_percentage: '100',
			completed_on_timestamp: '1767225600',
			total_time: '1h 2m',
		});
		answer(
			'GET',
			'/getuserstatusincourse/course_id:6,user_id:17',
			400,
			tlmsError('The requested user is not enrolled in this course'),
		);
		expect(await adapter.getProgress({ by: 'id', value: '17' }, '5')).toMatchObject({
			userId: '17',
			productId: '5',
			status: 'completed',
			progress: 100,
			completedAt: '2026-01-01T00:00:00.000Z',
		});
		expect(await adapter.getProgress({ by: 'id', value: '17' }, '6')).toBeUndefined();
		expect(calls).toHaveLength(2);
	});

	it("lists a user's enrollments from courses[]", async () => {
		const { adapter, answer } = setup();
		answer(
			'GET',
			'/users/id:17',
			200,
			rawUser({
				courses: [
					{
						id: '5',
						name: 'GDPR',
						completion_status: 'incomplete',
						completion_percentage: '40',
						completed_on_timestamp: '',
					},
					{
						id: '6',
						name: 'Safety',
						completion_status: 'not_attempted',
						completion_percentage: '0',
						completed_on_timestamp: null,
					},
				],
			}),
		);
		const enrollments = await collect(adapter.listEnrollments({ by: 'id', value: '17' }));
		expect(
			enrollments.map(({ productId, productName, status, progress, completedAt }) => ({
				productId,
				productName,
				status,
				progress,
				completedAt,
			})),
		).toEqual([
			{
				productId: '5',
				productName: 'GDPR',
				status: 'inProgress',
				progress: 40,
				completedAt: undefined,
			},
			{
				productId: '6',
				productName: 'Safety',
				status: 'notStarted',
				progress: 0,
				completedAt: undefined,
			},
		]);
	});

	it('refuses products other than courses before any call', async () => {
		const { adapter, calls } = setup();
		await expect(
			adapter.enroll({ by: 'id', value: '17' }, { id: '1', type: 'bundle' }),
		).rejects.toThrow(/courses only/);
		expect(calls).toEqual([]);
	});
});

describe('groups', () => {
	const groups = [
		{ id: '3', name: 'Sales', key: 'k3y+/3' },
		{ id: '4', name: 'Ops', key: 'opskey' },
	];

	it('adds by the group KEY resolved from /groups (read once per run); already a member is alreadyMember', async () => {
		const { adapter, calls, answer } = setup();
		answer('GET', '/groups', 200, groups);
		answer('GET', '/addusertogroup/user_id:17,group_key:k3y%2B%2F3', 200, {
			user_id: '17',
			group_id: '3',
		});
		answer(
			'GET',
			'/addusertogroup/user_id:18,group_key:k3y%2B%2F3',
			400,
			tlmsError('The requested user is already a member of this group'),
		);
		expect(await adapter.addToGroup({ by: 'id', value: '17' }, '3')).toEqual({
			action: 'added',
			userId: '17',
			groupId: '3',
		});
		expect(await adapter.addToGroup({ by: 'id', value: '18' }, '3')).toEqual({
			action: 'alreadyMember',
			userId: '18',
			groupId: '3',
		});
		expect(calls.filter((call) => call.path === '/api/v1/groups')).toHaveLength(1);
	});

	it('an unknown group is notFound, naming it', async () => {
		const { adapter, answer } = setup();
		answer('GET', '/groups', 200, groups);
		answer('GET', '/groups', 200, groups);
		const error = await failure(adapter.addToGroup({ by: 'id', value: '17' }, '99'));
		expect(error.kind).toBe('notFound');
		expect(error.message).toContain('"99"');
	});

	it('removes by group id; not a member is notMember', async () => {
		const { adapter, calls, answer } = setup();
		answer('GET', '/removeuserfromgroup/user_id:17,group_id:3', 200, {
			user_id: '17',
			group_id: '3',
		});
		answer(
			'GET',
			'/removeuserfromgroup/user_id:17,group_id:3',
			400,
			tlmsError('The requested user is not a member of this group'),
		);
		expect((await adapter.removeFromGroup({ by: 'id', value: '17' }, '3')).action).toBe('removed');
		expect((await adapter.removeFromGroup({ by: 'id', value: '17' }, '3')).action).toBe(
			'notMember',
		);
		expect(calls).toHaveLength(2);
	});

	it("lists groups with their keys, a user's groups, and a group's members", async () => {
		const { adapter, answer } = setup();
		answer('GET', '/groups', 200, groups);
		answer('GET', '/users/id:17', 200, rawUser({ groups: [{ id: '4', name: 'Ops' }] }));
		answer('GET', '/groups/id:4', 200, { ...groups[1], users: [{ id: '17' }, { id: '21' }] });
		expect((await collect(adapter.listGroups())).map((g) => [g.id, g.name, g.key])).toEqual([
			['3', 'Sales', 'k3y+/3'],
			['4', 'Ops', 'opskey'],
		]);
		expect((await adapter.listUserGroups({ by: 'id', value: '17' })).map((g) => g.id)).toEqual([
			'4',
		]);
		expect(await collect(adapter.listGroupMembers('4'))).toEqual(['17', '21']);
	});

	it('lists courses', async () => {
		const { adapter, answer } = setup();
		answer('GET', '/courses', 200, [{ id: '5', name: 'GDPR' }]);
		expect(await collect(adapter.listCourses())).toMatchObject([
			{ id: '5', name: 'GDPR', productType: 'course' },
		]);
	});
});

describe('completions', () => {
	const at = (iso: string) => String(Date.parse(iso) / 1000);
	const entry = (user: number, course: number, iso: string) => ({
		action: 'course_completion',
		unix_timestamp: at(iso),
		user_id: String(user),
		object_id: String(course),
		object_name: `Course ${course}`,
	});

	it('reads the timeline when it reaches back past "since", oldest first', async () => {
		const { adapter, calls, answer } = setup();
		answer('GET', '/gettimeline/event_type:course_completion,course_id:5', 200, [
			entry(2, 5, '2026-01-03T00:00:00Z'),
			entry(1, 5, '2026-01-02T00:00:00Z'),
			entry(9, 5, '2025-12-01T00:00:00Z'),
		]);
		const completions = await collect(
			adapter.listCompletions({ since: '2026-01-01T00:00:00Z', courseId: '5' }),
		);
		expect(completions.map((c) => [c.userId, c.courseId, c.completedAt])).toEqual([
			['1', '5', '2026-01-02T00:00:00.000Z'],
			['2', '5', '2026-01-03T00:00:00.000Z'],
		]);
		expect(calls).toHaveLength(1);
	});

	it('falls back to every course\'s users[] when all 200 timeline entries are newer than "since"', async () => {
		const { adapter, calls, answer } = setup();
		const timeline = Array.from({ length: 200 }, (_, i) =>
			entry(i + 1, 1, new Date(Date.parse('2026-01-05T00:00:00Z') - i * 1000).toISOString()),
		);
		answer('GET', '/gettimeline/event_type:course_completion', 200, timeline);
		answer('GET', '/courses', 200, [
			{ id: '1', name: 'One' },
			{ id: '2', name: 'Two' },
		]);
		answer('GET', '/courses/id:1', 200, {
			id: '1',
			name: 'One',
			users: [
				{ id: '300', completed_on_timestamp: at('2026-01-02T00:00:00Z') },
				{ id: '301', completed_on_timestamp: '' },
				{ id: '302', completed_on_timestamp: at('2025-12-01T00:00:00Z') },
			],
		});
		answer('GET', '/courses/id:2', 200, {
			id: '2',
			name: 'Two',
			users: [{ id: '7', completed_on_timestamp: at('2026-01-03T00:00:00Z') }],
		});
		const completions = await collect(adapter.listCompletions({ since: '2026-01-01T00:00:00Z' }));
		expect(completions.map((c) => [c.userId, c.courseId, c.courseName])).toEqual([
			['300', '1', 'One'],
			['7', '2', 'Two'],
		]);
		expect(calls.map((call) => call.path)).toEqual([
			'/api/v1/gettimeline/event_type:course_completion',
			'/api/v1/courses',
			'/api/v1/courses/id:1',
			'/api/v1/courses/id:2',
		]);
	});
});

describe('new users', () => {
	it('lists every user with one unpaged GET /users, as user-created records without a guessed time', async () => {
		const { adapter, calls, answer } = setup();
		answer('GET', '/users', 200, [
			rawUser({ id: '3', email: 'a@acme.com', created_on: '05/04/2026, 10:00:00' }),
			rawUser({ id: '12', email: 'b@acme.com', status: 'inactive' }),
		]);
		const users = await collect(adapter.listNumberedUsers());
		expect(users.map((user) => [user.userId, user.email, user.status])).toEqual([
			['3', 'a@acme.com', 'active'],
			['12', 'b@acme.com', 'suspended'],
		]);
		// The portal-formatted creation text stays raw: its date order and zone are unknown.
		expect(users[0].createdAt).toBeUndefined();
		expect(users[0].raw).toMatchObject({ created_on: '05/04/2026, 10:00:00' });
		expect(calls.map((call) => call.path)).toEqual(['/api/v1/users']);
	});
});

describe('errors and domain', () => {
	it('401 is unauthorized with a TalentLMS hint; the key never appears', async () => {
		const { adapter, answer } = setup();
		// The standalone transport re-authorises once on 401, as n8n does.
		answer('GET', '/courses', 401, tlmsError('Invalid API key provided'));
		answer('GET', '/courses', 401, tlmsError('Invalid API key provided'));
		const error = await failure(collect(adapter.listCourses()));
		expect(error.kind).toBe('unauthorized');
		expect(error.hint).toContain('API key');
		expect(JSON.stringify(error.toJSON())).not.toMatch(/tlms-Key|dGxtcy1LZXkt/);
	});

	it('an HTML error page becomes a readable message', async () => {
		const { adapter, answer } = setup();
		answer('GET', '/courses', 403, '<html><body>Forbidden</body></html>');
		const error = await failure(collect(adapter.listCourses()));
		expect(error.kind).toBe('forbidden');
		expect(error.message).toContain('HTML error page');
	});

	it('a refused domain fails before any call, saying why', async () => {
		const { adapter, calls } = setup({ domain: 'http://acme.talentlms.com' });
		const error = await failure(adapter.findUser({ by: 'id', value: '1' }));
		expect(error.kind).toBe('validation');
		expect(error.message).toContain('HTTPS');
		expect(calls).toEqual([]);
	});
});
