import {
	ApiClient,
	collect,
	describeRef,
	isLmsError,
	LmsError,
	type BulkEnrollItem,
	type BulkEnrollOutcome,
	type Clock,
	type Completion,
	type CompletionQuery,
	type Course,
	type DeleteResult,
	type EnrollOptions,
	type Enrollment,
	type EnrollmentResult,
	type EnrollmentStatus,
	type Group,
	type GroupResult,
	type HttpRequest,
	type HttpResponse,
	type LmsAdapter,
	type MembershipResult,
	type NewUser,
	type ProductRef,
	type Transport,
	type User,
	type UserChanges,
	type UserListFilter,
	type UserRef,
	type UserResult,
	type VendorErrorRules,
} from '../../core';
import { RateBudgetTransport, type RateBudget } from './rateBudget';
import type { LearnUponSettings } from './settings';

type Json = Record<string, unknown>;

const VENDOR = { id: 'learnupon', name: 'LearnUpon' } as const;

/** LearnUpon's fixed page size. */
export const PAGE_SIZE = 500;
const MAX_PAGES = 10_000;
const USER_TYPES = new Set(['learner', 'instructor', 'manager', 'admin']);
const FINISHED = new Set(['completed', 'passed']);

/** Bulk enrollment: items per job (LearnUpon publishes no cap; one page's worth is our guess). */
export const BULK_CHUNK = 500;
const BULK_FIRST_WAIT_MS = 1_000;
const BULK_MAX_WAIT_MS = 10_000;
/** How long one job may run before we give up waiting (it keeps running in LearnUpon). */
export const BULK_TIMEOUT_MS = 15 * 60_000;

const STATUS_FROM_LU: Record<string, EnrollmentStatus> = {
	not_started: 'notStarted',
	in_progress: 'inProgress',
	completed: 'completed',
	passed: 'passed',
	failed: 'failed',
	pending_review: 'pendingReview',
};
const STATUS_TO_LU: Record<string, string> = Object.fromEntries(
	Object.entries(STATUS_FROM_LU).map(([lu, canonical]) => [canonical, lu]),
);

export const learnUponErrorRules: VendorErrorRules = {
	vendorName: VENDOR.name,
	extractMessage(body) {
		if (!body || typeof body !== 'object') return undefined;
		const { message, error, errors } = body as Json;
		if (typeof message === 'string' && message) return message;
		if (typeof error === 'string' && error) return error;
		if (Array.isArray(errors)) return errors.map(String).join('; ') || undefined;
		if (errors && typeof errors === 'object') {
			return Object.entries(errors as Json)
				.map(([field, list]) => `${field}: ${[list].flat().map(String).join(' ')}`)
				.join('; ');
		}
		return undefined;
	},
	classify(status, message) {
		if ((status === 400 || status === 409 || status === 422) && message) {
			if (/already (exists|been taken|taken|in use|registered|enrolled|a member)/i.test(message))
				return 'alreadyExists';
		}
		return undefined;
	},
	hints: {
		unauthorized:
			'LearnUpon rejected the API username or password. Copy both from Settings › Integrations › API in LearnUpon into the credential.',
		forbidden:
			'The API credentials are valid but not allowed to do this. Check that the API is enabled for the portal.',
		notFound:
			'Check the id or email, and that the credential names the right portal (its subdomain).',
	},
};

const str = (value: unknown): string | undefined =>
	typeof value === 'string' && value !== ''
		? value
		: typeof value === 'number'
			? String(value)
			: undefined;

const isoOf = (value: unknown): string | undefined => {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const time = typeof value === 'number' ? value : Date.parse(value);
	return Number.isNaN(time) ? undefined : new Date(time).toISOString();
};

/** LearnUpon ids are integers; send them as numbers where they are. */
const idValue = (id: string): number | string => (/^\d+$/.test(id) ? Number(id) : id);

/** Records under `key`, whether the answer is `{key:[…]}`, `{key:{…}}` or a bare list. */
function recordsOf(body: unknown, key: string): Json[] {
	const value = Array.isArray(body) ? body : (body as Json | undefined)?.[key];
	if (Array.isArray(value))
		return value.filter((entry): entry is Json => !!entry && typeof entry === 'object');
	if (value && typeof value === 'object') return [value as Json];
	return [];
}

