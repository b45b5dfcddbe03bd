/**
 * Scenario 6: a burst of webhook executions on one credential, the HRIS pattern (one execution
 * per batch of new hires). N executions start at once, each running find or create → enroll →
 * add to group on its hires with Continue On Fail, in one n8n process and in queue mode (a main
 * and two workers sharing nothing but the vendor's answers). The simulator's state afterwards is
 * the truth: every hire exists once, is enrolled and is in the group.
 */
import * as os from 'node:os';

import { endpointBreakdown, hiresNotDone, userCensus } from '../lib/measure';
import type { RealN8n } from '../lib/n8nStack';
import type { Target } from '../lib/naive';
import { settings } from '../lib/settings';
import type { BenchVendor } from '../lib/vendors';
import {
	QUEUE_WORKERS,
	queueModeMissing,
	startWebhookN8n,
	type BurstMode,
	type WebhookN8n,
} from '../lib/webhookN8n';
import { webhookPackageWorkflow } from '../lib/workflows';
import { prepareVendor } from './onboarding';

export interface BurstRow {
	vendor: string;
	mode: BurstMode;
	executions: number;
	hiresEach: number;
	/** Requests the vendor received, its free quota reads (TalentLMS GET /ratelimit) excluded. */
	requests: number;
	rateLimited: number;
	/** GET /ratelimit reads (free: they count against nothing). */
	quotaReads: number;
	notDone: number;
	duplicates: number;
	/** Items n8n answered with an `error` field (Continue On Fail). */
	errorItems: number;
	wallMs: number;
	/** First to last request the vendor received: the part of the wall time n8n spent calling. */
	spanMs: number;
	boundMs: number;
	/** Executions per queue-mode worker, from the workers' logs. */
	perWorker: number[];
	/** The busiest endpoints, 429s included ("POST /usersignup ×400, …"). */
	endpoints: string;
	/** 1-minute load average when the row started (2 cores, shared). */
	load: number;
	note?: string;
}

/** The issue's sizes: executions × hires per vendor. */
export const BURST_SIZES: Partial<Record<string, { executions: number; hires: number }>> = {
	talentlms: { executions: 20, hires: 20 },
	learnworlds: { executions: 20, hires: 5 },
};

/** A row that runs longer than this is cut off and reported as such (rows take ≤ ~2.5 min). */
const ROW_TIMEOUT_MS = 6 * 60_000;

const emailOf = (mode: BurstMode, e: number, n: number) =>
	`burst.${mode}.${e}.${n}@bench.example.com`;

type Obj = Record<string, unknown>;

