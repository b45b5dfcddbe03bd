import {
	ApiClient,
	checkRecordId,
	confirmWrite,
	generatePassword,
	getUser,
	InputError,
	isLmsError,
	joinUrl,
	LmsError,
	pageUntilEmpty,
	type CallQuota,
	type Completion,
	type CompletionQuery,
	type Course,
	type DeleteResult,
	type Enrollment,
	type EnrollmentResult,
	type EnrollOptions,
	type Group,
	type LmsAdapter,
	type MembershipResult,
	type NewUser,
	type ProductRef,
	type Transport,
	type User,
	type UserChanges,
	type UserCreation,
	type UserListFilter,
	type UserRef,
	type UserResult,
} from '../../core';
import { pathParams } from './endpoints';
import { noOpOf, talentLmsErrorRules } from './errors';
import { apiBaseUrl, DomainError } from './settings';
import {
	courseUserCompletion,
	courseUserEnrollment,
	timelineCompletion,
	toCourse,
	toEnrollment,
	toGroup,
	toUser,
	toUserCreation,
} from './mapping';
import { talentLmsIdentity } from './identity';

type Raw = Record<string, unknown>;
type Params = Array<[string, string | number]>;

/** Users per page of `/users/page_size:N`; TalentLMS publishes no maximum. */
export const USER_PAGE_SIZE = 100;
/** The timeline answers with the newest 200 entries only. */
export const TIMELINE_WINDOW = 200;

/** Extra fields each call accepts besides the named ones; `custom_field_N` is always allowed. */
const SIGNUP_EXTRAS = ['user_type', 'branch_id', 'group_id', 'language', 'restrict_email'];
const EDIT_EXTRAS = ['bio', 'timezone', 'deactivation_date'];

const isNumericId = (value: string) => /^\d+$/.test(value);

/**
 * TalentLMS API v1. GET parameters are `name:value` path segments, POST bodies are form-encoded,
 * and duplicates and no-ops come back as errors with fixed texts, which are turned into outcomes.
 * Auth is not added here: the n8n credential (or the standalone authorizer) does it.
 */
export class TalentLmsAdapter implements LmsAdapter {
	readonly vendor = { id: talentLmsIdentity.id, name: talentLmsIdentity.name };
	readonly productTypes = ['course'] as const;
	/** "A user with the same email address already exists" (API v1 › usersignup). */
	readonly createRefusesDuplicateEmail = true;
	private readonly api: ApiClient;
	private base?: string;
	/** `/groups` read once per run: adding 1,000 users to one group needs its key once. */
	private groups?: Promise<Group[]>;

	constructor(
		private readonly domain: unknown,
		transport: Transport,
	) {
		this.api = new ApiClient(transport, talentLmsErrorRules);
	}

	/**
	 * `GET /ratelimit` (`{limit, remaining, reset}`, reset in Unix seconds), which does not count
	 * against the quota. Undefined when the answer has no usable numbers.
	 */
	async callQuota(): Promise<CallQuota | undefined> {
		const body = await this.get<Raw>('ratelimit');
		const limit = Number(body?.limit);
		const remaining = Number(body?.remaining);
		const reset = Number(body?.reset);
		if (!Number.isFinite(limit) || !Number.isFinite(remaining)) return undefined;
		return {
			limit,
			remaining,
			resetAt: Number.isFinite(reset) && reset > 0 ? reset * 1_000 : undefined,
		};
	}

	// ------------------------------------------------------------------ users

	async createUser(input: NewUser): Promise<UserResult> {
		const form: Record<string, string> = {
			first_name: input.firstName,
			last_name: input.lastName,
			email: input.email,
			login: input.username ?? input.email,
			password: input.password ?? generatePassword(),
			...extraFields(input.customFields, SIGNUP_EXTRAS),
		};
		if (input.role) form.user_type = input.role;
		// A lost answer is checked by email in the core (createUserChecked), not here.
		const body = await this.post<Raw>('usersignup', form, false);
		return { action: 'created', user: toUser(body) };
	}

