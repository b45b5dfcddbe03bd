import {
	ApiClient,
	buildPath,
	checkRecordId,
	describeRef,
	isLmsError,
	joinUrl,
	LmsError,
	pageWithTotalPages,
	userNotFound,
	type Clock,
	type Completion,
	type CompletionQuery,
	type Course,
	type Enrollment,
	type EnrollmentEvent,
	type EnrollmentEventQuery,
	type EnrollmentResult,
	type EnrollOptions,
	type Group,
	type GroupResult,
	type HttpRequest,
	type LmsAdapter,
	type MembershipResult,
	type NewUser,
	type ProductRef,
	type ProductType,
	type RoleResult,
	type Seat,
	type SeatResult,
	type TagResult,
	type Transport,
	type User,
	type UserChanges,
	type UserCreation,
	type UserCreationQuery,
	type UserListFilter,
	type UserRef,
	type UserResult,
} from '../../core';
import {
	isObject,
	listOf,
	roleOf,
	text,
	toCompletion,
	toEnrollmentEvent,
	toEnrollments,
	toGroup,
	toIso,
	toProduct,
	toProgress,
	toSeat,
	totalPagesOf,
	toUser,
	toUserCreation,
	unwrap,
	userPathValue,
	type Json,
} from './mapping';
import { learnWorldsErrorRules } from './errors';
import {
	ENROLLED_ACTIVITIES,
	ENROLLED_COURSE_ACTIVITIES,
	USER_FIELDS,
	type LearnWorldsProfile,
} from './profile';
import type { LearnWorldsSettings } from './settings';

/** Waits before retrying an enroll that 404'd right after the user was created. */
const NEW_USER_ENROLL_DELAYS_MS = [500, 1_000, 2_000, 4_000];
/** A user this young may still be unknown to the enrollment endpoint. */
const NEW_USER_AGE_MS = 5 * 60_000;

/** A 4xx that may mean "nothing to do" (already enrolled, already a member, not enrolled). */
function isNoOpCandidate(error: unknown): error is LmsError {
	return (
		isLmsError(error) && error.status !== undefined && [400, 404, 409, 422].includes(error.status)
	);
}

/**
 * LearnWorlds API v2, also serving Grow by Plenum through its profile (Grow's adapter is this one
 * plus its bulk enrollment, composed in grow/adapter.ts). Auth (bearer token and the
 * client header) is added by the transport — the credential inside n8n — never here.
 */
export class LearnWorldsAdapter implements LmsAdapter {
	readonly vendor: { id: string; name: string };
	readonly productTypes: readonly ProductType[];
	/** The spec's user has no first or last name (only `username` and profile `fields`). */
	readonly storesNames = false;
	private readonly api: ApiClient;

	constructor(
		private readonly profile: LearnWorldsProfile,
		private readonly settings: LearnWorldsSettings,
		transport: Transport,
		private readonly clock: Clock,
	) {
		this.vendor = { id: profile.id, name: profile.name };
		this.productTypes = profile.productTypes;
		this.api = new ApiClient(transport, learnWorldsErrorRules(profile));
	}

	// Users

	async createUser(input: NewUser): Promise<UserResult> {
		// post-users (UserRequestModel): no name properties exist, so first and last name are not sent.
		const fields = this.profileFields(input.customFields);
		const body: Json = {
			email: input.email,
			// The email is unique already; a display name might not be.
			username: input.username ?? input.email,
			send_registration_email: input.sendWelcomeEmail ?? false,
		};
		if (input.password) body.password = input.password;
		if (Object.keys(fields).length) body.fields = fields;
		if (input.tags?.length) body.tags = input.tags;
		let answer: unknown;
		try {
			answer = await this.request({ method: 'POST', url: this.url('/users'), body });
		} catch (error) {
			// Duplicate-email answers are undocumented: a 4xx for an email that exists is a duplicate.
			if (isLmsError(error) && error.kind !== 'alreadyExists' && isNoOpCandidate(error)) {
				const existing = await this.findUser({ by: 'email', value: input.email });
				if (existing) {
					throw new LmsError({
						kind: 'alreadyExists',
						status: error.status,
						message: `A ${this.profile.name} user with the email ${input.email} exists already`,
						vendorMessage: error.vendorMessage,
						request: error.request,
					});
				}
			}
			throw error;
		}
		const user = toUser(answer) ?? (await this.findUser({ by: 'email', value: input.email }));
		if (!user) {
			throw new LmsError({
				kind: 'vendorOther',
				message: `${this.profile.name} accepted the new user ${input.email} but returned no user record`,
			});
		}
		return { action: 'created', user };
	}

