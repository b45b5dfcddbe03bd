/**
 * `npm run sandbox`: start every available simulator on fixed local ports and keep running until
 * Ctrl-C / SIGTERM.
 *
 * Environment:
 *   SANDBOX_PORT_BASE    first port (default 4101): talentlms +0, learnupon +1, learnworlds +2,
 *                        grow +3, learningpool +4
 *   SANDBOX_VENDORS      comma-separated subset (default: all available)
 *   SANDBOX_USERS, SANDBOX_COURSES, SANDBOX_GROUPS, SANDBOX_COMPLETIONS, SANDBOX_SEED   seed sizes (users ≤ 100,000)
 *   SANDBOX_LEARNUPON_PER_MINUTE   LearnUpon per-minute budget (default 600; the real number is unpublished)
 *   SANDBOX_TALENTLMS_HOURLY_QUOTA TalentLMS hourly plan quota (default off; 2000 or 10000 on real plans)
 */
import { ALL_VENDORS, availableVendors } from './registry';
import { startSandbox } from './server';
import type { SeedOptions, VendorId } from './types';

function intEnv(name: string, max?: number): number | undefined {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return undefined;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
	if (max !== undefined && n > max) throw new Error(`${name} must be at most ${max}`);
	return n;
}

async function main(): Promise<void> {
	const base = intEnv('SANDBOX_PORT_BASE', 65530) ?? 4101;
	const available = availableVendors();
	let vendors = available;
	if (process.env.SANDBOX_VENDORS) {
		const wanted = process.env.SANDBOX_VENDORS.split(',').map((s) => s.trim()) as VendorId[];
		for (const v of wanted)
			if (!available.includes(v))
				throw new Error(`No simulator available for "${v}" (available: ${available.join(', ')})`);
		vendors = wanted;
	}
	const seed: SeedOptions = {
		users: intEnv('SANDBOX_USERS', 100_000),
		courses: intEnv('SANDBOX_COURSES', 10_000),
		groups: intEnv('SANDBOX_GROUPS', 10_000),
		completions: intEnv('SANDBOX_COMPLETIONS', 1_000_000),
		seed: intEnv('SANDBOX_SEED'),
	};
	const ports: Partial<Record<VendorId, number>> = {};
	ALL_VENDORS.forEach((v, i) => (ports[v] = base + i));

	const started = Date.now();
	const sandbox = await startSandbox({ vendors, seed, ports, host: '127.0.0.1' });
	// Vendor-specific limits that have no published number (or depend on the plan).
	const luPerMinute = intEnv('SANDBOX_LEARNUPON_PER_MINUTE');
	if (luPerMinute !== undefined)
		sandbox.simulators.learnupon?.control?.(
			'setRateBudget',
			{ perMinute: luPerMinute },
			Date.now(),
		);
	const tlHourly = intEnv('SANDBOX_TALENTLMS_HOURLY_QUOTA');
	if (tlHourly !== undefined)
		sandbox.simulators.talentlms?.control?.('setHourlyQuota', { quota: tlHourly }, Date.now());
	console.log(`LMS sandbox ready in ${Date.now() - started} ms (Ctrl-C to stop)\n`);
	for (const v of vendors) {
		const sim = sandbox.simulators[v]!;
		console.log(`${v.padEnd(13)} ${sandbox.urls[v]}`);
		// Demo credentials of a local simulator, printed on purpose so they can be pasted into n8n.
		console.log(`${''.padEnd(13)} credentials: ${JSON.stringify(sim.credentials)}`);
		console.log(
			`${''.padEnd(13)} inspect:     ${sandbox.urls[v]}/__sandbox/state  (also /__sandbox/log, POST /__sandbox/faults, POST /__sandbox/reset)`,
		);
	}
	const missing = ALL_VENDORS.filter((v) => !available.includes(v));
	if (missing.length) console.log(`\nnot available yet: ${missing.join(', ')}`);

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping sandbox`);
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});