	async findUser(ref: UserRef): Promise<User | undefined> {
		try {
			const [key, value] = userParam(ref);
			const record = await this.get<Raw>('users', [[key, value]]);
			const field = key === 'username' ? 'login' : key;
			return toUser(
				checkRecordId(talentLmsIdentity.name, 'user', value, record, [field]) ?? record,
			);
		} catch (error) {
			if (isLmsError(error, 'notFound')) return undefined;
			throw error;
		}
	}

	async *listUsers(filter?: UserListFilter): AsyncIterable<User> {
		// Everyone: plain `/users` answers with all users in one call. A limited listing pages
		// (`/users` is the only list that can), so it stops after the pages it needs.
		if (filter?.limit === undefined) {
			for (const raw of asArray(await this.get<Raw[]>('users'))) yield toUser(raw);
			return;
		}
		const pages = pageUntilEmpty<Raw>({
			pageSize: USER_PAGE_SIZE,
			fetchPage: async (page) =>
				asArray(
					await this.get<Raw[]>('users', [
						['page_size', USER_PAGE_SIZE],
						['page_number', page],
					]),
				),
		});
		for await (const raw of pages) yield toUser(raw);
	}

	/**
	 * Every user in one call (`GET /users` without paging answers with all of them). TalentLMS has
	 * no creation-time filter, but numbers users with increasing integers and never reuses an id.
	 */
	async *listNumberedUsers(): AsyncIterable<UserCreation> {
		for (const raw of asArray(await this.get<Raw[]>('users'))) yield toUserCreation(raw);
	}

	async updateUser(ref: UserRef, changes: UserChanges): Promise<UserResult> {
		const userId = await this.userId(ref);
		const form: Record<string, string> = { ...extraFields(changes.customFields, EDIT_EXTRAS) };
		if (changes.firstName !== undefined) form.first_name = changes.firstName;
		if (changes.lastName !== undefined) form.last_name = changes.lastName;
		if (changes.email !== undefined) form.email = changes.email;
		if (changes.username !== undefined) form.login = changes.username;
		if (changes.password !== undefined) form.password = changes.password;
		if (Object.keys(form).length === 0) {
			return { action: 'unchanged', user: await getUser(this, { by: 'id', value: userId }) };
		}
		// Sending the same values again changes nothing, so a retry after a 5xx is harmless.
		const body = await this.post<Raw>('edituser', { user_id: userId, ...form }, true);
		const user =
			body && typeof body === 'object' && 'email' in body
				? toUser(body)
				: await getUser(this, { by: 'id', value: userId });
		return { action: 'updated', user };
	}

	async suspendUser(ref: UserRef, known?: User): Promise<UserResult> {
		return this.setStatus(ref, 'inactive', known);
	}

	async reactivateUser(ref: UserRef, known?: User): Promise<UserResult> {
		return this.setStatus(ref, 'active', known);
	}

	async deleteUser(ref: UserRef): Promise<DeleteResult> {
		const userId = isById(ref) ? ref.value : (await this.findUser(ref))?.id;
		if (userId === undefined) return { action: 'notFound', userId: ref.value };
		const deleted: DeleteResult = { action: 'deleted', userId };
		try {
			// permanent=no is TalentLMS's default; the user and their records still go.
			return await confirmWrite({
				write: async () => {
					await this.post('deleteuser', { user_id: userId, permanent: 'no' }, false);
					return deleted;
				},
				// A 5xx after sending: the user may be gone already.
				landed: async () =>
					(await this.findUser({ by: 'id', value: userId })) ? undefined : deleted,
				attempts: 1,
			});
		} catch (error) {
			if (isLmsError(error, 'notFound')) return { action: 'notFound', userId };
			throw error;
		}
	}

	// ------------------------------------------------------------ enrollments

