/** When to try again, and how long to wait: exponential backoff with jitter, capped. */

export interface RetryPolicy {
	/**
	 * Attempts in all, the first included, after a 500 (a fault, not a pause). A 429 and an
	 * unreachable LMS (no answer, 502, 503, 504) are bounded by the total wait alone: they say "not
	 * now", and a run should wait them out rather than fail after a fixed count.
	 */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Upper bound on all retry waiting for one request, Retry-After included. */
	maxTotalWaitMs: number;
}

/** The node's "Max Wait When Throttled" default, in minutes. */
export const DEFAULT_MAX_WAIT_MINUTES = 5;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 6,
	baseDelayMs: 500,
	maxDelayMs: 20_000,
	maxTotalWaitMs: DEFAULT_MAX_WAIT_MINUTES * 60_000,
};

/**
 * "Equal jitter": half the exponential step is fixed, half random, so waits grow reliably but
 * parallel clients spread out. `attempt` counts failures so far, from 1.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	const half = exponential / 2;
	return Math.round(half + random() * half);
}

/** Retry-After in either form: delta seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined) return undefined;
	const trimmed = value.trim();
	if (trimmed === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

export function isRetryableStatus(status: number): boolean {
	return status === 429 || status === 500 || isUnavailableStatus(status);
}

/** Answers that mean the LMS is briefly out of reach (a gateway or an overloaded server). */
export function isUnavailableStatus(status: number): boolean {
	return status === 502 || status === 503 || status === 504;
}

/** "4 min 5 s", "12 s", "300 ms": for messages that say how long something waited. */
export function formatWait(ms: number): string {
	if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
	const seconds = Math.round(ms / 1_000);
	const minutes = Math.floor(seconds / 60);
	if (minutes === 0) return `${seconds} s`;
	const rest = seconds % 60;
	return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}
