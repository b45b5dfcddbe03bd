import type {
	Completion,
	Course,
	Enrollment,
	EnrollmentEvent,
	Group,
	NewUser,
	ProductRef,
	ProductType,
	User,
	UserChanges,
	UserCreation,
	UserRef,
} from './model';

/** What a mutation did. "Already …" outcomes are successes, never errors. */
export type UserAction =
	| 'created'
	| 'found'
	| 'updated'
	| 'unchanged'
	| 'suspended'
	| 'alreadySuspended'
	| 'reactivated'
	| 'alreadyActive'
	| 'deleted';

export interface UserResult {
	action: UserAction;
	user: User;
}

export interface DeleteResult {
	action: 'deleted' | 'notFound';
	userId: string;
}

export type EnrollmentAction = 'enrolled' | 'alreadyEnrolled' | 'unenrolled' | 'notEnrolled';

export interface EnrollmentResult {
	action: EnrollmentAction;
	userId: string;
	productId: string;
	productType: ProductType;
	enrollment?: Enrollment;
}

export type MembershipAction = 'added' | 'alreadyMember' | 'removed' | 'notMember';

export interface MembershipResult {
	action: MembershipAction;
	userId: string;
	groupId: string;
}

export type TagAction = 'tagged' | 'untagged' | 'unchanged';

export interface TagResult {
	action: TagAction;
	userId: string;
	/** The tags that actually changed. */
	changed: string[];
	/** The user's tags afterwards, where the LMS says. */
	tags?: string[];
}

export interface GroupResult {
	action: 'created' | 'found';
	group: Group;
}

export interface UserListFilter {
	/** Free text the vendor can search by (name or email), where it can. */
	search?: string;
	status?: 'active' | 'suspended';
	/** Users with any of these tags (vendors declaring the `tags` user-list filter). */
	tags?: string[];
	/** Users registered after this ISO time (vendors declaring `registeredAfter`). */
	registeredAfter?: string;
	/**
	 * At most this many are wanted (absent: all). Lets an adapter choose between paging, which
	 * can stop early, and one unpaged call, which is cheapest when everyone is wanted.
	 */
	limit?: number;
}

export interface EnrollOptions {
	/** LearnWorlds/Grow: price paid, 0 for free. */
	price?: number;
	justification?: string;
	/** TalentLMS: learner or instructor. */
	role?: string;
	/** LearnUpon: enroll again when the previous enrollment is completed. */
	reEnrollIfCompleted?: boolean;
	dueDate?: string;
	sendEmail?: boolean;
}

export interface Seat {
	id: string;
	name: string;
	raw: unknown;
}

export interface RoleResult {
	action: 'found' | 'updated' | 'unchanged';
	userId: string;
	role: string;
}

export interface SeatResult {
	action: 'added' | 'alreadyMember' | 'removed' | 'notMember';
	userId: string;
	seatId: string;
}

export interface BulkEnrollItem {
	ref: UserRef;
	product: ProductRef;
	options?: EnrollOptions;
}

/** The vendor's job an item went through, and how its outcome was learnt. */
export interface BulkJobInfo {
	jobId: string;
	/** The job's own status, as the vendor reported it. */
	status: string;
	/** Where the vendor keeps the job's report, when it says. */
	reportUrl?: string;
	/** How the item's outcome was established, e.g. a read of the enrollments after the job. */
	outcomeFrom: string;
}

/** One outcome per submitted item, in submission order. */
export type BulkEnrollOutcome =
	| (EnrollmentResult & { ok: true; job?: BulkJobInfo })
	| { ok: false; userId?: string; productId: string; error: string; job?: BulkJobInfo };

export interface CompletionQuery {
	/** ISO time; completions at or after it. */
	since: string;
	courseId?: string;
}

export interface UserCreationQuery {
	/** ISO time; users created at or after it. */
	since: string;
}

export interface EnrollmentEventQuery {
	/** ISO time; enrollments at or after it. */
	since: string;
	/** Only enrollments into this course. */
	courseId?: string;
}

