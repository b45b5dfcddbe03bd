import { GROW_OVERLAY, LearnWorldsContract } from '../../sandbox/learnworlds/contract';
import { LW_API_BASE, LW_TOKEN_PATH, createLearnWorldsSimulator, type LearnWorldsSimulator } from '../../sandbox/learnworlds/simulator';
import type { SimRequest, SimResponse } from '../../sandbox/types';

// Grow by Plenum: the LearnWorlds v2 simulator with the Pl-Client header, Grow's product types and
// roles, year-long tokens, its own rate ceiling and asynchronous bulk enrollment.
const T0 = Date.UTC(2026, 0, 1);

function request(method: string, target: string, call: { headers?: Record<string, string>; body?: unknown; form?: Record<string, string>; now?: number } = {}): SimRequest {
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
	return { method, rawPath, path: decodeURIComponent(rawPath), query, headers, rawBody, now: call.now ?? T0 };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Res = SimResponse & { body: any };

function connect(sim: LearnWorldsSimulator) {
	const id = sim.credentials.clientId;
	const tokenCall = (headers: Record<string, string>, now = T0) =>
		sim.handle(request('POST', LW_TOKEN_PATH, { form: { client_id: id, client_secret: sim.credentials.clientSecret, grant_type: 'client_credentials' }, headers, now })) as Res;
	const first = tokenCall({ 'Pl-Client': id });
	const token = first.body.tokenData.access_token as string;
	const api = (method: string, path: string, body?: unknown, opts: { now?: number; headers?: Record<string, string> } = {}) =>
		sim.handle(request(method, LW_API_BASE + path, { body, now: opts.now, headers: opts.headers ?? { 'Pl-Client': id, authorization: `Bearer ${token}` } })) as Res;
	return { id, token, first, tokenCall, api };
}

function grow(seed = { users: 20, courses: 4, groups: 2, completions: 5 }) {
	const sim = createLearnWorldsSimulator('grow', seed);
	sim.setRateLimitEnforced(false);
	return { sim, ...connect(sim) };
}

describe('Grow auth', () => {
	it('takes the Pl-Client header, not Lw-Client, on the token call and on API calls', () => {
		const { sim, id, token, first, tokenCall, api } = grow();
		expect(first.status).toBe(200);
		expect(first.body).toEqual({ tokenData: { access_token: expect.any(String), token_type: 'Bearer', expires_in: 365 * 86_400 }, success: true });
		const lwHeader = tokenCall({ 'Lw-Client': id });
		expect(lwHeader.status).toBe(401);
		expect(lwHeader.body).toEqual({ errors: [expect.objectContaining({ message: expect.stringMatching(/Pl-Client/) })], success: false });
		expect(api('GET', '/users').status).toBe(200);
		expect(api('GET', '/users', undefined, { headers: { 'Lw-Client': id, authorization: `Bearer ${token}` } }).status).toBe(401);
		// A LearnWorlds simulator's token is worthless here (and the other way round).
		const lw = createLearnWorldsSimulator('learnworlds', { users: 1 });
		const lwToken = (lw.handle(request('POST', LW_TOKEN_PATH, { form: { client_id: lw.credentials.clientId, client_secret: lw.credentials.clientSecret, grant_type: 'client_credentials' }, headers: { 'Lw-Client': lw.credentials.clientId } })) as Res).body.tokenData.access_token;
		expect(api('GET', '/users', undefined, { headers: { 'Pl-Client': id, authorization: `Bearer ${lwToken}` } }).status).toBe(401);
		expect(sim.credentials.clientId).not.toBe(lw.credentials.clientId);
	});

	it('keeps tokens for about a year, and revokeTokens() still kills them', () => {
		const { sim, api } = grow();
		expect(api('GET', '/users', undefined, { now: T0 + 8_000_000 }).status).toBe(200);
		expect(api('GET', '/users', undefined, { now: T0 + 364 * 86_400_000 }).status).toBe(200);
		expect(api('GET', '/users', undefined, { now: T0 + 365 * 86_400_000 }).status).toBe(401);
		const again = connect(sim);
		sim.revokeTokens();
		expect(again.api('GET', '/users').status).toBe(401);
	});

	it('enforces its own ceiling (10 a second by default) with LearnWorlds\' 429 body', () => {
		const sim = createLearnWorldsSimulator('grow', { users: 3 });
		const { api } = connect(sim); // the token call is request 1
		for (let i = 1; i < 10; i++) expect(api('GET', '/users', undefined, { now: T0 + i }).status).toBe(200);
		expect(api('GET', '/users', undefined, { now: T0 + 500 })).toEqual({ status: 429, body: { error: 'Too many requests' } });
		expect(api('GET', '/users', undefined, { now: T0 + 1000 }).status).toBe(200);
		const custom = createLearnWorldsSimulator('grow', { users: 3 }, { rateLimit: { requests: 3, windowMs: 1000 } });
		const c = connect(custom);
		c.api('GET', '/users');
		c.api('GET', '/users');
		expect(c.api('GET', '/users').status).toBe(429);
	});
});

describe('Grow paths and products', () => {
	it('checks Grow against the LearnWorlds spec with the guide\'s overlay: /usergroups, not /user_groups', () => {
		const lw = new LearnWorldsContract().operations();
		const grow = new LearnWorldsContract(GROW_OVERLAY).operations();
		expect(lw).toEqual(expect.arrayContaining(['POST /v2/user_groups', 'PUT /v2/users/{id}/user-role', 'GET /v2/event-logs']));
		expect(lw).not.toContain('POST /v2/bulk-actions/enrollments');
		expect(grow).toEqual(expect.arrayContaining(['POST /v2/usergroups', 'POST /v2/usergroups/{id}/users/{uid}', 'GET /v2/programs', 'POST /v2/bulk-actions/enrollments']));
		expect(grow.filter((op) => op.includes('/user_groups'))).toEqual([]);
	});

	it('serves user groups at /usergroups as Plenum\'s guide spells them; LearnWorlds\' /user_groups is 404', () => {
		const { api } = grow();
		const group = api('GET', '/usergroups').body.data[0].id;
		const path = `/users/${encodeURIComponent('ada.x@example.com')}`;
		expect(api('POST', '/users', { email: 'ada.x@example.com', username: 'ada.x@example.com' }).status).toBe(201);
		const lw = api('POST', `/user_groups/${group}/users/${encodeURIComponent('ada.x@example.com')}`);
		expect(lw.status).toBe(404);
		expect(lw.violation).toMatchObject({ rule: 'operation.unknown', source: expect.stringContaining('/v2/usergroups'), guess: true });
		expect(api('POST', `/usergroups/${group}/users/${encodeURIComponent('ada.x@example.com')}`).status).toBe(200);
		expect(api('GET', `${path}/user-groups`).body.map((g: { id: string }) => g.id)).toEqual([group]);
	});

	it('enrolls into course, bundle and program (price still required); subscription is LearnWorlds-only', () => {
		const { api } = grow();
		const u = api('POST', '/users', { email: 'prog@example.com', username: 'prog@example.com' }).body;
		const program = api('GET', '/programs').body.data[0];
		expect(program).toMatchObject({ type: 'program', courses: expect.any(Array) });
		expect(api('POST', `/users/${u.id}/enrollment`, { productId: program.id, productType: 'program' }).status).toBe(422);
		expect(api('POST', `/users/${encodeURIComponent('prog@example.com')}/enrollment`, { productId: program.id, productType: 'program', price: 0 }).status).toBe(200);
		expect(api('POST', `/users/${u.id}/enrollment`, { productId: 'subscription-1', productType: 'subscription', price: 0 }).status).toBe(422);
		expect(api('GET', '/subscription-plans').status).toBe(404);
		expect(api('GET', `/users/${u.id}/products`).body.data).toEqual([expect.objectContaining({ productId: program.id, productType: 'program' })]);
	});

	it('offers the six Grow role levels', () => {
		const { api } = grow();
		const roles = api('GET', '/user-roles').body.data as { id: string; access_level: string }[];
		expect(roles.map((r) => r.access_level).sort()).toEqual(['admin', 'instructor', 'license_reporter', 'reporter', 'seat_manager', 'user']);
		const u = api('POST', '/users', { email: 'sm@example.com', username: 'sm' }).body;
		const sm = roles.find((r) => r.access_level === 'seat_manager')!;
		expect(api('PUT', `/users/${u.id}/user-role`, { role_id: sm.id }).body.user_role).toEqual({ id: sm.id, access_level: 'seat_manager', name: 'Seat Manager' });
	});
});

describe('Grow bulk enrollment', () => {
	it('answers 202 with an action handle, pending first, then per-item results', () => {
		const { sim, api } = grow();
		const course = api('GET', '/courses').body.data[0].id;
		const a = api('POST', '/users', { email: 'bulk.a@example.com', username: 'a' }).body;
		api('POST', '/users', { email: 'bulk.b@example.com', username: 'b' });
		api('POST', `/users/${a.id}/enrollment`, { productId: course, productType: 'course', price: 0 });
		const submitted = api('POST', '/bulk-actions/enrollments', {
			items: [
				{ user: a.id, productId: course, productType: 'course', price: 0 },
				{ user: 'bulk.b@example.com', productId: course, productType: 'course', price: 0 },
				{ user: 'nobody@example.com', productId: course, productType: 'course', price: 0 },
				{ user: 'bulk.b@example.com', productId: 'program-1', productType: 'program' },
			],
		});
		expect(submitted.status).toBe(202);
		expect(submitted.body).toEqual({ action_id: expect.any(String), status: 'pending', total: 4 });
		const id = submitted.body.action_id;
		const first = api('GET', `/bulk-actions/${id}`, undefined, { now: T0 + 10 });
		expect(first.body).toMatchObject({ action_id: id, status: 'pending' });
		// Nothing applied while pending.
		expect(api('GET', `/users/${encodeURIComponent('bulk.b@example.com')}/products`).body.data).toEqual([]);
		const done = api('GET', `/bulk-actions/${id}`, undefined, { now: T0 + 20 });
		expect(done.body).toMatchObject({ status: 'completed', succeeded: 2, failed: 2 });
		expect(done.body.results).toEqual([
			expect.objectContaining({ index: 0, user: a.id, productId: course, success: true, status: 'already_enrolled' }),
			expect.objectContaining({ index: 1, user: 'bulk.b@example.com', success: true, status: 'enrolled' }),
			expect.objectContaining({ index: 2, success: false, error: expect.stringMatching(/not found/i) }),
			expect.objectContaining({ index: 3, success: false, error: expect.stringMatching(/price/) }),
		]);
		expect(api('GET', `/users/${encodeURIComponent('bulk.b@example.com')}/products`).body.data).toEqual([expect.objectContaining({ productId: course })]);
		// Polling again repeats the same outcome; nothing is applied twice.
		expect(api('GET', `/bulk-actions/${id}`).body.results).toEqual(done.body.results);
		expect((sim.state() as { enrollments: { userId: string }[] }).enrollments.filter((e) => e.userId === done.body.results[1].user_id)).toHaveLength(1);
	});

	it('completes on time alone, rejects an empty batch, and 404s an unknown handle', () => {
		const { api } = grow();
		const course = api('GET', '/courses').body.data[1].id;
		const u = api('POST', '/users', { email: 'late@example.com', username: 'late' }).body;
		const id = api('POST', '/bulk-actions/enrollments', { items: [{ user: u.id, productId: course, productType: 'course', price: 0 }] }, { now: T0 }).body.action_id;
		expect(api('GET', `/bulk-actions/${id}`, undefined, { now: T0 + 1000 }).body.status).toBe('completed');
		expect(api('POST', '/bulk-actions/enrollments', { items: [] }).violation).toMatchObject({ rule: 'body.schema', guess: true });
		expect(api('GET', '/bulk-actions/bulk_nope').status).toBe(404);
	});
});
