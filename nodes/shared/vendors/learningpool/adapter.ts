import {
	ApiClient,
	checkRecordId,
	describeRef,
	isLmsError,
	joinUrl,
	LmsError,
	pageUntilEmpty,
	pageWithTotalPages,
	type Completion,
	type CompletionQuery,
	type Course,
	type Enrollment,
	type EnrollmentResult,
	type EnrollmentStatus,
	type Group,
	type HttpRequest,
	type LmsAdapter,
	type MembershipResult,
	type NewUser,
	type ProductRef,
	type TagResult,
	type Transport,
	type User,
	type UserChanges,
	type UserRef,
	type UserResult,
	type VendorErrorRules,
} from '../../core';
import { renderPath, type EndpointKey } from './endpoints';
import type { LearningPoolSettings } from './settings';
import { learningPoolIdentity } from './identity';

type Json = Record<string, unknown>;

const VENDOR = { id: learningPoolIdentity.id, name: learningPoolIdentity.name };

const MAP_HINT =
	'Learning Pool publishes no paths: check that the Endpoint Map in the credential matches your Simple API collection.';

export const learningPoolErrorRules: VendorErrorRules = {
	vendorName: VENDOR.name,
	extractMessage(body) {
		if (!body || typeof body !== 'object') return undefined;
		const { message, errors, error } = body as Json;
		const base =
			typeof message === 'string' ? message : typeof error === 'string' ? error : undefined;
		// 422 answers name the offending fields in `errors: {field: [messages]}`.
		const details =
			errors && typeof errors === 'object' && !Array.isArray(errors)
				? Object.entries(errors as Json)
						.map(([field, list]) => `${field}: ${[list].flat().map(String).join(' ')}`)
						.join('; ')
				: '';
		if (base && details) return `${base} (${details})`;
		return base ?? (details || undefined);
	},
	classify(status, message, body) {
		const emailErrors = ((body as { errors?: { email?: unknown } } | undefined)?.errors?.email ??
			[]) as unknown;
		const duplicate = /already|taken|exists|duplicate/i;
		if (status === 422 && [emailErrors].flat().some((text) => duplicate.test(String(text))))
			return 'alreadyExists';
		if ((status === 400 || status === 422) && message && /already (exists|taken)/i.test(message))
			return 'alreadyExists';
		return undefined;
	},
	hints: {
		notFound: `Check the id or email. If every call answers 404, ${MAP_HINT.charAt(0).toLowerCase()}${MAP_HINT.slice(1)}`,
		validation: `Learning Pool rejected the input; the message names the fields. ${MAP_HINT}`,
		unauthorized:
			'Learning Pool rejected the token. Check the Client ID, Client Secret and Token Path in the credential.',
		forbidden:
			'The OAuth client is valid but lacks permission for this. Ask the Learning Pool admin to grant the Simple API scope.',
	},
};

/**
 * Learning Pool Learning Platform "Simple API". Every path comes from the endpoint map; auth is
 * added by the transport (the credential inside n8n), never here.
 */
export class LearningPoolAdapter implements LmsAdapter {
	readonly vendor = VENDOR;
	readonly productTypes = ['course'] as const;
	private readonly api: ApiClient;

	constructor(
		private readonly settings: LearningPoolSettings,
		transport: Transport,
	) {
		this.api = new ApiClient(transport, learningPoolErrorRules);
	}

	// Users

	async createUser(input: NewUser): Promise<UserResult> {
		const body: Json = {
			...input.customFields,
			email: input.email,
			first_name: input.firstName,
			last_name: input.lastName,
		};
		if (input.username) body.username = input.username;
		if (input.password) body.password = input.password;
		const answer = await this.call('createUser', {}, { body });
		let user =
			toUser(unwrapOne(answer)) ?? (await this.findUser({ by: 'email', value: input.email }));
		if (!user) {
			throw new LmsError({
				kind: 'vendorOther',
				message: `Learning Pool accepted the new user ${input.email} but returned no user record`,
				hint: MAP_HINT,
			});
		}
		if (input.tags?.length) {
			const tagged = await this.addTags({ by: 'id', value: user.id }, input.tags);
			user = { ...user, tags: tagged.tags };
		}
		return { action: 'created', user };
	}

