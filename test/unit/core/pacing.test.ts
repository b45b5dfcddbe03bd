import {
	PacingLimiter,
	ResilientTransport,
	type Clock,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '../../../nodes/shared/core';
import { ManualClock } from '../../support/manualClock';
import { minuteBudgetOf } from '../../../nodes/shared/vendors/learnupon';
import { FixedWindowBudget, SlidingWindowLimiter } from '../../../sandbox/util';
import { SimClock } from '../../support/simClock';

// Virtual time: a simulated minute runs in milliseconds, but a loaded machine can stretch that.
jest.setTimeout(60_000);

const get: HttpRequest = { method: 'GET', url: 'https://lms.example/api/users' };
/** A 429 halves the pace: easy numbers for the mechanism's tests. */
const HALVING = { decrease: 0.5 };

/** Grants `count` turns in `lane`, recording the lane of every grant in `order`. */
function queue(limiter: PacingLimiter, lane: string, count: number, order: string[]) {
	return Array.from({ length: count }, (_, i) =>
		limiter.acquire(lane).then(() => {
			order.push(`${lane}${i}`);
			limiter.settle({ kind: 'ok' });
		}),
	);
}

describe('PacingLimiter fairness', () => {
	it('interleaves executions: a single hire queued behind a big batch goes next, not last', async () => {
		const clock = new SimClock();
		const limiter = new PacingLimiter({ requests: 1, windowMs: 1_000 }, clock);
		const order: string[] = [];
		const batch = queue(limiter, 'batch', 20, order);
		const single = queue(limiter, 'hire', 2, order);
		await clock.run(Promise.all([...batch, ...single]));
		// batch0 starts at once; then the two executions take turns.
		expect(order.slice(0, 5)).toEqual(['batch0', 'batch1', 'hire0', 'batch2', 'hire1']);
		// Within an execution, arrival order.
		const batchOrder = order.filter((name) => name.startsWith('batch'));
		expect(batchOrder).toEqual(Array.from({ length: 20 }, (_, i) => `batch${i}`));
	});

	it('takes turns between three executions, one each in rotation', async () => {
		const clock = new SimClock();
		const limiter = new PacingLimiter({ requests: 1, windowMs: 1_000 }, clock);
		const order: string[] = [];
		const all = [
			...queue(limiter, 'a', 3, order),
			...queue(limiter, 'b', 3, order),
			...queue(limiter, 'c', 3, order),
		];
		await clock.run(Promise.all(all));
		expect(order).toEqual(['a0', 'a1', 'b0', 'c0', 'a2', 'b1', 'c1', 'b2', 'c2']);
	});

	it('keeps one ceiling across executions', async () => {
		const clock = new SimClock();
		const limiter = new PacingLimiter({ requests: 5, windowMs: 1_000 }, clock);
		const starts: number[] = [];
		const record = (lane: string) =>
			limiter.acquire(lane).then(() => {
				starts.push(clock.now());
				limiter.settle({ kind: 'ok' });
			});
		await clock.run(
			Promise.all(Array.from({ length: 30 }, (_, i) => record(`execution-${i % 6}`))),
		);
		expect(starts).toHaveLength(30);
		for (const start of starts) {
			expect(starts.filter((t) => t >= start && t < start + 1_000).length).toBeLessThanOrEqual(5);
		}
		// And no slower than the ceiling needs: 30 starts at 5 a second, evenly spread.
		expect(starts[29] - starts[0]).toBeLessThanOrEqual(6_000);
	});
});

describe('PacingLimiter AIMD', () => {
	it('cuts the rate on a 429 once a window: 429s to calls sent before the cut, or just after, are not news', () => {
		const clock = new ManualClock(10_000);
		const limiter = new PacingLimiter({ requests: 100, windowMs: 5_000 }, clock, HALVING);
		for (let i = 0; i < 8; i++) limiter.settle({ kind: 'rateLimited', startedAt: 9_900 });
		expect(limiter.currentRate).toBe(50);
		clock.advance(1_000);
		// Sent after the cut, but the vendor's window still holds the calls sent before it.
		limiter.settle({ kind: 'rateLimited', startedAt: 10_500 });
		expect(limiter.currentRate).toBe(50);
		clock.advance(5_000);
		// Sent a window after the cut and still refused: the pace is still too high.
		limiter.settle({ kind: 'rateLimited', startedAt: 15_500 });
		expect(limiter.currentRate).toBe(25);
		// Without a start time, one cut per window.
		limiter.settle({ kind: 'rateLimited' });
		expect(limiter.currentRate).toBe(25);
		clock.advance(5_000);
		limiter.settle({ kind: 'rateLimited' });
		expect(limiter.currentRate).toBe(12.5);
	});

	it('cuts from what this process sent in the window, not from what it was allowed', async () => {
		const clock = new ManualClock(0);
		const limiter = new PacingLimiter({ requests: 10, windowMs: 1_000 }, clock, {
			...HALVING,
			deepestCut: 0.1,
			burst: 1,
		});
		for (let i = 0; i < 7; i++) await limiter.acquire();
		for (let i = 0; i < 6; i++) limiter.settle({ kind: 'ok' });
		clock.advance(10);
		limiter.settle({ kind: 'rateLimited', startedAt: 0 });
		// Half of the 7 calls it had in the vendor's window; half of its allowance would be 5.
		expect(limiter.currentRate).toBe(3.5);
	});

	it('by default cuts a busy process by less than half, and a nearly idle one by half at most', async () => {
		const busy = new PacingLimiter({ requests: 100, windowMs: 5_000 }, new ManualClock(), {
			burst: 1,
		});
		for (let i = 0; i < 100; i++) await busy.acquire();
		busy.settle({ kind: 'rateLimited' });
		expect(busy.currentRate).toBeGreaterThan(50);
		expect(busy.currentRate).toBeLessThan(100);
		// A poll that drew a 429 says the vendor is full, not that this process filled it.
		const idle = new PacingLimiter({ requests: 100, windowMs: 5_000 }, new ManualClock());
		await idle.acquire();
		idle.settle({ kind: 'rateLimited' });
		expect(idle.currentRate).toBeGreaterThanOrEqual(50);
	});

	it('never drops below its floor (one call a window at least)', () => {
		const clock = new ManualClock();
		const limiter = new PacingLimiter({ requests: 4, windowMs: 1_000 }, clock);
		for (let i = 0; i < 10; i++) {
			limiter.settle({ kind: 'rateLimited' });
			clock.advance(1_000);
		}
		expect(limiter.currentRate).toBe(1);
	});

	it('climbs back slowly right after a cut, faster the longer it stays quiet, never past the ceiling', () => {
		const clock = new ManualClock();
		const limiter = new PacingLimiter({ requests: 100, windowMs: 1_000 }, clock, HALVING);
		limiter.settle({ kind: 'rateLimited' });
		expect(limiter.currentRate).toBe(50);
		const windowOfSuccesses = () => {
			const before = limiter.currentRate;
			for (let i = 0; i < Math.floor(before); i++) limiter.settle({ kind: 'ok' });
			clock.advance(1_000);
			return limiter.currentRate - before;
		};
		// Near the rate that drew the 429: a few percent of the ceiling a window.
		const first = windowOfSuccesses();
		expect(first).toBeGreaterThan(0);
		expect(first).toBeLessThan(5);
		for (let i = 0; i < 4; i++) windowOfSuccesses();
		// Left alone (the other worker's batch ended): the climb has sped up.
		expect(windowOfSuccesses()).toBeGreaterThan(3 * first);
		// From half the ceiling, back at it in about 13 windows (at the first climb's pace: 33).
		let windows = 6;
		while (limiter.currentRate < 100 && windows < 100) {
			windowOfSuccesses();
			windows++;
		}
		expect(windows).toBeLessThanOrEqual(14);
		for (let i = 0; i < 5_000; i++) limiter.settle({ kind: 'ok' });
		expect(limiter.currentRate).toBe(100);
	});

	it('paces at the lowered rate after a 429', async () => {
		const clock = new ManualClock(0);
		const limiter = new PacingLimiter({ requests: 10, windowMs: 1_000 }, clock, HALVING);
		limiter.settle({ kind: 'rateLimited' });
		const starts: number[] = [];
		for (let i = 0; i < 15; i++) {
			await limiter.acquire();
			starts.push(clock.now());
			limiter.settle({ kind: 'noSignal' });
		}
		// 5 a second, not 10, evenly spaced: 15 starts take 14 × 200 ms.
		for (const start of starts) {
			expect(starts.filter((t) => t >= start && t < start + 1_000).length).toBeLessThanOrEqual(5);
		}
		expect(starts[14] - starts[0]).toBe(2_800);
	});

	it('holds a slot while its call is in flight, however long, and frees it a window after the answer', async () => {
		const clock = new ManualClock(0);
		const limiter = new PacingLimiter({ requests: 2, windowMs: 1_000 }, clock);
		await limiter.acquire();
		await limiter.acquire();
		let third = false;
		const next = limiter.acquire().then(() => {
			third = true;
		});
		for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
		// Both slots belong to calls still in flight: no time passing frees them.
		expect(third).toBe(false);
		clock.advance(5_000);
		const answeredAt = clock.now();
		limiter.settle({ kind: 'ok' });
		await next;
		// The vendor may have counted the answered call as late as its answer.
		expect(clock.now()).toBe(answeredAt + 1_000);
	});

	it('pauses every execution for a Retry-After', async () => {
		const clock = new ManualClock(0);
		const limiter = new PacingLimiter({ requests: 100, windowMs: 1_000 }, clock);
		await limiter.acquire('a');
		limiter.settle({ kind: 'rateLimited', retryAfterMs: 3_000 });
		await limiter.acquire('b');
		expect(clock.now()).toBe(3_000);
	});
});

describe('PacingLimiter from remaining calls', () => {
	it('spreads what is left over the time to the reset, keeping a reserve', async () => {
		const clock = new ManualClock(0);
		const limiter = new PacingLimiter({ requests: 100, windowMs: 1_000, provisional: true }, clock);
		await limiter.acquire();
		// 40 left of this minute's budget, 20 s to go; reserve 5 % of 41 → 3 kept back.
		limiter.settle({ kind: 'ok', budget: { remaining: 40, resetAt: 20_000 } });
		const starts: number[] = [];
		while (clock.now() < 20_000) {
			await limiter.acquire();
			starts.push(clock.now());
			limiter.settle({ kind: 'noSignal' });
		}
		const beforeReset = starts.filter((t) => t < 20_000);
		expect(beforeReset.length).toBeLessThanOrEqual(37);
		expect(beforeReset.length).toBeGreaterThanOrEqual(35);
		// Evenly: no two calls closer than the remaining time shared by the usable calls.
		const gaps = beforeReset.slice(1).map((t, i) => t - beforeReset[i]);
		expect(Math.min(...gaps)).toBeGreaterThan(400);
	});

	it('waits for the reset when nothing is left above the reserve, instead of a 429', async () => {
		const clock = new ManualClock(5_000);
		const limiter = new PacingLimiter({ requests: 10, windowMs: 1_000 }, clock);
		await limiter.acquire();
		limiter.settle({ kind: 'ok', budget: { remaining: 0, resetAt: 60_000 } });
		await limiter.acquire();
		expect(clock.now()).toBeGreaterThanOrEqual(60_000);
		expect(clock.now()).toBeLessThan(61_000);
	});

	it('lifts a provisional ceiling while the vendor reports its budget, and keeps a published one', async () => {
		const run = async (provisional: boolean) => {
			const clock = new ManualClock(0);
			const limiter = new PacingLimiter({ requests: 2, windowMs: 1_000, provisional }, clock);
			let count = 0;
			while (clock.now() < 10_000) {
				await limiter.acquire();
				count++;
				limiter.settle({ kind: 'ok', budget: { remaining: 1_000 - count, resetAt: 60_000 } });
			}
			return count;
		};
		expect(await run(true)).toBeGreaterThan(100);
		expect(await run(false)).toBeLessThanOrEqual(22);
	});
});

/** A vendor with a sliding-window ceiling (TalentLMS, LearnWorlds): a call over it gets a 429. */
class WindowedVendor implements Transport {
	readonly window: SlidingWindowLimiter;
	accepted = 0;
	refused = 0;
	constructor(
		private readonly clock: Clock,
		requests: number,
		windowMs: number,
		private readonly latencyMs: number,
		/** How long a call started now takes to reach the vendor (default: half the latency). */
		private readonly arrivalDelay: (startedAt: number) => number = () => latencyMs / 2,
	) {
		this.window = new SlidingWindowLimiter(requests, windowMs);
	}
	async send(): Promise<HttpResponse> {
		await this.clock.sleep(this.arrivalDelay(this.clock.now()));
		const ok = this.window.tryTake(this.clock.now());
		await this.clock.sleep(this.latencyMs / 2);
		if (ok) this.accepted++;
		else this.refused++;
		return { status: ok ? 200 : 429, headers: {}, body: {} };
	}
}

/** A vendor with a calendar-minute budget that says what is left (LearnUpon). */
class MinuteBudgetVendor implements Transport {
	readonly budget: FixedWindowBudget;
	accepted = 0;
	refused = 0;
	constructor(
		private readonly clock: Clock,
		perMinute: number,
		private readonly latencyMs: number,
	) {
		this.budget = new FixedWindowBudget(perMinute, 60_000);
	}
	async send(): Promise<HttpResponse> {
		await this.clock.sleep(this.latencyMs / 2);
		const now = this.clock.now();
		const ok = this.budget.remaining(now) > 0;
		if (ok) this.budget.take(now);
		const remaining = String(this.budget.remaining(now));
		await this.clock.sleep(this.latencyMs / 2);
		if (ok) this.accepted++;
		else this.refused++;
		return {
			status: ok ? 200 : 429,
			headers: { 'x-lu-rate-limit-remaining-minute': remaining },
			body: {},
		};
	}
}

/** `processes` limiters (queue-mode workers), each with `inFlight` calls at a time, on one vendor. */
async function runProcesses(options: {
	clock: SimClock;
	vendor: Transport;
	processes: number;
	inFlight: number;
	callsEach: number;
	limiter: () => PacingLimiter;
	budgetOf?: typeof minuteBudgetOf;
}): Promise<number> {
	const { clock } = options;
	const started = clock.now();
	const processes = Array.from({ length: options.processes }, async () => {
		const transport = new ResilientTransport(options.vendor, {
			clock,
			pacer: options.limiter(),
			budgetOf: options.budgetOf,
		});
		let left = options.callsEach;
		const worker = async () => {
			while (left-- > 0) {
				const response = await transport.send(get);
				if (response.status !== 200) throw new Error(`gave up with ${response.status}`);
			}
		};
		await Promise.all(Array.from({ length: options.inFlight }, worker));
	});
	await clock.run(Promise.all(processes));
	return clock.now() - started;
}

describe('several processes on one credential, without coordinating', () => {
	// Each at its own pace alone would double the ceiling: about one call in two a 429.
	it.each([
		// TalentLMS's ceiling, a long run.
		{
			ceiling: 200,
			windowMs: 5_000,
			pace: { requests: 196, windowMs: 5_000 },
			inFlight: 8,
			callsEach: 2_000,
		},
		// LearnWorlds' ceiling and the bench's burst (about 400 calls): every probe above the
		// ceiling costs a 429 or two, a large share of a window of 30.
		{
			ceiling: 30,
			windowMs: 10_000,
			pace: { requests: 29, windowMs: 10_250 },
			inFlight: 10,
			callsEach: 206,
		},
	])(
		'two workers converge under $ceiling per $windowMs ms: at most 2 % 429s, within 1.25x the bound',
		async ({ ceiling, windowMs, pace, inFlight, callsEach }) => {
			const clock = new SimClock(1_000_000);
			const vendor = new WindowedVendor(clock, ceiling, windowMs, 150);
			const wall = await runProcesses({
				clock,
				vendor,
				processes: 2,
				inFlight,
				callsEach,
				limiter: () => new PacingLimiter(pace, clock),
			});
			expect(vendor.accepted).toBe(2 * callsEach);
			expect(vendor.refused / (vendor.accepted + vendor.refused)).toBeLessThanOrEqual(0.02);
			const bound = ((2 * callsEach) / ceiling) * windowMs;
			expect(wall / bound).toBeLessThanOrEqual(1.25);
		},
	);

	it('a stall that delivers a second of calls together does not overfill the vendor window', async () => {
		// A busy event loop or a slow network holds calls started in one second, then they all
		// arrive at once: counted by their start, the next window would take a second too many.
		const start = 1_000_000;
		const stallFrom = start + 10_000;
		const stallTo = stallFrom + 1_000;
		const clock = new SimClock(start);
		const vendor = new WindowedVendor(clock, 200, 5_000, 20, (startedAt) =>
			startedAt >= stallFrom && startedAt < stallTo ? stallTo - startedAt : 10,
		);
		await runProcesses({
			clock,
			vendor,
			processes: 1,
			inFlight: 60,
			callsEach: 1_200,
			limiter: () => new PacingLimiter({ requests: 190, windowMs: 5_000 }, clock),
		});
		expect(vendor.accepted).toBe(1_200);
		expect(vendor.refused).toBe(0);
	});

	it('one process paced from a minute budget uses it minute after minute, without a stall at each reset', async () => {
		const clock = new SimClock(Date.UTC(2026, 0, 5, 10, 0, 0));
		const vendor = new MinuteBudgetVendor(clock, 600, 50);
		const wall = await runProcesses({
			clock,
			vendor,
			processes: 1,
			inFlight: 4,
			callsEach: 1_800,
			limiter: () => new PacingLimiter({ requests: 5, windowMs: 1_000, provisional: true }, clock),
			budgetOf: minuteBudgetOf,
		});
		expect(vendor.accepted).toBe(1_800);
		expect(vendor.refused).toBe(0);
		// Three minutes' budget, less the 5 % reserve each minute.
		expect(wall / ((1_800 / 600) * 60_000)).toBeLessThanOrEqual(1.1);
	});

	it('share a reported minute budget with no 429 and most of the budget used (three workers)', async () => {
		const clock = new SimClock(Date.UTC(2026, 0, 5, 10, 0, 0));
		const vendor = new MinuteBudgetVendor(clock, 600, 100);
		const wall = await runProcesses({
			clock,
			vendor,
			processes: 3,
			inFlight: 2,
			callsEach: 600,
			limiter: () => new PacingLimiter({ requests: 5, windowMs: 1_000, provisional: true }, clock),
			budgetOf: minuteBudgetOf,
		});
		expect(vendor.accepted).toBe(1_800);
		expect(vendor.refused).toBeLessThanOrEqual(Math.ceil(1_800 * 0.02));
		const bound = (1_800 / 600) * 60_000;
		expect(wall / bound).toBeLessThanOrEqual(1.25);
	});
});