	async findUser(ref: UserRef): Promise<User | undefined> {
		try {
			const answer = await this.request({
				method: 'GET',
				url: this.url(buildPath('/users/{user:idOrEmail}', { user: this.pathId(ref) })),
				query: { include_suspended: 'true' },
			});
			if (ref.by === 'id' && isObject(answer))
				checkRecordId(this.profile.name, 'user', ref.value, answer, ['id', 'email']);
			const user = toUser(answer);
			// The email path must not hand back someone else.
			if (user && ref.by === 'email' && user.email.toLowerCase() !== ref.value.toLowerCase())
				return undefined;
			return user;
		} catch (error) {
			if (isLmsError(error, 'notFound')) return undefined;
			throw error;
		}
	}

	listUsers(filter: UserListFilter = {}): AsyncIterable<User> {
		const query: Record<string, string | number> = {
			items_per_page: 200,
			include_suspended: 'true',
		};
		// The API filters by tags (any of them) and registration time itself.
		if (filter.tags?.length) query.tags = filter.tags.join(',');
		if (filter.registeredAfter)
			query.registration_after = Math.floor(Date.parse(filter.registeredAfter) / 1000);
		// get-users' status values are paying, non_paying, suspended and never_logged_in.
		if (filter.status === 'suspended') query.status = 'suspended';
		const users = this.list('/users', query, toUser);
		if (!filter.status && !filter.search) return users;
		const needle = filter.search?.toLowerCase();
		return (async function* () {
			for await (const user of users) {
				if (filter.status && user.status !== filter.status) continue;
				const haystack = `${user.email} ${user.username ?? ''}`.toLowerCase();
				if (needle && !haystack.includes(needle)) continue;
				yield user;
			}
		})();
	}

	async updateUser(ref: UserRef, changes: UserChanges, known?: User): Promise<UserResult> {
		// put-users-id (UserRequestPutModel) has no password property: refuse before any call.
		if (changes.password) {
			throw new LmsError({
				kind: 'validation',
				message: `${this.profile.name} cannot change a password through its API`,
				hint: 'Leave Password out; the user can reset it from the login page.',
			});
		}
		this.profileFields(changes.customFields);
		const user = known ?? (await this.requireUser(ref));
		const raw = (user.raw ?? {}) as Json;
		const currentFields = isObject(raw.fields) ? raw.fields : {};
		const body: Json = {};
		if (changes.email !== undefined && changes.email.toLowerCase() !== user.email.toLowerCase())
			body.email = changes.email;
		if (changes.username !== undefined && changes.username !== user.username)
			body.username = changes.username;
		const fields: Json = {};
		for (const [key, value] of Object.entries(this.profileFields(changes.customFields))) {
			if (value !== undefined && String(currentFields[key] ?? '') !== value) fields[key] = value;
		}
		if (Object.keys(fields).length) body.fields = fields;
		if (Object.keys(body).length === 0) return { action: 'unchanged', user };
		const answer = await this.request({
			method: 'PUT',
			url: this.url(buildPath('/users/{userId:token}', { userId: user.id })),
			body,
		});
		const updated = toUser(answer) ?? (await this.requireUser({ by: 'id', value: user.id }));
		return { action: 'updated', user: updated };
	}

	async suspendUser(ref: UserRef, known?: User): Promise<UserResult> {
		return this.setSuspended(ref, true, known);
	}

	async reactivateUser(ref: UserRef, known?: User): Promise<UserResult> {
		return this.setSuspended(ref, false, known);
	}

	// Enrollments

