import { LW_API_BASE, LW_TOKEN_PATH, createLearnWorldsSimulator, type LearnWorldsSimulator } from '../../sandbox/learnworlds/simulator';
import type { SimRequest, SimResponse } from '../../sandbox/types';

// The simulator is driven directly through handle(): no sockets, and time is whatever `now` says.
const T0 = Date.UTC(2026, 0, 1);

interface Call {
	headers?: Record<string, string>;
	body?: unknown;
	form?: Record<string, string>;
	now?: number;
}

/** Builds a SimRequest the way the server does: rawPath encoded, path decoded, query parsed. */
function request(method: string, target: string, call: Call = {}): SimRequest {
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

function client(sim: LearnWorldsSimulator, header = 'Lw-Client') {
	const id = sim.credentials.clientId;
	const tokenCall = (now = T0, form: Record<string, string> = {}, headers: Record<string, string> = { [header]: id }) =>
		sim.handle(request('POST', LW_TOKEN_PATH, { form: { client_id: id, client_secret: sim.credentials.clientSecret, grant_type: 'client_credentials', ...form }, headers, now })) as Res;
	const token = (tokenCall().body as { tokenData: { access_token: string } }).tokenData.access_token;
	const api = (method: string, path: string, body?: unknown, opts: { now?: number; headers?: Record<string, string> } = {}) =>
		sim.handle(request(method, LW_API_BASE + path, { body, now: opts.now, headers: opts.headers ?? { [header]: id, authorization: `Bearer ${token}` } })) as Res;
	return { token, tokenCall, api };
}

function freshSim(seed = { users: 30, courses: 5, groups: 3, completions: 8 }) {
	const sim = createLearnWorldsSimulator('learnworlds', seed);
	sim.setRateLimitEnforced(false);
	return { sim, ...client(sim) };
}

const lwError = (message: RegExp) => ({ errors: [expect.objectContaining({ code: expect.any(Number), context: expect.any(String), message: expect.stringMatching(message) })], success: false });

describe('LearnWorlds token and auth', () => {
	it('issues a Bearer token in the tokenData envelope, only with the Lw-Client header and the right secret', () => {
		const { sim, tokenCall } = freshSim();
		const ok = tokenCall();
		expect(ok.status).toBe(200);
		expect(ok.body).toEqual({ tokenData: { access_token: expect.any(String), token_type: 'Bearer', expires_in: 8000 }, success: true });

		const noHeader = tokenCall(T0, {}, {});
		expect(noHeader.status).toBe(401);
		expect(noHeader.body).toEqual(lwError(/Lw-Client/));
		// Grow's header is not LearnWorlds' header.
		expect(tokenCall(T0, {}, { 'Pl-Client': sim.credentials.clientId }).status).toBe(401);
		expect(tokenCall(T0, { client_secret: 'wrong' }).status).toBe(401);
		expect(tokenCall(T0, { grant_type: 'password' }).status).toBe(400);
	});

	it('needs the client header and a live Bearer token on every API call', () => {
		const { sim, api, token } = freshSim();
		const id = sim.credentials.clientId;
		expect(api('GET', '/users').status).toBe(200);
		const noClient = api('GET', '/users', undefined, { headers: { authorization: `Bearer ${token}` } });
		expect(noClient.status).toBe(401);
		expect(noClient.body).toEqual(lwError(/Lw-Client/));
		expect(api('GET', '/users', undefined, { headers: { 'Pl-Client': id, authorization: `Bearer ${token}` } }).status).toBe(401);
		expect(api('GET', '/users', undefined, { headers: { 'Lw-Client': id } }).status).toBe(401);
		const bad = api('GET', '/users', undefined, { headers: { 'Lw-Client': id, authorization: 'Bearer not-a-token' } });
		expect(bad.status).toBe(401);
		expect(bad.body).toEqual(lwError(/invalid/));
	});

	it('expires tokens after expires_in seconds of the request clock', () => {
		const { api } = freshSim();
		expect(api('GET', '/users', undefined, { now: T0 + 7_999_000 }).status).toBe(200);
		const expired = api('GET', '/users', undefined, { now: T0 + 8_000_000 });
		expect(expired.status).toBe(401);
		expect(expired.body).toEqual(lwError(/expired/));
	});

	it('revokeTokens() invalidates every token issued so far; a new one works', () => {
		const { sim, api } = freshSim();
		sim.revokeTokens();
		expect(api('GET', '/users').status).toBe(401);
		const again = client(sim);
		expect(again.api('GET', '/users').status).toBe(200);
	});

	it('answers 404 in the error envelope outside the API and for unknown routes', () => {
		const { sim, api } = freshSim();
		expect(sim.handle(request('GET', '/api/v1/users')).status).toBe(404);
		const unknown = api('GET', '/nothing-here');
		expect(unknown.status).toBe(404);
		// The spec's "Resource not found" answer, and a violation naming the spec.
		expect(unknown.body).toEqual({ error: 'Sorry the resource your trying to access does not exist.' });
		expect(unknown.violation).toMatchObject({ rule: 'operation.unknown', source: expect.stringContaining('learnworlds-api-v2.openapi.yaml') });
		// Grow's bulk endpoints do not exist on LearnWorlds.
		expect(api('POST', '/bulk-actions/enrollments', { items: [] }).status).toBe(404);
	});
});

describe('LearnWorlds rate limit', () => {
	it('allows 30 requests per sliding 10 s (token call included), then 429 {"error":"Too many requests"} without headers', () => {
		const sim = createLearnWorldsSimulator('learnworlds', { users: 5 });
		const { api } = client(sim); // request 1: the token
		for (let i = 1; i < 30; i++) expect(api('GET', '/users', undefined, { now: T0 + i * 10 }).status).toBe(200);
		const limited = api('GET', '/users', undefined, { now: T0 + 400 });
		expect(limited).toEqual({ status: 429, body: { error: 'Too many requests' } });
		expect(limited.headers).toBeUndefined();
		// The token call made at T0 leaves the window 10 s later: exactly one slot frees up.
		expect(api('GET', '/users', undefined, { now: T0 + 10_000 }).status).toBe(200);
		expect(api('GET', '/users', undefined, { now: T0 + 10_001 }).status).toBe(429);
		expect(sim.rateLimitResponse()).toEqual({ status: 429, body: { error: 'Too many requests' } });
	});

	it('counts token calls and unauthorised calls too, and can be switched off', () => {
		const sim = createLearnWorldsSimulator('learnworlds', { users: 5 });
		const { tokenCall, api } = client(sim);
		for (let i = 1; i < 30; i++) tokenCall(T0 + i);
		expect(tokenCall(T0 + 100).status).toBe(429);
		sim.setRateLimitEnforced(false);
		for (let i = 0; i < 50; i++) expect(api('GET', '/users', undefined, { now: T0 + 200 }).status).toBe(200);
		sim.setRateLimitEnforced(true);
		expect(api('GET', '/users', undefined, { now: T0 + 300 }).status).toBe(200);
	});
});

describe('LearnWorlds users', () => {
	it('creates a user (201), rejects a duplicate email and missing email/username with a 400 envelope', () => {
		const { sim, api } = freshSim();
		const created = api('POST', '/users', { email: 'new.person@example.com', username: 'newperson', tags: ['sales'], fields: { company: 'Acme', cf_team: 'Red' } });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{24}$/), email: 'new.person@example.com', username: 'newperson', tags: ['sales'], is_suspended: false, fields: { company: 'Acme', cf_team: 'Red' } });
		// UserRequestModel has no name fields: the spec refuses them (a strict reading, marked a guess).
		const named = api('POST', '/users', { email: 'named@example.com', username: 'named', fields: { first_name: 'New' } });
		expect(named.status).toBe(422);
		expect(named.violation).toMatchObject({ rule: 'body.unknownProperty', guess: true });
		const dup = api('POST', '/users', { email: 'NEW.person@example.com', username: 'other' });
		expect(dup.status).toBe(400);
		expect(dup.body).toEqual(lwError(/already been taken/));
		const noUsername = api('POST', '/users', { email: 'x@example.com' });
		expect(noUsername.status).toBe(422);
		expect(noUsername.violation).toMatchObject({ rule: 'body.required', detail: expect.stringContaining('"username" is required'), source: expect.stringContaining('post-users') });
		expect(api('POST', '/users', { username: 'x' }).status).toBe(422);
		const users = (sim.state() as { users: { email: string }[] }).users;
		expect(users.filter((u) => u.email.toLowerCase() === 'new.person@example.com')).toHaveLength(1);
	});

	it('gets a user by id or URL-encoded email; a suspended one only with include_suspended=true', () => {
		const { api } = freshSim();
		const u = api('POST', '/users', { email: 'mail+tag@example.com', username: 'mt' }).body;
		expect(api('GET', `/users/${u.id}`).body.email).toBe('mail+tag@example.com');
		expect(api('GET', `/users/${encodeURIComponent('mail+tag@example.com')}`).body.id).toBe(u.id);
		expect(api('GET', '/users/nobody%40example.com').status).toBe(404);
		expect(api('PUT', `/users/${encodeURIComponent('mail+tag@example.com')}/suspend`).body.is_suspended).toBe(true);
		expect(api('GET', `/users/${u.id}`).status).toBe(404);
		expect(api('GET', `/users/${u.id}?include_suspended=true`).body.is_suspended).toBe(true);
		// Suspend again is a no-op answer, unsuspend brings the user back.
		expect(api('PUT', `/users/${u.id}/suspend`).status).toBe(200);
		expect(api('PUT', `/users/${u.id}/unsuspend`).body.is_suspended).toBe(false);
		expect(api('GET', `/users/${u.id}`).status).toBe(200);
	});

	it('pages users with meta, ≤ 200 a page, and returns the LAST page again past the end', () => {
		const { api } = freshSim({ users: 45, courses: 2, groups: 1, completions: 0 });
		const all = api('GET', '/users?include_suspended=true&items_per_page=20');
		expect(all.body.meta).toEqual({ page: 1, totalItems: 45, totalPages: 3, itemsPerPage: 20 });
		const last = api('GET', '/users?include_suspended=true&items_per_page=20&page=3');
		expect(last.body.data).toHaveLength(5);
		const past = api('GET', '/users?include_suspended=true&items_per_page=20&page=4');
		expect(past.status).toBe(200);
		expect(past.body.data).toEqual(last.body.data);
		expect(past.body.meta.totalPages).toBe(3);
		expect(api('GET', '/users?items_per_page=201').violation).toMatchObject({ rule: 'query.type' });
		expect(api('GET', '/users').body.meta.itemsPerPage).toBe(50);
		expect(api('GET', '/users?page=0').status).toBe(400);
	});

	it('filters users by status, tags and registration_after; suspended users only when asked', () => {
		const { api } = freshSim({ users: 40, courses: 2, groups: 1, completions: 0 });
		const everyone = api('GET', '/users?include_suspended=true&items_per_page=200').body.data as { is_suspended: boolean; tags: string[]; created: number }[];
		const visible = api('GET', '/users?items_per_page=200').body.data as { is_suspended: boolean }[];
		expect(everyone.length).toBe(40);
		expect(visible.length).toBe(everyone.filter((u) => !u.is_suspended).length);
		const suspended = api('GET', '/users?status=suspended&items_per_page=200').body.data as { is_suspended: boolean }[];
		expect(suspended.length).toBe(4);
		expect(suspended.every((u) => u.is_suspended)).toBe(true);
		const tagged = api('GET', '/users?include_suspended=true&tags=sales&items_per_page=200').body.data as { tags: string[] }[];
		expect(tagged.length).toBe(everyone.filter((u) => u.tags.includes('sales')).length);
		expect(tagged.length).toBeGreaterThan(0);
		const cut = [...everyone.map((u) => u.created)].sort((a, b) => a - b)[20];
		const after = api('GET', `/users?include_suspended=true&items_per_page=200&registration_after=${cut}`).body.data as { created: number }[];
		expect(after.length).toBe(everyone.filter((u) => u.created > cut).length);
		expect(after.every((u) => u.created > cut)).toBe(true);
	});

	it('updates only the sent fields with PUT', () => {
		const { api } = freshSim();
		const u = api('POST', '/users', { email: 'up@example.com', username: 'up', fields: { bio: 'Up', company: 'Date' }, tags: ['a'] }).body;
		const res = api('PUT', `/users/${u.id}`, { fields: { company: 'Dated' } });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ email: 'up@example.com', username: 'up', fields: { bio: 'Up', company: 'Dated' }, tags: ['a'] });
		// UserRequestPutModel has no password.
		expect(api('PUT', `/users/${u.id}`, { password: 'Secret-123' }).violation).toMatchObject({ rule: 'body.unknownProperty', source: expect.stringContaining('put-users-id') });
		const other = api('POST', '/users', { email: 'other@example.com', username: 'other' }).body;
		expect(api('PUT', `/users/${other.id}`, { email: 'UP@example.com' }).body).toEqual(lwError(/already been taken/));
	});

	it('attaches and detaches tags, returning the user', () => {
		const { api } = freshSim();
		const u = api('POST', '/users', { email: 'tags@example.com', username: 'tags' }).body;
		const attached = api('PUT', `/users/${encodeURIComponent('tags@example.com')}/tags`, { tags: ['sales', 'emea'], action: 'attach' });
		expect(attached.status).toBe(200);
		expect(attached.body).toMatchObject({ id: u.id, tags: ['sales', 'emea'] });
		expect(api('PUT', `/users/${u.id}/tags`, { tags: ['SALES'], action: 'attach' }).body.tags).toEqual(['sales', 'emea']);
		expect(api('PUT', `/users/${u.id}/tags`, { tags: ['sales', 'absent'], action: 'detach' }).body.tags).toEqual(['emea']);
		expect(api('PUT', `/users/${u.id}/tags`, { tags: ['x'], action: 'replace' }).violation).toMatchObject({ rule: 'body.schema' });
	});

	it('reads and sets the user role from the role list', () => {
		const { api } = freshSim();
		const roles = api('GET', '/user-roles').body.data as { id: string; title: string; access_level: string; custom_role: boolean }[];
		expect(roles.map((r) => r.access_level)).toEqual(['admin', 'instructor', 'reporter', 'user']);
		expect(roles[1]).toEqual({ id: expect.any(String), title: 'Instructor', access_level: 'instructor', custom_role: false });
		const u = api('POST', '/users', { email: 'role@example.com', username: 'role' }).body;
		expect(api('GET', `/users/${u.id}/user-role`).body).toMatchObject({ id: u.id, role_id: roles[3].id, user_role: { id: roles[3].id, access_level: 'user', name: 'User' } });
		expect(api('PUT', `/users/${encodeURIComponent('role@example.com')}/user-role`, { role_id: roles[1].id }).status).toBe(200);
		expect(api('GET', `/users/${u.id}/user-role`).body.user_role.access_level).toBe('instructor');
		// role_id is required; a role name is not what the spec takes.
		expect(api('PUT', `/users/${u.id}/user-role`, { role: 'instructor' }).violation).toMatchObject({ rule: 'body.required' });
		expect(api('PUT', `/users/${u.id}/user-role`, { role_id: 'nope' }).status).toBe(404);
	});
});

