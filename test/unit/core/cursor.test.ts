import {
	advanceCursor,
	fetchSince,
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