	async enroll(
		ref: UserRef,
		product: ProductRef,
		options: EnrollOptions = {},
	): Promise<EnrollmentResult> {
		this.checkProductType(product.type);
		const body: Json = {
			productId: product.id,
			productType: product.type,
			// Required by the API; 0 records a free enrollment.
			price: options.price ?? 0,
		};
		if (options.justification) body.justification = options.justification;
		if (options.sendEmail !== undefined) body.send_enrollment_email = options.sendEmail;
		const base = { productId: product.id, productType: product.type };
		let userIsNew: boolean | undefined;
		for (let attempt = 0; ; attempt++) {
			try {
				const answer = await this.request({
					method: 'POST',
					url: this.url(
						buildPath('/users/{user:idOrEmail}/enrollment', { user: this.pathId(ref) }),
					),
					body,
					// Repeating an enroll is harmless: a second one is detected below as alreadyEnrolled.
					idempotent: true,
				});
				return { action: 'enrolled', userId: this.userIdFrom(answer, ref), ...base };
			} catch (error) {
				if (!isLmsError(error)) throw error;
				if (error.kind === 'notFound' && attempt < NEW_USER_ENROLL_DELAYS_MS.length) {
					// A user created moments ago can be briefly unknown to the enrollment endpoint.
					userIsNew ??= await this.isNewUser(ref);
					if (userIsNew) {
						await this.clock.sleep(NEW_USER_ENROLL_DELAYS_MS[attempt]);
						continue;
					}
				}
				// Re-enroll behaviour is undocumented: a 4xx is "already enrolled" only if the LMS says so.
				if (isNoOpCandidate(error) && error.kind !== 'notFound') {
					const existing = await this.findEnrollment(ref, product);
					if (existing) {
						return {
							action: 'alreadyEnrolled',
							userId: existing.userId,
							...base,
							enrollment: existing,
						};
					}
				}
				throw error;
			}
		}
	}

	async unenroll(ref: UserRef, product: ProductRef): Promise<EnrollmentResult> {
		this.checkProductType(product.type);
		const base = { productId: product.id, productType: product.type };
		try {
			const answer = await this.request({
				method: 'DELETE',
				url: this.url(buildPath('/users/{user:idOrEmail}/enrollment', { user: this.pathId(ref) })),
				body: { productId: product.id, productType: product.type },
			});
			return { action: 'unenrolled', userId: this.userIdFrom(answer, ref), ...base };
		} catch (error) {
			if (!isNoOpCandidate(error)) throw error;
			// Listing the user's products also fails, with the right message, when the user is unknown.
			const existing = await this.findEnrollment(ref, product);
			if (!existing) return { action: 'notEnrolled', userId: ref.value, ...base };
			throw error;
		}
	}

	/** get-user-id-products: one answer `{data}`, with no paging parameters. */
	listEnrollments(ref: UserRef): AsyncIterable<Enrollment> {
		const path = buildPath('/users/{user:idOrEmail}/products', { user: this.pathId(ref) });
		const request = () => this.request({ method: 'GET', url: this.url(path) });
		return (async function* () {
			yield* toEnrollments(await request(), ref.value);
		})();
	}

	async getProgress(ref: UserRef, courseId: string): Promise<Enrollment | undefined> {
		try {
			const answer = await this.request({
				method: 'GET',
				url: this.url(
					buildPath('/users/{user:idOrEmail}/courses/{courseId:token}/progress', {
						user: this.pathId(ref),
						courseId,
					}),
				),
			});
			return toProgress(answer, ref.value, courseId);
		} catch (error) {
			if (!isLmsError(error, 'notFound')) throw error;
			// 404 for a known user means "not enrolled in this course".
			await this.requireUser(ref);
			return undefined;
		}
	}

	// Products

	listProducts(type: ProductType): AsyncIterable<Course> {
		const path = this.profile.productPaths[type];
		if (!path) {
			throw new LmsError({
				kind: 'validation',
				message: `${this.profile.name} has no ${type} products`,
				hint: `Pick one of: ${this.productTypes.join(', ')}.`,
			});
		}
		return this.list(path, {}, (raw) => toProduct(raw, type));
	}

	listCourses(): AsyncIterable<Course> {
		return this.listProducts('course');
	}

	// Groups

	listGroups(): AsyncIterable<Group> {
		return this.list(this.settings.userGroupsPath, {}, toGroup);
	}

