/**
 * Small helpers shared by the sandbox server and simulators (no dependencies).
 */

/** mulberry32: tiny, fast, deterministic PRNG returning floats in [0, 1). */
export function createPrng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Decodes an `Authorization: Basic …` header; undefined when absent or malformed. */
export function parseBasicAuth(header: string | undefined): { username: string; password: string } | undefined {
	if (!header) return undefined;
	const m = /^Basic\s+(.+)$/i.exec(header.trim());
	if (!m) return undefined;
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const i = decoded.indexOf(':');
	if (i < 0) return undefined;
	return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

/** Constant-ish comparison is not needed here; plain equality keeps the simulator readable. */
export function basicAuthMatches(header: string | undefined, username: string, password: string): boolean {
	const auth = parseBasicAuth(header);
	return !!auth && auth.username === username && auth.password === password;
}

export function contentTypeOf(headers: Record<string, string>): string {
	return (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** Parses an x-www-form-urlencoded body into a flat record (last value wins). */
export function parseForm(body: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of new URLSearchParams(body)) out[k] = v;
	return out;
}

/**
 * Counts calls in a sliding window with a ring buffer of timestamps: O(1) per call, no
 * allocation, so 100k-request benchmarks stay cheap.
 */
export class SlidingWindowLimiter {
	private readonly stamps: Float64Array;
	private head = 0;
	private count = 0;

	constructor(
		readonly limit: number,
		readonly windowMs: number,
	) {
		this.stamps = new Float64Array(limit);
	}

	private evict(now: number): void {
		while (this.count > 0) {
			const oldest = this.stamps[(this.head - this.count + this.limit) % this.limit];
			if (oldest > now - this.windowMs) break;
			this.count--;
		}
	}

	/** Records a call at `now` and returns true, or returns false (without recording) when full. */
	tryTake(now: number): boolean {
		this.evict(now);
		if (this.count >= this.limit) return false;
		this.stamps[this.head] = now;
		this.head = (this.head + 1) % this.limit;
		this.count++;
		return true;
	}

	remaining(now: number): number {
		this.evict(now);
		return this.limit - this.count;
	}

	/** When the oldest recorded call leaves the window (ms since epoch); `now` when empty. */
	resetAt(now: number): number {
		this.evict(now);
		if (this.count === 0) return now;
		return this.stamps[(this.head - this.count + this.limit) % this.limit] + this.windowMs;
	}

	clear(): void {
		this.head = 0;
		this.count = 0;
	}
}

/** A budget per fixed calendar window (minute, week): what "remaining this minute" headers describe. */
export class FixedWindowBudget {
	private windowStart = -1;
	private used = 0;

	constructor(
		public limit: number,
		readonly windowMs: number,
	) {}

	private roll(now: number): void {
		const start = Math.floor(now / this.windowMs) * this.windowMs;
		if (start !== this.windowStart) {
			this.windowStart = start;
			this.used = 0;
		}
	}

	remaining(now: number): number {
		this.roll(now);
		return Math.max(0, this.limit - this.used);
	}

	take(now: number): void {
		this.roll(now);
		this.used++;
	}

	clear(): void {
		this.windowStart = -1;
		this.used = 0;
	}
}

const FIRST = [
	'Ada',
	'Grace',
	'Alan',
	'Linus',
	'Margaret',
	'Ken',
	'Barbara',
	'Dennis',
	'Frances',
	'Edsger',
	'Radia',
	'Tim',
];
const LAST = [
	'Lovelace',
	'Hopper',
	'Turing',
	'Torvalds',
	'Hamilton',
	'Thompson',
	'Liskov',
	'Ritchie',
	'Allen',
	'Dijkstra',
	'Perlman',
	'Lee',
];

/** Deterministic person for seed index i: names come from the PRNG, email/login from the index so they stay unique. */
export function seedPerson(
	i: number,
	rnd: () => number,
): { first: string; last: string; login: string; email: string } {
	const first = FIRST[Math.floor(rnd() * FIRST.length)];
	const last = LAST[Math.floor(rnd() * LAST.length)];
	const login = `${first.toLowerCase()}.${last.toLowerCase()}${i + 1}`;
	return { first, last, login, email: `${login}@example.com` };
}

/** Fixed reference time for seeded data, so seeded state never depends on the wall clock. */
export const SEED_EPOCH_MS = Date.UTC(2025, 0, 15, 12, 0, 0);