	async enroll(
		ref: UserRef,
		product: ProductRef,
		options?: EnrollOptions,
	): Promise<EnrollmentResult> {
		requireCourse(product);
		const role = options?.role ?? 'learner';
		if (role !== 'learner' && role !== 'instructor') {
			throw new InputError(
				'Options › Role',
				`TalentLMS roles are "learner" and "instructor", not "${role}"`,
			);
		}
		// The endpoint takes an email too, which saves a lookup.
		const who: Record<string, string> =
			ref.by === 'email' ? { user_email: ref.value } : { user_id: await this.userId(ref) };
		const done = (action: EnrollmentResult['action'], userId: string): EnrollmentResult => ({
			action,
			userId,
			productId: product.id,
			productType: 'course',
		});
		try {
			// Enrolling twice only says "already enrolled", so a retry after a 5xx is harmless.
			const body = await this.post<Raw[] | Raw>(
				'addusertocourse',
				{ ...who, course_id: product.id, role },
				true,
			);
			const first = (Array.isArray(body) ? body[0] : body) as Raw | undefined;
			return done('enrolled', String(first?.user_id ?? who.user_id ?? (await this.userId(ref))));
		} catch (error) {
			if (isLmsError(error) && noOpOf(error.vendorMessage) === 'alreadyEnrolled') {
				return done('alreadyEnrolled', who.user_id ?? (await this.userId(ref)));
			}
			throw error;
		}
	}

	async unenroll(ref: UserRef, product: ProductRef): Promise<EnrollmentResult> {
		requireCourse(product);
		const userId = await this.userId(ref);
		const result = { userId, productId: product.id, productType: 'course' as const };
		try {
			await this.get('removeuserfromcourse', [
				['user_id', userId],
				['course_id', product.id],
			]);
			return { action: 'unenrolled', ...result };
		} catch (error) {
			if (isLmsError(error) && noOpOf(error.vendorMessage) === 'notEnrolled')
				return { action: 'notEnrolled', ...result };
			throw error;
		}
	}

	async *listEnrollments(ref: UserRef): AsyncIterable<Enrollment> {
		const user = await getUser(this, ref);
		const courses = asArray((user.raw as Raw).courses);
		for (const course of courses) yield toEnrollment(user.id, course);
	}

	/** One call for the whole course: `/courses/id:X` lists its users with their progress. */
	async *listCourseEnrollments(
		courseId: string,
		filter: { status?: string } = {},
	): AsyncIterable<Enrollment> {
		if (!isNumericId(courseId)) {
			throw new InputError('Course', `TalentLMS course IDs are numbers, not "${courseId}"`);
		}
		const course = await this.get<Raw>('courses', [['id', courseId]]);
		for (const raw of asArray(course.users)) {
			const enrollment = courseUserEnrollment(courseId, raw);
			if (!filter.status || enrollment.status === filter.status) yield enrollment;
		}
	}

	async getProgress(ref: UserRef, courseId: string): Promise<Enrollment | undefined> {
		const userId = await this.userId(ref);
		try {
			const body = await this.get<Raw>('getuserstatusincourse', [
				['course_id', courseId],
				['user_id', userId],
			]);
			return toEnrollment(userId, body, courseId);
		} catch (error) {
			if (isLmsError(error) && noOpOf(error.vendorMessage) === 'notEnrolled') return undefined;
			throw error;
		}
	}

	async *listCourses(): AsyncIterable<Course> {
		for (const raw of asArray(await this.get<Raw[]>('courses'))) yield toCourse(raw);
	}

	// ----------------------------------------------------------------- groups

	async *listGroups(): AsyncIterable<Group> {
		yield* await this.allGroups(true);
	}