/** A plan's call quota as the vendor reports it: calls allowed, calls left, and when it renews. */
export interface CallQuota {
	limit: number;
	remaining: number;
	/** Clock time (ms) of the renewal; undefined when the vendor's answer does not say. */
	resetAt?: number;
}

/**
 * One LMS. Every operation is optional; `capabilitiesOf` tells the node which ones to offer.
 * Adapters translate to the canonical model and throw `LmsError` with the vendor's message.
 */
export interface LmsAdapter {
	readonly vendor: { id: string; name: string };
	/** Product types this LMS can enroll into; the first is the default. */
	readonly productTypes: readonly ProductType[];
	/** Where an operation is emulated, the caveat the node shows next to it. */
	readonly notes?: Partial<Record<Capability, string>>;
	/**
	 * A create for an email that exists is refused as `alreadyExists` and changes nothing, so Find
	 * or Create may create first: one call for a new user instead of a lookup and a create.
	 */
	readonly createRefusesDuplicateEmail?: boolean;
	/** What is left of a call quota the vendor reports for free (not a capability: no operation). */
	callQuota?(): Promise<CallQuota | undefined>;
	/** False where the LMS has no first or last name (they are then never compared or sent). */
	readonly storesNames?: boolean;

	createUser?(input: NewUser): Promise<UserResult>;
	findUser?(ref: UserRef): Promise<User | undefined>;
	listUsers?(filter?: UserListFilter): AsyncIterable<User>;
	/**
	 * `known` (here and below): the user as the caller has just read it (a roster snapshot). An
	 * adapter that reads the user before writing may use it instead of reading again.
	 */
	updateUser?(ref: UserRef, changes: UserChanges, known?: User): Promise<UserResult>;
	suspendUser?(ref: UserRef, known?: User): Promise<UserResult>;
	reactivateUser?(ref: UserRef, known?: User): Promise<UserResult>;
	deleteUser?(ref: UserRef): Promise<DeleteResult>;

	enroll?(ref: UserRef, product: ProductRef, options?: EnrollOptions): Promise<EnrollmentResult>;
	unenroll?(ref: UserRef, product: ProductRef): Promise<EnrollmentResult>;
	listEnrollments?(ref: UserRef): AsyncIterable<Enrollment>;
	getProgress?(ref: UserRef, courseId: string): Promise<Enrollment | undefined>;

	listCourses?(filter?: { search?: string }): AsyncIterable<Course>;

	listGroups?(filter?: { search?: string }): AsyncIterable<Group>;
	createGroup?(name: string): Promise<GroupResult>;
	addToGroup?(ref: UserRef, groupId: string): Promise<MembershipResult>;
	removeFromGroup?(ref: UserRef, groupId: string): Promise<MembershipResult>;
	listUserGroups?(ref: UserRef): Promise<Group[]>;
	/** Ids of a group's members; lets a roster sync read memberships once per group. */
	listGroupMembers?(groupId: string): AsyncIterable<string>;

	addTags?(ref: UserRef, tags: string[], known?: User): Promise<TagResult>;
	removeTags?(ref: UserRef, tags: string[], known?: User): Promise<TagResult>;

	listCompletions?(query: CompletionQuery): AsyncIterable<Completion>;
	/** Users created since a time, where the LMS can filter users by creation time. */
	listUserCreations?(query: UserCreationQuery): AsyncIterable<UserCreation>;
	/**
	 * Every user, for an LMS that cannot filter by creation time but numbers users with increasing
	 * integer ids: an id above those seen before is a new user.
	 */
	listNumberedUsers?(): AsyncIterable<UserCreation>;
	/** Enrollments (any product type) since a time. */
	listEnrollmentEvents?(query: EnrollmentEventQuery): AsyncIterable<EnrollmentEvent>;

