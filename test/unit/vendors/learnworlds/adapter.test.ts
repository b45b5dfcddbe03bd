/* eslint-disable @n8n/community-nodes/require-node-api-error -- tests, not node code */
import nock from 'nock';

import { collect, LmsError } from '../../../../nodes/shared/core';
import { ManualClock } from '../../../support/manualClock';
import { learnWorldsVendor } from '../../../../nodes/shared/vendors/learnworlds';
import { growVendor } from '../../../../nodes/shared/vendors/grow';
import {
	API,
	api,
	CLIENT_ID,
	grow,
	installNock,
	learnWorlds,
	SECRET,
	tokenEndpoint,
	userRecord,
} from './helpers';

installNock();

const byId = (value: string) => ({ by: 'id' as const, value });
const byEmail = (value: string) => ({ by: 'email' as const, value });
const course = (id: string) => ({ id, type: 'course' as const });

async function failure(promise: Promise<unknown>): Promise<LmsError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof LmsError) return error;
		throw error;
	}
	throw new Error('expected the call to fail');
}

describe('token and headers', () => {
	it('fetches a token with the Lw-Client header and form fields, then reuses it', async () => {
		const token = tokenEndpoint();
		api()
			.get(`${API}/users/u1`)
			.query({ include_suspended: 'true' })
			.times(2)
			.reply(200, userRecord('u1'));
		const { adapter } = learnWorlds();
		expect((await adapter.findUser(byId('u1')))?.email).toBe('u1@example.com');
		expect((await adapter.findUser(byId('u1')))?.id).toBe('u1');
		expect(token.issued).toBe(1);
	});

	it('fetches a new token once after a 401 and repeats the call', async () => {
		const token = tokenEndpoint();
		api()
			.get(`${API}/users/u1`)
			.query(true)
			.matchHeader('authorization', 'Bearer tok-1')
			.reply(401, { error: 'Invalid token' });
		api()
			.get(`${API}/users/u1`)
			.query(true)
			.matchHeader('authorization', 'Bearer tok-2')
			.reply(200, userRecord('u1'));
		const { adapter } = learnWorlds();
		expect((await adapter.findUser(byId('u1')))?.id).toBe('u1');
		expect(token.issued).toBe(2);
	});

	it('refreshes only once: a second 401 is an unauthorized error without the secret', async () => {
		const token = tokenEndpoint();
		api().get(`${API}/users/u1`).query(true).times(2).reply(401, { error: 'Invalid token' });
		const { adapter } = learnWorlds();
		const error = await failure(adapter.findUser(byId('u1')));
		expect(error.kind).toBe('unauthorized');
		expect(error.vendorMessage).toBe('Invalid token');
		expect(JSON.stringify(error)).not.toContain(SECRET);
		expect(token.issued).toBe(2);
	});

	it('Grow sends Pl-Client and honours the token path and API base path overrides', async () => {
		const origin = 'https://acme.plenumapps.com';
		const token = tokenEndpoint({ header: 'Pl-Client', path: '/oauth/grow-token', origin });
		api('Pl-Client', origin).get('/custom/api/users/u1').query(true).reply(200, userRecord('u1'));
		// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a URL path, not a secret
		const overrides = { tokenUrlPath: '/oauth/grow-token', apiBasePath: '/custom/api/' };
		const { adapter } = grow(overrides);
		expect((await adapter.findUser(byId('u1')))?.id).toBe('u1');
		expect(token.issued).toBe(1);
	});

	it('Grow uses /usergroups by default, as its guide spells it; the credential can override it', async () => {
		const origin = 'https://acme.plenumapps.com';
		tokenEndpoint({ header: 'Pl-Client', origin });
		api('Pl-Client', origin)
			.get(`${API}/usergroups`)
			.query({ page: 1 })
			.reply(200, { data: [{ id: 'g1', title: 'Drivers' }], meta: { page: 1, totalPages: 1 } });
		api('Pl-Client', origin)
			.post(`${API}/usergroups/g1/users/ada%40example.com`)
			.reply(200, { success: true });
		api('Pl-Client', origin)
			.delete(`${API}/user_groups/g1/users/ada%40example.com`)
			.reply(200, { success: true });
		const { adapter } = grow();
		expect(await collect(adapter.listGroups())).toMatchObject([{ id: 'g1', name: 'Drivers' }]);
		expect((await adapter.addToGroup(byEmail('ada@example.com'), 'g1')).action).toBe('added');
		const { adapter: overridden } = grow({ userGroupsPath: ' /user_groups/ ' });
		expect((await overridden.removeFromGroup(byEmail('ada@example.com'), 'g1')).action).toBe(
			'removed',
		);
		expect(() => grow({ userGroupsPath: 'usergroups' })).toThrow(
			'"User Groups Path" must start with "/"',
		);
	});

	it('says in plain words when the token call is refused, without the secret', async () => {
		nock('https://academy.example.com')
			.post('/admin/api/oauth2/access_token')
			.reply(401, {
				errors: [{ code: 401, message: 'Invalid client credentials' }],
				success: false,
			});
		const { adapter } = learnWorlds();
		const error = await failure(adapter.findUser(byId('u1')));
		expect(error.message).toBe(
			'LearnWorlds did not accept the Client ID and Client Secret (401): Invalid client credentials',
		);
		expect(error.hint).toContain('Client Secret');
		expect(JSON.stringify(error)).not.toContain(SECRET);
	});
});