	async addToGroup(ref: UserRef, groupId: string): Promise<MembershipResult> {
		const group = await this.group(groupId);
		const userId = await this.userId(ref);
		const result = { userId, groupId: group.id };
		if (!group.key) {
			throw new LmsError({
				kind: 'vendorOther',
				message: `TalentLMS listed group ${group.id} without a key, and adding a member needs it`,
				hint: 'Open the group in TalentLMS and check that it has a group key.',
			});
		}
		try {
			// Also enrolls the user in the group's courses (TalentLMS behaviour).
			await this.get('addusertogroup', [
				['user_id', userId],
				['group_key', group.key],
			]);
			return { action: 'added', ...result };
		} catch (error) {
			if (isLmsError(error) && noOpOf(error.vendorMessage) === 'alreadyMember')
				return { action: 'alreadyMember', ...result };
			throw error;
		}
	}

	async removeFromGroup(ref: UserRef, groupId: string): Promise<MembershipResult> {
		const id = isNumericId(groupId) ? groupId : (await this.group(groupId)).id;
		const userId = await this.userId(ref);
		const result = { userId, groupId: id };
		try {
			await this.get('removeuserfromgroup', [
				['user_id', userId],
				['group_id', id],
			]);
			return { action: 'removed', ...result };
		} catch (error) {
			if (isLmsError(error) && noOpOf(error.vendorMessage) === 'notMember')
				return { action: 'notMember', ...result };
			throw error;
		}
	}

	async listUserGroups(ref: UserRef): Promise<Group[]> {
		const user = await getUser(this, ref);
		return asArray((user.raw as Raw).groups).map(toGroup);
	}

	async *listGroupMembers(groupId: string): AsyncIterable<string> {
		const group = await this.get<Raw>('groups', [['id', groupId]]);
		for (const member of asArray(group.users)) yield String(member.id);
	}

	// ------------------------------------------------------------ completions

	/**
	 * The timeline (newest 200 completions) answers the usual poll in one call. When all 200 are
	 * newer than `since`, older ones may have been cut off, so every course's (or the one
	 * course's) `users[]` is read instead: one call per course, but nothing is missed.
	 */
	async *listCompletions(query: CompletionQuery): AsyncIterable<Completion> {
		const sinceMs = Date.parse(query.since);
		const params: Params = [['event_type', 'course_completion']];
		if (query.courseId) params.push(['course_id', query.courseId]);
		const entries = asArray(await this.get<Raw[]>('gettimeline', params));
		const fromTimeline = entries
			.map(timelineCompletion)
			.filter((entry): entry is Completion => entry !== undefined);
		const oldest = Math.min(...fromTimeline.map((entry) => Date.parse(entry.completedAt)));
		const mayBeCutOff = entries.length >= TIMELINE_WINDOW && oldest >= sinceMs;
		const completions = mayBeCutOff
			? await this.completionsFromCourses(query.courseId)
			: fromTimeline;
		yield* completions
			.filter((entry) => Date.parse(entry.completedAt) >= sinceMs)
			.sort((a, b) => a.completedAt.localeCompare(b.completedAt));
	}

	private async completionsFromCourses(courseId?: string): Promise<Completion[]> {
		const courseIds = courseId
			? [courseId]
			: asArray(await this.get<Raw[]>('courses')).map((course) => String(course.id));
		const completions: Completion[] = [];
		for (const id of courseIds) {
			const course = await this.get<Raw>('courses', [['id', id]]);
			for (const user of asArray(course.users)) {
				const completion = courseUserCompletion(course, user);
				if (completion) completions.push(completion);
			}
		}
		return completions;
	}

	// ---------------------------------------------------------------- helpers

	private async setStatus(
		ref: UserRef,
		status: 'active' | 'inactive',
		known?: User,
	): Promise<UserResult> {
		const user = known ?? (await getUser(this, ref));
		const wanted = status === 'inactive' ? 'suspended' : 'active';
		if (user.status === wanted) {
			return { action: wanted === 'suspended' ? 'alreadySuspended' : 'alreadyActive', user };
		}
		// A GET that changes state, as TalentLMS defines it.
		await this.get('usersetstatus', [
			['user_id', user.id],
			['status', status],
		]);
		return {
			action: wanted === 'suspended' ? 'suspended' : 'reactivated',
			user: { ...user, status: wanted, raw: { ...(user.raw as Raw), status } },
		};
	}