describe('LearnWorlds enrollment and progress', () => {
	it('enrolls (price required), rejects a re-enroll with a 4xx, unenrolls once', () => {
		const { sim, api } = freshSim();
		const course = api('GET', '/courses').body.data[0].id as string;
		const u = api('POST', '/users', { email: 'enr@example.com', username: 'enr' }).body;
		const noPrice = api('POST', `/users/${u.id}/enrollment`, { productId: course, productType: 'course' });
		expect(noPrice.status).toBe(422);
		expect(noPrice.body.error).toMatch(/price/);
		const ok = api('POST', `/users/${encodeURIComponent('enr@example.com')}/enrollment`, { productId: course, productType: 'course', price: 0 });
		expect(ok.status).toBe(200);
		const again = api('POST', `/users/${u.id}/enrollment`, { productId: course, productType: 'course', price: 0 });
		expect(again.status).toBeGreaterThanOrEqual(400);
		expect(again.status).toBeLessThan(500);
		expect(again.body).toEqual(lwError(/already enrolled/));
		expect(api('GET', `/users/${u.id}/products`).body.data).toEqual([expect.objectContaining({ productId: course, productType: 'course', status: 'not_started', progress_rate: 0 })]);
		expect(api('DELETE', `/users/${u.id}/enrollment`, { productId: course, productType: 'course' }).status).toBe(200);
		expect(api('DELETE', `/users/${u.id}/enrollment`, { productId: course, productType: 'course' }).status).toBe(404);
		expect(api('GET', `/users/${u.id}/products`).body.data).toEqual([]);
		expect((sim.state() as { enrollments: { userId: string }[] }).enrollments.filter((e) => e.userId === u.id)).toEqual([]);
	});

	it('accepts course, bundle and subscription; rejects Grow\'s program and unknown products', () => {
		const { api } = freshSim();
		const u = api('POST', '/users', { email: 'types@example.com', username: 'types' }).body;
		const bundle = api('GET', '/bundles').body.data[0].id;
		const plan = api('GET', '/subscription-plans').body.data[0].id;
		expect(api('POST', `/users/${u.id}/enrollment`, { productId: bundle, productType: 'bundle', price: 10, justification: 'HR' }).status).toBe(200);
		expect(api('POST', `/users/${u.id}/enrollment`, { productId: plan, productType: 'subscription', price: 0 }).status).toBe(200);
		expect(api('POST', `/users/${u.id}/enrollment`, { productId: 'program-1', productType: 'program', price: 0 }).violation).toMatchObject({ rule: 'body.schema' });
		expect(api('POST', `/users/${u.id}/enrollment`, { productId: 'nope', productType: 'course', price: 0 }).status).toBe(404);
		expect(api('GET', '/programs').status).toBe(404);
		// A bundle gives access to its courses: their progress exists.
		const courses = api('GET', `/bundles/${bundle}`).body.courses as string[];
		expect(api('GET', `/users/${u.id}/courses/${courses[0]}/progress`).body).toMatchObject({ status: 'not_started', progress_rate: 0, completed_at: null });
	});

	it('hides a brand-new user from the enrollment endpoint for the configured delay (404)', () => {
		const { sim, api } = freshSim();
		sim.setEnrollVisibilityDelay(3000);
		const course = api('GET', '/courses').body.data[0].id;
		const u = api('POST', '/users', { email: 'fresh@example.com', username: 'fresh' }, { now: T0 }).body;
		const early = api('POST', `/users/${u.id}/enrollment`, { productId: course, productType: 'course', price: 0 }, { now: T0 + 2999 });
		expect(early.status).toBe(404);
		expect(api('GET', `/users/${u.id}`, undefined, { now: T0 + 2999 }).status).toBe(200);
		expect(api('POST', `/users/${u.id}/enrollment`, { productId: course, productType: 'course', price: 0 }, { now: T0 + 3000 }).status).toBe(200);
	});

	it('reports progress per course and for all courses after completeCourse()', () => {
		const { sim, api } = freshSim();
		const course = api('GET', '/courses').body.data[1].id;
		const u = api('POST', '/users', { email: 'prog@example.com', username: 'prog' }).body;
		expect(api('GET', `/users/${u.id}/courses/${course}/progress`).status).toBe(404);
		sim.completeCourse('prog@example.com', course, T0 + 5000);
		expect(api('GET', `/users/${encodeURIComponent('prog@example.com')}/courses/${course}/progress`).body).toMatchObject({ status: 'completed', progress_rate: 100, completed_at: (T0 + 5000) / 1000 });
		expect(api('GET', `/users/${u.id}/progress`).body.data).toEqual([expect.objectContaining({ course_id: course, status: 'completed' })]);
		expect(api('GET', `/users/${u.id}/courses`).body.data).toEqual([expect.objectContaining({ productId: course, status: 'completed' })]);
	});
});