describe('error envelopes', () => {
	beforeEach(() => tokenEndpoint());

	it('maps {"errors":[…],"success":false} with the vendor message and context', async () => {
		api()
			.put(`${API}/users/u1/suspend`)
			.reply(403, {
				errors: [{ code: 403, context: 'users', message: 'Permission denied for this client' }],
				success: false,
			});
		api().get(`${API}/users/u1`).query(true).reply(200, userRecord('u1'));
		const { adapter } = learnWorlds();
		const error = await failure(adapter.suspendUser(byId('u1')));
		expect(error.kind).toBe('forbidden');
		expect(error.status).toBe(403);
		expect(error.vendorMessage).toBe('Permission denied for this client (users)');
		expect(error.request).toBe('PUT https://academy.example.com/admin/api/v2/users/u1/suspend');
	});

	it('maps {"error":"…"} and keeps retry-worthy kinds', async () => {
		api().get(`${API}/courses`).query(true).reply(429, { error: 'Too many requests' });
		const { adapter } = learnWorlds();
		const error = await failure(collect(adapter.listCourses()));
		expect(error.kind).toBe('rateLimited');
		expect(error.vendorMessage).toBe('Too many requests');
		expect(error.hint).toContain('30 requests per 10 seconds');
	});
});

describe('users', () => {
	beforeEach(() => tokenEndpoint());

	it('creates with email as username, profile fields, tags, no names and no welcome email by default', async () => {
		// post-users' UserRequestModel has no first or last name: they are not sent.
		api()
			.post(`${API}/users`, {
				email: 'new@example.com',
				username: 'new@example.com',
				send_registration_email: false,
				fields: { company: 'Ops', cf_team: 'Red' },
				tags: ['onboarding'],
			})
			.reply(201, userRecord('n1', { email: 'new@example.com', tags: ['onboarding'] }));
		const { adapter } = learnWorlds();
		const result = await adapter.createUser({
			email: 'new@example.com',
			firstName: 'Grace',
			lastName: 'Hopper',
			tags: ['onboarding'],
			customFields: { company: 'Ops', cf_team: 'Red' },
		});
		expect(result.action).toBe('created');
		expect(result.user).toMatchObject({ id: 'n1', tags: ['onboarding'], status: 'active' });
	});

	it('turns a 4xx on create into alreadyExists once the email is found', async () => {
		api()
			.post(`${API}/users`)
			.reply(400, { errors: [{ code: 400, message: 'Validation failed' }], success: false });
		api()
			.get(`${API}/users/dup%40example.com`)
			.query(true)
			.reply(200, userRecord('d1', { email: 'dup@example.com' }));
		const { adapter } = learnWorlds();
		const error = await failure(
			adapter.createUser({ email: 'dup@example.com', firstName: 'A', lastName: 'B' }),
		);
		expect(error.kind).toBe('alreadyExists');
		expect(error.vendorMessage).toBe('Validation failed');
	});

	it('keeps a 4xx on create a validation error when nobody has the email', async () => {
		api().post(`${API}/users`).reply(400, { error: 'username is invalid' });
		api().get(`${API}/users/x%40example.com`).query(true).reply(404, { error: 'User not found' });
		const { adapter } = learnWorlds();
		const error = await failure(
			adapter.createUser({ email: 'x@example.com', firstName: 'A', lastName: 'B' }),
		);
		expect(error.kind).toBe('validation');
	});

	it('finds by URL-encoded email including suspended users; 404 is "nobody"', async () => {
		api()
			.get(`${API}/users/a%2Bb%40example.com`)
			.query({ include_suspended: 'true' })
			.reply(200, userRecord('s1', { email: 'A+B@example.com', is_suspended: true }));
		api()
			.get(`${API}/users/none%40example.com`)
			.query(true)
			.reply(404, { error: 'User not found' });
		const { adapter } = learnWorlds();
		expect(await adapter.findUser(byEmail('a+b@example.com'))).toMatchObject({
			id: 's1',
			status: 'suspended',
			role: 'user',
		});
		expect(await adapter.findUser(byEmail('none@example.com'))).toBeUndefined();
	});

	it('refuses usernames before any call', async () => {
		const { adapter } = learnWorlds();
		const error = await failure(adapter.findUser({ by: 'username', value: 'ada' }));
		expect(error.kind).toBe('validation');
	});

	it('lists users 200 a page and stops at totalPages although the API repeats the last page', async () => {
		const page = (ids: string[], number: number) => ({
			data: ids.map((id) => userRecord(id)),
			meta: { page: number, totalItems: 3, totalPages: 2, itemsPerPage: 2 },
		});
		api()
			.get(`${API}/users`)
			.query({ page: 1, items_per_page: 200, include_suspended: 'true' })
			.reply(200, page(['a', 'b'], 1));
		api()
			.get(`${API}/users`)
			.query({ page: 2, items_per_page: 200, include_suspended: 'true' })
			.reply(200, page(['c'], 2));
		let pastTheEnd = 0;
		api()
			.get(`${API}/users`)
			.query({ page: 3, items_per_page: 200, include_suspended: 'true' })
			.optionally()
			.reply(200, () => {
				pastTheEnd++;
				return page(['c'], 2);
			});
		const { adapter } = learnWorlds();
		const users = await collect(adapter.listUsers());
		expect(users.map((user) => user.id)).toEqual(['a', 'b', 'c']);
		expect(pastTheEnd).toBe(0);
	});

	it('asks for suspended users with the documented status value, and checks them on our side', async () => {
		api()
			.get(`${API}/users`)
			.query((q) => q.status === 'suspended')
			.reply(200, {
				data: [userRecord('a'), userRecord('b', { is_suspended: true })],
				meta: { page: 1, totalPages: 1 },
			});
		const { adapter } = learnWorlds();
		const users = await collect(adapter.listUsers({ status: 'suspended' }));
		expect(users.map((user) => user.id)).toEqual(['b']);
	});

	it('updates only what changed, and answers unchanged without a write', async () => {
		api()
			.get(`${API}/users/u1`)
			.query(true)
			.times(2)
			.reply(200, userRecord('u1', { fields: { company: 'Acme' } }));
		api()
			.put(`${API}/users/u1`, { email: 'new@example.com', fields: { location: 'Oslo' } })
			.reply(200, userRecord('u1', { email: 'new@example.com' }));
		const { adapter } = learnWorlds();
		const updated = await adapter.updateUser(byId('u1'), {
			email: 'new@example.com',
			lastName: 'Byron',
			customFields: { company: 'Acme', location: 'Oslo' },
		});
		expect(updated.action).toBe('updated');
		expect(updated.user.email).toBe('new@example.com');
		// Names are not stored: a name alone changes nothing.
		const same = await adapter.updateUser(byId('u1'), { firstName: 'Ada' });
		expect(same.action).toBe('unchanged');
	});

	it('refuses a password change and an undocumented field before any call', async () => {
		// No interceptor is set up: any call would fail with a connection error instead.
		const { adapter } = learnWorlds();
		const password = await failure(adapter.updateUser(byId('u1'), { password: 'Secret-123' }));
		expect(password.kind).toBe('validation');
		expect(password.message).toContain('cannot change a password');
		const field = await failure(
			adapter.createUser({
				email: 'a@example.com',
				firstName: 'A',
				lastName: 'B',
				customFields: { first_name: 'A' },
			}),
		);
		expect(field.kind).toBe('validation');
		expect(field.message).toContain('no user field "first_name"');
	});

	it('suspends and unsuspends with PUTs, and treats the state already reached as success', async () => {
		api().get(`${API}/users/u1`).query(true).reply(200, userRecord('u1'));
		api().put(`${API}/users/u1/suspend`).reply(200, { success: true });
		api()
			.get(`${API}/users/u2`)
			.query(true)
			.reply(200, userRecord('u2', { is_suspended: true }));
		api()
			.get(`${API}/users/u3`)
			.query(true)
			.reply(200, userRecord('u3', { is_suspended: true }));
		api().put(`${API}/users/u3/unsuspend`).reply(200, userRecord('u3'));
		const { adapter } = learnWorlds();
		const suspended = await adapter.suspendUser(byId('u1'));
		expect(suspended.action).toBe('suspended');
		expect(suspended.user.status).toBe('suspended');
		expect((await adapter.suspendUser(byId('u2'))).action).toBe('alreadySuspended');
		const back = await adapter.reactivateUser(byId('u3'));
		expect(back.action).toBe('reactivated');
		expect(back.user.status).toBe('active');
	});
});