	async createGroup(name: string): Promise<GroupResult> {
		const wanted = name.trim().toLowerCase();
		for await (const group of this.listGroups()) {
			if (group.name.trim().toLowerCase() === wanted) return { action: 'found', group };
		}
		const answer = await this.request({
			method: 'POST',
			url: this.url(this.settings.userGroupsPath),
			// post-v2-groups requires products.courses too: a new group starts with none.
			body: { title: name.trim(), products: { courses: [] } },
		});
		const group = toGroup(unwrap(answer));
		if (!group) {
			throw new LmsError({
				kind: 'vendorOther',
				message: `${this.profile.name} accepted the group "${name}" but returned no group record`,
			});
		}
		return { action: 'created', group };
	}

	/** post-/delete-v2-user_groups-id-users-user: one user's membership of one group. */
	private membershipUrl(ref: UserRef, groupId: string): string {
		return this.url(
			joinUrl(
				this.settings.userGroupsPath,
				buildPath('/{groupId:token}/users/{user:idOrEmail}', { groupId, user: this.pathId(ref) }),
			),
		);
	}

	async addToGroup(ref: UserRef, groupId: string): Promise<MembershipResult> {
		try {
			await this.request({
				method: 'POST',
				url: this.membershipUrl(ref, groupId),
				idempotent: true,
			});
			return { action: 'added', userId: ref.value, groupId };
		} catch (error) {
			if (!isNoOpCandidate(error) || error.kind === 'notFound') throw error;
			if (await this.isGroupMember(ref, groupId))
				return { action: 'alreadyMember', userId: ref.value, groupId };
			throw error;
		}
	}

	async removeFromGroup(ref: UserRef, groupId: string): Promise<MembershipResult> {
		try {
			await this.request({
				method: 'DELETE',
				url: this.membershipUrl(ref, groupId),
			});
			return { action: 'removed', userId: ref.value, groupId };
		} catch (error) {
			if (!isNoOpCandidate(error)) throw error;
			if (!(await this.isGroupMember(ref, groupId)))
				return { action: 'notMember', userId: ref.value, groupId };
			throw error;
		}
	}

	/** get-v2-users-id-user_groups: a bare array, not paged. */
	async listUserGroups(ref: UserRef): Promise<Group[]> {
		const answer = await this.request({
			method: 'GET',
			url: this.url(buildPath('/users/{user:idOrEmail}/user-groups', { user: this.pathId(ref) })),
		});
		return listOf(answer)
			.map(toGroup)
			.filter((group): group is Group => group !== undefined);
	}

	// Tags

	async addTags(ref: UserRef, tags: string[], known?: User): Promise<TagResult> {
		const user = known ?? (await this.requireUser(ref));
		const current = user.tags ?? [];
		const present = new Set(current.map((tag) => tag.toLowerCase()));
		const missing = unique(tags).filter((tag) => !present.has(tag.toLowerCase()));
		if (missing.length === 0)
			return { action: 'unchanged', userId: user.id, changed: [], tags: current };
		const after = await this.putTags(user.id, missing, 'attach');
		return {
			action: 'tagged',
			userId: user.id,
			changed: missing,
			tags: after ?? [...current, ...missing],
		};
	}

	async removeTags(ref: UserRef, tags: string[], known?: User): Promise<TagResult> {
		const user = known ?? (await this.requireUser(ref));
		const current = user.tags ?? [];
		const removing = new Set(tags.map((tag) => tag.toLowerCase()));
		const present = current.filter((tag) => removing.has(tag.toLowerCase()));
		if (present.length === 0)
			return { action: 'unchanged', userId: user.id, changed: [], tags: current };
		const after = await this.putTags(user.id, present, 'detach');
		return {
			action: 'untagged',
			userId: user.id,
			changed: present,
			tags: after ?? current.filter((tag) => !removing.has(tag.toLowerCase())),
		};
	}

	// Roles

	/** get-v2-users-roles: `{data: [{id, title, access_level, custom_role}]}`; roles are named by title. */
	async listRoles(): Promise<string[]> {
		try {
			const roles = unique((await this.roleRecords()).map((role) => role.title));
			return roles.length ? roles : [...this.profile.knownRoles];
		} catch (error) {
			// Grow documents its role levels; use them where the listing is not offered.
			if (isLmsError(error, 'notFound') && this.profile.knownRoles.length)
				return [...this.profile.knownRoles];
			throw error;
		}
	}

