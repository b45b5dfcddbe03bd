import type { Clock } from './clock';

export interface PacingLimit {
	/** Requests allowed per window. */
	requests: number;
	windowMs: number;
	/**
	 * The vendor publishes no ceiling, so this one is a guess: while the vendor reports what is left
	 * of its budget (see `RemainingBudget`), that paces instead of this window.
	 */
	provisional?: boolean;
}

/** What the vendor said is left of its budget, and when (clock time) that budget renews. */
export interface RemainingBudget {
	remaining: number;
	resetAt: number;
}

/** What one paced call's answer says about the pace; every granted call reports exactly once. */
export type PaceOutcome =
	| { kind: 'ok'; budget?: RemainingBudget }
	| {
			kind: 'rateLimited';
			retryAfterMs?: number;
			budget?: RemainingBudget;
			/** When the refused call started: a call sent before the last cut says nothing new. */
			startedAt?: number;
	  }
	/** No answer, or one that says nothing about the pace (a server error). */
	| { kind: 'noSignal' };

export interface PacingTuning {
	/**
	 * A 429 sets the pace to this share of the calls this process had in the window (once per
	 * window: 429s to calls sent before a cut, or within a window after it, don't cut again). The
	 * vendor was full, and this process's part of it is what it sent, not what it was allowed.
	 */
	decrease: number;
	/** A 429 never cuts the pace below this share of what it was (a mostly idle process). */
	deepestCut: number;
	/** The pace never drops below this share of the ceiling (and never below one call a window). */
	floor: number;
	/** A window's worth of successes adds this share of the ceiling back. */
	increase: number;
	/**
	 * After `climbDelay` quiet windows since the last cut, each further one doubles the climb, up
	 * to `climbDoublings` times: near the rate that drew the 429 the climb is slow (few probes over
	 * the ceiling, so few 429s), and a process left alone on the credential (the other worker's
	 * batch ended) climbs back from half the ceiling in about 13 windows instead of 33.
	 */
	climbDoublings: number;
	climbDelay: number;
	/** Share of a reported budget left unspent, for the customer's other integrations (≥ 1 call). */
	reserve: number;
	/**
	 * Share of the rate that may start back to back; the rest is spread evenly over the window.
	 * Bursts of a whole window from several processes collide at the vendor; even spacing does not.
	 */
	burst: number;
}

export const DEFAULT_PACING_TUNING: PacingTuning = {
	decrease: 0.85,
	deepestCut: 0.5,
	floor: 0.1,
	increase: 0.015,
	climbDoublings: 2,
	climbDelay: 3,
	reserve: 0.05,
	burst: 0.1,
};

/** A reset time is our reading of the vendor's window; start a little after it. */
const RESET_MARGIN_MS = 250;

interface Waiter {
	resolve: () => void;
	reject: (error: unknown) => void;
}

/**
 * One pace for one credential, shared by every execution, poll and list search in the process.
 *
 * - A sliding window: never more than the current rate's calls in any `windowMs` (a call counts
 *   from its start until a window after its answer), spread evenly
 *   (a small burst allowed), so several processes do not collide at the vendor in bursts.
 * - Fair: callers queue per lane (an execution); lanes take turns, arrival order within a lane,
 *   so a 10,000-item batch does not hold back a one-hire execution behind it.
 * - AIMD, so several processes on one credential converge under the ceiling without talking to
 *   each other: a 429 cuts the rate to 85 % of what this process had in the vendor's window (a
 *   `Retry-After` also pauses every lane), so it waits until its share has drained; successes
 *   climb back a little at a time, faster the longer no 429 comes.
 * - Where the vendor reports what is left, calls are spread over the time to its reset, keeping a
 *   reserve; when nothing is left above the reserve, they wait for the reset instead of a 429.
 */
export class PacingLimiter {
	/** When each call answered in the last window was answered (ascending). */
	private readonly answered: number[] = [];
	private readonly lanes = new Map<string, Waiter[]>();
	private readonly tuning: PacingTuning;
	private pumping = false;
	private rate: number;
	private lastCutAt = Number.NEGATIVE_INFINITY;
	private pausedUntil = Number.NEGATIVE_INFINITY;
	private lastStart = Number.NEGATIVE_INFINITY;
	/** When the next start is due at the current rate (generic cell rate algorithm). */
	private due = Number.NEGATIVE_INFINITY;
	/** Whether the window and rate pace the next start (not a provisional limit under a budget). */
	private windowPaces = true;
	private inFlight = 0;
	/** Wakes the pump when every slot of the window is held by a call still in flight. */
	private wakeOnSettle?: () => void;
	private granted = 0;
	private budget?: { left: number; resetAt: number; grantedBefore: number };
	private largestBudget = 0;

	constructor(
		readonly limit: PacingLimit,
		private readonly clock: Clock,
		tuning: Partial<PacingTuning> = {},
	) {
		if (limit.requests < 1 || limit.windowMs <= 0) {
			throw new Error('A pacing limit needs at least one request per positive window');
		}
		this.tuning = { ...DEFAULT_PACING_TUNING, ...tuning };
		this.rate = limit.requests;
	}

	/** Requests per window the limiter allows now (the ceiling, or less after 429s). */
	get currentRate(): number {
		return this.rate;
	}

	/** Callers waiting for a turn, all lanes together. */
	get waiting(): number {
		let count = 0;
		for (const queue of this.lanes.values()) count += queue.length;
		return count;
	}

	/** Calls that count against the window now: in flight, or answered within it. */
	get inWindow(): number {
		const since = this.clock.now() - this.limit.windowMs;
		return this.inFlight + this.answered.filter((at) => at > since).length;
	}

