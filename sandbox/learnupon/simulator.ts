/**
 * LearnUpon API v1 simulator, as VENDORS.md describes it: /api/v1, Basic auth with the portal's
 * API username/password, JSON bodies with capitalised wrappers, lowercase response keys, 500
 * records a page with LU-Has-Next-Page / LU-Current-Page, a per-minute (and per-week) budget
 * reported on every answer, group rules that auto-enroll, asynchronous bulk enrollment.
 */
import type { SeedOptions, SimRequest, SimResponse, VendorSimulator } from '../types';
import { FixedWindowBudget, SEED_EPOCH_MS, basicAuthMatches, contentTypeOf, createPrng, seedPerson } from '../util';

export const LEARNUPON_USERNAME = 'lu-sandbox-api-user';
export const LEARNUPON_PASSWORD = 'lu-sandbox-api-password';
export const LEARNUPON_PAGE_SIZE = 500;
const BASE = '/api/v1';

export type LuEnrollmentStatus = 'not_started' | 'in_progress' | 'completed' | 'passed' | 'failed' | 'pending_review';
const USER_TYPES = ['learner', 'instructor', 'manager', 'admin'];

interface LUser {
	id: number;
	email: string;
	username: string | null;
	first_name: string;
	last_name: string;
	user_type: string;
	enabled: boolean;
	language: string;
	custom: Record<string, unknown>;
	created_at: number;
	updated_at: number;
}

interface LEnrollment {
	id: number;
	user_id: number;
	course_id: number;
	status: LuEnrollmentStatus;
	percentage: number;
	score: number | null;
	date_enrolled: number;
	date_completed: number | null;
	due_date: string | null;
	updated_at: number;
}

interface LCourse {
	id: number;
	name: string;
	reference_code: string;
	created_at: number;
}

interface LGroup {
	id: number;
	title: string;
	/** Group rule: members are auto-enrolled into these courses. */
	course_ids: number[];
	created_at: number;
}

interface LMembership {
	id: number;
	group_id: number;
	user_id: number;
	created_at: number;
}

interface BulkJob {
	id: number;
	created_at: number;
	polls: number;
	items: { course_id: unknown; user_id: unknown }[];
	results?: unknown[];
}

export interface LearnUponOptions {
	/** Calls per calendar minute before 429 (LearnUpon publishes no number; 600 is our guess). */
	perMinute?: number;
	/** Calls per calendar week before 429. */
	perWeek?: number;
	/** A bulk job reports "completed" once this long has passed since submission, or on its second poll. */
	bulkJobMs?: number;
}

class LuError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class LearnUponSimulator implements VendorSimulator {
	readonly vendor = 'learnupon' as const;
	readonly credentials = { username: LEARNUPON_USERNAME, password: LEARNUPON_PASSWORD };

	private users = new Map<number, LUser>();
	private byEmail = new Map<string, number>();
	private enrollments = new Map<number, LEnrollment>();
	/** userId → courseId → enrollment id (current enrollment only). */
	private enrollIndex = new Map<number, Map<number, number>>();
	/** userId → every enrollment id, history included (keeps per-user search and delete O(own)). */
	private userEnrollments = new Map<number, Set<number>>();
	/** `${groupId}:${userId}` → membership id. */
	private membershipIndex = new Map<string, number>();
	private courses = new Map<number, LCourse>();
	private groups = new Map<number, LGroup>();
	private memberships = new Map<number, LMembership>();
	private jobs = new Map<number, BulkJob>();
	private ids = { user: 1, enrollment: 1, group: 1, membership: 1, job: 1 };
	private rateLimitOn = true;
	private readonly minute: FixedWindowBudget;
	private readonly week: FixedWindowBudget;
	private readonly bulkJobMs: number;

