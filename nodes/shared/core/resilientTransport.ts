import type { Clock } from './clock';
import { ConnectionError, LmsError } from './errors';
import type { PacingLimiter, RemainingBudget } from './pacing';
import { collectSecrets } from './redact';
import {
	backoffDelay,
	DEFAULT_RETRY_POLICY,
	formatWait,
	isRetryableStatus,
	isUnavailableStatus,
	parseRetryAfter,
	type RetryPolicy,
} from './retry';
import { isIdempotent, type HttpRequest, type HttpResponse, type Transport } from './transport';

export interface TransportStats {
	attempts: number;
	retries: number;
	rateLimited: number;
	serverErrors: number;
	connectionErrors: number;
	waitedMs: number;
}

export interface ResilientTransportOptions {
	clock: Clock;
	/** The credential's shared pace; every attempt waits its turn and reports its answer. */
	pacer?: PacingLimiter;
	/** This caller's lane in the pacer (an execution): lanes take turns. */
	lane?: string;
	policy?: Partial<RetryPolicy>;
	random?: () => number;
	/** Vendor-specific: does this answer mean "slow down" even without a 429 (or not)? */
	isRateLimited?: (response: HttpResponse) => boolean;
	/** Vendor-specific: what the answer says is left of the vendor's budget. */
	budgetOf?: (response: HttpResponse, now: number) => RemainingBudget | undefined;
}

/**
 * Wraps any transport with pacing and retries. 429s are always retried (the LMS did nothing),
 * for as long as the total wait allows. 5xx answers and dropped connections are retried only for
 * idempotent requests: for a create the outcome is unknown, so it surfaces as `outcomeUnknown`
 * and the adapter checks first. An unreachable LMS (no answer, 502/503/504) is waited out like a
 * 429; a 500 is retried a bounded number of times.
 */
export class ResilientTransport implements Transport {
	readonly stats: TransportStats = {
		attempts: 0,
		retries: 0,
		rateLimited: 0,
		serverErrors: 0,
		connectionErrors: 0,
		waitedMs: 0,
	};
	readonly policy: RetryPolicy;
	private readonly random: () => number;

	constructor(
		private readonly inner: Transport,
		private readonly options: ResilientTransportOptions,
	) {
		this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
		this.random = options.random ?? Math.random;
	}

	async send(request: HttpRequest): Promise<HttpResponse> {
		const { clock, pacer, lane } = this.options;
		const safeToRepeat = isIdempotent(request);
		let waited = 0;
		for (let attempt = 1; ; attempt++) {
			if (pacer) await pacer.acquire(lane);
			const startedAt = clock.now();
			this.stats.attempts++;
			let response: HttpResponse;
			try {
				response = await this.inner.send(request);
			} catch (error) {
				pacer?.settle({ kind: 'noSignal' });
				if (!(error instanceof ConnectionError)) throw error;
				this.stats.connectionErrors++;
				const delay = backoffDelay(attempt, this.policy, this.random);
				if (!safeToRepeat || waited + delay > this.policy.maxTotalWaitMs) {
					throw this.connectionFailure(request, error, safeToRepeat, attempt, waited);
				}
				waited += await this.wait(delay);
				continue;
			}

			const rateLimited =
				response.status === 429 || (this.options.isRateLimited?.(response) ?? false);
			const budget = this.options.budgetOf?.(response, clock.now());
			const retryAfter = parseRetryAfter(response.headers['retry-after'], clock.now());
			if (rateLimited) {
				this.stats.rateLimited++;
				pacer?.settle({ kind: 'rateLimited', retryAfterMs: retryAfter, budget, startedAt });
			} else if (response.status >= 500) {
				this.stats.serverErrors++;
				pacer?.settle({ kind: 'noSignal' });
			} else {
				pacer?.settle({ kind: 'ok', budget });
			}

			const reason = rateLimited
				? 'rateLimited'
				: !safeToRepeat || !isRetryableStatus(response.status)
					? undefined
					: isUnavailableStatus(response.status)
						? 'unavailable'
						: 'serverError';
			if (!reason) return response;

			// Behind a shared pacer a 429 has already slowed every caller down: growing this call's
			// own wait as well would idle it long after the pace has recovered.
			const backoffStep = rateLimited && pacer ? 1 : attempt;
			const delay = Math.max(retryAfter ?? 0, backoffDelay(backoffStep, this.policy, this.random));
			const attemptsLeft = reason !== 'serverError' || attempt < this.policy.maxAttempts;
			if (!attemptsLeft || waited + delay > this.policy.maxTotalWaitMs) {
				return {
					...response,
					retried: {
						reason,
						attempts: attempt,
						waitedMs: waited,
						nextWaitMs: delay,
						maxTotalWaitMs: this.policy.maxTotalWaitMs,
					},
				};
			}
			waited += await this.wait(delay);
		}
	}

	private async wait(ms: number): Promise<number> {
		this.stats.retries++;
		this.stats.waitedMs += ms;
		await this.options.clock.sleep(ms);
		return ms;
	}

	private connectionFailure(
		request: HttpRequest,
		error: ConnectionError,
		safeToRepeat: boolean,
		attempts: number,
		waitedMs: number,
	) {
		const tried = attempts > 1 ? ` after ${attempts} attempts over ${formatWait(waitedMs)}` : '';
		return new LmsError({
			kind: 'unavailable',
			message: `The LMS could not be reached (${error.code ?? error.message})${tried}`,
			request: `${request.method} ${stripQuery(request.url)}`,
			outcomeUnknown: !safeToRepeat,
			hint: safeToRepeat
				? `The LMS stayed out of reach for longer than the node waits (${formatWait(this.policy.maxTotalWaitMs)}, "Max Wait When Throttled"). Check the LMS address; running the item again is safe.`
				: 'The connection dropped after the request was sent, so it may or may not have been applied.',
			secrets: collectSecrets({ headers: request.headers, body: request.body ?? request.form }),
		});
	}
}

export function stripQuery(url: string): string {
	const index = url.indexOf('?');
	return index === -1 ? url : url.slice(0, index);
}