describe('enrollments', () => {
	beforeEach(() => tokenEndpoint());

	it('enrolls by email with price 0 by default, justification and the email switch', async () => {
		api()
			.post(`${API}/users/ada%40example.com/enrollment`, {
				productId: 'intro',
				productType: 'course',
				price: 0,
				justification: 'Onboarding',
				send_enrollment_email: false,
			})
			.reply(200, { success: true });
		api()
			.post(`${API}/users/u1/enrollment`, { productId: 'b1', productType: 'bundle', price: 49.5 })
			.reply(200, { success: true });
		const { adapter } = learnWorlds();
		expect(
			await adapter.enroll(byEmail('ada@example.com'), course('intro'), {
				justification: 'Onboarding',
				sendEmail: false,
			}),
		).toEqual({
			action: 'enrolled',
			userId: 'ada@example.com',
			productId: 'intro',
			productType: 'course',
		});
		expect(
			(await adapter.enroll(byId('u1'), { id: 'b1', type: 'bundle' }, { price: 49.5 })).action,
		).toBe('enrolled');
	});

	it('answers alreadyEnrolled for a 4xx only after finding the enrollment', async () => {
		api().post(`${API}/users/u1/enrollment`).reply(400, { error: 'User is already enrolled' });
		api()
			.get(`${API}/users/u1/products`)
			.reply(200, {
				data: [{ id: 'intro', type: 'course', title: 'Intro' }],
				meta: { page: 1, totalPages: 1 },
			});
		api().post(`${API}/users/u1/enrollment`).reply(400, { error: 'Price is required' });
		api().get(`${API}/users/u1/products`).reply(200, { courses: [], bundles: [] });
		const { adapter } = learnWorlds();
		const again = await adapter.enroll(byId('u1'), course('intro'));
		expect(again.action).toBe('alreadyEnrolled');
		expect(again.enrollment?.productName).toBe('Intro');
		const error = await failure(adapter.enroll(byId('u1'), course('intro')));
		expect(error.vendorMessage).toBe('Price is required');
	});

	it('retries a 404 with backoff when the user was created moments ago', async () => {
		const clock = new ManualClock(Date.now());
		api()
			.post(`${API}/users/new%40example.com/enrollment`)
			.times(2)
			.reply(404, { error: 'User not found' });
		api()
			.get(`${API}/users/new%40example.com`)
			.query(true)
			.reply(
				200,
				userRecord('n1', { email: 'new@example.com', created: Math.floor(clock.now() / 1000) - 2 }),
			);
		api().post(`${API}/users/new%40example.com/enrollment`).reply(200, { success: true });
		const { adapter } = learnWorlds({}, clock);
		const result = await adapter.enroll(byEmail('new@example.com'), course('intro'));
		expect(result.action).toBe('enrolled');
		expect(clock.sleeps).toEqual([500, 1_000]);
	});

	it('does not retry a 404 for an old user or an unknown one', async () => {
		const clock = new ManualClock(Date.now());
		api().post(`${API}/users/u1/enrollment`).reply(404, { error: 'Product not found' });
		api().get(`${API}/users/u1`).query(true).reply(200, userRecord('u1'));
		api().post(`${API}/users/ghost/enrollment`).reply(404, { error: 'User not found' });
		api().get(`${API}/users/ghost`).query(true).reply(404, { error: 'User not found' });
		const { adapter } = learnWorlds({}, clock);
		expect((await failure(adapter.enroll(byId('u1'), course('nope')))).vendorMessage).toBe(
			'Product not found',
		);
		expect((await failure(adapter.enroll(byId('ghost'), course('intro')))).kind).toBe('notFound');
		expect(clock.sleeps).toEqual([]);
	});

	it('refuses a product type this LMS does not sell', async () => {
		const { adapter } = learnWorlds();
		expect((await failure(adapter.enroll(byId('u1'), { id: 'p', type: 'program' }))).kind).toBe(
			'validation',
		);
	});

	it('unenrolls with a DELETE body; a 4xx without an enrollment is notEnrolled', async () => {
		api()
			.delete(`${API}/users/u1/enrollment`, { productId: 'intro', productType: 'course' })
			.reply(200, { success: true });
		api().delete(`${API}/users/u1/enrollment`).reply(404, { error: 'Enrollment not found' });
		api().get(`${API}/users/u1/products`).reply(200, { data: [] });
		const { adapter } = learnWorlds();
		expect((await adapter.unenroll(byId('u1'), course('intro'))).action).toBe('unenrolled');
		expect((await adapter.unenroll(byId('u1'), course('intro'))).action).toBe('notEnrolled');
	});

	it("lists a user's products from lists keyed by type", async () => {
		api()
			.get(`${API}/users/u1/products`)
			.reply(200, {
				courses: [{ course: { id: 'c1', title: 'Safety' } }],
				bundles: [{ id: 'b1', title: 'Starter pack' }],
				subscriptions: [{ id: 's1', title: 'Monthly' }],
			});
		const { adapter } = learnWorlds();
		const products = await collect(adapter.listEnrollments(byId('u1')));
		expect(products.map((p) => [p.productType, p.productId, p.productName])).toEqual([
			['course', 'c1', 'Safety'],
			['bundle', 'b1', 'Starter pack'],
			['subscription', 's1', 'Monthly'],
		]);
	});

	it('reads progress; a 404 for a known user means not enrolled', async () => {
		api()
			.get(`${API}/users/u1/courses/c1/progress`)
			.reply(200, { status: 'completed', progress_rate: 100, completed_at: 1_700_000_000 });
		api().get(`${API}/users/u1/courses/c2/progress`).reply(404, { error: 'Not enrolled' });
		api().get(`${API}/users/u1`).query(true).reply(200, userRecord('u1'));
		const { adapter } = learnWorlds();
		expect(await adapter.getProgress(byId('u1'), 'c1')).toMatchObject({
			status: 'completed',
			progress: 100,
			completedAt: '2023-11-14T22:13:20.000Z',
		});
		expect(await adapter.getProgress(byId('u1'), 'c2')).toBeUndefined();
	});
});

