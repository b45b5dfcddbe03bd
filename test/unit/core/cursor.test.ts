import {
	advanceCursor,
	advanceIdCursor,
	fetchSince,
	isIdCursor,
	primeIdCursor,
	startCursor,
	type EventCursor,
} from '../../../nodes/shared/core';

interface Done {
	user: string;
	course: string;
	at: string;
}
const describe_ = (event: Done) => ({ at: event.at, identity: `${event.user}|${event.course}` });
const options = { overlapMs: 60_000 };
const done = (user: string, course: string, at: string): Done => ({ user, course, at });

describe('event cursor', () => {
	const start = startCursor(new Date('2026-11-22T10:00:00Z'));

	it('fetches from the newest time seen minus the overlap', () => {
		expect(fetchSince(start, options)).toBe('2026-11-22T09:59:00.000Z');
	});

	it('emits new events oldest first and moves to the newest', () => {
		const fetched = [
			done('u2', 'c1', '2026-11-22T10:05:00Z'),
			done('u1', 'c1', '2026-11-22T10:01:00Z'),
		];
		const { fresh, next } = advanceCursor(start, fetched, describe_, options);
		expect(fresh.map((event) => event.user)).toEqual(['u1', 'u2']);
		expect(next.newest).toBe('2026-11-22T10:05:00.000Z');
	});

	it('does not emit again what overlapping fetches return twice', () => {
		const first = advanceCursor(
			start,
			[done('u1', 'c1', '2026-11-22T10:05:00Z')],
			describe_,
			options,
		);
		const again = advanceCursor(
			first.next,
			[done('u1', 'c1', '2026-11-22T10:05:00Z'), done('u3', 'c2', '2026-11-22T10:06:00Z')],
			describe_,
			options,
		);
		expect(again.fresh.map((event) => event.user)).toEqual(['u3']);
	});

	it('emits a second event with the same timestamp as the boundary, once', () => {
		const at = '2026-11-22T10:05:00Z';
		const first = advanceCursor(start, [done('u1', 'c1', at)], describe_, options);
		const second = advanceCursor(
			first.next,
			[done('u1', 'c1', at), done('u2', 'c1', at)],
			describe_,
			options,
		);
		expect(second.fresh.map((event) => event.user)).toEqual(['u2']);
		const third = advanceCursor(
			second.next,
			[done('u1', 'c1', at), done('u2', 'c1', at)],
			describe_,
			options,
		);
		expect(third.fresh).toEqual([]);
	});

	it('catches an event that shows up late with an older timestamp inside the overlap', () => {
		const first = advanceCursor(
			start,
			[done('u1', 'c1', '2026-11-22T10:05:00Z')],
			describe_,
			options,
		);
		const late = advanceCursor(
			first.next,
			[done('u9', 'c1', '2026-11-22T10:04:30Z')],
			describe_,
			options,
		);
		expect(late.fresh.map((event) => event.user)).toEqual(['u9']);
		expect(late.next.newest).toBe('2026-11-22T10:05:00.000Z');
	});

	it('forgets keys that fell out of the overlap window, bounding stored state', () => {
		let cursor: EventCursor = start;
		for (let minute = 1; minute <= 30; minute++) {
			const at = new Date(Date.parse('2026-11-22T10:00:00Z') + minute * 60_000).toISOString();
			cursor = advanceCursor(cursor, [done(`u${minute}`, 'c1', at)], describe_, options).next;
		}
		expect(cursor.seen.length).toBeLessThanOrEqual(2);
	});

	it('an empty fetch leaves the cursor where it was', () => {
		const { fresh, next } = advanceCursor(start, [], describe_, options);
		expect(fresh).toEqual([]);
		expect(next).toEqual(start);
	});
});

describe('id cursor (users numbered by increasing ids, no time filter)', () => {
	const users = (...ids: number[]) => ids.map((id) => ({ id: String(id) }));
	const idOf = (user: { id: string }) => user.id;
	const band = { band: 3 };

	it("primed on today's users, emits only users added afterwards, lowest id first, once", () => {
		const start = primeIdCursor(users(1, 2, 3, 4), idOf, band);
		expect(start.highest).toBe(4);
		const first = advanceIdCursor(start, users(1, 2, 3, 4, 6, 5), idOf, band);
		expect(first.fresh.map(idOf)).toEqual(['5', '6']);
		const again = advanceIdCursor(first.next, users(1, 2, 3, 4, 5, 6), idOf, band);
		expect(again.fresh).toEqual([]);
		expect(again.next).toEqual(first.next);
	});

	it('catches an id below the highest that became visible late, within the band', () => {
		const start = primeIdCursor(users(1, 2), idOf, band);
		const first = advanceIdCursor(start, users(1, 2, 4), idOf, band);
		expect(first.fresh.map(idOf)).toEqual(['4']);
		const late = advanceIdCursor(first.next, users(1, 2, 3, 4), idOf, band);
		expect(late.fresh.map(idOf)).toEqual(['3']);
	});

	it('keeps only the ids within the band, so stored state stays small', () => {
		const start = primeIdCursor(users(...Array.from({ length: 50 }, (_, i) => i + 1)), idOf, band);
		expect(start).toEqual({ highest: 50, recent: [50, 49, 48] });
		// An old user missing from the band is not mistaken for a new one.
		expect(advanceIdCursor(start, users(10, 47), idOf, band).fresh).toEqual([]);
	});

	it('starts at 0 on an empty LMS, so the very first user is new', () => {
		const start = primeIdCursor([], idOf, band);
		expect(isIdCursor(start)).toBe(true);
		expect(advanceIdCursor(start, users(1), idOf, band).fresh.map(idOf)).toEqual(['1']);
	});
});