export function toUser(raw: Json): User {
	return {
		id: String(raw.id),
		email: str(raw.email) ?? '',
		username: str(raw.username),
		firstName: str(raw.first_name),
		lastName: str(raw.last_name),
		status: raw.enabled === false || raw.enabled === 'false' ? 'suspended' : 'active',
		role: str(raw.user_type),
		raw,
	};
}

export function toEnrollment(raw: Json): Enrollment {
	const progress = Number(raw.percentage);
	return {
		id: str(raw.id),
		userId: String(raw.user_id ?? ''),
		productId: String(raw.course_id ?? ''),
		productType: 'course',
		productName: str(raw.course_name),
		status: STATUS_FROM_LU[String(raw.status)] ?? 'unknown',
		progress:
			raw.percentage === undefined || raw.percentage === null || !Number.isFinite(progress)
				? undefined
				: Math.min(100, Math.max(0, progress)),
		completedAt: isoOf(raw.date_completed),
		raw,
	};
}

function toGroup(raw: Json): Group {
	return { id: String(raw.id), name: str(raw.title) ?? str(raw.name) ?? '', raw };
}

/** What we sent, fit to show: the password stays out of outputs. */
function withoutPassword(fields: Json): Json {
	return Object.fromEntries(Object.entries(fields).filter(([key]) => key !== 'password'));
}

/** Newest first: re-enrollments are new records, so the highest id is the current one. */
const newestFirst = (a: Json, b: Json) => Number(b.id ?? 0) - Number(a.id ?? 0);

/** Who an enrollment request or search is about: LearnUpon takes an id or an email. */
type Who = { user_id: number | string } | { email: string };

/**
 * LearnUpon API v1. Capitalised request wrappers, lowercase answers, 500-record pages with
 * `LU-Has-Next-Page`. Auth is added by the transport (the credential inside n8n), never here.
 */
export class LearnUponAdapter implements LmsAdapter {
	readonly vendor = VENDOR;
	readonly productTypes = ['course'] as const;
	private readonly client: ApiClient;
	private readonly budgetTransport: RateBudgetTransport;

	constructor(
		private readonly settings: Pick<LearnUponSettings, 'apiBase'>,
		transport: Transport,
		private readonly clock: Clock,
	) {
		this.budgetTransport = new RateBudgetTransport(transport, clock);
		this.client = new ApiClient(this.budgetTransport, learnUponErrorRules);
	}

	/** The portal's remaining budget as LearnUpon last reported it. */
	get rateBudget(): Readonly<RateBudget> {
		return this.budgetTransport.budget;
	}

	// ------------------------------------------------------------------ plumbing

	private url(path: string): string {
		return `${this.settings.apiBase}${path}`;
	}

	private async send(request: HttpRequest): Promise<HttpResponse> {
		try {
			return await this.client.send({ ...request, url: this.url(request.url) });
		} catch (error) {
			// A spent weekly budget does not come back within any retry: say so plainly.
			if (isLmsError(error, 'rateLimited') && this.rateBudget.remainingWeek === 0) {
				throw new LmsError({
					kind: 'rateLimited',
					status: error.status,
					message: `${error.message} (the portal's weekly API budget is used up)`,
					vendorMessage: error.vendorMessage,
					request: error.request,
					hint: 'LearnUpon reports no API calls left this week for this portal. Wait for the weekly budget to renew or ask LearnUpon support to raise it.',
				});
			}
			throw error;
		}
	}

	private async get(path: string, query?: HttpRequest['query']): Promise<HttpResponse> {
		return this.send({ method: 'GET', url: path, query });
	}

	/** A GET that answers 404 for "nothing there" (LearnUpon's searches do). */
	private async getOrNone(path: string, query?: HttpRequest['query']) {
		try {
			return await this.get(path, query);
		} catch (error) {
			if (isLmsError(error, 'notFound')) return undefined;
			throw error;
		}
	}

	/**
	 * Every record of a paged listing. `LU-Has-Next-Page` decides; where an endpoint leaves it out,
	 * a full page means "maybe more", and a page that repeats the previous one ends it.
	 */
	private async *pages(
		path: string,
		key: string,
		query: HttpRequest['query'] = {},
		options: { notFoundIsEmpty?: boolean } = {},
	): AsyncGenerator<Json> {
		let previous: string | undefined;
		for (let page = 1; page <= MAX_PAGES; page++) {
			const response = options.notFoundIsEmpty
				? await this.getOrNone(path, { ...query, page })
				: await this.get(path, { ...query, page });
			if (!response) return;
			const records = recordsOf(response.body, key);
			const signature = records.map((record) => String(record.id)).join(',');
			if (records.length === 0 || signature === previous) return;
			previous = signature;
			yield* records;
			const header = response.headers['lu-has-next-page'];
			const hasNext =
				header !== undefined ? header.trim().toLowerCase() === 'true' : records.length >= PAGE_SIZE;
			if (!hasNext) return;
		}
	}

