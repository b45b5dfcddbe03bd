import {
	constantTimeEqual,
	headerValue,
	hmacSha256Hex,
	InputError,
	md5Hex,
	shortHash,
	stableJson,
	type IgnoredEvent,
	type InstantEvent,
	type InstantEventName,
	type InstantEventOption,
	type SignatureCheck,
	type WebhookDelivery,
	type WebhookVendorDefinition,
} from '../../core';
import { learnUponIdentity } from './identity';

/**
 * LearnUpon webhooks, v1 and v2 (docs.learnupon.com/webhooks and /webhooks/v2; docs/learnupon.md
 * says what is confirmed and from where):
 *
 * - v2: a POST of `{"data": [event, …]}` (up to 10 events), the type in `X-Webhook-Type`, signed
 *   with the hex HMAC-SHA256 of the raw body under the portal's signing secret in
 *   `X-Webhook-Signature`;
 * - v1: one event a POST with a `header` object holding `webHookType` and `signature`, the hex MD5
 *   of the body's JSON without the `signature` element, then `:` and the secret.
 *
 * LearnUpon's pages say the two verify differently ("Due to security improvements in v2.0 you
 * need a different signature verification process"); the computations above are what a public
 * implementation that cites those pages does, as the stored copies of the pages end before
 * their signature sections. The credential picks the version the portal sends.
 */

export const LEARNUPON_V2_SIGNATURE_HEADER = 'x-webhook-signature';
export const LEARNUPON_V2_TYPE_HEADER = 'x-webhook-type';

export type LearnUponWebhookVersion = 'v1' | 'v2';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value !== ''
		? value
		: typeof value === 'number' && Number.isFinite(value)
			? String(value)
			: undefined;

function parseJson(rawBody: Buffer): unknown {
	try {
		return JSON.parse(rawBody.toString('utf8'));
	} catch {
		return undefined;
	}
}

/** What a v1 signature covers: the body's JSON, compact, without `header.signature`. */
export function v1SignedText(body: Json): string {
	const header = isObject(body.header) ? { ...body.header } : undefined;
	if (header) delete header.signature;
	return JSON.stringify(header ? { ...body, header } : body);
}

export function verifyLearnUponSignature(
	delivery: Pick<WebhookDelivery, 'rawBody' | 'headers'>,
	secret: string,
	version: LearnUponWebhookVersion,
): SignatureCheck {
	if (secret.trim() === '') return { ok: false, reason: 'mismatch' };
	if (version === 'v2') {
		const signature = headerValue(delivery.headers, LEARNUPON_V2_SIGNATURE_HEADER)?.trim();
		if (!signature) return { ok: false, reason: 'missing' };
		const expected = hmacSha256Hex(secret.trim(), delivery.rawBody);
		return constantTimeEqual(signature.toLowerCase(), expected)
			? { ok: true }
			: { ok: false, reason: 'mismatch' };
	}
	const body = parseJson(delivery.rawBody);
	if (!isObject(body)) return { ok: false, reason: 'malformed' };
	const header = isObject(body.header) ? body.header : undefined;
	const signature = typeof header?.signature === 'string' ? header.signature.trim() : '';
	if (!signature) return { ok: false, reason: 'missing' };
	const expected = md5Hex(`${v1SignedText(body)}:${secret.trim()}`);
	return constantTimeEqual(signature.toLowerCase(), expected)
		? { ok: true }
		: { ok: false, reason: 'mismatch' };
}

export const LEARNUPON_INSTANT_EVENTS: readonly InstantEventOption[] = [
	{
		name: 'courseCompleted',
		displayName: 'Course Completed',
		description: 'A learner completed a course ("course_completion")',
	},
	{
		name: 'moduleCompleted',
		displayName: 'Module Completed',
		description: 'A learner completed a module within a course ("module_complete")',
	},
	{
		name: 'examCompleted',
		displayName: 'Exam Completed',
		description: 'A learner completed an exam ("exam_completion")',
	},
	{
		name: 'learningPathCompleted',
		displayName: 'Learning Path Completed',
		description: 'A learner completed a learning path ("learning_path_completion")',
	},
];

const EVENT_OF_TYPE: Record<string, InstantEventName> = {
	course_completion: 'courseCompleted',
	module_complete: 'moduleCompleted',
	exam_completion: 'examCompleted',
	learning_path_completion: 'learningPathCompleted',
};

const toIso = (value: unknown): string | undefined => {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const time = typeof value === 'number' ? value * (value < 1e12 ? 1000 : 1) : Date.parse(value);
	return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
};

const numberOf = (value: unknown): number | undefined => {
	if (value === null || value === undefined || value === '') return undefined;
	const number = Number(value);
	return Number.isFinite(number) ? number : undefined;
};

/** Reads the first spelling present: LearnUpon documents camelCase; snake_case is tolerated. */
const pick = (record: Json, ...keys: string[]) => {
	for (const key of keys) if (record[key] !== undefined && record[key] !== null) return record[key];
	return undefined;
};

