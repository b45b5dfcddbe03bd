import { availableVendors } from '../../sandbox/registry';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { LEARNUPON_PASSWORD, LEARNUPON_USERNAME } from '../../sandbox/learnupon/simulator';
import { TALENTLMS_API_KEY } from '../../sandbox/talentlms/simulator';

let sb: Sandbox;
const TL_AUTH = 'Basic ' + Buffer.from(`${TALENTLMS_API_KEY}:`).toString('base64');
const LU_AUTH = 'Basic ' + Buffer.from(`${LEARNUPON_USERNAME}:${LEARNUPON_PASSWORD}`).toString('base64');

beforeAll(async () => {
	sb = await startSandbox({ vendors: ['talentlms', 'learnupon'], seed: { users: 20, courses: 3, groups: 2, completions: 4 } });
});
afterAll(() => sb.close());
beforeEach(() => {
	sb.clearFaults();
	sb.reset();
});

const tl = (path: string, init: RequestInit = {}) => fetch(sb.urls.talentlms + '/api/v1' + path, { ...init, headers: { authorization: TL_AUTH, ...(init.headers ?? {}) } });
const lu = (path: string, init: RequestInit = {}) => fetch(sb.urls.learnupon + '/api/v1' + path, { ...init, headers: { authorization: LU_AUTH, ...(init.headers ?? {}) } });
const inspect = async (vendor: 'talentlms' | 'learnupon', path: string, init: RequestInit = {}) => {
	const res = await fetch(sb.urls[vendor] + '/__sandbox/' + path, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
	return { status: res.status, body: (await res.json()) as any };
};

describe('sandbox server', () => {
	it('starts one server per vendor on 127.0.0.1 with distinct ephemeral ports and no trailing slash', () => {
		expect(sb.urls.talentlms).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sb.urls.learnupon).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sb.urls.talentlms).not.toBe(sb.urls.learnupon);
		expect(availableVendors()).toEqual(expect.arrayContaining(['talentlms', 'learnupon']));
	});

	it('binds fixed ports when given, and refuses an unknown vendor', async () => {
		const probe = await startSandbox({ vendors: ['talentlms'], seed: { users: 1 } });
		const port = Number(new URL(probe.urls.talentlms).port);
		await probe.close();
		const fixed = await startSandbox({ vendors: ['talentlms'], seed: { users: 1 }, ports: { talentlms: port } });
		expect(fixed.urls.talentlms).toBe(`http://127.0.0.1:${port}`);
		await fixed.close();
		await expect(startSandbox({ vendors: ['nope' as never] })).rejects.toThrow(/No simulator/);
	});

	it('logs requests per vendor and clears the log', async () => {
		await tl('/courses');
		await lu('/courses');
		const log = sb.requestLog('talentlms');
		expect(log).toEqual([expect.objectContaining({ vendor: 'talentlms', method: 'GET', path: '/api/v1/courses', status: 200 })]);
		expect(sb.requestLog()).toHaveLength(2);
		sb.clearLog();
		expect(sb.requestLog()).toHaveLength(0);
	});

	it('seeds up to 100,000 users', () => {
		sb.simulators.talentlms!.reset({ users: 100_000, completions: 1000 });
		sb.simulators.learnupon!.reset({ users: 100_000, completions: 1000 });
		expect((sb.state('talentlms') as any).users).toHaveLength(100_000);
		expect((sb.state('learnupon') as any).users).toHaveLength(100_000);
	});
});

