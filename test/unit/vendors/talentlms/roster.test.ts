/**
 * The calls a roster sync relies on: one `/courses/id:X` per named course instead of one
 * `/users/id:X` per user, and status changes without a lookup when the caller has the user.
 */
import nock from 'nock';

import { collect, InputError, type User } from '../../../../nodes/shared/core';
import { setup } from './helpers';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const courseUser = (id: string, completed: string, percentage: string) => ({
	id,
	name: `User ${id}`,
	role: 'learner',
	completed_on_timestamp: completed,
	completion_percentage: percentage,
});

describe('listCourseEnrollments', () => {
	it('reads a course roster with one GET /courses/id:X and maps each entry', async () => {
		const { adapter, calls, answer } = setup();
		answer('GET', '/courses/id:3', 200, {
			id: '3',
			name: 'GDPR',
			users: [
				courseUser('17', '', '0'),
				courseUser('18', '', '40'),
				courseUser('19', '1700000000', '100'),
			],
		});
		const enrollments = await collect(adapter.listCourseEnrollments('3'));
		expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
			'GET /api/v1/courses/id:3',
		]);
		expect(
			enrollments.map((e) => [e.userId, e.productId, e.status, e.progress, e.completedAt]),
		).toEqual([
			['17', '3', 'notStarted', 0, undefined],
			['18', '3', 'inProgress', 40, undefined],
			['19', '3', 'completed', 100, '2023-11-14T22:13:20.000Z'],
		]);
	});

	it('filters by canonical status', async () => {
		const { adapter, answer } = setup();
		answer('GET', '/courses/id:3', 200, {
			id: '3',
			users: [courseUser('17', '', '0'), courseUser('19', '1700000000', '100')],
		});
		const done = await collect(adapter.listCourseEnrollments('3', { status: 'completed' }));
		expect(done.map((e) => e.userId)).toEqual(['19']);
	});

	it('refuses a non-numeric course id before any call', async () => {
		const { adapter, calls } = setup();
		await expect(collect(adapter.listCourseEnrollments('gdpr'))).rejects.toBeInstanceOf(InputError);
		expect(calls).toEqual([]);
	});
});

describe('status changes with a known user', () => {
	const known: User = {
		id: '17',
		email: 'jo@acme.com',
		status: 'active',
		raw: { id: '17', status: 'active' },
	};

	it('suspends with the one state-changing GET, no lookup first', async () => {
		const { adapter, calls, answer } = setup();
		answer('GET', '/usersetstatus/user_id:17,status:inactive', 200, {
			user_id: '17',
			status: 'inactive',
		});
		const result = await adapter.suspendUser({ by: 'id', value: '17' }, known);
		expect(result.action).toBe('suspended');
		expect(calls.map((call) => call.path)).toEqual([
			'/api/v1/usersetstatus/user_id:17,status:inactive',
		]);
	});

	it('without a known user it looks the user up first', async () => {
		const { adapter, calls, answer } = setup();
		answer('GET', '/users/id:17', 200, { id: '17', email: 'jo@acme.com', status: 'inactive' });
		const result = await adapter.suspendUser({ by: 'id', value: '17' });
		expect(result.action).toBe('alreadySuspended');
		expect(calls.map((call) => call.path)).toEqual(['/api/v1/users/id:17']);
	});
});
