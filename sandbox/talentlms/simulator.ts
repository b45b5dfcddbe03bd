/**
 * TalentLMS API v1 simulator, as docs/talentlms.md describes it: /api/v1, Basic auth with the key
 * as username, form-encoded POST bodies, GET parameters as `name:value` path segments, fixed
 * duplicate/no-op messages, timeline of the 200 newest completions, 200 calls per 5 s.
 */
import type {
	ContractViolation,
	SeedOptions,
	SimRequest,
	SimResponse,
	VendorSimulator,
} from '../types';
import {
	SEED_EPOCH_MS,
	SlidingWindowLimiter,
	basicAuthMatches,
	contentTypeOf,
	createPrng,
	parseForm,
	seedPerson,
} from '../util';

export const TALENTLMS_API_KEY = 'tlms-sandbox-api-key';
const BASE = '/api/v1';
const WINDOW_LIMIT = 200;
const WINDOW_MS = 5000;
const TIMELINE_MAX = 200;

export const TALENTLMS_MESSAGES = {
	duplicateEmail: 'A user with the same email address already exists',
	duplicateLogin: 'A user with the same login already exists',
	alreadyEnrolled: 'The requested user is already enrolled in this course',
	alreadyMember: 'The requested user is already a member of this group',
	notEnrolled: 'The requested user is not enrolled in this course',
	notMember: 'The requested user is not a member of this group',
	userNotFound: 'The requested user does not exist',
	courseNotFound: 'The requested course does not exist',
	groupNotFound: 'The requested group does not exist',
	branchNotFound: 'The requested branch does not exist',
	rateLimited: 'API rate limit exceeded. Please try again later',
} as const;

interface TUser {
	id: number;
	login: string;
	first_name: string;
	last_name: string;
	email: string;
	user_type: string;
	status: 'active' | 'inactive';
	language: string;
	timezone: string;
	bio: string;
	restrict_email: '0' | '1';
	deactivation_date: string;
	created: number;
	updated: number;
	custom: Record<string, string>;
	branches: Set<number>;
	groups: Set<number>;
	/** Never exposed by state() or any answer. */
	password: string;
}

interface TEnrollment {
	userId: number;
	courseId: number;
	role: 'learner' | 'instructor';
	enrolledAt: number;
	completedAt: number | null;
	percentage: number;
	totalTimeSec: number;
}

interface TCourse {
	id: number;
	name: string;
	code: string;
	created: number;
}

interface TGroup {
	id: number;
	name: string;
	key: string;
	description: string;
	courseIds: number[];
}

interface TBranch {
	id: number;
	name: string;
}

export interface TimelineEvent {
	action: 'course_completion';
	unix_timestamp: number;
	user_id: number;
	object_id: number;
	object_name: string;
}

/** The largest published hourly quota (docs/talentlms.md, rate limits: 2,000 or 10,000 calls by plan). */
const UNMETERED_PLAN_QUOTA = 10_000;

export interface TalentLmsOptions {
	/** Optional hourly quota (2,000 or 10,000 on paid plans); off by default so benchmarks can run long. */
	hourlyQuota?: number;
}

class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly type: 'invalid_request_error' | 'api_error' = 'invalid_request_error',
		readonly violation?: ContractViolation,
	) {
		super(message);
	}
}

/**
 * The sections of TalentLMS's API v1 documentation (the published facts in docs/talentlms.md come
 * from it) whose rules the simulator enforces.
 */
const DOC = 'TalentLMS API v1 documentation';
type DocSection =
	| 'In a nutshell'
	| 'Users'
	| 'User signup'
	| 'Edit user'
	| 'Delete a user'
	| 'User set status'
	| 'Add user to course'
	| 'Remove user from course'
	| 'Add user to group'
	| 'Remove user from group'
	| 'Get user status in course'
	| 'Get timeline'
	| 'Methods';

/** A request TalentLMS's documentation refuses (or, with `guess`, does not cover): its 400 and why. */
function refuse(
	message: string,
	rule: string,
	section: DocSection,
	guess = false,
	status = 400,
): HttpError {
	const violation: ContractViolation = {
		rule,
		detail: message,
		source: `${DOC} › ${section}`,
		...(guess ? { guess: true } : {}),
	};
	return new HttpError(status, message, 'invalid_request_error', violation);
}

/** Form fields each POST takes (docs/talentlms.md, Operations); custom_field_N always allowed. */
const FORM_FIELDS: Record<string, string[]> = {
	usersignup: [
		'first_name',
		'last_name',
		'email',
		'login',
		'password',
		'user_type',
		'branch_id',
		'group_id',
		'language',
		'restrict_email',
	],
	edituser: [
		'user_id',
		'first_name',
		'last_name',
		'email',
		'login',
		'password',
		'bio',
		'timezone',
		'deactivation_date',
		'user_type',
	],
	deleteuser: ['user_id', 'user_email', 'permanent'],
	addusertocourse: ['user_id', 'user_email', 'course_id', 'role'],
};
const SECTION_OF: Record<string, DocSection> = {
	usersignup: 'User signup',
	edituser: 'Edit user',
	deleteuser: 'Delete a user',
	addusertocourse: 'Add user to course',
};

