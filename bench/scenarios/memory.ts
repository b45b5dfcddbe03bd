/**
 * Scenario 4: peak resident memory of the client while listing 100,000 users and while running a
 * 10,000-row roster sync. Each runs in a fresh child process (the sandbox has its own), with
 * latency and rate limits off: memory does not depend on them and the run stays short.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';

import { setLimits } from '../lib/limits';
import { settings } from '../lib/settings';
import type { BenchVendor } from '../lib/vendors';

export interface MemoryRun {
	vendor: string;
	what: string;
	items: number;
	baselineBytes: number;
	peakBytes: number;
	ms: number;
}

function runWorker(
	job: object,
	timeoutMs: number,
): Promise<{ baseline: number; peak: number; count: number; ms: number }> {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, '..', 'workers', 'memory.js'), [JSON.stringify(job)], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error('memory worker timed out'));
		}, timeoutMs);
		let answer:
			| { baseline: number; peak: number; count: number; ms: number; error?: string }
			| undefined;
		child.on('message', (message) => (answer = message as typeof answer));
		child.once('exit', () => {
			clearTimeout(timer);
			if (!answer) reject(new Error('memory worker exited without an answer'));
			else if (answer.error) reject(new Error(answer.error));
			else resolve(answer);
		});
	});
}

export async function memoryRuns(
	vendor: BenchVendor,
	log: (line: string) => void,
): Promise<MemoryRun[]> {
	const runs: MemoryRun[] = [];
	const users = settings.memoryUsers;
	await vendor.sandbox.reset({ users, courses: 5, groups: 3, completions: 0 });
	await setLimits(vendor, { on: false, latencyMs: 0 });
	log(`  ${vendor.name}: listing ${users} users in a fresh process`);
	const list = await runWorker(
		{ vendor: vendor.id, url: vendor.sandbox.url, mode: 'list', users },
		settings.maxRunMs,
	);
	runs.push({
		vendor: vendor.name,
		what: `list ${users.toLocaleString('en')} users`,
		items: list.count,
		baselineBytes: list.baseline,
		peakBytes: list.peak,
		ms: list.ms,
	});
	log(`  ${vendor.name}: ${settings.memoryRosterUsers}-row roster sync in a fresh process`);
	const sync = await runWorker(
		{ vendor: vendor.id, url: vendor.sandbox.url, mode: 'sync', users: settings.memoryRosterUsers },
		settings.maxRunMs,
	);
	runs.push({
		vendor: vendor.name,
		what: `roster sync, ${sync.count.toLocaleString('en')} rows`,
		items: sync.count,
		baselineBytes: sync.baseline,
		peakBytes: sync.peak,
		ms: sync.ms,
	});
	await vendor.sandbox.reset({ users: 20 });
	return runs;
}