describe('tags, groups, seats, roles, products', () => {
	beforeEach(() => tokenEndpoint());

	it('attaches only missing tags and detaches only present ones', async () => {
		api()
			.get(`${API}/users/u1`)
			.query(true)
			.times(3)
			.reply(200, userRecord('u1', { tags: ['ops'] }));
		api()
			.put(`${API}/users/u1/tags`, { tags: ['emea'], action: 'attach' })
			.reply(200, userRecord('u1', { tags: ['ops', 'emea'] }));
		api()
			.put(`${API}/users/u1/tags`, { tags: ['ops'], action: 'detach' })
			.reply(200, userRecord('u1', { tags: [] }));
		const { adapter } = learnWorlds();
		expect(await adapter.addTags(byId('u1'), ['OPS', 'emea'])).toMatchObject({
			action: 'tagged',
			changed: ['emea'],
			tags: ['ops', 'emea'],
		});
		expect(await adapter.removeTags(byId('u1'), ['ops', 'absent'])).toMatchObject({
			action: 'untagged',
			changed: ['ops'],
			tags: [],
		});
		expect((await adapter.addTags(byId('u1'), ['ops'])).action).toBe('unchanged');
	});

	it('adds and removes group members by email; existing state is a no-op after checking', async () => {
		api().post(`${API}/user_groups/g1/users/ada%40example.com`).reply(200, { success: true });
		api()
			.post(`${API}/user_groups/g1/users/ada%40example.com`)
			.reply(400, { error: 'Bad request' });
		// get-v2-users-id-user_groups: a bare array, no paging parameters.
		api()
			.get(`${API}/users/ada%40example.com/user-groups`)
			.times(2)
			.reply(200, [{ id: 'g1', title: 'Drivers' }]);
		api()
			.delete(`${API}/user_groups/g2/users/ada%40example.com`)
			.reply(404, { error: 'Not found' });
		const { adapter } = learnWorlds();
		expect((await adapter.addToGroup(byEmail('ada@example.com'), 'g1')).action).toBe('added');
		expect((await adapter.addToGroup(byEmail('ada@example.com'), 'g1')).action).toBe(
			'alreadyMember',
		);
		expect((await adapter.removeFromGroup(byEmail('ada@example.com'), 'g2')).action).toBe(
			'notMember',
		);
	});

	it('creates a group only when no group has the title', async () => {
		api()
			.get(`${API}/user_groups`)
			.query({ page: 1 })
			.times(2)
			.reply(200, { data: [{ id: 'g1', title: 'Drivers' }], meta: { page: 1, totalPages: 1 } });
		// post-v2-groups requires products.courses as well as the title.
		api()
			.post(`${API}/user_groups`, { title: 'Warehouse', products: { courses: [] } })
			.reply(201, { id: 'g2', title: 'Warehouse', products: { courses: [] } });
		const { adapter } = learnWorlds();
		expect(await adapter.createGroup('drivers')).toMatchObject({
			action: 'found',
			group: { id: 'g1' },
		});
		expect(await adapter.createGroup('Warehouse')).toMatchObject({
			action: 'created',
			group: { id: 'g2' },
		});
	});

	it('manages seats: list, add into the active seat, remove', async () => {
		api()
			.get(`${API}/seats`)
			.query({ page: 1 })
			.reply(200, { data: [{ id: 'seat1', title: '50 seats' }], meta: { totalPages: 1 } });
		api()
			.post(`${API}/seats/seat1/users/u1`, { add_to_active_seat: true })
			.reply(200, { success: true });
		api().post(`${API}/seats/seat1/users/u1`).reply(409, { error: 'User already has a seat' });
		api().delete(`${API}/seats/seat1/users/u1`).reply(200, { success: true });
		const { adapter } = learnWorlds();
		expect(await collect(adapter.listSeats())).toMatchObject([{ id: 'seat1', name: '50 seats' }]);
		expect((await adapter.addToSeat(byId('u1'), 'seat1', { addToActiveSeat: true })).action).toBe(
			'added',
		);
		expect((await adapter.addToSeat(byId('u1'), 'seat1')).action).toBe('alreadyMember');
		expect((await adapter.removeFromSeat(byId('u1'), 'seat1')).action).toBe('removed');
	});

	it('reads and sets roles by role_id, as the spec has them; the same role again is unchanged', async () => {
		const roles = {
			data: [
				{ id: 'r-admin', title: 'Admin', access_level: 'admin', custom_role: false },
				{ id: 'r-inst', title: 'Instructor', access_level: 'instructor', custom_role: false },
				{ id: 'r-user', title: 'User', access_level: 'user', custom_role: false },
			],
		};
		const userRole = (id: string, level: string, name: string) => ({
			id: 'u1',
			email: 'ada@example.com',
			username: 'ada',
			role_id: id,
			user_role: { id, access_level: level, name },
		});
		api().get(`${API}/user-roles`).times(3).reply(200, roles);
		api()
			.get(`${API}/users/u1/user-role`)
			.times(2)
			.reply(200, userRole('r-user', 'user', 'User'));
		api()
			.put(`${API}/users/u1/user-role`, { role_id: 'r-inst' })
			.reply(200, userRole('r-inst', 'instructor', 'Instructor'));
		api()
			.get(`${API}/users/u1/user-role`)
			.reply(200, userRole('r-inst', 'instructor', 'Instructor'));
		const { adapter } = learnWorlds();
		expect(await adapter.getUserRole(byId('u1'))).toEqual({
			action: 'found',
			userId: 'u1',
			role: 'User',
		});
		expect(await adapter.setUserRole(byId('u1'), 'instructor')).toEqual({
			action: 'updated',
			userId: 'u1',
			role: 'Instructor',
		});
		expect((await adapter.setUserRole(byId('u1'), 'Instructor')).action).toBe('unchanged');
		expect(await adapter.listRoles()).toEqual(['Admin', 'Instructor', 'User']);
	});

	it('refuses a role the school does not have, naming the ones it has', async () => {
		api()
			.get(`${API}/user-roles`)
			.reply(200, { data: [{ id: 'r-user', title: 'User', access_level: 'user' }] });
		const { adapter } = learnWorlds();
		const error = await failure(adapter.setUserRole(byId('u1'), 'wizard'));
		expect(error.kind).toBe('validation');
		expect(error.hint).toContain('User');
	});

	it("Grow offers its documented roles when the role listing isn't there", async () => {
		const origin = 'https://acme.plenumapps.com';
		tokenEndpoint({ header: 'Pl-Client', origin });
		api('Pl-Client', origin).get(`${API}/user-roles`).reply(404, { error: 'Not found' });
		const { adapter } = grow();
		expect(await adapter.listRoles()).toEqual([
			'admin',
			'instructor',
			'reporter',
			'seat_manager',
			'license_reporter',
			'user',
		]);
	});

	it('lists products per type from their own paths', async () => {
		api()
			.get(`${API}/bundles`)
			.query({ page: 1 })
			.reply(200, { data: [{ id: 'b1', title: 'Pack' }], meta: { totalPages: 1 } });
		api()
			.get(`${API}/subscription-plans`)
			.query({ page: 1 })
			.reply(200, { data: [{ id: 's1', name: 'Monthly' }], meta: { totalPages: 1 } });
		const { adapter } = learnWorlds();
		expect(await collect(adapter.listProducts('bundle'))).toMatchObject([
			{ id: 'b1', name: 'Pack', productType: 'bundle' },
		]);
		expect(await collect(adapter.listProducts('subscription'))).toMatchObject([
			{ id: 's1', name: 'Monthly', productType: 'subscription' },
		]);
	});
});

