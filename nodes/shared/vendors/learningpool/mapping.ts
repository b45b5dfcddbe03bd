import type { User, Group, Course, Enrollment, EnrollmentStatus, Completion } from '../../core';

/** Learning Pool Simple API records -> the canonical model, read tolerantly (no published shapes). */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** `{data: {...}}` or the record itself. */
export function unwrapOne(body: unknown): unknown {
	return isObject(body) && isObject(body.data) ? body.data : body;
}

/** `{data: [...]}`, `{items: [...]}` or a bare array. */
export function unwrapList(body: unknown): unknown[] {
	if (Array.isArray(body)) return body;
	if (isObject(body)) {
		for (const key of ['data', 'items', 'results'])
			if (Array.isArray(body[key])) return body[key] as unknown[];
	}
	return [];
}

export function lastPageOf(body: unknown): number | undefined {
	const meta = isObject(body) && isObject(body.meta) ? body.meta : undefined;
	const last = Number(meta?.last_page ?? meta?.total_pages ?? meta?.totalPages);
	return Number.isFinite(last) && last >= 0 ? last : undefined;
}

export async function* mapItems<T>(
	items: AsyncIterable<unknown>,
	map: (raw: unknown) => T | undefined,
): AsyncGenerator<T> {
	for await (const raw of items) {
		const mapped = map(raw);
		if (mapped !== undefined) yield mapped;
	}
}

export const text = (value: unknown): string | undefined =>
	value === undefined || value === null || value === '' ? undefined : String(value);

export function toUser(raw: unknown): User | undefined {
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

export function toGroup(raw: unknown): Group | undefined {
	if (!isObject(raw) || raw.id === undefined) return undefined;
	return { id: String(raw.id), name: text(raw.name ?? raw.title) ?? String(raw.id), raw };
}

export function toCourse(raw: unknown): Course | undefined {
	if (!isObject(raw) || raw.id === undefined) return undefined;
	return {
		id: String(raw.id),
		name: text(raw.title ?? raw.name) ?? String(raw.id),
		productType: 'course',
		raw,
	};
}

export const ENROLLMENT_STATUS: Record<string, EnrollmentStatus> = {
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

export function toEnrollment(raw: unknown, userId?: string): Enrollment | undefined {
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

export function toCompletion(raw: unknown): Completion | undefined {
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

export function toIso(value: string): string {
	const time = Date.parse(value);
	return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/** Tags as strings, from `["a"]`, `[{name:"a"}]` or an envelope around either. */
export function tagsOf(body: unknown): string[] {
	const list = Array.isArray(body)
		? body
		: isObject(body) && Array.isArray(body.tags)
			? body.tags
			: unwrapList(body);
	return list
		.map((entry) => (isObject(entry) ? text(entry.name ?? entry.tag ?? entry.label) : text(entry)))
		.filter((tag): tag is string => tag !== undefined);
}