	/** Enrollments of one course (optionally one status), e.g. for reports. */
	listCourseEnrollments?(courseId: string, filter?: { status?: string }): AsyncIterable<Enrollment>;
	/** Products other than courses (bundles, subscriptions, programs) for pickers. */
	listProducts?(type: ProductType): AsyncIterable<Course>;
	/** Submits many enrollments at once through the vendor's asynchronous bulk endpoint, waits for it. */
	bulkEnroll?(items: BulkEnrollItem[]): Promise<BulkEnrollOutcome[]>;

	listRoles?(): Promise<string[]>;
	getUserRole?(ref: UserRef): Promise<RoleResult>;
	setUserRole?(ref: UserRef, role: string): Promise<RoleResult>;

	listSeats?(): AsyncIterable<Seat>;
	addToSeat?(
		ref: UserRef,
		seatId: string,
		options?: { addToActiveSeat?: boolean },
	): Promise<SeatResult>;
	removeFromSeat?(ref: UserRef, seatId: string): Promise<SeatResult>;
}

/** Operation name → the adapter method that provides it. */
const CAPABILITY_METHODS = {
	'user.create': 'createUser',
	'user.get': 'findUser',
	'user.list': 'listUsers',
	'user.update': 'updateUser',
	'user.suspend': 'suspendUser',
	'user.reactivate': 'reactivateUser',
	'user.delete': 'deleteUser',
	'enrollment.enroll': 'enroll',
	'enrollment.unenroll': 'unenroll',
	'enrollment.listForUser': 'listEnrollments',
	'enrollment.progress': 'getProgress',
	'course.list': 'listCourses',
	'group.list': 'listGroups',
	'group.create': 'createGroup',
	'group.addMember': 'addToGroup',
	'group.removeMember': 'removeFromGroup',
	'group.listForUser': 'listUserGroups',
	'group.listMembers': 'listGroupMembers',
	'tag.add': 'addTags',
	'tag.remove': 'removeTags',
	'completion.list': 'listCompletions',
	'userCreation.list': 'listUserCreations',
	'userCreation.listNumbered': 'listNumberedUsers',
	'enrollmentEvent.list': 'listEnrollmentEvents',
	'enrollment.listForCourse': 'listCourseEnrollments',
	'enrollment.bulkEnroll': 'bulkEnroll',
	'product.list': 'listProducts',
	'role.list': 'listRoles',
	'role.get': 'getUserRole',
	'role.update': 'setUserRole',
	'seat.list': 'listSeats',
	'seat.addUser': 'addToSeat',
	'seat.removeUser': 'removeFromSeat',
} as const satisfies Record<string, keyof LmsAdapter>;

export type Capability = keyof typeof CAPABILITY_METHODS;

type MethodOf<C extends Capability> = (typeof CAPABILITY_METHODS)[C];

/** The capabilities whose method the adapter class `A` implements. */
export type ImplementedBy<A> = {
	[C in Capability]: MethodOf<C> extends keyof A
		? A[MethodOf<C>] extends (...args: never[]) => unknown
			? C
			: never
		: never;
}[Capability];

/**
 * The operations a vendor offers, listed by hand and checked against its adapter class: a
 * capability whose method is missing or misspelled does not compile, where reading the
 * prototype would drop its operation from the node without a word.
 */
export function declareCapabilities<A extends LmsAdapter>(
	/** The adapter's class, or the function that composes it. */
	adapter: (abstract new (...args: never[]) => A) | ((...args: never[]) => A),
	capabilities: ReadonlyArray<ImplementedBy<A>>,
): ReadonlySet<Capability> {
	void adapter;
	return new Set<Capability>(capabilities);
}

/** The operations an adapter object implements (test doubles; vendors declare theirs). */
export function capabilitiesOf(adapter: LmsAdapter): Set<Capability> {
	const result = new Set<Capability>();
	for (const [capability, method] of Object.entries(CAPABILITY_METHODS)) {
		if (typeof adapter[method as keyof LmsAdapter] === 'function')
			result.add(capability as Capability);
	}
	return result;
}

export function supports(adapter: LmsAdapter, capability: Capability): boolean {
	return typeof adapter[CAPABILITY_METHODS[capability]] === 'function';
}
