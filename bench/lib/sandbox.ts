import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

import type { FaultOptions, LoggedRequest, SeedOptions, VendorId } from '../../sandbox/types';

/** One vendor's simulator, driven through its `/__sandbox/` inspection API. */
export class SandboxVendor {
	constructor(
		readonly vendor: VendorId,
		readonly url: string,
	) {}

	private async call(method: string, route: string, body?: unknown): Promise<unknown> {
		const response = await fetch(`${this.url}/__sandbox/${route}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(
				`sandbox ${this.vendor} ${method} ${route}: ${response.status} ${text.slice(0, 300)}`,
			);
		return text ? JSON.parse(text) : undefined;
	}

	async info(): Promise<{ credentials: Record<string, string> }> {
		return (await this.call('GET', 'info')) as { credentials: Record<string, string> };
	}
	state<T = Record<string, unknown>>(): Promise<T> {
		return this.call('GET', 'state') as Promise<T>;
	}
	async log(): Promise<LoggedRequest[]> {
		return ((await this.call('GET', 'log')) as { entries: LoggedRequest[] }).entries;
	}
	async clearLog(): Promise<void> {
		await this.call('DELETE', 'log');
	}
	async faults(faults: FaultOptions): Promise<void> {
		await this.call('POST', 'faults', faults);
	}
	async reset(seed: SeedOptions): Promise<void> {
		await this.call('POST', 'reset', seed);
	}
	control(action: string, args: Record<string, unknown>): Promise<unknown> {
		return this.call('POST', `control/${action}`, args);
	}
}

export interface SandboxProcess {
	urls: Partial<Record<VendorId, string>>;
	vendor(id: VendorId): SandboxVendor;
	close(): Promise<void>;
}

/** Forks bench/lib/sandboxChild.js (compiled next to this file) and waits for its URLs. */
export function startSandboxProcess(timeoutMs = 60_000): Promise<SandboxProcess> {
	const child: ChildProcess = fork(path.join(__dirname, 'sandboxChild.js'), [], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		execArgv: ['--max-old-space-size=3072'],
	});
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill();
			reject(new Error('sandbox did not start in time'));
		}, timeoutMs);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`sandbox exited with ${code}`));
		});
		child.once('message', (message) => {
			clearTimeout(timer);
			const urls = (message as { urls: Partial<Record<VendorId, string>> }).urls;
			resolve({
				urls,
				vendor: (id) => {
					const url = urls[id];
					if (!url) throw new Error(`no ${id} simulator in the sandbox`);
					return new SandboxVendor(id, url);
				},
				close: () =>
					new Promise<void>((done) => {
						if (child.exitCode !== null) return done();
						child.removeAllListeners('exit');
						child.once('exit', () => done());
						child.disconnect();
						setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
					}),
			});
		});
	});
}