const pad = (n: number) => String(n).padStart(2, '0');
/** TalentLMS shows dates as `dd/mm/yyyy, HH:MM:SS` (UTC here). */
function tlmsDate(ms: number | null): string {
	if (ms === null) return '';
	const d = new Date(ms);
	return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
const unix = (ms: number) => Math.floor(ms / 1000);
const str = (n: number) => String(n);

export class TalentLmsSimulator implements VendorSimulator {
	readonly vendor = 'talentlms' as const;
	readonly credentials = { apiKey: TALENTLMS_API_KEY, username: TALENTLMS_API_KEY, password: '' };

	private users = new Map<number, TUser>();
	private byEmail = new Map<string, number>();
	private byLogin = new Map<string, number>();
	/** userId → courseId → enrollment */
	private enrollments = new Map<number, Map<number, TEnrollment>>();
	private courses = new Map<number, TCourse>();
	private groups = new Map<number, TGroup>();
	private branches = new Map<number, TBranch>();
	/** Appended in time order as completions happen. */
	private timeline: TimelineEvent[] = [];
	private nextUserId = 1;
	private rateLimitOn = true;
	private window = new SlidingWindowLimiter(WINDOW_LIMIT, WINDOW_MS);
	private hourly: SlidingWindowLimiter | undefined;

	constructor(seed?: SeedOptions, opts: TalentLmsOptions = {}) {
		if (opts.hourlyQuota) this.hourly = new SlidingWindowLimiter(opts.hourlyQuota, 3_600_000);
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
		this.byLogin.clear();
		this.enrollments.clear();
		this.courses.clear();
		this.groups.clear();
		this.branches.clear();
		this.timeline = [];
		this.window.clear();
		this.hourly?.clear();
		this.nextUserId = 1;

		const t0 = SEED_EPOCH_MS - 90 * 86_400_000;
		for (let i = 1; i <= nCourses; i++) {
			this.courses.set(i, {
				id: i,
				name: `Course ${i}: ${['Security Basics', 'Onboarding', 'GDPR', 'Leadership', 'Excel', 'Safety'][i % 6]}`,
				code: `C${100 + i}`,
				created: t0,
			});
		}
		this.branches.set(1, { id: 1, name: 'main' });
		this.branches.set(2, { id: 2, name: 'emea' });
		for (let i = 1; i <= nGroups; i++) {
			// Each group carries one or two courses so add-to-group visibly enrolls.
			const courseIds = [((i - 1) % nCourses) + 1];
			if (nCourses > 1 && i % 2 === 0) courseIds.push((i % nCourses) + 1);
			this.groups.set(i, {
				id: i,
				name: `Group ${i}`,
				key: `grpkey${i}`,
				description: '',
				courseIds: [...new Set(courseIds)],
			});
		}
		// Seeded user 1 is the account admin, as in every TalentLMS portal.
		for (let i = 0; i < nUsers; i++) {
			const p = seedPerson(i, rnd);
			const created = t0 + Math.floor(rnd() * 60 * 86_400_000);
			const u = this.insertUser({
				login: p.login,
				first_name: p.first,
				last_name: p.last,
				email: p.email,
				user_type: i === 0 ? 'SuperAdmin' : 'Learner-Type',
				password: 'Secret-1',
				created,
			});
			if (i % 10 === 9) u.status = 'inactive';
			if (i % 3 === 0 && nGroups > 0) u.groups.add((i % nGroups) + 1);
			if (i % 2 === 0) this.enrollRaw(u.id, (i % nCourses) + 1, 'learner', created + 86_400_000);
		}
		// Completions: spread over users and courses, completed during the 30 days before SEED_EPOCH.
		const ids = nUsers;
		for (let k = 0; k < nCompletions && ids > 0; k++) {
			const userId = Math.floor((k * 7919) % ids) + 1;
			const courseId = (k % nCourses) + 1;
			const at =
				SEED_EPOCH_MS -
				30 * 86_400_000 +
				Math.floor(((k + 1) / (nCompletions + 1)) * 30 * 86_400_000);
			this.completeCourseAt(userId, courseId, at);
		}
		// nextUserId is already past the seeded users; ids are never reused, as in TalentLMS.
	}

	private insertUser(f: {
		login: string;
		first_name: string;
		last_name: string;
		email: string;
		user_type: string;
		password: string;
		created: number;
	}): TUser {
		const u: TUser = {
			id: this.nextUserId++,
			login: f.login,
			first_name: f.first_name,
			last_name: f.last_name,
			email: f.email,
			user_type: f.user_type,
			status: 'active',
			language: 'english',
			timezone: '(GMT +00:00) UTC',
			bio: '',
			restrict_email: '0',
			deactivation_date: '',
			created: f.created,
			updated: f.created,
			custom: {},
			branches: new Set(),
			groups: new Set(),
			password: f.password,
		};
		this.users.set(u.id, u);
		this.byEmail.set(u.email.toLowerCase(), u.id);
		this.byLogin.set(u.login.toLowerCase(), u.id);
		return u;
	}

	private enrollRaw(
		userId: number,
		courseId: number,
		role: 'learner' | 'instructor',
		at: number,
	): TEnrollment {
		let m = this.enrollments.get(userId);
		if (!m) this.enrollments.set(userId, (m = new Map()));
		const existing = m.get(courseId);
		if (existing) return existing;
		const e: TEnrollment = {
			userId,
			courseId,
			role,
			enrolledAt: at,
			completedAt: null,
			percentage: 0,
			totalTimeSec: 0,
		};
		m.set(courseId, e);
		return e;
	}

	private completeCourseAt(userId: number, courseId: number, at: number): TimelineEvent {
		const course = this.courses.get(courseId);
		if (!this.users.has(userId)) throw new Error(`no user ${userId}`);
		if (!course) throw new Error(`no course ${courseId}`);
		const e = this.enrollRaw(userId, courseId, 'learner', at - 3_600_000);
		e.completedAt = at;
		e.percentage = 100;
		e.totalTimeSec = Math.max(e.totalTimeSec, 1800);
		const ev: TimelineEvent = {
			action: 'course_completion',
			unix_timestamp: unix(at),
			user_id: userId,
			object_id: courseId,
			object_name: course.name,
		};
		// Keep the timeline ordered by time even when a test back-dates a completion.
		let i = this.timeline.length;
		while (i > 0 && this.timeline[i - 1].unix_timestamp > ev.unix_timestamp) i--;
		this.timeline.splice(i, 0, ev);
		return ev;
	}

	/** Test helper: the user completes the course at `at` (enrolling first if needed); adds a timeline entry. */
	completeCourse(
		userId: number | string,
		courseId: number | string,
		at: number = Date.now(),
	): TimelineEvent {
		return this.completeCourseAt(Number(userId), Number(courseId), at);
	}

	/** Test helper: find a user's id by email. */
	userIdByEmail(email: string): number | undefined {
		return this.byEmail.get(email.toLowerCase());
	}

	control(action: string, args: Record<string, unknown>, now: number): unknown {
		if (action === 'completeCourse') {
			const at =
				args.at === undefined
					? now
					: typeof args.at === 'number'
						? args.at
						: Date.parse(String(args.at));
			return this.completeCourse(Number(args.userId), Number(args.courseId), at);
		}
		if (action === 'setHourlyQuota') {
			// null/0 turns the hourly quota off; the 200-per-5-s window always applies.
			const q = args.quota === null || args.quota === undefined ? 0 : Number(args.quota);
			if (!Number.isInteger(q) || q < 0)
				throw new Error('quota must be a non-negative integer or null');
			this.hourly = q > 0 ? new SlidingWindowLimiter(q, 3_600_000) : undefined;
			return { hourlyQuota: q || null };
		}
		throw new Error(`unknown control action: ${action}`);
	}

	// ---------------------------------------------------------------- contract

	setRateLimitEnforced(on: boolean): void {
		this.rateLimitOn = on;
	}

	rateLimitResponse(): SimResponse {
		return this.error(429, TALENTLMS_MESSAGES.rateLimited);
	}

	serverErrorResponse(status: number): SimResponse {
		return this.error(status, 'Internal server error', 'api_error');
	}

	state(): unknown {
		return {
			// Compact on purpose: state() of 100k users must stay cheap for benchmarks.
			users: [...this.users.values()].map((u) => ({
				id: str(u.id),
				login: u.login,
				email: u.email,
				first_name: u.first_name,
				last_name: u.last_name,
				user_type: u.user_type,
				status: u.status,
				deactivation_date: u.deactivation_date,
				last_updated_timestamp: unix(u.updated),
				custom: u.custom,
				groups: [...u.groups].map(str),
				branches: [...u.branches].map(str),
			})),
			enrollments: [...this.enrollments.values()].flatMap((m) =>
				[...m.values()].map((e) => ({
					user_id: str(e.userId),
					course_id: str(e.courseId),
					role: e.role,
					completion_percentage: e.percentage,
					completed_on_timestamp: e.completedAt === null ? null : unix(e.completedAt),
				})),
			),
			courses: [...this.courses.values()].map((c) => this.courseSummary(c)),
			groups: [...this.groups.values()].map((g) => ({
				...this.groupSummary(g),
				courses: g.courseIds.map(str),
			})),
			branches: [...this.branches.values()].map((b) => ({ id: str(b.id), name: b.name })),
			timeline: this.timeline.length,
		};
	}

	private error(
		status: number,
		message: string,
		type: 'invalid_request_error' | 'api_error' = 'invalid_request_error',
	): SimResponse {
		return { status, body: { error: { type, message } } };
	}

	handle(req: SimRequest): SimResponse {
		try {
			return this.route(req);
		} catch (e) {
			if (e instanceof HttpError) {
				const res = this.error(e.status, e.message, e.type);
				if (e.violation) res.violation = e.violation;
				return res;
			}
			throw e;
		}
	}

	private route(req: SimRequest): SimResponse {
		if (req.rawPath !== BASE && !req.rawPath.startsWith(BASE + '/'))
			throw new HttpError(404, 'Unknown API endpoint');
		if (!basicAuthMatches(req.headers.authorization, TALENTLMS_API_KEY, ''))
			throw new HttpError(401, 'Invalid API key provided');

		// Raw segments: the parameter segment must be split before decoding (values may hold encoded ',' or ':').
		const segs = req.rawPath
			.slice(BASE.length + 1)
			.split('/')
			.filter((s) => s !== '');
		const endpoint = decodeURIComponent(segs[0] ?? '').toLowerCase();
		if (segs.length > 2)
			throw refuse(
				'Invalid arguments provided: one parameter segment after the endpoint, name:value pairs joined by commas',
				'path.segments',
				'In a nutshell',
			);
		const params = parseSegmentParams(segs[1]);
		if (Object.keys(req.query).length > 0) {
			throw refuse(
				'Invalid arguments provided: TalentLMS takes GET parameters as path segments (e.g. /users/page_size:100,page_number:1), not a query string',
				'query.forbidden',
				'In a nutshell',
			);
		}

		// /ratelimit reports the quota and does not count against it.
		if (endpoint === 'ratelimit') {
			requireMethod(req, 'GET', endpoint);
			return this.ratelimit(req.now);
		}
		if (this.rateLimitOn) {
			if (this.hourly && this.hourly.remaining(req.now) <= 0) return this.rateLimitResponse();
			if (!this.window.tryTake(req.now)) return this.rateLimitResponse();
			this.hourly?.tryTake(req.now);
		}

		switch (endpoint) {
			case 'users': {
				// The seed's POST /users and PUT /users/:id do not exist.
				requireMethod(
					req,
					'GET',
					endpoint,
					'create users with POST /usersignup and update them with POST /edituser',
				);
				return this.getUsers(segs[1], params);
			}
			case 'usersignup':
				return this.userSignup(this.form(req, endpoint), req.now);
			case 'edituser':
				return this.editUser(this.form(req, endpoint), req.now);
			case 'usersetstatus': {
				requireMethod(req, 'GET', endpoint);
				const u = this.mustUser(params.user_id);
				const status = params.status;
				if (status !== 'active' && status !== 'inactive')
					throw refuse(
						'Invalid arguments provided: status must be active or inactive',
						'path.enum',
						'User set status',
					);
				u.status = status;
				u.updated = req.now;
				return { status: 200, body: { user_id: str(u.id), status } };
			}
			case 'deleteuser': {
				const f = this.form(req, endpoint);
				const u = f.user_id ? this.mustUser(f.user_id) : this.mustUserByEmail(f.user_email);
				this.deleteUser(u);
				return { status: 200, body: { message: 'Operation completed successfully' } };
			}
			case 'addusertocourse':
				return this.addUserToCourse(this.form(req, endpoint), req.now);
			case 'removeuserfromcourse': {
				requireMethod(req, 'GET', endpoint);
				const u = this.mustUser(params.user_id);
				const c = this.mustCourse(params.course_id);
				const m = this.enrollments.get(u.id);
				if (!m?.has(c.id)) throw new HttpError(400, TALENTLMS_MESSAGES.notEnrolled);
				m.delete(c.id);
				return {
					status: 200,
					body: { user_id: str(u.id), course_id: str(c.id), course_name: c.name },
				};
			}
			case 'addusertogroup': {
				requireMethod(req, 'GET', endpoint);
				const u = this.mustUser(params.user_id);
				const key = params.group_key;
				const g = [...this.groups.values()].find((x) => x.key === key);
				if (!g) throw new HttpError(404, TALENTLMS_MESSAGES.groupNotFound);
				if (u.groups.has(g.id)) throw new HttpError(400, TALENTLMS_MESSAGES.alreadyMember);
				u.groups.add(g.id);
				for (const cid of g.courseIds) this.enrollRaw(u.id, cid, 'learner', req.now);
				return {
					status: 200,
					body: { user_id: str(u.id), group_id: str(g.id), group_name: g.name },
				};
			}
			case 'removeuserfromgroup': {
				requireMethod(req, 'GET', endpoint);
				const u = this.mustUser(params.user_id);
				const g = this.groups.get(Number(params.group_id));
				if (!g || !isId(params.group_id))
					throw new HttpError(404, TALENTLMS_MESSAGES.groupNotFound);
				if (!u.groups.has(g.id)) throw new HttpError(400, TALENTLMS_MESSAGES.notMember);
				u.groups.delete(g.id);
				return {
					status: 200,
					body: { user_id: str(u.id), group_id: str(g.id), group_name: g.name },
				};
			}
			case 'getuserstatusincourse': {
				requireMethod(req, 'GET', endpoint);
				const c = this.mustCourse(params.course_id);
				const u = this.mustUser(params.user_id);
				const e = this.enrollments.get(u.id)?.get(c.id);
				if (!e) throw new HttpError(400, TALENTLMS_MESSAGES.notEnrolled);
				return {
					status: 200,
					body: {
						role: e.role,
						enrolled_on: tlmsDate(e.enrolledAt),
						enrolled_on_timestamp: str(unix(e.enrolledAt)),
						completion_status: completionStatus(e),
						completion_percentage: str(e.percentage),
						completed_on: tlmsDate(e.completedAt),
						completed_on_timestamp: e.completedAt === null ? null : str(unix(e.completedAt)),
						total_time: formatDuration(e.totalTimeSec),
						units: [],
					},
				};
			}
			case 'courses': {
				requireMethod(req, 'GET', endpoint);
				if (!segs[1])
					return {
						status: 200,
						body: [...this.courses.values()].map((c) => this.courseSummary(c)),
					};
				return { status: 200, body: this.courseDetail(this.mustCourse(params.id)) };
			}
			case 'groups': {
				requireMethod(req, 'GET', endpoint);
				if (!segs[1])
					return { status: 200, body: [...this.groups.values()].map((g) => this.groupSummary(g)) };
				const g = this.groups.get(Number(params.id));
				if (!g || !isId(params.id)) throw new HttpError(404, TALENTLMS_MESSAGES.groupNotFound);
				return { status: 200, body: this.groupDetail(g) };
			}
			case 'branches': {
				requireMethod(req, 'GET', endpoint);
				if (!segs[1])
					return {
						status: 200,
						body: [...this.branches.values()].map((b) => ({
							id: str(b.id),
							name: b.name,
							description: '',
						})),
					};
				const b = this.branches.get(Number(params.id));
				if (!b || !isId(params.id)) throw new HttpError(404, TALENTLMS_MESSAGES.branchNotFound);
				return {
					status: 200,
					body: { id: str(b.id), name: b.name, description: '', users: this.usersInBranch(b.id) },
				};
			}
			case 'gettimeline':
				requireMethod(req, 'GET', endpoint);
				return this.getTimeline(params);
			default:
				throw refuse(`Unknown API endpoint /${endpoint}`, 'path.unknown', 'Methods', true, 404);
		}
	}

	// ---------------------------------------------------------------- endpoints

	private ratelimit(now: number): SimResponse {
		// /ratelimit reports the plan's hourly quota. Unmetered (the default), the sandbox stands
		// for the largest published plan with nothing spent: the 5-s window is not a quota.
		const body = this.hourly
			? {
					limit: str(this.hourly.limit),
					remaining: str(this.hourly.remaining(now)),
					reset: str(unix(this.hourly.resetAt(now))),
				}
			: {
					limit: str(UNMETERED_PLAN_QUOTA),
					remaining: str(UNMETERED_PLAN_QUOTA),
					reset: str(unix(now + 3_600_000)),
				};
		return { status: 200, body };
	}

	private form(req: SimRequest, endpoint: string): Record<string, string> {
		requireMethod(req, 'POST', endpoint);
		if (contentTypeOf(req.headers) !== 'application/x-www-form-urlencoded') {
			throw refuse(
				'Invalid arguments provided: the request body must be application/x-www-form-urlencoded',
				'body.contentType',
				'In a nutshell',
			);
		}
		const form = parseForm(req.rawBody);
		const allowed = FORM_FIELDS[endpoint];
		for (const key of Object.keys(form)) {
			if (allowed && !allowed.includes(key) && !/^custom_field_\d+$/.test(key))
				throw refuse(
					`Invalid arguments provided: /${endpoint} takes no "${key}"`,
					'body.unknown',
					SECTION_OF[endpoint] ?? 'Methods',
					true,
				);
		}
		return form;
	}

	private getUsers(rawSeg: string | undefined, params: Record<string, string>): SimResponse {
		if (!rawSeg)
			return { status: 200, body: [...this.users.values()].map((u) => this.userSummary(u)) };
		if ('page_size' in params || 'page_number' in params) {
			const size = Number(params.page_size);
			const page = Number(params.page_number ?? 1);
			if (!Number.isInteger(size) || size < 1 || !Number.isInteger(page) || page < 1)
				throw refuse(
					'Invalid arguments provided: page_size and page_number must be positive integers',
					'path.type',
					'Users',
				);
			// Map iteration order is insertion order = ascending id.
			const out: unknown[] = [];
			let i = 0;
			const start = (page - 1) * size;
			for (const u of this.users.values()) {
				if (i >= start + size) break;
				if (i >= start) out.push(this.userSummary(u));
				i++;
			}
			return { status: 200, body: out };
		}
		let u: TUser | undefined;
		if ('id' in params) u = isId(params.id) ? this.users.get(Number(params.id)) : undefined;
		else if ('email' in params)
			u = this.users.get(this.byEmail.get(params.email.toLowerCase()) ?? -1);
		else if ('username' in params)
			u = this.users.get(this.byLogin.get(params.username.toLowerCase()) ?? -1);
		else
			throw refuse(
				'Invalid arguments provided: /users takes id, email or username (or page_size and page_number)',
				'path.params',
				'Users',
				true,
			);
		if (!u) throw new HttpError(404, TALENTLMS_MESSAGES.userNotFound);
		return { status: 200, body: this.userDetail(u) };
	}

	private userSignup(f: Record<string, string>, now: number): SimResponse {
		for (const k of ['first_name', 'last_name', 'email', 'login', 'password']) {
			if (!f[k])
				throw refuse(
					`Invalid arguments provided: ${k} is required`,
					'body.required',
					'User signup',
				);
		}
		if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.email))
			throw refuse(
				'Invalid arguments provided: invalid email address',
				'body.format',
				'User signup',
			);
		if (this.byEmail.has(f.email.toLowerCase()))
			throw new HttpError(400, TALENTLMS_MESSAGES.duplicateEmail);
		if (this.byLogin.has(f.login.toLowerCase()))
			throw new HttpError(400, TALENTLMS_MESSAGES.duplicateLogin);
		let branchId: number | undefined;
		if (f.branch_id) {
			branchId = Number(f.branch_id);
			if (!this.branches.has(branchId)) throw new HttpError(404, TALENTLMS_MESSAGES.branchNotFound);
		}
		let groupId: number | undefined;
		if (f.group_id) {
			groupId = Number(f.group_id);
			if (!this.groups.has(groupId)) throw new HttpError(404, TALENTLMS_MESSAGES.groupNotFound);
		}
		const u = this.insertUser({
			login: f.login,
			first_name: f.first_name,
			last_name: f.last_name,
			email: f.email,
			user_type: f.user_type || 'Learner-Type',
			password: f.password,
			created: now,
		});
		if (f.language) u.language = f.language;
		if (f.restrict_email === 'on' || f.restrict_email === '1') u.restrict_email = '1';
		this.applyCustom(u, f);
		if (branchId !== undefined) u.branches.add(branchId);
		if (groupId !== undefined) {
			u.groups.add(groupId);
			for (const cid of this.groups.get(groupId)!.courseIds)
				this.enrollRaw(u.id, cid, 'learner', now);
		}
		return { status: 200, body: this.userDetail(u) };
	}

	private editUser(f: Record<string, string>, now: number): SimResponse {
		if (!f.user_id)
			throw refuse('Invalid arguments provided: user_id is required', 'body.required', 'Edit user');
		const u = this.mustUser(f.user_id);
		if (f.email !== undefined && f.email.toLowerCase() !== u.email.toLowerCase()) {
			if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.email))
				throw refuse(
					'Invalid arguments provided: invalid email address',
					'body.format',
					'Edit user',
				);
			if (this.byEmail.has(f.email.toLowerCase()))
				throw new HttpError(400, TALENTLMS_MESSAGES.duplicateEmail);
		}
		if (
			f.login !== undefined &&
			f.login.toLowerCase() !== u.login.toLowerCase() &&
			this.byLogin.has(f.login.toLowerCase())
		) {
			throw new HttpError(400, TALENTLMS_MESSAGES.duplicateLogin);
		}
		if (
			f.deactivation_date !== undefined &&
			f.deactivation_date !== '' &&
			!/^\d{2}\/\d{2}\/\d{4}$/.test(f.deactivation_date)
		) {
			throw refuse(
				'Invalid arguments provided: deactivation_date must be dd/mm/yyyy',
				'body.format',
				'Edit user',
			);
		}
		if (f.email !== undefined) {
			this.byEmail.delete(u.email.toLowerCase());
			u.email = f.email;
			this.byEmail.set(u.email.toLowerCase(), u.id);
		}
		if (f.login !== undefined) {
			this.byLogin.delete(u.login.toLowerCase());
			u.login = f.login;
			this.byLogin.set(u.login.toLowerCase(), u.id);
		}
		if (f.first_name !== undefined) u.first_name = f.first_name;
		if (f.last_name !== undefined) u.last_name = f.last_name;
		if (f.password !== undefined) u.password = f.password;
		if (f.bio !== undefined) u.bio = f.bio;
		if (f.timezone !== undefined) u.timezone = f.timezone;
		if (f.deactivation_date !== undefined) u.deactivation_date = f.deactivation_date;
		if (f.user_type !== undefined) u.user_type = f.user_type;
		this.applyCustom(u, f);
		u.updated = now;
		return { status: 200, body: this.userDetail(u) };
	}

	private applyCustom(u: TUser, f: Record<string, string>): void {
		for (const [k, v] of Object.entries(f)) if (/^custom_field_\d+$/.test(k)) u.custom[k] = v;
	}

	private deleteUser(u: TUser): void {
		this.users.delete(u.id);
		this.byEmail.delete(u.email.toLowerCase());
		this.byLogin.delete(u.login.toLowerCase());
		this.enrollments.delete(u.id);
		// Deleting destroys history, timeline included.
		this.timeline = this.timeline.filter((e) => e.user_id !== u.id);
	}

	private addUserToCourse(f: Record<string, string>, now: number): SimResponse {
		const u = f.user_id ? this.mustUser(f.user_id) : this.mustUserByEmail(f.user_email);
		const c = this.mustCourse(f.course_id);
		const role = f.role || 'learner';
		if (role !== 'learner' && role !== 'instructor')
			throw refuse(
				'Invalid arguments provided: role must be learner or instructor',
				'body.enum',
				'Add user to course',
			);
		if (this.enrollments.get(u.id)?.has(c.id))
			throw new HttpError(400, TALENTLMS_MESSAGES.alreadyEnrolled);
		this.enrollRaw(u.id, c.id, role, now);
		return { status: 200, body: [{ user_id: str(u.id), course_id: str(c.id), role }] };
	}

	private getTimeline(params: Record<string, string>): SimResponse {
		if (!params.event_type)
			throw refuse(
				'Invalid arguments provided: event_type is required',
				'path.required',
				'Get timeline',
			);
		// Only course completions are simulated; other event types exist but stay empty here.
		if (params.event_type !== 'course_completion') return { status: 200, body: [] };
		const courseId = params.course_id !== undefined ? Number(params.course_id) : undefined;
		const userId = params.user_id !== undefined ? Number(params.user_id) : undefined;
		const out: unknown[] = [];
		for (let i = this.timeline.length - 1; i >= 0 && out.length < TIMELINE_MAX; i--) {
			const e = this.timeline[i];
			if (courseId !== undefined && e.object_id !== courseId) continue;
			if (userId !== undefined && e.user_id !== userId) continue;
			const u = this.users.get(e.user_id);
			out.push({
				action: e.action,
				unix_timestamp: str(e.unix_timestamp),
				timestamp: tlmsDate(e.unix_timestamp * 1000),
				user_id: str(e.user_id),
				object_id: str(e.object_id),
				object_name: e.object_name,
				message: u
					? `${u.first_name} ${u.last_name} completed the course ${e.object_name}`
					: `completed the course ${e.object_name}`,
			});
		}
		return { status: 200, body: out };
	}

	// ---------------------------------------------------------------- lookups and shapes

	private mustUser(id: string | undefined): TUser {
		if (id === undefined || id === '')
			throw refuse('Invalid arguments provided: user_id is required', 'params.required', 'Methods');
		const u = isId(id) ? this.users.get(Number(id)) : undefined;
		if (!u) throw new HttpError(404, TALENTLMS_MESSAGES.userNotFound);
		return u;
	}

	private mustUserByEmail(email: string | undefined): TUser {
		if (!email)
			throw refuse(
				'Invalid arguments provided: user_id or user_email is required',
				'params.required',
				'Methods',
			);
		const u = this.users.get(this.byEmail.get(email.toLowerCase()) ?? -1);
		if (!u) throw new HttpError(404, TALENTLMS_MESSAGES.userNotFound);
		return u;
	}

	private mustCourse(id: string | undefined): TCourse {
		if (id === undefined || id === '')
			throw refuse(
				'Invalid arguments provided: course_id is required',
				'params.required',
				'Methods',
			);
		const c = isId(id) ? this.courses.get(Number(id)) : undefined;
		if (!c) throw new HttpError(404, TALENTLMS_MESSAGES.courseNotFound);
		return c;
	}

	private userSummary(u: TUser): Record<string, unknown> {
		return {
			id: str(u.id),
			login: u.login,
			first_name: u.first_name,
			last_name: u.last_name,
			email: u.email,
			restrict_email: u.restrict_email,
			user_type: u.user_type,
			timezone: u.timezone,
			language: u.language,
			status: u.status,
			deactivation_date: u.deactivation_date,
			level: '1',
			points: '0',
			created_on: tlmsDate(u.created),
			last_updated: tlmsDate(u.updated),
			last_updated_timestamp: str(unix(u.updated)),
			avatar: 'https://sandbox.talentlms.local/pages/images/default_user.svg',
			bio: u.bio,
			login_key: `https://sandbox.talentlms.local/index/autologin/key:${u.id}`,
			...u.custom,
		};
	}

	private userDetail(u: TUser): Record<string, unknown> {
		const courses = [...(this.enrollments.get(u.id)?.values() ?? [])].map((e) => {
			const c = this.courses.get(e.courseId)!;
			return {
				id: str(c.id),
				name: c.name,
				role: e.role,
				enrolled_on: tlmsDate(e.enrolledAt),
				enrolled_on_timestamp: str(unix(e.enrolledAt)),
				completion_status: completionStatus(e),
				completion_percentage: str(e.percentage),
				completed_on: tlmsDate(e.completedAt),
				completed_on_timestamp: e.completedAt === null ? '' : str(unix(e.completedAt)),
				expired_on: '',
				expired_on_timestamp: null,
				total_time: formatDuration(e.totalTimeSec),
			};
		});
		return {
			...this.userSummary(u),
			courses,
			branches: [...u.branches].map((id) => ({
				id: str(id),
				name: this.branches.get(id)?.name ?? '',
			})),
			groups: [...u.groups].map((id) => ({ id: str(id), name: this.groups.get(id)?.name ?? '' })),
			certifications: [],
			badges: [],
		};
	}

	private courseSummary(c: TCourse): Record<string, unknown> {
		return {
			id: str(c.id),
			name: c.name,
			code: c.code,
			category_id: '1',
			description: '',
			price: '&#36;0.00',
			status: 'active',
			creation_date: tlmsDate(c.created),
			last_update_on: tlmsDate(c.created),
			creator_id: '1',
			hide_from_catalog: '0',
			time_limit: '0',
			level: null,
			shared: '0',
			shared_url: '',
			avatar: '',
			big_avatar: '',
			certification: null,
			certification_duration: null,
		};
	}

	private courseDetail(c: TCourse): Record<string, unknown> {
		const users: unknown[] = [];
		for (const [uid, m] of this.enrollments) {
			const e = m.get(c.id);
			if (!e) continue;
			const u = this.users.get(uid)!;
			users.push({
				id: str(uid),
				name: `${u.first_name} ${u.last_name}`,
				role: e.role,
				enrolled_on: tlmsDate(e.enrolledAt),
				enrolled_on_timestamp: str(unix(e.enrolledAt)),
				completed_on: tlmsDate(e.completedAt),
				completed_on_timestamp: e.completedAt === null ? '' : str(unix(e.completedAt)),
				completion_percentage: str(e.percentage),
				expired_on: '',
				expired_on_timestamp: null,
				total_time: formatDuration(e.totalTimeSec),
			});
		}
		return {
			...this.courseSummary(c),
			prerequisites: [],
			custom_fields: [],
			users,
			units: [],
			rules: [],
			prices: [],
		};
	}

	private groupSummary(g: TGroup): Record<string, unknown> {
		return {
			id: str(g.id),
			name: g.name,
			description: g.description,
			key: g.key,
			price: '&#36;0.00',
			owner_id: '1',
			belongs_to_branch: null,
			max_redemptions: null,
			redemptions_sofar: null,
		};
	}

	private groupDetail(g: TGroup): Record<string, unknown> {
		const users: unknown[] = [];
		for (const u of this.users.values())
			if (u.groups.has(g.id)) users.push({ id: str(u.id), name: `${u.first_name} ${u.last_name}` });
		return {
			...this.groupSummary(g),
			users,
			courses: g.courseIds.map((id) => ({ id: str(id), name: this.courses.get(id)?.name ?? '' })),
		};
	}

	private usersInBranch(branchId: number): unknown[] {
		const out: unknown[] = [];
		for (const u of this.users.values())
			if (u.branches.has(branchId))
				out.push({ id: str(u.id), name: `${u.first_name} ${u.last_name}` });
		return out;
	}
}

