/**
 * Learning Pool Learning Platform "Simple API" simulator. The real paths are not public
 * (docs/learningpool.md: guess [?]); the project's adapter defaults to these conventional REST
 * endpoints (nodes/shared/vendors/learningpool/endpoints.ts), and this simulator implements
 * exactly them:
 *
 * call → answer:
 * - `POST /oauth/token` form `grant_type=client_credentials&client_id&client_secret`
 *   → `{access_token, token_type:'Bearer', expires_in:3600}`; bad client → 401 `{error:'invalid_client'}`
 * - `GET /api/v1/users?page&per_page[&email]`
 *   → `{data:[user], meta:{current_page, per_page, total, last_page}}`; per_page ≤ 100, default 50
 * - `GET /api/v1/users/{id}` → user
 * - `POST /api/v1/users` `{email, first_name, last_name, username?, external_id?}`
 *   → 201 user; duplicate email → 422 `{message, errors:{email:[…]}}`
 * - `PATCH /api/v1/users/{id}` → user (only sent fields change)
 * - `POST /api/v1/users/{id}/suspend` · `/unsuspend`
 *   → user (`status` active / suspended); already so → 409 `{message}`
 * - `GET /api/v1/groups` (paged) · `GET /api/v1/groups/{id}/members` (paged)
 *   → group `{id, name, description, member_count}`
 * - `POST /api/v1/groups/{groupId}/members` `{user_id}` → 201; already a member → 409 `{message}`
 * - `DELETE /api/v1/groups/{groupId}/members/{userId}` → 204; not a member → 404
 * - `GET /api/v1/users/{id}/tags` · `POST` `{tags:[…]}` (adds) → `{data:[tag]}` (all the user's tags)
 * - `DELETE /api/v1/users/{id}/tags/{tag}` → 204; tag not on the user → 404
 * - `GET /api/v1/courses` (paged) → course `{id, title, code}`
 * - `POST /api/v1/enrollments` `{user_id, course_id}`
 *   → 201 `{id, user_id, course_id, status, progress, completed_at}`; already enrolled → 409
 * - `GET /api/v1/users/{id}/enrollments` (paged) · `DELETE /api/v1/enrollments/{enrollmentId}`
 *   → list · 204 (unknown → 404)
 * - `GET /api/v1/completions?completed_since=<ISO>&page&per_page`
 *   → paged `{user_id, user_email, course_id, course_title, completed_at, score}`, oldest first
 *
 * Tokens last one hour (SimRequest.now); an expired, unknown or revoked token → 401
 * `{"error":"invalid_token","message":"…"}`. Other errors are `{message}` with 400/401/403/404/422/500
 * (422 adds `errors`). The rate limit is not published: we enforce 20 requests per second (token call
 * included) → 429 `{message}` with `Retry-After: 1`. Our choices where nothing is known: single
 * records are returned bare (not wrapped), `username` is null unless sent, a page past the end is
 * empty, `completed_since` is inclusive, records carry ISO 8601 times, a deleted enrollment takes
 * its completion with it.
 */
import { randomBytes } from 'node:crypto';

import type { SeedOptions, SimRequest, SimResponse, VendorSimulator } from '../types';
import {
	SEED_EPOCH_MS,
	SlidingWindowLimiter,
	contentTypeOf,
	createPrng,
	parseForm,
	seedPerson,
} from '../util';

export const LP_CLIENT_ID = 'lp-sandbox-client-id';
export const LP_CLIENT_SECRET = 'lp-sandbox-client-secret';
export const LP_TOKEN_PATH = '/oauth/token';
export const LP_TOKEN_TTL_S = 3600;
export const LP_MAX_PER_PAGE = 100;
const BASE = '/api/v1';

export interface LearningPoolOptions {
	/** Sliding-window limit; unpublished, 20 per second by default. */
	rateLimit?: { requests: number; windowMs: number };
}

interface LpUser {
	id: number;
	email: string;
	username: string | null;
	first_name: string;
	last_name: string;
	external_id: string | null;
	status: 'active' | 'suspended';
	tags: string[];
	created_at: number;
	updated_at: number;
}

interface LpCourse {
	id: number;
	title: string;
	code: string;
	created_at: number;
}

