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

/**
 * For an LMS without a creation-time filter whose user ids are increasing integers: the highest id
 * seen plus the ids seen just below it. Ids handed out at the same moment can become visible out of
 * order, so every id in that band that was not seen yet still counts as new.
 */
export interface IdCursor {
	highest: number;
	/** Ids seen within `band` below `highest`. */
	recent: number[];
}

export interface IdCursorOptions {
	/** How far below the highest id a late-appearing id is still caught. */
	band: number;
}

/** Which ids of a complete listing are new (lowest first), and the cursor to store afterwards. */
export function advanceIdCursor<T>(
	cursor: IdCursor,
	fetched: T[],
	idOf: (item: T) => string,
	options: IdCursorOptions,
): { fresh: T[]; next: IdCursor } {
	const seen = new Set(cursor.recent);
	const floor = cursor.highest - options.band;
	const fresh: Array<{ id: number; item: T }> = [];
	let highest = cursor.highest;
	for (const item of fetched) {
		const id = Number(idOf(item));
		if (!Number.isSafeInteger(id) || id <= floor || seen.has(id)) continue;
		seen.add(id);
		fresh.push({ id, item });
		if (id > highest) highest = id;
	}
	fresh.sort((a, b) => a.id - b.id);
	const recent = [...seen].filter((id) => id > highest - options.band).sort((a, b) => b - a);
	return { fresh: fresh.map((entry) => entry.item), next: { highest, recent } };
}

/** A cursor that counts every id in `fetched` as seen already: "start from now". */
export function primeIdCursor<T>(
	fetched: T[],
	idOf: (item: T) => string,
	options: IdCursorOptions,
): IdCursor {
	return advanceIdCursor({ highest: 0, recent: [] }, fetched, idOf, options).next;
}

export function isIdCursor(value: unknown): value is IdCursor {
	return (
		!!value &&
		typeof value === 'object' &&
		typeof (value as IdCursor).highest === 'number' &&
		Array.isArray((value as IdCursor).recent)
	);
}
