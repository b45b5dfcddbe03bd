import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	advanceCursor,
	advanceIdCursor,
	collect,
	fetchSince,
	isEventCursor,
	isIdCursor,
	primeIdCursor,
	redactValue,
	requireOperation,
	startCursor,
	type EventCursor,
	type LmsAdapter,
	type TimedEvent,
	type VendorDefinition,
} from '../core';
import { connect } from './connect';
import { toPollError } from './errors';
import { completionJson, enrollmentEventJson, userCreationJson } from './operations/output';
import { offeredTriggerEvents, type TriggerEventName } from './triggerDescription';

/** How many items a manual "Fetch Test Event" shows, newest first. */
const SAMPLE_SIZE = 5;
const SAMPLE_WINDOW_MS = 90 * 24 * 3_600_000;
/**
 * Ids handed out at nearly the same moment can become visible out of order; a new user whose id is
 * this close below the highest seen is still caught.
 */
const NUMBERED_USER_BAND = 200;

/** An event source that can be asked for everything since a time. */
interface TimedSource<T> {
	kind: 'timed';
	list(since: string): AsyncIterable<T>;
	describe(event: T): TimedEvent;
}

/** An event source that lists everything, numbered by increasing integer ids. */
interface NumberedSource<T> {
	kind: 'numbered';
	list(): AsyncIterable<T>;
	idOf(event: T): string;
}

interface EventSource<T> {
	/** The settings the cursor belongs to; a change starts a new cursor. */
	scope: string;
	read: TimedSource<T> | NumberedSource<T>;
	toJson(event: T): IDataObject;
}

function sourceFor(
	adapter: LmsAdapter,
	event: TriggerEventName,
	courseId: string | undefined,
): EventSource<unknown> {
	const scoped = `${courseId ?? '*'}`;
	if (event === 'courseCompleted') {
		const list = requireOperation(adapter, 'listCompletions');
		// The scope keeps its original spelling, so cursors stored before other events existed hold.
		return source(`completions:${scoped}`, completionJson, {
			kind: 'timed',
			list: (since) => list({ since, courseId }),
			describe: (completion) => ({
				at: completion.completedAt,
				identity: `${completion.userId}|${completion.courseId}`,
			}),
		});
	}
	if (event === 'userEnrolled') {
		const list = requireOperation(adapter, 'listEnrollmentEvents');
		return source(`userEnrolled:${scoped}`, enrollmentEventJson, {
			kind: 'timed',
			list: (since) => list({ since, courseId }),
			describe: (enrollment) => ({
				at: enrollment.enrolledAt,
				identity: `${enrollment.userId}|${enrollment.productType}:${enrollment.productId}`,
			}),
		});
	}
	{
		const byTime = adapter.listUserCreations?.bind(adapter);
		if (byTime) {
			return source('userCreated', userCreationJson, {
				kind: 'timed',
				list: (since) => byTime({ since }),
				describe: (user) => ({ at: user.createdAt ?? '', identity: user.userId }),
			});
		}
		const all = requireOperation(adapter, 'listNumberedUsers');
		return source('userCreated:byId', userCreationJson, {
			kind: 'numbered',
			list: all,
			idOf: (user) => user.userId,
		});
	}
}

// Ties each source's record type to its JSON mapping, then forgets it for the generic poll.
function source<T>(
	scope: string,
	toJson: (event: T) => IDataObject,
	read: TimedSource<T> | NumberedSource<T>,
): EventSource<unknown> {
	return { scope, toJson, read } as unknown as EventSource<unknown>;
}

interface StoredState {
	cursor?: unknown;
	/** The settings the cursor belongs to; a change starts a new cursor. */
	scope?: string;
}

/**
 * Polls the chosen event. The cursor moves only after a whole fetch succeeded, so a failed poll is
 * retried from the same point; nothing is emitted twice across polls and restarts.
 */