	constructor(seed?: SeedOptions, opts: LearnUponOptions = {}) {
		this.minute = new FixedWindowBudget(opts.perMinute ?? 600, 60_000);
		this.week = new FixedWindowBudget(opts.perWeek ?? 1_000_000, 7 * 86_400_000);
		this.bulkJobMs = opts.bulkJobMs ?? 1000;
		this.reset(seed);
	}

	// ---------------------------------------------------------------- seeding

	reset(seed: SeedOptions = {}): void {
		const rnd = createPrng(seed.seed ?? 42);
		const nUsers = seed.users ?? 50;
		const nCourses = Math.max(1, seed.courses ?? 8);
		const nGroups = seed.groups ?? 4;
		const nCompletions = seed.completions ?? Math.min(30, nUsers);
		this.users.clear();
		this.byEmail.clear();
		this.enrollments.clear();
		this.enrollIndex.clear();
		this.userEnrollments.clear();
		this.membershipIndex.clear();
		this.courses.clear();
		this.groups.clear();
		this.memberships.clear();
		this.jobs.clear();
		this.ids = { user: 1, enrollment: 1, group: 1, membership: 1, job: 1 };
		this.minute.clear();
		this.week.clear();

		const t0 = SEED_EPOCH_MS - 90 * 86_400_000;
		// LearnUpon ids are large integers; offsets make it obvious when ids get mixed up.
		for (let i = 1; i <= nCourses; i++) {
			const id = 3000 + i;
			this.courses.set(id, { id, name: `Course ${i}: ${['Security Basics', 'Onboarding', 'GDPR', 'Leadership', 'Excel', 'Safety'][i % 6]}`, reference_code: `LU-C${i}`, created_at: t0 });
		}
		const courseIds = [...this.courses.keys()];
		for (let i = 1; i <= nGroups; i++) {
			const id = this.ids.group++ + 700;
			// Odd groups carry a course rule (auto-enroll), even groups none.
			const rule = i % 2 === 1 ? [courseIds[(i - 1) % courseIds.length]] : [];
			this.groups.set(id, { id, title: `Group ${i}`, course_ids: rule, created_at: t0 });
		}
		this.ids.user = 10_001;
		for (let i = 0; i < nUsers; i++) {
			const p = seedPerson(i, rnd);
			const created = t0 + Math.floor(rnd() * 60 * 86_400_000);
			const u = this.insertUser({ email: p.email, first_name: p.first, last_name: p.last, username: p.login, user_type: i === 0 ? 'admin' : 'learner', enabled: i % 10 !== 9, custom: {} }, created);
			if (i % 2 === 0) this.enroll(u.id, courseIds[i % courseIds.length], created + 86_400_000, null);
		}
		const userIds = [...this.users.keys()];
		for (let k = 0; k < nCompletions && userIds.length > 0; k++) {
			const uid = userIds[(k * 7919) % userIds.length];
			const cid = courseIds[k % courseIds.length];
			const at = SEED_EPOCH_MS - 30 * 86_400_000 + Math.floor(((k + 1) / (nCompletions + 1)) * 30 * 86_400_000);
			const e = this.currentEnrollment(uid, cid) ?? this.enroll(uid, cid, at - 86_400_000, null);
			this.finish(e, k % 3 === 0 ? 'passed' : 'completed', at);
		}
	}

	private insertUser(f: Omit<LUser, 'id' | 'created_at' | 'updated_at' | 'language'> & { language?: string }, now: number): LUser {
		const u: LUser = { id: this.ids.user++, language: 'en', ...f, created_at: now, updated_at: now } as LUser;
		this.users.set(u.id, u);
		this.byEmail.set(u.email.toLowerCase(), u.id);
		return u;
	}

	private currentEnrollment(userId: number, courseId: number): LEnrollment | undefined {
		const id = this.enrollIndex.get(userId)?.get(courseId);
		return id === undefined ? undefined : this.enrollments.get(id);
	}