describe('completions', () => {
	beforeEach(() => tokenEndpoint());

	it('reads complete_course events since the cursor, oldest first, across pages', async () => {
		const since = '2026-01-01T00:00:00.500Z';
		const event = (user: string, courseId: string, created: number) => ({
			activity: 'complete_course',
			user: { id: user, email: `${user}@example.com` },
			data: { course: { id: courseId, title: courseId.toUpperCase() } },
			created,
		});
		const base = Date.parse('2026-01-01T00:00:00Z') / 1000;
		api()
			.get(`${API}/event-logs`)
			.query({ activity: 'complete_course', created_after: base, sort: 'asc', page: 1 })
			.reply(200, {
				data: [event('u0', 'c1', base), event('u1', 'c1', base + 5)],
				meta: { totalPages: 2 },
			});
		api()
			.get(`${API}/event-logs`)
			.query({ activity: 'complete_course', created_after: base, sort: 'asc', page: 2 })
			.reply(200, { data: [event('u2', 'c2', base + 9)], meta: { totalPages: 2 } });
		const { adapter } = learnWorlds();
		const completions = await collect(adapter.listCompletions({ since }));
		// The event a fraction of a second before the cursor is not repeated.
		expect(
			completions.map((c) => [c.userId, c.email, c.courseId, c.courseName, c.completedAt]),
		).toEqual([
			['u1', 'u1@example.com', 'c1', 'C1', '2026-01-01T00:00:05.000Z'],
			['u2', 'u2@example.com', 'c2', 'C2', '2026-01-01T00:00:09.000Z'],
		]);
		api()
			.get(`${API}/event-logs`)
			.query(true)
			.reply(200, {
				data: [event('u1', 'c1', base + 5), event('u2', 'c2', base + 9)],
				meta: { totalPages: 1 },
			});
		const one = await collect(adapter.listCompletions({ since, courseId: 'c2' }));
		expect(one.map((c) => c.userId)).toEqual(['u2']);
	});
});

