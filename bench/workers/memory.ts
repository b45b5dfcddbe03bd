/**
 * Scenario 4's measuring process: a fresh Node process that lists users or runs a roster sync
 * against the (separate) sandbox process, and reports its own peak resident memory.
 * Started by scenarios/memory.ts with fork(); argv[2] is a JSON job.
 */
import type { VendorId } from '../../sandbox/types';
import { rssSampler } from '../lib/measure';
import { SandboxVendor, type SandboxProcess } from '../lib/sandbox';
import { buildStack, discoverVendors } from '../lib/vendors';
import { rosterSync } from '../scenarios/roster';

interface Job {
	vendor: VendorId;
	url: string;
	mode: 'list' | 'sync';
	users: number;
}

async function main(): Promise<void> {
	const job = JSON.parse(process.argv[2] ?? '{}') as Job;
	const sandbox: SandboxProcess = {
		urls: { [job.vendor]: job.url },
		vendor: (id) => new SandboxVendor(id, job.url),
		close: async () => undefined,
	};
	const { vendors } = await discoverVendors(sandbox, [job.vendor]);
	const vendor = vendors[0];
	if (!vendor?.definition) throw new Error(`no adapter for ${job.vendor}`);
	const { adapter } = buildStack(vendor, { paced: false });
	if (global.gc) global.gc();
	const baseline = process.memoryUsage().rss;
	const sampler = rssSampler(10);
	const started = Date.now();
	let count = 0;
	if (job.mode === 'list') {
		if (!adapter.listUsers) throw new Error('no listUsers');
		for await (const user of adapter.listUsers()) if (user.email) count++;
	} else {
		const run = await rosterSync(
			vendor,
			job.users,
			{ latencyMs: 0, limits: false, paced: false },
			() => undefined,
		);
		count = run.rows;
	}
	const peak = sampler.stop();
	const maxRss = process.resourceUsage().maxRSS * 1024;
	process.send?.({ baseline, peak: Math.max(peak, maxRss), count, ms: Date.now() - started });
}

main().then(
	() => process.disconnect?.(),
	(error: unknown) => {
		process.send?.({ error: error instanceof Error ? error.message : String(error) });
		process.exitCode = 1;
		process.disconnect?.();
	},
);
