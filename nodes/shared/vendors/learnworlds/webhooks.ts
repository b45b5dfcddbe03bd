import {
	constantTimeEqual,
	headerValue,
	hmacSha256Hex,
	InputError,
	shortHash,
	type IgnoredEvent,
	type InstantEvent,
	type InstantEventOption,
	type SignatureCheck,
	type WebhookDelivery,
	type WebhookVendorDefinition,
} from '../../core';
import { isObject, text, toIso, toProductType, type Json } from './mapping';
import { learnWorldsProfile } from './profile';

/**
 * LearnWorlds webhooks (learnworlds.dev › Webhooks; docs/learnworlds.md has the sources), which
 * Grow by Plenum sends in the same envelope (docs/grow.md):
 *
 * - every event is a POST of `{version: 2, type, trigger, school_id, data}`; there is no event id;
 * - each carries `Learnworlds-Webhook-Signature: v1=<signature>`, where the signature is the
 *   "pre-shared" value shown under Settings › Developers › Webhooks: LearnWorlds' words are
 *   "Compare the Learnworlds-Webhook-Signature, prefixed by v1=, to the expected signature".
 *   It is a shared string, not an HMAC of the body. Grow's page says its deliveries are signed
 *   "against a shared secret" with the same envelope; its exact scheme is confirmed at
 *   onboarding, so Grow's credential can switch to an HMAC-SHA256 of the body instead.
 */

export const LEARNWORLDS_SIGNATURE_HEADER = 'learnworlds-webhook-signature';

export type LearnWorldsSignatureScheme = 'preShared' | 'hmacSha256';

/** The signature as the user pasted it: with or without the `v1=` LearnWorlds shows. */
export function bareSignature(value: string): string {
	const trimmed = value.trim();
	return trimmed.toLowerCase().startsWith('v1=') ? trimmed.slice(3).trim() : trimmed;
}

export function verifyLearnWorldsSignature(
	delivery: Pick<WebhookDelivery, 'rawBody' | 'headers'>,
	secret: string,
	scheme: LearnWorldsSignatureScheme = 'preShared',
): SignatureCheck {
	const header = headerValue(delivery.headers, LEARNWORLDS_SIGNATURE_HEADER);
	if (!header || header.trim() === '') return { ok: false, reason: 'missing' };
	// Only `v1=` is documented; a header listing more versions is read for its v1 entries.
	const offered = header
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part.toLowerCase().startsWith('v1='))
		.map((part) => part.slice(3).trim());
	if (offered.length === 0) return { ok: false, reason: 'malformed' };
	const shared = bareSignature(secret);
	if (shared === '') return { ok: false, reason: 'mismatch' };
	const expected = scheme === 'hmacSha256' ? hmacSha256Hex(shared, delivery.rawBody) : shared;
	const matches = offered.map((candidate) =>
		constantTimeEqual(scheme === 'hmacSha256' ? candidate.toLowerCase() : candidate, expected),
	);
	return matches.includes(true) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

export const LEARNWORLDS_INSTANT_EVENTS: readonly InstantEventOption[] = [
	{
		name: 'courseCompleted',
		displayName: 'Course Completed',
		description: 'A user completed a course ("courseCompleted")',
	},
	{
		name: 'userEnrolled',
		displayName: 'User Enrolled',
		description:
			'A user enrolled in a free course ("enrolledFreeCourse") or got a product by purchase or from an admin ("productBought")',
	},
	{
		name: 'userUnenrolled',
		displayName: 'User Unenrolled',
		description: 'A user lost access to a product ("userUnenrolledFromProduct")',
	},
	{
		name: 'userUpdated',
		displayName: 'User Registered or Updated',
		description:
			'A user registered or their profile changed ("userUpdated": LearnWorlds sends both as one event)',
	},
];

interface Envelope {
	type: string;
	data: Json;
	raw: Json;
}

function readEnvelope(rawBody: Buffer, vendorName: string): Envelope {
	let body: unknown;
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		throw new InputError(
			'body',
			`The request body is not JSON, so it is not a ${vendorName} webhook`,
		);
	}
	if (!isObject(body) || typeof body.type !== 'string' || !isObject(body.data)) {
		throw new InputError(
			'body',
			`The request body has no "type" and "data", so it is not a ${vendorName} webhook`,
		);
	}
	return { type: body.type, data: body.data, raw: body };
}

/** The user of an event: `data.user`, or `data` itself where the user is the payload (tags). */
function userOf(data: Json): Json {
	if (isObject(data.user)) {
		// One documented example nests it once more (`data.user.user`).
		return isObject(data.user.user) ? data.user.user : data.user;
	}
	return data;
}

