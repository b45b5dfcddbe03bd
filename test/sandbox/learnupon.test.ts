/**
 * The LearnUpon simulator against LearnUpon's published documentation (docs.learnupon.com/api):
 * documented requests are answered in the documented shapes; requests the docs refuse (or do not
 * cover) get LearnUpon's error answer and are logged as contract violations.
 */
import {
	LEARNUPON_PASSWORD,
	LEARNUPON_USERNAME,
	type LearnUponSimulator,
} from '../../sandbox/learnupon/simulator';
import { startSandbox, type Sandbox } from '../../sandbox/server';

let sb: Sandbox;
let base: string;
// Start of a calendar minute, so the per-minute budget window is predictable.
let now = Date.UTC(2026, 0, 1);
const AUTH =
	'Basic ' + Buffer.from(`${LEARNUPON_USERNAME}:${LEARNUPON_PASSWORD}`).toString('base64');

beforeAll(async () => {
	sb = await startSandbox({
		vendors: ['learnupon'],
		seed: { users: 1203, courses: 5, groups: 2, completions: 10 },
		clock: () => now,
	});
	base = sb.urls.learnupon + '/api/v1';
});
afterAll(() => sb.close());
beforeEach(() => {
	sb.reset();
	sb.clearFaults();
	now += 60_000; // next minute: fresh budget
});

const sim = () => sb.simulators.learnupon as LearnUponSimulator;

