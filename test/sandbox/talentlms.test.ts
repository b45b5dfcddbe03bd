import { startSandbox, type Sandbox } from '../../sandbox/server';
// Messages are written out as docs/talentlms.md quotes them, so a simulator that drifts from the
// vendor fails.
import { TALENTLMS_API_KEY, type TalentLmsSimulator } from '../../sandbox/talentlms/simulator';

let sb: Sandbox;
let base: string;
let now = Date.UTC(2026, 0, 1);
const AUTH = 'Basic ' + Buffer.from(`${TALENTLMS_API_KEY}:`).toString('base64');

beforeAll(async () => {
	sb = await startSandbox({
		vendors: ['talentlms'],
		seed: { users: 30, courses: 4, groups: 2, completions: 5 },
		clock: () => now,
	});
	base = sb.urls.talentlms + '/api/v1';
});
afterAll(() => sb.close());
beforeEach(() => {
	sb.reset();
	sb.clearFaults();
	now += 60_000; // fresh rate-limit window for every test
});

const sim = () => sb.simulators.talentlms as TalentLmsSimulator;

async function get(path: string, auth = AUTH) {
	const res = await fetch(base + path, { headers: { authorization: auth } });
	return { status: res.status, body: (await res.json()) as any };
}
async function post(path: string, form: Record<string, string>) {
	const res = await fetch(base + path, {
		method: 'POST',
		headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(form).toString(),
	});
	return { status: res.status, body: (await res.json()) as any };
}
const signup = (email: string, login: string) =>
	post('/usersignup', {
		first_name: 'Jo',
		last_name: 'Plus',
		email,
		login,
		password: 'Secret-123',
	});

describe('TalentLMS auth', () => {
	it('rejects a missing or wrong API key with 401 in the error envelope', async () => {
		const none = await fetch(base + '/users');
		expect(none.status).toBe(401);
		expect(await none.json()).toEqual({
			error: { type: 'invalid_request_error', message: expect.any(String) },
		});
		const wrong = await get('/users', 'Basic ' + Buffer.from('nope:').toString('base64'));
		expect(wrong.status).toBe(401);
		// API key as username with a non-empty password is not the TalentLMS scheme either.
		const withPw = await get(
			'/users',
			'Basic ' + Buffer.from(`${TALENTLMS_API_KEY}:x`).toString('base64'),
		);
		expect(withPw.status).toBe(401);
	});
});

describe('TalentLMS seed-document mistakes are rejected', () => {
	it('POST /users (create) is not an endpoint; /usersignup is', async () => {
		const res = await post('/users', {
			first_name: 'A',
			last_name: 'B',
			email: 'a@b.co',
			login: 'ab',
			password: 'Secret-123',
		});
		expect(res.status).toBe(400);
		expect(res.body.error.type).toBe('invalid_request_error');
		expect(sim().userIdByEmail('a@b.co')).toBeUndefined();
	});
	it('PUT /users/:id is rejected and changes nothing', async () => {
		const res = await fetch(base + '/users/2', {
			method: 'PUT',
			headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' },
			body: 'first_name=Changed',
		});
		expect(res.status).toBe(400);
		expect((await get('/users/id:2')).body.first_name).not.toBe('Changed');
	});
	it('GET /users/42 (id without name:value) is rejected', async () => {
		expect((await get('/users/2')).status).toBe(400);
	});
	it('page/per_page query parameters are rejected', async () => {
		const res = await get('/users?page=1&per_page=20');
		expect(res.status).toBe(400);
		expect(res.body.error.message).toMatch(/path segments/);
	});
	it('a JSON body is rejected with 400 and creates nothing', async () => {
		const res = await fetch(base + '/usersignup', {
			method: 'POST',
			headers: { authorization: AUTH, 'content-type': 'application/json' },
			body: JSON.stringify({
				first_name: 'J',
				last_name: 'S',
				email: 'json@x.com',
				login: 'json',
				password: 'Secret-123',
			}),
		});
		expect(res.status).toBe(400);
		expect(((await res.json()) as any).error.type).toBe('invalid_request_error');
		expect(sim().userIdByEmail('json@x.com')).toBeUndefined();
	});
});