	private enroll(userId: number, courseId: number, now: number, dueDate: string | null): LEnrollment {
		const e: LEnrollment = { id: 50_000 + this.ids.enrollment++, user_id: userId, course_id: courseId, status: 'not_started', percentage: 0, score: null, date_enrolled: now, date_completed: null, due_date: dueDate, updated_at: now };
		this.enrollments.set(e.id, e);
		let m = this.enrollIndex.get(userId);
		if (!m) this.enrollIndex.set(userId, (m = new Map()));
		m.set(courseId, e.id);
		let all = this.userEnrollments.get(userId);
		if (!all) this.userEnrollments.set(userId, (all = new Set()));
		all.add(e.id);
		return e;
	}

	private finish(e: LEnrollment, status: LuEnrollmentStatus, at: number, score?: number): void {
		e.status = status;
		e.percentage = status === 'completed' || status === 'passed' ? 100 : e.percentage;
		e.date_completed = status === 'completed' || status === 'passed' || status === 'failed' ? at : null;
		e.score = score ?? (status === 'passed' ? 90 : e.score);
		e.updated_at = at;
	}

	/**
	 * Test helper: finish an enrollment (by id, or by user and course). Defaults: status
	 * 'completed', `at` = now. Returns the enrollment as the API shows it.
	 */
	completeEnrollment(
		ref: number | { userId: number; courseId: number },
		opts: { status?: LuEnrollmentStatus; at?: number; score?: number } = {},
	): Record<string, unknown> {
		const e = typeof ref === 'number' ? this.enrollments.get(ref) : this.currentEnrollment(ref.userId, ref.courseId);
		if (!e) throw new Error('no such enrollment');
		this.finish(e, opts.status ?? 'completed', opts.at ?? Date.now(), opts.score);
		return this.enrollmentOut(e);
	}

	userIdByEmail(email: string): number | undefined {
		return this.byEmail.get(email.toLowerCase());
	}

	control(action: string, args: Record<string, unknown>, now: number): unknown {
		if (action === 'completeEnrollment') {
			const at = args.at === undefined ? now : typeof args.at === 'number' ? args.at : Date.parse(String(args.at));
			const ref = args.enrollmentId !== undefined ? Number(args.enrollmentId) : { userId: Number(args.userId), courseId: Number(args.courseId) };
			return this.completeEnrollment(ref, { status: args.status as LuEnrollmentStatus | undefined, at, score: args.score as number | undefined });
		}
		if (action === 'setRateBudget') {
			if (args.perMinute !== undefined) this.minute.limit = positiveInt(args.perMinute, 'perMinute');
			if (args.perWeek !== undefined) this.week.limit = positiveInt(args.perWeek, 'perWeek');
			return { perMinute: this.minute.limit, perWeek: this.week.limit };
		}
		throw new Error(`unknown control action: ${action}`);
	}

	// ---------------------------------------------------------------- contract

	setRateLimitEnforced(on: boolean): void {
		this.rateLimitOn = on;
	}

	rateLimitResponse(): SimResponse {
		return { status: 429, body: { message: 'Rate limit exceeded', response_code: 429 } };
	}

	serverErrorResponse(status: number): SimResponse {
		return { status, body: { message: 'Internal Server Error', response_code: status } };
	}

	state(): unknown {
		return {
			users: [...this.users.values()].map((u) => this.userOut(u)),
			enrollments: [...this.enrollments.values()].map((e) => this.enrollmentOut(e)),
			courses: [...this.courses.values()].map((c) => this.courseOut(c)),
			groups: [...this.groups.values()].map((g) => ({ ...this.groupOut(g), course_ids: g.course_ids })),
			group_memberships: [...this.memberships.values()].map((m) => this.membershipOut(m)),
			bulk_jobs: [...this.jobs.values()].map((j) => ({ id: j.id, items: j.items.length, status: j.results ? 'completed' : 'pending' })),
		};
	}