	/** A numeric id is used as given; an email or login is looked up (notFound when nobody). */
	private async userId(ref: UserRef): Promise<string> {
		if (isById(ref)) return ref.value;
		return (await getUser(this, ref)).id;
	}

	private async allGroups(fresh = false): Promise<Group[]> {
		if (!this.groups || fresh) {
			this.groups = this.get<Raw[]>('groups').then((body) => asArray(body).map(toGroup));
			// A failed read is not kept: the next call tries again.
			this.groups.catch(() => {
				this.groups = undefined;
			});
		}
		return this.groups;
	}

	/** A group by id (what the picker gives) or by key; re-reads the list once when missing. */
	private async group(idOrKey: string): Promise<Group> {
		const match = (groups: Group[]) =>
			groups.find((group) => group.id === idOrKey) ?? groups.find((group) => group.key === idOrKey);
		const found = match(await this.allGroups()) ?? match(await this.allGroups(true));
		if (!found) {
			throw new LmsError({
				kind: 'notFound',
				status: 404,
				message: `TalentLMS has no group with ID or key "${idOrKey}"`,
				hint: 'Pick the group from the list, or check that it was not deleted.',
			});
		}
		return found;
	}

	private url(endpoint: string, params?: Params): string {
		if (this.base === undefined) {
			try {
				this.base = apiBaseUrl(this.domain);
			} catch (error) {
				if (!(error instanceof DomainError)) throw error;
				throw new LmsError({
					kind: 'validation',
					message: error.message,
					hint: 'Fix the Domain in the TalentLMS credential.',
				});
			}
		}
		return joinUrl(joinUrl(this.base, endpoint), params?.length ? pathParams(params) : '');
	}

	private get<T = unknown>(endpoint: string, params?: Params): Promise<T> {
		return this.api.call<T>({ method: 'GET', url: this.url(endpoint, params) });
	}

	private post<T = unknown>(
		endpoint: string,
		form: Record<string, string>,
		idempotent: boolean,
	): Promise<T> {
		return this.api.call<T>({ method: 'POST', url: this.url(endpoint), form, idempotent });
	}
}

function isById(ref: UserRef): boolean {
	return ref.by === 'id' && isNumericId(ref.value);
}

/** `/users/id:…`, `/users/email:…` or `/users/username:…`; a non-numeric "id" is a login. */
function userParam(ref: UserRef): [string, string] {
	if (ref.by === 'email') return ['email', ref.value];
	if (isById(ref)) return ['id', ref.value];
	return ['username', ref.value];
}

function requireCourse(product: ProductRef): void {
	if (product.type !== 'course') {
		throw new InputError(
			'Product Type',
			`TalentLMS enrolls into courses only, not "${product.type}"`,
		);
	}
}

/** The records of a list answer; anything else (an error page, junk) as none. */
function asArray(value: unknown): Raw[] {
	return Array.isArray(value)
		? (value as Raw[]).filter((entry) => entry && typeof entry === 'object')
		: [];
}

/** The node's "custom fields" as TalentLMS form fields; unknown names are refused, not dropped. */
function extraFields(
	fields: Record<string, string> | undefined,
	allowed: string[],
): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [key, value] of Object.entries(fields ?? {})) {
		if (!/^custom_field_\d+$/.test(key) && !allowed.includes(key)) {
			throw new InputError(
				'Custom Fields › Key',
				`TalentLMS does not accept "${key}" here: use custom_field_N (the number of the custom field in TalentLMS) or one of ${allowed.join(', ')}`,
			);
		}
		result[key] = value;
	}
	return result;
}
