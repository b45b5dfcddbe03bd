/**
 * Scenario 3: what a completion poll costs. The poller's own steps (fetchSince → listCompletions
 * → advanceCursor) through the paced adapter stack; completions are created with the sandbox's
 * control actions.
 */
import { advanceCursor, collect, fetchSince, startCursor, type Completion, type EventCursor } from '../../nodes/shared/core';
import { statsOf } from '../lib/measure';
import { settings } from '../lib/settings';
import { buildStack, type BenchVendor } from '../lib/vendors';

export interface PollRun {
	vendor: string;
	courses: number;
	firstCalls: number;
	idleCalls: number;
	busyCalls: number;
	busyFresh: number;
	afterCalls: number;
	afterFresh: number;
	note?: string;
}

type Obj = Record<string, unknown>;
const ids = (list: unknown): string[] => (Array.isArray(list) ? list.map((x) => String((x as Obj).id)) : []);

/** Completes `n` courses through the simulator's control API, whatever the vendor calls it. */
async function completeSome(vendor: BenchVendor, n: number): Promise<number> {
	const state = await vendor.sandbox.state<Obj>();
	const users = ids(state.users).slice(1, n + 1);
	const courses = ids(state.courses ?? state.products);
	let done = 0;
	const actions = ['completeCourse', 'completeEnrollment', 'complete', 'completeCompletion'];
	let action: string | undefined;
	for (const [i, userId] of users.entries()) {
		const courseId = courses[i % courses.length];
		for (const candidate of action ? [action] : actions) {
			try {
				await vendor.sandbox.control(candidate, { userId, courseId, productId: courseId });
				action = candidate;
				done++;
				break;
			} catch (error) {
				if (action) throw error;
			}
		}
		if (!action) throw new Error(`${vendor.name}: no completion control action answered`);
	}
	return done;
}

export async function pollingCosts(vendor: BenchVendor, log: (line: string) => void): Promise<PollRun> {
	await vendor.sandbox.reset({ users: 200, courses: 5, groups: 3, completions: 30 });
	await vendor.sandbox.faults({ latencyMs: settings.latencyMs, enforceRateLimit: true });
	const courses = ids((await vendor.sandbox.state<Obj>()).courses).length;
	const { adapter } = buildStack(vendor, { paced: true });
	if (!adapter.listCompletions) throw new Error(`${vendor.name} has no listCompletions`);
	const list = adapter.listCompletions.bind(adapter);
	const options = { overlapMs: vendor.definition?.completionOverlapMs ?? 0 };
	const describe = (c: Completion) => ({ at: c.completedAt, identity: `${c.userId}|${c.courseId}` });

	let cursor: EventCursor = startCursor(new Date());
	const poll = async () => {
		await vendor.sandbox.clearLog();
		const fetched = await collect(list({ since: fetchSince(cursor, options) }));
		const { fresh, next } = advanceCursor(cursor, fetched, describe, options);
		cursor = next;
		return { calls: statsOf(await vendor.sandbox.log()).calls, fresh: fresh.length };
	};
	const first = await poll();
	const idle = await poll();
	const created = await completeSome(vendor, settings.pollCompletions);
	log(`  ${vendor.name}: ${created} completions created`);
	const busy = await poll();
	const after = await poll();
	return {
		vendor: vendor.name,
		courses,
		firstCalls: first.calls,
		idleCalls: idle.calls,
		busyCalls: busy.calls,
		busyFresh: busy.fresh,
		afterCalls: after.calls,
		afterFresh: after.fresh,
		note: busy.fresh !== created ? `expected ${created} new completions, got ${busy.fresh}` : undefined,
	};
}
