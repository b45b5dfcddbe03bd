/**
 * LearnUpon API v1 simulator, held to LearnUpon's published documentation (docs.learnupon.com/api;
 * the tables are in contract.ts): /api/v1, Basic auth with the portal's API username/password,
 * JSON bodies in capitalised wrappers, lowercase answers, 500 records a page with
 * LU-Has-Next-Page / LU-Current-Page, a per-minute and per-week budget on every answer, group
 * rules that auto-enroll, asynchronous bulk jobs (`job_id`, `status`, counters, `report_url`).
 *
 * A request the documentation does not allow gets LearnUpon's error answer and a `violation`
 * naming the section; where the documentation is silent the simulator refuses too and marks the
 * refusal `guess: true` (sandbox/README.md lists each guess).
 */
import type {
	ContractViolation,
	SeedOptions,
	SimRequest,
	SimResponse,
	VendorSimulator,
} from '../types';
import {
	FixedWindowBudget,
	SEED_EPOCH_MS,
	basicAuthMatches,
	contentTypeOf,
	createPrng,
	seedPerson,
} from '../util';
import {
	BULK_MAX_ITEMS,
	BULK_OPERATIONS,
	COURSE_QUERY,
	CREATE_ENROLLMENT_KEYS,
	CREATE_GROUP_KEYS,
	CREATE_MEMBERSHIP_KEYS,
	CREATE_USER_KEYS,
	DATE_ONLY,
	ENROLLMENT_SEARCH_KEYS,
	ENROLLMENT_SEARCH_OPTIONS,
	SECTION,
	UPDATE_USER_KEYS,
	USER_SEARCH_KEYS,
	USER_SEARCH_OPTIONS,
	USER_TYPES,
	USER_VERSIONS,
	violation,
	type Section,
} from './contract';

export const LEARNUPON_USERNAME = 'lu-sandbox-api-user';
export const LEARNUPON_PASSWORD = 'lu-sandbox-api-password';
export const LEARNUPON_PAGE_SIZE = 500;
const BASE = '/api/v1';
/** Where a finished job's report would be; the sandbox serves no report (see README). */
const REPORT_BASE = 'https://reports.learnupon.invalid/bulk-operations';

export type LuEnrollmentStatus =
	| 'not_started'
	| 'in_progress'
	| 'completed'
	| 'passed'
	| 'failed'
	| 'pending_review';
const FINISHED = new Set<LuEnrollmentStatus>(['completed', 'passed']);

interface LUser {
	id: number;
	email: string;
	username: string | null;
	first_name: string;
	last_name: string;
	user_type: string;
	enabled: boolean;
	locale: string;
	custom: Record<string, unknown>;
	created_at: number;
	updated_at: number;
}

interface LEnrollment {
	id: number;
	user_id: number;
	course_id: number;
	status: LuEnrollmentStatus;
	/** `percentage`: the score achieved. */
	score: number | null;
	/** `percentage_complete`: modules completed. */
	progress: number;
	date_enrolled: number;
	date_started: number | null;
	date_completed: number | null;
	due_date: string | null;
	expires_at: string | null;
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
	description: string;
	/** Group rule: members are auto-enrolled into these courses. */
	course_ids: number[];
	created_at: number;
	updated_at: number;
}

interface LMembership {
	id: number;
	group_id: number;
	user_id: number;
	created_at: number;
}

interface BulkJob {
	job_id: string;
	operation: string;
	created_at: number;
	polls: number;
	items: Record<string, unknown>[];
	completed_at?: number;
	num_completed?: number;
	num_failed?: number;
	/** Per-item outcome lines, as a report would have them (the API answer carries none). */
	report?: string[];
}

export interface LearnUponOptions {
	/** Calls per calendar minute before 429 (LearnUpon publishes no number; 600 is our guess). */
	perMinute?: number;
	/** Calls per calendar week before 429. */
	perWeek?: number;
	/** A bulk job finishes once this long has passed since submission, or on its second poll. */
	bulkJobMs?: number;
}

class LuError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly violation?: ContractViolation,
		/** Bulk endpoints answer with an error code (Bulk Operations › Error Responses). */
		readonly code?: string,
	) {
		super(message);
	}
}

/** A request the docs refuse (or, with `guess`, that they do not cover). */
const refuse = (status: number, message: string, rule: string, section: Section, guess = false) =>
	new LuError(status, message, violation(rule, message, section, guess));

/** The docs' date/time format: `YYYY-MM-DDTHH:MI:SSZ`, UTC. */
const iso = (ms: number | null) =>
	ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const isObj = (v: unknown): v is Record<string, unknown> =>
	!!v && typeof v === 'object' && !Array.isArray(v);
