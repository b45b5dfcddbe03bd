import type { Enrollment, EnrollmentStatus, Group, User } from '../../core';

/** LearnUpon API v1 records <-> the canonical model: lowercase answers, integer ids. */

export type Json = Record<string, unknown>;

export const STATUS_FROM_LU: Record<string, EnrollmentStatus> = {
	not_started: 'notStarted',
	in_progress: 'inProgress',
	completed: 'completed',
	passed: 'passed',
	failed: 'failed',
	pending_review: 'pendingReview',
};
export const STATUS_TO_LU: Record<string, string> = Object.fromEntries(
	Object.entries(STATUS_FROM_LU).map(([lu, canonical]) => [canonical, lu]),
);

export const str = (value: unknown): string | undefined =>
	typeof value === 'string' && value !== ''
		? value
		: typeof value === 'number'
			? String(value)
			: undefined;

export const isoOf = (value: unknown): string | undefined => {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const time = typeof value === 'number' ? value : Date.parse(value);
	return Number.isNaN(time) ? undefined : new Date(time).toISOString();
};

/** LearnUpon ids are integers; send them as numbers where they are. */
export const idValue = (id: string): number | string => (/^\d+$/.test(id) ? Number(id) : id);

/** Records under `key`, whether the answer is `{key:[…]}`, `{key:{…}}` or a bare list. */
export function recordsOf(body: unknown, key: string): Json[] {
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

/** A number from 0 to 100, or undefined when LearnUpon sent none. */
export const percentOf = (value: unknown): number | undefined => {
	const number = Number(value);
	return value === undefined || value === null || value === '' || !Number.isFinite(number)
		? undefined
		: Math.min(100, Math.max(0, number));
};

/**
 * `percentage` is the score achieved and `percentage_complete` the modules completed
 * (Enrollments › Enrollment Data Attributes Returned): progress is the second.
 */
export function toEnrollment(raw: Json): Enrollment {
	return {
		id: str(raw.id),
		userId: String(raw.user_id ?? ''),
		productId: String(raw.course_id ?? ''),
		productType: 'course',
		productName: str(raw.course_name),
		status: STATUS_FROM_LU[String(raw.status)] ?? 'unknown',
		progress: percentOf(raw.percentage_complete),
		completedAt: isoOf(raw.date_completed),
		raw,
	};
}

export function toGroup(raw: Json): Group {
	return { id: String(raw.id), name: str(raw.title) ?? str(raw.name) ?? '', raw };
}

/** What we sent, fit to show: the password stays out of outputs. */
export function withoutPassword(fields: Json): Json {
	return Object.fromEntries(Object.entries(fields).filter(([key]) => key !== 'password'));
}

/** Newest first: re-enrollments are new records, so the highest id is the current one. */
export const newestFirst = (a: Json, b: Json) => Number(b.id ?? 0) - Number(a.id ?? 0);
