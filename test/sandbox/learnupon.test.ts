import { startSandbox, type Sandbox } from '../../sandbox/server';
import { LEARNUPON_PASSWORD, LEARNUPON_USERNAME, type LearnUponSimulator } from '../../sandbox/learnupon/simulator';

let sb: Sandbox;
let base: string;
// Start of a calendar minute, so the per-minute budget window is predictable.
let now = Date.UTC(2026, 0, 1);
const AUTH = 'Basic ' + Buffer.from(`${LEARNUPON_USERNAME}:${LEARNUPON_PASSWORD}`).toString('base64');

beforeAll(async () => {
	sb = await startSandbox({ vendors: ['learnupon'], seed: { users: 1203, courses: 5, groups: 2, completions: 10 }, clock: () => now });
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
		headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
}
const createUser = (email: string, extra: Record<string, unknown> = {}) =>
	call('POST', '/users', { User: { email, first_name: 'Lu', last_name: 'Ser', user_type: 'learner', ...extra } });

describe('LearnUpon auth and wrappers', () => {
	it('rejects wrong credentials with 401 and a message', async () => {
		const res = await call('GET', '/users', undefined, 'Basic ' + Buffer.from(`${LEARNUPON_USERNAME}:wrong`).toString('base64'));
		expect(res.status).toBe(401);
		expect(res.body).toEqual({ message: expect.any(String), response_code: 401 });
		expect((await fetch(base + '/users')).status).toBe(401);
	});

	it('rejects the seed\'s lower-case wrapper and a bare object, creating nothing', async () => {
		const lower = await call('POST', '/users', { user: { email: 'lower@x.com', first_name: 'L', last_name: 'C' } });
		expect([400, 422]).toContain(lower.status);
		expect(lower.body.message).toMatch(/User/);
		const bare = await call('POST', '/users', { email: 'bare@x.com' });
		expect([400, 422]).toContain(bare.status);
		const enr = await call('POST', '/enrollments', { enrollment: { user_id: 10001, course_id: 3001 } });
		expect([400, 422]).toContain(enr.status);
		expect(sim().userIdByEmail('lower@x.com')).toBeUndefined();
		expect(sim().userIdByEmail('bare@x.com')).toBeUndefined();
	});
});

describe('LearnUpon users', () => {
	it('creates, finds by email (404 when none), rejects a duplicate email', async () => {
		const created = await createUser('new@x.com');
		expect(created.status).toBe(201);
		expect(created.body).toEqual({ id: expect.any(Number) });
		const found = await call('GET', '/users/search?email=' + encodeURIComponent('new@x.com'));
		expect(found.body.user).toHaveLength(1);
		expect(found.body.user[0]).toMatchObject({ id: created.body.id, email: 'new@x.com', enabled: true });
		const missing = await call('GET', '/users/search?email=none%40x.com');
		expect(missing.status).toBe(404);
		expect(missing.body.message).toBeTruthy();
		const dup = await createUser('NEW@x.com');
		expect(dup.status).toBe(422);
		expect(dup.body.message).toMatch(/already exists/);
	});

	it('pages /users at 500 with LU-Has-Next-Page and LU-Current-Page', async () => {
		const p1 = await call('GET', '/users?page=1');
		expect(p1.body.user).toHaveLength(500);
		expect(p1.headers.get('lu-has-next-page')).toBe('true');
		expect(p1.headers.get('lu-current-page')).toBe('1');
		const p3 = await call('GET', '/users?page=3');
		expect(p3.body.user).toHaveLength(203);
		expect(p3.headers.get('lu-has-next-page')).toBe('false');
		expect(p3.headers.get('lu-current-page')).toBe('3');
		const ids = new Set([...p1.body.user, ...(await call('GET', '/users?page=2')).body.user, ...p3.body.user].map((u: any) => u.id));
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
		expect((await call('DELETE', `/users/${id}`)).status).toBe(200);
		expect((await call('GET', `/users/${id}`)).status).toBe(404);
	});
});

describe('LearnUpon enrollments', () => {
	it('enrolls by email, rejects a duplicate with 422 "already enrolled", searches and deletes', async () => {
		const uid = (await createUser('enr@x.com')).body.id;
		const e = await call('POST', '/enrollments', { Enrollment: { email: 'enr@x.com', course_id: 3002, due_date: '2026-03-01' } });
		expect(e.status).toBe(201);
		const dup = await call('POST', '/enrollments', { Enrollment: { user_id: uid, course_id: 3002 } });
		expect(dup.status).toBe(422);
		expect(dup.body.message).toMatch(/already enrolled/i);
		const found = await call('GET', `/enrollments/search?user_id=${uid}`);
		expect(found.headers.get('lu-current-page')).toBe('1');
		expect(found.body.enrollments).toEqual([
			expect.objectContaining({ id: e.body.id, status: 'not_started', percentage: 0, date_completed: null, updated_at: expect.any(String), course_id: 3002, user_id: uid }),
		]);
		expect((await call('DELETE', `/enrollments/${e.body.id}`)).status).toBe(200);
		expect((await call('GET', `/enrollments/search?email=enr%40x.com`)).body.enrollments).toEqual([]);
	});

	it('completes an enrollment through the helper; re_enroll_if_completed makes a new one', async () => {
		const uid = (await createUser('done@x.com')).body.id;
		const eid = (await call('POST', '/enrollments', { Enrollment: { user_id: uid, course_id: 3001 } })).body.id;
		const at = Date.UTC(2026, 0, 5, 8);
		sim().completeEnrollment(eid, { status: 'passed', at });
		const byCourse = await call('GET', '/enrollments/search?course_id=3001');
		expect(byCourse.body.enrollments.find((x: any) => x.id === eid)).toMatchObject({ status: 'passed', percentage: 100, date_completed: new Date(at).toISOString(), updated_at: new Date(at).toISOString() });
		expect((await call('POST', '/enrollments', { Enrollment: { user_id: uid, course_id: 3001 } })).status).toBe(422);
		const again = await call('POST', '/enrollments', { Enrollment: { user_id: uid, course_id: 3001, re_enroll_if_completed: true } });
		expect(again.status).toBe(201);
		expect(again.body.id).not.toBe(eid);
	});

	it('bulk enrollment reports pending, then completed with per-item results', async () => {
		const uid = (await createUser('bulk@x.com')).body.id;
		const job = await call('POST', '/bulk-operations/submit/bulk-enrollment', { items: [{ course_id: 3004, user_id: uid }, { course_id: 9999, user_id: uid }] });
		expect(job.body.id).toEqual(expect.any(Number));
		const first = await call('GET', `/bulk-operations/jobs/${job.body.id}`);
		expect(first.body.status).toBe('pending');
		const second = await call('GET', `/bulk-operations/jobs/${job.body.id}`);
		expect(second.body).toMatchObject({ status: 'completed', succeeded: 1, failed: 1 });
		expect(second.body.results[0]).toMatchObject({ course_id: 3004, user_id: uid, status: 'success' });
		expect(second.body.results[1]).toMatchObject({ status: 'failed', message: expect.stringMatching(/Course/) });
		expect((await call('GET', `/enrollments/search?user_id=${uid}`)).body.enrollments.map((e: any) => e.course_id)).toEqual([3004]);
	});
});

describe('LearnUpon groups', () => {
	it('finds groups by title, creates, and auto-enrolls on membership (group rule)', async () => {
		const groups = (await call('GET', '/groups')).body.groups;
		const ruled = groups.find((g: any) => g.title === 'Group 1');
		expect((await call('GET', '/groups?title=Group%201')).body.groups).toEqual([ruled]);
		const created = await call('POST', '/groups', { Group: { title: 'New team' } });
		expect(created.status).toBe(201);
		expect((await call('GET', '/groups?title=New%20team')).body.groups[0].id).toBe(created.body.id);

		const uid = (await createUser('member@x.com')).body.id;
		const gm = await call('POST', '/group_memberships', { GroupMembership: { group_id: ruled.id, user_id: uid } });
		expect(gm.status).toBe(201);
		const enr = (await call('GET', `/enrollments/search?user_id=${uid}`)).body.enrollments;
		expect(enr).toHaveLength(1);
		// The rule already enrolled the user, so an explicit enroll is a duplicate.
		expect((await call('POST', '/enrollments', { Enrollment: { user_id: uid, course_id: enr[0].course_id } })).status).toBe(422);
		expect((await call('POST', '/group_memberships', { GroupMembership: { group_id: ruled.id, user_id: uid } })).status).toBe(422);
		const list = (await call('GET', `/group_memberships?user_id=${uid}`)).body.group_memberships;
		expect(list).toEqual([expect.objectContaining({ id: gm.body.id, group_id: ruled.id, user_id: uid })]);
		expect((await call('DELETE', `/group_memberships/${gm.body.id}`)).status).toBe(200);
		expect((await call('GET', `/group_memberships?user_id=${uid}`)).body.group_memberships).toEqual([]);
	});
});

describe('LearnUpon rate limit', () => {
	it('reports the remaining budget on every answer and answers 429 when the minute is used up', async () => {
		const first = await call('GET', '/courses');
		expect(first.headers.get('x-lu-rate-limit-remaining-minute')).toBe('599');
		expect(first.headers.get('x-lu-rate-limit-remaining-week')).toEqual(expect.stringMatching(/^\d+$/));
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
		const set = await fetch(sb.urls.learnupon + '/__sandbox/control/setRateBudget', { method: 'POST', body: JSON.stringify({ perMinute: 3 }) });
		expect(((await set.json()) as any).result).toMatchObject({ perMinute: 3 });
		try {
			expect((await call('GET', '/courses')).headers.get('x-lu-rate-limit-remaining-minute')).toBe('2');
			await call('GET', '/courses');
			await call('GET', '/courses');
			expect((await call('GET', '/courses')).status).toBe(429);
		} finally {
			sim().control('setRateBudget', { perMinute: 600 }, now);
		}
	});
});
