import type { LoggedRequest } from '../../sandbox/types';
import type { Target } from './naive';
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
export async function userCensus(
	sandbox: SandboxVendor,
	emails: string[],
): Promise<{ present: number; duplicates: number; missing: number }> {
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

type Obj = Record<string, unknown>;
const list = (value: unknown): Obj[] => (Array.isArray(value) ? (value as Obj[]) : []);
const str = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/**
 * Hires not done by the simulator's state: no user, not enrolled in the course or not in the
 * group. Reads TalentLMS's shape (users[].groups, enrollments[].user_id/course_id) and
 * LearnWorlds's (groups[].members, enrollments[].userId/productId).
 */
export function hiresNotDone(state: Obj, target: Target, emails: string[]): number {
	const byEmail = new Map<string, Obj>();
	for (const user of list(state.users)) byEmail.set(str(user.email).toLowerCase(), user);
	const enrolled = new Set(
		list(state.enrollments)
			.filter((e) => str(e.course_id ?? e.productId) === target.courseId)
			.map((e) => str(e.user_id ?? e.userId)),
	);
	const group = list(state.groups).find((g) => str(g.id) === target.groupId);
	const members = new Set(list(group?.members).map(str));
	const inGroup = (user: Obj) =>
		members.has(str(user.id)) || list(user.groups).map(str).includes(target.groupId);
	return emails.filter((email) => {
		const user = byEmail.get(email.toLowerCase());
		return !user || !enrolled.has(str(user.id)) || !inGroup(user);
	}).length;
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

/** "GET /users/email ×12, …": the busiest endpoints, ids and parameter values stripped. */
export function endpointBreakdown(entries: LoggedRequest[], top = 4): string {
	const counts = new Map<string, number>();
	for (const e of entries) {
		const shape = e.path
			.replace(/^\/(api\/v\d+|admin\/api\/v\d+)/, '')
			.split('/')
			.map((seg) =>
				/^\d+$/.test(seg) || /^[0-9a-f]{12,}$/i.test(seg) || seg.includes('@')
					? ':id'
					: seg.replace(/:.*$/, ':…'),
			)
			.join('/');
		const key = `${e.method} ${shape}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return [...counts.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, top)
		.map(([k, n]) => `${k} ×${n}`)
		.join(', ');
}
