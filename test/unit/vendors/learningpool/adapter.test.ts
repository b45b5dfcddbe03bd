import nock from 'nock';

import {
	collect,
	findOrCreateUser,
	isLmsError,
	LmsError,
	type LmsAdapter,
} from '../../../../nodes/shared/core';
import { ManualClock } from '../../../support/manualClock';
import { learningPoolVendor } from '../../../../nodes/shared/vendors/learningpool';
import { standaloneAuthorizer } from '../../../../nodes/shared/vendors/learningpool/standalone';
import { AxiosTransport } from '../../../../sandbox/client/axiosTransport';

const BASE = 'https://learn.example.com';
const SECRET = 'client-secret-4711';
const credentials = (extra: Record<string, unknown> = {}) => ({
	baseUrl: BASE,
	clientId: 'client-1',
	clientSecret: SECRET,
	...extra,
});

const userRecord = (id: number, extra: Record<string, unknown> = {}) => ({
	id,
	email: `user${id}@example.com`,
	first_name: 'Ada',
	last_name: `User${id}`,
	status: 'active',
	...extra,
});

/** The adapter as benchmarks and sandbox tests build it: axios, standalone token auth. */
function connect(extra: Record<string, unknown> = {}) {
	const creds = credentials(extra);
	const authorizer = standaloneAuthorizer(creds, new AxiosTransport());
	const adapter = learningPoolVendor.createAdapter(
		creds,
		new AxiosTransport(authorizer),
		new ManualClock(),
	);
	return { adapter, authorizer };
}

let tokens = 0;
function tokenEndpoint(path = '/oauth/token') {
	return nock(BASE)
		.post(path, (body: Record<string, string>) => {
			return (
				body.grant_type === 'client_credentials' &&
				body.client_id === 'client-1' &&
				body.client_secret === SECRET
			);
		})
		.reply(200, () => ({ access_token: `tok-${++tokens}`, token_type: 'Bearer', expires_in: 3600 }))
		.persist();
}

/** An API scope that insists on the current token. */
const api = () =>
	nock(BASE, { reqheaders: { authorization: (value) => /^Bearer tok-\d+$/.test(value) } });

beforeEach(() => {
	tokens = 0;
	nock.disableNetConnect();
});

afterEach(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});

