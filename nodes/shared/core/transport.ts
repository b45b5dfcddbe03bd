/** The only way adapters reach an LMS: request in, `{status, headers, body}` out. */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
	method: HttpMethod;
	/** Absolute URL, or a path the transport joins to its base URL. */
	url: string;
	query?: Record<string, string | number | boolean | undefined>;
	headers?: Record<string, string>;
	/** JSON body. */
	body?: unknown;
	/** Form-encoded body (`application/x-www-form-urlencoded`); wins over `body`. */
	form?: Record<string, string>;
	/**
	 * Whether repeating the request after an unknown outcome is harmless. Defaults to true for
	 * GET, PUT and DELETE, false for POST and PATCH: a create must be checked, never repeated blindly.
	 */
	idempotent?: boolean;
}

export interface HttpResponse {
	status: number;
	/** Lower-cased header names. */
	headers: Record<string, string>;
	/** Parsed JSON when the answer was JSON, the text otherwise, undefined when empty. */
	body: unknown;
	/** Set when this is the last of several answers the retries gave up on. */
	retried?: RetrySummary;
}

/** Why the retries stopped, so the error can say how long the item waited. */
export interface RetrySummary {
	/** rateLimited: 429s; unavailable: 502/503/504; serverError: 500s. */
	reason: 'rateLimited' | 'unavailable' | 'serverError';
	attempts: number;
	waitedMs: number;
	/** The wait the next attempt needed, which did not fit in what was left of the total. */
	nextWaitMs: number;
	maxTotalWaitMs: number;
}

/**
 * Sends one request. Returns every HTTP answer, whatever its status; throws `ConnectionError`
 * only when no answer arrived.
 */
export interface Transport {
	send(request: HttpRequest): Promise<HttpResponse>;
}

export function isIdempotent(request: HttpRequest): boolean {
	if (request.idempotent !== undefined) return request.idempotent;
	return request.method === 'GET' || request.method === 'PUT' || request.method === 'DELETE';
}

export function lowerCaseHeaders(
	headers: Record<string, unknown> | undefined,
): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (value === undefined || value === null) continue;
		result[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}

/** Query strings the way every vendor here expects them: plain `key=value`, encoded. */
export function buildQuery(query: HttpRequest['query']): string {
	const parts: string[] = [];
	for (const [key, value] of Object.entries(query ?? {})) {
		if (value === undefined) continue;
		parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
	}
	return parts.length ? `?${parts.join('&')}` : '';
}

export function encodeForm(form: Record<string, string>): string {
	return Object.entries(form)
		.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
		.join('&');
}

/**
 * A body that may still be JSON text (token answers read outside the API client arrive unparsed),
 * as a value; text that is not JSON becomes undefined.
 */
export function parsedBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}
