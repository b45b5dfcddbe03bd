import {
	ApiClient,
	backoffDelay,
	ConnectionError,
	DEFAULT_RETRY_POLICY,
	LmsError,
	PacingLimiter,
	parseRetryAfter,
	ResilientTransport,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '../../../nodes/shared/core';
import { ManualClock } from '../../support/manualClock';

/** A transport that answers from a script and records when each request arrived. */
class ScriptedTransport implements Transport {
	readonly sentAt: number[] = [];
	constructor(
		private readonly clock: ManualClock,
		private readonly script: Array<HttpResponse | Error>,
	) {}
	async send(): Promise<HttpResponse> {
		this.sentAt.push(this.clock.now());
		const next = this.script.shift() ?? { status: 200, headers: {}, body: { ok: true } };
		if (next instanceof Error) throw next;
		return next;
	}
}

const answer = (status: number, headers: Record<string, string> = {}): HttpResponse => ({
	status,
	headers,
	body: {},
});
const get: HttpRequest = { method: 'GET', url: 'https://lms.example/api/users' };
const create: HttpRequest = {
	method: 'POST',
	url: 'https://lms.example/api/users',
	body: { email: 'a@b.co' },
};

describe('backoff', () => {
	it('doubles from the base delay, stays within [half, full] of each step, and is capped', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000 };
		const lowest = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, policy, () => 0));
		const highest = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, policy, () => 1));
		expect(lowest).toEqual([50, 100, 200, 400, 500, 500]);
		expect(highest).toEqual([100, 200, 400, 800, 1_000, 1_000]);
	});
});

describe('Retry-After', () => {
	it('reads delta seconds', () => {
		expect(parseRetryAfter('3', 0)).toBe(3_000);
		expect(parseRetryAfter('0.5', 0)).toBe(500);
	});
	it('reads an HTTP date relative to now', () => {
		const now = Date.parse('2026-11-22T10:00:00Z');
		expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:07 GMT', now)).toBe(7_000);
		expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
	});
	it('ignores absent or unreadable values', () => {
		expect(parseRetryAfter(undefined, 0)).toBeUndefined();
		expect(parseRetryAfter('soon', 0)).toBeUndefined();
	});
});

