/**
 * The polling cursor: the newest event time seen plus the keys of events close to it. Polls ask
 * the LMS for everything since (newest − overlap), so late-arriving or equal-time events are
 * refetched, and the remembered keys make sure each is emitted once.
 */

export interface EventCursor {
	/** ISO time of the newest event seen. */
	newest: string;
	/** Keys of events at or after `newest − overlap`: "<iso time>|<identity>". */
	seen: string[];
}

export interface TimedEvent {
	/** ISO time the event happened. */
	at: string;
	/** Identity that is the same each time the LMS returns this event. */
	identity: string;
}

export interface CursorOptions {
	/** How far back each poll reaches behind the newest event seen. */
	overlapMs: number;
	/** Keys kept at most, newest first; bounds static data. */
	maxSeen?: number;
}

const DEFAULT_MAX_SEEN = 5_000;

export function startCursor(from: Date): EventCursor {
	return { newest: from.toISOString(), seen: [] };
}

/** Where the next fetch starts. */
export function fetchSince(cursor: EventCursor, options: CursorOptions): string {
	return new Date(Date.parse(cursor.newest) - options.overlapMs).toISOString();
}

/**
 * Given every event of one complete fetch, returns those not emitted before (oldest first) and
 * the cursor to store once they are handed over. Call it only after the fetch succeeded whole.
 */
export function advanceCursor<T>(
	cursor: EventCursor,
	fetched: T[],
	describe: (event: T) => TimedEvent,
	options: CursorOptions,
): { fresh: T[]; next: EventCursor } {
	const seen = new Set(cursor.seen);
	const fresh: Array<{ key: string; time: number; event: T }> = [];
	let newestTime = Date.parse(cursor.newest);
	for (const event of fetched) {
		const { at, identity } = describe(event);
		const time = Date.parse(at);
		if (Number.isNaN(time)) continue;
		const key = `${new Date(time).toISOString()}|${identity}`;
		if (seen.has(key)) continue;
		seen.add(key);
		fresh.push({ key, time, event });
		if (time > newestTime) newestTime = time;
	}
	fresh.sort((a, b) => a.time - b.time);

	const horizon = newestTime - options.overlapMs;
	const kept = [...seen]
		.filter((key) => Date.parse(key.slice(0, key.indexOf('|'))) >= horizon)
		.sort()
		.reverse()
		.slice(0, options.maxSeen ?? DEFAULT_MAX_SEEN);
	return {
		fresh: fresh.map((entry) => entry.event),
		next: { newest: new Date(newestTime).toISOString(), seen: kept },
	};
}

export function isEventCursor(value: unknown): value is EventCursor {
	return (
		!!value &&
		typeof value === 'object' &&
		typeof (value as EventCursor).newest === 'string' &&
		Array.isArray((value as EventCursor).seen)
	);
}
