/**
 * Scenario 2: roster sync of N users (default 10,000) with 1 % drift, through the core's
 * readSnapshot → planRoster → applyPlan with a vendor adapter. Counts API calls against the
 * minimum (listing pages + changes) and the naive per-row approach (a lookup per row + changes).
 */
import {
	applyPlan,
	planRoster,
	readSnapshot,
	type RosterPolicy,
	type RosterRow,
	type User,
} from '../../nodes/shared/core';
import type { VendorId } from '../../sandbox/types';
import { setLimits } from '../lib/limits';
import { endpointBreakdown, statsOf } from '../lib/measure';
import { pickTarget } from '../lib/naive';
import { buildStack, type BenchVendor } from '../lib/vendors';

/** Most users one listing call can return (docs/<vendor>.md); undefined where unknown. */
const MAX_PAGE: Partial<Record<VendorId, number>> = {
	talentlms: Infinity, // GET /users returns everyone at once
	learnupon: 500,
	learnworlds: 200,
	grow: 200,
};

export interface RosterRun {
	vendor: string;
	users: number;
	rows: number;
	driftRows: number;
	actions: number;
	readCalls: number;
	writeCalls: number;
	rateLimited: number;
	failed: number;
	minimumCalls?: number;
	naivePerRowCalls: number;
	/** The busiest endpoints of the read phase. */
	readBreakdown: string;
	writeBreakdown: string;
	wallMs: number;
	boundMs: number;
	note?: string;
}

const policy: RosterPolicy = { deprovision: false, maxSuspendPercent: 10, managedTags: [] };

export async function rosterSync(
	vendor: BenchVendor,
	users: number,
	options: { latencyMs: number; limits: boolean; paced: boolean },
	log: (line: string) => void,
): Promise<RosterRun> {
	const seed = { users, courses: 5, groups: 3, completions: 0 };
	// Pre-pass (not measured): read the LMS once to write a roster that matches it.
	await vendor.sandbox.reset(seed);
	await setLimits(vendor, { on: false, latencyMs: 0 });
	const target = pickTarget(await vendor.sandbox.state());
	const pre = buildStack(vendor, { paced: false }).adapter;
	if (!pre.listUsers) throw new Error(`${vendor.name} cannot list users`);
	const existing: User[] = [];
	for await (const user of pre.listUsers()) existing.push(user);
	const rows: RosterRow[] = existing.map((user, item) => ({
		item,
		email: user.email,
		firstName: user.firstName,
		lastName: user.lastName,
		active: user.status !== 'suspended',
	}));
	// 1 % drift: half renamed, half new hires enrolled in one course.
	const drift = Math.max(2, Math.round(rows.length / 100));
	for (let i = 0; i < drift / 2; i++) {
		const row = rows[Math.floor((i * rows.length) / (drift / 2))];
		row.firstName = `${row.firstName ?? ''}Renamed`;
	}
	for (let i = 0; i < drift / 2; i++) {
		rows.push({
			item: rows.length,
			email: `roster.new.${i}@bench.example.com`,
			firstName: `New${i}`,
			lastName: 'Hire',
			active: true,
			courses: target ? [target.courseId] : undefined,
		});
	}
	log(`  ${vendor.name}: roster of ${rows.length} rows, ${drift} drifted`);

	// The measured run: same seed again (identical data, empty log, fresh rate windows).
	await vendor.sandbox.reset(seed);
	await setLimits(vendor, { on: options.limits, latencyMs: options.latencyMs });
	await vendor.sandbox.clearLog();
	const { adapter } = buildStack(vendor, { paced: options.paced });
	const started = Date.now();
	const snapshot = await readSnapshot(adapter, rows, policy);
	const readEntries = await vendor.sandbox.log();
	const readLog = statsOf(readEntries);
	const plan = planRoster(rows, snapshot, policy);
	const outcomes = await applyPlan(adapter, plan, rows);
	const wallMs = Date.now() - started;
	const allEntries = await vendor.sandbox.log();
	const all = statsOf(allEntries);
	const failed = outcomes.filter((o) => o.status === 'failed');

	const maxPage = MAX_PAGE[vendor.id];
	const courseListings = new Set(rows.flatMap((r) => r.courses ?? [])).size;
	const minimumCalls =
		maxPage === undefined
			? undefined
			: Math.max(1, Math.ceil(existing.length / maxPage)) + courseListings + plan.actions.length;
	return {
		vendor: vendor.name,
		users: existing.length,
		rows: rows.length,
		driftRows: drift,
		actions: plan.actions.length,
		readCalls: readLog.calls,
		writeCalls: all.calls - readLog.calls,
		rateLimited: all.rateLimited,
		failed: failed.length,
		minimumCalls,
		naivePerRowCalls: rows.length + plan.actions.length,
		readBreakdown: endpointBreakdown(readEntries),
		writeBreakdown: endpointBreakdown(allEntries.slice(readEntries.length), 6),
		wallMs,
		boundMs: (all.calls / vendor.limit.requests) * vendor.limit.windowMs,
		note: failed[0]?.error?.slice(0, 160),
	};
}