	handle(req: SimRequest): SimResponse {
		if (req.path !== BASE && !req.path.startsWith(BASE + '/')) return this.err(404, 'Not Found');
		if (!basicAuthMatches(req.headers.authorization, LEARNUPON_USERNAME, LEARNUPON_PASSWORD)) {
			return this.withBudget(this.err(401, 'Unauthorized: invalid API username or password'), req.now);
		}
		if (this.rateLimitOn && (this.minute.remaining(req.now) <= 0 || this.week.remaining(req.now) <= 0)) {
			return this.withBudget(this.rateLimitResponse(), req.now);
		}
		this.minute.take(req.now);
		this.week.take(req.now);
		let res: SimResponse;
		try {
			res = this.route(req);
		} catch (e) {
			if (!(e instanceof LuError)) throw e;
			res = this.err(e.status, e.message);
		}
		return this.withBudget(res, req.now);
	}

	private withBudget(res: SimResponse, now: number): SimResponse {
		return {
			...res,
			headers: {
				...res.headers,
				'X-LU-Rate-Limit-Remaining-Minute': String(this.minute.remaining(now)),
				'X-LU-Rate-Limit-Remaining-Week': String(this.week.remaining(now)),
			},
		};
	}

	private err(status: number, message: string): SimResponse {
		return { status, body: { message, response_code: status } };
	}

	private route(req: SimRequest): SimResponse {
		const parts = req.path.slice(BASE.length + 1).split('/').filter((s) => s !== '');
		const [a, b, c] = parts;
		const m = req.method;
		const now = req.now;
		const id = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : NaN);

