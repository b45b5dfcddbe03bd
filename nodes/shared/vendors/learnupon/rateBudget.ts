import type { Clock, HttpRequest, HttpResponse, Transport } from '../../core';

/** What LearnUpon last said about its per-portal budget (`X-LU-Rate-Limit-Remaining-*`). */
export interface RateBudget {
	remainingMinute?: number;
	remainingWeek?: number;
	/** Clock time of the answer that carried the numbers. */
	observedAt?: number;
}

const MINUTE_MS = 60_000;

function readCount(value: string | undefined): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const count = Number(value);
	return Number.isFinite(count) && count >= 0 ? count : undefined;
}

/**
 * Reads LearnUpon's budget headers from every answer. When the minute budget is spent, the next
 * call waits for the next minute instead of collecting a 429 (and a retry) it is sure to get.
 * LearnUpon does not say how its minute window is aligned; we assume clock minutes, and the
 * shared 429 retry covers any other alignment.
 */
export class RateBudgetTransport implements Transport {
	private current: RateBudget = {};

	constructor(
		private readonly inner: Transport,
		private readonly clock: Clock,
	) {}

	get budget(): Readonly<RateBudget> {
		return this.current;
	}

	async send(request: HttpRequest): Promise<HttpResponse> {
		const { remainingMinute, observedAt } = this.current;
		if (remainingMinute === 0 && observedAt !== undefined) {
			const nextMinute = Math.floor(observedAt / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
			const wait = nextMinute - this.clock.now();
			// Wait once; what the next answer says replaces this observation.
			this.current = { ...this.current, remainingMinute: undefined };
			if (wait > 0) await this.clock.sleep(wait);
		}
		const response = await this.inner.send(request);
		const minute = readCount(response.headers['x-lu-rate-limit-remaining-minute']);
		const week = readCount(response.headers['x-lu-rate-limit-remaining-week']);
		if (minute !== undefined || week !== undefined) {
			this.current = {
				remainingMinute: minute,
				remainingWeek: week ?? this.current.remainingWeek,
				observedAt: this.clock.now(),
			};
		}
		return response;
	}
}