describe('LearnWorlds groups, seats and products', () => {
	it('lists, creates and fills user groups by id or email, with no-op answers', () => {
		const { api } = freshSim();
		const list = api('GET', '/user_groups').body;
		expect(list.meta).toMatchObject({ page: 1, totalItems: 3, totalPages: 1, itemsPerPage: 20 });
		// post-v2-groups requires products.courses as well as title.
		expect(api('POST', '/user_groups', { title: 'No products' }).violation).toMatchObject({ rule: 'body.required', detail: expect.stringContaining('"products" is required') });
		const course = api('GET', '/courses').body.data[0].id;
		const g = api('POST', '/user_groups', { title: 'Night shift', products: { courses: [course] } });
		expect(g.status).toBe(201);
		expect(g.body).toMatchObject({ title: 'Night shift', products: { courses: [course] } });
		expect(api('POST', '/user_groups', { products: {} }).status).toBe(422);
		const u = api('POST', '/users', { email: 'grp@example.com', username: 'grp' }).body;
		const path = `/user_groups/${g.body.id}/users/${encodeURIComponent('grp@example.com')}`;
		expect(api('POST', path).status).toBe(200);
		expect(api('POST', `/user_groups/${g.body.id}/users/${u.id}`).body).toEqual(lwError(/already/));
		expect(api('GET', `/users/${u.id}/user-groups`).body).toEqual([{ id: g.body.id, title: 'Night shift' }]);
		expect(api('DELETE', path).status).toBe(200);
		expect(api('DELETE', path).status).toBe(404);
		expect(api('GET', `/users/${u.id}/user-groups`).body).toEqual([]);
		expect(api('POST', `/user_groups/missing/users/${u.id}`).status).toBe(404);
	});

	it('lists and creates seat offerings and adds/removes users', () => {
		const { api } = freshSim();
		expect(api('GET', '/seats').body.meta.totalItems).toBe(2);
		const course = api('GET', '/courses').body.data[0].id;
		const seat = api('POST', '/seats', { title: 'Pilot', number_of_seats: 1, products: { courses: [course] } });
		expect(seat.status).toBe(201);
		expect(seat.body).toMatchObject({ title: 'Pilot', number_of_seats: 1, available_seats: 1, products: { courses: [course] } });
		const a = api('POST', '/users', { email: 'seat.a@example.com', username: 'sa' }).body;
		const b = api('POST', '/users', { email: 'seat.b@example.com', username: 'sb' }).body;
		expect(api('POST', `/seats/${seat.body.id}/users/${a.id}`, { add_to_active_seat: true }).status).toBe(200);
		expect(api('POST', `/seats/${seat.body.id}/users/${encodeURIComponent('seat.a@example.com')}`, { add_to_active_seat: true }).body).toEqual(lwError(/already/));
		expect(api('POST', `/seats/${seat.body.id}/users/${b.id}`, { add_to_active_seat: true }).body).toEqual(lwError(/No seats/));
		expect(api('POST', `/seats/${seat.body.id}/users/${b.id}`, { add_to_active_seat: false }).status).toBe(200);
		expect(api('GET', `/seats/${seat.body.id}`).body).toMatchObject({ available_seats: 0, total_enrollments: 2 });
		expect(api('DELETE', `/seats/${seat.body.id}/users/${a.id}`).status).toBe(200);
		expect(api('DELETE', `/seats/${seat.body.id}/users/${a.id}`).status).toBe(404);
	});

	it('lists courses, bundles and subscription plans', () => {
		const { api } = freshSim();
		expect(api('GET', '/courses').body.meta.totalItems).toBe(5);
		expect(api('GET', '/bundles').body.data).toHaveLength(2);
		expect(api('GET', '/subscription-plans').body.data[0]).toMatchObject({ type: 'subscription', courses: expect.any(Array) });
	});
});

