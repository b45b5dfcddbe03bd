import {
	LP_TOKEN_PATH,
	createLearningPoolSimulator,
	type LearningPoolSimulator,
} from '../../sandbox/learningpool/simulator';
import type { SimRequest, SimResponse } from '../../sandbox/types';

// The simulator is driven directly through handle(); time is whatever `now` says.
const T0 = Date.UTC(2026, 0, 1);

function request(
	method: string,
	target: string,
	call: {
		headers?: Record<string, string>;
		body?: unknown;
		form?: Record<string, string>;
		now?: number;
	} = {},
): SimRequest {
	const qi = target.indexOf('?');
	const rawPath = qi < 0 ? target : target.slice(0, qi);
	const query: Record<string, string> = {};
	if (qi >= 0) for (const [k, v] of new URLSearchParams(target.slice(qi + 1))) query[k] = v;
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(call.headers ?? {})) headers[k.toLowerCase()] = v;
	let rawBody = '';
	if (call.form) {
		rawBody = new URLSearchParams(call.form).toString();
		headers['content-type'] = 'application/x-www-form-urlencoded';
	} else if (call.body !== undefined) {
		rawBody = JSON.stringify(call.body);
		headers['content-type'] = 'application/json';
	}
	return {
		method,
		rawPath,
		path: decodeURIComponent(rawPath),
		query,
		headers,
		rawBody,
		now: call.now ?? T0,
	};
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Res = SimResponse & { body: any };

function connect(sim: LearningPoolSimulator, now = T0) {
	const tokenCall = (form: Record<string, string> = {}, at = now) =>
		sim.handle(
			request('POST', LP_TOKEN_PATH, {
				form: {
					grant_type: 'client_credentials',
					client_id: sim.credentials.clientId,
					client_secret: sim.credentials.clientSecret,
					...form,
				},
				now: at,
			}),
		) as Res;
	const first = tokenCall();
	const token = first.body.access_token as string;
	const api = (
		method: string,
		path: string,
		body?: unknown,
		opts: { now?: number; headers?: Record<string, string> } = {},
	) =>
		sim.handle(
			request(method, '/api/v1' + path, {
				body,
				now: opts.now,
				headers: opts.headers ?? { authorization: `Bearer ${token}` },
			}),
		) as Res;
	return { first, token, tokenCall, api };
}

function lp(seed = { users: 30, courses: 5, groups: 3, completions: 10 }) {
	const sim = createLearningPoolSimulator(seed);
	sim.setRateLimitEnforced(false);
	return { sim, ...connect(sim) };
}

const newUser = (email: string, extra: Record<string, unknown> = {}) => ({
	email,
	first_name: 'Lea',
	last_name: 'Rner',
	...extra,
});