	async findUser(ref: UserRef): Promise<User | undefined> {
		if (ref.by === 'username') {
			throw new LmsError({
				kind: 'validation',
				message: 'Learning Pool looks users up by id or email, not by username',
				hint: 'Give the user by email or ID.',
			});
		}
		try {
			if (ref.by === 'id') {
				const record = unwrapOne(await this.call('getUser', { id: ref.value }));
				return toUser(
					isObject(record) ? checkRecordId(VENDOR.name, 'user', ref.value, record) : record,
				);
			}
			const answer = await this.call('findUserByEmail', { email: ref.value });
			// Match the email ourselves: an instance that ignores the filter must not hand back someone else.
			const wanted = ref.value.toLowerCase();
			const isList = Array.isArray(answer) || (isObject(answer) && Array.isArray(answer.data));
			const candidates = isList ? unwrapList(answer) : [unwrapOne(answer)];
			return candidates
				.map(toUser)
				.find((user): user is User => user?.email.toLowerCase() === wanted);
		} catch (error) {
			if (isLmsError(error, 'notFound')) return undefined;
			throw error;
		}
	}

	listUsers(): AsyncIterable<User> {
		return mapItems(this.list('listUsers', {}), toUser);
	}

	async updateUser(ref: UserRef, changes: UserChanges, known?: User): Promise<UserResult> {
		const user = known ?? (await this.requireUser(ref));
		const wanted: Json = {
			...changes.customFields,
			email: changes.email,
			first_name: changes.firstName,
			last_name: changes.lastName,
			username: changes.username,
			password: changes.password,
		};
		const current = (user.raw ?? {}) as Json;
		const body: Json = {};
		for (const [key, value] of Object.entries(wanted)) {
			// A password cannot be compared, so it always counts as a change.
			if (value !== undefined && (key === 'password' || String(current[key] ?? '') !== value))
				body[key] = value;
		}
		if (Object.keys(body).length === 0) return { action: 'unchanged', user };
		// Setting fields to given values is safe to repeat.
		const answer = await this.call('updateUser', { id: user.id }, { body, idempotent: true });
		const updated =
			toUser(unwrapOne(answer)) ?? (await this.requireUser({ by: 'id', value: user.id }));
		return { action: 'updated', user: updated };
	}

	async suspendUser(ref: UserRef, known?: User): Promise<UserResult> {
		return this.setStatus(ref, 'suspended', known);
	}

	async reactivateUser(ref: UserRef, known?: User): Promise<UserResult> {
		return this.setStatus(ref, 'active', known);
	}

	// Groups

	listGroups(): AsyncIterable<Group> {
		return mapItems(this.list('listGroups', {}), toGroup);
	}

	/** The members' user ids (users as the group's members listing has them): roster sync's group view. */
	async *listGroupMembers(groupId: string): AsyncIterable<string> {
		for await (const raw of this.list('listGroupMembers', { groupId })) {
			if (!isObject(raw)) continue;
			const id = raw.id ?? raw.user_id;
			if (id !== undefined && id !== null) yield String(id);
		}
	}

	async addToGroup(ref: UserRef, groupId: string): Promise<MembershipResult> {
		const userId = await this.userIdOf(ref);
		try {
			await this.call(
				'addGroupMember',
				{ groupId },
				{ body: { user_id: userId }, idempotent: true },
			);
			return { action: 'added', userId, groupId };
		} catch (error) {
			if (isLmsError(error) && error.status === 409)
				return { action: 'alreadyMember', userId, groupId };
			throw error;
		}
	}

	async removeFromGroup(ref: UserRef, groupId: string): Promise<MembershipResult> {
		const userId = await this.userIdOf(ref);
		try {
			await this.call('removeGroupMember', { groupId, userId });
			return { action: 'removed', userId, groupId };
		} catch (error) {
			if (!isLmsError(error, 'notFound')) throw error;
			// 404 means "not a member" here, unless the user does not exist at all.
			if (ref.by === 'id') await this.requireUser(ref);
			return { action: 'notMember', userId, groupId };
		}
	}

	// Tags

	async addTags(ref: UserRef, tags: string[]): Promise<TagResult> {
		const userId = await this.userIdOf(ref);
		const current = await this.userTags(userId);
		const known = new Set(current.map((tag) => tag.toLowerCase()));
		const missing = tags.filter((tag) => !known.has(tag.toLowerCase()));
		if (missing.length === 0) return { action: 'unchanged', userId, changed: [], tags: current };
		const answer = await this.call(
			'addUserTags',
			{ id: userId },
			{ body: { tags: missing }, idempotent: true },
		);
		const after = tagsOf(answer);
		return {
			action: 'tagged',
			userId,
			changed: missing,
			tags: after.length ? after : [...current, ...missing],
		};
	}

