/**
 * Time as the core sees it. Injected so the core never touches timers itself: n8n supplies its
 * `sleep`, tools outside n8n supply one, and tests supply a fake clock.
 */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}
