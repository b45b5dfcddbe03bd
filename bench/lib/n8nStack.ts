/**
 * A real n8n for the bench: the pinned n8n 2.40.7 on Node 24 that `npm run test:e2e` uses
 * (scripts/n8n-runtime.js, cached in ~/.cache/n8n-nodes-lms-provisioning), with this package
 * installed from its `npm pack` tarball the way n8n installs community packages, and the
 * credentials imported for this run's sandbox. Reuses test/e2e/lib rather than repeating it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { BenchVendor } from './vendors';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The parts of an n8n run (IRun) the bench reads. */
export interface N8nRun {
	status?: string;
	startedAt?: string;
	stoppedAt?: string;
	data?: {
		resultData?: {
			error?: { message?: string; node?: { name?: string } };
			lastNodeExecuted?: string;
			runData?: Record<string, N8nTaskData[]>;
		};
	};
}

export interface N8nTaskData {
	startTime: number;
	executionTime: number;
	error?: { message?: string };
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

interface Runtime {
	ensureN8n(): Promise<unknown>;
	installPackageTarball(userFolder: string, tgz: string): Promise<unknown>;
	importCredentials(userFolder: string, creds: unknown[]): Promise<void>;
	importWorkflow(userFolder: string, workflows: unknown[]): Promise<string[]>;
	executeWorkflow(
		userFolder: string,
		id: string,
		options: { timeoutMs: number },
	): Promise<{ run: N8nRun; code: number | null; ms: number }>;
	n8nVersion(): { n8n: string; node: string };
}

interface StackModule {
	buildPackage(): Promise<unknown>;
	packPackage(dir: string): Promise<string>;
	packageInfo(): { name: string; credentials: Array<{ name: string; file: string }> };
	prepareCredentials(info: unknown, vars: unknown): { list: CredentialEntry[]; notes: string[] };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtime = require(path.join(ROOT, 'scripts', 'n8n-runtime.js')) as Runtime;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stack = require(path.join(ROOT, 'test', 'e2e', 'lib', 'stack.js')) as StackModule;

/** Generic HTTP Request node credentials the raw-API workflows use (n8n's own types). */
export interface HttpCredentialIds {
	basic?: { id: string; name: string };
}

/** A credential as `n8n import:credentials` takes it (plain data, encrypted on import). */
export interface CredentialEntry {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface RealN8n {
	packageName: string;
	/** The n8n user folder with this package installed (SQLite, credentials imported). */
	userFolder: string;
	/** The package credentials imported into it, for another n8n (queue mode's PostgreSQL). */
	credentials: CredentialEntry[];
	version: { n8n: string; node: string };
	/** Credential id and name of this package's credential for a vendor. */
	packageCredential(vendor: BenchVendor): { type: string; id: string; name: string } | undefined;
	/**
	 * The package credential with its "Requests per Second" raised out of the way, for runs with
	 * the sandbox's limits off; undefined where the vendor's pacing is fixed (published limits).
	 */
	unpacedCredential(vendor: BenchVendor): { type: string; id: string; name: string } | undefined;
	/** n8n's "Basic Auth" credential for vendors whose raw API takes HTTP Basic. */
	basicCredential(vendor: BenchVendor): { id: string; name: string } | undefined;
	importWorkflows(workflows: Array<{ id: string }>): Promise<void>;
	execute(id: string, timeoutMs: number): Promise<N8nRun>;
	close(): void;
}

/** Requests per second for unpaced credentials: far above what the machine can send. */
const UNPACED_RATE = 100_000;

function credentialHasField(file: string, field: string): boolean {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require(path.join(ROOT, file)) as Record<string, unknown>;
	return Object.values(mod).some((Cls) => {
		if (typeof Cls !== 'function') return false;
		const instance = new (Cls as new () => { properties?: Array<{ name: string }> })();
		return instance.properties?.some((p) => p.name === field) ?? false;
	});
}

const BASIC_IDS: Partial<Record<string, string>> = {
	talentlms: 'benchBasicTalent',
	learnupon: 'benchBasicLearnU',
};

/**
 * Build + pack this package, install it into a fresh n8n user folder, import the package's
 * credentials (test/e2e/credentials.json templates) and a Basic Auth credential per Basic vendor.
 */
export async function startRealN8n(
	vendors: BenchVendor[],
	log: (line: string) => void,
): Promise<RealN8n> {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-bench-n8n-'));
	const userFolder = path.join(tmp, 'n8n');
	fs.mkdirSync(userFolder);
	try {
		log('  real n8n: build + npm pack');
		await stack.buildPackage();
		const tgz = await stack.packPackage(path.join(tmp, 'pack'));
		log('  real n8n: ensure the pinned n8n (cached) and install the tarball');
		await runtime.ensureN8n();
		await runtime.installPackageTarball(userFolder, tgz);
		const info = stack.packageInfo();
		const sandbox = Object.fromEntries(
			vendors.map((v) => [v.id, { url: v.sandbox.url, credentials: v.simCredentials }]),
		);
		const { list } = stack.prepareCredentials(info, { sandbox, runId: 'bench' });
		const basic = vendors.flatMap((v) => {
			const id = BASIC_IDS[v.id];
			if (!id) return [];
			const sim = v.simCredentials;
			const user = v.id === 'talentlms' ? (sim.apiKey ?? '') : (sim.username ?? '');
			const password = v.id === 'talentlms' ? '' : (sim.password ?? '');
			return [
				{
					id,
					name: `${v.name} Basic Auth (bench)`,
					type: 'httpBasicAuth',
					data: { user, password },
				},
			];
		});
		// Copies of the credentials that offer a pacing setting, with it raised (limits-off runs).
		const settable = new Set(
			info.credentials
				.filter((c) => credentialHasField(c.file, 'requestsPerSecond'))
				.map((c) => c.name),
		);
		const unpaced = list
			.filter((c) => settable.has(c.type))
			.map((c) => ({
				...c,
				id: `bFast${c.type.slice(0, 11)}`,
				name: `${c.type} unpaced (bench)`,
				data: { ...c.data, requestsPerSecond: UNPACED_RATE },
			}));
		await runtime.importCredentials(userFolder, [...list, ...basic, ...unpaced]);
		const credentialTemplates = JSON.parse(
			fs.readFileSync(path.join(ROOT, 'test', 'e2e', 'credentials.json'), 'utf8'),
		) as Record<string, { id: string; name: string }>;
		const imported = new Set(list.map((c) => c.type));
		return {
			packageName: info.name,
			userFolder,
			credentials: list,
			version: runtime.n8nVersion(),
			packageCredential(vendor) {
				const type = vendor.definition?.credentialType;
				const template = type ? credentialTemplates[type] : undefined;
				if (!type || !template || !imported.has(type)) return undefined;
				return { type, id: template.id, name: template.name };
			},
			unpacedCredential(vendor) {
				const type = vendor.definition?.credentialType;
				const entry = unpaced.find((c) => c.type === type);
				return entry && { type: entry.type, id: entry.id, name: entry.name };
			},
			basicCredential(vendor) {
				const entry = basic.find((c) => c.id === BASIC_IDS[vendor.id]);
				return entry && { id: entry.id, name: entry.name };
			},
			async importWorkflows(workflows) {
				await runtime.importWorkflow(userFolder, workflows);
			},
			async execute(id, timeoutMs) {
				const { run } = await runtime.executeWorkflow(userFolder, id, { timeoutMs });
				return run;
			},
			close() {
				fs.rmSync(tmp, { recursive: true, force: true });
			},
		};
	} catch (error) {
		fs.rmSync(tmp, { recursive: true, force: true });
		throw error;
	}
}

/** Output items (json) of a node's last run, first output. */
export function nodeItems(run: N8nRun, node: string): Array<Record<string, unknown>> {
	const tasks = run.data?.resultData?.runData?.[node] ?? [];
	return tasks.flatMap((task) => (task.data?.main?.[0] ?? []).map((item) => item.json));
}

/**
 * Wall time of the work after `fromNode` (the node that made the hires) until the run stopped:
 * n8n's start-up and the item generation are not part of it.
 */
export function wallAfter(run: N8nRun, fromNode: string): number | undefined {
	const task = run.data?.resultData?.runData?.[fromNode]?.at(-1);
	const stopped = run.stoppedAt ? Date.parse(run.stoppedAt) : NaN;
	if (!task || Number.isNaN(stopped)) return undefined;
	return stopped - (task.startTime + task.executionTime);
}

/** "Node 1.2 s, …": where a run's time went, for the log. */
export function nodeTimes(run: N8nRun): string {
	return Object.entries(run.data?.resultData?.runData ?? {})
		.map(
			([name, tasks]) =>
				`${name} ${(tasks.reduce((sum, t) => sum + t.executionTime, 0) / 1000).toFixed(2)} s`,
		)
		.join(', ');
}