	async removeTags(ref: UserRef, tags: string[]): Promise<TagResult> {
		const userId = await this.userIdOf(ref);
		const current = await this.userTags(userId);
		const removing = new Set(tags.map((tag) => tag.toLowerCase()));
		const present = current.filter((tag) => removing.has(tag.toLowerCase()));
		const changed: string[] = [];
		for (const tag of present) {
			try {
				await this.call('removeUserTag', { id: userId, tag });
				changed.push(tag);
			} catch (error) {
				// Removed in the meantime: the outcome the caller wanted.
				if (!isLmsError(error, 'notFound')) throw error;
			}
		}
		const remaining = current.filter((tag) => !removing.has(tag.toLowerCase()));
		return { action: changed.length ? 'untagged' : 'unchanged', userId, changed, tags: remaining };
	}

	// Courses and enrollments

	listCourses(): AsyncIterable<Course> {
		return mapItems(this.list('listCourses', {}), toCourse);
	}

	async enroll(ref: UserRef, product: ProductRef): Promise<EnrollmentResult> {
		const userId = await this.userIdOf(ref);
		const base = { userId, productId: product.id, productType: 'course' as const };
		try {
			const answer = await this.call(
				'enroll',
				{},
				// A second enroll answers 409, which we treat as success, so repeating is safe.
				{ body: { user_id: userId, course_id: product.id }, idempotent: true },
			);
			return { action: 'enrolled', ...base, enrollment: toEnrollment(unwrapOne(answer)) };
		} catch (error) {
			if (isLmsError(error) && error.status === 409) return { action: 'alreadyEnrolled', ...base };
			throw error;
		}
	}

	async unenroll(ref: UserRef, product: ProductRef): Promise<EnrollmentResult> {
		const userId = await this.userIdOf(ref);
		const base = { userId, productId: product.id, productType: 'course' as const };
		const enrollment = await this.enrollmentIn(userId, product.id);
		if (!enrollment?.id) return { action: 'notEnrolled', ...base };
		try {
			await this.call('unenroll', { enrollmentId: enrollment.id });
		} catch (error) {
			if (isLmsError(error, 'notFound')) return { action: 'notEnrolled', ...base };
			throw error;
		}
		return { action: 'unenrolled', ...base, enrollment };
	}

	async *listEnrollments(ref: UserRef): AsyncIterable<Enrollment> {
		const userId = await this.userIdOf(ref);
		yield* mapItems(this.list('listUserEnrollments', { id: userId }), (raw) =>
			toEnrollment(raw, userId),
		);
	}

	async getProgress(ref: UserRef, courseId: string): Promise<Enrollment | undefined> {
		return this.enrollmentIn(await this.userIdOf(ref), courseId);
	}

	// Completions

	async *listCompletions(query: CompletionQuery): AsyncIterable<Completion> {
		const since = Date.parse(query.since);
		for await (const raw of this.list('listCompletions', {}, { completed_since: query.since })) {
			const completion = toCompletion(raw);
			if (!completion) continue;
			// Filter here too, in case an instance ignores the query.
			if (Date.parse(completion.completedAt) < since) continue;
			if (query.courseId !== undefined && completion.courseId !== query.courseId) continue;
			yield completion;
		}
	}

	// Plumbing

	private async setStatus(
		ref: UserRef,
		status: 'active' | 'suspended',
		known?: User,
	): Promise<UserResult> {
		const user = known ?? (await this.requireUser(ref));
		const done = status === 'suspended' ? 'suspended' : 'reactivated';
		const already = status === 'suspended' ? 'alreadySuspended' : 'alreadyActive';
		if (user.status === status) return { action: already, user };
		const key = status === 'suspended' ? 'suspendUser' : 'unsuspendUser';
		try {
			const answer = await this.call(key, { id: user.id }, { idempotent: true });
			const updated = toUser(unwrapOne(answer));
			return {
				action: done,
				user: updated?.status === status ? updated : { ...user, status },
			};
		} catch (error) {
			// Someone else changed it first: check instead of failing.
			if (!isLmsError(error) || (error.status !== 409 && error.status !== 422)) throw error;
			const now = await this.requireUser({ by: 'id', value: user.id });
			if (now.status === status) return { action: already, user: now };
			throw error;
		}
	}

