import type { LoggedRequest } from '../../sandbox/types';
import type { SandboxVendor } from './sandbox';

export interface LogStats {
	calls: number;
	rateLimited: number;
	serverErrors: number;
}

export function statsOf(entries: LoggedRequest[]): LogStats {
	return {
		calls: entries.length,
		rateLimited: entries.filter((e) => e.status === 429).length,
		serverErrors: entries.filter((e) => e.status >= 500).length,
	};
}

export async function logStats(sandbox: SandboxVendor): Promise<LogStats> {
	return statsOf(await sandbox.log());
}

/** How many of `emails` exist once, more than once, or not at all, by the simulator's own state. */
export async function userCensus(sandbox: SandboxVendor, emails: string[]): Promise<{ present: number; duplicates: number; missing: number }> {
	const state = await sandbox.state<{ users?: Array<Record<string, unknown>> }>();
	const wanted = new Set(emails.map((e) => e.toLowerCase()));
	const counts = new Map<string, number>();
	for (const user of state.users ?? []) {
		const email = String(user.email ?? user.email_address ?? '').toLowerCase();
		if (wanted.has(email)) counts.set(email, (counts.get(email) ?? 0) + 1);
	}
	let duplicates = 0;
	for (const n of counts.values()) if (n > 1) duplicates += n - 1;
	return { present: counts.size, duplicates, missing: wanted.size - counts.size };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Peak RSS sampler for the current process. */
export function rssSampler(intervalMs = 20): { stop(): number } {
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => {
		const rss = process.memoryUsage().rss;
		if (rss > peak) peak = rss;
	}, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			return Math.max(peak, process.memoryUsage().rss);
		},
	};
}

export const seconds = (ms: number) => (ms / 1000).toFixed(1);
export const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
