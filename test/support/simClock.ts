import type { Clock } from '../../nodes/shared/core';

/**
 * A discrete-event clock for many concurrent sleepers (ManualClock adds every sleep to one time
 * line, which is right for one sleeper at a time only). `run` moves time to the next timer once
 * everything runnable has run, so a simulated minute takes milliseconds and the same inputs
 * always give the same timeline.
 */
export class SimClock implements Clock {
	private current: number;
	private readonly timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
	private seq = 0;

	constructor(start = 0) {
		this.current = start;
	}

	now(): number {
		return this.current;
	}

	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			this.timers.push({ at: this.current + Math.max(0, ms), seq: this.seq++, resolve });
		});
	}

	/** Runs `work` to completion, advancing time whenever nothing else can run. */
	async run<T>(work: Promise<T>): Promise<T> {
		let done = false;
		let failure: unknown;
		let value: T | undefined;
		work.then(
			(result) => {
				value = result;
				done = true;
			},
			(error: unknown) => {
				failure = error;
				done = true;
			},
		);
		for (let idle = 0; !done; ) {
			await new Promise((resolve) => setImmediate(resolve));
			if (done) break;
			if (this.timers.length === 0) {
				if (++idle > 1_000) throw new Error('SimClock: nothing can run and no timer is set');
				continue;
			}
			idle = 0;
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			// Every timer due at the earliest time fires together (in the order they were set).
			const at = this.timers[0].at;
			this.current = Math.max(this.current, at);
			while (this.timers.length && this.timers[0].at === at) this.timers.shift()!.resolve();
		}
		if (failure !== undefined) throw failure;
		return value as T;
	}
}
