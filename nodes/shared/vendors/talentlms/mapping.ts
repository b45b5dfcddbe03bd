import type {
	Completion,
	Course,
	Enrollment,
	EnrollmentStatus,
	Group,
	User,
	UserCreation,
} from '../../core';
import { userCreationOf } from '../../core';

/** TalentLMS records → the canonical model. TalentLMS sends ids and numbers as strings. */

type Raw = Record<string, unknown>;

const text = (value: unknown): string =>
	value === undefined || value === null ? '' : String(value);

/** `login_key` is a link that signs the user in without a password: a secret, never passed on. */
const SECRET_KEYS = new Set(['login_key']);

/** The record as the node may show it: secret keys removed at any depth. */
export function publicRaw(raw: Raw): Raw {
	const strip = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(strip);
		if (value === null || typeof value !== 'object') return value;
		return Object.fromEntries(
			Object.entries(value)
				.filter(([key]) => !SECRET_KEYS.has(key))
				.map(([key, inner]) => [key, strip(inner)]),
		);
	};
	return strip(raw) as Raw;
}

/** Unix seconds (string or number) → ISO, or undefined for "", null, 0 and junk. */
export function unixToIso(value: unknown): string | undefined {
	const seconds = Number(value);
	if (value === '' || value === null || !Number.isFinite(seconds) || seconds <= 0) return undefined;
	return new Date(seconds * 1000).toISOString();
}

export function toUser(raw: Raw): User {
	const groups = Array.isArray(raw.groups) ? (raw.groups as Raw[]) : undefined;
	return {
		id: text(raw.id),
		email: text(raw.email),
		username: text(raw.login) || undefined,
		firstName: text(raw.first_name) || undefined,
		lastName: text(raw.last_name) || undefined,
		// TalentLMS calls a deactivated user "inactive".
		status: raw.status === 'inactive' ? 'suspended' : 'active',
		role: text(raw.user_type) || undefined,
		groupIds: groups?.map((group) => text(group.id)),
		raw: publicRaw(raw),
	};
}

/**
 * A user as a "user created" event. `created_on` is written in the portal's own date format and
 * time zone ("dd/mm/yyyy, hh:mm:ss" by default), so it stays in `raw` rather than becoming a
 * `createdAt` that could be hours or a day-and-month swap wrong.
 */
export function toUserCreation(raw: Raw): UserCreation {
	return userCreationOf(toUser(raw), publicRaw(raw));
}

const STATUS: Record<string, EnrollmentStatus> = {
	completed: 'completed',
	incomplete: 'inProgress',
	not_attempted: 'notStarted',
	failed: 'failed',
	pending: 'pendingReview',
};

function toProgress(value: unknown): number | undefined {
	const progress = Number(value);
	if (value === '' || value === null || value === undefined || !Number.isFinite(progress))
		return undefined;
	return Math.min(100, Math.max(0, progress));
}

/** One entry of a user's `courses[]`, or a `getuserstatusincourse` answer for `courseId`. */
export function toEnrollment(userId: string, raw: Raw, courseId = text(raw.id)): Enrollment {
	return {
		userId,
		productId: courseId,
		productType: 'course',
		productName: text(raw.name) || undefined,
		status: STATUS[text(raw.completion_status)] ?? 'unknown',
		progress: toProgress(raw.completion_percentage),
		completedAt: unixToIso(raw.completed_on_timestamp),
		raw: publicRaw(raw),
	};
}

export function toCourse(raw: Raw): Course {
	return { id: text(raw.id), name: text(raw.name), productType: 'course', raw: publicRaw(raw) };
}

export function toGroup(raw: Raw): Group {
	return {
		id: text(raw.id),
		name: text(raw.name),
		key: text(raw.key) || undefined,
		raw: publicRaw(raw),
	};
}

/** A timeline `course_completion` entry. */
export function timelineCompletion(raw: Raw): Completion | undefined {
	const completedAt = unixToIso(raw.unix_timestamp);
	if (!completedAt) return undefined;
	return {
		userId: text(raw.user_id),
		courseId: text(raw.object_id),
		courseName: text(raw.object_name) || undefined,
		completedAt,
		raw: publicRaw(raw),
	};
}

/** A `users[]` entry of `/courses/id:X` that has completed the course. */
export function courseUserCompletion(course: Raw, raw: Raw): Completion | undefined {
	const completedAt = unixToIso(raw.completed_on_timestamp);
	if (!completedAt) return undefined;
	return {
		userId: text(raw.id),
		courseId: text(course.id),
		courseName: text(course.name) || undefined,
		completedAt,
		raw: publicRaw(raw),
	};
}

/**
 * A `users[]` entry of `/courses/id:X` as an enrollment. The entry has no completion status, so
 * it follows from the completion time and percentage.
 */
export function courseUserEnrollment(courseId: string, raw: Raw): Enrollment {
	const completedAt = unixToIso(raw.completed_on_timestamp);
	const progress = toProgress(raw.completion_percentage);
	return {
		userId: text(raw.id),
		productId: courseId,
		productType: 'course',
		status: completedAt ? 'completed' : progress ? 'inProgress' : 'notStarted',
		progress,
		completedAt,
		raw: publicRaw(raw),
	};
}
