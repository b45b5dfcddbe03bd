/**
 * Time as the core sees it. Injected so the core never touches timers itself: n8n supplies its
 * `sleep`, tools outside n8n supply one, and tests supply a fake clock.
 */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

/** A clock that only moves when slept on; sleeping advances it instantly. For tests and planning. */
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