describe('Learning Pool adapter on the default endpoint map', () => {
	it('announces what the Simple API scope covers and nothing more', () => {
		expect([...learningPoolVendor.capabilities].sort()).toEqual(
			[
				'completion.list',
				'course.list',
				'enrollment.enroll',
				'enrollment.listForUser',
				'enrollment.progress',
				'enrollment.unenroll',
				'group.addMember',
				'group.list',
				'group.listMembers',
				'group.removeMember',
				'tag.add',
				'tag.remove',
				'user.create',
				'user.get',
				'user.list',
				'user.reactivate',
				'user.suspend',
				'user.update',
			].sort(),
		);
		expect(learningPoolVendor.pacing(credentials())).toEqual({ requests: 10, windowMs: 1000 });
		expect(learningPoolVendor.pacing(credentials({ requestsPerSecond: 4 }))).toEqual({
			requests: 4,
			windowMs: 1000,
		});
	});

	it('gets a token once by client credentials and fetches a new one after a 401', async () => {
		tokenEndpoint();
		const { adapter, authorizer } = connect();
		api().get('/api/v1/users/1').reply(200, userRecord(1));
		api()
			.get('/api/v1/users/2')
			.matchHeader('authorization', 'Bearer tok-1')
			.reply(401, { message: 'Unauthenticated.' });
		api()
			.get('/api/v1/users/2')
			.matchHeader('authorization', 'Bearer tok-2')
			.reply(200, { data: userRecord(2) });

		expect((await adapter.findUser!({ by: 'id', value: '1' }))?.email).toBe('user1@example.com');
		const second = await adapter.findUser!({ by: 'id', value: '2' });
		expect(second).toMatchObject({
			id: '2',
			firstName: 'Ada',
			lastName: 'User2',
			status: 'active',
		});
		expect(authorizer.tokensFetched()).toBe(2);
		expect(nock.pendingMocks().filter((mock) => !mock.includes('oauth'))).toEqual([]);
	});

	it('shares one new token among parallel requests that all met the expired one', async () => {
		nock(BASE)
			.post('/oauth/token')
			.times(2)
			.delay(50)
			.reply(200, () => ({ access_token: `tok-${++tokens}` }));
		const { adapter, authorizer } = connect();
		for (const id of [1, 2, 3]) {
			api().get(`/api/v1/users/${id}`).matchHeader('authorization', 'Bearer tok-1').reply(401, {});
			api()
				.get(`/api/v1/users/${id}`)
				.matchHeader('authorization', 'Bearer tok-2')
				.reply(200, userRecord(id));
		}
		const users = await Promise.all(
			['1', '2', '3'].map((value) => adapter.findUser!({ by: 'id', value })),
		);
		expect(users.map((user) => user?.id)).toEqual(['1', '2', '3']);
		expect(authorizer.tokensFetched()).toBe(2);
	});

	it('finds by email through the filter, and ignores someone else an instance hands back', async () => {
		tokenEndpoint();
		const { adapter } = connect();
		api()
			.get('/api/v1/users')
			.query({ email: 'user5@example.com' })
			.reply(200, { data: [userRecord(5)], meta: { current_page: 1, last_page: 1 } });
		api()
			.get('/api/v1/users')
			.query({ email: 'nobody@example.com' })
			.reply(200, { data: [userRecord(1)], meta: { current_page: 1, last_page: 1 } });
		api().get('/api/v1/users/99').reply(404, { message: 'User not found' });

		expect((await adapter.findUser!({ by: 'email', value: 'user5@example.com' }))?.id).toBe('5');
		expect(await adapter.findUser!({ by: 'email', value: 'nobody@example.com' })).toBeUndefined();
		expect(await adapter.findUser!({ by: 'id', value: '99' })).toBeUndefined();
	});

	it('creates with snake_case fields and reports a duplicate email as alreadyExists', async () => {
		tokenEndpoint();
		const { adapter } = connect();
		api()
			.post('/api/v1/users', {
				email: 'new@example.com',
				first_name: 'New',
				last_name: 'Person',
				username: 'newp',
				external_id: 'HR-1',
			})
			.reply(
				201,
				userRecord(10, { email: 'new@example.com', first_name: 'New', last_name: 'Person' }),
			);
		api()
			.post('/api/v1/users')
			.reply(422, {
				message: 'The given data was invalid.',
				errors: { email: ['The email has already been taken.'] },
			});

		const created = await adapter.createUser!({
			email: 'new@example.com',
			firstName: 'New',
			lastName: 'Person',
			username: 'newp',
			customFields: { external_id: 'HR-1' },
		});
		expect(created).toMatchObject({ action: 'created', user: { id: '10', firstName: 'New' } });

		const duplicate = await adapter.createUser!({
			email: 'user1@example.com',
			firstName: 'A',
			lastName: 'B',
		}).catch((error: unknown) => error);
		expect(isLmsError(duplicate, 'alreadyExists')).toBe(true);
		expect((duplicate as LmsError).vendorMessage).toBe(
			'The given data was invalid. (email: The email has already been taken.)',
		);
	});

	it('find-or-create returns the existing user without a create', async () => {
		tokenEndpoint();
		const { adapter } = connect();
		api()
			.get('/api/v1/users')
			.query({ email: 'user3@example.com' })
			.reply(200, { data: [userRecord(3)], meta: { current_page: 1, last_page: 1 } });
		const result = await findOrCreateUser(adapter as LmsAdapter, {
			email: 'user3@example.com',
			firstName: 'Ada',
			lastName: 'User3',
		});
		expect(result).toMatchObject({ action: 'found', user: { id: '3' } });
	});

	it('lists users page by page until meta.last_page, 100 at a time', async () => {
		tokenEndpoint();
		const { adapter } = connect();
		api()
			.get('/api/v1/users')
			.query({ page: 1, per_page: 100 })
			.reply(200, {
				data: [userRecord(1), userRecord(2)],
				meta: { current_page: 1, last_page: 2 },
			});
		api()
			.get('/api/v1/users')
			.query({ page: 2, per_page: 100 })
			.reply(200, { data: [userRecord(3)], meta: { current_page: 2, last_page: 2 } });

		const users = await collect(adapter.listUsers!());
		expect(users.map((user) => user.id)).toEqual(['1', '2', '3']);
		expect(nock.pendingMocks().filter((mock) => !mock.includes('oauth'))).toEqual([]);
	});

	it('updates only what differs, and leaves an unchanged user alone', async () => {
		tokenEndpoint();
		const { adapter } = connect();
		api().get('/api/v1/users/4').times(2).reply(200, userRecord(4));
		api()
			.patch('/api/v1/users/4', { last_name: 'Lovelace' })
			.reply(200, userRecord(4, { last_name: 'Lovelace' }));

		const same = await adapter.updateUser!({ by: 'id', value: '4' }, { firstName: 'Ada' });
		expect(same.action).toBe('unchanged');
		const changed = await adapter.updateUser!(
			{ by: 'id', value: '4' },
			{ firstName: 'Ada', lastName: 'Lovelace' },
		);
		expect(changed).toMatchObject({ action: 'updated', user: { lastName: 'Lovelace' } });
	});

	it('suspends an active user, and answers alreadySuspended without a call', async () => {
		tokenEndpoint();
		const { adapter } = connect();
		api().get('/api/v1/users/6').reply(200, userRecord(6));
		api()
			.post('/api/v1/users/6/suspend')
			.reply(200, userRecord(6, { status: 'suspended' }));
		api()
			.get('/api/v1/users/7')
			.reply(200, userRecord(7, { status: 'suspended' }));
		api()
			.get('/api/v1/users/8')
			.reply(200, userRecord(8, { status: 'suspended' }));
		api().post('/api/v1/users/8/unsuspend').reply(204);

		expect(await adapter.suspendUser!({ by: 'id', value: '6' })).toMatchObject({
			action: 'suspended',
			user: { status: 'suspended' },
		});
		expect((await adapter.suspendUser!({ by: 'id', value: '7' })).action).toBe('alreadySuspended');
		expect(await adapter.reactivateUser!({ by: 'id', value: '8' })).toMatchObject({
			action: 'reactivated',
			user: { id: '8', status: 'active' },
		});
		expect(nock.pendingMocks().filter((mock) => !mock.includes('oauth'))).toEqual([]);
	});

	it('treats 409 on add and 404 on remove as the membership already being as asked', async () => {
		tokenEndpoint();
		const { adapter } = connect();
		api().post('/api/v1/groups/g1/members', { user_id: '5' }).reply(201, {});
		api()
			.post('/api/v1/groups/g1/members', { user_id: '5' })
			.reply(409, { message: 'Already a member' });
		api().delete('/api/v1/groups/g1/members/5').reply(204);
		api().delete('/api/v1/groups/g1/members/5').reply(404, { message: 'Not a member' });
		api().get('/api/v1/users/5').reply(200, userRecord(5));

		const ref = { by: 'id', value: '5' } as const;
		expect((await adapter.addToGroup!(ref, 'g1')).action).toBe('added');
		expect((await adapter.addToGroup!(ref, 'g1')).action).toBe('alreadyMember');
		expect((await adapter.removeFromGroup!(ref, 'g1')).action).toBe('removed');
		expect((await adapter.removeFromGroup!(ref, 'g1')).action).toBe('notMember');
	});

	it('adds only missing tags and removes only present ones', async () => {
		tokenEndpoint();
		const { adapter } = connect();
		api()
			.get('/api/v1/users/5/tags')
			.times(3)
			.reply(200, { data: ['sales'] });
		api()
			.post('/api/v1/users/5/tags', { tags: ['emea'] })
			.reply(200, { data: ['sales', 'emea'] });
		api().delete('/api/v1/users/5/tags/sales').reply(204);

		const ref = { by: 'id', value: '5' } as const;
		expect(await adapter.addTags!(ref, ['Sales', 'emea'])).toEqual({
			action: 'tagged',
			userId: '5',
			changed: ['emea'],
			tags: ['sales', 'emea'],
		});
		expect((await adapter.addTags!(ref, ['sales'])).action).toBe('unchanged');
		expect(await adapter.removeTags!(ref, ['sales', 'absent'])).toMatchObject({
			action: 'untagged',
			changed: ['sales'],
		});
		expect(nock.pendingMocks().filter((mock) => !mock.includes('oauth'))).toEqual([]);
	});

	it('enrolls (409 = alreadyEnrolled) and unenrolls by the id found in the user’s enrollments', async () => {
		tokenEndpoint();
		const { adapter } = connect();
		api()
			.get('/api/v1/users')
			.query({ email: 'user5@example.com' })
			.reply(200, { data: [userRecord(5)], meta: { current_page: 1, last_page: 1 } });
		api()
			.post('/api/v1/enrollments', { user_id: '5', course_id: 'c1' })
			.reply(201, { id: 'e9', user_id: 5, course_id: 'c1', status: 'not_started' });
		api().post('/api/v1/enrollments').reply(409, { message: 'Already enrolled' });
		api()
			.get('/api/v1/users/5/enrollments')
			.query({ page: 1, per_page: 100 })
			.times(2)
			.reply(200, {
				data: [
					{
						id: 'e8',
						user_id: 5,
						course_id: 'c0',
						status: 'completed',
						completed_at: '2026-01-02T03:04:05Z',
					},
					{ id: 'e9', user_id: 5, course_id: 'c1', status: 'in_progress', progress: 40 },
				],
				meta: { current_page: 1, last_page: 1 },
			});
		api().delete('/api/v1/enrollments/e9').reply(204);

		const enrolled = await adapter.enroll!(
			{ by: 'email', value: 'user5@example.com' },
			{ id: 'c1', type: 'course' },
		);
		expect(enrolled).toMatchObject({
			action: 'enrolled',
			userId: '5',
			enrollment: { id: 'e9', status: 'notStarted' },
		});
		const again = await adapter.enroll!({ by: 'id', value: '5' }, { id: 'c1', type: 'course' });
		expect(again.action).toBe('alreadyEnrolled');
		const removed = await adapter.unenroll!({ by: 'id', value: '5' }, { id: 'c1', type: 'course' });
		expect(removed).toMatchObject({ action: 'unenrolled', enrollment: { id: 'e9', progress: 40 } });
		const none = await adapter.unenroll!({ by: 'id', value: '5' }, { id: 'c7', type: 'course' });
		expect(none.action).toBe('notEnrolled');
		expect(nock.pendingMocks().filter((mock) => !mock.includes('oauth'))).toEqual([]);
	});

	it('lists completions since a date, keeps the course filter, and maps the record', async () => {
		tokenEndpoint();
		const { adapter } = connect();
		const since = '2026-03-01T00:00:00.000Z';
		api()
			.get('/api/v1/completions')
			.query({ completed_since: since, page: 1, per_page: 100 })
			.reply(200, {
				data: [
					{
						user_id: 1,
						user_email: 'user1@example.com',
						course_id: 'c1',
						course_title: 'Safety',
						completed_at: '2026-03-02T10:00:00Z',
						score: 88,
					},
					{
						user_id: 2,
						user_email: 'user2@example.com',
						course_id: 'c2',
						course_title: 'GDPR',
						completed_at: '2026-03-03T10:00:00Z',
						score: null,
					},
				],
				meta: { current_page: 1, last_page: 1 },
			});

		const completions = await collect(adapter.listCompletions!({ since, courseId: 'c1' }));
		expect(completions).toEqual([
			expect.objectContaining({
				userId: '1',
				email: 'user1@example.com',
				courseId: 'c1',
				courseName: 'Safety',
				completedAt: '2026-03-02T10:00:00.000Z',
				score: 88,
			}),
		]);
	});

	it('keeps the client secret and token out of errors', async () => {
		tokenEndpoint();
		const { adapter } = connect();
		api()
			.get('/api/v1/users/1')
			.reply(403, { message: `Client client-1 with secret ${SECRET} lacks scope` });
		const error = (await adapter.findUser!({ by: 'id', value: '1' }).catch(
			(e: unknown) => e,
		)) as LmsError;
		expect(error.kind).toBe('forbidden');
		expect(JSON.stringify(error.toJSON())).not.toContain(SECRET);
		expect(JSON.stringify(error.toJSON())).not.toContain('tok-1');
		expect(error.hint).toMatch(/Simple API scope/);
	});

	it('reports a refused token request without the secret', async () => {
		nock(BASE).post('/oauth/token').reply(401, { message: 'invalid_client' });
		const { adapter } = connect();
		const error = (await adapter.findUser!({ by: 'id', value: '1' }).catch(
			(e: unknown) => e,
		)) as LmsError;
		expect(error).toBeInstanceOf(LmsError);
		expect(error.message).toBe('Learning Pool refused the token request (401): invalid_client');
		expect(JSON.stringify(error.toJSON())).not.toContain(SECRET);
	});
});