async function fire(
	server: WebhookN8n,
	hookPath: string,
	mode: BurstMode,
	size: { executions: number; hires: number },
): Promise<{ wallMs: number; errorItems: number; failures: string[] }> {
	const started = Date.now();
	const failures: string[] = [];
	const signal = AbortSignal.timeout(ROW_TIMEOUT_MS);
	const answers = await Promise.all(
		Array.from({ length: size.executions }, async (_, e) => {
			const hires = Array.from({ length: size.hires }, (_, n) => ({
				email: emailOf(mode, e, n),
				firstName: `Burst${e}`,
				lastName: `Hire${n}`,
				login: `burst_${mode}_${e}_${n}`,
			}));
			try {
				const r = await fetch(`${server.url}/webhook/${hookPath}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ hires }),
					signal,
				});
				const text = await r.text();
				if (r.status !== 200)
					failures.push(`execution ${e}: HTTP ${r.status} ${text.slice(0, 120)}`);
				const items = r.status === 200 ? (JSON.parse(text) as unknown) : [];
				return Array.isArray(items) ? (items as Obj[]) : [items as Obj];
			} catch (error) {
				failures.push(`execution ${e}: ${error instanceof Error ? error.message : String(error)}`);
				return [];
			}
		}),
	);
	const errorItems = answers.flat().filter((item) => item.error !== undefined).length;
	return { wallMs: Date.now() - started, errorItems, failures };
}

async function burstRow(
	vendor: BenchVendor,
	server: WebhookN8n,
	hookPath: string,
	target: Target,
	log: (line: string) => void,
): Promise<BurstRow> {
	const size = BURST_SIZES[vendor.id];
	if (!size) throw new Error(`${vendor.name}: no burst size`);
	const mode = server.mode;
	const again = await prepareVendor(vendor, { on: true, latencyMs: settings.latencyMs });
	if (again.courseId !== target.courseId || again.groupId !== target.groupId)
		throw new Error(`${vendor.name}: the seeded course or group moved between resets`);
	const load = os.loadavg()[0];
	const before = server.executionsPerWorker();
	log(
		`  ${vendor.name}, ${mode}: ${size.executions} executions × ${size.hires} hires (load ${load.toFixed(2)})`,
	);
	const { wallMs, errorItems, failures } = await fire(server, hookPath, mode, size);
	const entries = await vendor.sandbox.log();
	const quotaReads = entries.filter((e) => e.path.endsWith('/ratelimit')).length;
	const calls = entries.filter((e) => !e.path.endsWith('/ratelimit'));
	const rateLimited = calls.filter((e) => e.status === 429).length;
	const emails = Array.from({ length: size.executions }, (_, e) =>
		Array.from({ length: size.hires }, (_, n) => emailOf(mode, e, n)),
	).flat();
	const state = await vendor.sandbox.state<Obj>();
	const census = await userCensus(vendor.sandbox, emails);
	const after = server.executionsPerWorker();
	const row: BurstRow = {
		vendor: vendor.name,
		mode,
		executions: size.executions,
		hiresEach: size.hires,
		requests: calls.length,
		rateLimited,
		quotaReads,
		notDone: hiresNotDone(state, target, emails),
		duplicates: census.duplicates,
		errorItems,
		wallMs,
		spanMs: calls.length
			? Math.max(...calls.map((e) => e.at)) - Math.min(...calls.map((e) => e.at))
			: 0,
		// What the vendor's limit allows for the calls it answered: nothing finishes sooner.
		boundMs: ((calls.length - rateLimited) / vendor.limit.requests) * vendor.limit.windowMs,
		endpoints: endpointBreakdown(calls, 5),
		perWorker: after.map((n, i) => n - (before[i] ?? 0)),
		load,
		note: failures.length
			? `${failures.length} webhook calls failed: ${failures[0].slice(0, 160)}`
			: undefined,
	};
	log(
		`    ${(wallMs / 1000).toFixed(1)} s, ${row.requests} requests, ${rateLimited} × 429, ` +
			`${row.notDone} not done, ${row.duplicates} duplicates, ${errorItems} error items` +
			(row.perWorker.length ? `, executions per worker ${row.perWorker.join(' + ')}` : '') +
			(row.note ? ` (${row.note})` : ''),
	);
	return row;
}

/** Every row of one mode in one n8n (single process, or one queue-mode stack). */
async function burstMode(
	mode: BurstMode,
	vendors: BenchVendor[],
	n8n: RealN8n,
	log: (line: string) => void,
): Promise<BurstRow[]> {
	const plans = [];
	for (const vendor of vendors) {
		const credential = n8n.packageCredential(vendor);
		const entry = n8n.credentials.find((c) => c.id === credential?.id);
		if (!credential || !entry) continue;
		const target = await prepareVendor(vendor, { on: true, latencyMs: settings.latencyMs });
		const hookPath = `bench-burst-${mode}-${vendor.id}`;
		const workflow = webhookPackageWorkflow(
			`benchBurst${mode.slice(0, 1)}${vendor.id.slice(0, 5)}`,
			hookPath,
			{
				nodeType: `${n8n.packageName}.${vendor.definition.nodeName}`,
				credential,
				productType: vendor.id === 'learnworlds' || vendor.id === 'grow' ? 'course' : undefined,
			},
			target,
		);
		plans.push({ vendor, target, hookPath, workflow, entry });
	}
	if (!plans.length) return [];
	log(
		`  starting n8n (${mode === 'queue' ? `queue mode, ${QUEUE_WORKERS} workers` : 'one process'})…`,
	);
	const server = await startWebhookN8n(
		mode,
		n8n,
		plans.map((p) => p.entry),
		plans.map((p) => p.workflow),
	);
	const rows: BurstRow[] = [];
	try {
		for (const plan of plans)
			rows.push(await burstRow(plan.vendor, server, plan.hookPath, plan.target, log));
	} finally {
		await server.stop();
	}
	return rows;
}

export async function burstRuns(
	vendors: BenchVendor[],
	n8n: RealN8n,
	modes: BurstMode[],
	log: (line: string) => void,
): Promise<{ rows: BurstRow[]; notes: string[] }> {
	const notes: string[] = [];
	const eligible = vendors.filter((v) => v.definition && BURST_SIZES[v.id]);
	const rows: BurstRow[] = [];
	for (const mode of modes) {
		const missing = mode === 'queue' ? queueModeMissing() : undefined;
		if (missing) {
			notes.push(`Queue mode skipped: ${missing}.`);
			continue;
		}
		try {
			rows.push(...(await burstMode(mode, eligible, n8n, log)));
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			log(`   ${mode} failed: ${error instanceof Error ? error.stack : message}`);
			notes.push(`${mode}: failed: \`${message.split('\n')[0].slice(0, 200)}\``);
		}
	}
	return { rows, notes };
}