describe('user and enrollment events', () => {
	beforeEach(() => tokenEndpoint());
	const base = Date.parse('2026-02-01T00:00:00Z') / 1000;
	const since = '2026-02-01T00:00:00.000Z';

	it('reads new users from the users list by registration time, one second early', async () => {
		api()
			.get(`${API}/users`)
			.query({
				items_per_page: 200,
				include_suspended: 'true',
				registration_after: base - 1,
				page: 1,
			})
			.reply(200, {
				data: [
					{
						id: 'u8',
						email: 'u8@example.com',
						username: 'early',
						created: base - 0.5,
					},
					{
						id: 'u9',
						email: 'u9@example.com',
						username: 'ann',
						fields: { company: 'Lee & Co' },
						is_suspended: true,
						created: base + 1.5,
					},
				],
				meta: { totalPages: 1 },
			});
		const { adapter } = learnWorlds();
		expect(await collect(adapter.listUserCreations({ since }))).toEqual([
			{
				userId: 'u9',
				email: 'u9@example.com',
				username: 'ann',
				status: 'suspended',
				createdAt: '2026-02-01T00:00:01.500Z',
				raw: expect.objectContaining({ id: 'u9' }),
			},
		]);
	});

	it('reads enrollments from the event log, one documented activity a call, in time order; a course filter skips subscription sign-ups', async () => {
		const events = (activity: string, page: unknown[]) =>
			api()
				.get(`${API}/event-logs`)
				.query({ activity, created_after: base, sort: 'asc', page: 1 })
				.reply(200, { data: page, meta: { totalPages: 1 } });
		const manual = {
			activity: 'manual_enrollment',
			user: { id: 'u7', username: 'u7' },
			additional_info: { course: { id: 'c1', title: 'Safety' } },
			created: base + 3,
		};
		const bought = {
			activity: 'purchase',
			user: { id: 'u9', email: 'u9@example.com' },
			additional_info: { product: { id: 'bundle-1', type: 'bundle', title: 'Pack' } },
			created: base + 2,
		};
		const signup = {
			activity: 'subscription_signup',
			user: { id: 'u6' },
			additional_info: { product: { id: 'plan-1', type: 'subscription', title: 'Monthly' } },
			created: base + 1,
		};
		events('manual_enrollment', [manual]);
		events('purchase', [bought]);
		events('subscription_signup', [signup]);
		events('manual_enrollment', [manual]);
		events('purchase', [bought]);
		const { adapter } = learnWorlds();
		expect(await collect(adapter.listEnrollmentEvents({ since }))).toMatchObject([
			{ userId: 'u6', productId: 'plan-1', productType: 'subscription' },
			{
				userId: 'u9',
				email: 'u9@example.com',
				productId: 'bundle-1',
				productType: 'bundle',
				productName: 'Pack',
				enrolledAt: '2026-02-01T00:00:02.000Z',
			},
			{ userId: 'u7', productId: 'c1', productType: 'course', productName: 'Safety' },
		]);
		expect(await collect(adapter.listEnrollmentEvents({ since, courseId: 'c1' }))).toMatchObject([
			{ userId: 'u7', productId: 'c1', productType: 'course' },
		]);
		expect(nock.isDone()).toBe(true);
	});
});