		if (a === 'users') {
			if (parts.length === 1 && m === 'GET') return this.listUsers(req);
			if (parts.length === 1 && m === 'POST') return this.createUser(this.wrapped(req, 'User'), now);
			if (parts.length === 2 && b === 'search' && m === 'GET') return this.searchUsers(req);
			if (parts.length === 2) {
				const u = this.users.get(id(b));
				if (!u) throw new LuError(404, 'User not found');
				if (m === 'GET') return { status: 200, body: { user: [this.userOut(u)] } };
				if (m === 'PUT') return this.updateUser(u, this.wrapped(req, 'User'), now);
				if (m === 'DELETE') {
					this.deleteUser(u);
					return { status: 200, body: {} };
				}
			}
		}
		if (a === 'enrollments') {
			if (parts.length === 1 && m === 'POST') return this.createEnrollment(this.wrapped(req, 'Enrollment'), now);
			if (parts.length === 2 && b === 'search' && m === 'GET') return this.searchEnrollments(req);
			if (parts.length === 2 && m === 'GET') {
				const e = this.enrollments.get(id(b));
				if (!e) throw new LuError(404, 'Enrollment not found');
				return { status: 200, body: { enrollments: [this.enrollmentOut(e)] } };
			}
			if (parts.length === 2 && m === 'DELETE') {
				const e = this.enrollments.get(id(b));
				if (!e) throw new LuError(404, 'Enrollment not found');
				this.removeEnrollment(e);
				return { status: 200, body: {} };
			}
		}
		if (a === 'group_memberships') {
			if (parts.length === 1 && m === 'POST') return this.addMembership(this.wrapped(req, 'GroupMembership'), now);
			if (parts.length === 1 && m === 'GET') return this.listMemberships(req);
			if (parts.length === 2 && m === 'DELETE') {
				const gm = this.memberships.get(id(b));
				if (!gm) throw new LuError(404, 'Group membership not found');
				this.removeMembership(gm);
				return { status: 200, body: {} };
			}
		}
		if (a === 'groups') {
			if (parts.length === 1 && m === 'GET') {
				const title = req.query.title;
				const list = [...this.groups.values()].filter((g) => title === undefined || g.title === title);
				return { status: 200, body: { groups: list.map((g) => this.groupOut(g)) } };
			}
			if (parts.length === 1 && m === 'POST') {
				const f = this.wrapped(req, 'Group');
				if (typeof f.title !== 'string' || f.title.trim() === '') throw new LuError(422, 'Title can\'t be blank');
				const gid = this.ids.group++ + 700;
				this.groups.set(gid, { id: gid, title: f.title, course_ids: [], created_at: now });
				return { status: 201, body: { id: gid } };
			}
			if (parts.length === 2 && m === 'GET') {
				const g = this.groups.get(id(b));
				if (!g) throw new LuError(404, 'Group not found');
				return { status: 200, body: { groups: [this.groupOut(g)] } };
			}
		}
		if (a === 'courses' && m === 'GET') {
			if (parts.length === 1) return this.paged(req, [...this.courses.values()], 'courses', (x) => this.courseOut(x));
			if (parts.length === 2) {
				const co = this.courses.get(id(b));
				if (!co) throw new LuError(404, 'Course not found');
				return { status: 200, body: { courses: [this.courseOut(co)] } };
			}
		}
		if (a === 'bulk-operations') {
			if (m === 'POST' && b === 'submit' && c === 'bulk-enrollment' && parts.length === 3) return this.submitBulk(req, now);
			if (m === 'GET' && b === 'jobs' && parts.length === 3) return this.pollBulk(id(c), now);
		}
		throw new LuError(404, 'Not Found');
	}

	// ---------------------------------------------------------------- bodies

	private json(req: SimRequest): Record<string, unknown> {
		if (contentTypeOf(req.headers) !== 'application/json') throw new LuError(400, 'Content-Type must be application/json');
		let body: unknown;
		try {
			body = JSON.parse(req.rawBody);
		} catch {
			throw new LuError(400, 'Malformed JSON in request body');
		}
		if (!body || typeof body !== 'object' || Array.isArray(body)) throw new LuError(400, 'Request body must be a JSON object');
		return body as Record<string, unknown>;
	}

	/** LearnUpon wants `{"User":{…}}`; a lower-case or missing wrapper is rejected outright. */
	private wrapped(req: SimRequest, wrapper: string): Record<string, unknown> {
		const body = this.json(req);
		const inner = body[wrapper];
		if (!inner || typeof inner !== 'object' || Array.isArray(inner)) {
			throw new LuError(400, `Missing parameter: ${wrapper}. Attributes must be wrapped in {"${wrapper}": {...}}`);
		}
		return inner as Record<string, unknown>;
	}

	// ---------------------------------------------------------------- users

	private listUsers(req: SimRequest): SimResponse {
		return this.paged(req, [...this.users.values()], 'user', (u) => this.userOut(u));
	}

	private searchUsers(req: SimRequest): SimResponse {
		const { email, username } = req.query;
		let found: LUser[] = [];
		if (email !== undefined) {
			const u = this.users.get(this.byEmail.get(email.toLowerCase()) ?? -1);
			if (u) found = [u];
		} else if (username !== undefined) {
			found = [...this.users.values()].filter((u) => u.username === username);
		} else {
			throw new LuError(400, 'Provide email or username to search');
		}
		if (found.length === 0) throw new LuError(404, 'User not found');
		return { status: 200, body: { user: found.map((u) => this.userOut(u)) } };
	}

	private createUser(f: Record<string, unknown>, now: number): SimResponse {
		const email = f.email;
		if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new LuError(422, 'A valid email is required');
		if (this.byEmail.has(email.toLowerCase())) throw new LuError(422, `User already exists with email ${email}`);
		const userType = f.user_type === undefined ? 'learner' : f.user_type;
		if (typeof userType !== 'string' || !USER_TYPES.includes(userType)) throw new LuError(422, `user_type must be one of ${USER_TYPES.join(', ')}`);
		const u = this.insertUser(
			{
				email,
				first_name: typeof f.first_name === 'string' ? f.first_name : '',
				last_name: typeof f.last_name === 'string' ? f.last_name : '',
				username: typeof f.username === 'string' ? f.username : null,
				user_type: userType,
				enabled: f.enabled === undefined ? true : f.enabled === true || f.enabled === 'true',
				custom: isObj(f.CustomData) ? { ...f.CustomData } : {},
				language: typeof f.language === 'string' ? f.language : undefined,
			},
			now,
		);
		if (!u.language) u.language = 'en';
		return { status: 201, body: { id: u.id } };
	}

	private updateUser(u: LUser, f: Record<string, unknown>, now: number): SimResponse {
		if (f.email !== undefined) {
			if (typeof f.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.email)) throw new LuError(422, 'A valid email is required');
			const other = this.byEmail.get(f.email.toLowerCase());
			if (other !== undefined && other !== u.id) throw new LuError(422, `User already exists with email ${f.email}`);
		}
		if (f.user_type !== undefined && (typeof f.user_type !== 'string' || !USER_TYPES.includes(f.user_type))) {
			throw new LuError(422, `user_type must be one of ${USER_TYPES.join(', ')}`);
		}
		if (f.enabled !== undefined && typeof f.enabled !== 'boolean' && f.enabled !== 'true' && f.enabled !== 'false') {
			throw new LuError(422, 'enabled must be true or false');
		}
		// Only sent fields change.
		if (typeof f.email === 'string') {
			this.byEmail.delete(u.email.toLowerCase());
			u.email = f.email;
			this.byEmail.set(u.email.toLowerCase(), u.id);
		}
		if (typeof f.first_name === 'string') u.first_name = f.first_name;
		if (typeof f.last_name === 'string') u.last_name = f.last_name;
		if (typeof f.username === 'string') u.username = f.username;
		if (typeof f.language === 'string') u.language = f.language;
		if (typeof f.user_type === 'string') u.user_type = f.user_type;
		if (f.enabled !== undefined) u.enabled = f.enabled === true || f.enabled === 'true';
		if (isObj(f.CustomData)) u.custom = { ...u.custom, ...f.CustomData };
		u.updated_at = now;
		return { status: 200, body: { user: [this.userOut(u)] } };
	}

	private deleteUser(u: LUser): void {
		this.users.delete(u.id);
		this.byEmail.delete(u.email.toLowerCase());
		for (const eid of this.userEnrollments.get(u.id) ?? []) this.enrollments.delete(eid);
		this.userEnrollments.delete(u.id);
		this.enrollIndex.delete(u.id);
		for (const gm of [...this.memberships.values()]) if (gm.user_id === u.id) this.removeMembership(gm);
	}

	// ---------------------------------------------------------------- enrollments

	private resolveUser(f: Record<string, unknown>): LUser {
		if (f.user_id !== undefined && f.user_id !== null && f.user_id !== '') {
			const u = this.users.get(Number(f.user_id));
			if (!u) throw new LuError(404, 'User not found');
			return u;
		}
		if (typeof f.email === 'string') {
			const u = this.users.get(this.byEmail.get(f.email.toLowerCase()) ?? -1);
			if (!u) throw new LuError(404, 'User not found');
			return u;
		}
		throw new LuError(422, 'user_id or email is required');
	}

	private createEnrollment(f: Record<string, unknown>, now: number): SimResponse {
		const u = this.resolveUser(f);
		const co = this.courses.get(Number(f.course_id));
		if (!co) throw new LuError(f.course_id === undefined ? 422 : 404, f.course_id === undefined ? 'course_id is required' : 'Course not found');
		const dueDate = typeof f.due_date === 'string' ? f.due_date : null;
		const existing = this.currentEnrollment(u.id, co.id);
		if (existing) {
			const done = existing.status === 'completed' || existing.status === 'passed';
			const reEnroll = f.re_enroll_if_completed === true || f.re_enroll_if_completed === 'true';
			if (!(done && reEnroll)) throw new LuError(422, 'User is already enrolled in this course');
		}
		// A re-enrollment is a new record; the finished one stays as history.
		const e = this.enroll(u.id, co.id, now, dueDate);
		return { status: 201, body: { id: e.id } };
	}

	private removeEnrollment(e: LEnrollment): void {
		this.enrollments.delete(e.id);
		this.userEnrollments.get(e.user_id)?.delete(e.id);
		const m = this.enrollIndex.get(e.user_id);
		if (m?.get(e.course_id) === e.id) m.delete(e.course_id);
	}

	private searchEnrollments(req: SimRequest): SimResponse {
		const { user_id, course_id, email } = req.query;
		let uid: number | undefined;
		if (email !== undefined) {
			uid = this.byEmail.get(email.toLowerCase());
			if (uid === undefined) throw new LuError(404, 'User not found');
		}
		if (user_id !== undefined) uid = Number(user_id);
		const cid = course_id !== undefined ? Number(course_id) : undefined;
		if (uid === undefined && cid === undefined) throw new LuError(400, 'Provide user_id, course_id or email to search');
		const list: LEnrollment[] = [];
		const source = uid !== undefined ? [...(this.userEnrollments.get(uid) ?? [])].map((x) => this.enrollments.get(x)!) : this.enrollments.values();
		for (const e of source) {
			if (uid !== undefined && e.user_id !== uid) continue;
			if (cid !== undefined && e.course_id !== cid) continue;
			list.push(e);
		}
		return this.paged(req, list, 'enrollments', (e) => this.enrollmentOut(e));
	}

	// ---------------------------------------------------------------- groups

	private addMembership(f: Record<string, unknown>, now: number): SimResponse {
		const g = this.groups.get(Number(f.group_id));
		if (!g) throw new LuError(404, 'Group not found');
		const u = this.resolveUser(f);
		if (this.membershipIndex.has(`${g.id}:${u.id}`)) throw new LuError(422, 'User is already a member of this group');
		const gm: LMembership = { id: 90_000 + this.ids.membership++, group_id: g.id, user_id: u.id, created_at: now };
		this.memberships.set(gm.id, gm);
		this.membershipIndex.set(`${g.id}:${u.id}`, gm.id);
		// Group rule: auto-enroll into the group's courses, so a following enroll can be a duplicate.
		for (const cid of g.course_ids) if (!this.currentEnrollment(u.id, cid)) this.enroll(u.id, cid, now, null);
		return { status: 201, body: { id: gm.id } };
	}

	private removeMembership(gm: LMembership): void {
		this.memberships.delete(gm.id);
		this.membershipIndex.delete(`${gm.group_id}:${gm.user_id}`);
	}

	private listMemberships(req: SimRequest): SimResponse {
		const { user_id, group_id } = req.query;
		if (user_id === undefined && group_id === undefined) throw new LuError(400, 'Provide user_id or group_id');
		const list = [...this.memberships.values()].filter(
			(gm) => (user_id === undefined || gm.user_id === Number(user_id)) && (group_id === undefined || gm.group_id === Number(group_id)),
		);
		return { status: 200, body: { group_memberships: list.map((gm) => this.membershipOut(gm)) } };
	}

	// ---------------------------------------------------------------- bulk

	private submitBulk(req: SimRequest, now: number): SimResponse {
		const body = this.json(req);
		if (!Array.isArray(body.items) || body.items.length === 0) throw new LuError(422, 'items must be a non-empty array of {course_id, user_id}');
		const items = (body.items as unknown[]).map((it) => (isObj(it) ? { course_id: it.course_id, user_id: it.user_id } : { course_id: undefined, user_id: undefined }));
		const job: BulkJob = { id: this.ids.job++ + 4400, created_at: now, polls: 0, items };
		this.jobs.set(job.id, job);
		return { status: 202, body: { id: job.id, status: 'pending' } };
	}

	private pollBulk(jobId: number, now: number): SimResponse {
		const job = this.jobs.get(jobId);
		if (!job) throw new LuError(404, 'Job not found');
		job.polls++;
		// Deterministic asynchrony: the first poll sees "pending"; later polls (or enough time) see it done.
		if (!job.results && (job.polls >= 2 || now - job.created_at >= this.bulkJobMs)) {
			job.results = job.items.map((it) => {
				const u = this.users.get(Number(it.user_id));
				const co = this.courses.get(Number(it.course_id));
				if (!u) return { ...it, status: 'failed', message: 'User not found' };
				if (!co) return { ...it, status: 'failed', message: 'Course not found' };
				if (this.currentEnrollment(u.id, co.id)) return { ...it, status: 'failed', message: 'User is already enrolled in this course' };
				const e = this.enroll(u.id, co.id, now, null);
				return { ...it, status: 'success', enrollment_id: e.id };
			});
		}
		const total = job.items.length;
		const ok = job.results?.filter((r) => (r as { status: string }).status === 'success').length ?? 0;
		return {
			status: 200,
			body: {
				id: job.id,
				status: job.results ? 'completed' : 'pending',
				total_items: total,
				succeeded: job.results ? ok : 0,
				failed: job.results ? total - ok : 0,
				created_at: iso(job.created_at),
				results: job.results ?? [],
			},
		};
	}

	// ---------------------------------------------------------------- shapes and paging

	private paged<T>(req: SimRequest, list: T[], key: string, out: (x: T) => unknown): SimResponse {
		const raw = req.query.page ?? '1';
		const page = /^\d+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : NaN;
		if (Number.isNaN(page)) throw new LuError(400, 'page must be a positive integer');
		const start = (page - 1) * LEARNUPON_PAGE_SIZE;
		const slice = list.slice(start, start + LEARNUPON_PAGE_SIZE);
		return {
			status: 200,
			headers: { 'LU-Has-Next-Page': String(start + LEARNUPON_PAGE_SIZE < list.length), 'LU-Current-Page': String(page) },
			body: { [key]: slice.map(out) },
		};
	}

	private userOut(u: LUser): Record<string, unknown> {
		return {
			id: u.id,
			email: u.email,
			username: u.username,
			first_name: u.first_name,
			last_name: u.last_name,
			user_type: u.user_type,
			enabled: u.enabled,
			language: u.language,
			CustomData: u.custom,
			created_at: iso(u.created_at),
			updated_at: iso(u.updated_at),
		};
	}

	private enrollmentOut(e: LEnrollment): Record<string, unknown> {
		const u = this.users.get(e.user_id);
		return {
			id: e.id,
			status: e.status,
			percentage: e.percentage,
			score: e.score,
			date_enrolled: iso(e.date_enrolled),
			date_completed: iso(e.date_completed),
			due_date: e.due_date,
			updated_at: iso(e.updated_at),
			course_id: e.course_id,
			course_name: this.courses.get(e.course_id)?.name ?? null,
			user_id: e.user_id,
			email: u?.email ?? null,
			first_name: u?.first_name ?? null,
			last_name: u?.last_name ?? null,
		};
	}

	private courseOut(c: LCourse): Record<string, unknown> {
		return { id: c.id, name: c.name, reference_code: c.reference_code, published_status: 'published', created_at: iso(c.created_at) };
	}

	private groupOut(g: LGroup): Record<string, unknown> {
		return { id: g.id, title: g.title, created_at: iso(g.created_at) };
	}

	private membershipOut(gm: LMembership): Record<string, unknown> {
		return { id: gm.id, group_id: gm.group_id, user_id: gm.user_id, group_title: this.groups.get(gm.group_id)?.title ?? null, created_at: iso(gm.created_at) };
	}
}

function positiveInt(v: unknown, name: string): number {
	const n = Number(v);
	if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
	return n;
}

function isObj(v: unknown): v is Record<string, unknown> {
	return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function createLearnUponSimulator(seed?: SeedOptions, opts?: LearnUponOptions): LearnUponSimulator {
	return new LearnUponSimulator(seed, opts);
}