describe('LearnWorlds event log', () => {
	it('lists complete_course events since a unix time, oldest first, with user and course', () => {
		const { sim, api } = freshSim({ users: 30, courses: 5, groups: 1, completions: 8 });
		const all = api('GET', '/event-logs?activity=complete_course&sort=asc').body;
		expect(all.meta.totalItems).toBe(8);
		const times = all.data.map((e: { created: number }) => e.created);
		expect([...times].sort((a: number, b: number) => a - b)).toEqual(times);
		const course = api('GET', '/courses').body.data[2];
		const u = api('POST', '/users', { email: 'done@example.com', username: 'done' }).body;
		sim.completeCourse(u.id, course.id, T0 + 60_000);
		const since = api('GET', `/event-logs?activity=complete_course&created_after=${Math.floor(T0 / 1000)}&sort=asc`).body;
		expect(since.data).toEqual([{ id: expect.any(String), activity: 'complete_course', type: 'award', description: 'complete course', created: (T0 + 60_000) / 1000, user: { id: u.id, email: 'done@example.com', username: 'done' }, additional_info: { course: { id: course.id, title: course.title }, score: null } }]);
		// Default order is newest first.
		const desc = api('GET', '/event-logs?activity=complete_course').body.data;
		expect(desc[0].user.id).toBe(u.id);
	});

	it('logs register and manual_enrollment events; activity is one documented value', () => {
		const { api } = freshSim();
		const after = `created_after=${Math.floor(T0 / 1000)}&sort=asc`;
		const course = api('GET', '/courses').body.data[0].id;
		const u = api('POST', '/users', { email: 'ev@example.com', username: 'ev' }, { now: T0 + 1000 }).body;
		api('POST', `/users/${u.id}/enrollment`, { productId: course, productType: 'course', price: 0 }, { now: T0 + 2000 });
		const course2 = api('GET', '/courses').body.data[1].id;
		api('POST', `/users/${u.id}/enrollment`, { productId: course2, productType: 'course', price: 25 }, { now: T0 + 3000 });
		const events = api('GET', `/event-logs?${after}`).body.data;
		expect(events.map((e: { activity: string }) => e.activity)).toEqual(['register', 'manual_enrollment', 'manual_enrollment']);
		expect(api('GET', `/event-logs?activity=register&${after}`).body.data).toHaveLength(1);
		expect(api('GET', `/event-logs?activity=manual_enrollment&${after}`).body.meta.totalItems).toBe(2);
		// One value of the spec's enum: a list, or a name it lacks, is refused.
		expect(api('GET', `/event-logs?activity=manual_enrollment,purchase&${after}`).violation).toMatchObject({ rule: 'query.enum', source: expect.stringContaining('get-event-logs') });
		expect(api('GET', `/event-logs?activity=enrolled_free_course&${after}`).status).toBe(422);
	});

	it('serves 50 events a page and repeats the last page past the end', () => {
		const { api } = freshSim({ users: 120, courses: 3, groups: 0, completions: 0 });
		const first = api('GET', '/event-logs?activity=register&sort=asc').body;
		expect(first.meta).toEqual({ page: 1, totalItems: 120, totalPages: 3, itemsPerPage: 50 });
		const third = api('GET', '/event-logs?activity=register&sort=asc&page=3').body;
		expect(third.data).toHaveLength(20);
		expect(api('GET', '/event-logs?activity=register&sort=asc&page=9').body.data).toEqual(third.data);
	});
});

