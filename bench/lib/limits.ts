import type { BenchVendor } from './vendors';

/** LearnUpon's sandbox budget (its per-minute default; the week is out of reach in a bench). */
const LEARNUPON_DEFAULT = { perMinute: 600, perWeek: 1_000_000 };

/**
 * Rate limits on or off, plus the added latency. "Off" must also silence budget headers an
 * adapter may pace itself by (LearnUpon's X-LU-Rate-Limit-Remaining-Minute keeps counting down
 * even when the sandbox does not enforce it), so for LearnUpon the budget itself is raised.
 */
export async function setLimits(
	vendor: BenchVendor,
	options: { on: boolean; latencyMs: number },
): Promise<void> {
	await vendor.sandbox.faults({ latencyMs: options.latencyMs, enforceRateLimit: options.on });
	if (vendor.id === 'learnupon') {
		await vendor.sandbox.control(
			'setRateBudget',
			options.on ? LEARNUPON_DEFAULT : { perMinute: 100_000_000, perWeek: 1_000_000_000 },
		);
	}
}