const isBool = (v: unknown) => typeof v === 'boolean' || v === 'true' || v === 'false';
const truthy = (v: unknown) => v === true || v === 'true';
const isInt = (v: unknown) =>
	(typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^\d+$/.test(v));
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

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
	private jobs = new Map<string, BulkJob>();
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
		for (const map of [
			this.users,
			this.byEmail,
			this.enrollments,
			this.enrollIndex,
			this.userEnrollments,
			this.membershipIndex,
			this.courses,
			this.groups,
			this.memberships,
			this.jobs,
		])
			map.clear();
		this.ids = { user: 1, enrollment: 1, group: 1, membership: 1, job: 1 };
		this.minute.clear();
		this.week.clear();

		const t0 = SEED_EPOCH_MS - 90 * 86_400_000;
		const topics = ['Security Basics', 'Onboarding', 'GDPR', 'Leadership', 'Excel', 'Safety'];
		// LearnUpon ids are large integers; offsets make it obvious when ids get mixed up.
		for (let i = 1; i <= nCourses; i++) {
			const id = 3000 + i;
			const name = `Course ${i}: ${topics[i % 6]}`;
			this.courses.set(id, { id, name, reference_code: `LU-C${i}`, created_at: t0 });
		}
		const courseIds = [...this.courses.keys()];
		for (let i = 1; i <= nGroups; i++) {
			const id = this.ids.group++ + 700;
			// Odd groups carry a course rule (auto-enroll), even groups none.
			const rule = i % 2 === 1 ? [courseIds[(i - 1) % courseIds.length]] : [];
			this.groups.set(id, {
				id,
				title: `Group ${i}`,
				description: '',
				course_ids: rule,
				created_at: t0,
				updated_at: t0,
			});
		}
		this.ids.user = 10_001;
		for (let i = 0; i < nUsers; i++) {
			const p = seedPerson(i, rnd);
			const created = t0 + Math.floor(rnd() * 60 * 86_400_000);
			const u = this.insertUser(
				{
					email: p.email,
					first_name: p.first,
					last_name: p.last,
					username: p.login,
					user_type: i === 0 ? 'admin' : 'learner',
					enabled: i % 10 !== 9,
					custom: {},
				},
				created,
			);
			if (i % 2 === 0)
				this.enroll(u.id, courseIds[i % courseIds.length], created + 86_400_000, null, null);
		}
		const userIds = [...this.users.keys()];
		for (let k = 0; k < nCompletions && userIds.length > 0; k++) {
			const uid = userIds[(k * 7919) % userIds.length];
			const cid = courseIds[k % courseIds.length];
			const at =
				SEED_EPOCH_MS -
				30 * 86_400_000 +
				Math.floor(((k + 1) / (nCompletions + 1)) * 30 * 86_400_000);
			const e =
				this.currentEnrollment(uid, cid) ?? this.enroll(uid, cid, at - 86_400_000, null, null);
			this.finish(e, k % 3 === 0 ? 'passed' : 'completed', at);
		}
	}

	private insertUser(
		f: Omit<LUser, 'id' | 'created_at' | 'updated_at' | 'locale'> & { locale?: string },
		now: number,
	): LUser {
		const u: LUser = {
			id: this.ids.user++,
			...f,
			locale: f.locale ?? 'en',
			created_at: now,
			updated_at: now,
		};
		this.users.set(u.id, u);
		this.byEmail.set(u.email.toLowerCase(), u.id);
		return u;
	}

	private currentEnrollment(userId: number, courseId: number): LEnrollment | undefined {
		const id = this.enrollIndex.get(userId)?.get(courseId);
		return id === undefined ? undefined : this.enrollments.get(id);
	}

	private enroll(
		userId: number,
		courseId: number,
		now: number,
		dueDate: string | null,
		expiresAt: string | null,
	): LEnrollment {
		const e: LEnrollment = {
			id: 50_000 + this.ids.enrollment++,
			user_id: userId,
			course_id: courseId,
			status: 'not_started',
			score: null,
			progress: 0,
			date_enrolled: now,
			date_started: null,
			date_completed: null,
			due_date: dueDate,
			expires_at: expiresAt,
			updated_at: now,
		};
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
		if (FINISHED.has(status)) e.progress = 100;
		e.date_started ??= at - 3_600_000;
		e.date_completed = FINISHED.has(status) || status === 'failed' ? at : null;
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
		const e =
			typeof ref === 'number'
				? this.enrollments.get(ref)
				: this.currentEnrollment(ref.userId, ref.courseId);
		if (!e) throw new Error('no such enrollment');
		this.finish(e, opts.status ?? 'completed', opts.at ?? Date.now(), opts.score);
		return this.enrollmentOut(e);
	}

	userIdByEmail(email: string): number | undefined {
		return this.byEmail.get(email.toLowerCase());
	}

	control(action: string, args: Record<string, unknown>, now: number): unknown {
		if (action === 'completeEnrollment') {
			const at =
				args.at === undefined
					? now
					: typeof args.at === 'number'
						? args.at
						: Date.parse(String(args.at));
			const ref =
				args.enrollmentId !== undefined
					? Number(args.enrollmentId)
					: { userId: Number(args.userId), courseId: Number(args.courseId) };
			return this.completeEnrollment(ref, {
				status: args.status as LuEnrollmentStatus | undefined,
				at,
				score: args.score as number | undefined,
			});
		}
		if (action === 'setRateBudget') {
			if (args.perMinute !== undefined)
				this.minute.limit = positiveInt(args.perMinute, 'perMinute');
			if (args.perWeek !== undefined) this.week.limit = positiveInt(args.perWeek, 'perWeek');
			return { perMinute: this.minute.limit, perWeek: this.week.limit };
		}
		throw new Error(`unknown control action: ${action}`);
	}

	// ---------------------------------------------------------------- server contract

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
			users: [...this.users.values()].map((u) => this.userOut(u, '1.2')),
			enrollments: [...this.enrollments.values()].map((e) => this.enrollmentOut(e)),
			courses: [...this.courses.values()].map((c) => this.courseOut(c)),
			groups: [...this.groups.values()].map((g) => ({
				...this.groupOut(g),
				course_ids: g.course_ids,
			})),
			group_memberships: [...this.memberships.values()].map((m) => ({
				id: m.id,
				group_id: m.group_id,
				user_id: m.user_id,
			})),
			bulk_jobs: [...this.jobs.values()].map((j) => this.jobOut(j)),
		};
	}

	handle(req: SimRequest): SimResponse {
		if (req.path !== BASE && !req.path.startsWith(BASE + '/')) return this.err(404, 'Not Found');
		if (!basicAuthMatches(req.headers.authorization, LEARNUPON_USERNAME, LEARNUPON_PASSWORD)) {
			return this.withBudget(
				this.err(401, 'Unauthorized: invalid API username or password'),
				req.now,
			);
		}
		if (
			this.rateLimitOn &&
			(this.minute.remaining(req.now) <= 0 || this.week.remaining(req.now) <= 0)
		) {
			return this.withBudget(this.rateLimitResponse(), req.now);
		}
		this.minute.take(req.now);
		this.week.take(req.now);
		let res: SimResponse;
		try {
			res = this.route(req);
		} catch (e) {
			if (!(e instanceof LuError)) throw e;
			res = e.code
				? { status: e.status, body: { error: { code: e.code, message: e.message } } }
				: this.err(e.status, e.message);
			if (e.violation) res.violation = e.violation;
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
		const parts = req.path
			.slice(BASE.length + 1)
			.split('/')
			.filter((s) => s !== '');
		const [a, b, c] = parts;
		const m = req.method;
		const now = req.now;

		if (a === 'users') {
			if (parts.length === 1 && m === 'GET') return this.listUsers(req);
			if (parts.length === 1 && m === 'POST') return this.createUser(req, now);
			if (parts.length === 2 && b === 'search' && m === 'GET') return this.searchUsers(req);
			if (parts.length === 2 && /^\d+$/.test(b)) {
				if (m === 'GET') {
					this.query(req, [], SECTION.users);
					return { status: 200, body: { user: [this.userOut(this.mustUser(Number(b)))] } };
				}
				if (m === 'PUT') return this.updateUser(req, Number(b), now);
				if (m === 'DELETE') {
					this.query(req, [], SECTION.users);
					this.deleteUser(this.mustUser(Number(b)));
					return { status: 200, body: {} };
				}
			}
		}
		if (a === 'enrollments') {
			if (parts.length === 1 && m === 'POST') return this.createEnrollment(req, now);
			if (parts.length === 2 && b === 'search' && m === 'GET') return this.searchEnrollments(req);
			if (parts.length === 2 && /^\d+$/.test(b)) {
				if (m === 'GET') {
					this.query(req, [], SECTION.enrollments);
					return {
						status: 200,
						body: { enrollments: [this.enrollmentOut(this.mustEnrollment(b))] },
					};
				}
				if (m === 'DELETE') return this.deleteEnrollment(req, this.mustEnrollment(b));
			}
		}
		if (a === 'group_memberships') {
			if (parts.length === 1 && m === 'POST') return this.addMembership(req, now);
			if (parts.length === 1 && m === 'GET') return this.listMemberships(req);
			if (parts.length === 2 && /^\d+$/.test(b) && m === 'DELETE')
				return this.deleteMembership(req, Number(b));
		}
		if (a === 'groups' && parts.length === 1) {
			if (m === 'GET') return this.listGroups(req);
			if (m === 'POST') return this.createGroup(req, now);
		}
		if (a === 'courses' && parts.length === 1 && m === 'GET') return this.listCourses(req);
		if (a === 'bulk-operations') {
			if (m === 'POST' && b === 'submit' && parts.length === 3) return this.submitBulk(req, c, now);
			if (m === 'GET' && b === 'jobs' && parts.length === 3) return this.pollBulk(req, c, now);
			if (m === 'GET' && b === 'jobs' && parts.length === 2) {
				this.query(req, ['page'], SECTION.bulk);
				return { status: 200, body: { jobs: [...this.jobs.values()].map((j) => this.jobOut(j)) } };
			}
		}
		throw refuse(
			404,
			`${m} ${req.path}: not a method the LearnUpon API documents (or not one this sandbox simulates)`,
			'path.unknown',
			SECTION.methods,
			true,
		);
	}

	// ---------------------------------------------------------------- request checks

	/** Query parameters: anything the section does not list is refused (a guess: the docs are silent). */
	private query(req: SimRequest, allowed: readonly string[], section: Section): void {
		for (const key of Object.keys(req.query)) {
			if (!allowed.includes(key)) {
				throw refuse(
					400,
					`${req.method} ${req.path}: "${key}" is not a documented query parameter here (documented: ${allowed.join(', ') || 'none'})`,
					'query.unknown',
					section,
					true,
				);
			}
		}
	}

	private json(req: SimRequest, optional = false): Record<string, unknown> | undefined {
		if (optional && req.rawBody.trim() === '') return undefined;
		if (contentTypeOf(req.headers) !== 'application/json') {
			throw refuse(
				400,
				`${req.method} ${req.path}: the body must be JSON with Content-Type application/json`,
				'body.contentType',
				SECTION.sampleCalls,
			);
		}
		let body: unknown;
		try {
			body = JSON.parse(req.rawBody);
		} catch {
			throw refuse(
				400,
				`${req.method} ${req.path}: malformed JSON in the request body`,
				'body.json',
				SECTION.sampleCalls,
			);
		}
		if (!isObj(body))
			throw refuse(
				400,
				`${req.method} ${req.path}: the body must be a JSON object`,
				'body.json',
				SECTION.sampleCalls,
			);
		return body;
	}

	/**
	 * LearnUpon wants `{"User":{…}}`: a lower-case or missing wrapper is rejected outright, and
	 * so is a parameter the section does not list (a guess: the docs are silent about extras).
	 */
	private wrapped(
		req: SimRequest,
		wrapper: string,
		allowed: Set<string>,
		section: Section,
		extraTopLevel: string[] = [],
	): Record<string, unknown> {
		const body = this.json(req)!;
		const inner = body[wrapper];
		if (!isObj(inner)) {
			throw refuse(
				400,
				`Missing parameter: ${wrapper}. ${req.method} ${req.path} takes its attributes wrapped in {"${wrapper}": {...}}`,
				'body.wrapper',
				section,
			);
		}
		for (const key of Object.keys(body)) {
			if (key !== wrapper && !extraTopLevel.includes(key))
				throw refuse(
					400,
					`${req.method} ${req.path}: "${key}" is not a documented parameter`,
					'body.unknown',
					section,
					true,
				);
		}
		this.knownKeys(req, inner, allowed, section);
		return inner;
	}

	private knownKeys(
		req: SimRequest,
		fields: Record<string, unknown>,
		allowed: Set<string>,
		section: Section,
	): void {
		for (const key of Object.keys(fields)) {
			if (!allowed.has(key))
				throw refuse(
					400,
					`${req.method} ${req.path}: "${key}" is not a documented parameter of this call`,
					'body.unknown',
					section,
					true,
				);
		}
	}

	private mustUser(id: number): LUser {
		const u = this.users.get(id);
		if (!u) throw new LuError(404, 'User not found');
		return u;
	}

	private mustEnrollment(id: string): LEnrollment {
		const e = this.enrollments.get(Number(id));
		if (!e) throw new LuError(404, 'Enrollment not found');
		return e;
	}

	// ---------------------------------------------------------------- users

	private listUsers(req: SimRequest): SimResponse {
		this.query(req, ['page', 'version_id'], SECTION.users);
		const version = this.version(req, SECTION.users);
		return this.paged(req, [...this.users.values()], 'user', (u) => this.userOut(u, version));
	}

	private version(req: SimRequest, section: Section): string | undefined {
		const v = req.query.version_id;
		if (v !== undefined && !USER_VERSIONS.includes(v))
			throw refuse(
				400,
				`version_id must be one of ${USER_VERSIONS.join(', ')}`,
				'query.enum',
				section,
			);
		return v;
	}

	private searchUsers(req: SimRequest): SimResponse {
		this.query(req, [...USER_SEARCH_KEYS, ...USER_SEARCH_OPTIONS], SECTION.searchUsers);
		const version = this.version(req, SECTION.searchUsers);
		const { email, username, login_enabled } = req.query;
		if ((email === undefined) === (username === undefined)) {
			throw refuse(
				400,
				'GET /users/search takes one of email or username',
				'query.required',
				SECTION.searchUsers,
				email !== undefined,
			);
		}
		if (login_enabled !== undefined && !isBool(login_enabled))
			throw refuse(400, 'login_enabled must be true or false', 'query.type', SECTION.searchUsers);
		let found =
			email !== undefined
				? [this.users.get(this.byEmail.get(email.toLowerCase()) ?? -1)].filter(
						(u): u is LUser => !!u,
					)
				: [...this.users.values()].filter((u) => u.username === username);
		if (login_enabled !== undefined)
			found = found.filter((u) => u.enabled === truthy(login_enabled));
		if (found.length === 0) throw new LuError(404, 'User not found');
		return { status: 200, body: { user: found.map((u) => this.userOut(u, version)) } };
	}

	private checkUserFields(f: Record<string, unknown>, section: Section): void {
		const bad = (rule: string, message: string) => refuse(422, message, rule, section);
		if (f.email !== undefined && (typeof f.email !== 'string' || !EMAIL.test(f.email)))
			throw bad('body.format', 'email must be a valid email address');
		if (f.password !== undefined && (typeof f.password !== 'string' || f.password.length < 6))
			throw refuse(
				422,
				'Password must be 6 or more characters',
				'body.minLength',
				SECTION.createUser,
			);
		if (
			f.user_type !== undefined &&
			(typeof f.user_type !== 'string' || !USER_TYPES.includes(f.user_type))
		)
			throw bad('body.enum', `user_type must be one of ${USER_TYPES.join(', ')}`);
		if (f.enabled !== undefined && !isBool(f.enabled))
			throw bad('body.type', 'enabled must be true or false');
		if (f.CustomData !== undefined && !isObj(f.CustomData))
			throw bad('body.type', 'CustomData must be an object of custom user data fields');
		if (
			f.account_expires !== undefined &&
			!(typeof f.account_expires === 'string' && DATE_ONLY.test(f.account_expires))
		)
			throw bad('body.format', 'account_expires must be yyyy-mm-dd');
		for (const key of ['first_name', 'last_name', 'username', 'language'])
			if (f[key] !== undefined && typeof f[key] !== 'string')
				throw bad('body.type', `${key} must be a string`);
	}

	private createUser(req: SimRequest, now: number): SimResponse {
		const f = this.wrapped(req, 'User', CREATE_USER_KEYS, SECTION.createUserOptional);
		if (typeof f.email !== 'string' && typeof f.username !== 'string')
			throw refuse(
				422,
				'email (or username) is mandatory to create a user',
				'body.required',
				SECTION.createUser,
			);
		if (f.password === undefined)
			throw refuse(
				422,
				'password is mandatory to create a user (6 or more characters)',
				'body.required',
				SECTION.createUser,
			);
		this.checkUserFields(f, SECTION.createUserOptional);
		// The sandbox keys users by email; a username-only portal is not simulated.
		if (typeof f.email !== 'string')
			throw refuse(
				422,
				'this sandbox portal uses email as the unique identifier',
				'body.required',
				SECTION.users,
				true,
			);
		if (this.byEmail.has(f.email.toLowerCase()))
			throw new LuError(422, `User already exists with email ${f.email}`);
		const u = this.insertUser(
			{
				email: f.email,
				first_name: typeof f.first_name === 'string' ? f.first_name : '',
				last_name: typeof f.last_name === 'string' ? f.last_name : '',
				username: typeof f.username === 'string' ? f.username : null,
				user_type: typeof f.user_type === 'string' ? f.user_type : 'learner',
				enabled: f.enabled === undefined ? true : truthy(f.enabled),
				custom: isObj(f.CustomData) ? { ...f.CustomData } : {},
				locale: typeof f.language === 'string' ? f.language : undefined,
			},
			now,
		);
		return { status: 201, body: { id: u.id } };
	}

	private updateUser(req: SimRequest, id: number, now: number): SimResponse {
		this.query(req, [], SECTION.updateUser);
		const f = this.wrapped(req, 'User', UPDATE_USER_KEYS, SECTION.updateUser);
		this.checkUserFields(f, SECTION.updateUser);
		// id 0: find the user by the email (or username) in the payload; new_email changes it.
		let u: LUser;
		if (id === 0) {
			if (typeof f.email !== 'string' && typeof f.username !== 'string')
				throw refuse(
					422,
					'PUT /users/0 needs the email (or username) of the user in the payload',
					'body.required',
					SECTION.updateUser,
				);
			const found =
				typeof f.email === 'string'
					? this.users.get(this.byEmail.get(f.email.toLowerCase()) ?? -1)
					: [...this.users.values()].find((x) => x.username === f.username);
			if (!found) throw new LuError(404, 'User not found');
			u = found;
		} else {
			u = this.mustUser(id);
		}
		const newEmail = id === 0 ? f.new_email : (f.new_email ?? f.email);
		if (newEmail !== undefined) {
			if (typeof newEmail !== 'string' || !EMAIL.test(newEmail))
				throw refuse(422, 'email must be a valid email address', 'body.format', SECTION.updateUser);
			const other = this.byEmail.get(newEmail.toLowerCase());
			if (other !== undefined && other !== u.id)
				throw new LuError(422, `User already exists with email ${newEmail}`);
		}
		// Only sent fields change.
		if (typeof newEmail === 'string') {
			this.byEmail.delete(u.email.toLowerCase());
			u.email = newEmail;
			this.byEmail.set(u.email.toLowerCase(), u.id);
		}
		const newUsername = id === 0 ? f.new_username : (f.new_username ?? f.username);
		if (typeof newUsername === 'string') u.username = newUsername;
		if (typeof f.first_name === 'string') u.first_name = f.first_name;
		if (typeof f.last_name === 'string') u.last_name = f.last_name;
		if (typeof f.language === 'string') u.locale = f.language;
		if (typeof f.user_type === 'string') u.user_type = f.user_type;
		if (f.enabled !== undefined) u.enabled = truthy(f.enabled);
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
		for (const gm of [...this.memberships.values()])
			if (gm.user_id === u.id) this.removeMembership(gm);
	}

	// ---------------------------------------------------------------- enrollments

	private createEnrollment(req: SimRequest, now: number): SimResponse {
		this.query(req, [], SECTION.createEnrollment);
		const body = this.json(req)!;
		const f = body.Enrollment;
		if (isObj(f) && f.user_id !== undefined) {
			throw refuse(
				422,
				'POST /enrollments: user_id is not a parameter of a course enrollment; identify the user by email or username (user_id is documented only for learning-path enrollments)',
				'body.user_id',
				SECTION.createEnrollment,
			);
		}
		const fields = this.wrapped(
			req,
			'Enrollment',
			CREATE_ENROLLMENT_KEYS,
			SECTION.createEnrollment,
		);
		if (typeof fields.email !== 'string' && typeof fields.username !== 'string')
			throw refuse(
				422,
				'POST /enrollments: email (or username) of the user is mandatory',
				'body.required',
				SECTION.createEnrollment,
			);
		if (fields.course_id === undefined && typeof fields.course_name !== 'string')
			throw refuse(
				422,
				'POST /enrollments: course_id (or course_name) is mandatory',
				'body.required',
				SECTION.createEnrollment,
			);
		if (fields.course_id !== undefined && !isInt(fields.course_id))
			throw refuse(
				422,
				'POST /enrollments: course_id must be an integer',
				'body.type',
				SECTION.createEnrollment,
			);
		for (const key of ['due_date', 'expires_at'])
			if (
				fields[key] !== undefined &&
				!(typeof fields[key] === 'string' && DATE_ONLY.test(fields[key] as string))
			)
				throw refuse(
					422,
					`POST /enrollments: ${key} must be YYYY-MM-DD`,
					'body.format',
					SECTION.createEnrollment,
				);
		if (fields.re_enroll_if_completed !== undefined && !isBool(fields.re_enroll_if_completed))
			throw refuse(
				422,
				'POST /enrollments: re_enroll_if_completed must be true or false',
				'body.type',
				SECTION.createEnrollment,
			);
		const u =
			typeof fields.email === 'string'
				? this.users.get(this.byEmail.get(fields.email.toLowerCase()) ?? -1)
				: [...this.users.values()].find((x) => x.username === fields.username);
		if (!u) throw new LuError(404, 'User not found');
		const co =
			fields.course_id !== undefined
				? this.courses.get(Number(fields.course_id))
				: [...this.courses.values()].find((x) => x.name === fields.course_name);
		if (!co) throw new LuError(404, 'Course not found');
		const existing = this.currentEnrollment(u.id, co.id);
		if (existing && !(FINISHED.has(existing.status) && truthy(fields.re_enroll_if_completed)))
			throw new LuError(422, 'User is already enrolled in this course');
		// A re-enrollment is a new record; the finished one stays as history.
		const e = this.enroll(
			u.id,
			co.id,
			now,
			typeof fields.due_date === 'string' ? fields.due_date : null,
			typeof fields.expires_at === 'string' ? fields.expires_at : null,
		);
		return { status: 201, body: { id: e.id, created_at: iso(now), user_id: u.id } };
	}

	private deleteEnrollment(req: SimRequest, e: LEnrollment): SimResponse {
		this.query(req, [], SECTION.deleteEnrollment);
		const body = this.json(req, true) ?? {};
		this.knownKeys(req, body, new Set(['remove_from_history']), SECTION.deleteEnrollment);
		if (body.remove_from_history !== undefined && !isBool(body.remove_from_history))
			throw refuse(
				422,
				'remove_from_history must be true or false',
				'body.type',
				SECTION.deleteEnrollment,
			);
		if (FINISHED.has(e.status) && !truthy(body.remove_from_history)) {
			throw refuse(
				422,
				`Enrollment ${e.id} is ${e.status} and stays in the learner's history; send {"remove_from_history":"true"} to delete it`,
				'body.remove_from_history',
				SECTION.deleteEnrollment,
				true,
			);
		}
		this.removeEnrollment(e);
		return { status: 200, body: {} };
	}

	private removeEnrollment(e: LEnrollment): void {
		this.enrollments.delete(e.id);
		this.userEnrollments.get(e.user_id)?.delete(e.id);
		const m = this.enrollIndex.get(e.user_id);
		if (m?.get(e.course_id) === e.id) m.delete(e.course_id);
	}

	private searchEnrollments(req: SimRequest): SimResponse {
		this.query(
			req,
			[...ENROLLMENT_SEARCH_KEYS, ...ENROLLMENT_SEARCH_OPTIONS],
			SECTION.searchEnrollments,
		);
		const keys = ENROLLMENT_SEARCH_KEYS.filter((k) => req.query[k] !== undefined);
		if (keys.length !== 1) {
			throw refuse(
				400,
				keys.length === 0
					? `GET /enrollments/search takes one of ${ENROLLMENT_SEARCH_KEYS.join(', ')}`
					: `GET /enrollments/search documents one search key at a time, not ${keys.join(' and ')}`,
				'query.oneOf',
				SECTION.enrollments,
				keys.length > 1,
			);
		}
		for (const key of ['date_from', 'date_to'])
			if (req.query[key] !== undefined && !DATE_ONLY.test(req.query[key]))
				throw refuse(400, `${key} must be YYYY-MM-DD`, 'query.format', SECTION.searchEnrollments);
		const [key] = keys;
		const value = req.query[key];
		let source: Iterable<LEnrollment>;
		let keep: (e: LEnrollment) => boolean = () => true;
		if (key === 'user_id' || key === 'email' || key === 'username') {
			const uid =
				key === 'user_id'
					? Number(value)
					: key === 'email'
						? this.byEmail.get(value.toLowerCase())
						: [...this.users.values()].find((u) => u.username === value)?.id;
			if (uid === undefined || !this.users.has(uid)) throw new LuError(404, 'User not found');
			source = [...(this.userEnrollments.get(uid) ?? [])].map((x) => this.enrollments.get(x)!);
		} else {
			const co =
				key === 'course_id'
					? this.courses.get(Number(value))
					: [...this.courses.values()].find((x) => x.name === value);
			if (!co) throw new LuError(404, 'Course not found');
			source = this.enrollments.values();
			keep = (e) => e.course_id === co.id;
		}
		const from = req.query.date_from ? Date.parse(req.query.date_from) : -Infinity;
		const to = req.query.date_to ? Date.parse(req.query.date_to) + 86_400_000 : Infinity;
		const list = [...source].filter(
			(e) => keep(e) && e.date_enrolled >= from && e.date_enrolled < to,
		);
		return this.paged(req, list, 'enrollments', (e) => this.enrollmentOut(e));
	}

	// ---------------------------------------------------------------- courses and groups

	private listCourses(req: SimRequest): SimResponse {
		this.query(req, COURSE_QUERY, SECTION.courses);
		const { name, course_id } = req.query;
		if (course_id !== undefined && !isInt(course_id))
			throw refuse(400, 'course_id must be an integer', 'query.type', SECTION.courses);
		const list = [...this.courses.values()].filter(
			(co) =>
				(name === undefined || co.name.toLowerCase().includes(name.toLowerCase())) &&
				(course_id === undefined || co.id === Number(course_id)),
		);
		return this.paged(req, list, 'courses', (x) => this.courseOut(x));
	}

	private listGroups(req: SimRequest): SimResponse {
		this.query(req, ['title', 'page'], SECTION.groups);
		const title = req.query.title;
		const list = [...this.groups.values()].filter((g) => title === undefined || g.title === title);
		return this.paged(req, list, 'groups', (g) => this.groupOut(g));
	}

	private createGroup(req: SimRequest, now: number): SimResponse {
		this.query(req, [], SECTION.createGroup);
		const f = this.wrapped(req, 'Group', CREATE_GROUP_KEYS, SECTION.createGroup);
		if (typeof f.title !== 'string' || f.title.trim() === '')
			throw refuse(422, "Title can't be blank", 'body.required', SECTION.createGroup);
		if ([...this.groups.values()].some((g) => g.title === f.title))
			throw new LuError(422, 'Title has already been taken');
		const gid = this.ids.group++ + 700;
		const description = typeof f.description === 'string' ? f.description : '';
		this.groups.set(gid, {
			id: gid,
			title: f.title,
			description,
			course_ids: [],
			created_at: now,
			updated_at: now,
		});
		return { status: 201, body: { id: gid } };
	}

	private addMembership(req: SimRequest, now: number): SimResponse {
		this.query(req, [], SECTION.createGroupMembership);
		const f = this.wrapped(
			req,
			'GroupMembership',
			CREATE_MEMBERSHIP_KEYS,
			SECTION.createGroupMembership,
		);
		for (const key of ['group_id', 'user_id'])
			if (!isInt(f[key]))
				throw refuse(
					422,
					`POST /group_memberships: ${key} (an integer) is mandatory`,
					'body.required',
					SECTION.createGroupMembership,
				);
		if (f.process_enrollments !== undefined && !isBool(f.process_enrollments))
			throw refuse(
				422,
				'process_enrollments must be true or false',
				'body.type',
				SECTION.createGroupMembership,
			);
		const g = this.groups.get(Number(f.group_id));
		if (!g) throw new LuError(404, 'Group not found');
		const u = this.mustUser(Number(f.user_id));
		if (this.membershipIndex.has(`${g.id}:${u.id}`))
			throw new LuError(422, 'User is already a member of this group');
		const gm: LMembership = {
			id: 90_000 + this.ids.membership++,
			group_id: g.id,
			user_id: u.id,
			created_at: now,
		};
		this.memberships.set(gm.id, gm);
		this.membershipIndex.set(`${g.id}:${u.id}`, gm.id);
		// Group rule (process_enrollments defaults to true): a following enroll can be a duplicate.
		if (f.process_enrollments === undefined || truthy(f.process_enrollments))
			for (const cid of g.course_ids)
				if (!this.currentEnrollment(u.id, cid)) this.enroll(u.id, cid, now, null, null);
		return { status: 201, body: { id: gm.id } };
	}

	/**
	 * `DELETE /group_memberships/{id}` by a membership id (from the version 1.1 listing), or
	 * `DELETE /group_memberships/0` with `{"GroupMembership":{group_id,user_id}}`.
	 */
	private deleteMembership(req: SimRequest, id: number): SimResponse {
		this.query(req, [], SECTION.deleteGroupMembership);
		const body = this.json(req, true) ?? {};
		let gm: LMembership | undefined;
		let fields: Record<string, unknown> = body;
		if (id === 0) {
			fields = this.wrapped(
				req,
				'GroupMembership',
				new Set(['group_id', 'user_id', 'process_unenrollments']),
				SECTION.deleteGroupMembership,
				['process_unenrollments'],
			);
			for (const key of ['group_id', 'user_id'])
				if (!isInt(fields[key]))
					throw refuse(
						422,
						`DELETE /group_memberships/0: ${key} (an integer) is mandatory in the GroupMembership wrapper`,
						'body.required',
						SECTION.deleteGroupMembership,
					);
			const mid = this.membershipIndex.get(`${Number(fields.group_id)}:${Number(fields.user_id)}`);
			gm = mid === undefined ? undefined : this.memberships.get(mid);
		} else {
			this.knownKeys(req, body, new Set(['process_unenrollments']), SECTION.deleteGroupMembership);
			gm = this.memberships.get(id);
		}
		if (!gm) throw new LuError(404, 'Group membership not found');
		const unenroll = fields.process_unenrollments ?? body.process_unenrollments;
		if (unenroll !== undefined && !isBool(unenroll))
			throw refuse(
				422,
				'process_unenrollments must be true or false',
				'body.type',
				SECTION.deleteGroupMembership,
			);
		if (truthy(unenroll)) {
			for (const cid of this.groups.get(gm.group_id)?.course_ids ?? []) {
				const e = this.currentEnrollment(gm.user_id, cid);
				if (e && !FINISHED.has(e.status)) this.removeEnrollment(e);
			}
		}
		this.removeMembership(gm);
		return { status: 200, body: {} };
	}

	private removeMembership(gm: LMembership): void {
		this.memberships.delete(gm.id);
		this.membershipIndex.delete(`${gm.group_id}:${gm.user_id}`);
	}

	private listMemberships(req: SimRequest): SimResponse {
		this.query(req, ['group_id', 'user_id', 'version_id', 'page'], SECTION.groupMemberships);
		const { user_id, group_id, version_id } = req.query;
		if ((user_id === undefined) === (group_id === undefined)) {
			throw refuse(
				400,
				'GET /group_memberships takes one of group_id or user_id',
				'query.oneOf',
				SECTION.groupMemberships,
				user_id !== undefined,
			);
		}
		if (version_id !== undefined && (version_id !== '1.1' || group_id === undefined)) {
			throw refuse(
				400,
				'version_id=1.1 is documented only with group_id (it adds the membership id)',
				'query.enum',
				SECTION.groupMemberships,
				version_id === '1.1',
			);
		}
		const key = user_id ?? group_id;
		if (!isInt(key))
			throw refuse(
				400,
				'group_id and user_id are integers',
				'query.type',
				SECTION.groupMemberships,
			);
		const list = [...this.memberships.values()].filter(
			(gm) =>
				(user_id === undefined || gm.user_id === Number(user_id)) &&
				(group_id === undefined || gm.group_id === Number(group_id)),
		);
		// Membership ids are documented only for the group listing with version_id=1.1.
		return this.paged(req, list, 'group_memberships', (gm) => ({
			...(version_id === '1.1' ? { id: gm.id } : {}),
			group_id: gm.group_id,
			user_id: gm.user_id,
			group_title: this.groups.get(gm.group_id)?.title ?? null,
			created_at: iso(gm.created_at),
		}));
	}

	// ---------------------------------------------------------------- bulk

	private bulkError(
		status: number,
		code: string,
		message: string,
		rule: string,
		section: Section,
		guess = false,
	): LuError {
		return new LuError(status, message, violation(rule, message, section, guess), code);
	}

	private submitBulk(req: SimRequest, operation: string | undefined, now: number): SimResponse {
		this.query(req, [], SECTION.bulk);
		const fields = operation ? BULK_OPERATIONS[operation] : undefined;
		if (!fields)
			throw this.bulkError(
				404,
				'not_found',
				`Unknown bulk operation "${operation}"; documented: ${Object.keys(BULK_OPERATIONS).join(', ')}`,
				'path.enum',
				SECTION.bulk,
			);
		let body: Record<string, unknown>;
		try {
			body = this.json(req)!;
		} catch (e) {
			throw e instanceof LuError
				? this.bulkError(400, 'validation_failed', e.message, 'body.json', SECTION.bulk)
				: e;
		}
		for (const key of Object.keys(body))
			if (key !== 'items')
				throw this.bulkError(
					400,
					'validation_failed',
					`"${key}" is not a documented field of a bulk job`,
					'body.unknown',
					SECTION.bulk,
					true,
				);
		const items = body.items;
		if (!Array.isArray(items) || items.length === 0)
			throw this.bulkError(
				400,
				'validation_failed',
				'items must be a non-empty array',
				'body.required',
				SECTION.bulk,
			);
		if (items.length > BULK_MAX_ITEMS)
			throw this.bulkError(
				422,
				'payload_too_large',
				`A job takes up to ${BULK_MAX_ITEMS} items, not ${items.length}`,
				'body.maxItems',
				SECTION.bulkLimits,
			);
		for (const [index, item] of items.entries()) {
			if (!isObj(item))
				throw this.bulkError(
					400,
					'validation_failed',
					`items[${index}] must be an object`,
					'body.items',
					SECTION.bulkItems,
				);
			for (const key of Object.keys(item))
				if (!fields.includes(key))
					throw this.bulkError(
						400,
						'validation_failed',
						`items[${index}].${key} is not a documented item field (${fields.join(', ')})`,
						'body.items',
						SECTION.bulkItems,
						true,
					);
			for (const key of fields)
				if (!isInt(item[key]))
					throw this.bulkError(
						400,
						'validation_failed',
						`items[${index}].${key} (an integer) is mandatory`,
						'body.items',
						SECTION.bulkItems,
					);
		}
		const n = this.ids.job++;
		const job: BulkJob = {
			job_id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
			operation: operation!,
			created_at: now,
			polls: 0,
			items: items as Record<string, unknown>[],
		};
		this.jobs.set(job.job_id, job);
		return { status: 202, body: this.jobOut(job) };
	}

	private pollBulk(req: SimRequest, jobId: string | undefined, now: number): SimResponse {
		this.query(req, [], SECTION.bulk);
		const job = jobId ? this.jobs.get(jobId) : undefined;
		if (!job) throw new LuError(404, `Job ${jobId} not found`, undefined, 'not_found');
		job.polls++;
		// Deterministic asynchrony: the first poll sees in_progress; later polls (or enough time) see it done.
		if (
			job.completed_at === undefined &&
			(job.polls >= 2 || now - job.created_at >= this.bulkJobMs)
		)
			this.runJob(job, now);
		return { status: 200, body: this.jobOut(job) };
	}

	private runJob(job: BulkJob, now: number): void {
		let ok = 0;
		const report: string[] = [];
		for (const item of job.items) {
			let outcome: string;
			if (job.operation === 'bulk-enrollment') {
				const u = this.users.get(Number(item.user_id));
				const co = this.courses.get(Number(item.course_id));
				const current = u && co ? this.currentEnrollment(u.id, co.id) : undefined;
				if (!u) outcome = 'failed: User not found';
				else if (!co) outcome = 'failed: Course not found';
				// Like an enroll without re_enroll_if_completed: a finished enrollment stays (a guess).
				else if (current) outcome = 'failed: User is already enrolled in this course';
				else {
					this.enroll(u.id, co.id, now, null, null);
					outcome = 'completed';
				}
			} else {
				const e = this.enrollments.get(Number(item.enrollment_id));
				if (!e) outcome = 'failed: Enrollment not found';
				else {
					this.removeEnrollment(e);
					outcome = 'completed';
				}
			}
			if (outcome === 'completed') ok++;
			report.push(`${JSON.stringify(item)},${outcome}`);
		}
		job.completed_at = now;
		job.num_completed = ok;
		job.num_failed = job.items.length - ok;
		job.report = report;
	}

	private jobOut(job: BulkJob): Record<string, unknown> {
		const done = job.completed_at !== undefined;
		return {
			job_id: job.job_id,
			status: done
				? job.num_completed === 0 && job.items.length > 0
					? 'failed'
					: 'completed'
				: 'in_progress',
			operation: job.operation,
			num_operations: job.items.length,
			num_completed_operations: job.num_completed ?? 0,
			num_failed_operations: job.num_failed ?? 0,
			created_at: iso(job.created_at),
			completed_at: done ? iso(job.completed_at!) : null,
			report_url: done ? `${REPORT_BASE}/${job.job_id}.csv` : null,
		};
	}

	// ---------------------------------------------------------------- shapes and paging

	private paged<T>(req: SimRequest, list: T[], key: string, out: (x: T) => unknown): SimResponse {
		const raw = req.query.page ?? '1';
		const page = /^\d+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : NaN;
		if (Number.isNaN(page))
			throw refuse(400, 'page must be a positive integer', 'query.type', SECTION.pagination);
		const start = (page - 1) * LEARNUPON_PAGE_SIZE;
		const slice = list.slice(start, start + LEARNUPON_PAGE_SIZE);
		return {
			status: 200,
			headers: {
				'LU-Has-Next-Page': String(start + LEARNUPON_PAGE_SIZE < list.length),
				'LU-Current-Page': String(page),
				'LU-Records-Per-Page': String(LEARNUPON_PAGE_SIZE),
			},
			body: { [key]: slice.map(out) },
		};
	}

	/** The documented user attributes; `updated_at` with version 1.1, `timezone_id` with 1.2. */
	private userOut(u: LUser, version?: string): Record<string, unknown> {
		return {
			id: u.id,
			email: u.email,
			username: u.username,
			first_name: u.first_name,
			last_name: u.last_name,
			user_type: u.user_type,
			enabled: u.enabled,
			locale: u.locale,
			CustomData: u.custom,
			created_at: iso(u.created_at),
			...(version === '1.1' ? { updated_at: iso(u.updated_at) } : {}),
			...(version === '1.2' ? { timezone_id: 'UTC' } : {}),
		};
	}

	/** The documented enrollment attributes: `percentage` is the score, `percentage_complete` the progress. */
	private enrollmentOut(e: LEnrollment): Record<string, unknown> {
		const u = this.users.get(e.user_id);
		return {
			id: e.id,
			status: e.status,
			percentage: e.score,
			percentage_complete: e.progress,
			date_enrolled: iso(e.date_enrolled),
			date_started: iso(e.date_started),
			date_completed: iso(e.date_completed),
			due_date: e.due_date,
			course_access_expires_at: e.expires_at,
			updated_at: iso(e.updated_at),
			course_id: e.course_id,
			course_name: this.courses.get(e.course_id)?.name ?? null,
			user_id: e.user_id,
			email: u?.email ?? null,
			username: u?.username ?? null,
			first_name: u?.first_name ?? null,
			last_name: u?.last_name ?? null,
		};
	}

	private courseOut(c: LCourse): Record<string, unknown> {
		return {
			id: c.id,
			name: c.name,
			version: 1,
			source_id: c.id,
			reference_code: c.reference_code,
			published_status_id: 'published',
			created_at: iso(c.created_at),
		};
	}

	private groupOut(g: LGroup): Record<string, unknown> {
		let members = 0;
		for (const gm of this.memberships.values()) if (gm.group_id === g.id) members++;
		return {
			id: g.id,
			title: g.title,
			description: g.description,
			created_at: iso(g.created_at),
			updated_at: iso(g.updated_at),
			number_of_members: members,
		};
	}

	/** A finished job's per-item lines (the report a real job links to; not served here). */
	bulkReport(jobId: string): string[] | undefined {
		return this.jobs.get(jobId)?.report;
	}
}

function positiveInt(v: unknown, name: string): number {
	const n = Number(v);
	if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
	return n;
}

export function createLearnUponSimulator(
	seed?: SeedOptions,
	opts?: LearnUponOptions,
): LearnUponSimulator {
	return new LearnUponSimulator(seed, opts);
}