describe('TalentLMS contract violations are marked', () => {
	const rules = () => sb.violations('talentlms').map((entry) => entry.violation!);

	it('a signup missing a required field, a JSON body, a query string and a wrong method each name the rule and the doc section', async () => {
		await post('/usersignup', {
			first_name: 'No',
			last_name: 'Pass',
			email: 'np@x.com',
			login: 'np',
		});
		expect(rules().at(-1)).toMatchObject({
			rule: 'body.required',
			detail: expect.stringMatching(/password is required/),
			source: 'TalentLMS API v1 documentation › User signup',
		});
		expect(rules().at(-1)?.guess).toBeUndefined();
		await fetch(base + '/usersignup', {
			method: 'POST',
			headers: { authorization: AUTH, 'content-type': 'application/json' },
			body: '{}',
		});
		await get('/users?page=1');
		await post('/users', { email: 'a@b.co' });
		await get('/usersetstatus/user_id:2,status:suspended');
		expect(
			rules()
				.slice(1)
				.map((v) => v.rule),
		).toEqual(['body.contentType', 'query.forbidden', 'method', 'path.enum']);
		expect(sim().userIdByEmail('np@x.com')).toBeUndefined();
	});

	it('an undocumented endpoint or form field is refused as a guess; duplicates and no-ops are not violations', async () => {
		expect((await get('/usersearch/email:a@b.co')).status).toBe(404);
		await post('/usersignup', {
			first_name: 'A',
			last_name: 'B',
			email: 'x@x.com',
			login: 'xx',
			password: 'Secret-123',
			nickname: 'X',
		});
		expect(rules().map((v) => [v.rule, v.guess])).toEqual([
			['path.unknown', true],
			['body.unknown', true],
		]);
		const existing = (await get('/users/id:2')).body;
		await signup(existing.email, 'other.login');
		await get(`/removeuserfromcourse/user_id:2,course_id:1`);
		expect(rules()).toHaveLength(2);
	});
});

describe('TalentLMS users', () => {
	it('creates a user and finds it by path-segment email with + and @ (encoded or not), id and username', async () => {
		const created = await signup('a+b@x.com', 'a.plus');
		expect(created.status).toBe(200);
		expect(created.body).toMatchObject({
			login: 'a.plus',
			email: 'a+b@x.com',
			status: 'active',
			courses: [],
			groups: [],
		});
		expect(typeof created.body.id).toBe('string');
		const byEncoded = await get('/users/email:' + encodeURIComponent('a+b@x.com'));
		expect(byEncoded.status).toBe(200);
		expect(byEncoded.body.id).toBe(created.body.id);
		const readableAt = await get('/users/email:a%2Bb@x.com');
		expect(readableAt.body.id).toBe(created.body.id);
		expect((await get('/users/id:' + created.body.id)).body.email).toBe('a+b@x.com');
		expect((await get('/users/username:a.plus')).body.id).toBe(created.body.id);
		expect((await get('/users/email:nobody@x.com')).status).toBe(404);
	});

	it('answers duplicates with the exact messages and status 400', async () => {
		await signup('dup@x.com', 'dup');
		const sameEmail = await signup('DUP@x.com', 'other');
		expect(sameEmail).toEqual({
			status: 400,
			body: {
				error: {
					type: 'invalid_request_error',
					message: 'A user with the same email address already exists',
				},
			},
		});
		const sameLogin = await signup('other@x.com', 'dup');
		expect(sameLogin.body.error.message).toBe('A user with the same login already exists');
	});

	it('pages /users with page_size/page_number and returns everything from plain /users', async () => {
		const all = await get('/users');
		expect(all.body).toHaveLength(30);
		const p1 = await get('/users/page_size:12,page_number:1');
		const p3 = await get('/users/page_size:12,page_number:3');
		expect(p1.body.map((u: any) => u.id)).toEqual(all.body.slice(0, 12).map((u: any) => u.id));
		expect(p3.body).toHaveLength(6);
		expect((await get('/users/page_size:12,page_number:4')).body).toEqual([]);
	});

	it('edituser changes only sent fields; usersetstatus is a GET returning {user_id, status}', async () => {
		const before = (await get('/users/id:3')).body;
		const edited = await post('/edituser', {
			user_id: '3',
			first_name: 'Renamed',
			deactivation_date: '31/12/2026',
		});
		expect(edited.body).toMatchObject({
			first_name: 'Renamed',
			last_name: before.last_name,
			email: before.email,
			deactivation_date: '31/12/2026',
		});
		const off = await get('/usersetstatus/user_id:3,status:inactive');
		expect(off.body).toEqual({ user_id: '3', status: 'inactive' });
		expect((await get('/users/id:3')).body.status).toBe('inactive');
		await get('/usersetstatus/user_id:3,status:active');
		expect((await get('/users/id:3')).body.status).toBe('active');
	});

	it('deleteuser removes the user', async () => {
		expect((await post('/deleteuser', { user_id: '4', permanent: 'yes' })).status).toBe(200);
		expect((await get('/users/id:4')).status).toBe(404);
	});
});

