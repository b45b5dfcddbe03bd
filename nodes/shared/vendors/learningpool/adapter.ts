import {
	ApiClient,
	checkRecordId,
	isLmsError,
	joinUrl,
	LmsError,
	pageUntilEmpty,
	pageWithTotalPages,
	userNotFound,
	type Completion,
	type CompletionQuery,
	type Course,
	type Enrollment,
	type EnrollmentResult,
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
} from '../../core';
import { renderPath, type EndpointKey } from './endpoints';
import type { LearningPoolSettings } from './settings';
import { learningPoolErrorRules, MAP_HINT } from './errors';
import { learningPoolIdentity } from './identity';
import {
	isObject,
	unwrapOne,
	unwrapList,
	lastPageOf,
	toUser,
	toGroup,
	toCourse,
	toEnrollment,
	toCompletion,
	tagsOf,
	mapItems,
	type Json,
} from './mapping';

const VENDOR = { id: learningPoolIdentity.id, name: learningPoolIdentity.name };

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
		if (!user) throw userNotFound(ref, VENDOR.name);
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