	private notFound(ref: UserRef): LmsError {
		return new LmsError({
			kind: 'notFound',
			status: 404,
			message: `No ${describeRef(ref)} in LearnUpon`,
			hint: 'Check the id or email, or use "Find or Create" to create the user when missing.',
		});
	}

	private async requireUser(ref: UserRef): Promise<User> {
		const user = await this.findUser(ref);
		if (!user) throw this.notFound(ref);
		return user;
	}

	private async userIdOf(ref: UserRef): Promise<string> {
		return ref.by === 'id' ? ref.value : (await this.requireUser(ref)).id;
	}

	// ------------------------------------------------------------------ users

	async createUser(input: NewUser): Promise<UserResult> {
		const fields: Json = {
			email: input.email,
			first_name: input.firstName,
			last_name: input.lastName,
		};
		if (input.username) fields.username = input.username;
		if (input.password) fields.password = input.password;
		if (input.role && USER_TYPES.has(input.role)) fields.user_type = input.role;
		if (input.customFields && Object.keys(input.customFields).length)
			fields.CustomData = input.customFields;
		const body = await this.send({ method: 'POST', url: '/users', body: { User: fields } });
		const id = str((body.body as Json | undefined)?.id);
		if (!id) {
			// Created, but the answer lacks the id: read the record back rather than guess.
			const user = await this.findUser({ by: 'email', value: input.email });
			if (user) return { action: 'created', user };
			throw new LmsError({
				kind: 'vendorOther',
				message: 'LearnUpon accepted the new user but returned no id',
			});
		}
		return {
			action: 'created',
			user: toUser({ id: idValue(id), enabled: true, ...withoutPassword(fields) }),
		};
	}

	async findUser(ref: UserRef): Promise<User | undefined> {
		const response =
			ref.by === 'id'
				? await this.getOrNone(`/users/${encodeURIComponent(ref.value)}`)
				: await this.getOrNone('/users/search', { [ref.by]: ref.value });
		const records = recordsOf(response?.body, 'user');
		const match =
			ref.by === 'id'
				? records[0]
				: records.find(
						(record) => String(record[ref.by] ?? '').toLowerCase() === ref.value.toLowerCase(),
					);
		return match ? toUser(match) : undefined;
	}

	async *listUsers(filter: UserListFilter = {}): AsyncIterable<User> {
		// No server-side filters on /users: filter while paging.
		for await (const record of this.pages('/users', 'user')) {
			const user = toUser(record);
			if (filter.status && user.status !== filter.status) continue;
			yield user;
		}
	}

	async updateUser(ref: UserRef, changes: UserChanges, known?: User): Promise<UserResult> {
		// Only sent fields change, so a caller's fresh copy is enough to tell what differs.
		const user = known ?? (await this.requireUser(ref));
		const current = user.raw as Json;
		const fields: Json = {};
		const differs = (key: string, value: string | undefined, caseless = false) => {
			if (value === undefined) return;
			const before = String(current[key] ?? '');
			if (caseless ? before.toLowerCase() !== value.toLowerCase() : before !== value)
				fields[key] = value;
		};
		differs('email', changes.email, true);
		differs('first_name', changes.firstName);
		differs('last_name', changes.lastName);
		differs('username', changes.username);
		// A password cannot be read back, so it always counts as a change.
		if (changes.password) fields.password = changes.password;
		if (changes.customFields) {
			const before = (current.CustomData ?? {}) as Json;
			const changed = Object.entries(changes.customFields).filter(
				([key, value]) => String(before[key] ?? '') !== value,
			);
			if (changed.length) fields.CustomData = Object.fromEntries(changed);
		}
		if (Object.keys(fields).length === 0) return { action: 'unchanged', user };
		return { action: 'updated', user: await this.putUser(user, fields) };
	}

