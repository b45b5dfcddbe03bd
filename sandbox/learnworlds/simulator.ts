/**
 * LearnWorlds API v2 simulator, also serving Grow by Plenum (same API, `Pl-Client` header), as
 * docs/learnworlds.md and docs/grow.md describe them:
 *
 * - token `POST /admin/api/oauth2/access_token` (form or JSON fields client_id, client_secret,
 *   grant_type=client_credentials, plus the client header) → `{tokenData:{…}, success:true}`;
 *   tokens expire (LearnWorlds 8000 s, Grow one year) and `revokeTokens()` kills them all;
 * - every call under `/admin/api/v2` needs the client header and `Authorization: Bearer`;
 * - lists answer `{data, meta:{page,totalItems,totalPages,itemsPerPage}}` and a page past the end
 *   returns the last page again (the trap: a client must stop at page == totalPages);
 * - per-user paths accept an id or a (URL-encoded) email;
 * - errors `{"errors":[{code,context,message}],"success":false}`; 429 `{"error":"Too many requests"}`
 *   with no headers (LearnWorlds 30 requests per sliding 10 s, token call included; Grow publishes
 *   no ceiling, we enforce 10 a second by default).
 *
 * Where those pages are silent these are our choices (tests pin them):
 * - duplicate email on create → 400 "The email has already been taken."; re-enroll → 400 "…already
 *   enrolled…"; already a group/seat member → 400 "…already…"; not enrolled / not a member → 404;
 * - `include_suspended=true` is needed to see suspended users on `GET /users/{id}` and `GET /users`
 *   (other per-user calls see them, or nobody could unsuspend them); suspend/unsuspend of a user
 *   already in that state answers 200 with the unchanged user;
 * - `items_per_page` > 200 → 400; users default 50 a page, groups and seats 20, event logs 50 fixed;
 * - users list filters: `status=active|suspended`, `tags=a,b` (a user with any of them),
 *   `registration_after=<unix s>`; order is creation order;
 * - event-log activities: `user_registered` (user created), `enrolled_free_course` /
 *   `enrolled_paid_course` (course enrollment with price 0 / > 0), `enrolled_product` (bundle,
 *   subscription or program), `complete_course`. `created` is unix seconds with a fraction;
 *   `created_after` is inclusive (a client dedups the boundary itself); `sort` defaults to desc;
 * - LearnWorlds subscriptions are listed at `/subscription-plans` (the LearnWorlds docs' name) and
 *   `/subscriptions`; Grow programs at `/programs` (our assumption, not published);
 * - Grow bulk enrollment (paths not published, confirmed at onboarding; these match the adapter's
 *   overridable defaults): `POST /bulk-actions/enrollments {items:[{user, productId, productType,
 *   price}]}` → 202 `{action_id, status:'pending'}`; `GET /bulk-actions/{action_id}` answers
 *   pending on the first poll and completed (applying the items then) from the second poll on or
 *   once `bulkActionMs` has passed: `{status:'completed', results:[{index, user, productId,
 *   productType, success, status: enrolled|already_enrolled|failed, error?}]}`;
 * - roles: LearnWorlds admin, instructor, reporter, user (guess); Grow the seed's six levels.
 */
import { randomBytes } from 'node:crypto';

import type { SeedOptions, SimRequest, SimResponse, VendorSimulator } from '../types';
import { SEED_EPOCH_MS, SlidingWindowLimiter, contentTypeOf, createPrng, parseForm, seedPerson } from '../util';
import { GROW_OVERLAY, LearnWorldsContract } from './contract';

export type LearnWorldsKind = 'learnworlds' | 'grow';

export const LW_TOKEN_PATH = '/admin/api/oauth2/access_token';
export const LW_API_BASE = '/admin/api/v2';
export const LW_MAX_PER_PAGE = 200;
export const LW_EVENTS_PER_PAGE = 50;

export interface LearnWorldsOptions {
	/** Token lifetime in seconds (LearnWorlds 8000, Grow one year). */
	tokenTtlSeconds?: number;
	/** Sliding-window limit (LearnWorlds 30 per 10 s; Grow 10 per 1 s by default). */
	rateLimit?: { requests: number; windowMs: number };
	/** A new user is unknown to the enrollment endpoint for this long (ms). Default 0. */
	enrollVisibilityDelayMs?: number;
	/** A Grow bulk action completes once this long has passed, or on its second poll. */
	bulkActionMs?: number;
}

interface KindSpec {
	name: string;
	clientHeader: 'lw-client' | 'pl-client';
	clientId: string;
	clientSecret: string;
	tokenTtlSeconds: number;
	rateLimit: { requests: number; windowMs: number };
	productTypes: readonly ProductType[];
	roles: readonly string[];
}

type ProductType = 'course' | 'bundle' | 'subscription' | 'program';

const KINDS: Record<LearnWorldsKind, KindSpec> = {
	learnworlds: {
		name: 'LearnWorlds',
		clientHeader: 'lw-client',
		clientId: 'lw-sandbox-client-id',
		clientSecret: 'lw-sandbox-client-secret',
		tokenTtlSeconds: 8000,
		rateLimit: { requests: 30, windowMs: 10_000 },
		productTypes: ['course', 'bundle', 'subscription'],
		roles: ['admin', 'instructor', 'reporter', 'user'],
	},
	grow: {
		name: 'Grow',
		clientHeader: 'pl-client',
		clientId: 'pl-sandbox-client-id',
		clientSecret: 'pl-sandbox-client-secret',
		tokenTtlSeconds: 365 * 86_400,
		rateLimit: { requests: 10, windowMs: 1_000 },
		productTypes: ['course', 'bundle', 'program'],
		roles: ['admin', 'instructor', 'reporter', 'seat_manager', 'license_reporter', 'user'],
	},
};

interface LwUser {
	id: string;
	email: string;
	username: string;
	fields: Record<string, unknown>;
	tags: string[];
	role: string;
	suspended: boolean;
	created: number;
	updated: number;
}

interface LwProduct {
	id: string;
	type: ProductType;
	title: string;
	price: number;
	/** Courses a bundle / subscription / program gives access to. */
	courses: string[];
	created: number;
}

interface LwEnrollment {
	productId: string;
	productType: ProductType;
	price: number;
	justification: string | null;
	enrolledAt: number;
}

interface LwProgress {
	/** UserProgress.status. */
	status: 'not_started' | 'not_completed' | 'completed';
	progressRate: number;
	score: number | null;
	completedAt: number | null;
	startedAt: number;
}

interface LwGroup {
	id: string;
	title: string;
	description: string;
	courses: string[];
	members: Set<string>;
	created: number;
}

interface LwSeat {
	id: string;
	title: string;
	product: { id: string; type: ProductType } | null;
	totalSeats: number;
	/** userId → holds an active seat. */
	members: Map<string, boolean>;
	created: number;
}

