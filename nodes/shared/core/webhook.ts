import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What every instant (webhook) trigger needs, whatever the vendor: comparing a signature without
 * leaking its prefix through timing, the two digests vendors sign with, a key for "the same event
 * again", and the bounded window of keys already seen. No HTTP, no n8n: the n8n layer feeds it
 * the raw body and headers and keeps the window in the workflow's static data.
 */

/**
 * Equal strings, compared in time that depends only on their lengths (never on where they first
 * differ), so a forger cannot find the secret one character at a time.
 */
export function constantTimeEqual(a: string, b: string): boolean {
	const left = Buffer.from(a, 'utf8');
	const right = Buffer.from(b, 'utf8');
	// timingSafeEqual needs equal lengths; comparing against itself keeps the time the same.
	if (left.length !== right.length) {
		timingSafeEqual(left, left);
		return false;
	}
	return timingSafeEqual(left, right);
}

/** Hex HMAC-SHA256 of the exact bytes received. */
export function hmacSha256Hex(secret: string, body: Buffer | string): string {
	return createHmac('sha256', secret).update(body).digest('hex');
}

/** Hex MD5 of a text (LearnUpon's v1 signature is one). */
export function md5Hex(text: string): string {
	return createHash('md5').update(text, 'utf8').digest('hex');
}

/** Hex SHA-256, shortened: a dedupe key, not a signature. */
export function shortHash(text: string | Buffer, length = 24): string {
	return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** JSON with object keys sorted, so two serialisations of the same event give the same text. */
export function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, item]) => item !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** Why a delivery was refused, as the node reports it (never with the secret or the signature). */
export type SignatureFailure = 'missing' | 'mismatch' | 'malformed';

export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureFailure };

/** Header names lower-cased, array values joined, the way Node's http module hands them over. */
export type WebhookHeaders = Record<string, string | string[] | undefined>;

export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted || value === undefined) continue;
		return Array.isArray(value) ? value.join(',') : value;
	}
	return undefined;
}

/** Deliveries already seen, by dedupe key, with the time each was first accepted (ms). */
export type SeenDeliveries = Record<string, number>;

export interface DedupeWindow {
	/** How long a key is remembered. Vendors retry for up to days (LearnUpon v2: 72 h). */
	windowMs: number;
	/** At most this many keys are kept (the oldest go first), so static data stays small. */
	maxEntries: number;
}

export const DEFAULT_DEDUPE_WINDOW: DedupeWindow = {
	windowMs: 72 * 3_600_000,
	maxEntries: 1_000,
};

/**
 * Splits keys into new and already seen, and returns the window to store: expired keys dropped,
 * the new ones added, the oldest dropped beyond the bound. A key repeated within one delivery
 * counts once. Pure: the caller stores `next` only once it has accepted the delivery.
 */
export function admitDeliveries(
	seen: SeenDeliveries | undefined,
	keys: readonly string[],
	now: number,
	window: DedupeWindow = DEFAULT_DEDUPE_WINDOW,
): { fresh: boolean[]; next: SeenDeliveries } {
	const live = new Map<string, number>();
	for (const [key, at] of Object.entries(seen ?? {})) {
		if (typeof at === 'number' && Number.isFinite(at) && now - at < window.windowMs) {
			live.set(key, at);
		}
	}
	const fresh = keys.map((key) => {
		if (live.has(key)) return false;
		live.set(key, now);
		return true;
	});
	const ordered = [...live.entries()].sort((a, b) => a[1] - b[1]);
	const kept = ordered.slice(Math.max(0, ordered.length - window.maxEntries));
	return { fresh, next: Object.fromEntries(kept) };
}