describe('Grow bulk enrollment', () => {
	const origin = 'https://acme.plenumapps.com';
	beforeEach(() => tokenEndpoint({ header: 'Pl-Client', origin }));

	it('submits once, polls the action handle until done, and reports each item in order', async () => {
		const clock = new ManualClock(Date.now());
		api('Pl-Client', origin)
			.post(`${API}/bulk-actions/enrollments`, {
				items: [
					{ user: 'a@example.com', productId: 'p1', productType: 'program', price: 0 },
					{ user: 'u2', productId: 'p1', productType: 'program', price: 0 },
					{ user: 'ghost@example.com', productId: 'p1', productType: 'program', price: 0 },
				],
			})
			.reply(202, { actionId: 'job 7', status: 'queued' });
		api('Pl-Client', origin)
			.get(`${API}/bulk-actions/job%207`)
			.reply(200, { id: 'job 7', status: 'running' });
		api('Pl-Client', origin)
			.get(`${API}/bulk-actions/job%207`)
			.reply(200, {
				id: 'job 7',
				status: 'completed',
				results: [
					{ index: 2, success: false, error: 'User not found' },
					{ index: 0, userId: 'u1', status: 'enrolled' },
					{ index: 1, userId: 'u2', status: 'already_enrolled' },
				],
			});
		const { adapter } = grow({}, clock);
		const program = { id: 'p1', type: 'program' as const };
		const outcomes = await adapter.bulkEnroll([
			{ ref: byEmail('a@example.com'), product: program },
			{ ref: byId('u2'), product: program },
			{ ref: byEmail('ghost@example.com'), product: program },
		]);
		expect(outcomes).toEqual([
			{ ok: true, action: 'enrolled', userId: 'u1', productId: 'p1', productType: 'program' },
			{
				ok: true,
				action: 'alreadyEnrolled',
				userId: 'u2',
				productId: 'p1',
				productType: 'program',
			},
			{ ok: false, userId: 'ghost@example.com', productId: 'p1', error: 'User not found' },
		]);
		expect(clock.sleeps).toEqual([1_000, 2_000]);
	});

	it('refuses a user given by username before any call, as every other per-user call does', async () => {
		const { adapter } = grow();
		const error = await failure(
			adapter.bulkEnroll([{ ref: { by: 'username', value: 'ada' }, product: course('c1') }]),
		);
		expect(error.kind).toBe('validation');
		expect(error.message).toBe('Grow addresses users by id or email, not by username');
	});

	it("reads a refused bulk job with Grow's error rules: the vendor's name and its own message", async () => {
		api('Pl-Client', origin)
			.post(`${API}/bulk-actions/enrollments`)
			.reply(422, { errors: [{ message: 'productId is invalid' }] });
		const { adapter } = grow();
		const error = await failure(adapter.bulkEnroll([{ ref: byId('u1'), product: course('c1') }]));
		expect(error.message).toMatch(/^Grow answered 422/);
		expect(error.vendorMessage).toBe('productId is invalid');
	});

	it('uses the overridden bulk paths', async () => {
		api('Pl-Client', origin)
			.post(`${API}/jobs/enroll`)
			.reply(200, { handle: 'h1', status: 'pending' });
		api('Pl-Client', origin)
			.get(`${API}/jobs/status/h1`)
			.reply(200, { status: 'done', results: [{ success: true }] });
		const { adapter } = grow({
			bulkEnrollPath: '/jobs/enroll',
			bulkStatusPath: '/jobs/status/{id}',
		});
		const outcomes = await adapter.bulkEnroll([{ ref: byId('u1'), product: course('c1') }]);
		expect(outcomes).toEqual([
			{ ok: true, action: 'enrolled', userId: 'u1', productId: 'c1', productType: 'course' },
		]);
	});
});