describe('TalentLMS enrollments and groups', () => {
	it('addusertocourse returns an array; re-enrolling and removing twice give the fixed messages', async () => {
		const u = (await signup('learner@x.com', 'learner')).body;
		const enrolled = await post('/addusertocourse', {
			user_id: u.id,
			course_id: '2',
			role: 'learner',
		});
		expect(enrolled).toEqual({
			status: 200,
			body: [{ user_id: u.id, course_id: '2', role: 'learner' }],
		});
		const again = await post('/addusertocourse', { user_email: 'learner@x.com', course_id: '2' });
		expect(again.status).toBe(400);
		expect(again.body.error.message).toBe('The requested user is already enrolled in this course');
		const status = await get(`/getuserstatusincourse/course_id:2,user_id:${u.id}`);
		expect(status.body).toMatchObject({
			completion_status: 'not_attempted',
			completion_percentage: '0',
			completed_on_timestamp: null,
		});
		expect((await get(`/removeuserfromcourse/user_id:${u.id},course_id:2`)).status).toBe(200);
		const twice = await get(`/removeuserfromcourse/user_id:${u.id},course_id:2`);
		expect(twice.body.error.message).toBe('The requested user is not enrolled in this course');
	});

	it('adds to a group by key (enrolling in its courses) and removes by id', async () => {
		const u = (await signup('grp@x.com', 'grp')).body;
		const groups = (await get('/groups')).body;
		const g = groups[1];
		expect(g.key).toBeTruthy();
		const groupCourses = (await get('/groups/id:' + g.id)).body.courses.map((c: any) => c.id);
		expect(groupCourses.length).toBeGreaterThan(0);
		// By id instead of key: not found.
		expect((await get(`/addusertogroup/user_id:${u.id},group_key:${g.id}`)).status).toBe(404);
		const added = await get(`/addusertogroup/user_id:${u.id},group_key:${g.key}`);
		expect(added.status).toBe(200);
		const user = (await get('/users/id:' + u.id)).body;
		expect(user.groups.map((x: any) => x.id)).toEqual([g.id]);
		expect(user.courses.map((c: any) => c.id).sort()).toEqual([...groupCourses].sort());
		expect(
			(await get(`/addusertogroup/user_id:${u.id},group_key:${g.key}`)).body.error.message,
		).toBe('The requested user is already a member of this group');
		expect((await get(`/removeuserfromgroup/user_id:${u.id},group_id:${g.id}`)).status).toBe(200);
		expect(
			(await get(`/removeuserfromgroup/user_id:${u.id},group_id:${g.id}`)).body.error.message,
		).toBe('The requested user is not a member of this group');
	});
});