	/** PUT /users/{id} with only the changed fields; the answer's record when there is one. */
	private async putUser(user: User, fields: Json): Promise<User> {
		const response = await this.send({
			method: 'PUT',
			url: `/users/${encodeURIComponent(user.id)}`,
			body: { User: fields },
		});
		const [record] = recordsOf(response.body, 'user');
		if (record && record.id !== undefined) return toUser(record);
		const shown = withoutPassword(fields);
		const before = user.raw as Json;
		return toUser({
			...before,
			...shown,
			CustomData: {
				...((before.CustomData as Json | undefined) ?? {}),
				...((shown.CustomData as Json | undefined) ?? {}),
			},
		});
	}

	async suspendUser(ref: UserRef, known?: User): Promise<UserResult> {
		const user = known ?? (await this.requireUser(ref));
		if (user.status === 'suspended') return { action: 'alreadySuspended', user };
		return { action: 'suspended', user: await this.putUser(user, { enabled: false }) };
	}

	async reactivateUser(ref: UserRef, known?: User): Promise<UserResult> {
		const user = known ?? (await this.requireUser(ref));
		if (user.status === 'active') return { action: 'alreadyActive', user };
		return { action: 'reactivated', user: await this.putUser(user, { enabled: true }) };
	}

	async deleteUser(ref: UserRef): Promise<DeleteResult> {
		let userId = ref.value;
		if (ref.by !== 'id') {
			const user = await this.findUser(ref);
			if (!user) return { action: 'notFound', userId: ref.value };
			userId = user.id;
		}
		try {
			await this.send({ method: 'DELETE', url: `/users/${encodeURIComponent(userId)}` });
		} catch (error) {
			if (isLmsError(error, 'notFound')) return { action: 'notFound', userId };
			throw error;
		}
		return { action: 'deleted', userId };
	}

	// ------------------------------------------------------------------ enrollments

	private courseOf(product: ProductRef): string {
		if (product.type !== 'course') {
			throw new LmsError({
				kind: 'validation',
				message: `LearnUpon enrolls into courses only, not a ${product.type}`,
			});
		}
		return product.id;
	}

	/** An id goes as user_id, an email as email (LearnUpon takes both); a username is looked up. */
	private async whoOf(ref: UserRef): Promise<Who> {
		if (ref.by === 'id') return { user_id: idValue(ref.value) };
		if (ref.by === 'email') return { email: ref.value };
		return { user_id: idValue((await this.requireUser(ref)).id) };
	}

	/** The user's enrollment records in one course, newest first. */
	private async enrollmentsIn(who: Who, courseId: string): Promise<Json[]> {
		const records = await collect(
			this.pages(
				'/enrollments/search',
				'enrollments',
				{ ...who, course_id: courseId },
				{ notFoundIsEmpty: true },
			),
		);
		return records
			.filter((record) => String(record.course_id) === courseId)
			.filter((record) =>
				'user_id' in who
					? String(record.user_id) === String(who.user_id)
					: record.email === undefined ||
						String(record.email).toLowerCase() === who.email.toLowerCase(),
			)
			.sort(newestFirst);
	}

	async enroll(
		ref: UserRef,
		product: ProductRef,
		options: EnrollOptions = {},
	): Promise<EnrollmentResult> {
		const courseId = this.courseOf(product);
		const who = await this.whoOf(ref);
		const fields: Json = { ...who, course_id: idValue(courseId) };
		if (options.reEnrollIfCompleted) fields.re_enroll_if_completed = true;
		if (options.dueDate) fields.due_date = options.dueDate.slice(0, 10);
		const userId = 'user_id' in who ? String(who.user_id) : who.email;
		const result = (action: 'enrolled' | 'alreadyEnrolled', record: Json): EnrollmentResult => ({
			action,
			userId: record.user_id !== undefined ? String(record.user_id) : userId,
			productId: courseId,
			productType: 'course',
			enrollment: toEnrollment({ user_id: userId, course_id: courseId, ...record }),
		});
		const post = async () => {
			const response = await this.send({
				method: 'POST',
				url: '/enrollments',
				body: { Enrollment: fields },
			});
			const id = (response.body as Json | undefined)?.id;
			return result('enrolled', { id, status: 'not_started', percentage: 0 });
		};
		try {
			return await post();
		} catch (error) {
			if (!isLmsError(error)) throw error;
			if (error.outcomeUnknown) {
				// The POST may have landed: an open enrollment now means it did.
				const [newest] = await this.enrollmentsIn(who, courseId);
				if (newest && !(options.reEnrollIfCompleted && FINISHED.has(String(newest.status))))
					return result('enrolled', newest);
				return post();
			}
			// LearnUpon answers a duplicate with a 4xx; confirm it is one before calling it success.
			if (error.kind === 'alreadyExists' || error.kind === 'validation') {
				const [existing] = await this.enrollmentsIn(who, courseId);
				if (existing) return result('alreadyEnrolled', existing);
			}
			throw error;
		}
	}