	/** get-v2-users-id-user-role: `{role_id, user_role: {id, access_level, name}}`. */
	async getUserRole(ref: UserRef): Promise<RoleResult> {
		const { action, userId, role } = await this.currentRole(ref);
		return { action, userId, role };
	}

	private async currentRole(ref: UserRef): Promise<RoleResult & { roleId?: string }> {
		const answer = await this.request({
			method: 'GET',
			url: this.url(buildPath('/users/{user:idOrEmail}/user-role', { user: this.pathId(ref) })),
		});
		const record = isObject(answer) ? answer : {};
		const role = isObject(record.user_role) ? record.user_role : {};
		const name = text(role.name) ?? text(role.access_level);
		if (!name) {
			throw new LmsError({
				kind: 'vendorOther',
				message: `${this.profile.name} answered without a role for ${describeRef(ref)}`,
			});
		}
		return {
			action: 'found',
			userId: text(record.id) ?? this.userIdFrom(answer, ref),
			role: name,
			roleId: text(record.role_id) ?? text(role.id),
		};
	}

	/**
	 * put-v2-users-id-user-role requires `role_id`: the role given (its title, access level or id)
	 * is looked up in GET /user-roles first.
	 */
	async setUserRole(ref: UserRef, role: string): Promise<RoleResult> {
		const wanted = role.trim().toLowerCase();
		const records = await this.roleRecords();
		const match =
			records.find((r) => r.id.toLowerCase() === wanted || r.title.toLowerCase() === wanted) ??
			records.find((r) => r.accessLevel?.toLowerCase() === wanted && !r.custom);
		if (!match) {
			throw new LmsError({
				kind: 'validation',
				message: `${this.profile.name} has no user role "${role}"`,
				hint: `Pick one of: ${records.map((r) => r.title).join(', ')}.`,
			});
		}
		const current = await this.currentRole(ref);
		if (current.roleId === match.id || current.role.toLowerCase() === match.title.toLowerCase())
			return { action: 'unchanged', userId: current.userId, role: match.title };
		await this.request({
			method: 'PUT',
			url: this.url(buildPath('/users/{user:idOrEmail}/user-role', { user: this.pathId(ref) })),
			body: { role_id: match.id },
		});
		return { action: 'updated', userId: current.userId, role: match.title };
	}

	private async roleRecords(): Promise<
		Array<{ id: string; title: string; accessLevel?: string; custom: boolean }>
	> {
		const answer = await this.request({ method: 'GET', url: this.url('/user-roles') });
		return listOf(answer).flatMap((raw) => {
			if (!isObject(raw)) return [];
			const id = text(raw.id);
			const title = text(raw.title) ?? roleOf(raw.access_level);
			if (!id || !title) return [];
			return [{ id, title, accessLevel: text(raw.access_level), custom: raw.custom_role === true }];
		});
	}

	// Seats

	listSeats(): AsyncIterable<Seat> {
		return this.list('/seats', {}, toSeat);
	}

	async addToSeat(
		ref: UserRef,
		seatId: string,
		options: { addToActiveSeat?: boolean } = {},
	): Promise<SeatResult> {
		try {
			await this.request({
				method: 'POST',
				url: this.url(
					buildPath('/seats/{seatId:token}/users/{user:idOrEmail}', {
						seatId,
						user: this.pathId(ref),
					}),
				),
				body: { add_to_active_seat: options.addToActiveSeat ?? false },
				idempotent: true,
			});
			return { action: 'added', userId: ref.value, seatId };
		} catch (error) {
			// No seat-membership listing is documented: only an explicit "already" counts as a no-op.
			if (isLmsError(error, 'alreadyExists'))
				return { action: 'alreadyMember', userId: ref.value, seatId };
			throw error;
		}
	}

