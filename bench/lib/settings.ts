import type { VendorId } from '../../sandbox/types';

function intEnv(name: string): number | undefined {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return undefined;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
	return n;
}

/** Per-vendor onboarding sizes: the rate limit decides how long N hires take (see RESULTS.md). */
const DEFAULT_USERS: Record<VendorId, number> = {
	talentlms: 1_000,
	learnupon: 250,
	learnworlds: 50,
	grow: 50,
	learningpool: 250,
};

/** Roster sizes: 10,000 where the limit allows it in minutes; slow vendors read per user (see RESULTS.md). */
const DEFAULT_ROSTER: Record<VendorId, number> = {
	talentlms: 10_000,
	learnupon: 10_000,
	learnworlds: 300,
	grow: 300,
	learningpool: 1_000,
};

/** Added latency per request in the rate-limited scenarios. */
export const DEFAULT_LATENCY_MS = 20;

export const settings = {
	latencyMs: intEnv('BENCH_LATENCY_MS') ?? DEFAULT_LATENCY_MS,
	usersOverride: intEnv('BENCH_USERS'),
	usersFor(vendor: VendorId): number {
		return (
			intEnv(`BENCH_USERS_${vendor.toUpperCase()}`) ?? this.usersOverride ?? DEFAULT_USERS[vendor]
		);
	},
	defaultUsers: DEFAULT_USERS,
	rosterOverride: intEnv('BENCH_ROSTER_USERS'),
	rosterUsersFor(vendor: VendorId): number {
		return (
			intEnv(`BENCH_ROSTER_USERS_${vendor.toUpperCase()}`) ??
			this.rosterOverride ??
			DEFAULT_ROSTER[vendor]
		);
	},
	/** Roster size of the memory scenario's sync. */
	memoryRosterUsers: intEnv('BENCH_MEMORY_ROSTER_USERS') ?? 10_000,
	results: process.env.BENCH_RESULTS,
	memoryUsers: intEnv('BENCH_MEMORY_USERS') ?? 100_000,
	overheadItems: intEnv('BENCH_OVERHEAD_ITEMS') ?? 300,
	/** Onboarding workflows to run: package, http, httpBatched (e.g. rerun only the package's). */
	ways: (process.env.BENCH_WAYS ?? 'package,http,httpBatched')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean),
	pollCompletions: 50,
	/** Upper bound on any one timed run; a run that hits it stops and says so. */
	maxRunMs: (intEnv('BENCH_MAX_RUN_SECONDS') ?? 900) * 1000,
	/** Burst scenario: one n8n process, queue mode (main + two workers), or both. */
	burstModes: (process.env.BENCH_BURST_MODES ?? 'single,queue')
		.split(',')
		.map((s) => s.trim())
		.filter((s): s is 'single' | 'queue' => s === 'single' || s === 'queue'),
	scenarios: (process.env.BENCH_SCENARIOS ?? 'onboarding,roster,polling,memory,overhead,burst')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean),
	vendors: process.env.BENCH_VENDORS
		? (process.env.BENCH_VENDORS.split(',').map((s) => s.trim()) as VendorId[])
		: undefined,
};