describe('Learning Pool auth', () => {
	it('issues one-hour Bearer tokens for the client credentials, and only for them', () => {
		const { first, tokenCall } = lp();
		expect(first).toMatchObject({
			status: 200,
			body: { access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 },
		});
		expect(tokenCall({ client_secret: 'wrong' })).toMatchObject({
			status: 401,
			body: { error: 'invalid_client' },
		});
		expect(tokenCall({ grant_type: 'password' }).status).toBe(400);
	});

	it('answers 401 invalid_token without a token, with a bad one, after an hour, and after revocation', () => {
		const { sim, api, token } = lp();
		expect(api('GET', '/users').status).toBe(200);
		expect(api('GET', '/users', undefined, { headers: {} })).toMatchObject({
			status: 401,
			body: { error: 'invalid_token', message: expect.any(String) },
		});
		expect(
			api('GET', '/users', undefined, { headers: { authorization: 'Bearer nope' } }).body.error,
		).toBe('invalid_token');
		expect(
			api('GET', '/users', undefined, { headers: { authorization: `Basic ${token}` } }).status,
		).toBe(401);
		expect(api('GET', '/users', undefined, { now: T0 + 3_599_999 }).status).toBe(200);
		expect(api('GET', '/users', undefined, { now: T0 + 3_600_000 })).toMatchObject({
			status: 401,
			body: { error: 'invalid_token', message: expect.stringMatching(/expired/) },
		});
		const fresh = connect(sim);
		sim.revokeTokens();
		expect(fresh.api('GET', '/users')).toMatchObject({
			status: 401,
			body: { error: 'invalid_token' },
		});
		expect(connect(sim).api('GET', '/users').status).toBe(200);
	});

	it('limits to 20 requests a second (token call included) with 429 and Retry-After: 1', () => {
		const sim = createLearningPoolSimulator({ users: 5 });
		const { api } = connect(sim);
		for (let i = 1; i < 20; i++)
			expect(api('GET', '/users', undefined, { now: T0 + i }).status).toBe(200);
		const limited = api('GET', '/users', undefined, { now: T0 + 999 });
		expect(limited).toEqual({
			status: 429,
			headers: { 'Retry-After': '1' },
			body: { message: expect.any(String) },
		});
		expect(api('GET', '/users', undefined, { now: T0 + 1000 }).status).toBe(200);
		sim.setRateLimitEnforced(false);
		for (let i = 0; i < 40; i++)
			expect(api('GET', '/users', undefined, { now: T0 + 1001 }).status).toBe(200);
	});

	it('answers 404 {message} for paths outside the map, marked as a guessed contract violation', () => {
		const { sim, api } = lp();
		expect(api('GET', '/people')).toMatchObject({
			status: 404,
			body: { message: 'Not Found' },
			violation: {
				rule: 'path.unknown',
				guess: true,
				source: expect.stringMatching(/publishes no paths/),
			},
		});
		expect(sim.handle(request('GET', '/api/v2/users')).status).toBe(404);
	});

	it('refuses a body field or query parameter the defaults do not have, and a missing required field, each as a guess', () => {
		const { api } = lp();
		const unknownField = api('POST', '/enrollments', { user_id: 1001, course_id: 502, price: 0 });
		expect(unknownField).toMatchObject({
			status: 422,
			violation: { rule: 'body.unknown', guess: true },
		});
		expect(api('GET', '/courses?sort=title')).toMatchObject({
			status: 400,
			violation: { rule: 'query.unknown', guess: true },
		});
		expect(api('POST', '/enrollments', { user_id: 1001 })).toMatchObject({
			status: 422,
			violation: { rule: 'body.required', guess: true },
		});
		// A taken email is the instance's answer, not a request outside the defaults.
		const created = api('POST', '/users', {
			email: 'y@example.com',
			first_name: 'Y',
			last_name: 'Z',
		});
		expect(created.status).toBe(201);
		const taken = api('POST', '/users', {
			email: 'y@example.com',
			first_name: 'Y',
			last_name: 'Z',
		});
		expect(taken.status).toBe(422);
		expect(taken.violation).toBeUndefined();
	});
});

