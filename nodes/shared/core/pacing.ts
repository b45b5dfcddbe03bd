import type { Clock } from './clock';

export interface PacingLimit {
	/** Requests allowed per window. */
	requests: number;
	windowMs: number;
}

/**
 * A sliding-window limiter: never more than `requests` starts in any `windowMs`. One instance is
 * shared by every item of an execution that uses the same credential, so a 10,000-item run stays
 * under the vendor's ceiling instead of discovering it through 429s.
 */
export class PacingLimiter {
	private readonly starts: number[] = [];
	private queue: Promise<void> = Promise.resolve();

	constructor(
		readonly limit: PacingLimit,
		private readonly clock: Clock,
	) {
		if (limit.requests < 1 || limit.windowMs <= 0) {
			throw new Error('A pacing limit needs at least one request per positive window');
		}
	}

	/** Resolves when a request may start; callers are served in arrival order. */
	acquire(): Promise<void> {
		const turn = this.queue.then(() => this.waitForSlot());
		this.queue = turn.catch(() => undefined);
		return turn;
	}

	/** Start times currently inside the window; for tests and diagnostics. */
	recentStarts(): readonly number[] {
		return this.starts;
	}

	private async waitForSlot(): Promise<void> {
		for (;;) {
			const now = this.clock.now();
			while (this.starts.length && this.starts[0] <= now - this.limit.windowMs) this.starts.shift();
			if (this.starts.length < this.limit.requests) {
				this.starts.push(now);
				return;
			}
			await this.clock.sleep(this.starts[0] + this.limit.windowMs - now);
		}
	}
}