async function call(method: string, path: string, body?: unknown, auth = AUTH) {
	const res = await fetch(base + path, {
		method,
		headers: {
			authorization: auth,
			...(body !== undefined ? { 'content-type': 'application/json' } : {}),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return {
		status: res.status,
		headers: res.headers,
		body: (text ? JSON.parse(text) : undefined) as any,
	};
}
const createUser = (email: string, extra: Record<string, unknown> = {}) =>
	call('POST', '/users', {
		User: {
			email,
			password: 'Pw-123456',
			first_name: 'Lu',
			last_name: 'Ser',
			user_type: 'learner',
			...extra,
		},
	});
/** The violations logged since the test began (the log is cleared by reset). */
const violations = () => sb.violations('learnupon').map((entry) => entry.violation!);
const lastViolation = () => violations().at(-1);

describe('LearnUpon auth and wrappers', () => {
	it('rejects wrong credentials with 401 and a message', async () => {
		const res = await call(
			'GET',
			'/users',
			undefined,
			'Basic ' + Buffer.from(`${LEARNUPON_USERNAME}:wrong`).toString('base64'),
		);
		expect(res.status).toBe(401);
		expect(res.body).toEqual({ message: expect.any(String), response_code: 401 });
		expect((await fetch(base + '/users')).status).toBe(401);
	});

	it("rejects the seed's lower-case wrapper and a bare object as contract violations, creating nothing", async () => {
		const lower = await call('POST', '/users', {
			user: { email: 'lower@x.com', password: 'Pw-123456' },
		});
		expect(lower.status).toBe(400);
		expect(lower.body.message).toMatch(/User/);
		expect(lastViolation()).toMatchObject({
			rule: 'body.wrapper',
			source: expect.stringContaining('docs.learnupon.com/api'),
		});
		expect((await call('POST', '/users', { email: 'bare@x.com' })).status).toBe(400);
		expect(sim().userIdByEmail('lower@x.com')).toBeUndefined();
		expect(sim().userIdByEmail('bare@x.com')).toBeUndefined();
	});

	it('refuses an undocumented method or parameter, marked as a guess', async () => {
		expect((await call('GET', '/courses/3001')).status).toBe(404);
		expect(lastViolation()).toMatchObject({ rule: 'path.unknown', guess: true });
		expect((await call('GET', '/users?status=active')).status).toBe(400);
		expect(lastViolation()).toMatchObject({ rule: 'query.unknown', guess: true });
		expect((await createUser('extra@x.com', { nickname: 'X' })).status).toBe(400);
		expect(lastViolation()).toMatchObject({ rule: 'body.unknown', guess: true });
	});
});

describe('LearnUpon users', () => {
	it('creates with the mandatory password, answers {id}, finds by email (404 when none), rejects a duplicate', async () => {
		const created = await createUser('new@x.com');
		expect(created.status).toBe(201);
		expect(created.body).toEqual({ id: expect.any(Number) });
		const found = await call('GET', '/users/search?email=' + encodeURIComponent('new@x.com'));
		expect(found.body.user).toHaveLength(1);
		expect(found.body.user[0]).toMatchObject({
			id: created.body.id,
			email: 'new@x.com',
			enabled: true,
			locale: 'en',
		});
		expect(JSON.stringify(found.body)).not.toContain('Pw-123456');
		const missing = await call('GET', '/users/search?email=none%40x.com');
		expect(missing.status).toBe(404);
		expect(missing.body.message).toBeTruthy();
		const dup = await createUser('NEW@x.com');
		expect(dup.status).toBe(422);
		expect(dup.body.message).toMatch(/already exists/);
		// Business refusals are not contract violations.
		expect(violations()).toEqual([]);
	});

	it('refuses a create without a password, or with one under 6 characters (Mandatory Parameters)', async () => {
		const none = await call('POST', '/users', { User: { email: 'sso@x.com' } });
		expect(none.status).toBe(422);
		expect(lastViolation()).toMatchObject({
			rule: 'body.required',
			source: expect.stringContaining('Mandatory Parameters for Creating a User'),
		});
		expect(lastViolation()?.guess).toBeUndefined();
		expect((await createUser('short@x.com', { password: '12345' })).status).toBe(422);
		expect(lastViolation()).toMatchObject({ rule: 'body.minLength' });
		expect(sim().userIdByEmail('sso@x.com')).toBeUndefined();
	});

	it('pages /users at 500 with LU-Has-Next-Page and LU-Current-Page; updated_at only with version_id=1.1', async () => {
		const p1 = await call('GET', '/users?page=1');
		expect(p1.body.user).toHaveLength(500);
		expect(p1.body.user[0].updated_at).toBeUndefined();
		expect(p1.headers.get('lu-has-next-page')).toBe('true');
		expect(p1.headers.get('lu-current-page')).toBe('1');
		const p3 = await call('GET', '/users?page=3&version_id=1.1');
		expect(p3.body.user).toHaveLength(203);
		expect(p3.body.user[0].updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		expect(p3.headers.get('lu-has-next-page')).toBe('false');
		const ids = new Set(
			[...p1.body.user, ...(await call('GET', '/users?page=2')).body.user, ...p3.body.user].map(
				(u: any) => u.id,
			),
		);
		expect(ids.size).toBe(1203);
	});

	it('PUT changes only sent fields; enabled false/true deactivates and reactivates; DELETE removes', async () => {
		const id = (await createUser('put@x.com', { first_name: 'Before' })).body.id;
		const put = await call('PUT', `/users/${id}`, { User: { enabled: false } });
		expect(put.status).toBe(200);
		let u = (await call('GET', `/users/${id}`)).body.user[0];
		expect(u).toMatchObject({ enabled: false, first_name: 'Before', email: 'put@x.com' });
		await call('PUT', `/users/${id}`, { User: { enabled: true, last_name: 'After' } });
		u = (await call('GET', `/users/${id}`)).body.user[0];
		expect(u).toMatchObject({ enabled: true, first_name: 'Before', last_name: 'After' });
		expect((await call('PUT', `/users/${id}`, { user: { enabled: false } })).status).toBe(400);
		// Update a User: id 0 with the email in the payload, new_email to change it.
		await call('PUT', '/users/0', { User: { email: 'put@x.com', new_email: 'moved@x.com' } });
		expect(sim().userIdByEmail('moved@x.com')).toBe(id);
		expect((await call('DELETE', `/users/${id}`)).status).toBe(200);
		expect((await call('GET', `/users/${id}`)).status).toBe(404);
	});
});

describe('LearnUpon enrollments', () => {
	it('enrolls by email with the documented answer; refuses user_id as a violation of Create an Enrollment', async () => {
		const uid = (await createUser('enr@x.com')).body.id;
		const byId = await call('POST', '/enrollments', {
			Enrollment: { user_id: uid, course_id: 3002 },
		});
		expect(byId.status).toBe(422);
		expect(lastViolation()).toMatchObject({
			rule: 'body.user_id',
			source: expect.stringContaining('Create an Enrollment'),
		});
		const e = await call('POST', '/enrollments', {
			Enrollment: { email: 'enr@x.com', course_id: 3002, due_date: '2026-03-01' },
		});
		expect(e.status).toBe(201);
		expect(e.body).toEqual({
			id: expect.any(Number),
			created_at: expect.any(String),
			user_id: uid,
		});
		const dup = await call('POST', '/enrollments', {
			Enrollment: { email: 'enr@x.com', course_id: 3002 },
		});
		expect(dup.status).toBe(422);
		expect(dup.body.message).toMatch(/already enrolled/i);
		const found = await call('GET', `/enrollments/search?user_id=${uid}`);
		expect(found.headers.get('lu-current-page')).toBe('1');
		expect(found.body.enrollments).toEqual([
			expect.objectContaining({
				id: e.body.id,
				status: 'not_started',
				percentage: null,
				percentage_complete: 0,
				date_enrolled: expect.any(String),
				date_completed: null,
				course_id: 3002,
				user_id: uid,
				email: 'enr@x.com',
			}),
		]);
		expect((await call('DELETE', `/enrollments/${e.body.id}`)).status).toBe(200);
		expect((await call('GET', `/enrollments/search?email=enr%40x.com`)).body.enrollments).toEqual(
			[],
		);
		expect(violations()).toHaveLength(1);
	});

	it('documents one search key at a time: two are refused as a guess', async () => {
		const both = await call('GET', '/enrollments/search?user_id=10001&course_id=3001');
		expect(both.status).toBe(400);
		expect(lastViolation()).toMatchObject({ rule: 'query.oneOf', guess: true });
		expect((await call('GET', '/enrollments/search')).status).toBe(400);
		expect(lastViolation()?.guess).toBeUndefined();
	});

	it('completes through the helper (score in percentage); re_enroll_if_completed makes a new one; completed ones go only with remove_from_history', async () => {
		await createUser('done@x.com');
		const eid = (
			await call('POST', '/enrollments', { Enrollment: { email: 'done@x.com', course_id: 3001 } })
		).body.id;
		const at = Date.UTC(2026, 0, 5, 8);
		sim().completeEnrollment(eid, { status: 'passed', at, score: 75 });
		const byCourse = await call('GET', '/enrollments/search?course_id=3001');
		expect(byCourse.body.enrollments.find((x: any) => x.id === eid)).toMatchObject({
			status: 'passed',
			percentage: 75,
			percentage_complete: 100,
			date_completed: '2026-01-05T08:00:00Z',
		});
		const plain = { Enrollment: { email: 'done@x.com', course_id: 3001 } };
		expect((await call('POST', '/enrollments', plain)).status).toBe(422);
		const again = await call('POST', '/enrollments', {
			Enrollment: { ...plain.Enrollment, re_enroll_if_completed: true },
		});
		expect(again.status).toBe(201);
		expect(again.body.id).not.toBe(eid);
		expect((await call('DELETE', `/enrollments/${eid}`)).status).toBe(422);
		expect(lastViolation()).toMatchObject({ rule: 'body.remove_from_history', guess: true });
		expect(
			(await call('DELETE', `/enrollments/${eid}`, { remove_from_history: true })).status,
		).toBe(200);
	});

	it('bulk jobs answer job_id, documented status and counters and a report_url, never per-item results', async () => {
		const uid = (await createUser('bulk@x.com')).body.id;
		const submitted = await call('POST', '/bulk-operations/submit/bulk-enrollment', {
			items: [
				{ course_id: 3004, user_id: uid },
				{ course_id: 9999, user_id: uid },
			],
		});
		expect(submitted.status).toBe(202);
		const jobId = submitted.body.job_id;
		expect(jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		const first = await call('GET', `/bulk-operations/jobs/${jobId}`);
		expect(first.body).toMatchObject({ status: 'in_progress', report_url: null });
		const second = await call('GET', `/bulk-operations/jobs/${jobId}`);
		expect(second.body).toEqual({
			job_id: jobId,
			status: 'completed',
			operation: 'bulk-enrollment',
			num_operations: 2,
			num_completed_operations: 1,
			num_failed_operations: 1,
			created_at: expect.any(String),
			completed_at: expect.any(String),
			report_url: expect.stringContaining(jobId),
		});
		expect(
			(await call('GET', `/enrollments/search?user_id=${uid}`)).body.enrollments.map(
				(e: any) => e.course_id,
			),
		).toEqual([3004]);
		expect((await call('GET', '/bulk-operations/jobs/nope')).body).toEqual({
			error: { code: 'not_found', message: expect.any(String) },
		});
	});

	it('refuses bulk items the docs do not allow with the documented error codes', async () => {
		const bad = await call('POST', '/bulk-operations/submit/bulk-enrollment', {
			items: [{ course_id: 3004, email: 'a@x.com' }],
		});
		expect(bad.status).toBe(400);
		expect(bad.body.error.code).toBe('validation_failed');
		const tooMany = await call('POST', '/bulk-operations/submit/bulk-enrollment', {
			items: Array.from({ length: 100_001 }, () => ({ course_id: 3004, user_id: 10001 })),
		});
		expect(tooMany.status).toBe(422);
		expect(tooMany.body.error.code).toBe('payload_too_large');
		expect(violations().map((v) => v.rule)).toEqual(['body.items', 'body.maxItems']);
	});
});

describe('LearnUpon groups', () => {
	it('finds groups by title, creates, auto-enrolls on membership; ids only on the version 1.1 group listing; removes by id 0', async () => {
		const groups = (await call('GET', '/groups')).body.groups;
		const ruled = groups.find((g: any) => g.title === 'Group 1');
		expect((await call('GET', '/groups?title=Group%201')).body.groups).toEqual([ruled]);
		const created = await call('POST', '/groups', { Group: { title: 'New team' } });
		expect(created.status).toBe(201);
		expect((await call('GET', '/groups?title=New%20team')).body.groups[0].id).toBe(created.body.id);
		expect((await call('POST', '/groups', { Group: { title: 'New team' } })).status).toBe(422);

		const uid = (await createUser('member@x.com')).body.id;
		const membership = { GroupMembership: { group_id: ruled.id, user_id: uid } };
		const gm = await call('POST', '/group_memberships', membership);
		expect(gm.status).toBe(201);
		const enr = (await call('GET', `/enrollments/search?user_id=${uid}`)).body.enrollments;
		expect(enr).toHaveLength(1);
		// The rule already enrolled the user, so an explicit enroll is a duplicate.
		expect(
			(
				await call('POST', '/enrollments', {
					Enrollment: { email: 'member@x.com', course_id: enr[0].course_id },
				})
			).status,
		).toBe(422);
		expect((await call('POST', '/group_memberships', membership)).status).toBe(422);
		const mine = (await call('GET', `/group_memberships?user_id=${uid}`)).body.group_memberships;
		expect(mine).toEqual([expect.objectContaining({ group_id: ruled.id, user_id: uid })]);
		expect(mine[0].id).toBeUndefined();
		const withIds = (await call('GET', `/group_memberships?group_id=${ruled.id}&version_id=1.1`))
			.body.group_memberships;
		expect(withIds).toEqual([expect.objectContaining({ id: gm.body.id, user_id: uid })]);
		expect((await call('GET', `/group_memberships?user_id=${uid}&version_id=1.1`)).status).toBe(
			400,
		);

		expect((await call('DELETE', '/group_memberships/0', membership)).status).toBe(200);
		expect((await call('GET', `/group_memberships?user_id=${uid}`)).body.group_memberships).toEqual(
			[],
		);
		expect((await call('DELETE', '/group_memberships/0', membership)).status).toBe(404);
		expect((await call('DELETE', '/group_memberships/0')).status).toBe(400);
		expect(lastViolation()).toMatchObject({ rule: 'body.contentType' });
	});
});

describe('LearnUpon rate limit', () => {
	it('reports the remaining budget on every answer and answers 429 when the minute is used up', async () => {
		const first = await call('GET', '/courses');
		expect(first.headers.get('x-lu-rate-limit-remaining-minute')).toBe('599');
		expect(first.headers.get('x-lu-rate-limit-remaining-week')).toEqual(
			expect.stringMatching(/^\d+$/),
		);
		for (let i = 0; i < 598; i++) await call('GET', '/courses');
		const last = await call('GET', '/courses');
		expect(last.status).toBe(200);
		expect(last.headers.get('x-lu-rate-limit-remaining-minute')).toBe('0');
		const limited = await call('GET', '/courses');
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({ message: expect.any(String), response_code: 429 });
		expect(limited.headers.get('x-lu-rate-limit-remaining-minute')).toBe('0');
		now = Math.floor(now / 60_000) * 60_000 + 60_000; // next calendar minute
		expect((await call('GET', '/courses')).status).toBe(200);
	});

	it('takes a smaller budget over /__sandbox/control/setRateBudget', async () => {
		const set = await fetch(sb.urls.learnupon + '/__sandbox/control/setRateBudget', {
			method: 'POST',
			body: JSON.stringify({ perMinute: 3 }),
		});
		expect(((await set.json()) as any).result).toMatchObject({ perMinute: 3 });
		try {
			expect((await call('GET', '/courses')).headers.get('x-lu-rate-limit-remaining-minute')).toBe(
				'2',
			);
			await call('GET', '/courses');
			await call('GET', '/courses');
			expect((await call('GET', '/courses')).status).toBe(429);
		} finally {
			sim().control('setRateBudget', { perMinute: 600 }, now);
		}
	});
});