export async function pollEvents(
	this: IPollFunctions,
	vendor: VendorDefinition,
): Promise<INodeExecutionData[][] | null> {
	const event = this.getNodeParameter('event', 'courseCompleted') as TriggerEventName;
	const definition = offeredTriggerEvents(vendor).find(
		(candidate) => candidate.option.value === event,
	);
	if (!definition) {
		throw new NodeOperationError(this.getNode(), `${vendor.name} cannot report "${event}" events`, {
			description: 'Pick one of the events the Event field offers.',
		});
	}
	const courseParam = definition.byCourse
		? (this.getNodeParameter('course', '', { extractValue: true }) as string)
		: '';
	const courseId = courseParam ? String(courseParam) : undefined;
	const options = this.getNodeParameter('options', {}) as { backfillDays?: number };
	const { adapter, secrets } = await connect(this, vendor);
	try {
		const { scope, read, toJson } = sourceFor(adapter, definition.option.value, courseId);
		const toItems = (events: unknown[]) =>
			events.map((item) => ({ json: redactValue(toJson(item), secrets) as IDataObject }));

		if (this.getMode() === 'manual') {
			const newest = await sampleNewest(read);
			return newest.length ? [toItems(newest)] : null;
		}

		const state = this.getWorkflowStaticData('node') as StoredState;
		if (read.kind === 'numbered') {
			const band = { band: NUMBERED_USER_BAND };
			const fetched = await collect(read.list());
			if (state.scope !== scope || !isIdCursor(state.cursor)) {
				// Start from now: everyone listed today is known already.
				state.cursor = primeIdCursor(fetched, read.idOf, band);
				state.scope = scope;
				return null;
			}
			const { fresh, next } = advanceIdCursor(state.cursor, fetched, read.idOf, band);
			state.cursor = next;
			return fresh.length ? [toItems(fresh)] : null;
		}

		const cursorOptions = { overlapMs: vendor.completionOverlapMs };
		if (state.scope !== scope || !isEventCursor(state.cursor)) {
			const backfillMs = Math.max(0, Number(options.backfillDays ?? 0)) * 24 * 3_600_000;
			// The scope is stored with its cursor only: a failed first fetch must not pair the
			// new scope with a cursor left from other settings.
			if (backfillMs > 0) {
				state.cursor = startCursor(new Date(Date.now() - backfillMs));
				state.scope = scope;
			} else {
				// Start from now, but remember what the overlap window already holds, so those
				// earlier events are not mistaken for new ones on the next poll.
				const start = startCursor(new Date());
				const recent = await collect(read.list(fetchSince(start, cursorOptions)));
				state.cursor = advanceCursor(start, recent, read.describe, cursorOptions).next;
				state.scope = scope;
				return null;
			}
		}
		const cursor = state.cursor as EventCursor;
		const fetched = await collect(read.list(fetchSince(cursor, cursorOptions)));
		const { fresh, next } = advanceCursor(cursor, fetched, read.describe, cursorOptions);
		state.cursor = next;
		return fresh.length ? [toItems(fresh)] : null;
	} catch (error) {
		throw toPollError(this.getNode(), error, secrets);
	}
}

/** The newest few events, for "Fetch Test Event"; reads no cursor and moves none. */
async function sampleNewest(
	read: TimedSource<unknown> | NumberedSource<unknown>,
): Promise<unknown[]> {
	if (read.kind === 'numbered') {
		const all = await collect(read.list());
		return all
			.map((item) => ({ item, id: Number(read.idOf(item)) }))
			.filter((entry) => Number.isSafeInteger(entry.id))
			.sort((a, b) => b.id - a.id)
			.slice(0, SAMPLE_SIZE)
			.map((entry) => entry.item);
	}
	const since = new Date(Date.now() - SAMPLE_WINDOW_MS).toISOString();
	const all = await collect(read.list(since));
	return all
		.map((item) => ({ item, at: Date.parse(read.describe(item).at) }))
		.filter((entry) => !Number.isNaN(entry.at))
		.sort((a, b) => b.at - a.at)
		.slice(0, SAMPLE_SIZE)
		.map((entry) => entry.item);
}