function isId(v: string | undefined): boolean {
	return v !== undefined && /^\d+$/.test(v);
}

function completionStatus(e: TEnrollment): 'completed' | 'incomplete' | 'not_attempted' {
	if (e.completedAt !== null) return 'completed';
	return e.percentage > 0 ? 'incomplete' : 'not_attempted';
}

function formatDuration(sec: number): string {
	const h = Math.floor(sec / 3600);
	const m = Math.floor((sec % 3600) / 60);
	return h > 0 ? `${h}h ${m}m` : `${m}m ${sec % 60}s`;
}

function requireMethod(
	req: SimRequest,
	method: 'GET' | 'POST',
	endpoint: string,
	hint?: string,
): void {
	if (req.method !== method) {
		throw refuse(
			`Invalid request method ${req.method} for /${endpoint}: use ${method}${hint ? `; ${hint}` : ''}`,
			'method',
			'Methods',
		);
	}
}

/**
 * Parses `name:value,name:value`. Split on raw ',' and the first raw ':' before decoding, so an
 * encoded comma or colon inside a value survives; `+` stays a literal plus (it is a path, not a form).
 */
export function parseSegmentParams(rawSeg: string | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	if (!rawSeg) return out;
	for (const part of rawSeg.split(',')) {
		const i = part.indexOf(':');
		if (i <= 0)
			throw refuse(
				'Invalid arguments provided: parameters must look like name:value',
				'path.params',
				'In a nutshell',
			);
		let value: string;
		try {
			value = decodeURIComponent(part.slice(i + 1));
		} catch {
			throw refuse(
				'Invalid arguments provided: malformed URL encoding',
				'path.encoding',
				'In a nutshell',
			);
		}
		out[decodeURIComponent(part.slice(0, i))] = value;
	}
	return out;
}

export function createTalentLmsSimulator(
	seed?: SeedOptions,
	opts?: TalentLmsOptions,
): TalentLmsSimulator {
	return new TalentLmsSimulator(seed, opts);
}