describe('ResilientTransport', () => {
	it('retries 429 with growing waits and returns the eventual answer', async () => {
		const clock = new ManualClock();
		const inner = new ScriptedTransport(clock, [answer(429), answer(429), answer(200)]);
		const transport = new ResilientTransport(inner, { clock, random: () => 0 });
		const response = await transport.send(get);
		expect(response.status).toBe(200);
		expect(clock.sleeps).toEqual([250, 500]);
		expect(transport.stats).toMatchObject({ attempts: 3, retries: 2, rateLimited: 2 });
	});

	it('waits as long as Retry-After says when that is longer than the backoff', async () => {
		const clock = new ManualClock();
		const inner = new ScriptedTransport(clock, [answer(429, { 'retry-after': '4' }), answer(200)]);
		const transport = new ResilientTransport(inner, { clock, random: () => 0 });
		await transport.send(get);
		expect(clock.sleeps).toEqual([4_000]);
	});

	it('retries a 429 even for a create: the LMS did nothing', async () => {
		const clock = new ManualClock();
		const inner = new ScriptedTransport(clock, [answer(429), answer(201)]);
		const response = await new ResilientTransport(inner, { clock, random: () => 0 }).send(create);
		expect(response.status).toBe(201);
		expect(inner.sentAt).toHaveLength(2);
	});

	it('never repeats a create after a 5xx: the outcome is unknown', async () => {
		const clock = new ManualClock();
		const inner = new ScriptedTransport(clock, [answer(502), answer(201)]);
		const response = await new ResilientTransport(inner, { clock }).send(create);
		expect(response.status).toBe(502);
		expect(inner.sentAt).toHaveLength(1);
	});

	it('never repeats a create after a dropped connection, and says the outcome is unknown', async () => {
		const clock = new ManualClock();
		const inner = new ScriptedTransport(clock, [
			new ConnectionError('socket hang up', 'ECONNRESET'),
		]);
		const error = await new ResilientTransport(inner, { clock })
			.send(create)
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(LmsError);
		expect(error).toMatchObject({ kind: 'unavailable', outcomeUnknown: true });
		expect(inner.sentAt).toHaveLength(1);
	});

	it('retries reads after 5xx and dropped connections', async () => {
		const clock = new ManualClock();
		const inner = new ScriptedTransport(clock, [
			answer(503),
			new ConnectionError('reset', 'ECONNRESET'),
			answer(200),
		]);
		const response = await new ResilientTransport(inner, { clock, random: () => 0 }).send(get);
		expect(response.status).toBe(200);
		expect(inner.sentAt).toHaveLength(3);
	});

	it('gives up on a repeated 500 after the attempt limit and returns the last answer', async () => {
		const clock = new ManualClock();
		const inner = new ScriptedTransport(
			clock,
			Array.from({ length: 10 }, () => answer(500)),
		);
		const transport = new ResilientTransport(inner, {
			clock,
			random: () => 0,
			policy: { maxAttempts: 3 },
		});
		const response = await transport.send(get);
		expect(response.status).toBe(500);
		expect(response.retried).toMatchObject({ reason: 'serverError', attempts: 3 });
		expect(inner.sentAt).toHaveLength(3);
	});

	it('waits out a burst of 429s longer than the attempt limit: only the total wait bounds it', async () => {
		const clock = new ManualClock();
		const inner = new ScriptedTransport(clock, [
			...Array.from({ length: 10 }, () => answer(429)),
			answer(200),
		]);
		const transport = new ResilientTransport(inner, {
			clock,
			random: () => 0,
			policy: { maxAttempts: 6 },
		});
		expect((await transport.send(create)).status).toBe(200);
		expect(inner.sentAt).toHaveLength(11);
	});

	it('waits out an LMS that is unreachable for a while (20 s), for reads', async () => {
		const clock = new ManualClock();
		const down = Array.from({ length: 40 }, () => new ConnectionError('refused', 'ECONNREFUSED'));
		const inner = new ScriptedTransport(clock, down);
		// Answers again once 20 s have passed.
		const original = inner.send.bind(inner);
		inner.send = async () => {
			if (clock.now() >= 20_000) return answer(200);
			return original();
		};
		const transport = new ResilientTransport(inner, { clock, random: () => 0 });
		expect((await transport.send(get)).status).toBe(200);
		expect(clock.now()).toBeGreaterThanOrEqual(20_000);
	});

	it('says how long it waited and that running again is safe when the 429s outlast the total wait', async () => {
		const clock = new ManualClock();
		const inner = new ScriptedTransport(
			clock,
			Array.from({ length: 100 }, () => answer(429)),
		);
		const transport = new ResilientTransport(inner, {
			clock,
			random: () => 0,
			policy: { maxTotalWaitMs: 60_000 },
		});
		const client = new ApiClient(transport, {
			vendorName: 'Acme LMS',
			extractMessage: () => 'Slow down',
		});
		const error = (await client.send(create).catch((e: unknown) => e)) as LmsError;
		expect(error).toBeInstanceOf(LmsError);
		expect(error.kind).toBe('rateLimited');
		const waited = clock.now();
		expect(waited).toBeLessThanOrEqual(60_000);
		expect(error.message).toMatch(
			/Acme LMS answered 429: Slow down \(still, after \d+ attempts over \d+ s\)/,
		);
		expect(error.hint).toMatch(/kept asking to slow down/);
		expect(error.hint).toMatch(/Max Wait When Throttled" \(1 min\)/);
		expect(error.hint).toMatch(/running the item again is safe/);
	});

	it('says how long the LMS stayed unreachable when it gives up on a read', async () => {
		const clock = new ManualClock();
		const inner = new ScriptedTransport(
			clock,
			Array.from({ length: 100 }, () => new ConnectionError('refused', 'ECONNREFUSED')),
		);
		const transport = new ResilientTransport(inner, {
			clock,
			random: () => 0,
			policy: { maxTotalWaitMs: 30_000 },
		});
		const error = (await transport.send(get).catch((e: unknown) => e)) as LmsError;
		expect(error).toMatchObject({ kind: 'unavailable', outcomeUnknown: false });
		expect(error.message).toMatch(/ECONNREFUSED\) after \d+ attempts over \d+ s/);
		expect(error.hint).toMatch(/running the item again is safe/);
	});

	it('gives up rather than wait past the total wait budget', async () => {
		const clock = new ManualClock();
		const inner = new ScriptedTransport(clock, [
			answer(429, { 'retry-after': '120' }),
			answer(200),
		]);
		const transport = new ResilientTransport(inner, { clock, policy: { maxTotalWaitMs: 60_000 } });
		const response = await transport.send(get);
		expect(response.status).toBe(429);
		expect(clock.sleeps).toEqual([]);
	});

	it('treats a vendor-specific throttle answer as a 429', async () => {
		const clock = new ManualClock();
		const throttled: HttpResponse = {
			status: 403,
			headers: {},
			body: { error: 'Too many requests' },
		};
		const inner = new ScriptedTransport(clock, [throttled, answer(200)]);
		const transport = new ResilientTransport(inner, {
			clock,
			random: () => 0,
			isRateLimited: (response) =>
				(response.body as { error?: string })?.error === 'Too many requests',
		});
		expect((await transport.send(get)).status).toBe(200);
	});
});

describe('PacingLimiter', () => {
	it('never lets more than the limit start within any window', async () => {
		const clock = new ManualClock(1_000);
		const limiter = new PacingLimiter({ requests: 5, windowMs: 1_000 }, clock);
		const starts: number[] = [];
		for (let i = 0; i < 23; i++) {
			await limiter.acquire();
			starts.push(clock.now());
			limiter.settle({ kind: 'ok' });
		}
		for (const start of starts) {
			const inWindow = starts.filter((other) => other >= start && other < start + 1_000);
			expect(inWindow.length).toBeLessThanOrEqual(5);
		}
		// And it does not wait more than needed: 23 starts at 5 a second, evenly spaced (200 ms).
		expect(starts[starts.length - 1] - starts[0]).toBe(4_400);
	});

	it('serves concurrent callers in arrival order within the limit', async () => {
		const clock = new ManualClock();
		const limiter = new PacingLimiter({ requests: 2, windowMs: 100 }, clock);
		const order: number[] = [];
		const held: number[] = [];
		await Promise.all(
			[0, 1, 2, 3, 4].map((n) =>
				limiter.acquire().then(() => {
					order.push(n);
					held.push(limiter.inWindow);
					limiter.settle({ kind: 'ok' });
				}),
			),
		);
		expect(order).toEqual([0, 1, 2, 3, 4]);
		expect(Math.max(...held)).toBeLessThanOrEqual(2);
	});

	it('paces retries too, as part of the same budget', async () => {
		const clock = new ManualClock();
		const pacer = new PacingLimiter({ requests: 2, windowMs: 10_000 }, clock);
		const inner = new ScriptedTransport(clock, [answer(500), answer(500), answer(200)]);
		const transport = new ResilientTransport(inner, { clock, pacer, random: () => 0 });
		await transport.send(get);
		expect(inner.sentAt[2] - inner.sentAt[0]).toBeGreaterThanOrEqual(10_000);
	});
});