describe('Learning Pool users', () => {
	it('pages users with {data, meta}; per_page ≤ 100; a page past the end is empty', () => {
		const { api } = lp({ users: 45, courses: 1, groups: 0, completions: 0 });
		const p1 = api('GET', '/users?page=1&per_page=20').body;
		expect(p1.meta).toEqual({ current_page: 1, per_page: 20, total: 45, last_page: 3 });
		expect(api('GET', '/users?page=3&per_page=20').body.data).toHaveLength(5);
		expect(api('GET', '/users?page=4&per_page=20').body.data).toEqual([]);
		expect(api('GET', '/users').body.meta.per_page).toBe(50);
		const tooBig = api('GET', '/users?per_page=101');
		expect(tooBig.status).toBe(422);
		expect(tooBig.body.errors.per_page).toEqual([expect.any(String)]);
	});

	it('finds by email (0 or 1 users, case-insensitive) and by id', () => {
		const { api } = lp();
		const u = api('POST', '/users', newUser('Find.Me@example.com')).body;
		expect(api('GET', '/users?email=find.me%40example.com').body).toEqual({
			data: [expect.objectContaining({ id: u.id })],
			meta: { current_page: 1, per_page: 50, total: 1, last_page: 1 },
		});
		expect(api('GET', '/users?email=nobody%40example.com').body.data).toEqual([]);
		expect(api('GET', `/users/${u.id}`).body).toMatchObject({
			id: u.id,
			email: 'Find.Me@example.com',
			status: 'active',
		});
		expect(api('GET', '/users/999999')).toEqual({
			status: 404,
			body: { message: 'User not found' },
		});
	});

	it('creates (201), rejects a duplicate email and missing fields with 422 errors', () => {
		const { sim, api } = lp();
		const created = api('POST', '/users', newUser('new@example.com', { external_id: 'E1' }));
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			id: expect.any(Number),
			email: 'new@example.com',
			first_name: 'Lea',
			last_name: 'Rner',
			external_id: 'E1',
			username: null,
			status: 'active',
		});
		const dup = api('POST', '/users', newUser('NEW@example.com'));
		expect(dup).toEqual({
			status: 422,
			body: {
				message: expect.any(String),
				errors: { email: ['The email has already been taken.'] },
			},
		});
		const missing = api('POST', '/users', { email: 'x@example.com' });
		expect(missing.status).toBe(422);
		expect(Object.keys(missing.body.errors).sort()).toEqual(['first_name', 'last_name']);
		const users = (sim.state() as { users: { email: string }[] }).users;
		expect(users.filter((u) => u.email.toLowerCase() === 'new@example.com')).toHaveLength(1);
	});

	it('PATCH changes only the sent fields', () => {
		const { api } = lp();
		const u = api('POST', '/users', newUser('patch@example.com', { username: 'patchy' })).body;
		const res = api('PATCH', `/users/${u.id}`, { last_name: 'Changed' });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({
			email: 'patch@example.com',
			username: 'patchy',
			first_name: 'Lea',
			last_name: 'Changed',
		});
		const other = api('POST', '/users', newUser('other@example.com')).body;
		expect(api('PATCH', `/users/${other.id}`, { email: 'patch@example.com' }).status).toBe(422);
		expect(api('PATCH', `/users/${other.id}`, { username: 'PATCHY' }).body.errors.username).toEqual(
			[expect.any(String)],
		);
	});

	it('suspends and unsuspends, answering 409 when already so', () => {
		const { api } = lp();
		const u = api('POST', '/users', newUser('sus@example.com')).body;
		expect(api('POST', `/users/${u.id}/suspend`).body.status).toBe('suspended');
		expect(api('GET', `/users/${u.id}`).body.status).toBe('suspended');
		expect(api('POST', `/users/${u.id}/suspend`)).toEqual({
			status: 409,
			body: { message: 'User is already suspended' },
		});
		expect(api('POST', `/users/${u.id}/unsuspend`).body.status).toBe('active');
		expect(api('POST', `/users/${u.id}/unsuspend`).status).toBe(409);
	});

	it('lists, adds and removes tags', () => {
		const { api } = lp();
		const u = api('POST', '/users', newUser('tag@example.com')).body;
		expect(api('GET', `/users/${u.id}/tags`).body).toEqual({ data: [] });
		expect(api('POST', `/users/${u.id}/tags`, { tags: ['sales', 'emea'] }).body).toEqual({
			data: ['sales', 'emea'],
		});
		expect(api('POST', `/users/${u.id}/tags`, { tags: ['SALES', 'apac'] }).body).toEqual({
			data: ['sales', 'emea', 'apac'],
		});
		expect(api('POST', `/users/${u.id}/tags`, { tags: [] }).status).toBe(422);
		expect(api('DELETE', `/users/${u.id}/tags/sales`)).toEqual({ status: 204 });
		expect(api('DELETE', `/users/${u.id}/tags/sales`).status).toBe(404);
		expect(api('DELETE', `/users/${u.id}/tags/${encodeURIComponent('a/b')}`).status).toBe(404);
		expect(api('GET', `/users/${u.id}/tags`).body).toEqual({ data: ['emea', 'apac'] });
	});
});

describe('Learning Pool groups, courses and enrollments', () => {
	it('adds to a group (201, then 409) and removes (204, then 404)', () => {
		const { api } = lp();
		const groups = api('GET', '/groups').body;
		expect(groups.meta).toEqual({ current_page: 1, per_page: 50, total: 3, last_page: 1 });
		const g = groups.data[0].id;
		const u = api('POST', '/users', newUser('grp@example.com')).body;
		expect(api('POST', `/groups/${g}/members`, { user_id: String(u.id) }).status).toBe(201);
		expect(api('POST', `/groups/${g}/members`, { user_id: u.id })).toEqual({
			status: 409,
			body: { message: 'User is already a member of this group' },
		});
		expect(
			api('GET', `/groups/${g}/members?per_page=100`).body.data.map((x: { id: number }) => x.id),
		).toContain(u.id);
		expect(api('POST', `/groups/${g}/members`, {}).status).toBe(422);
		expect(api('POST', '/groups/9999/members', { user_id: u.id }).status).toBe(404);
		expect(api('DELETE', `/groups/${g}/members/${u.id}`)).toEqual({ status: 204 });
		expect(api('DELETE', `/groups/${g}/members/${u.id}`)).toEqual({
			status: 404,
			body: { message: 'User is not a member of this group' },
		});
	});

	it("enrolls (201, then 409), lists a user's enrollments and deletes by enrollment id", () => {
		const { api } = lp();
		const courses = api('GET', '/courses?per_page=2').body;
		expect(courses.meta).toEqual({ current_page: 1, per_page: 2, total: 5, last_page: 3 });
		const course = courses.data[0];
		const u = api('POST', '/users', newUser('enr@example.com')).body;
		const e = api('POST', '/enrollments', { user_id: u.id, course_id: String(course.id) });
		expect(e.status).toBe(201);
		expect(e.body).toMatchObject({
			id: expect.any(Number),
			user_id: u.id,
			course_id: course.id,
			status: 'not_started',
			progress: 0,
			completed_at: null,
		});
		expect(api('POST', '/enrollments', { user_id: u.id, course_id: course.id })).toEqual({
			status: 409,
			body: { message: 'User is already enrolled in this course' },
		});
		expect(api('POST', '/enrollments', { user_id: u.id }).body.errors).toEqual({
			course_id: [expect.any(String)],
		});
		expect(api('POST', '/enrollments', { user_id: u.id, course_id: 1 }).status).toBe(404);
		expect(api('GET', `/users/${u.id}/enrollments`).body.data).toEqual([
			expect.objectContaining({ id: e.body.id, course_title: course.title }),
		]);
		expect(api('DELETE', `/enrollments/${e.body.id}`)).toEqual({ status: 204 });
		expect(api('DELETE', `/enrollments/${e.body.id}`).status).toBe(404);
		expect(api('GET', `/users/${u.id}/enrollments`).body.data).toEqual([]);
		expect(api('POST', '/enrollments', { user_id: u.id, course_id: course.id }).status).toBe(201);
	});
});

