import type { Clock } from './clock';
import { ConnectionError, LmsError } from './errors';
import type { PacingLimiter } from './pacing';
import { collectSecrets } from './redact';
import {
	backoffDelay,
	DEFAULT_RETRY_POLICY,
	isRetryableStatus,
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
	pacer?: PacingLimiter;
	policy?: Partial<RetryPolicy>;
	random?: () => number;
	/** Vendor-specific: does this answer mean "slow down" even without a 429 (or not)? */
	isRateLimited?: (response: HttpResponse) => boolean;
}

/**
 * Wraps any transport with pacing and retries. 429s are always retried (the LMS did nothing).
 * 5xx answers and dropped connections are retried only for idempotent requests: for a create
 * the outcome is unknown, so it surfaces as `outcomeUnknown` and the adapter checks first.
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
	private readonly policy: RetryPolicy;
	private readonly random: () => number;

	constructor(
		private readonly inner: Transport,
		private readonly options: ResilientTransportOptions,
	) {
		this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
		this.random = options.random ?? Math.random;
	}

	async send(request: HttpRequest): Promise<HttpResponse> {
		const { clock } = this.options;
		const safeToRepeat = isIdempotent(request);
		let waited = 0;
		for (let attempt = 1; ; attempt++) {
			if (this.options.pacer) await this.options.pacer.acquire();
			this.stats.attempts++;
			let response: HttpResponse;
			try {
				response = await this.inner.send(request);
			} catch (error) {
				if (!(error instanceof ConnectionError)) throw error;
				this.stats.connectionErrors++;
				const delay = backoffDelay(attempt, this.policy, this.random);
				if (!safeToRepeat || !this.mayRetry(attempt, waited, delay)) {
					throw this.connectionFailure(request, error, safeToRepeat);
				}
				waited += await this.wait(delay);
				continue;
			}

			const rateLimited =
				response.status === 429 || (this.options.isRateLimited?.(response) ?? false);
			if (rateLimited) this.stats.rateLimited++;
			else if (response.status >= 500) this.stats.serverErrors++;

			const retryable = rateLimited || (isRetryableStatus(response.status) && safeToRepeat);
			if (!retryable) return response;

			const retryAfter = parseRetryAfter(response.headers['retry-after'], clock.now());
			const delay = Math.max(retryAfter ?? 0, backoffDelay(attempt, this.policy, this.random));
			if (!this.mayRetry(attempt, waited, delay)) return response;
			waited += await this.wait(delay);
		}
	}

	private mayRetry(attempt: number, waited: number, delay: number): boolean {
		return attempt < this.policy.maxAttempts && waited + delay <= this.policy.maxTotalWaitMs;
	}

	private async wait(ms: number): Promise<number> {
		this.stats.retries++;
		this.stats.waitedMs += ms;
		await this.options.clock.sleep(ms);
		return ms;
	}

	private connectionFailure(request: HttpRequest, error: ConnectionError, safeToRepeat: boolean) {
		return new LmsError({
			kind: 'unavailable',
			message: `The LMS could not be reached (${error.code ?? error.message})`,
			request: `${request.method} ${stripQuery(request.url)}`,
			outcomeUnknown: !safeToRepeat,
			hint: safeToRepeat
				? 'The connection failed repeatedly. Check the LMS address and try again later.'
				: 'The connection dropped after the request was sent, so it may or may not have been applied.',
			secrets: collectSecrets({ headers: request.headers, body: request.body ?? request.form }),
		});
	}
}

export function stripQuery(url: string): string {
	const index = url.indexOf('?');
	return index === -1 ? url : url.slice(0, index);
}