interface LpGroup {
	id: number;
	name: string;
	description: string;
	members: Set<number>;
	created_at: number;
}

interface LpEnrollment {
	id: number;
	user_id: number;
	course_id: number;
	status: 'not_started' | 'in_progress' | 'completed';
	progress: number;
	score: number | null;
	enrolled_at: number;
	completed_at: number | null;
}

class LpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly errors?: Record<string, string[]>,
		/** Set when the request leaves the endpoint map's defaults: always a guess (paths unpublished). */
		readonly rule?: string,
	) {
		super(message);
	}
}

/** Learning Pool publishes no paths or payloads: every rule here is the endpoint map's default. */
const LP_SOURCE =
	'endpoint map defaults (nodes/shared/vendors/learningpool/endpoints.ts); Learning Pool publishes no paths or payloads';

/** Refuse a request outside the defaults, as a guess. */
const outside = (
	status: number,
	message: string,
	rule: string,
	errors?: Record<string, string[]>,
) => new LpError(status, message, errors, rule);

/** Query parameters each default endpoint takes; anything else is refused. */
const PAGING = ['page', 'per_page'];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const COURSE_TITLES = [
	'Information Security',
	'Code of Conduct',
	'Data Protection',
	'Manual Handling',
	'Fire Safety',
	'Anti-Bribery',
	'Equality and Diversity',
	'Health and Safety',
];
const TAG_POOL = ['sales', 'emea', 'engineering', 'contractor', 'apac', 'new-hire'];

export class LearningPoolSimulator implements VendorSimulator {
	readonly vendor = 'learningpool' as const;
	readonly credentials = { clientId: LP_CLIENT_ID, clientSecret: LP_CLIENT_SECRET };

	private users = new Map<number, LpUser>();
	/** Creation order, for paging (the API has no user delete). */
	private userList: LpUser[] = [];
	private byEmail = new Map<string, number>();
	private byUsername = new Map<string, number>();
	private courses = new Map<number, LpCourse>();
	private groups = new Map<number, LpGroup>();
	private enrollments = new Map<number, LpEnrollment>();
	/** userId → courseId → enrollment id. */
	private enrollIndex = new Map<number, Map<number, number>>();
	/** Enrollment ids of completions, ascending by completed_at (then id). */
	private completions: number[] = [];
	private tokens = new Map<string, number>();
	private ids = { user: 1, enrollment: 1 };
	private rateLimitOn = true;
	private readonly limiter: SlidingWindowLimiter;

	constructor(seed?: SeedOptions, opts: LearningPoolOptions = {}) {
		const rl = opts.rateLimit ?? { requests: 20, windowMs: 1000 };
		this.limiter = new SlidingWindowLimiter(rl.requests, rl.windowMs);
		this.reset(seed);
	}

	// ---------------------------------------------------------------- seeding

