import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import {
	advanceCursor,
	collect,
	fetchSince,
	isEventCursor,
	redactValue,
	requireOperation,
	startCursor,
	type Completion,
	type VendorDefinition,
} from '../core';
import { connect } from './connect';
import { courseLocator } from './fields';
import { completionJson } from './operations/output';

/** How many items a manual "Fetch Test Event" shows, newest first. */
const SAMPLE_SIZE = 5;
const SAMPLE_WINDOW_MS = 90 * 24 * 3_600_000;

export function completionTriggerProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Event',
			name: 'event',
			type: 'options',
			noDataExpression: true,
			default: 'courseCompleted',
			options: [
				{
					name: 'Course Completed',
					value: 'courseCompleted',
					description: 'A user completed a course',
				},
			],
		},
		{
			...courseLocator('course', 'Course', false),
			description: 'Only completions of this course; leave empty for all courses',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Backfill Days',
					name: 'backfillDays',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description:
						'On the first poll after activation, also emit completions from this many days back. 0 starts from now.',
				},
			],
		},
	];
}

const describeCompletion = (completion: Completion) => ({
	at: completion.completedAt,
	identity: `${completion.userId}|${completion.courseId}`,
});

interface StoredState {
	cursor?: unknown;
	/** The settings the cursor belongs to; a change starts a new cursor. */
	scope?: string;
}

/**
 * Polls completions. The cursor moves only after a whole fetch succeeded, so a failed poll is
 * retried from the same point; nothing is emitted twice across polls and restarts.
 */
export async function pollCompletions(
	this: IPollFunctions,
	vendor: VendorDefinition,
): Promise<INodeExecutionData[][] | null> {
	const courseParam = this.getNodeParameter('course', '', { extractValue: true }) as string;
	const courseId = courseParam ? String(courseParam) : undefined;
	const options = this.getNodeParameter('options', {}) as { backfillDays?: number };
	const { adapter, secrets } = await connect(this, vendor);
	const list = requireOperation(adapter, 'listCompletions');
	const toItems = (completions: Completion[]) =>
		completions.map((completion) => ({
			json: redactValue(completionJson(completion), secrets) as IDataObject,
		}));

	if (this.getMode() === 'manual') {
		const since = new Date(Date.now() - SAMPLE_WINDOW_MS).toISOString();
		const all = await collect(list({ since, courseId }));
		const newest = all
			.sort((a, b) => b.completedAt.localeCompare(a.completedAt))
			.slice(0, SAMPLE_SIZE);
		return newest.length ? [toItems(newest)] : null;
	}

	const state = this.getWorkflowStaticData('node') as StoredState;
	const scope = `completions:${courseId ?? '*'}`;
	const cursorOptions = { overlapMs: vendor.completionOverlapMs };
	if (state.scope !== scope || !isEventCursor(state.cursor)) {
		const backfillMs = Math.max(0, Number(options.backfillDays ?? 0)) * 24 * 3_600_000;
		state.scope = scope;
		if (backfillMs > 0) {
			state.cursor = startCursor(new Date(Date.now() - backfillMs));
		} else {
			// Start from now, but remember what the overlap window already holds, so those
			// earlier completions are not mistaken for new ones on the next poll.
			const start = startCursor(new Date());
			const recent = await collect(list({ since: fetchSince(start, cursorOptions), courseId }));
			state.cursor = advanceCursor(start, recent, describeCompletion, cursorOptions).next;
			return null;
		}
	}
	const cursor = state.cursor as ReturnType<typeof startCursor>;
	const fetched = await collect(list({ since: fetchSince(cursor, cursorOptions), courseId }));
	const { fresh, next } = advanceCursor(cursor, fetched, describeCompletion, cursorOptions);
	state.cursor = next;
	return fresh.length ? [toItems(fresh)] : null;
}