	async unenroll(ref: UserRef, product: ProductRef): Promise<EnrollmentResult> {
		const courseId = this.courseOf(product);
		const userId = await this.userIdOf(ref);
		const records = await this.enrollmentsIn({ user_id: idValue(userId) }, courseId);
		const base = { userId, productId: courseId, productType: 'course' as const };
		if (records.length === 0) return { action: 'notEnrolled', ...base };
		// Re-enrollments leave earlier records behind; remove them all so the user is out.
		for (const record of records) {
			try {
				await this.send({
					method: 'DELETE',
					url: `/enrollments/${encodeURIComponent(String(record.id))}`,
				});
			} catch (error) {
				if (!isLmsError(error, 'notFound')) throw error;
			}
		}
		return { action: 'unenrolled', ...base, enrollment: toEnrollment(records[0]) };
	}

	async *listEnrollments(ref: UserRef): AsyncIterable<Enrollment> {
		const userId = await this.userIdOf(ref);
		for await (const record of this.pages(
			'/enrollments/search',
			'enrollments',
			{ user_id: userId },
			{ notFoundIsEmpty: true },
		)) {
			if (String(record.user_id ?? userId) === userId) yield toEnrollment(record);
		}
	}

	async getProgress(ref: UserRef, courseId: string): Promise<Enrollment | undefined> {
		const userId = await this.userIdOf(ref);
		const [newest] = await this.enrollmentsIn({ user_id: idValue(userId) }, courseId);
		return newest ? toEnrollment(newest) : undefined;
	}

	async *listCourseEnrollments(
		courseId: string,
		filter: { status?: string } = {},
	): AsyncIterable<Enrollment> {
		// No status filter on the search: filter while paging. Accepts canonical or LearnUpon names.
		const wanted = filter.status ? (STATUS_TO_LU[filter.status] ?? filter.status) : undefined;
		for await (const record of this.pages(
			'/enrollments/search',
			'enrollments',
			{ course_id: courseId },
			{ notFoundIsEmpty: true },
		)) {
			if (String(record.course_id ?? courseId) !== courseId) continue;
			if (wanted && String(record.status) !== wanted) continue;
			yield toEnrollment(record);
		}
	}

	// ------------------------------------------------------------------ courses

	async *listCourses(): AsyncIterable<Course> {
		for await (const record of this.pages('/courses', 'courses')) {
			yield {
				id: String(record.id),
				name: str(record.name) ?? str(record.title) ?? '',
				productType: 'course',
				raw: record,
			};
		}
	}

	// ------------------------------------------------------------------ groups

	async *listGroups(): AsyncIterable<Group> {
		for await (const record of this.pages('/groups', 'groups')) yield toGroup(record);
	}

	async createGroup(name: string): Promise<GroupResult> {
		const title = name.trim();
		const existing = await this.groupByTitle(title);
		if (existing) return { action: 'found', group: existing };
		const post = () => this.send({ method: 'POST', url: '/groups', body: { Group: { title } } });
		let response: HttpResponse;
		try {
			response = await post();
		} catch (error) {
			if (!isLmsError(error) || !error.outcomeUnknown) throw error;
			const landed = await this.groupByTitle(title);
			if (landed) return { action: 'created', group: landed };
			response = await post();
		}
		const id = (response.body as Json | undefined)?.id;
		if (id === undefined) {
			const created = await this.groupByTitle(title);
			if (created) return { action: 'created', group: created };
			throw new LmsError({
				kind: 'vendorOther',
				message: 'LearnUpon accepted the new group but returned no id',
			});
		}
		return { action: 'created', group: toGroup({ id, title }) };
	}

	private async groupByTitle(title: string): Promise<Group | undefined> {
		for await (const record of this.pages('/groups', 'groups', { title })) {
			if (String(record.title ?? '').trim() === title) return toGroup(record);
		}
		return undefined;
	}