describe('Learning Pool completions', () => {
	it('lists completions since an ISO time, oldest first, paged', () => {
		const { sim, api } = lp();
		const all = api('GET', '/completions?completed_since=2000-01-01T00:00:00Z&per_page=100').body;
		expect(all.meta.total).toBe(10);
		const times = all.data.map((c: { completed_at: string }) => c.completed_at);
		expect([...times].sort()).toEqual(times);
		expect(all.data[0]).toEqual({
			enrollment_id: expect.any(Number),
			user_id: expect.any(Number),
			user_email: expect.stringContaining('@'),
			course_id: expect.any(Number),
			course_title: expect.any(String),
			completed_at: expect.any(String),
			score: expect.any(Number),
		});
		const pages = [1, 2, 3, 4].map(
			(page) =>
				api('GET', `/completions?completed_since=2000-01-01T00:00:00Z&per_page=3&page=${page}`)
					.body,
		);
		expect(pages[0].meta.last_page).toBe(4);
		expect(pages.flatMap((p) => p.data)).toEqual(all.data);

		const u = api('POST', '/users', newUser('done@example.com')).body;
		const course = api('GET', '/courses').body.data[2];
		// Out of order on purpose: the answer is still sorted by completed_at.
		sim.completeCourse(u.id, course.id, T0 + 5000, 88);
		sim.completeCourse(all.data[0].user_id, api('GET', '/courses').body.data[4].id, T0 + 1000);
		const since = api('GET', `/completions?completed_since=${new Date(T0).toISOString()}`).body
			.data;
		expect(since.map((c: { completed_at: string }) => c.completed_at)).toEqual([
			new Date(T0 + 1000).toISOString(),
			new Date(T0 + 5000).toISOString(),
		]);
		expect(since[1]).toMatchObject({
			user_id: u.id,
			user_email: 'done@example.com',
			course_id: course.id,
			course_title: course.title,
			score: 88,
		});
		// Inclusive bound.
		expect(
			api('GET', `/completions?completed_since=${new Date(T0 + 5000).toISOString()}`).body.data,
		).toHaveLength(1);
		expect(api('GET', `/users/${u.id}/enrollments`).body.data[0]).toMatchObject({
			status: 'completed',
			progress: 100,
			completed_at: new Date(T0 + 5000).toISOString(),
		});
		expect(api('GET', `/completions?completed_since=${Math.floor(T0 / 1000)}`).status).toBe(422);
	});

	it('seeds deterministically, and up to 100,000 users', () => {
		expect(createLearningPoolSimulator({ users: 20, seed: 5 }).state()).toEqual(
			createLearningPoolSimulator({ users: 20, seed: 5 }).state(),
		);
		const large = createLearningPoolSimulator({
			users: 100_000,
			courses: 10,
			groups: 5,
			completions: 500,
		}).state() as { users: Array<{ id: unknown; email: string }> };
		expect(large.users).toHaveLength(100_000);
		expect(new Set(large.users.map((u) => u.email)).size).toBe(100_000);
	});
});
