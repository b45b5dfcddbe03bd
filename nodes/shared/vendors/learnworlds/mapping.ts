import type {
	Completion,
	Course,
	Enrollment,
	EnrollmentEvent,
	EnrollmentStatus,
	Group,
	ProductType,
	Seat,
	User,
	UserCreation,
	UserRef,
} from '../../core';
import { LmsError, userCreationOf } from '../../core';

/**
 * LearnWorlds v2 records → the canonical model. Parsing is tolerant where the vendor documents
 * no exact shape (product lists, roles, event logs): it reads the known spellings and skips
 * records it cannot place rather than inventing values.
 */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function text(value: unknown): string | undefined {
	if (typeof value === 'string' && value !== '') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** The records of a list answer: a bare array, or `data` (the v2 shape). */
export function listOf(body: unknown): unknown[] {
	if (Array.isArray(body)) return body;
	if (isObject(body)) {
		for (const key of ['data', 'items', 'results']) {
			if (Array.isArray(body[key])) return body[key] as unknown[];
		}
	}
	return [];
}

export function totalPagesOf(body: unknown): number {
	const meta = isObject(body) && isObject(body.meta) ? body.meta : undefined;
	const total = Number(meta?.totalPages ?? meta?.total_pages ?? 1);
	return Number.isFinite(total) && total >= 1 ? total : 1;
}

/** A single record, whether bare or wrapped in `data` / `user`. */
export function unwrap(body: unknown): Json | undefined {
	if (!isObject(body)) return undefined;
	for (const key of ['data', 'user']) {
		if (isObject(body[key]) && text((body[key] as Json).id) !== undefined) return body[key] as Json;
	}
	return body;
}

/**
 * The user's part of a per-user path: every such path takes the id or the email (checked and
 * encoded by the core's path builder), never the username.
 */
export function userPathValue(vendorName: string, ref: UserRef): string {
	if (ref.by === 'username') {
		throw new LmsError({
			kind: 'validation',
			message: `${vendorName} addresses users by id or email, not by username`,
			hint: 'Give the user by email or ID.',
		});
	}
	return ref.value;
}

/** Unix seconds (possibly fractional), milliseconds or an ISO text → ISO. */
export function toIso(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
		return new Date(value < 1e12 ? value * 1000 : value).toISOString();
	}
	if (typeof value === 'string' && value) {
		if (/^\d+(\.\d+)?$/.test(value)) return toIso(Number(value));
		const time = Date.parse(value);
		return Number.isNaN(time) ? undefined : new Date(time).toISOString();
	}
	return undefined;
}

export function roleOf(value: unknown): string | undefined {
	if (typeof value === 'string') return value || undefined;
	if (isObject(value))
		return text(value.level) ?? text(value.role) ?? text(value.slug) ?? text(value.name);
	return undefined;
}

export function toUser(body: unknown): User | undefined {
	const raw = unwrap(body);
	if (!raw) return undefined;
	const id = text(raw.id);
	const email = text(raw.email);
	if (!id || !email) return undefined;
	const suspended =
		raw.is_suspended === true || raw.suspended === true || raw.status === 'suspended';
	return {
		id,
		email,
		username: text(raw.username),
		status: suspended ? 'suspended' : 'active',
		role: roleOf(raw.role),
		tags: Array.isArray(raw.tags) ? raw.tags.map(String) : undefined,
		raw,
	};
}

const PRODUCT_TYPES: Record<string, ProductType> = {
	course: 'course',
	courses: 'course',
	bundle: 'bundle',
	bundles: 'bundle',
	subscription: 'subscription',
	subscriptions: 'subscription',
	subscription_plan: 'subscription',
	subscription_plans: 'subscription',
	subscriptionPlans: 'subscription',
	program: 'program',
	programs: 'program',
};

export function toProductType(value: unknown): ProductType | undefined {
	return typeof value === 'string' ? PRODUCT_TYPES[value] : undefined;
}

export function toProduct(raw: unknown, type: ProductType): Course | undefined {
	if (!isObject(raw)) return undefined;
	const id = text(raw.id);
	if (!id) return undefined;
	return { id, name: text(raw.title) ?? text(raw.name) ?? id, productType: type, raw };
}

export function toGroup(raw: unknown): Group | undefined {
	if (!isObject(raw)) return undefined;
	const id = text(raw.id);
	if (!id) return undefined;
	return { id, name: text(raw.title) ?? text(raw.name) ?? id, raw };
}

export function toSeat(raw: unknown): Seat | undefined {
	if (!isObject(raw)) return undefined;
	const id = text(raw.id);
	if (!id) return undefined;
	const product = isObject(raw.product) ? raw.product : {};
	return { id, name: text(raw.title) ?? text(raw.name) ?? text(product.title) ?? id, raw };
}

export function toStatus(value: unknown): EnrollmentStatus {
	const status = typeof value === 'string' ? value.toLowerCase().replace(/[\s-]/g, '_') : '';
	if (status === 'completed' || status === 'complete') return 'completed';
	// UserProgress.status: not_started, not_completed (started, not finished), completed.
	if (status === 'in_progress' || status === 'started' || status === 'not_completed')
		return 'inProgress';
	if (status === 'not_started' || status === 'enrolled') return 'notStarted';
	if (status === 'passed') return 'passed';
	if (status === 'failed') return 'failed';
	return 'unknown';
}