	private async requireUser(ref: UserRef): Promise<User> {
		const user = await this.findUser(ref);
		if (!user) {
			throw new LmsError({
				kind: 'notFound',
				status: 404,
				message: `No ${describeRef(ref)} in Learning Pool`,
				hint: 'Check the id or email, or use "Find or Create" to create the user when missing.',
			});
		}
		return user;
	}

	/** An id as given, or the id of the user with that email. */
	private async userIdOf(ref: UserRef): Promise<string> {
		if (ref.by === 'id') return ref.value;
		return (await this.requireUser(ref)).id;
	}

	private async userTags(userId: string): Promise<string[]> {
		return tagsOf(await this.call('listUserTags', { id: userId }));
	}

	private async enrollmentIn(userId: string, courseId: string): Promise<Enrollment | undefined> {
		for await (const raw of this.list('listUserEnrollments', { id: userId })) {
			const enrollment = toEnrollment(raw, userId);
			if (enrollment?.productId === courseId) return enrollment;
		}
		return undefined;
	}

	private request(
		key: EndpointKey,
		values: Record<string, string>,
		extra: Partial<HttpRequest> = {},
	): HttpRequest {
		const spec = this.settings.endpoints[key];
		const { path, query } = renderPath(spec, values);
		return {
			...extra,
			method: spec.method,
			url: joinUrl(this.settings.baseUrl, path),
			query: { ...query, ...extra.query },
		};
	}

	private async call(
		key: EndpointKey,
		values: Record<string, string>,
		extra: Partial<HttpRequest> = {},
	): Promise<unknown> {
		try {
			return await this.api.call(this.request(key, values, extra));
		} catch (error) {
			// The secret is not part of API requests, so the client cannot know to strip it from
			// what the vendor echoes back.
			if (!isLmsError(error)) throw error;
			throw new LmsError({
				kind: error.kind,
				status: error.status,
				message: error.message,
				vendorMessage: error.vendorMessage,
				hint: error.hint,
				request: error.request,
				outcomeUnknown: error.outcomeUnknown,
				retryAfterMs: error.retryAfterMs,
				details: error.details,
				secrets: [this.settings.clientSecret],
			});
		}
	}

	/** Every item of a list endpoint, paged the way the map says. */
	private list(
		key: EndpointKey,
		values: Record<string, string>,
		query: Record<string, string> = {},
	): AsyncIterable<unknown> {
		const spec = this.settings.endpoints[key];
		const pageParam = spec.pageParam ?? 'page';
		const sizeParam = spec.sizeParam ?? 'per_page';
		const pageSize = spec.pageSize ?? 100;
		const fetch = (page?: number) =>
			this.call(key, values, {
				query: page === undefined ? query : { ...query, [pageParam]: page, [sizeParam]: pageSize },
			});
		switch (spec.pagination ?? 'none') {
			case 'none':
				return (async function* () {
					yield* unwrapList(await fetch());
				})();
			case 'untilEmpty':
				return pageUntilEmpty({
					fetchPage: async (page) => unwrapList(await fetch(page)),
					pageSize,
				});
			case 'lastPage':
				return pageWithTotalPages({
					fetchPage: async (page) => {
						const body = await fetch(page);
						const items = unwrapList(body);
						return {
							items,
							totalPages: lastPageOf(body) ?? (items.length < pageSize ? page : page + 1),
						};
					},
					identify: (item) => JSON.stringify(item),
				});
		}
	}
}

// Translation to the canonical model

