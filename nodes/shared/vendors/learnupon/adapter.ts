import {
	buildPath,
	checkRecordId,
	collect,
	confirmWrite,
	generatePassword,
	InputError,
	isLmsError,
	LmsError,
	userNotFound,
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
	type Group,
	type GroupResult,
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
} from '../../core';
import { LearnUponApi } from './api';
import { LearnUponBulkEnrollment } from './bulkEnrollment';
import type { RateBudget } from './rateBudget';
import type { LearnUponSettings } from './settings';
import { learnUponIdentity } from './identity';
import {
	STATUS_TO_LU,
	str,
	isoOf,
	idValue,
	recordsOf,
	toUser,
	percentOf,
	toEnrollment,
	toGroup,
	withoutPassword,
	newestFirst,
	type Json,
} from './mapping';

const VENDOR = { id: learnUponIdentity.id, name: learnUponIdentity.name };

const USER_TYPES = new Set(['learner', 'instructor', 'manager', 'admin']);
const FINISHED = new Set(['completed', 'passed']);

/** LearnUpon's documented minimum (Users › Mandatory Parameters for Creating a User). */
export const MIN_PASSWORD_LENGTH = 6;

/**
 * Whom an enrollment search is about: LearnUpon documents one key per search (`user_id`,
 * `email` or `username`), and `email` or `username` (never `user_id`) on a course enrollment.
 */
type Who = { user_id: number | string } | { email: string } | { username: string };

/** The documented minimum, checked before any call (the message never shows the password). */
function checkPassword(password: string): void {
	if (password.length < MIN_PASSWORD_LENGTH) {
		throw new InputError(
			'Password',
			`"Password" must be ${MIN_PASSWORD_LENGTH} or more characters for LearnUpon (leave it empty to have a strong one generated)`,
		);
	}
}

/**
 * LearnUpon API v1. Capitalised request wrappers, lowercase answers, 500-record pages with
 * `LU-Has-Next-Page`. Auth is added by the transport (the credential inside n8n), never here.
 */
export class LearnUponAdapter implements LmsAdapter {
	readonly vendor = VENDOR;
	readonly productTypes = ['course'] as const;
	private readonly api: LearnUponApi;
	private readonly bulk: LearnUponBulkEnrollment;
	/** Emails of users this adapter has read or written (one node run), so Enroll by id skips a lookup. */
	private readonly emailById = new Map<string, string>();

	constructor(settings: Pick<LearnUponSettings, 'apiBase'>, transport: Transport, clock: Clock) {
		this.api = new LearnUponApi(settings.apiBase, transport);
		this.bulk = new LearnUponBulkEnrollment(this.api, (ref) => this.findUser(ref), clock);
	}

	/** The portal's remaining budget as LearnUpon last reported it. */
	get rateBudget(): Readonly<RateBudget> {
		return this.api.rateBudget;
	}

	private async requireUser(ref: UserRef): Promise<User> {
		const user = await this.findUser(ref);
		if (!user) throw userNotFound(ref, learnUponIdentity.name);
		return user;
	}

	private async userIdOf(ref: UserRef): Promise<string> {
		return ref.by === 'id' ? ref.value : (await this.requireUser(ref)).id;
	}

	private remember(user: User): User {
		if (user.email) this.emailById.set(user.id, user.email);
		return user;
	}

	// ------------------------------------------------------------------ users