/** Maps one LearnWorlds (or Grow) delivery; `receivedAt` stands in where the payload has no time. */
export function parseLearnWorldsDelivery(
	delivery: WebhookDelivery,
	vendorName = 'LearnWorlds',
): Array<InstantEvent | IgnoredEvent> {
	const { type, data, raw } = readEnvelope(delivery.rawBody, vendorName);
	// No event id in the envelope: a retry repeats the body, so its hash is the key.
	const dedupeKey = shortHash(delivery.rawBody);
	const received = new Date(delivery.receivedAt).toISOString();
	const user = userOf(data);
	const userId = text(user.id) ?? text(data.user_id);
	const email = text(user.email);
	const ignored = (reason: IgnoredEvent['reason']): IgnoredEvent => ({
		event: undefined,
		vendorType: type,
		dedupeKey,
		reason,
	});
	const base = { vendorType: type, dedupeKey };

	if (type === 'courseCompleted') {
		const course = isObject(data.course) ? data.course : {};
		const courseId = text(course.id);
		if (!userId || !courseId) return [ignored('unreadable')];
		return [
			{
				...base,
				event: 'courseCompleted',
				record: {
					userId,
					email,
					courseId,
					courseName: text(course.title),
					completedAt: toIso(data.completed_at) ?? received,
					// The webhook carries no score (the event log's entry does).
					score: undefined,
					raw,
				},
			},
		];
	}
	if (type === 'enrolledFreeCourse') {
		const course = isObject(data.course) ? data.course : {};
		const courseId = text(course.id);
		if (!userId || !courseId) return [ignored('unreadable')];
		return [
			{
				...base,
				event: 'userEnrolled',
				record: {
					userId,
					email,
					productId: courseId,
					productType: 'course',
					productName: text(course.title),
					enrolledAt: toIso(data.date) ?? received,
					raw,
				},
			},
		];
	}
	if (type === 'productBought') {
		const payment = isObject(data.payment) ? data.payment : {};
		const product = isObject(payment.product) ? payment.product : {};
		const productId = text(product.id);
		const buyer = userId ?? text(payment.user_id);
		if (!buyer || !productId) return [ignored('unreadable')];
		return [
			{
				...base,
				event: 'userEnrolled',
				record: {
					userId: buyer,
					email,
					productId,
					productType: toProductType(product.type) ?? 'course',
					productName: text(product.name) ?? text(product.title),
					enrolledAt: toIso(payment.paid_at ?? payment.created ?? data.date) ?? received,
					raw,
				},
			},
		];
	}
	if (type === 'userUnenrolledFromProduct') {
		const product = isObject(data.product) ? data.product : {};
		const productId = text(product.id);
		if (!userId || !productId) return [ignored('unreadable')];
		return [
			{
				...base,
				event: 'userUnenrolled',
				record: {
					userId,
					email,
					productId,
					productType: toProductType(product.type) ?? 'course',
					productName: text(product.title) ?? text(product.name),
					unenrolledAt: received,
					raw,
				},
			},
		];
	}
	if (type === 'userUpdated') {
		if (!userId || !email) return [ignored('unreadable')];
		const fields = isObject(user.fields) ? user.fields : {};
		return [
			{
				...base,
				event: 'userUpdated',
				record: {
					userId,
					email,
					username: text(user.username),
					firstName: text(user.first_name) ?? text(fields.first_name),
					lastName: text(user.last_name) ?? text(fields.last_name),
					createdAt: toIso(user.created ?? user.created_at),
					raw,
				},
			},
		];
	}
	return [ignored('unsupportedType')];
}

const secretOf = (credentials: Record<string, unknown>) =>
	typeof credentials.signingSecret === 'string' ? credentials.signingSecret : '';

const schemeOf = (credentials: Record<string, unknown>): LearnWorldsSignatureScheme =>
	credentials.signatureScheme === 'hmacSha256' ? 'hmacSha256' : 'preShared';

/** A tenant of LearnWorlds' webhooks (LearnWorlds itself, Grow) by its identity. */
export function webhookDefinitionFor(
	id: string,
	name: string,
	credentialType: string,
): WebhookVendorDefinition {
	return {
		id,
		name,
		credentialType,
		events: LEARNWORLDS_INSTANT_EVENTS,
		verify: (delivery, credentials) =>
			verifyLearnWorldsSignature(delivery, secretOf(credentials), schemeOf(credentials)),
		parse: (delivery) => parseLearnWorldsDelivery(delivery, name),
		checkCredential(credentials) {
			const secret = bareSignature(secretOf(credentials));
			if (secret === '') return 'The Webhook Signature is empty.';
			if (/\s/.test(secret)) return 'The Webhook Signature contains spaces: copy it again.';
			return undefined;
		},
		secretsOf: (credentials) => {
			const secret = secretOf(credentials);
			return [secret, bareSignature(secret)].filter((value) => value !== '');
		},
	};
}

export const learnWorldsWebhooks = webhookDefinitionFor(
	learnWorldsProfile.id,
	learnWorldsProfile.name,
	'learnWorldsWebhookApi',
);
