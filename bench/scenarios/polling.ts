/**
 * Scenario 3: what a completion poll costs. The poller's own steps (fetchSince → listCompletions
 * → advanceCursor) through the paced adapter stack; completions are created with the sandbox's
 * control actions.
 */
import {
	advanceCursor,
	collect,
	fetchSince,
	startCursor,
	type Completion,
	type EventCursor,
} from '../../nodes/shared/core';
import { setLimits } from '../lib/limits';
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
const ids = (list: unknown): string[] =>
	Array.isArray(list) ? list.map((x) => String((x as Obj).id)) : [];

/** (user, course) pairs to complete: open enrollments when the state lists them, else users × courses. */
function pairs(
	state: Obj,
	n: number,
): Array<{ userId: string; courseId: string; enrollmentId?: string }> {
	const open = (Array.isArray(state.enrollments) ? (state.enrollments as Obj[]) : []).filter(
		(e) =>
			!['completed', 'passed'].includes(String(e.status)) &&
			(e.completed_on_timestamp ?? null) === null &&
			(e.date_completed ?? null) === null,
	);
	if (open.length >= n) {
		return open.slice(0, n).map((e) => ({
			userId: String(e.user_id ?? e.userId),
			courseId: String(e.course_id ?? e.courseId ?? e.productId),
			enrollmentId: e.id === undefined ? undefined : String(e.id),
		}));
	}
	const users = ids(state.users).slice(1, n + 1);
	const courses = ids(state.courses ?? state.products);
	return users.map((userId, i) => ({ userId, courseId: courses[i % courses.length] }));
}

/** Completes `n` courses through the simulator's control API, whatever the vendor calls it. */
async function completeSome(vendor: BenchVendor, n: number): Promise<number> {
	const state = await vendor.sandbox.state<Obj>();
	let done = 0;
	const actions = ['completeCourse', 'completeEnrollment', 'complete', 'completeProduct'];
	let action: string | undefined;
	let lastError = '';
	for (const pair of pairs(state, n)) {
		const args = {
			userId: pair.userId,
			courseId: pair.courseId,
			productId: pair.courseId,
			enrollmentId: pair.enrollmentId,
		};
		for (const candidate of action ? [action] : actions) {
			try {
				await vendor.sandbox.control(candidate, args);
				action = candidate;
				done++;
				break;
			} catch (error) {
				if (action) throw error;
				lastError = error instanceof Error ? error.message : String(error);
			}
		}
		if (!action)
			throw new Error(
				`${vendor.name}: no completion control action answered (${lastError.slice(0, 200)})`,
			);
	}
	return done;
}

export async function pollingCosts(
	vendor: BenchVendor,
	log: (line: string) => void,
): Promise<PollRun> {
	await vendor.sandbox.reset({ users: 200, courses: 5, groups: 3, completions: 30 });
	await setLimits(vendor, { on: true, latencyMs: settings.latencyMs });
	const courses = ids((await vendor.sandbox.state<Obj>()).courses).length;
	const { adapter } = buildStack(vendor, { paced: true });
	if (!adapter.listCompletions) throw new Error(`${vendor.name} has no listCompletions`);
	const list = adapter.listCompletions.bind(adapter);
	const options = { overlapMs: vendor.definition?.completionOverlapMs ?? 0 };
	const describe = (c: Completion) => ({
		at: c.completedAt,
		identity: `${c.userId}|${c.courseId}`,
	});

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
		note:
			busy.fresh !== created ? `expected ${created} new completions, got ${busy.fresh}` : undefined,
	};
}