	async createUser(input: NewUser): Promise<UserResult> {
		const fields: Json = {
			email: input.email,
			first_name: input.firstName,
			last_name: input.lastName,
		};
		if (input.username) fields.username = input.username;
		// A password is mandatory on create: without one, a strong one nobody sees (SSO users).
		if (input.password) checkPassword(input.password);
		fields.password = input.password || generatePassword();
		if (input.role && USER_TYPES.has(input.role)) fields.user_type = input.role;
		if (input.customFields && Object.keys(input.customFields).length)
			fields.CustomData = input.customFields;
		const body = await this.api.send({ method: 'POST', url: '/users', body: { User: fields } });
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
			user: this.remember(toUser({ id: idValue(id), enabled: true, ...withoutPassword(fields) })),
		};
	}

	async findUser(ref: UserRef): Promise<User | undefined> {
		const response =
			ref.by === 'id'
				? await this.api.getOrNone(buildPath('/users/{userId:numeric}', { userId: ref.value }))
				: await this.api.getOrNone('/users/search', { [ref.by]: ref.value });
		const records = recordsOf(response?.body, 'user');
		const match =
			ref.by === 'id'
				? checkRecordId(VENDOR.name, 'user', ref.value, records[0])
				: records.find(
						(record) => String(record[ref.by] ?? '').toLowerCase() === ref.value.toLowerCase(),
					);
		return match ? this.remember(toUser(match)) : undefined;
	}

	async *listUsers(filter: UserListFilter = {}): AsyncIterable<User> {
		// No server-side filters on /users: filter while paging.
		for await (const record of this.api.pages('/users', 'user')) {
			const user = this.remember(toUser(record));
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
		if (changes.password) {
			checkPassword(changes.password);
			fields.password = changes.password;
		}
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
		const response = await this.api.send({
			method: 'PUT',
			url: buildPath('/users/{userId:numeric}', { userId: user.id }),
			body: { User: fields },
		});
		const [record] = recordsOf(response.body, 'user');
		if (record && record.id !== undefined) return this.remember(toUser(record));
		const shown = withoutPassword(fields);
		const before = user.raw as Json;
		return this.remember(
			toUser({
				...before,
				...shown,
				CustomData: {
					...((before.CustomData as Json | undefined) ?? {}),
					...((shown.CustomData as Json | undefined) ?? {}),
				},
			}),
		);
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
			await this.api.send({
				method: 'DELETE',
				url: buildPath('/users/{userId:numeric}', { userId }),
			});
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

	/**
	 * Whom to enroll, the way LearnUpon documents it (Enrollments › Create an Enrollment:
	 * `email` or `username`, never `user_id`): an email or username as given; an id becomes its
	 * email, from this run's earlier reads or `GET /users/{id}`.
	 */
	private async enrolleeOf(ref: UserRef): Promise<{ email: string } | { username: string }> {
		if (ref.by === 'email') return { email: ref.value };
		if (ref.by === 'username') return { username: ref.value };
		const known = this.emailById.get(ref.value);
		if (known) return { email: known };
		const user = await this.requireUser(ref);
		if (user.email) return { email: user.email };
		if (user.username) return { username: user.username };
		throw new LmsError({
			kind: 'validation',
			message: `LearnUpon user ${ref.value} has neither an email nor a username to enroll by`,
		});
	}

	/** One documented search key: the id when known, else the email or username. */
	private static searchKeyOf(ref: UserRef): Who {
		if (ref.by === 'id') return { user_id: idValue(ref.value) };
		return ref.by === 'email' ? { email: ref.value } : { username: ref.value };
	}

	/** The user's enrollment records in one course, newest first (searched by the user only). */
	private async enrollmentsIn(who: Who, courseId: string): Promise<Json[]> {
		const records = await collect(
			this.api.pages('/enrollments/search', 'enrollments', who, { notFoundIsEmpty: true }),
		);
		return records
			.filter((record) => String(record.course_id) === courseId)
			.filter((record) =>
				'user_id' in who
					? String(record.user_id) === String(who.user_id)
					: 'email' in who
						? record.email === undefined ||
							String(record.email).toLowerCase() === who.email.toLowerCase()
						: record.username === undefined || String(record.username) === who.username,
			)
			.sort(newestFirst);
	}

	async enroll(
		ref: UserRef,
		product: ProductRef,
		options: EnrollOptions = {},
	): Promise<EnrollmentResult> {
		const courseId = this.courseOf(product);
		const enrollee = await this.enrolleeOf(ref);
		const fields: Json = { ...enrollee, course_id: idValue(courseId) };
		if (options.reEnrollIfCompleted) fields.re_enroll_if_completed = true;
		if (options.dueDate) fields.due_date = options.dueDate.slice(0, 10);
		// Search by the id when we have it (cheaper to match), else by what we enroll with.
		const who: Who = ref.by === 'id' ? { user_id: idValue(ref.value) } : enrollee;
		const result = (action: 'enrolled' | 'alreadyEnrolled', record: Json): EnrollmentResult => {
			const userId =
				record.user_id !== undefined && record.user_id !== null
					? String(record.user_id)
					: ref.value;
			return {
				action,
				userId,
				productId: courseId,
				productType: 'course',
				enrollment: toEnrollment({ user_id: userId, course_id: courseId, ...record }),
			};
		};
		const post = async () => {
			const response = await this.api.send({
				method: 'POST',
				url: '/enrollments',
				body: { Enrollment: fields },
			});
			// Documented answer: {id, created_at, user_id}.
			const body = (response.body as Json | undefined) ?? {};
			return result('enrolled', {
				id: body.id,
				user_id: body.user_id,
				date_enrolled: body.created_at,
				status: 'not_started',
				percentage_complete: 0,
			});
		};
		try {
			return await confirmWrite({
				write: post,
				// The POST may have landed: an open enrollment now means it did.
				landed: async () => {
					const [newest] = await this.enrollmentsIn(who, courseId);
					const reopened = !(options.reEnrollIfCompleted && FINISHED.has(String(newest?.status)));
					return newest && reopened ? result('enrolled', newest) : undefined;
				},
				attempts: 2,
			});
		} catch (error) {
			if (!isLmsError(error)) throw error;
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
		const records = await this.enrollmentsIn(LearnUponAdapter.searchKeyOf(ref), courseId);
		const userId =
			ref.by === 'id' ? ref.value : records[0] ? String(records[0].user_id) : undefined;
		const base = {
			userId: userId ?? (await this.userIdOf(ref)),
			productId: courseId,
			productType: 'course' as const,
		};
		if (records.length === 0) return { action: 'notEnrolled', ...base };
		// Re-enrollments leave earlier records behind; remove them all so the user is out. A
		// finished one stays in the learner's history unless remove_from_history says otherwise
		// (Enrollments › Delete Enrollments).
		for (const record of records) {
			try {
				await this.api.send({
					method: 'DELETE',
					url: buildPath('/enrollments/{enrollmentId:numeric}', {
						enrollmentId: String(record.id),
					}),
					body: FINISHED.has(String(record.status)) ? { remove_from_history: true } : undefined,
				});
			} catch (error) {
				if (!isLmsError(error, 'notFound')) throw error;
			}
		}
		return { action: 'unenrolled', ...base, enrollment: toEnrollment(records[0]) };
	}

	async *listEnrollments(ref: UserRef): AsyncIterable<Enrollment> {
		const userId = await this.userIdOf(ref);
		for await (const record of this.api.pages(
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
		for await (const record of this.api.pages(
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
		for await (const record of this.api.pages('/courses', 'courses')) {
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
		for await (const record of this.api.pages('/groups', 'groups')) yield toGroup(record);
	}

	async createGroup(name: string): Promise<GroupResult> {
		const title = name.trim();
		const existing = await this.groupByTitle(title);
		if (existing) return { action: 'found', group: existing };
		return confirmWrite({
			write: () => this.postGroup(title),
			landed: async () => {
				const landed = await this.groupByTitle(title);
				return landed ? { action: 'created', group: landed } : undefined;
			},
			attempts: 2,
		});
	}

	private async postGroup(title: string): Promise<GroupResult> {
		const response = await this.api.send({
			method: 'POST',
			url: '/groups',
			body: { Group: { title } },
		});
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
		for await (const record of this.api.pages('/groups', 'groups', { title })) {
			if (String(record.title ?? '').trim() === title) return toGroup(record);
		}
		return undefined;
	}

	private async memberships(query: { user_id?: string; group_id?: string }): Promise<Json[]> {
		const records = await collect(
			this.api.pages('/group_memberships', 'group_memberships', query, { notFoundIsEmpty: true }),
		);
		// Filter here too: the answer must be about who we asked for, whatever the API did.
		return records.filter(
			(record) =>
				(query.user_id === undefined || String(record.user_id) === query.user_id) &&
				(query.group_id === undefined || String(record.group_id) === query.group_id),
		);
	}

	private membershipRequest(
		method: 'POST' | 'DELETE',
		url: string,
		userId: string,
		groupId: string,
	): Promise<HttpResponse> {
		const GroupMembership = { group_id: idValue(groupId), user_id: idValue(userId) };
		return this.api.send({ method, url, body: { GroupMembership } });
	}

	private async isMember(userId: string, groupId: string): Promise<boolean> {
		return (await this.memberships({ user_id: userId })).some(
			(record) => String(record.group_id) === groupId,
		);
	}

	async addToGroup(ref: UserRef, groupId: string): Promise<MembershipResult> {
		const userId = await this.userIdOf(ref);
		const base = { userId, groupId };
		const isMember = () => this.isMember(userId, groupId);
		const post = () => this.membershipRequest('POST', '/group_memberships', userId, groupId);
		const added: MembershipResult = { action: 'added', ...base };
		try {
			return await confirmWrite({
				write: async () => {
					await post();
					return added;
				},
				landed: async () => ((await isMember()) ? added : undefined),
				attempts: 2,
			});
		} catch (error) {
			if (!isLmsError(error)) throw error;
			if ((error.kind === 'alreadyExists' || error.kind === 'validation') && (await isMember()))
				return { action: 'alreadyMember', ...base };
			throw error;
		}
	}

	/**
	 * `DELETE /group_memberships/0` with `{"GroupMembership":{group_id,user_id}}`, the documented
	 * way without a membership id (Group Memberships › Delete a GroupMembership). A 404 is "not a
	 * member" once the user's memberships confirm it.
	 */
	async removeFromGroup(ref: UserRef, groupId: string): Promise<MembershipResult> {
		const userId = await this.userIdOf(ref);
		const base = { userId, groupId };
		const remove = () => this.membershipRequest('DELETE', '/group_memberships/0', userId, groupId);
		const isMember = () => this.isMember(userId, groupId);
		const removed: MembershipResult = { action: 'removed', ...base };
		try {
			return await confirmWrite({
				write: async () => {
					await remove();
					return removed;
				},
				landed: async () => ((await isMember()) ? undefined : removed),
				attempts: 2,
			});
		} catch (error) {
			if (!isLmsError(error)) throw error;
			if (error.kind === 'notFound' && !(await isMember())) return { action: 'notMember', ...base };
			throw error;
		}
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
			for await (const record of this.api.pages(
				'/enrollments/search',
				'enrollments',
				{ course_id: course.id },
				{ notFoundIsEmpty: true },
			)) {
				if (!FINISHED.has(String(record.status))) continue;
				const completedAt = isoOf(record.date_completed);
				if (!completedAt || Date.parse(completedAt) < since) continue;
				// `percentage` is the score achieved (Enrollments › Enrollment Data Attributes).
				const score = percentOf(record.percentage);
				yield {
					userId: String(record.user_id),
					email: str(record.email),
					courseId: String(record.course_id ?? course.id),
					courseName: str(record.course_name) ?? course.name,
					completedAt,
					score,
					raw: record,
				};
			}
		}
	}

	// ------------------------------------------------------------------ bulk

	/** One asynchronous job per 100,000 items; see `LearnUponBulkEnrollment`. */
	async bulkEnroll(items: BulkEnrollItem[]): Promise<BulkEnrollOutcome[]> {
		return this.bulk.enroll(items);
	}
}