describe('Learning Pool adapter on an overridden endpoint map', () => {
	const endpointMap = JSON.stringify({
		getUser: '/simple/v2/people/{id}',
		findUserByEmail: '/simple/v2/people/lookup?mail={email}',
		listUsers: {
			path: '/simple/v2/people',
			pagination: 'untilEmpty',
			pageParam: 'p',
			sizeParam: 'n',
			pageSize: 2,
		},
		suspendUser: { method: 'PUT', path: '/simple/v2/people/{id}/state/suspended' },
		enroll: '/simple/v2/assignments',
	});

	it('sends every call to the overridden paths, token path included', async () => {
		tokenEndpoint('/auth/v2/token');
		const { adapter } = connect({ endpointMap, tokenUrlPath: '/auth/v2/token' });
		api().get('/simple/v2/people/1').times(2).reply(200, userRecord(1));
		api()
			.get('/simple/v2/people/lookup')
			.query({ mail: 'user2@example.com' })
			.reply(200, userRecord(2));
		api()
			.get('/simple/v2/people')
			.query({ p: 1, n: 2 })
			.reply(200, [userRecord(1), userRecord(2)]);
		api()
			.get('/simple/v2/people')
			.query({ p: 2, n: 2 })
			.reply(200, [userRecord(3)]);
		api().put('/simple/v2/people/1/state/suspended').reply(204);
		api().post('/simple/v2/assignments', { user_id: '1', course_id: 'c1' }).reply(201, {});

		expect((await adapter.findUser!({ by: 'id', value: '1' }))?.id).toBe('1');
		expect((await adapter.findUser!({ by: 'email', value: 'user2@example.com' }))?.id).toBe('2');
		expect((await collect(adapter.listUsers!())).map((user) => user.id)).toEqual(['1', '2', '3']);
		expect((await adapter.suspendUser!({ by: 'id', value: '1' })).action).toBe('suspended');
		expect(
			(await adapter.enroll!({ by: 'id', value: '1' }, { id: 'c1', type: 'course' })).action,
		).toBe('enrolled');
		expect(nock.pendingMocks().filter((mock) => !mock.includes('token'))).toEqual([]);
	});
});