function mapEvent(
	type: string,
	event: Json,
	dedupeKey: string,
	received: string,
): InstantEvent | IgnoredEvent {
	const name = EVENT_OF_TYPE[type];
	if (!name) return { event: undefined, vendorType: type, dedupeKey, reason: 'unsupportedType' };
	const unreadable: IgnoredEvent = {
		event: undefined,
		vendorType: type,
		dedupeKey,
		reason: 'unreadable',
	};
	const user = isObject(event.user) ? event.user : event;
	const userId =
		text(pick(user, 'userId', 'user_id', 'id')) ?? text(pick(event, 'userId', 'user_id'));
	const email = text(pick(user, 'email', 'userEmail', 'user_email')) ?? text(event.userEmail);
	const completedAt =
		toIso(pick(event, 'dateCompleted', 'date_completed', 'completedAt')) ?? received;
	const score = numberOf(pick(event, 'percentage', 'score'));
	const courseId = text(pick(event, 'courseId', 'course_id'));
	const courseName = text(pick(event, 'courseName', 'course_name'));
	if (!userId) return unreadable;
	const base = { vendorType: type, dedupeKey };
	const completion = {
		userId,
		email,
		courseId: courseId ?? '',
		courseName,
		completedAt,
		score,
		raw: event,
	};

	if (name === 'learningPathCompleted') {
		const learningPathId = text(pick(event, 'learningPathId', 'learning_path_id', 'pathId'));
		if (!learningPathId) return unreadable;
		return {
			...base,
			event: name,
			record: {
				userId,
				email,
				learningPathId,
				learningPathName: text(pick(event, 'learningPathName', 'learning_path_name', 'pathName')),
				completedAt,
				score,
				raw: event,
			},
		};
	}
	if (!courseId) return unreadable;
	if (name === 'moduleCompleted') {
		const moduleId = text(pick(event, 'moduleId', 'module_id'));
		if (!moduleId) return unreadable;
		const moduleName = text(pick(event, 'moduleName', 'module_name', 'moduleTitle'));
		return { ...base, event: name, record: { ...completion, moduleId, moduleName } };
	}
	if (name === 'examCompleted') {
		const status = text(pick(event, 'examStatus', 'enrollmentStatus', 'status'))?.toLowerCase();
		const passed =
			typeof event.passed === 'boolean'
				? event.passed
				: status === 'passed'
					? true
					: status === 'failed'
						? false
						: undefined;
		return {
			...base,
			event: name,
			record: {
				...completion,
				examId: text(pick(event, 'examId', 'exam_id', 'moduleId')),
				examName: text(pick(event, 'examName', 'exam_name', 'moduleName')),
				passed,
			},
		};
	}
	return { ...base, event: 'courseCompleted', record: completion };
}

/** The events of one verified delivery, each with its own dedupe key (v2 batches up to 10). */
export function parseLearnUponDelivery(
	delivery: WebhookDelivery,
	version: LearnUponWebhookVersion,
): Array<InstantEvent | IgnoredEvent> {
	const body = parseJson(delivery.rawBody);
	if (!isObject(body)) {
		throw new InputError(
			'body',
			'The request body is not a JSON object, so it is not a LearnUpon webhook',
		);
	}
	const received = new Date(delivery.receivedAt).toISOString();
	let events: Array<{ type: string; event: Json }>;
	if (version === 'v2') {
		const headerType = headerValue(delivery.headers, LEARNUPON_V2_TYPE_HEADER)?.trim();
		const list = Array.isArray(body.data) ? body.data : [body];
		events = list.filter(isObject).map((event) => ({
			type: headerType || (text(pick(event, 'webHookType', 'webhookType', 'type')) ?? ''),
			event,
		}));
	} else {
		const header = isObject(body.header) ? body.header : {};
		const event: Json = { ...body };
		delete event.header;
		events = [{ type: text(header.webHookType) ?? text(header.webhookType) ?? '', event }];
	}
	if (events.length === 0) {
		throw new InputError('body', 'The LearnUpon webhook holds no event');
	}
	// LearnUpon sends no event id the docs name; a retry repeats the event, so its content is the key.
	return events.map(({ type, event }) =>
		mapEvent(type, event, shortHash(`${type}|${stableJson(event)}`), received),
	);
}

const secretOf = (credentials: Record<string, unknown>) =>
	typeof credentials.signingSecret === 'string' ? credentials.signingSecret : '';

const versionOf = (credentials: Record<string, unknown>): LearnUponWebhookVersion =>
	credentials.webhookVersion === 'v1' ? 'v1' : 'v2';

export const learnUponWebhooks: WebhookVendorDefinition = {
	id: learnUponIdentity.id,
	name: learnUponIdentity.name,
	credentialType: 'learnUponWebhookApi',
	events: LEARNUPON_INSTANT_EVENTS,
	verify: (delivery, credentials) =>
		verifyLearnUponSignature(delivery, secretOf(credentials), versionOf(credentials)),
	parse: (delivery, credentials) => parseLearnUponDelivery(delivery, versionOf(credentials)),
	checkCredential(credentials) {
		const secret = secretOf(credentials).trim();
		if (secret === '') return 'The Signing Secret is empty.';
		if (/\s/.test(secret)) return 'The Signing Secret contains spaces: copy it again.';
		return undefined;
	},
	secretsOf: (credentials) => [secretOf(credentials), secretOf(credentials).trim()].filter(Boolean),
};