	private async memberships(query: { user_id?: string; group_id?: string }): Promise<Json[]> {
		const records = await collect(
			this.pages('/group_memberships', 'group_memberships', query, { notFoundIsEmpty: true }),
		);
		// Filter here too: the answer must be about who we asked for, whatever the API did.
		return records.filter(
			(record) =>
				(query.user_id === undefined || String(record.user_id) === query.user_id) &&
				(query.group_id === undefined || String(record.group_id) === query.group_id),
		);
	}

	async addToGroup(ref: UserRef, groupId: string): Promise<MembershipResult> {
		const userId = await this.userIdOf(ref);
		const base = { userId, groupId };
		const isMember = async () =>
			(await this.memberships({ user_id: userId })).some(
				(record) => String(record.group_id) === groupId,
			);
		const post = () =>
			this.send({
				method: 'POST',
				url: '/group_memberships',
				body: { GroupMembership: { group_id: idValue(groupId), user_id: idValue(userId) } },
			});
		try {
			await post();
			return { action: 'added', ...base };
		} catch (error) {
			if (!isLmsError(error)) throw error;
			if (error.outcomeUnknown) {
				if (await isMember()) return { action: 'added', ...base };
				await post();
				return { action: 'added', ...base };
			}
			if ((error.kind === 'alreadyExists' || error.kind === 'validation') && (await isMember()))
				return { action: 'alreadyMember', ...base };
			throw error;
		}
	}

	async removeFromGroup(ref: UserRef, groupId: string): Promise<MembershipResult> {
		const userId = await this.userIdOf(ref);
		const mine = (await this.memberships({ user_id: userId })).filter(
			(record) => String(record.group_id) === groupId,
		);
		if (mine.length === 0) return { action: 'notMember', userId, groupId };
		for (const record of mine) {
			try {
				await this.send({
					method: 'DELETE',
					url: `/group_memberships/${encodeURIComponent(String(record.id))}`,
				});
			} catch (error) {
				if (!isLmsError(error, 'notFound')) throw error;
			}
		}
		return { action: 'removed', userId, groupId };
	}

	async listUserGroups(ref: UserRef): Promise<Group[]> {
		const userId = await this.userIdOf(ref);
		return (await this.memberships({ user_id: userId })).map((record) => ({
			id: String(record.group_id),
			name: str(record.group_title) ?? '',
			raw: record,
		}));
	}

	async *listGroupMembers(groupId: string): AsyncIterable<string> {
		for (const record of await this.memberships({ group_id: groupId }))
			yield String(record.user_id);
	}

	// ------------------------------------------------------------------ completions

	/**
	 * LearnUpon has no "changed since" filter, so every poll reads each course's enrollments
	 * (`/enrollments/search?course_id=`, 500 a page) and keeps completed/passed ones finished at
	 * or after `since`. Cost per poll: ⌈courses/500⌉ + Σ⌈enrollments of course/500⌉ calls, or only
	 * the second term for one course.
	 */
	async *listCompletions(query: CompletionQuery): AsyncIterable<Completion> {
		const since = Date.parse(query.since);
		const courses: Array<{ id: string; name?: string }> = query.courseId
			? [{ id: query.courseId }]
			: await collect(this.listCourses());
		for (const course of courses) {
			for await (const record of this.pages(
				'/enrollments/search',
				'enrollments',
				{ course_id: course.id },
				{ notFoundIsEmpty: true },
			)) {
				if (!FINISHED.has(String(record.status))) continue;
				const completedAt = isoOf(record.date_completed);
				if (!completedAt || Date.parse(completedAt) < since) continue;
				const score = Number(record.score);
				yield {
					userId: String(record.user_id),
					email: str(record.email),
					courseId: String(record.course_id ?? course.id),
					courseName: str(record.course_name) ?? course.name,
					completedAt,
					score:
						record.score === null || record.score === undefined || !Number.isFinite(score)
							? undefined
							: score,
					raw: record,
				};
			}
		}
	}

	// ------------------------------------------------------------------ bulk

