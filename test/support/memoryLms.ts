import {
	LmsError,
	type Completion,
	type CompletionQuery,
	type Course,
	type Enrollment,
	type EnrollmentEvent,
	type EnrollmentEventQuery,
	type EnrollmentResult,
	type Group,
	type LmsAdapter,
	type MembershipResult,
	type NewUser,
	type ProductRef,
	type TagResult,
	type User,
	type UserChanges,
	type UserCreation,
	type UserCreationQuery,
	type UserRef,
	type UserResult,
} from '../../nodes/shared/core';

/**
 * An in-memory LMS implementing the adapter contract, for testing the vendor-neutral layers
 * (roster planner, item runner) without HTTP. It counts every call it serves.
 */
export class MemoryLms implements LmsAdapter {
	readonly vendor = { id: 'memory', name: 'Memory LMS' };
	readonly productTypes = ['course'] as const;
	users: User[] = [];
	enrollments: Array<{ userId: string; courseId: string }> = [];
	groups: Group[] = [];
	memberships: Array<{ userId: string; groupId: string }> = [];
	courses: Course[] = [];
	calls: string[] = [];
	completions: Completion[] = [];
	userCreations: UserCreation[] = [];
	enrollmentEvents: EnrollmentEvent[] = [];
	/** Make the next completion listing fail after it has returned this many records. */
	failCompletionsAfter?: number;
	/** Emails whose create fails, to test that a failure does not stop the rest. */
	failCreateFor = new Set<string>();
	private nextId = 1;

	seedUser(email: string, extra: Partial<User> = {}): User {
		const user: User = {
			id: String(this.nextId++),
			email,
			status: 'active',
			tags: [],
			raw: {},
			...extra,
		};
		this.users.push(user);
		return user;
	}

	private resolve(ref: UserRef): User {
		const user = this.users.find((candidate) =>
			ref.by === 'email'
				? candidate.email.toLowerCase() === ref.value.toLowerCase()
				: candidate.id === ref.value,
		);
		if (!user)
			throw new LmsError({ kind: 'notFound', status: 404, message: `No user ${ref.value}` });
		return user;
	}

	async createUser(input: NewUser): Promise<UserResult> {
		this.calls.push('createUser');
		if (this.failCreateFor.has(input.email))
			throw new LmsError({ kind: 'validation', status: 400, message: 'Rejected by the LMS' });
		if (this.users.some((user) => user.email.toLowerCase() === input.email.toLowerCase())) {
			throw new LmsError({ kind: 'alreadyExists', status: 409, message: 'Email taken' });
		}
		const user = this.seedUser(input.email, {
			firstName: input.firstName,
			lastName: input.lastName,
			tags: input.tags ?? [],
		});
		return { action: 'created', user };
	}

	async findUser(ref: UserRef): Promise<User | undefined> {
		this.calls.push('findUser');
		try {
			return this.resolve(ref);
		} catch {
			return undefined;
		}
	}

	async *listUsers(): AsyncIterable<User> {
		this.calls.push('listUsers');
		yield* this.users;
	}

	async updateUser(ref: UserRef, changes: UserChanges): Promise<UserResult> {
		this.calls.push('updateUser');
		const user = this.resolve(ref);
		Object.assign(
			user,
			Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
		);
		return { action: 'updated', user };
	}

	async suspendUser(ref: UserRef): Promise<UserResult> {
		this.calls.push('suspendUser');
		const user = this.resolve(ref);
		if (user.status === 'suspended') return { action: 'alreadySuspended', user };
		user.status = 'suspended';
		return { action: 'suspended', user };
	}

	async reactivateUser(ref: UserRef): Promise<UserResult> {
		this.calls.push('reactivateUser');
		const user = this.resolve(ref);
		if (user.status === 'active') return { action: 'alreadyActive', user };
		user.status = 'active';
		return { action: 'reactivated', user };
	}

	async enroll(ref: UserRef, product: ProductRef): Promise<EnrollmentResult> {
		this.calls.push('enroll');
		const user = this.resolve(ref);
		const base = { userId: user.id, productId: product.id, productType: product.type };
		if (this.enrollments.some((e) => e.userId === user.id && e.courseId === product.id))
			return { action: 'alreadyEnrolled', ...base };
		this.enrollments.push({ userId: user.id, courseId: product.id });
		return { action: 'enrolled', ...base };
	}

	async *listCourseEnrollments(courseId: string): AsyncIterable<Enrollment> {
		this.calls.push('listCourseEnrollments');
		for (const e of this.enrollments.filter((entry) => entry.courseId === courseId)) {
			yield {
				userId: e.userId,
				productId: courseId,
				productType: 'course',
				status: 'notStarted',
				raw: {},
			};
		}
	}

	async *listCompletions(query: CompletionQuery): AsyncIterable<Completion> {
		this.calls.push('listCompletions');
		const failAfter = this.failCompletionsAfter;
		this.failCompletionsAfter = undefined;
		let returned = 0;
		for (const completion of this.completions) {
			if (completion.completedAt < query.since) continue;
			if (query.courseId && completion.courseId !== query.courseId) continue;
			if (failAfter !== undefined && returned >= failAfter) {
				throw new LmsError({ kind: 'unavailable', status: 503, message: 'Service unavailable' });
			}
			returned++;
			yield completion;
		}
	}

	async *listUserCreations(query: UserCreationQuery): AsyncIterable<UserCreation> {
		this.calls.push('listUserCreations');
		yield* this.userCreations.filter((user) => (user.createdAt ?? '') >= query.since);
	}

	async *listEnrollmentEvents(query: EnrollmentEventQuery): AsyncIterable<EnrollmentEvent> {
		this.calls.push('listEnrollmentEvents');
		yield* this.enrollmentEvents.filter(
			(event) =>
				event.enrolledAt >= query.since &&
				(!query.courseId || (event.productType === 'course' && event.productId === query.courseId)),
		);
	}

	async *listGroups(): AsyncIterable<Group> {
		yield* this.groups;
	}

	async addToGroup(ref: UserRef, groupId: string): Promise<MembershipResult> {
		this.calls.push('addToGroup');
		const user = this.resolve(ref);
		if (this.memberships.some((m) => m.userId === user.id && m.groupId === groupId))
			return { action: 'alreadyMember', userId: user.id, groupId };
		this.memberships.push({ userId: user.id, groupId });
		return { action: 'added', userId: user.id, groupId };
	}

	async *listGroupMembers(groupId: string): AsyncIterable<string> {
		this.calls.push('listGroupMembers');
		for (const m of this.memberships.filter((entry) => entry.groupId === groupId)) yield m.userId;
	}

	async addTags(ref: UserRef, tags: string[]): Promise<TagResult> {
		this.calls.push('addTags');
		const user = this.resolve(ref);
		const changed = tags.filter((tag) => !(user.tags ?? []).includes(tag));
		user.tags = [...(user.tags ?? []), ...changed];
		return {
			action: changed.length ? 'tagged' : 'unchanged',
			userId: user.id,
			changed,
			tags: user.tags,
		};
	}

	async removeTags(ref: UserRef, tags: string[]): Promise<TagResult> {
		this.calls.push('removeTags');
		const user = this.resolve(ref);
		const changed = (user.tags ?? []).filter((tag) => tags.includes(tag));
		user.tags = (user.tags ?? []).filter((tag) => !tags.includes(tag));
		return {
			action: changed.length ? 'untagged' : 'unchanged',
			userId: user.id,
			changed,
			tags: user.tags,
		};
	}
}