describe('TalentLMS completions and timeline', () => {
	it('shows seeded and helper-made completions in the timeline, course users[] and user courses[]', async () => {
		const seeded = (await get('/gettimeline/event_type:course_completion')).body;
		expect(seeded).toHaveLength(5);
		const at = Date.UTC(2026, 0, 1, 9, 30);
		sim().completeCourse(7, 3, at);
		const tl = (await get('/gettimeline/event_type:course_completion')).body;
		expect(tl[0]).toMatchObject({
			action: 'course_completion',
			unix_timestamp: String(at / 1000),
			user_id: '7',
			object_id: '3',
		});
		expect(
			(await get('/gettimeline/event_type:course_completion,user_id:7')).body.every(
				(e: any) => e.user_id === '7',
			),
		).toBe(true);
		expect(
			(await get('/gettimeline/event_type:course_completion,course_id:3')).body.every(
				(e: any) => e.object_id === '3',
			),
		).toBe(true);
		const course = (await get('/courses/id:3')).body;
		expect(course.users.find((x: any) => x.id === '7')).toMatchObject({
			completed_on_timestamp: String(at / 1000),
			completion_percentage: '100',
		});
		const user = (await get('/users/id:7')).body;
		expect(user.courses.find((c: any) => c.id === '3')).toMatchObject({
			completion_status: 'completed',
			completed_on_timestamp: String(at / 1000),
		});
	});

	it('returns only the newest 200 timeline entries, newest first', async () => {
		for (let i = 0; i < 250; i++)
			sim().completeCourse((i % 30) + 1, (i % 4) + 1, Date.UTC(2026, 1, 1) + i * 1000);
		const tl = (await get('/gettimeline/event_type:course_completion')).body;
		expect(tl).toHaveLength(200);
		expect(tl[0].unix_timestamp).toBe(String((Date.UTC(2026, 1, 1) + 249_000) / 1000));
		expect(Number(tl[0].unix_timestamp)).toBeGreaterThan(Number(tl[199].unix_timestamp));
	});

	it('completions can be created over HTTP through /__sandbox/control', async () => {
		const res = await fetch(sb.urls.talentlms + '/__sandbox/control/completeCourse', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ userId: 9, courseId: 1, at: '2026-01-02T00:00:00Z' }),
		});
		expect(res.status).toBe(200);
		const tl = (await get('/gettimeline/event_type:course_completion,user_id:9')).body;
		expect(tl[0]).toMatchObject({
			object_id: '1',
			unix_timestamp: String(Date.UTC(2026, 0, 2) / 1000),
		});
	});
});

describe('TalentLMS rate limit', () => {
	it('allows 200 calls per 5 s sliding window, then 429 in the error envelope; /ratelimit does not count', async () => {
		for (let i = 0; i < 200; i++) expect((await get('/courses')).status).toBe(200);
		const limited = await fetch(base + '/courses', { headers: { authorization: AUTH } });
		expect(limited.status).toBe(429);
		expect(limited.headers.get('x-ratelimit-remaining')).toBeNull();
		expect(((await limited.json()) as any).error.type).toBe('invalid_request_error');
		// /ratelimit is the hourly quota, not this window: unmetered, a full 10,000-call plan.
		const status = await get('/ratelimit');
		expect(status).toMatchObject({ status: 200, body: { limit: '10000', remaining: '10000' } });
		now += 4_999;
		expect((await get('/courses')).status).toBe(429);
		now += 2; // the first calls leave the window
		expect((await get('/courses')).status).toBe(200);
		expect(sb.requestLog('talentlms').filter((e) => e.fault === 'vendorRateLimit')).toHaveLength(2);
	});

	it('can be switched off through faults.enforceRateLimit', async () => {
		sb.setFaults('talentlms', { enforceRateLimit: false });
		for (let i = 0; i < 205; i++) expect((await get('/courses')).status).toBe(200);
	});

	it('applies an optional hourly quota, reported by /ratelimit', async () => {
		sim().control('setHourlyQuota', { quota: 3 }, now);
		try {
			for (let i = 0; i < 3; i++) expect((await get('/courses')).status).toBe(200);
			expect((await get('/ratelimit')).body).toMatchObject({ limit: '3', remaining: '0' });
			expect((await get('/courses')).status).toBe(429);
			now += 3_600_001;
			expect((await get('/courses')).status).toBe(200);
		} finally {
			sim().control('setHourlyQuota', { quota: null }, now);
		}
	});
});