	reset(seed: SeedOptions = {}): void {
		const rnd = createPrng(seed.seed ?? 42);
		const nUsers = Math.max(0, seed.users ?? 50);
		const nCourses = Math.max(1, seed.courses ?? 8);
		const nGroups = Math.max(0, seed.groups ?? 4);
		const nCompletions = Math.max(0, seed.completions ?? Math.min(30, nUsers));
		this.users.clear();
		this.userList = [];
		this.byEmail.clear();
		this.byUsername.clear();
		this.courses.clear();
		this.groups.clear();
		this.enrollments.clear();
		this.enrollIndex.clear();
		this.completions = [];
		this.tokens.clear();
		this.limiter.clear();
		this.ids = { user: 1001, enrollment: 700_001 };

		const t0 = SEED_EPOCH_MS - 90 * 86_400_000;
		for (let i = 1; i <= nCourses; i++) {
			const id = 500 + i;
			this.courses.set(id, {
				id,
				title: `${COURSE_TITLES[(i - 1) % COURSE_TITLES.length]} ${i}`,
				code: `LP-${String(i).padStart(3, '0')}`,
				created_at: t0,
			});
		}
		const courseIds = [...this.courses.keys()];
		for (let i = 1; i <= nGroups; i++) {
			const id = 200 + i;
			this.groups.set(id, {
				id,
				name: `Group ${i}`,
				description: `Seeded group ${i}`,
				members: new Set(),
				created_at: t0,
			});
		}
		const groupIds = [...this.groups.keys()];
		const userIds: number[] = [];
		for (let i = 0; i < nUsers; i++) {
			const p = seedPerson(i, rnd);
			const created = t0 + Math.floor(rnd() * 60 * 86_400_000);
			const tags: string[] = [];
			const nTags = Math.floor(rnd() * 3);
			for (let k = 0; k < nTags; k++) {
				const t = TAG_POOL[Math.floor(rnd() * TAG_POOL.length)];
				if (!tags.includes(t)) tags.push(t);
			}
			const u = this.insertUser(
				{
					email: p.email,
					username: p.login,
					first_name: p.first,
					last_name: p.last,
					external_id: `EMP${String(i + 1).padStart(6, '0')}`,
					status: i % 10 === 9 ? 'suspended' : 'active',
					tags,
				},
				created,
			);
			userIds.push(u.id);
			if (i % 2 === 0) this.enroll(u.id, courseIds[i % courseIds.length], created + 86_400_000);
			if (groupIds.length > 0 && i % 3 === 0)
				this.groups.get(groupIds[i % groupIds.length])!.members.add(u.id);
		}
		// Exactly `completions` distinct (user, course) pairs, spread over the 30 days before the seed epoch.
		let made = 0;
		for (let k = 0; made < nCompletions && userIds.length > 0 && k < nCompletions * 4 + 100; k++) {
			const uid = userIds[(k * 7919) % userIds.length];
			const cid = courseIds[k % courseIds.length];
			const existing = this.current(uid, cid);
			if (existing?.status === 'completed') continue;
			const at =
				SEED_EPOCH_MS -
				30 * 86_400_000 +
				Math.floor(((made + 1) / (nCompletions + 1)) * 30 * 86_400_000);
			const e = existing ?? this.enroll(uid, cid, at - 86_400_000);
			this.finish(e, at, 60 + Math.floor(rnd() * 41));
			made++;
		}
	}

	private insertUser(f: Omit<LpUser, 'id' | 'created_at' | 'updated_at'>, now: number): LpUser {
		// Explicit fields (no spread) keep one object shape: seeding 100k users stays fast.
		const u: LpUser = {
			id: this.ids.user++,
			email: f.email,
			username: f.username,
			first_name: f.first_name,
			last_name: f.last_name,
			external_id: f.external_id,
			status: f.status,
			tags: f.tags,
			created_at: now,
			updated_at: now,
		};
		this.users.set(u.id, u);
		this.userList.push(u);
		this.byEmail.set(u.email.toLowerCase(), u.id);
		if (u.username !== null) this.byUsername.set(u.username.toLowerCase(), u.id);
		return u;
	}

	private current(userId: number, courseId: number): LpEnrollment | undefined {
		const id = this.enrollIndex.get(userId)?.get(courseId);
		return id === undefined ? undefined : this.enrollments.get(id);
	}

	private enroll(userId: number, courseId: number, now: number): LpEnrollment {
		const e: LpEnrollment = {
			id: this.ids.enrollment++,
			user_id: userId,
			course_id: courseId,
			status: 'not_started',
			progress: 0,
			score: null,
			enrolled_at: now,
			completed_at: null,
		};
		this.enrollments.set(e.id, e);
		let m = this.enrollIndex.get(userId);
		if (!m) this.enrollIndex.set(userId, (m = new Map()));
		m.set(courseId, e.id);
		return e;
	}

	private finish(e: LpEnrollment, at: number, score: number | null): void {
		if (e.status === 'completed') this.completions = this.completions.filter((id) => id !== e.id);
		e.status = 'completed';
		e.progress = 100;
		e.completed_at = at;
		e.score = score;
		// Insert keeping (completed_at, id) order; seeded and live completions mostly append.
		let i = this.completions.length;
		while (i > 0) {
			const prev = this.enrollments.get(this.completions[i - 1])!;
			if (prev.completed_at! < at || (prev.completed_at === at && prev.id < e.id)) break;
			i--;
		}
		this.completions.splice(i, 0, e.id);
	}

	// ---------------------------------------------------------------- test helpers