function progressEnrollment(
	raw: Json,
	userId: string,
	productId: string,
	productType: ProductType,
	productName?: string,
): Enrollment {
	const rate = Number(raw.progress_rate ?? raw.progress);
	const completedAt = toIso(raw.completed_at ?? raw.completion_date);
	let status = toStatus(raw.status);
	if (status === 'unknown' && completedAt) status = 'completed';
	return {
		userId,
		productId,
		productType,
		productName,
		status,
		progress: Number.isFinite(rate) ? Math.min(100, Math.max(0, rate)) : undefined,
		completedAt,
		raw,
	};
}

export function toProgress(
	body: unknown,
	userId: string,
	courseId: string,
): Enrollment | undefined {
	const raw = unwrap(body);
	if (!raw) return undefined;
	return progressEnrollment(raw, userId, courseId, 'course');
}

/**
 * A user's products (`GET /users/{id}/products`). The shape is not documented beyond "a list with
 * all the products of the user": a flat list with a type per record, or lists keyed by type.
 */
export function toEnrollments(body: unknown, userId: string): Enrollment[] {
	const root = isObject(body) && isObject(body.data) ? body.data : body;
	const entries: Array<{ item: unknown; hint?: ProductType }> = [];
	if (Array.isArray(root) || (isObject(root) && Array.isArray(root.data))) {
		for (const item of listOf(root)) entries.push({ item });
	} else if (isObject(root)) {
		for (const [key, value] of Object.entries(root)) {
			const hint = toProductType(key);
			if (hint && Array.isArray(value)) for (const item of value) entries.push({ item, hint });
		}
	}
	const result: Enrollment[] = [];
	for (const { item, hint } of entries) {
		if (!isObject(item)) continue;
		const nestedKey = ['product', 'course', 'bundle', 'subscription', 'program'].find((key) =>
			isObject(item[key]),
		);
		const inner = nestedKey ? (item[nestedKey] as Json) : item;
		const id = text(item.productId) ?? text(item.product_id) ?? text(inner.id);
		const type =
			toProductType(item.productType) ??
			toProductType(item.product_type) ??
			toProductType(item.type) ??
			toProductType(inner.type) ??
			toProductType(nestedKey) ??
			hint ??
			'course';
		if (!id) continue;
		result.push(progressEnrollment(item, userId, id, type, text(inner.title) ?? text(inner.name)));
	}
	return result;
}

export interface ActivityEvent {
	activity: string;
	userId: string;
	email?: string;
	productId?: string;
	productName?: string;
	at: string;
	raw: unknown;
}

/** An event's payload: the spec's EventLog has `additional_info` (its content is undocumented). */
function dataOf(raw: Json): Json {
	if (isObject(raw.additional_info)) return raw.additional_info;
	return isObject(raw.data) ? raw.data : {};
}

/** One event-log record; undefined when it names no user or time. */
export function toEvent(raw: unknown): ActivityEvent | undefined {
	if (!isObject(raw)) return undefined;
	const user = isObject(raw.user) ? raw.user : {};
	const data = dataOf(raw);
	const course = isObject(raw.course) ? raw.course : isObject(data.course) ? data.course : {};
	const product = isObject(raw.product) ? raw.product : isObject(data.product) ? data.product : {};
	const userId = text(raw.user_id) ?? text(user.id) ?? text(data.user_id);
	const at = toIso(raw.created ?? raw.created_at ?? raw.timestamp ?? raw.date);
	if (!userId || !at) return undefined;
	return {
		activity: text(raw.activity) ?? '',
		userId,
		email: text(raw.email) ?? text(user.email) ?? text(data.email),
		productId:
			text(raw.course_id) ??
			text(data.course_id) ??
			text(course.id) ??
			text(raw.product_id) ??
			text(data.product_id) ??
			text(product.id) ??
			text(raw.object_id),
		productName:
			text(course.title) ??
			text(product.title) ??
			text(raw.course_title) ??
			text(data.course_title),
		at,
		raw,
	};
}

/** A user record as a "user created" event; undefined without a creation time. */
export function toUserCreation(body: unknown): UserCreation | undefined {
	const user = toUser(body);
	const createdAt = user && toIso((user.raw as Json).created ?? (user.raw as Json).created_at);
	if (!user || !createdAt) return undefined;
	return userCreationOf(user, user.raw, createdAt);
}

/** An enrollment entry of the event log: a course under `data.course`, else a typed product. */
export function toEnrollmentEvent(raw: unknown): EnrollmentEvent | undefined {
	const event = toEvent(raw);
	if (!event?.productId || !isObject(raw)) return undefined;
	const data = dataOf(raw);
	const product = isObject(raw.product) ? raw.product : isObject(data.product) ? data.product : {};
	const courseGiven =
		isObject(raw.course) || isObject(data.course) || /_course$/.test(event.activity);
	const productType =
		toProductType(product.type ?? raw.product_type ?? data.product_type) ??
		(courseGiven ? 'course' : undefined);
	if (!productType) return undefined;
	return {
		userId: event.userId,
		email: event.email,
		productId: event.productId,
		productType,
		productName: event.productName,
		enrolledAt: event.at,
		raw,
	};
}

export function toCompletion(raw: unknown): Completion | undefined {
	const event = toEvent(raw);
	if (!event?.productId) return undefined;
	const data = isObject(raw) ? dataOf(raw) : {};
	const rawScore = (raw as Json).score ?? data.score;
	const score =
		typeof rawScore === 'number' ? rawScore : typeof rawScore === 'string' ? Number(rawScore) : NaN;
	return {
		userId: event.userId,
		email: event.email,
		courseId: event.productId,
		courseName: event.productName,
		completedAt: event.at,
		score: Number.isFinite(score) ? score : undefined,
		raw,
	};
}