	async removeFromSeat(ref: UserRef, seatId: string): Promise<SeatResult> {
		try {
			await this.request({
				method: 'DELETE',
				url: this.url(
					buildPath('/seats/{seatId:token}/users/{user:idOrEmail}', {
						seatId,
						user: this.pathId(ref),
					}),
				),
			});
			return { action: 'removed', userId: ref.value, seatId };
		} catch (error) {
			if (!isNoOpCandidate(error)) throw error;
			// For a known user, a 4xx here means the user holds no seat in this offering.
			await this.requireUser(ref);
			if (
				error.kind === 'notFound' ||
				/not (a )?(member|in|assigned)/i.test(error.vendorMessage ?? '')
			)
				return { action: 'notMember', userId: ref.value, seatId };
			throw error;
		}
	}

	// Events

	listCompletions(query: CompletionQuery): AsyncIterable<Completion> {
		const since = Date.parse(query.since);
		const events = this.eventLog(['complete_course'], query.since);
		return (async function* () {
			for await (const raw of events) {
				const completion = toCompletion(raw);
				if (!completion) continue;
				if (query.courseId && completion.courseId !== query.courseId) continue;
				if (Date.parse(completion.completedAt) < since) continue;
				yield completion;
			}
		})();
	}

	/**
	 * Users registered since a time: the users list filtered by `registration_after`, which gives
	 * whole user records (names included) 200 a page, where the event log has 50 bare entries.
	 */
	listUserCreations(query: UserCreationQuery): AsyncIterable<UserCreation> {
		const sinceMs = Date.parse(query.since);
		const users = this.list(
			'/users',
			{
				items_per_page: 200,
				include_suspended: 'true',
				// Whole seconds, and "after" may be exclusive: one second earlier misses nothing.
				registration_after: Number.isFinite(sinceMs) ? Math.floor(sinceMs / 1000) - 1 : undefined,
			},
			toUserCreation,
		);
		return (async function* () {
			for await (const user of users) {
				if (!(Date.parse(user.createdAt ?? '') < sinceMs)) yield user;
			}
		})();
	}

	/** Enrollments into any product since a time, from the event log. */
	listEnrollmentEvents(query: EnrollmentEventQuery): AsyncIterable<EnrollmentEvent> {
		const since = Date.parse(query.since);
		// A subscription sign-up cannot be a course: a course filter needs only the others.
		const activities = query.courseId ? ENROLLED_COURSE_ACTIVITIES : ENROLLED_ACTIVITIES;
		const events = this.eventLog(activities, query.since);
		return (async function* () {
			for (const raw of await sortedByTime(events)) {
				const enrollment = toEnrollmentEvent(raw);
				if (!enrollment) continue;
				if (
					query.courseId &&
					(enrollment.productType !== 'course' || enrollment.productId !== query.courseId)
				)
					continue;
				if (Date.parse(enrollment.enrolledAt) < since) continue;
				yield enrollment;
			}
		})();
	}

	// Internals

	/**
	 * Custom fields go in the user's `fields`: the spec's profile fields (bio, location, company, …)
	 * or the school's own `cf_<name>` ones. Any other key is refused before any call.
	 */
	private profileFields(custom: Record<string, string> | undefined): Json {
		const fields: Json = {};
		for (const [key, value] of Object.entries(custom ?? {})) {
			if (!USER_FIELDS.has(key) && !/^cf_\w+$/.test(key)) {
				throw new LmsError({
					kind: 'validation',
					message: `${this.profile.name} has no user field "${key}"`,
					hint: `Use a profile field (${[...USER_FIELDS].slice(0, 6).join(', ')}, …) or a custom field of your school, named cf_<name>.`,
				});
			}
			fields[key] = value;
		}
		return fields;
	}

	private url(path: string): string {
		return joinUrl(this.settings.apiBase, path);
	}

	private request(request: HttpRequest): Promise<unknown> {
		return this.api.call(request);
	}

	private pathId(ref: UserRef): string {
		return userPathValue(this.profile.name, ref);
	}

	/**
	 * get-event-logs takes one `activity` value a call: one listing per value, in turn (each paged,
	 * 50 entries a page).
	 */
	private eventLog(activities: readonly string[], since: string): AsyncIterable<unknown> {
		const sinceMs = Date.parse(since);
		// Whole seconds, rounded down, so nothing at the boundary is missed.
		const created_after = Number.isFinite(sinceMs) ? Math.floor(sinceMs / 1000) : undefined;
		const lists = activities.map((activity) =>
			this.list('/event-logs', { activity, created_after, sort: 'asc' }, (raw) => raw),
		);
		return (async function* () {
			for (const list of lists) yield* list;
		})();
	}