	/** Test helper: the user completes the course at `at` (default now), enrolling them first when needed. */
	completeCourse(
		userId: number | string,
		courseId: number | string,
		at: number = Date.now(),
		score: number | null = null,
	): Record<string, unknown> {
		const u = this.users.get(Number(userId));
		if (!u) throw new Error(`no such user: ${userId}`);
		const c = this.courses.get(Number(courseId));
		if (!c) throw new Error(`no such course: ${courseId}`);
		const e = this.current(u.id, c.id) ?? this.enroll(u.id, c.id, at);
		this.finish(e, at, score);
		return this.enrollmentOut(e);
	}

	revokeTokens(): void {
		this.tokens.clear();
	}

	control(action: string, args: Record<string, unknown>, now: number): unknown {
		if (action === 'completeCourse') {
			const at =
				args.at === undefined
					? now
					: typeof args.at === 'number'
						? args.at
						: Date.parse(String(args.at));
			if (!Number.isFinite(at)) throw new Error('at must be ms since the epoch or an ISO date');
			if (args.userId === undefined || args.courseId === undefined)
				throw new Error('userId and courseId are required');
			const score = args.score === undefined || args.score === null ? null : Number(args.score);
			return this.completeCourse(args.userId as string, args.courseId as string, at, score);
		}
		if (action === 'revokeTokens') {
			this.revokeTokens();
			return { revoked: true };
		}
		throw new Error(`unknown control action: ${action}`);
	}

	// ---------------------------------------------------------------- contract

	setRateLimitEnforced(on: boolean): void {
		this.rateLimitOn = on;
		if (on) this.limiter.clear();
	}

	rateLimitResponse(): SimResponse {
		return {
			status: 429,
			headers: { 'Retry-After': '1' },
			body: { message: 'Too Many Attempts.' },
		};
	}

	serverErrorResponse(status: number): SimResponse {
		return { status, body: { message: 'Server Error' } };
	}

	state(): unknown {
		return {
			users: [...this.users.values()].map((u) => this.userOut(u)),
			courses: [...this.courses.values()].map((c) => this.courseOut(c)),
			groups: [...this.groups.values()].map((g) => ({
				...this.groupOut(g),
				members: [...g.members],
			})),
			enrollments: [...this.enrollments.values()].map((e) => this.enrollmentOut(e)),
			completions: this.completions.map((id) => this.completionOut(this.enrollments.get(id)!)),
		};
	}

	handle(req: SimRequest): SimResponse {
		const isToken = req.path === LP_TOKEN_PATH;
		const isApi = req.path === BASE || req.path.startsWith(BASE + '/');
		if (!isToken && !isApi) return this.err(404, 'Not Found');
		if (this.rateLimitOn && !this.limiter.tryTake(req.now)) return this.rateLimitResponse();
		if (isToken) return this.token(req);
		const auth = this.authorize(req);
		if (auth) return auth;
		try {
			return this.route(req);
		} catch (e) {
			if (!(e instanceof LpError)) throw e;
			const res = this.err(e.status, e.message, e.errors);
			if (e.rule) {
				const detail = `${req.method} ${req.path}: ${e.message}${e.errors ? ` ${JSON.stringify(e.errors)}` : ''}`;
				res.violation = { rule: e.rule, detail, source: LP_SOURCE, guess: true };
			}
			return res;
		}
	}

	private err(status: number, message: string, errors?: Record<string, string[]>): SimResponse {
		return { status, body: errors ? { message, errors } : { message } };
	}

	// ---------------------------------------------------------------- auth

	private token(req: SimRequest): SimResponse {
		if (req.method !== 'POST') return this.err(405, 'Method Not Allowed');
		const f: Record<string, unknown> =
			contentTypeOf(req.headers) === 'application/json'
				? safeJson(req.rawBody)
				: parseForm(req.rawBody);
		if (f.grant_type !== 'client_credentials')
			return {
				status: 400,
				body: {
					error: 'unsupported_grant_type',
					message: 'The authorization grant type is not supported by the authorization server.',
				},
			};
		if (f.client_id !== LP_CLIENT_ID || f.client_secret !== LP_CLIENT_SECRET)
			return {
				status: 401,
				body: { error: 'invalid_client', message: 'Client authentication failed' },
			};
		const token = `lp_${randomBytes(20).toString('hex')}`;
		this.tokens.set(token, req.now + LP_TOKEN_TTL_S * 1000);
		return {
			status: 200,
			body: { access_token: token, token_type: 'Bearer', expires_in: LP_TOKEN_TTL_S },
		};
	}