describe('LearnWorlds seeding', () => {
	it('is deterministic per seed and differs between seeds', () => {
		const a = createLearnWorldsSimulator('learnworlds', { users: 20, seed: 3 }).state() as { users: unknown[] };
		const b = createLearnWorldsSimulator('learnworlds', { users: 20, seed: 3 }).state() as { users: unknown[] };
		const c = createLearnWorldsSimulator('learnworlds', { users: 20, seed: 4 }).state() as { users: unknown[] };
		expect(a).toEqual(b);
		expect(c.users).not.toEqual(a.users);
	});

	it('keeps the seeded event log in time order', () => {
		const sim = createLearnWorldsSimulator('learnworlds', { users: 3000, courses: 6, completions: 800 });
		const events = (sim.state() as { events: { created: number; activity: string }[] }).events;
		expect(events.filter((e) => e.activity === 'register')).toHaveLength(3000);
		expect(events.filter((e) => e.activity === 'complete_course')).toHaveLength(800);
		for (let i = 1; i < events.length; i++) if (events[i].created < events[i - 1].created) throw new Error(`event ${i} is older than event ${i - 1}`);
	});

	it('seeds 100,000 users and pages through them', () => {
		const sim = createLearnWorldsSimulator('learnworlds', { users: 100_000, courses: 10, groups: 5, completions: 500 });
		sim.setRateLimitEnforced(false);
		const { api } = client(sim);
		const page = api('GET', '/users?include_suspended=true&items_per_page=200&page=500').body;
		expect(page.meta).toEqual({ page: 500, totalItems: 100_000, totalPages: 500, itemsPerPage: 200 });
		expect(api('GET', '/event-logs?activity=complete_course').body.meta.totalItems).toBe(500);
	});
});