	/**
	 * One asynchronous job per 500 items: submit, then poll the job until it is done, waiting
	 * with the injected clock. Emails are resolved to ids first (the bulk call takes ids only).
	 * "Already enrolled" failures are successes, as everywhere else.
	 */
	async bulkEnroll(items: BulkEnrollItem[]): Promise<BulkEnrollOutcome[]> {
		const outcomes: BulkEnrollOutcome[] = new Array(items.length);
		const ids = new Map<string, string | undefined>();
		const pending: Array<{ index: number; userId: string; courseId: string }> = [];
		for (const [index, item] of items.entries()) {
			const courseId = item.product.id;
			if (item.product.type !== 'course') {
				outcomes[index] = {
					ok: false,
					productId: courseId,
					error: `LearnUpon enrolls into courses only, not a ${item.product.type}`,
				};
				continue;
			}
			let userId: string | undefined = item.ref.value;
			if (item.ref.by !== 'id') {
				const key = `${item.ref.by}:${item.ref.value.toLowerCase()}`;
				if (!ids.has(key)) ids.set(key, (await this.findUser(item.ref))?.id);
				userId = ids.get(key);
			}
			if (!userId) {
				outcomes[index] = {
					ok: false,
					productId: courseId,
					error: `No ${describeRef(item.ref)} in LearnUpon`,
				};
				continue;
			}
			pending.push({ index, userId, courseId });
		}
		for (let start = 0; start < pending.length; start += BULK_CHUNK) {
			const chunk = pending.slice(start, start + BULK_CHUNK);
			const results = await this.runBulkJob(chunk);
			for (const [position, entry] of chunk.entries()) {
				outcomes[entry.index] = this.bulkOutcome(entry, results, position);
			}
		}
		return outcomes;
	}

	private async runBulkJob(chunk: Array<{ userId: string; courseId: string }>): Promise<Json[]> {
		const submitted = await this.send({
			method: 'POST',
			url: '/bulk-operations/submit/bulk-enrollment',
			body: {
				items: chunk.map((entry) => ({
					course_id: idValue(entry.courseId),
					user_id: idValue(entry.userId),
				})),
			},
		});
		const jobId = str((submitted.body as Json | undefined)?.id);
		if (!jobId) {
			throw new LmsError({
				kind: 'vendorOther',
				message: 'LearnUpon accepted the bulk enrollment but returned no job id',
			});
		}
		const started = this.clock.now();
		for (let wait = BULK_FIRST_WAIT_MS; ; wait = Math.min(BULK_MAX_WAIT_MS, wait * 2)) {
			const job = (await this.get(`/bulk-operations/jobs/${encodeURIComponent(jobId)}`))
				.body as Json;
			const status = String(job?.status ?? '').toLowerCase();
			if (['completed', 'complete', 'finished', 'done', 'success'].includes(status))
				return recordsOf(job, 'results');
			if (['failed', 'error', 'cancelled', 'canceled'].includes(status)) {
				throw new LmsError({
					kind: 'vendorOther',
					message: `LearnUpon's bulk enrollment job ${jobId} ended with status "${status}"`,
					vendorMessage: str(job.message),
				});
			}
			if (this.clock.now() - started + wait > BULK_TIMEOUT_MS) {
				throw new LmsError({
					kind: 'unavailable',
					message: `LearnUpon's bulk enrollment job ${jobId} was still running after ${BULK_TIMEOUT_MS / 60_000} minutes`,
					hint: 'The job keeps running in LearnUpon. Check the enrollments later; running this again is safe (existing enrollments count as already enrolled).',
					outcomeUnknown: true,
				});
			}
			await this.clock.sleep(wait);
		}
	}

	private bulkOutcome(
		entry: { userId: string; courseId: string },
		results: Json[],
		position: number,
	): BulkEnrollOutcome {
		const matches = (record: Json | undefined) =>
			!!record &&
			String(record.user_id) === entry.userId &&
			String(record.course_id) === entry.courseId;
		// Results come in submission order; match by ids in case they do not.
		const record = matches(results[position]) ? results[position] : results.find(matches);
		const base = { userId: entry.userId, productId: entry.courseId };
		if (!record) return { ok: false, ...base, error: 'LearnUpon reported no result for this item' };
		const status = String(record.status ?? '').toLowerCase();
		const message = str(record.message) ?? '';
		if (['success', 'succeeded', 'ok', 'enrolled', 'completed'].includes(status)) {
			return {
				ok: true,
				action: 'enrolled',
				...base,
				productType: 'course',
				enrollment: toEnrollment({
					id: record.enrollment_id,
					user_id: entry.userId,
					course_id: entry.courseId,
					status: 'not_started',
				}),
			};
		}
		if (/already enrolled/i.test(message))
			return { ok: true, action: 'alreadyEnrolled', ...base, productType: 'course' };
		return { ok: false, ...base, error: message || `status "${status || 'unknown'}"` };
	}
}
