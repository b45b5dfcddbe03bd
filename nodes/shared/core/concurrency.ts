export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface KeyedRunOptions<T> {
	/** Most tasks in flight at once. */
	limit: number;
	/** Tasks with the same key never overlap and run in input order; undefined = no constraint. */
	keyOf: (task: T) => string | undefined;
	/** Start nothing new once a task has failed (the ones already running finish). */
	stopOnError: boolean;
}

/**
 * Runs tasks with at most `limit` in flight and returns their outcomes in input order (undefined
 * for tasks never started after a failure). Waiting on the network one item at a time caps a run
 * at 1 ÷ latency calls a second, far under most vendors' limits; the pacer, not this, keeps the
 * rate. The first task runs alone, so one-time work it causes (a token fetch, a cached lookup)
 * happens once, not once per task in flight.
 */
export async function runKeyed<T, R>(
	tasks: readonly T[],
	options: KeyedRunOptions<T>,
	run: (task: T) => Promise<R>,
): Promise<Array<Settled<R> | undefined>> {
	const results: Array<Settled<R> | undefined> = new Array<Settled<R> | undefined>(tasks.length);
	let failed = false;
	const runOne = async (index: number): Promise<void> => {
		if (options.stopOnError && failed) return;
		try {
			results[index] = { ok: true, value: await run(tasks[index]) };
		} catch (error) {
			results[index] = { ok: false, error };
			failed = true;
		}
	};
	if (tasks.length === 0) return results;
	await runOne(0);
	const tails = new Map<string, Promise<void>>();
	let next = 1;
	const worker = async (): Promise<void> => {
		while (next < tasks.length && !(options.stopOnError && failed)) {
			const index = next++;
			const key = options.keyOf(tasks[index]);
			const before = key === undefined ? undefined : tails.get(key);
			const done = (before ?? Promise.resolve()).then(() => runOne(index));
			if (key !== undefined) tails.set(key, done);
			await done;
		}
	};
	const workers = Math.min(Math.max(1, Math.floor(options.limit)), tasks.length - 1);
	await Promise.all(Array.from({ length: workers }, worker));
	return results;
}