	private authorize(req: SimRequest): SimResponse | undefined {
		const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
		const invalid = (message: string): SimResponse => ({
			status: 401,
			body: { error: 'invalid_token', message },
		});
		if (!m) return invalid('The request has no Bearer access token.');
		const expiresAt = this.tokens.get(m[1]);
		if (expiresAt === undefined) return invalid('The access token is invalid or has been revoked.');
		if (req.now >= expiresAt) {
			this.tokens.delete(m[1]);
			return invalid('The access token has expired.');
		}
		return undefined;
	}

	// ---------------------------------------------------------------- routing

	private route(req: SimRequest): SimResponse {
		const parts = req.rawPath
			.slice(BASE.length + 1)
			.split('/')
			.filter((s) => s !== '')
			.map((s) => {
				try {
					return decodeURIComponent(s);
				} catch {
					return s;
				}
			});
		const [a, b, c, d] = parts;
		const m = req.method;
		const n = parts.length;
		const isList =
			m === 'GET' &&
			((n === 1 && ['users', 'groups', 'courses', 'completions'].includes(a)) ||
				(n === 3 &&
					((a === 'users' && c === 'enrollments') || (a === 'groups' && c === 'members'))));
		const allowed = !isList
			? []
			: a === 'users' && n === 1
				? [...PAGING, 'email']
				: a === 'completions'
					? [...PAGING, 'completed_since']
					: PAGING;
		for (const key of Object.keys(req.query))
			if (!allowed.includes(key))
				throw outside(
					400,
					`The query parameter "${key}" is not part of this endpoint.`,
					'query.unknown',
				);

		if (a === 'users') {
			if (n === 1 && m === 'GET') return this.listUsers(req);
			if (n === 1 && m === 'POST') return this.createUser(this.json(req), req.now);
			const u = this.users.get(intId(b));
			if (!u) throw new LpError(404, 'User not found');
			if (n === 2 && m === 'GET') return { status: 200, body: this.userOut(u) };
			if (n === 2 && m === 'PATCH') return this.updateUser(u, this.json(req), req.now);
			if (n === 3 && (c === 'suspend' || c === 'unsuspend') && m === 'POST') {
				const target = c === 'suspend' ? 'suspended' : 'active';
				if (u.status === target)
					throw new LpError(
						409,
						c === 'suspend' ? 'User is already suspended' : 'User is already active',
					);
				u.status = target;
				u.updated_at = req.now;
				return { status: 200, body: this.userOut(u) };
			}
			if (n === 3 && c === 'tags' && m === 'GET')
				return { status: 200, body: { data: [...u.tags] } };
			if (n === 3 && c === 'tags' && m === 'POST') {
				const f = this.json(req, ['tags']);
				if (
					!Array.isArray(f.tags) ||
					f.tags.length === 0 ||
					!f.tags.every((t) => typeof t === 'string' && t.trim() !== '')
				) {
					throw outside(422, 'The given data was invalid.', 'body.required', {
						tags: ['The tags field must be a non-empty array of strings.'],
					});
				}
				for (const t of f.tags as string[])
					if (!u.tags.some((x) => x.toLowerCase() === t.trim().toLowerCase()))
						u.tags.push(t.trim());
				u.updated_at = req.now;
				return { status: 200, body: { data: [...u.tags] } };
			}
			if (n === 4 && c === 'tags' && m === 'DELETE') {
				const i = u.tags.findIndex((t) => t.toLowerCase() === d.toLowerCase());
				if (i < 0) throw new LpError(404, `Tag "${d}" not found on this user`);
				u.tags.splice(i, 1);
				u.updated_at = req.now;
				return { status: 204 };
			}
			if (n === 3 && c === 'enrollments' && m === 'GET') {
				const list = [...(this.enrollIndex.get(u.id)?.values() ?? [])]
					.map((id) => this.enrollments.get(id)!)
					.sort((x, y) => x.id - y.id);
				return this.paged(req, list, (e) => this.enrollmentOut(e));
			}
		}
		if (a === 'groups') {
			if (n === 1 && m === 'GET')
				return this.paged(req, [...this.groups.values()], (g) => this.groupOut(g));
			const g = this.groups.get(intId(b));
			if (!g) throw new LpError(404, 'Group not found');
			if (n === 2 && m === 'GET') return { status: 200, body: this.groupOut(g) };
			if (n === 3 && c === 'members' && m === 'GET')
				return this.paged(
					req,
					[...g.members].map((id) => this.users.get(id)!),
					(u) => this.userOut(u),
				);
			if (n === 3 && c === 'members' && m === 'POST') {
				const f = this.json(req, ['user_id']);
				if (f.user_id === undefined || f.user_id === null || f.user_id === '')
					throw outside(422, 'The given data was invalid.', 'body.required', {
						user_id: ['The user id field is required.'],
					});
				const u = this.users.get(intId(f.user_id));
				if (!u) throw new LpError(404, 'User not found');
				if (g.members.has(u.id)) throw new LpError(409, 'User is already a member of this group');
				g.members.add(u.id);
				return { status: 201, body: { group_id: g.id, user_id: u.id, added_at: iso(req.now) } };
			}
			if (n === 4 && c === 'members' && m === 'DELETE') {
				const u = this.users.get(intId(d));
				if (!u) throw new LpError(404, 'User not found');
				if (!g.members.delete(u.id)) throw new LpError(404, 'User is not a member of this group');
				return { status: 204 };
			}
		}
		if (a === 'courses') {
			if (n === 1 && m === 'GET')
				return this.paged(req, [...this.courses.values()], (co) => this.courseOut(co));
			if (n === 2 && m === 'GET') {
				const co = this.courses.get(intId(b));
				if (!co) throw new LpError(404, 'Course not found');
				return { status: 200, body: this.courseOut(co) };
			}
		}
		if (a === 'enrollments') {
			if (n === 1 && m === 'POST')
				return this.createEnrollment(this.json(req, ['user_id', 'course_id']), req.now);
			if (n === 2 && (m === 'GET' || m === 'DELETE')) {
				const e = this.enrollments.get(intId(b));
				if (!e) throw new LpError(404, 'Enrollment not found');
				if (m === 'GET') return { status: 200, body: this.enrollmentOut(e) };
				this.removeEnrollment(e);
				return { status: 204 };
			}
		}
		if (a === 'completions' && n === 1 && m === 'GET') return this.listCompletions(req);
		throw outside(404, 'Not Found', 'path.unknown');
	}

