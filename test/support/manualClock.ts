import type { Clock } from '../../nodes/shared/core';

/** A clock that only moves when slept on; sleeping advances it instantly. For tests. */
export class ManualClock implements Clock {
	readonly sleeps: number[] = [];

	constructor(private current = 0) {}

	now(): number {
		return this.current;
	}

	async sleep(ms: number): Promise<void> {
		this.sleeps.push(ms);
		this.current += Math.max(0, ms);
	}

	advance(ms: number): void {
		this.current += ms;
	}
}