function isObject(value: unknown): value is Json {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** `{data: {...}}` or the record itself. */
function unwrapOne(body: unknown): unknown {
	return isObject(body) && isObject(body.data) ? body.data : body;
}

/** `{data: [...]}`, `{items: [...]}` or a bare array. */
function unwrapList(body: unknown): unknown[] {
	if (Array.isArray(body)) return body;
	if (isObject(body)) {
		for (const key of ['data', 'items', 'results'])
			if (Array.isArray(body[key])) return body[key] as unknown[];
	}
	return [];
}

function lastPageOf(body: unknown): number | undefined {
	const meta = isObject(body) && isObject(body.meta) ? body.meta : undefined;
	const last = Number(meta?.last_page ?? meta?.total_pages ?? meta?.totalPages);
	return Number.isFinite(last) && last >= 0 ? last : undefined;
}

async function* mapItems<T>(
	items: AsyncIterable<unknown>,
	map: (raw: unknown) => T | undefined,
): AsyncGenerator<T> {
	for await (const raw of items) {
		const mapped = map(raw);
		if (mapped !== undefined) yield mapped;
	}
}

const text = (value: unknown): string | undefined =>
	value === undefined || value === null || value === '' ? undefined : String(value);

function toUser(raw: unknown): User | undefined {
	if (!isObject(raw) || raw.id === undefined || raw.id === null) return undefined;
	const status = String(raw.status ?? '').toLowerCase();
	const suspended =
		status === 'suspended' ||
		status === 'inactive' ||
		raw.suspended === true ||
		raw.active === false;
	const tags = Array.isArray(raw.tags) ? tagsOf(raw.tags) : undefined;
	return {
		id: String(raw.id),
		email: text(raw.email) ?? '',
		username: text(raw.username),
		firstName: text(raw.first_name ?? raw.firstname),
		lastName: text(raw.last_name ?? raw.lastname),
		status: suspended ? 'suspended' : 'active',
		tags,
		raw,
	};
}

function toGroup(raw: unknown): Group | undefined {
	if (!isObject(raw) || raw.id === undefined) return undefined;
	return { id: String(raw.id), name: text(raw.name ?? raw.title) ?? String(raw.id), raw };
}

function toCourse(raw: unknown): Course | undefined {
	if (!isObject(raw) || raw.id === undefined) return undefined;
	return {
		id: String(raw.id),
		name: text(raw.title ?? raw.name) ?? String(raw.id),
		productType: 'course',
		raw,
	};
}

const ENROLLMENT_STATUS: Record<string, EnrollmentStatus> = {
	not_started: 'notStarted',
	notstarted: 'notStarted',
	enrolled: 'notStarted',
	in_progress: 'inProgress',
	inprogress: 'inProgress',
	started: 'inProgress',
	completed: 'completed',
	complete: 'completed',
	passed: 'passed',
	failed: 'failed',
	pending_review: 'pendingReview',
};

function toEnrollment(raw: unknown, userId?: string): Enrollment | undefined {
	if (!isObject(raw)) return undefined;
	const productId = text(raw.course_id ?? (isObject(raw.course) ? raw.course.id : undefined));
	const owner = text(raw.user_id) ?? userId;
	if (!productId || !owner) return undefined;
	const completedAt = text(raw.completed_at);
	const statusText = String(raw.status ?? '').toLowerCase();
	const progress = Number(raw.progress);
	return {
		id: text(raw.id),
		userId: owner,
		productId,
		productType: 'course',
		productName: text(raw.course_title ?? (isObject(raw.course) ? raw.course.title : undefined)),
		status: ENROLLMENT_STATUS[statusText] ?? (completedAt ? 'completed' : 'unknown'),
		progress: Number.isFinite(progress) && progress >= 0 && progress <= 100 ? progress : undefined,
		completedAt: completedAt ? toIso(completedAt) : undefined,
		raw,
	};
}

function toCompletion(raw: unknown): Completion | undefined {
	if (!isObject(raw)) return undefined;
	const userId = text(raw.user_id);
	const courseId = text(raw.course_id);
	const completedAt = text(raw.completed_at);
	if (!userId || !courseId || !completedAt) return undefined;
	const score = raw.score === null || raw.score === undefined ? NaN : Number(raw.score);
	return {
		userId,
		email: text(raw.user_email),
		courseId,
		courseName: text(raw.course_title),
		completedAt: toIso(completedAt),
		score: Number.isFinite(score) ? score : undefined,
		raw,
	};
}

function toIso(value: string): string {
	const time = Date.parse(value);
	return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/** Tags as strings, from `["a"]`, `[{name:"a"}]` or an envelope around either. */
function tagsOf(body: unknown): string[] {
	const list = Array.isArray(body)
		? body
		: isObject(body) && Array.isArray(body.tags)
			? body.tags
			: unwrapList(body);
	return list
		.map((entry) => (isObject(entry) ? text(entry.name ?? entry.tag ?? entry.label) : text(entry)))
		.filter((tag): tag is string => tag !== undefined);
}