	/**
	 * A JSON object body; with `fields`, only those (users take any field: the default map sends
	 * custom fields next to email and names).
	 */
	private json(req: SimRequest, fields?: readonly string[]): Record<string, unknown> {
		if (req.rawBody.trim() === '') return {};
		let v: unknown;
		try {
			v = JSON.parse(req.rawBody);
		} catch {
			throw outside(400, 'The request body is not valid JSON.', 'body.json');
		}
		if (!v || typeof v !== 'object' || Array.isArray(v))
			throw outside(400, 'The request body must be a JSON object.', 'body.json');
		for (const key of Object.keys(v))
			if (fields && !fields.includes(key))
				throw outside(422, 'The given data was invalid.', 'body.unknown', {
					[key]: [`The ${key} field is not part of this endpoint.`],
				});
		return v as Record<string, unknown>;
	}

	// ---------------------------------------------------------------- users

	private listUsers(req: SimRequest): SimResponse {
		const email = req.query.email;
		if (email !== undefined) {
			const u = this.users.get(this.byEmail.get(email.trim().toLowerCase()) ?? -1);
			return this.paged(req, u ? [u] : [], (x) => this.userOut(x));
		}
		return this.paged(req, this.userList, (u) => this.userOut(u));
	}

	private validateUserFields(f: Record<string, unknown>, creating: boolean, self?: LpUser): void {
		const errors: Record<string, string[]> = {};
		const need = (k: string) =>
			creating && (typeof f[k] !== 'string' || (f[k] as string).trim() === '');
		for (const k of ['email', 'first_name', 'last_name'])
			if (need(k)) errors[k] = [`The ${k.replace('_', ' ')} field is required.`];
		for (const k of ['email', 'first_name', 'last_name', 'username', 'external_id']) {
			if (
				f[k] !== undefined &&
				f[k] !== null &&
				(typeof f[k] !== 'string' || (k !== 'external_id' && (f[k] as string).trim() === ''))
			)
				errors[k] = [`The ${k.replace('_', ' ')} must be a non-empty string.`];
		}
		if (typeof f.email === 'string' && !errors.email) {
			if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.email.trim()))
				errors.email = ['The email must be a valid email address.'];
			else {
				const other = this.byEmail.get(f.email.trim().toLowerCase());
				if (other !== undefined && other !== self?.id)
					errors.email = ['The email has already been taken.'];
			}
		}
		if (typeof f.username === 'string' && !errors.username) {
			const other = this.byUsername.get(f.username.toLowerCase());
			if (other !== undefined && other !== self?.id)
				errors.username = ['The username has already been taken.'];
		}
		if (Object.keys(errors).length > 0) {
			// Missing or mistyped fields leave the defaults; a taken or malformed email is the instance's answer.
			const shape = Object.values(errors)
				.flat()
				.some((m) => /required|non-empty string/.test(m));
			throw new LpError(
				422,
				'The given data was invalid.',
				errors,
				shape ? 'body.required' : undefined,
			);
		}
	}

	private createUser(f: Record<string, unknown>, now: number): SimResponse {
		this.validateUserFields(f, true);
		const email = (f.email as string).trim();
		const u = this.insertUser(
			{
				email,
				username: typeof f.username === 'string' ? f.username : null,
				first_name: f.first_name as string,
				last_name: f.last_name as string,
				external_id: typeof f.external_id === 'string' ? f.external_id : null,
				status: 'active',
				tags: [],
			},
			now,
		);
		return { status: 201, body: this.userOut(u) };
	}

	private updateUser(u: LpUser, f: Record<string, unknown>, now: number): SimResponse {
		this.validateUserFields(f, false, u);
		// Only sent fields change.
		if (typeof f.email === 'string') {
			this.byEmail.delete(u.email.toLowerCase());
			u.email = f.email.trim();
			this.byEmail.set(u.email.toLowerCase(), u.id);
		}
		if (typeof f.first_name === 'string') u.first_name = f.first_name;
		if (typeof f.last_name === 'string') u.last_name = f.last_name;
		if (typeof f.username === 'string') {
			if (u.username !== null) this.byUsername.delete(u.username.toLowerCase());
			u.username = f.username;
			this.byUsername.set(u.username.toLowerCase(), u.id);
		}
		if (f.external_id !== undefined)
			u.external_id = typeof f.external_id === 'string' ? f.external_id : null;
		u.updated_at = now;
		return { status: 200, body: this.userOut(u) };
	}

	// ---------------------------------------------------------------- enrollments and completions

	private createEnrollment(f: Record<string, unknown>, now: number): SimResponse {
		const errors: Record<string, string[]> = {};
		if (f.user_id === undefined || f.user_id === null || f.user_id === '')
			errors.user_id = ['The user id field is required.'];
		if (f.course_id === undefined || f.course_id === null || f.course_id === '')
			errors.course_id = ['The course id field is required.'];
		if (Object.keys(errors).length > 0)
			throw outside(422, 'The given data was invalid.', 'body.required', errors);
		const u = this.users.get(intId(f.user_id));
		if (!u) throw new LpError(404, 'User not found');
		const co = this.courses.get(intId(f.course_id));
		if (!co) throw new LpError(404, 'Course not found');
		if (this.current(u.id, co.id))
			throw new LpError(409, 'User is already enrolled in this course');
		return { status: 201, body: this.enrollmentOut(this.enroll(u.id, co.id, now)) };
	}

	private removeEnrollment(e: LpEnrollment): void {
		this.enrollments.delete(e.id);
		const m = this.enrollIndex.get(e.user_id);
		if (m?.get(e.course_id) === e.id) m.delete(e.course_id);
		if (e.status === 'completed') this.completions = this.completions.filter((id) => id !== e.id);
	}

	private listCompletions(req: SimRequest): SimResponse {
		let since = -Infinity;
		const raw = req.query.completed_since;
		if (raw !== undefined) {
			// ISO 8601 only: a bare number is a common client mistake (unix seconds) and must not pass.
			since = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : NaN;
			if (!Number.isFinite(since))
				throw outside(422, 'The given data was invalid.', 'query.format', {
					completed_since: ['The completed since must be a valid ISO 8601 date.'],
				});
		}
		let lo = 0;
		let hi = this.completions.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.enrollments.get(this.completions[mid])!.completed_at! < since) lo = mid + 1;
			else hi = mid;
		}
		const list = this.completions.slice(lo).map((id) => this.enrollments.get(id)!);
		return this.paged(req, list, (e) => this.completionOut(e));
	}

	// ---------------------------------------------------------------- paging and shapes

	private paged<T>(req: SimRequest, list: readonly T[], out: (x: T) => unknown): SimResponse {
		const errors: Record<string, string[]> = {};
		const page =
			req.query.page === undefined
				? 1
				: /^\d+$/.test(req.query.page) && Number(req.query.page) >= 1
					? Number(req.query.page)
					: NaN;
		if (Number.isNaN(page)) errors.page = ['The page must be a positive integer.'];
		const perRaw = req.query.per_page;
		const per = perRaw === undefined ? 50 : /^\d+$/.test(perRaw) ? Number(perRaw) : NaN;
		if (!(per >= 1)) errors.per_page = ['The per page must be a positive integer.'];
		else if (per > LP_MAX_PER_PAGE)
			errors.per_page = [`The per page may not be greater than ${LP_MAX_PER_PAGE}.`];
		if (Object.keys(errors).length > 0)
			throw outside(422, 'The given data was invalid.', 'query.paging', errors);
		const start = (page - 1) * per;
		return {
			status: 200,
			body: {
				data: list.slice(start, start + per).map(out),
				meta: {
					current_page: page,
					per_page: per,
					total: list.length,
					last_page: Math.max(1, Math.ceil(list.length / per)),
				},
			},
		};
	}

	private userOut(u: LpUser): Record<string, unknown> {
		return {
			id: u.id,
			email: u.email,
			username: u.username,
			first_name: u.first_name,
			last_name: u.last_name,
			external_id: u.external_id,
			status: u.status,
			tags: [...u.tags],
			created_at: iso(u.created_at),
			updated_at: iso(u.updated_at),
		};
	}

	private courseOut(c: LpCourse): Record<string, unknown> {
		return { id: c.id, title: c.title, code: c.code, created_at: iso(c.created_at) };
	}

	private groupOut(g: LpGroup): Record<string, unknown> {
		return {
			id: g.id,
			name: g.name,
			description: g.description,
			member_count: g.members.size,
			created_at: iso(g.created_at),
		};
	}

	private enrollmentOut(e: LpEnrollment): Record<string, unknown> {
		return {
			id: e.id,
			user_id: e.user_id,
			course_id: e.course_id,
			course_title: this.courses.get(e.course_id)?.title ?? null,
			status: e.status,
			progress: e.progress,
			score: e.score,
			enrolled_at: iso(e.enrolled_at),
			completed_at: iso(e.completed_at),
		};
	}

	private completionOut(e: LpEnrollment): Record<string, unknown> {
		return {
			enrollment_id: e.id,
			user_id: e.user_id,
			user_email: this.users.get(e.user_id)?.email ?? null,
			course_id: e.course_id,
			course_title: this.courses.get(e.course_id)?.title ?? null,
			completed_at: iso(e.completed_at),
			score: e.score,
		};
	}
}

/** Path segment or body value → numeric id; NaN (never found) for anything else. */
function intId(v: unknown): number {
	if (typeof v === 'number') return Number.isInteger(v) ? v : NaN;
	return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
}

function safeJson(text: string): Record<string, unknown> {
	try {
		const v: unknown = JSON.parse(text);
		return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

export function createLearningPoolSimulator(
	seed?: SeedOptions,
	opts?: LearningPoolOptions,
): LearningPoolSimulator {
	return new LearningPoolSimulator(seed, opts);
}