describe('vendor definitions', () => {
	it('LearnWorlds offers every provisioning operation but bulk enroll; Grow adds bulk enroll', () => {
		const lw = [...learnWorldsVendor.capabilities].sort();
		expect(lw).not.toContain('enrollment.bulkEnroll');
		expect(lw).not.toContain('user.delete');
		for (const capability of [
			'user.create',
			'user.suspend',
			'enrollment.enroll',
			'enrollment.progress',
			'tag.add',
			'group.addMember',
			'seat.addUser',
			'role.update',
			'product.list',
			'completion.list',
			'userCreation.list',
			'enrollmentEvent.list',
		] as const) {
			expect(lw).toContain(capability);
		}
		expect([...growVendor.capabilities]).toEqual(
			expect.arrayContaining([...lw, 'enrollment.bulkEnroll']),
		);
		expect(learnWorldsVendor.productTypes).toEqual(['course', 'bundle', 'subscription']);
		expect(growVendor.productTypes).toEqual(['course', 'bundle', 'program']);
	});

	it('paces LearnWorlds under 30 per 10 s with room for the token call; Grow from the credential', () => {
		const lw = learnWorldsVendor.pacing({});
		expect(lw.requests / lw.windowMs).toBeLessThan(30 / 10_000);
		expect(lw.requests).toBeLessThanOrEqual(29);
		expect(growVendor.pacing({})).toEqual({ requests: 3, windowMs: 1_000 });
		expect(growVendor.pacing({ requestsPerSecond: 8 })).toEqual({ requests: 8, windowMs: 1_000 });
	});

	it('names the secrets to redact and never the client id', () => {
		expect(
			learnWorldsVendor.secretsOf({
				clientId: CLIENT_ID,
				clientSecret: SECRET,
				accessToken: 'tok-1',
			}),
		).toEqual([SECRET, 'tok-1']);
		for (const vendor of [learnWorldsVendor, growVendor]) {
			expect(vendor.secretsOf({ clientId: CLIENT_ID, clientSecret: SECRET })).toEqual([SECRET]);
			// Empty fields are no secrets (redacting "" would mangle every message).
			expect(vendor.secretsOf({ clientId: CLIENT_ID, clientSecret: '', accessToken: '' })).toEqual(
				[],
			);
		}
	});
});
