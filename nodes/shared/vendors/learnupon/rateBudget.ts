import type { HttpRequest, HttpResponse, RemainingBudget, Transport } from '../../core';

/** What LearnUpon last said about its per-portal budget (`X-LU-Rate-Limit-Remaining-*`). */
export interface RateBudget {
	remainingMinute?: number;
	remainingWeek?: number;
}

const MINUTE_MS = 60_000;

function readCount(value: string | undefined): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const count = Number(value);
	return Number.isFinite(count) && count >= 0 ? count : undefined;
}

/**
 * The minute budget an answer reports, for the shared pace: it spreads the calls left over the
 * rest of the minute and waits for the next one when none are left, instead of collecting 429s.
 * LearnUpon does not say how its minute window is aligned; we assume clock minutes, and the 429
 * handling (retry, slower pace) covers any other alignment.
 */
export function minuteBudgetOf(response: HttpResponse, now: number): RemainingBudget | undefined {
	const remaining = readCount(response.headers['x-lu-rate-limit-remaining-minute']);
	if (remaining === undefined) return undefined;
	return { remaining, resetAt: Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS };
}

/** Reads LearnUpon's budget headers from every answer, so a spent weekly budget can be named. */
export class RateBudgetTransport implements Transport {
	private current: RateBudget = {};

	constructor(private readonly inner: Transport) {}

	get budget(): Readonly<RateBudget> {
		return this.current;
	}

	async send(request: HttpRequest): Promise<HttpResponse> {
		const response = await this.inner.send(request);
		const minute = readCount(response.headers['x-lu-rate-limit-remaining-minute']);
		const week = readCount(response.headers['x-lu-rate-limit-remaining-week']);
		if (minute !== undefined || week !== undefined) {
			this.current = {
				remainingMinute: minute,
				remainingWeek: week ?? this.current.remainingWeek,
			};
		}
		return response;
	}
}