describe('fault injection', () => {
	it('answers a seeded fraction with 5xx, deterministically, before the simulator', async () => {
		const run = async () => {
			sb.setFaults('talentlms', { serverErrorRate: 0.5, seed: 7 });
			const statuses: number[] = [];
			for (let i = 0; i < 40; i++) statuses.push((await tl('/courses')).status);
			return statuses;
		};
		const a = await run();
		const errors = a.filter((s) => s >= 500).length;
		expect(errors).toBeGreaterThan(8);
		expect(errors).toBeLessThan(32);
		expect(a.filter((s) => s === 200).length).toBe(40 - errors);
		expect(await run()).toEqual(a);
		expect(sb.requestLog('talentlms').filter((e) => e.fault === 'serverError')).toHaveLength(errors * 2);
	});

	it('serves 5xx bodies as vendor JSON, HTML, or malformed JSON', async () => {
		sb.setFaults('learnupon', { serverErrorRate: 1 });
		const json = await lu('/courses');
		expect(json.status).toBeGreaterThanOrEqual(500);
		expect(await json.json()).toEqual({ message: expect.any(String), response_code: json.status });
		sb.setFaults('learnupon', { serverErrorRate: 1, htmlErrors: true });
		const html = await lu('/courses');
		expect(html.headers.get('content-type')).toMatch(/text\/html/);
		expect(await html.text()).toMatch(/<html>/);
		sb.setFaults('talentlms', { serverErrorRate: 1, malformedErrors: true });
		const bad = await tl('/courses');
		await expect(bad.json()).rejects.toThrow();
	});

	it('serves a given 5xx body with a given status, quoting the credential it was sent', async () => {
		sb.setFaults('talentlms', { serverErrorRate: 1, errorStatus: 500, errorBody: '{"error":"saw {credential}"}' });
		const res = await tl('/users');
		expect(res.status).toBe(500);
		expect(await res.json()).toEqual({ error: `saw ${TL_AUTH.slice('Basic '.length)}` });
	});

	it('answers a 429 burst in each vendor\'s own shape, then recovers', async () => {
		sb.setFaults('talentlms', { rateLimitBurst: 2 });
		sb.setFaults('learnupon', { rateLimitBurst: 1 });
		const t1 = await tl('/courses');
		expect(t1.status).toBe(429);
		expect(await t1.json()).toEqual({ error: { type: 'invalid_request_error', message: expect.any(String) } });
		expect((await tl('/courses')).status).toBe(429);
		expect((await tl('/courses')).status).toBe(200);
		const l1 = await lu('/courses');
		expect(l1.status).toBe(429);
		expect(await l1.json()).toEqual({ message: expect.any(String), response_code: 429 });
		expect((await lu('/courses')).status).toBe(200);
		expect(sb.requestLog().filter((e) => e.fault === 'rateLimit')).toHaveLength(3);
	});

	it('drops the connection after a committed write: the client errors, the state has the write', async () => {
		sb.setFaults('talentlms', { dropAfterCommitRate: 1 });
		await expect(
			tl('/usersignup', {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: 'first_name=Drop&last_name=Ped&email=dropped%40x.com&login=dropped&password=Secret-123',
			}),
		).rejects.toThrow();
		const state = sb.state('talentlms') as { users: { email: string }[] };
		expect(state.users.some((u) => u.email === 'dropped@x.com')).toBe(true);
		expect(sb.requestLog('talentlms').at(-1)).toMatchObject({ fault: 'dropAfterCommit', status: 200 });
		// Reads are never dropped.
		expect((await tl('/users/email:dropped@x.com')).status).toBe(200);

		sb.setFaults('learnupon', { dropAfterCommitRate: 1 });
		await expect(lu('/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ User: { email: 'lu-drop@x.com', password: 'Pw-123456' } }) })).rejects.toThrow();
		const luState = await inspect('learnupon', 'state');
		expect(luState.body.users.some((u: any) => u.email === 'lu-drop@x.com')).toBe(true);
	});

	it('adds latency', async () => {
		// A lower bound only: an injected delay can be measured, an absence of delay can't be reliably.
		sb.setFaults('talentlms', { latencyMs: 300 });
		const t0 = Date.now();
		expect((await tl('/courses')).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
	});
});

describe('inspection API under /__sandbox/', () => {
	it('GET info and state expose the vendor, credentials and data', async () => {
		const info = await inspect('learnupon', 'info');
		expect(info.body).toMatchObject({ vendor: 'learnupon', credentials: { username: LEARNUPON_USERNAME } });
		const state = await inspect('talentlms', 'state');
		expect(state.body.users).toHaveLength(20);
		expect(JSON.stringify(state.body)).not.toMatch(/Secret-1/); // passwords never leave the simulator
	});

	it('POST faults configures and DELETE clears them; GET/DELETE log', async () => {
		const set = await inspect('talentlms', 'faults', { method: 'POST', body: JSON.stringify({ rateLimitBurst: 1 }) });
		expect(set.body.faults).toEqual({ rateLimitBurst: 1 });
		expect((await tl('/courses')).status).toBe(429);
		expect((await tl('/courses')).status).toBe(200);
		sb.setFaults('talentlms', { serverErrorRate: 1 });
		await inspect('talentlms', 'faults', { method: 'DELETE' });
		expect((await tl('/courses')).status).toBe(200);
		const log = await inspect('talentlms', 'log');
		expect(log.body.count).toBe(3);
		expect(log.body.entries[0]).toMatchObject({ fault: 'rateLimit', status: 429 });
		// Inspection calls are not logged and not faulted.
		expect(log.body.entries.every((e: any) => !e.path.startsWith('/__sandbox'))).toBe(true);
		await inspect('talentlms', 'log', { method: 'DELETE' });
		expect((await inspect('talentlms', 'log')).body.count).toBe(0);
	});

	it('POST reset reseeds one vendor (optionally with new sizes)', async () => {
		await tl('/deleteuser', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'user_id=2' });
		expect((await inspect('talentlms', 'state')).body.users).toHaveLength(19);
		await inspect('talentlms', 'reset', { method: 'POST' });
		expect((await inspect('talentlms', 'state')).body.users).toHaveLength(20);
		await inspect('talentlms', 'reset', { method: 'POST', body: JSON.stringify({ users: 5 }) });
		expect((await inspect('talentlms', 'state')).body.users).toHaveLength(5);
	});

	it('answers unknown sandbox routes with 404 and bad control actions with 400', async () => {
		expect((await inspect('talentlms', 'nope')).status).toBe(404);
		expect((await inspect('learnupon', 'control/nope', { method: 'POST', body: '{}' })).status).toBe(400);
		const done = await inspect('learnupon', 'control/completeEnrollment', { method: 'POST', body: JSON.stringify({ userId: 10001, courseId: 3001, status: 'completed' }) });
		expect(done.status).toBe(200);
		expect(done.body.result).toMatchObject({ user_id: 10001, course_id: 3001, status: 'completed' });
	});
});