interface LwEvent {
	/** Numeric here, an ObjectId-like string in answers (saves 100k strings when seeding). */
	id: number;
	activity: string;
	at: number;
	userId: string;
	productId?: string;
	productType?: ProductType;
	score?: number | null;
}

interface BulkAction {
	id: string;
	created: number;
	polls: number;
	items: unknown[];
	results?: Record<string, unknown>[];
}

const contracts: Partial<Record<LearnWorldsKind, LearnWorldsContract>> = {};
function contractFor(kind: LearnWorldsKind): LearnWorldsContract {
	return (contracts[kind] ??= new LearnWorldsContract(kind === 'grow' ? GROW_OVERLAY : undefined));
}

class LwError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly context = 'request',
	) {
		super(message);
	}
}

const TOPICS = ['Security Basics', 'Onboarding', 'GDPR', 'Leadership', 'Excel', 'Safety', 'First Aid', 'Customer Care'];
const TAG_POOL = ['sales', 'emea', 'engineering', 'contractor', 'apac', 'new-hire'];

const unix = (ms: number | null) => (ms === null ? null : ms / 1000);
const oid = (prefix: string, n: number) => prefix + n.toString(16).padStart(16, '0');
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export class LearnWorldsSimulator implements VendorSimulator {
	readonly vendor: LearnWorldsKind;
	readonly credentials: Record<string, string>;
	private readonly spec: KindSpec;
	private readonly tokenTtlMs: number;
	private readonly limiter: SlidingWindowLimiter;
	private readonly bulkActionMs: number;
	private rateLimitOn = true;
	private readonly contract: LearnWorldsContract;
	private enrollDelayMs: number;

	private users = new Map<string, LwUser>();
	/** Creation order, for paging (LearnWorlds has no user delete). */
	private userList: LwUser[] = [];
	private byEmail = new Map<string, string>();
	private products = new Map<string, LwProduct>();
	/** userId → `${type}:${productId}` → enrollment. */
	private enrollments = new Map<string, Map<string, LwEnrollment>>();
	/** userId → courseId → progress (exists while the user can reach the course). */
	private progress = new Map<string, Map<string, LwProgress>>();
	private groups = new Map<string, LwGroup>();
	private seats = new Map<string, LwSeat>();
	/** Ascending by `at`. */
	private events: LwEvent[] = [];
	private tokens = new Map<string, { clientId: string; expiresAt: number }>();
	private bulk = new Map<string, BulkAction>();
	private ids = { user: 1, group: 1, seat: 1, event: 1, bulk: 1 };

	constructor(kind: LearnWorldsKind, seed?: SeedOptions, opts: LearnWorldsOptions = {}) {
		this.vendor = kind;
		this.spec = KINDS[kind];
		this.contract = contractFor(kind);
		this.credentials = { clientId: this.spec.clientId, clientSecret: this.spec.clientSecret };
		this.tokenTtlMs = (opts.tokenTtlSeconds ?? this.spec.tokenTtlSeconds) * 1000;
		const rl = opts.rateLimit ?? this.spec.rateLimit;
		this.limiter = new SlidingWindowLimiter(rl.requests, rl.windowMs);
		this.bulkActionMs = opts.bulkActionMs ?? 1000;
		this.enrollDelayMs = opts.enrollVisibilityDelayMs ?? 0;
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
		this.products.clear();
		this.enrollments.clear();
		this.progress.clear();
		this.groups.clear();
		this.seats.clear();
		this.events = [];
		this.tokens.clear();
		this.bulk.clear();
		this.limiter.clear();
		this.ids = { user: 1, group: 1, seat: 1, event: 1, bulk: 1 };

		const t0 = SEED_EPOCH_MS - 90 * 86_400_000;
		const courseIds: string[] = [];
		for (let i = 1; i <= nCourses; i++) {
			const title = `${TOPICS[(i - 1) % TOPICS.length]} ${i}`;
			const id = slug(title);
			courseIds.push(id);
			this.products.set(this.pkey('course', id), {
				id,
				type: 'course',
				title,
				price: i % 3 === 0 ? 49 : 0,
				courses: [id],
				created: t0,
			});
		}
		// Two of each container product, each giving access to two courses.
		const containerType: ProductType = this.vendor === 'grow' ? 'program' : 'subscription';
		for (const type of ['bundle', containerType] as ProductType[]) {
			for (let i = 1; i <= 2; i++) {
				const id = `${type}-${i}`;
				const courses = [courseIds[(i - 1) % courseIds.length], courseIds[i % courseIds.length]];
				this.products.set(this.pkey(type, id), {
					id,
					type,
					title: `${type[0].toUpperCase()}${type.slice(1)} ${i}`,
					price: type === 'bundle' ? 99 : 0,
					courses: [...new Set(courses)],
					created: t0,
				});
			}
		}
		for (let i = 1; i <= nGroups; i++) {
			const id = oid('64b20000', this.ids.group++);
			this.groups.set(id, {
				id,
				title: `Group ${i}`,
				description: '',
				courses: [courseIds[(i - 1) % courseIds.length]],
				members: new Set(),
				created: t0,
			});
		}
		for (let i = 1; i <= 2; i++) {
			const id = oid('64c30000', this.ids.seat++);
			this.seats.set(id, {
				id,
				title: `Seat offering ${i}`,
				product: { id: courseIds[(i - 1) % courseIds.length], type: 'course' },
				totalSeats: 25,
				members: new Map(),
				created: t0,
			});
		}
		const groupIds = [...this.groups.keys()];
		const seatIds = [...this.seats.keys()];
		const roles = this.spec.roles;
		// Streams, each already in time order, merged at the end (no 150k-element sort).
		const registered: LwEvent[] = [];
		const enrolled: LwEvent[] = [];
		const lateEnrolled: LwEvent[] = [];
		const completed: LwEvent[] = [];
		const span = 60 * 86_400_000;
		for (let i = 0; i < nUsers; i++) {
			const p = seedPerson(i, rnd);
			// Registration times rise with the index (ids follow sign-up order), jittered within a slot.
			const created = t0 + Math.floor(((i + rnd()) / Math.max(1, nUsers)) * span);
			const tags: string[] = [];
			const nTags = Math.floor(rnd() * 3);
			for (let k = 0; k < nTags; k++) {
				const t = TAG_POOL[Math.floor(rnd() * TAG_POOL.length)];
				if (!tags.includes(t)) tags.push(t);
			}
			const role = i === 0 ? 'admin' : i === 1 ? 'instructor' : i === 2 ? 'reporter' : 'user';
			const u = this.insertUser(
				{
					email: p.email,
					username: p.login,
					fields: { location: 'Remote' },
					tags,
					role: roles.includes(role) ? role : 'user',
					suspended: i % 10 === 9,
				},
				created,
			);
			registered.push(this.event('register', created, u.id));
			if (i % 2 === 0) {
				const cid = courseIds[i % courseIds.length];
				const at = created + 86_400_000;
				this.addEnrollment(u, this.products.get(this.pkey('course', cid))!, 0, null, at);
				enrolled.push(this.event('manual_enrollment', at, u.id, cid, 'course'));
			}
			if (groupIds.length > 0 && i % 3 === 0)
				this.groups.get(groupIds[i % groupIds.length])!.members.add(u.id);
			if (i % 7 === 0 && i > 0)
				this.seats.get(seatIds[i % seatIds.length])!.members.set(u.id, true);
		}
		// Completions over distinct (user, course) pairs, spread over the 30 days before the seed epoch.
		const n = this.userList.length;
		let made = 0;
		for (let k = 0; made < nCompletions && n > 0 && k < nCompletions * 4 + 100; k++) {
			const u = this.userList[(k * 7919) % n];
			const cid = courseIds[k % courseIds.length];
			if (this.progress.get(u.id)?.get(cid)?.status === 'completed') continue;
			const at =
				SEED_EPOCH_MS -
				30 * 86_400_000 +
				Math.floor(((made + 1) / (nCompletions + 1)) * 30 * 86_400_000);
			if (!this.progress.get(u.id)?.has(cid)) {
				this.addEnrollment(
					u,
					this.products.get(this.pkey('course', cid))!,
					0,
					null,
					at - 86_400_000,
				);
				lateEnrolled.push(this.event('manual_enrollment', at - 86_400_000, u.id, cid, 'course'));
			}
			const score = 60 + Math.floor(rnd() * 41);
			this.finishCourse(u.id, cid, at, score);
			completed.push(this.event('complete_course', at, u.id, cid, 'course', score));
			made++;
		}
		this.events = mergeByTime(
			mergeByTime(registered, enrolled),
			mergeByTime(lateEnrolled, completed),
		);
	}

	private pkey(type: ProductType, id: string): string {
		return `${type}:${id}`;
	}

	private insertUser(f: Omit<LwUser, 'id' | 'created' | 'updated'>, now: number): LwUser {
		// Explicit fields (no spread) keep one object shape: seeding 100k users stays fast.
		const u: LwUser = {
			id: oid('64a10000', this.ids.user++),
			email: f.email,
			username: f.username,
			fields: f.fields,
			tags: f.tags,
			role: f.role,
			suspended: f.suspended,
			created: now,
			updated: now,
		};
		this.users.set(u.id, u);
		this.userList.push(u);
		this.byEmail.set(u.email.toLowerCase(), u.id);
		return u;
	}

	private event(
		activity: string,
		at: number,
		userId: string,
		productId?: string,
		productType?: ProductType,
		score?: number | null,
	): LwEvent {
		return { id: this.ids.event++, activity, at, userId, productId, productType, score };
	}

	/** Keeps the log sorted even when a test completes a course "in the past". */
	private pushEvent(e: LwEvent): void {
		let lo = this.events.length;
		while (lo > 0 && this.events[lo - 1].at > e.at) lo--;
		this.events.splice(lo, 0, e);
	}

	private addEnrollment(
		u: LwUser,
		p: LwProduct,
		price: number,
		justification: string | null,
		now: number,
	): void {
		let m = this.enrollments.get(u.id);
		if (!m) this.enrollments.set(u.id, (m = new Map()));
		m.set(this.pkey(p.type, p.id), {
			productId: p.id,
			productType: p.type,
			price,
			justification,
			enrolledAt: now,
		});
		let pm = this.progress.get(u.id);
		if (!pm) this.progress.set(u.id, (pm = new Map()));
		for (const cid of p.courses)
			if (!pm.has(cid))
				pm.set(cid, {
					status: 'not_started',
					progressRate: 0,
					score: null,
					completedAt: null,
					startedAt: now,
				});
	}

	private finishCourse(
		userId: string,
		courseId: string,
		at: number,
		score: number | null,
	): LwProgress {
		let pm = this.progress.get(userId);
		if (!pm) this.progress.set(userId, (pm = new Map()));
		const pr: LwProgress = {
			status: 'completed',
			progressRate: 100,
			score,
			completedAt: at,
			startedAt: pm.get(courseId)?.startedAt ?? at,
		};
		pm.set(courseId, pr);
		return pr;
	}

	// ---------------------------------------------------------------- test helpers

	/**
	 * Test helper: the user (id or email) completes a course at `at` (default: the clock of the
	 * last request, else now), enrolling them first (free) when needed. Adds a `complete_course` event.
	 */
	completeCourse(
		userIdOrEmail: string,
		courseId: string,
		at: number = Date.now(),
		score: number | null = null,
	): Record<string, unknown> {
		const u = this.lookupUser(userIdOrEmail);
		if (!u) throw new Error(`no such user: ${userIdOrEmail}`);
		const course = this.products.get(this.pkey('course', courseId));
		if (!course) throw new Error(`no such course: ${courseId}`);
		if (!this.progress.get(u.id)?.has(courseId)) {
			this.addEnrollment(u, course, 0, null, at);
			this.pushEvent(this.event('manual_enrollment', at, u.id, courseId, 'course'));
		}
		const pr = this.finishCourse(u.id, courseId, at, score);
		this.pushEvent(this.event('complete_course', at, u.id, courseId, 'course', score));
		return this.progressOut(courseId, pr);
	}

	/** Test helper: a user created less than `ms` ago is unknown to the enrollment endpoint. */
	setEnrollVisibilityDelay(ms: number): void {
		this.enrollDelayMs = Math.max(0, ms);
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
			const user = args.userId ?? args.user ?? args.email;
			if (user === undefined || args.courseId === undefined)
				throw new Error('userId (or email) and courseId are required');
			const score = args.score === undefined ? null : Number(args.score);
			return this.completeCourse(String(user), String(args.courseId), at, score);
		}
		if (action === 'setEnrollVisibilityDelay') {
			const ms = Number(args.ms);
			if (!Number.isFinite(ms) || ms < 0) throw new Error('ms must be a non-negative number');
			this.setEnrollVisibilityDelay(ms);
			return { ms };
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
		return { status: 429, body: { error: 'Too many requests' } };
	}

	serverErrorResponse(status: number): SimResponse {
		return this.err(status, 'Internal server error', 'server');
	}

	state(): unknown {
		const products = [...this.products.values()];
		const ofType = (t: ProductType) =>
			products.filter((p) => p.type === t).map((p) => this.productOut(p));
		const enrollments: unknown[] = [];
		for (const [userId, m] of this.enrollments)
			for (const e of m.values()) enrollments.push({ userId, ...this.enrollmentOut(e) });
		const progress: unknown[] = [];
		for (const [userId, m] of this.progress)
			for (const [cid, p] of m) progress.push({ userId, ...this.progressOut(cid, p) });
		return {
			users: this.userList.map((u) => this.userOut(u)),
			courses: ofType('course'),
			bundles: ofType('bundle'),
			[this.vendor === 'grow' ? 'programs' : 'subscriptions']: ofType(
				this.vendor === 'grow' ? 'program' : 'subscription',
			),
			groups: [...this.groups.values()].map((g) => ({
				...this.groupOut(g),
				members: [...g.members],
			})),
			seats: [...this.seats.values()].map((s) => ({
				...this.seatOut(s),
				members: [...s.members.keys()],
			})),
			enrollments,
			progress,
			events: this.events.map((e) => this.eventOut(e)),
			bulk_actions: [...this.bulk.values()].map((b) => ({
				action_id: b.id,
				items: b.items.length,
				status: b.results ? 'completed' : 'pending',
			})),
		};
	}

	handle(req: SimRequest): SimResponse {
		const isToken = req.path === LW_TOKEN_PATH;
		const isApi = req.path === LW_API_BASE || req.path.startsWith(LW_API_BASE + '/');
		if (!isToken && !isApi) return this.err(404, 'Not found', 'route');
		// Every call counts against the window, the token call and rejected calls included.
		if (this.rateLimitOn && !this.limiter.tryTake(req.now)) return this.rateLimitResponse();
		try {
			if (isToken) return this.token(req);
			this.authorize(req);
			const broken = this.contract.check(
				req.method,
				req.rawPath.slice('/admin/api'.length),
				req.query,
				req.rawBody,
			);
			// The spec's error answers: 404 `{error}` for an unknown resource, 422 `{error}` for bad input.
			if (broken)
				return {
					status: broken.status,
					body: { error: broken.message },
					violation: broken.violation,
				};
			return this.route(req);
		} catch (e) {
			if (!(e instanceof LwError)) throw e;
			return this.err(e.status, e.message, e.context);
		}
	}

	private err(status: number, message: string, context: string): SimResponse {
		return { status, body: { errors: [{ code: status, context, message }], success: false } };
	}

	// ---------------------------------------------------------------- auth

	private token(req: SimRequest): SimResponse {
		if (req.method !== 'POST') throw new LwError(405, 'Method not allowed', 'route');
		const ct = contentTypeOf(req.headers);
		let f: Record<string, unknown>;
		if (ct === 'application/json') f = this.json(req);
		else f = parseForm(req.rawBody);
		const headerClient = req.headers[this.spec.clientHeader];
		if (!headerClient)
			throw new LwError(401, `The ${this.headerName()} header is required`, 'client');
		if (f.grant_type !== 'client_credentials')
			throw new LwError(400, 'Unsupported grant type: use client_credentials', 'grant_type');
		if (
			f.client_id !== this.spec.clientId ||
			f.client_secret !== this.spec.clientSecret ||
			headerClient !== this.spec.clientId
		) {
			throw new LwError(401, 'Invalid client credentials', 'client');
		}
		const token = `${this.vendor === 'grow' ? 'pl' : 'lw'}_${randomBytes(18).toString('hex')}`;
		this.tokens.set(token, { clientId: this.spec.clientId, expiresAt: req.now + this.tokenTtlMs });
		return {
			status: 200,
			body: {
				tokenData: {
					access_token: token,
					token_type: 'Bearer',
					expires_in: Math.round(this.tokenTtlMs / 1000),
				},
				success: true,
			},
		};
	}

	private headerName(): string {
		return this.spec.clientHeader === 'lw-client' ? 'Lw-Client' : 'Pl-Client';
	}

	private authorize(req: SimRequest): void {
		const client = req.headers[this.spec.clientHeader];
		if (!client || client !== this.spec.clientId)
			throw new LwError(401, `Missing or unknown ${this.headerName()} header`, 'client');
		const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
		if (!m)
			throw new LwError(401, 'Unauthenticated: a Bearer access token is required', 'authorization');
		const t = this.tokens.get(m[1]);
		if (!t || t.clientId !== client)
			throw new LwError(401, 'Unauthenticated: the access token is invalid', 'authorization');
		if (req.now >= t.expiresAt) {
			this.tokens.delete(m[1]);
			throw new LwError(401, 'Unauthenticated: the access token has expired', 'authorization');
		}
	}

	// ---------------------------------------------------------------- routing

	private route(req: SimRequest): SimResponse {
		// Split the still-encoded path so an email segment (or one with "/") stays one segment.
		const parts = req.rawPath
			.slice(LW_API_BASE.length + 1)
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

		if (a === 'users') {
			if (n === 1 && m === 'GET') return this.listUsers(req);
			if (n === 1 && m === 'POST') return this.createUser(this.json(req), req.now);
			if (n >= 2) {
				if (n === 2 && m === 'GET')
					return { status: 200, body: this.userOut(this.userForGet(b, req)) };
				const u = this.requireUser(b);
				if (n === 2 && m === 'PUT') return this.updateUser(u, this.json(req), req.now);
				if (n === 3 && c === 'enrollment' && m === 'POST')
					return this.enroll(u, this.json(req), req.now);
				if (n === 3 && c === 'enrollment' && m === 'DELETE')
					return this.unenroll(u, this.json(req), req.now);
				if (n === 3 && c === 'tags' && m === 'PUT') return this.putTags(u, this.json(req), req.now);
				if (n === 3 && (c === 'suspend' || c === 'unsuspend') && m === 'PUT') {
					u.suspended = c === 'suspend';
					u.updated = req.now;
					return { status: 200, body: this.userOut(u) };
				}
				// get-v2-users-id-user_groups: a bare array of {id, title}, not paged.
				if (n === 3 && c === 'user-groups' && m === 'GET') {
					return {
						status: 200,
						body: [...this.groups.values()]
							.filter((g) => g.members.has(u.id))
							.map((g) => ({ id: g.id, title: g.title })),
					};
				}
				if (n === 3 && c === 'user-role' && m === 'GET')
					return { status: 200, body: this.userRoleOut(u) };
				if (n === 3 && c === 'user-role' && m === 'PUT')
					return this.setRole(u, this.json(req), req.now);
				// get-user-id-products answers `{data}` with no paging.
				if (n === 3 && c === 'products' && m === 'GET')
					return {
						status: 200,
						body: {
							data: [...(this.enrollments.get(u.id)?.values() ?? [])].map((e) =>
								this.enrollmentOut(e, u.id),
							),
						},
					};
				if (n === 3 && c === 'courses' && m === 'GET') return this.userProducts(req, u, 'course');
				if (n === 3 && c === 'progress' && m === 'GET') {
					const list = [...(this.progress.get(u.id) ?? new Map<string, LwProgress>()).entries()];
					return this.paged(req, list, ([cid, p]) => this.progressOut(cid, p));
				}
				if (n === 5 && c === 'courses' && parts[4] === 'progress' && m === 'GET') {
					if (!this.products.has(this.pkey('course', d)))
						throw new LwError(404, 'Course not found', 'course');
					const p = this.progress.get(u.id)?.get(d);
					if (!p) throw new LwError(404, 'The user is not enrolled in this course', 'course');
					return { status: 200, body: this.progressOut(d, p) };
				}
			}
		}
		// Plenum's guide spells Grow's groups `/usergroups` (§4); LearnWorlds' spec `/user_groups`.
		if (a === (this.vendor === 'grow' ? 'usergroups' : 'user_groups'))
			return this.routeGroups(req, parts);
		if (a === 'seats') return this.routeSeats(req, parts);
		if (a === 'user-roles' && n === 1 && m === 'GET') {
			const roles = this.spec.roles
				.map((level) => this.roleRecord(level))
				.filter(
					(r) =>
						(req.query.role_id === undefined || r.id === req.query.role_id) &&
						(req.query.access_level === undefined || r.access_level === req.query.access_level),
				);
			return { status: 200, body: { data: roles } };
		}
		if (m === 'GET' && (n === 1 || n === 2)) {
			const type = this.listingType(a);
			if (type) {
				if (n === 1)
					return this.paged(
						req,
						[...this.products.values()].filter((p) => p.type === type),
						(p) => this.productOut(p),
						20,
					);
				const p = this.products.get(this.pkey(type, b));
				if (!p) throw new LwError(404, `${type[0].toUpperCase()}${type.slice(1)} not found`, type);
				return { status: 200, body: this.productOut(p) };
			}
		}
		if (a === 'event-logs' && n === 1 && m === 'GET') return this.eventLogs(req);
		if (a === 'bulk-actions' && this.vendor === 'grow') {
			if (n === 2 && b === 'enrollments' && m === 'POST')
				return this.submitBulk(this.json(req), req.now);
			if (n === 2 && m === 'GET') return this.pollBulk(b, req.now);
		}
		throw new LwError(404, 'Not found', 'route');
	}

	private listingType(segment: string | undefined): ProductType | undefined {
		if (segment === 'courses') return 'course';
		if (segment === 'bundles') return 'bundle';
		if (this.vendor === 'learnworlds' && segment === 'subscription-plans') return 'subscription';
		if (this.vendor === 'grow' && segment === 'programs') return 'program';
		return undefined;
	}

	private json(req: SimRequest): Record<string, unknown> {
		if (req.rawBody.trim() === '') return {};
		let v: unknown;
		try {
			v = JSON.parse(req.rawBody);
		} catch {
			throw new LwError(400, 'The request body is not valid JSON', 'body');
		}
		if (!isObj(v)) throw new LwError(400, 'The request body must be a JSON object', 'body');
		return v;
	}

	// ---------------------------------------------------------------- users

	private lookupUser(idOrEmail: string | undefined): LwUser | undefined {
		if (!idOrEmail) return undefined;
		return (
			this.users.get(idOrEmail) ?? this.users.get(this.byEmail.get(idOrEmail.toLowerCase()) ?? '')
		);
	}

	private requireUser(idOrEmail: string | undefined): LwUser {
		const u = this.lookupUser(idOrEmail);
		if (!u) throw new LwError(404, 'User not found', 'user');
		return u;
	}

	private userForGet(idOrEmail: string | undefined, req: SimRequest): LwUser {
		const u = this.requireUser(idOrEmail);
		if (u.suspended && req.query.include_suspended !== 'true')
			throw new LwError(404, 'User not found', 'user');
		return u;
	}

	private listUsers(req: SimRequest): SimResponse {
		const q = req.query;
		const withSuspended = q.include_suspended === 'true' || q.status === 'suspended';
		// get-users' status values; nobody logs in here, and paying means an enrollment with a price.
		const paying = (u: LwUser) =>
			[...(this.enrollments.get(u.id)?.values() ?? [])].some((e) => e.price > 0);
		const statusOk = (u: LwUser) =>
			q.status === undefined ||
			q.status === 'never_logged_in' ||
			(q.status === 'suspended' ? u.suspended : q.status === 'paying' ? paying(u) : !paying(u));
		const tags =
			q.tags === undefined
				? undefined
				: q.tags
						.split(',')
						.map((t) => t.trim().toLowerCase())
						.filter((t) => t !== '');
		let after: number | undefined;
		if (q.registration_after !== undefined) {
			after = Number(q.registration_after) * 1000;
			if (!Number.isFinite(after))
				throw new LwError(400, 'registration_after must be a unix timestamp', 'registration_after');
		}
		const filtered =
			withSuspended &&
			q.status === undefined &&
			q.role === undefined &&
			!tags &&
			after === undefined;
		const list = filtered
			? this.userList
			: this.userList.filter(
					(u) =>
						(withSuspended || !u.suspended) &&
						statusOk(u) &&
						(q.role === undefined || u.role === q.role) &&
						(!tags || u.tags.some((t) => tags.includes(t.toLowerCase()))) &&
						(after === undefined || u.created > after),
				);
		return this.paged(req, list, (u) => this.userOut(u));
	}

	private createUser(f: Record<string, unknown>, now: number): SimResponse {
		if (typeof f.email !== 'string' || f.email.trim() === '')
			throw new LwError(400, 'The email field is required.', 'email');
		if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.email))
			throw new LwError(400, 'The email must be a valid email address.', 'email');
		if (typeof f.username !== 'string' || f.username.trim() === '')
			throw new LwError(400, 'The username field is required.', 'username');
		if (this.byEmail.has(f.email.toLowerCase()))
			throw new LwError(400, 'The email has already been taken.', 'email');
		if (f.tags !== undefined && !isStringArray(f.tags))
			throw new LwError(400, 'tags must be an array of strings', 'tags');
		if (f.fields !== undefined && !isObj(f.fields))
			throw new LwError(400, 'fields must be an object', 'fields');
		const u = this.insertUser(
			{
				email: f.email.trim(),
				username: f.username,
				fields: { ...(f.fields as Record<string, unknown> | undefined) },
				tags: [...new Set((f.tags as string[] | undefined) ?? [])],
				role: 'user',
				suspended: false,
			},
			now,
		);
		this.pushEvent(this.event('register', now, u.id));
		return { status: 201, body: this.userOut(u) };
	}

	private updateUser(u: LwUser, f: Record<string, unknown>, now: number): SimResponse {
		if (f.email !== undefined) {
			if (typeof f.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.email))
				throw new LwError(400, 'The email must be a valid email address.', 'email');
			const other = this.byEmail.get(f.email.toLowerCase());
			if (other !== undefined && other !== u.id)
				throw new LwError(400, 'The email has already been taken.', 'email');
		}
		if (f.username !== undefined && (typeof f.username !== 'string' || f.username.trim() === ''))
			throw new LwError(400, 'username must be a non-empty string', 'username');
		if (f.fields !== undefined && !isObj(f.fields))
			throw new LwError(400, 'fields must be an object', 'fields');
		if (f.tags !== undefined && !isStringArray(f.tags))
			throw new LwError(400, 'tags must be an array of strings', 'tags');
		// Only sent fields change.
		if (typeof f.email === 'string') {
			this.byEmail.delete(u.email.toLowerCase());
			u.email = f.email;
			this.byEmail.set(u.email.toLowerCase(), u.id);
		}
		if (typeof f.username === 'string') u.username = f.username;
		if (isObj(f.fields)) u.fields = { ...u.fields, ...f.fields };
		if (isStringArray(f.tags)) u.tags = [...new Set(f.tags)];
		u.updated = now;
		return { status: 200, body: this.userOut(u) };
	}

	private putTags(u: LwUser, f: Record<string, unknown>, now: number): SimResponse {
		if (!isStringArray(f.tags))
			throw new LwError(400, 'The tags field is required and must be an array of strings.', 'tags');
		if (f.action !== 'attach' && f.action !== 'detach')
			throw new LwError(400, 'The action must be attach or detach.', 'action');
		if (f.action === 'attach') {
			for (const t of f.tags)
				if (!u.tags.some((x) => x.toLowerCase() === t.toLowerCase())) u.tags.push(t);
		} else {
			const drop = new Set(f.tags.map((t) => t.toLowerCase()));
			u.tags = u.tags.filter((t) => !drop.has(t.toLowerCase()));
		}
		u.updated = now;
		return { status: 200, body: this.userOut(u) };
	}

	/** put-v2-users-id-user-role: `role_id` (required by the spec) names a role of GET /user-roles. */
	private setRole(u: LwUser, f: Record<string, unknown>, now: number): SimResponse {
		const level = this.spec.roles.find((r) => this.roleId(r) === f.role_id);
		if (!level) throw new LwError(404, `No user role with id ${String(f.role_id)}`, 'role_id');
		u.role = level;
		u.updated = now;
		return { status: 200, body: this.userRoleOut(u) };
	}

	private roleId(level: string): string {
		return oid('64d40000', this.spec.roles.indexOf(level) + 1);
	}

	private roleRecord(level: string): {
		id: string;
		title: string;
		access_level: string;
		custom_role: boolean;
	} {
		return {
			id: this.roleId(level),
			title: this.roleOut(level).name as string,
			access_level: level,
			custom_role: false,
		};
	}

	/** get-v2-users-id-user-role's UserRoleUserResponse. */
	private userRoleOut(u: LwUser): Record<string, unknown> {
		const r = this.roleRecord(u.role);
		return {
			id: u.id,
			email: u.email,
			username: u.username,
			role_id: r.id,
			user_role: { id: r.id, access_level: r.access_level, name: r.title },
		};
	}

	// ---------------------------------------------------------------- enrollment

	private productFrom(f: Record<string, unknown>): LwProduct {
		if (f.productId === undefined || f.productId === null || f.productId === '')
			throw new LwError(400, 'The productId field is required.', 'productId');
		if (
			typeof f.productType !== 'string' ||
			!(this.spec.productTypes as readonly string[]).includes(f.productType)
		) {
			throw new LwError(
				400,
				`The productType must be one of ${this.spec.productTypes.join(', ')}.`,
				'productType',
			);
		}
		const p = this.products.get(this.pkey(f.productType as ProductType, String(f.productId)));
		if (!p) throw new LwError(404, 'Product not found', 'productId');
		return p;
	}

	private checkVisible(u: LwUser, now: number): void {
		// Seen by users of other integrations: a brand-new user is briefly unknown here.
		if (this.enrollDelayMs > 0 && now - u.created < this.enrollDelayMs)
			throw new LwError(404, 'User not found', 'user');
	}

	private enroll(u: LwUser, f: Record<string, unknown>, now: number): SimResponse {
		this.checkVisible(u, now);
		const p = this.productFrom(f);
		if (f.price === undefined || f.price === null || f.price === '')
			throw new LwError(400, 'The price field is required.', 'price');
		const price = Number(f.price);
		if (!Number.isFinite(price) || price < 0)
			throw new LwError(400, 'The price must be a non-negative number.', 'price');
		if (this.enrollments.get(u.id)?.has(this.pkey(p.type, p.id)))
			throw new LwError(400, 'The user is already enrolled in this product.', 'productId');
		this.applyEnrollment(
			u,
			p,
			price,
			typeof f.justification === 'string' ? f.justification : null,
			now,
		);
		return {
			status: 200,
			body: { success: true, user_id: u.id, productId: p.id, productType: p.type },
		};
	}

	private applyEnrollment(
		u: LwUser,
		p: LwProduct,
		price: number,
		justification: string | null,
		now: number,
	): void {
		this.addEnrollment(u, p, price, justification, now);
		// An admin's API enrollment; which activity LearnWorlds logs for it is our guess.
		this.pushEvent(this.event('manual_enrollment', now, u.id, p.id, p.type));
	}

	private unenroll(u: LwUser, f: Record<string, unknown>, now: number): SimResponse {
		this.checkVisible(u, now);
		const p = this.productFrom(f);
		const m = this.enrollments.get(u.id);
		if (!m?.delete(this.pkey(p.type, p.id)))
			throw new LwError(404, 'The user is not enrolled in this product.', 'productId');
		// Access to a course ends when no remaining enrollment reaches it; history of completed ones stays.
		const reachable = new Set<string>();
		for (const e of m.values())
			for (const cid of this.products.get(this.pkey(e.productType, e.productId))?.courses ?? [])
				reachable.add(cid);
		const pm = this.progress.get(u.id);
		for (const cid of p.courses)
			if (!reachable.has(cid) && pm?.get(cid)?.status !== 'completed') pm?.delete(cid);
		return {
			status: 200,
			body: { success: true, user_id: u.id, productId: p.id, productType: p.type },
		};
	}

	private userProducts(req: SimRequest, u: LwUser, only?: ProductType): SimResponse {
		const list = [...(this.enrollments.get(u.id)?.values() ?? [])].filter(
			(e) => !only || e.productType === only,
		);
		return this.paged(req, list, (e) => this.enrollmentOut(e, u.id));
	}

	// ---------------------------------------------------------------- groups and seats

	private routeGroups(req: SimRequest, parts: string[]): SimResponse {
		const [, b, c, d] = parts;
		const m = req.method;
		const n = parts.length;
		if (n === 1 && m === 'GET')
			return this.paged(req, [...this.groups.values()], (g) => this.groupOut(g), 20);
		if (n === 1 && m === 'POST') {
			const f = this.json(req);
			if (typeof f.title !== 'string' || f.title.trim() === '')
				throw new LwError(400, 'The title field is required.', 'title');
			// post-v2-groups requires title and products.courses (the contract check enforces both).
			const courses =
				isObj(f.products) && Array.isArray(f.products.courses) ? f.products.courses : [];
			for (const cid of courses)
				if (!this.products.has(this.pkey('course', String(cid))))
					throw new LwError(400, `Unknown course ${String(cid)}`, 'products');
			const g: LwGroup = {
				id: oid('64b20000', this.ids.group++),
				title: f.title,
				description: '',
				courses: courses.map(String),
				members: new Set(),
				created: req.now,
			};
			this.groups.set(g.id, g);
			return { status: 201, body: this.groupOut(g) };
		}
		const g = this.groups.get(b);
		if (!g) throw new LwError(404, 'User group not found', 'user_group');
		if (n === 2 && m === 'GET') return { status: 200, body: this.groupOut(g) };
		if (n === 3 && c === 'users' && m === 'GET')
			return this.paged(
				req,
				[...g.members].map((id) => this.users.get(id)!),
				(u) => this.userOut(u),
			);
		if (n === 4 && c === 'users') {
			const u = this.requireUser(d);
			if (m === 'POST') {
				if (g.members.has(u.id))
					throw new LwError(400, 'The user is already a member of this user group.', 'user');
				g.members.add(u.id);
				return { status: 200, body: { success: true } };
			}
			if (m === 'DELETE') {
				if (!g.members.delete(u.id))
					throw new LwError(404, 'The user is not a member of this user group.', 'user');
				return { status: 200, body: { success: true } };
			}
		}
		throw new LwError(404, 'Not found', 'route');
	}

	private routeSeats(req: SimRequest, parts: string[]): SimResponse {
		const [, b, c, d] = parts;
		const m = req.method;
		const n = parts.length;
		if (n === 1 && m === 'GET')
			return this.paged(req, [...this.seats.values()].reverse(), (s) => this.seatOut(s), 20);
		if (n === 1 && m === 'POST') {
			const f = this.json(req);
			if (typeof f.title !== 'string' || f.title.trim() === '')
				throw new LwError(400, 'The title field is required.', 'title');
			// SeatRequest: title, products.courses and number_of_seats (the contract check requires them).
			const total = Number(f.number_of_seats);
			if (!Number.isInteger(total) || total < 1)
				throw new LwError(422, 'number_of_seats must be a positive integer', 'number_of_seats');
			const first =
				isObj(f.products) && Array.isArray(f.products.courses) ? f.products.courses[0] : undefined;
			const product: LwSeat['product'] =
				first === undefined
					? null
					: {
							id: this.productFrom({ productId: String(first), productType: 'course' }).id,
							type: 'course',
						};
			const s: LwSeat = {
				id: oid('64c30000', this.ids.seat++),
				title: f.title,
				product,
				totalSeats: total,
				members: new Map(),
				created: req.now,
			};
			this.seats.set(s.id, s);
			return { status: 201, body: this.seatOut(s) };
		}
		const s = this.seats.get(b);
		if (!s) throw new LwError(404, 'Seat offering not found', 'seat');
		if (n === 2 && m === 'GET') return { status: 200, body: this.seatOut(s) };
		if (n === 3 && c === 'users' && m === 'GET')
			return this.paged(
				req,
				[...s.members.keys()].map((id) => this.users.get(id)!),
				(u) => this.userOut(u),
			);
		if (n === 4 && c === 'users') {
			const u = this.requireUser(d);
			if (m === 'POST') {
				const f = this.json(req);
				if (s.members.has(u.id))
					throw new LwError(400, 'The user is already a member of this seat offering.', 'user');
				const active = f.add_to_active_seat === true || f.add_to_active_seat === 'true';
				if (active && this.occupied(s) >= s.totalSeats)
					throw new LwError(
						400,
						'No seats are available in this seat offering.',
						'add_to_active_seat',
					);
				s.members.set(u.id, active);
				return { status: 200, body: { success: true } };
			}
			if (m === 'DELETE') {
				if (!s.members.delete(u.id))
					throw new LwError(404, 'The user is not a member of this seat offering.', 'user');
				return { status: 200, body: { success: true } };
			}
		}
		throw new LwError(404, 'Not found', 'route');
	}

	private occupied(s: LwSeat): number {
		let k = 0;
		for (const active of s.members.values()) if (active) k++;
		return k;
	}

	// ---------------------------------------------------------------- event log

	private eventLogs(req: SimRequest): SimResponse {
		const q = req.query;
		// get-event-logs: `activity` is one value of the spec's enum (the contract check refuses others).
		const activity = q.activity;
		const bound = (name: string): number | undefined => {
			if (q[name] === undefined) return undefined;
			const v = Number(q[name]);
			if (!Number.isFinite(v)) throw new LwError(400, `${name} must be a unix timestamp`, name);
			return v * 1000;
		};
		const after = bound('created_after');
		const before = bound('created_before');
		const sort = q.sort ?? 'desc';
		if (sort !== 'asc' && sort !== 'desc')
			throw new LwError(400, 'sort must be asc or desc', 'sort');
		// Binary search to the first event at or after `created_after` (inclusive, see the header).
		let lo = 0;
		if (after !== undefined) {
			let hi = this.events.length;
			while (lo < hi) {
				const mid = (lo + hi) >>> 1;
				if (this.events[mid].at < after) lo = mid + 1;
				else hi = mid;
			}
		}
		const list: LwEvent[] = [];
		for (let i = lo; i < this.events.length; i++) {
			const e = this.events[i];
			if (before !== undefined && e.at >= before) break;
			if (
				(activity === undefined || e.activity === activity) &&
				(q.user_id === undefined || e.userId === q.user_id)
			)
				list.push(e);
		}
		if (sort === 'desc') list.reverse();
		return this.paged(req, list, (e) => this.eventOut(e), LW_EVENTS_PER_PAGE, true);
	}

	// ---------------------------------------------------------------- Grow bulk

	private submitBulk(f: Record<string, unknown>, now: number): SimResponse {
		if (!Array.isArray(f.items) || f.items.length === 0)
			throw new LwError(
				400,
				'items must be a non-empty array of {user, productId, productType, price}',
				'items',
			);
		if (f.items.length > 1000)
			throw new LwError(400, 'At most 1000 items per bulk action', 'items');
		const a: BulkAction = {
			id: `bulk_${oid('', this.ids.bulk++).slice(-8)}`,
			created: now,
			polls: 0,
			items: f.items,
		};
		this.bulk.set(a.id, a);
		return { status: 202, body: { action_id: a.id, status: 'pending', total: a.items.length } };
	}

	private pollBulk(id: string, now: number): SimResponse {
		const a = this.bulk.get(id);
		if (!a) throw new LwError(404, 'Bulk action not found', 'action_id');
		a.polls++;
		// Deterministic asynchrony: the first poll sees "pending"; later polls (or enough time) see it done.
		if (!a.results && (a.polls >= 2 || now - a.created >= this.bulkActionMs))
			a.results = a.items.map((it, index) => this.bulkItem(it, index, now));
		if (!a.results)
			return { status: 200, body: { action_id: a.id, status: 'pending', total: a.items.length } };
		const failed = a.results.filter((r) => r.success === false).length;
		return {
			status: 200,
			body: {
				action_id: a.id,
				status: 'completed',
				total: a.items.length,
				succeeded: a.items.length - failed,
				failed,
				results: a.results,
			},
		};
	}

	private bulkItem(it: unknown, index: number, now: number): Record<string, unknown> {
		const f = isObj(it) ? it : {};
		const base = {
			index,
			user: f.user ?? null,
			productId: f.productId ?? null,
			productType: f.productType ?? null,
		};
		try {
			const u = this.requireUser(
				typeof f.user === 'string' ? f.user : f.user === undefined ? undefined : String(f.user),
			);
			const p = this.productFrom(f);
			if (
				f.price === undefined ||
				f.price === null ||
				f.price === '' ||
				!Number.isFinite(Number(f.price))
			)
				throw new LwError(400, 'The price field is required.', 'price');
			if (this.enrollments.get(u.id)?.has(this.pkey(p.type, p.id)))
				return { ...base, user_id: u.id, success: true, status: 'already_enrolled' };
			this.applyEnrollment(
				u,
				p,
				Number(f.price),
				typeof f.justification === 'string' ? f.justification : null,
				now,
			);
			return { ...base, user_id: u.id, success: true, status: 'enrolled' };
		} catch (e) {
			if (!(e instanceof LwError)) throw e;
			return { ...base, success: false, status: 'failed', error: e.message };
		}
	}

	// ---------------------------------------------------------------- paging and shapes

	/**
	 * `page` from 1 and `items_per_page` (≤ 200). A page past the end answers the last page again,
	 * as LearnWorlds does; `meta.page` echoes the page asked for.
	 */
	private paged<T>(
		req: SimRequest,
		list: readonly T[],
		out: (x: T) => unknown,
		defaultPer = 50,
		fixedPer = false,
	): SimResponse {
		const rawPage = req.query.page ?? '1';
		if (!/^\d+$/.test(rawPage) || Number(rawPage) < 1)
			throw new LwError(400, 'page must be a positive integer', 'page');
		let per = defaultPer;
		if (!fixedPer && req.query.items_per_page !== undefined) {
			const raw = req.query.items_per_page;
			if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > LW_MAX_PER_PAGE)
				throw new LwError(
					400,
					`items_per_page must be between 1 and ${LW_MAX_PER_PAGE}`,
					'items_per_page',
				);
			per = Number(raw);
		}
		const page = Number(rawPage);
		const totalPages = Math.max(1, Math.ceil(list.length / per));
		const served = Math.min(page, totalPages);
		const start = (served - 1) * per;
		return {
			status: 200,
			body: {
				data: list.slice(start, start + per).map(out),
				meta: { page, totalItems: list.length, totalPages, itemsPerPage: per },
			},
		};
	}

	private roleOut(level: string): Record<string, unknown> {
		return {
			level,
			name: level
				.split('_')
				.map((w) => w[0].toUpperCase() + w.slice(1))
				.join(' '),
		};
	}

	private userOut(u: LwUser): Record<string, unknown> {
		return {
			id: u.id,
			email: u.email,
			username: u.username,
			avatar: null,
			role: this.roleOut(u.role),
			is_admin: u.role === 'admin',
			is_instructor: u.role === 'instructor',
			is_suspended: u.suspended,
			fields: { ...u.fields },
			tags: [...u.tags],
			created: unix(u.created),
			last_login: null,
		};
	}

	private productOut(p: LwProduct): Record<string, unknown> {
		const out: Record<string, unknown> = {
			id: p.id,
			title: p.title,
			type: p.type,
			price: p.price,
			created: unix(p.created),
		};
		if (p.type !== 'course') out.courses = [...p.courses];
		return out;
	}

	private enrollmentOut(e: LwEnrollment, userId?: string): Record<string, unknown> {
		const p = this.products.get(this.pkey(e.productType, e.productId));
		const out: Record<string, unknown> = {
			id: e.productId,
			productId: e.productId,
			productType: e.productType,
			type: e.productType,
			title: p?.title ?? null,
			price: e.price,
			justification: e.justification,
			enrolled_at: unix(e.enrolledAt),
		};
		if (e.productType === 'course' && userId) {
			const pr = this.progress.get(userId)?.get(e.productId);
			if (pr)
				Object.assign(out, {
					status: pr.status,
					progress_rate: pr.progressRate,
					completed_at: unix(pr.completedAt),
				});
		}
		return out;
	}

	private progressOut(courseId: string, p: LwProgress): Record<string, unknown> {
		return {
			course_id: courseId,
			status: p.status,
			progress_rate: p.progressRate,
			average_score_rate: p.score,
			completed_at: unix(p.completedAt),
			started_at: unix(p.startedAt),
		};
	}

	private groupOut(g: LwGroup): Record<string, unknown> {
		// UserGroupResponse.
		return {
			id: g.id,
			title: g.title,
			products: { courses: [...g.courses] },
			enroll_users_on_courses: false,
			group_managers: [],
			tags: [],
			created: unix(g.created),
			modified: unix(g.created),
		};
	}

	private seatOut(s: LwSeat): Record<string, unknown> {
		// SeatResponse.
		return {
			id: s.id,
			title: s.title,
			description: '',
			products: { courses: s.product ? [s.product.id] : [] },
			number_of_seats: s.totalSeats,
			available_seats: s.totalSeats - this.occupied(s),
			max_number_of_users: null,
			seat_managers: [],
			tags: [],
			total_enrollments: s.members.size,
			created: unix(s.created),
			modified: unix(s.created),
		};
	}

	/**
	 * The spec's EventLog: `user, created, activity, type, description, additional_info`. What
	 * `additional_info` holds is not documented: the course or product (and a completion's score)
	 * there, and the user's email beside id and username, are our guesses.
	 */
	private eventOut(e: LwEvent): Record<string, unknown> {
		const u = this.users.get(e.userId);
		const info: Record<string, unknown> = {};
		if (e.productId !== undefined) {
			const p = this.products.get(this.pkey(e.productType ?? 'course', e.productId));
			const ref = { id: e.productId, title: p?.title ?? null };
			if (e.productType === 'course') info.course = ref;
			else info.product = { ...ref, type: e.productType };
		}
		if (e.activity === 'complete_course') info.score = e.score ?? null;
		const type =
			e.activity === 'register' ? 'user' : e.activity === 'complete_course' ? 'award' : 'purchase';
		return {
			id: oid('64e50000', e.id),
			activity: e.activity,
			type,
			created: unix(e.at),
			description: e.activity.replace(/_/g, ' '),
			user: { id: e.userId, username: u?.username ?? null, email: u?.email ?? null },
			additional_info: info,
		};
	}
}

/** Merges two arrays already ascending by `at` (stable: `a` first on ties). */
function mergeByTime(a: LwEvent[], b: LwEvent[]): LwEvent[] {
	const out: LwEvent[] = new Array(a.length + b.length);
	let i = 0;
	let j = 0;
	let k = 0;
	while (i < a.length && j < b.length) out[k++] = b[j].at < a[i].at ? b[j++] : a[i++];
	while (i < a.length) out[k++] = a[i++];
	while (j < b.length) out[k++] = b[j++];
	return out;
}

function isObj(v: unknown): v is Record<string, unknown> {
	return !!v && typeof v === 'object' && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
	return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

export function createLearnWorldsSimulator(
	kind: LearnWorldsKind,
	seed?: SeedOptions,
	opts?: LearnWorldsOptions,
): LearnWorldsSimulator {
	return new LearnWorldsSimulator(kind, seed, opts);
}
