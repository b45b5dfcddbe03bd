import { runKeyed } from '../../../nodes/shared/core';

interface Task {
	id: number;
	key?: string;
}

/** Tasks that finish only when the test releases them, recording starts and overlap. */
function gatedRunner(fail: Set<number> = new Set()) {
	const started: number[] = [];
	const release = new Map<number, () => void>();
	const running = new Set<number>();
	let maxInFlight = 0;
	const overlaps: Array<[number, number]> = [];
	const byKey = new Map<string, number>();
	const run = (task: Task) =>
		new Promise<string>((resolve, reject) => {
			started.push(task.id);
			running.add(task.id);
			maxInFlight = Math.max(maxInFlight, running.size);
			if (task.key !== undefined) {
				const other = byKey.get(task.key);
				if (other !== undefined) overlaps.push([other, task.id]);
				byKey.set(task.key, task.id);
			}
			release.set(task.id, () => {
				running.delete(task.id);
				if (task.key !== undefined && byKey.get(task.key) === task.id) byKey.delete(task.key);
				if (fail.has(task.id)) reject(new Error(`task ${task.id} failed`));
				else resolve(`done ${task.id}`);
			});
		});
	return {
		run,
		started,
		running,
		overlaps,
		maxInFlight: () => maxInFlight,
		release: (id: number) => release.get(id)?.(),
	};
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Releases whatever runs, newest first, until everything has finished. */
async function drain<R>(gate: ReturnType<typeof gatedRunner>, result: Promise<R>): Promise<R> {
	let finished = false;
	void result.finally(() => (finished = true));
	for (let guard = 0; guard < 1000 && !finished; guard++) {
		await settle();
		const newest = [...gate.running].sort((a, b) => b - a)[0];
		if (newest !== undefined) gate.release(newest);
	}
	return result;
}

const tasks = (n: number, keyOf: (i: number) => string | undefined = () => undefined): Task[] =>
	Array.from({ length: n }, (_, id) => ({ id, key: keyOf(id) }));

describe('runKeyed', () => {
	it('runs the first task alone, then up to the limit at once', async () => {
		const gate = gatedRunner();
		const result = runKeyed(
			tasks(12),
			{ limit: 4, keyOf: (t) => t.key, stopOnError: true },
			gate.run,
		);
		await settle();
		expect(gate.started).toEqual([0]);
		gate.release(0);
		await settle();
		expect(gate.started).toEqual([0, 1, 2, 3, 4]);
		await drain(gate, result);
		expect(gate.maxInFlight()).toBe(4);
		expect(gate.started.sort((a, b) => a - b)).toEqual(tasks(12).map((t) => t.id));
	});

	it('returns outcomes in input order although later tasks finish first', async () => {
		const gate = gatedRunner();
		const outcomes = await drain(
			gate,
			runKeyed(tasks(6), { limit: 3, keyOf: () => undefined, stopOnError: true }, gate.run),
		);
		expect(outcomes).toEqual(tasks(6).map((t) => ({ ok: true, value: `done ${t.id}` })));
	});

	it('never overlaps two tasks with the same key and keeps their input order', async () => {
		const gate = gatedRunner();
		const keyed = tasks(10, (i) => (i % 2 === 0 ? 'alice' : `user${i}`));
		await drain(
			gate,
			runKeyed(keyed, { limit: 5, keyOf: (t) => t.key, stopOnError: true }, gate.run),
		);
		expect(gate.overlaps).toEqual([]);
		const aliceOrder = gate.started.filter((id) => id % 2 === 0);
		expect(aliceOrder).toEqual([0, 2, 4, 6, 8]);
		expect(gate.maxInFlight()).toBeGreaterThan(1);
	});

	it('with stopOnError starts nothing after a failure and records it', async () => {
		const gate = gatedRunner(new Set([2]));
		const result = runKeyed(
			tasks(20),
			{ limit: 3, keyOf: () => undefined, stopOnError: true },
			gate.run,
		);
		await settle();
		gate.release(0);
		await settle();
		expect(gate.started).toEqual([0, 1, 2, 3]);
		gate.release(2);
		const outcomes = await drain(gate, result);
		expect(outcomes[2]).toEqual({ ok: false, error: new Error('task 2 failed') });
		// Only the tasks already running when 2 failed finished; nothing new started.
		expect(gate.started.sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
		expect(outcomes.slice(4).every((o) => o === undefined)).toBe(true);
	});

	it('without stopOnError runs every task and records each failure in place', async () => {
		const gate = gatedRunner(new Set([1, 4]));
		const outcomes = await drain(
			gate,
			runKeyed(tasks(6), { limit: 2, keyOf: () => undefined, stopOnError: false }, gate.run),
		);
		expect(outcomes.map((o) => o?.ok)).toEqual([true, false, true, true, false, true]);
	});

	it('with a limit of 1 runs strictly one after another', async () => {
		const gate = gatedRunner();
		await drain(
			gate,
			runKeyed(tasks(5), { limit: 1, keyOf: () => undefined, stopOnError: true }, gate.run),
		);
		expect(gate.maxInFlight()).toBe(1);
		expect(gate.started).toEqual([0, 1, 2, 3, 4]);
	});
});