	private list<T>(
		path: string,
		query: HttpRequest['query'],
		map: (raw: unknown) => T | undefined,
	): AsyncIterable<T> {
		const fetchPage = async (page: number) => {
			const body = await this.request({
				method: 'GET',
				url: this.url(path),
				query: { ...query, page },
			});
			return { items: listOf(body), totalPages: totalPagesOf(body) };
		};
		// A page past the end repeats the last one: the total is the stop.
		const pages = pageWithTotalPages({
			fetchPage,
			identify: (item) => (isObject(item) && text(item.id)) || JSON.stringify(item),
		});
		return (async function* () {
			for await (const raw of pages) {
				const item = map(raw);
				if (item !== undefined) yield item;
			}
		})();
	}

	private async requireUser(ref: UserRef): Promise<User> {
		const user = await this.findUser(ref);
		if (!user) throw userNotFound(ref, this.profile.name);
		return user;
	}

	/** The user id an answer names; for an email ref without one, the email itself. */
	private userIdFrom(answer: unknown, ref: UserRef): string {
		if (ref.by === 'id') return ref.value;
		const record = unwrap(answer);
		const user = record && isObject(record.user) ? record.user : undefined;
		return text(user?.id) ?? text(record?.user_id) ?? toUser(record)?.id ?? ref.value;
	}

	private async isNewUser(ref: UserRef): Promise<boolean> {
		const user = await this.findUser(ref);
		if (!user) return false;
		const created = Date.parse(toIso((user.raw as Json).created) ?? '');
		// No creation time: assume it may be new rather than give up on a real race.
		return Number.isNaN(created) || this.clock.now() - created < NEW_USER_AGE_MS;
	}

	private async findEnrollment(ref: UserRef, product: ProductRef): Promise<Enrollment | undefined> {
		for await (const enrollment of this.listEnrollments(ref)) {
			if (enrollment.productId === product.id && enrollment.productType === product.type)
				return enrollment;
		}
		return undefined;
	}

	private async isGroupMember(ref: UserRef, groupId: string): Promise<boolean> {
		return (await this.listUserGroups(ref)).some((group) => group.id === groupId);
	}

	private async putTags(userId: string, tags: string[], action: 'attach' | 'detach') {
		const answer = await this.request({
			method: 'PUT',
			url: this.url(buildPath('/users/{userId:idOrEmail}/tags', { userId })),
			body: { tags, action },
		});
		return toUser(answer)?.tags;
	}

	private async setSuspended(ref: UserRef, suspend: boolean, known?: User): Promise<UserResult> {
		const user = known ?? (await this.requireUser(ref));
		if ((user.status === 'suspended') === suspend) {
			return { action: suspend ? 'alreadySuspended' : 'alreadyActive', user };
		}
		const answer = await this.request({
			method: 'PUT',
			url: this.url(
				buildPath(suspend ? '/users/{userId:token}/suspend' : '/users/{userId:token}/unsuspend', {
					userId: user.id,
				}),
			),
		});
		const updated = toUser(answer) ?? { ...user, status: suspend ? 'suspended' : 'active' };
		return { action: suspend ? 'suspended' : 'reactivated', user: updated };
	}

	private checkProductType(type: ProductType): void {
		if (!this.productTypes.includes(type)) {
			throw new LmsError({
				kind: 'validation',
				message: `${this.profile.name} cannot enroll into a ${type}`,
				hint: `Pick one of: ${this.productTypes.join(', ')}.`,
			});
		}
	}
}

/** Entries of several activity listings in time order (each listing is ascending already). */
async function sortedByTime(entries: AsyncIterable<unknown>): Promise<unknown[]> {
	const all: unknown[] = [];
	for await (const entry of entries) all.push(entry);
	const at = (entry: unknown) =>
		Date.parse(toIso(isObject(entry) ? entry.created : undefined) ?? '');
	return all.sort((a, b) => (at(a) || 0) - (at(b) || 0));
}

function unique(values: string[]): string[] {
	const seen = new Set<string>();
	return values.filter((value) => {
		const key = value.toLowerCase();
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