	/** Resolves when a request may start. Lanes take turns; within a lane, arrival order. */
	acquire(lane = ''): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			const queue = this.lanes.get(lane);
			if (queue) queue.push({ resolve, reject });
			else this.lanes.set(lane, [{ resolve, reject }]);
			void this.pump();
		});
	}

	/** Reports the answer to a call `acquire` let start. */
	settle(outcome: PaceOutcome): void {
		const now = this.clock.now();
		if (this.inFlight > 0) {
			this.inFlight--;
			this.answered.push(now);
		}
		const wake = this.wakeOnSettle;
		this.wakeOnSettle = undefined;
		wake?.();
		if (outcome.kind !== 'noSignal' && outcome.budget) this.observe(outcome.budget);
		const ceiling = this.limit.requests;
		if (outcome.kind === 'rateLimited') {
			if (outcome.retryAfterMs && outcome.retryAfterMs > 0) {
				this.pausedUntil = Math.max(this.pausedUntil, now + outcome.retryAfterMs);
			}
			// Until a window after the last cut the vendor still counts calls sent at the old rate,
			// so a 429 then is not news, even to a call sent after the cut. (Without a start time:
			// one cut per window.)
			const news =
				outcome.startedAt === undefined
					? now - this.lastCutAt >= this.limit.windowMs
					: outcome.startedAt > this.lastCutAt + this.limit.windowMs;
			if (news) {
				const lowest = Math.max(1, ceiling * this.tuning.floor);
				const used = Math.min(this.rate, this.inWindow);
				this.rate = Math.max(
					lowest,
					this.rate * this.tuning.deepestCut,
					used * this.tuning.decrease,
				);
				this.lastCutAt = now;
			}
		} else if (outcome.kind === 'ok' && this.rate < ceiling) {
			const quietWindows = Math.floor((now - this.lastCutAt) / this.limit.windowMs);
			const doublings = Math.max(0, quietWindows - this.tuning.climbDelay);
			const boost = 2 ** Math.min(this.tuning.climbDoublings, doublings);
			this.rate = Math.min(
				ceiling,
				this.rate + (ceiling * this.tuning.increase * boost) / this.rate,
			);
		}
	}

	private observe(budget: RemainingBudget): void {
		if (!Number.isFinite(budget.remaining) || !Number.isFinite(budget.resetAt)) return;
		// Calls still in flight were not counted in this answer yet: they will be.
		this.budget = {
			left: budget.remaining - this.inFlight,
			resetAt: budget.resetAt,
			grantedBefore: this.granted,
		};
		this.largestBudget = Math.max(this.largestBudget, budget.remaining + 1);
	}

	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.lanes.size > 0) {
				const wait = this.waitNeeded(this.clock.now());
				if (wait === Number.POSITIVE_INFINITY) {
					await new Promise<void>((resolve) => (this.wakeOnSettle = resolve));
					continue;
				}
				if (wait > 0) {
					await this.clock.sleep(wait);
					continue;
				}
				this.next().resolve();
			}
		} catch (error) {
			for (const queue of this.lanes.values()) for (const waiter of queue) waiter.reject(error);
			this.lanes.clear();
		} finally {
			this.pumping = false;
		}
	}

	/** The head of the next lane in turn; that lane goes to the back of the rotation. */
	private next(): Waiter {
		const [lane, queue] = this.lanes.entries().next().value as [string, Waiter[]];
		const waiter = queue.shift() as Waiter;
		this.lanes.delete(lane);
		if (queue.length > 0) this.lanes.set(lane, queue);
		const now = this.clock.now();
		this.lastStart = now;
		// Spacing by the rate counts only while the rate paces: under a reported budget it would
		// run ahead and stall the first calls after the budget's reset.
		this.due = this.windowPaces ? Math.max(this.due, now) + this.limit.windowMs / this.rate : now;
		this.inFlight++;
		this.granted++;
		return waiter;
	}

	private waitNeeded(now: number): number {
		let until = this.pausedUntil;
		const budget = this.budget && now < this.budget.resetAt ? this.budget : undefined;
		if (this.budget && !budget) this.budget = undefined;
		if (budget) {
			const left = budget.left - (this.granted - budget.grantedBefore);
			const usable = left - Math.max(1, Math.ceil(this.largestBudget * this.tuning.reserve));
			if (usable <= 0) {
				until = Math.max(until, budget.resetAt + RESET_MARGIN_MS);
			} else {
				const share = this.rate / this.limit.requests;
				const spacing = (budget.resetAt - now) / usable / share;
				until = Math.max(until, this.lastStart + spacing);
			}
		}
		const windowMs = this.limit.windowMs;
		while (this.answered.length && this.answered[0] <= now - windowMs) this.answered.shift();
		this.windowPaces = !budget || !this.limit.provisional;
		if (this.windowPaces) {
			// The vendor counts a call when it arrives, somewhere between our start and its answer,
			// so a call holds its slot until a window after its answer: late arrivals bunched by a
			// stall or a slow network then cannot overfill the vendor's window.
			const allowed = Math.max(1, Math.floor(this.rate));
			const holding = this.inFlight + this.answered.length;
			if (holding >= allowed) {
				const freesSlot = holding - allowed;
				until =
					freesSlot < this.answered.length
						? Math.max(until, this.answered[freesSlot] + windowMs)
						: Number.POSITIVE_INFINITY;
			}
			const burst = Math.max(1, Math.floor(this.rate * this.tuning.burst));
			until = Math.max(until, this.due - (burst - 1) * (windowMs / this.rate));
		}
		return Math.max(0, until - now);
	}
}
