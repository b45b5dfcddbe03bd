/**
 * Scenario 1: onboarding N new hires (find-or-create, enroll in one course, add to one group),
 * every way in the same real n8n (bench/lib/n8nStack.ts): this package's nodes, and the HTTP
 * Request node workflow users build today (bench/lib/workflows.ts), with and without batching.
 */
import { setLimits } from '../lib/limits';
import { logStats, userCensus } from '../lib/measure';
import { nodeItems, wallAfter, type N8nRun, type RealN8n } from '../lib/n8nStack';
import { pickTarget, type Target } from '../lib/naive';
import { DEFAULT_LATENCY_MS, settings } from '../lib/settings';
import type { BenchVendor } from '../lib/vendors';
import {
	hasRawRecipe,
	HIRES_NODE,
	HTTP_LAST_NODE,
	httpWorkflow,
	PACKAGE_LAST_NODE,
	packageWorkflow,
	type RawSpec,
	type WorkflowKind,
} from '../lib/workflows';

export interface OnboardingRow {
	vendor: string;
	way: string;
	users: number;
	wallMs: number;
	calls: number;
	minimumCalls: number;
	rateLimited: number;
	failed: number;
	duplicates: number;
	boundMs: number;
	/** The same bound at the adapter's own pacing (package rows). */
	pacingBoundMs?: number;
	note?: string;
}

const SEED = { users: 200, courses: 5, groups: 3, completions: 0 };

const WAYS: Record<WorkflowKind, string> = {
	package: 'package nodes (n8n)',
	http: 'HTTP Request nodes, Retry On Fail (n8n)',
	httpBatched: 'HTTP Request nodes, Retry On Fail + batching (n8n)',
};

/** Calls a hire needs at least: lookup, create, enroll, add to group (+ one token a run). */
const CALLS_PER_HIRE = 4;

export async function prepareVendor(
	vendor: BenchVendor,
	limits: { on: boolean; latencyMs: number },
): Promise<Target> {
	await vendor.sandbox.reset(SEED);
	await setLimits(vendor, limits);
	const target = pickTarget(await vendor.sandbox.state());
	if (!target) throw new Error(`${vendor.name}: no course or group in the sandbox state`);
	await vendor.sandbox.clearLog();
	return target;
}

/**
 * Items per second for the HTTP Request node's Batching option: the vendor's published limit,
 * else the rate its adapter uses by default (what docs/<vendor>.md calls safe).
 */
function batchRate(vendor: BenchVendor): number {
	const published: Partial<Record<string, number>> = { talentlms: 40, learnworlds: 3 };
	const pacing = vendor.definition?.pacing(vendor.credentials);
	return (
		published[vendor.id] ??
		(pacing ? Math.max(1, Math.floor((pacing.requests * 1000) / pacing.windowMs)) : 1)
	);
}

export function rawSpec(vendor: BenchVendor, n8n: RealN8n): RawSpec {
	const sim = vendor.simCredentials;
	const oauth =
		vendor.id === 'learnworlds' || vendor.id === 'grow'
			? {
					clientId: sim.clientId ?? '',
					clientSecret: sim.clientSecret ?? '',
					header: vendor.id === 'grow' ? 'Pl-Client' : 'Lw-Client',
				}
			: undefined;
	return {
		vendor: vendor.id,
		baseUrl: vendor.sandbox.url,
		basic: n8n.basicCredential(vendor),
		oauth,
		itemsPerSecond: batchRate(vendor),
	};
}

/** The workflow of one kind for a vendor, or undefined when the bench has no way to build it. */
export function workflowFor(
	kind: WorkflowKind,
	vendor: BenchVendor,
	n8n: RealN8n,
	target: Target,
	hires: { tag: string; count: number },
	id: string,
): Record<string, unknown> | undefined {
	if (kind === 'package') {
		const credential = n8n.packageCredential(vendor);
		if (!credential) return undefined;
		return packageWorkflow(
			id,
			hires,
			{
				nodeType: `${n8n.packageName}.${vendor.definition.nodeName}`,
				credential,
				productType: vendor.id === 'learnworlds' || vendor.id === 'grow' ? 'course' : undefined,
			},
			target,
		);
	}
	if (!hasRawRecipe(vendor.id)) return undefined;
	return httpWorkflow(id, hires, rawSpec(vendor, n8n), target, kind === 'httpBatched');
}

export const lastNodeOf = (kind: WorkflowKind) =>
	kind === 'package' ? PACKAGE_LAST_NODE : HTTP_LAST_NODE;

/** Import (when the target moved or it is new) and execute; undefined run when n8n was killed. */
export async function runWorkflow(
	n8n: RealN8n,
	workflow: Record<string, unknown>,
	timeoutMs: number,
): Promise<{ run?: N8nRun; error?: string }> {
	await n8n.importWorkflows([workflow as { id: string }]);
	try {
		return { run: await n8n.execute(String(workflow.id), timeoutMs) };
	} catch (error) {
		return { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
	}
}

function failureNote(run: N8nRun | undefined, error: string | undefined): string | undefined {
	if (error) return error.slice(0, 200);
	const failure = run?.data?.resultData?.error;
	if (run?.status === 'success' || !failure) return undefined;
	return `run ${run?.status ?? 'failed'} at "${failure.node?.name ?? run?.data?.resultData?.lastNodeExecuted}": ${(failure.message ?? '').slice(0, 140)}`;
}

export async function onboardingInN8n(
	vendor: BenchVendor,
	users: number,
	n8n: RealN8n,
	log: (line: string) => void,
): Promise<{ rows: OnboardingRow[]; notes: string[] }> {
	const rows: OnboardingRow[] = [];
	const notes: string[] = [];
	const boundMs = ((users * CALLS_PER_HIRE) / vendor.limit.requests) * vendor.limit.windowMs;
	const pacing = vendor.definition?.pacing(vendor.credentials);
	for (const kind of (['package', 'http', 'httpBatched'] as WorkflowKind[]).filter((k) =>
		settings.ways.includes(k),
	)) {
		const target = await prepareVendor(vendor, { on: true, latencyMs: settings.latencyMs });
		const tag = kind === 'package' ? 'a' : kind === 'http' ? 'b' : 'c';
		const workflow = workflowFor(
			kind,
			vendor,
			n8n,
			target,
			{ tag, count: users },
			`benchOnb${vendor.id.slice(0, 6)}${tag}`,
		);
		if (!workflow) {
			notes.push(
				kind === 'package'
					? `${vendor.name}: no package credential to run its nodes with.`
					: kind === 'http'
						? `${vendor.name}: no HTTP Request workflow (its raw API paths are customer-specific; docs/learningpool.md).`
						: '',
			);
			continue;
		}
		log(`  ${vendor.name}: ${users} hires, ${WAYS[kind]}`);
		const { run, error } = await runWorkflow(n8n, workflow, settings.maxRunMs + 120_000);
		const stats = await logStats(vendor.sandbox);
		const census = await userCensus(
			vendor.sandbox,
			Array.from({ length: users }, (_, i) => `hire.${tag}.${i}@bench.example.com`),
		);
		const completed = run ? Math.min(users, nodeItems(run, lastNodeOf(kind)).length) : 0;
		const wallMs = (run && wallAfter(run, HIRES_NODE)) ?? settings.maxRunMs + 120_000;
		const note = failureNote(run, error);
		log(
			`    ${(wallMs / 1000).toFixed(1)} s, ${stats.calls} calls, ${stats.rateLimited} × 429, ${users - completed} failed${note ? ` (${note})` : ''}`,
		);
		rows.push({
			vendor: vendor.name,
			way: WAYS[kind],
			users,
			wallMs,
			calls: stats.calls,
			minimumCalls: users * CALLS_PER_HIRE,
			rateLimited: stats.rateLimited,
			failed: users - completed,
			duplicates: census.duplicates,
			boundMs,
			pacingBoundMs:
				kind === 'package' && pacing
					? ((users * CALLS_PER_HIRE) / pacing.requests) * pacing.windowMs
					: undefined,
			note:
				[
					settings.latencyMs === DEFAULT_LATENCY_MS ? '' : `${settings.latencyMs} ms latency`,
					kind === 'httpBatched' ? `${rawSpec(vendor, n8n).itemsPerSecond} items/s per node` : '',
					note ?? '',
				]
					.filter(Boolean)
					.join('; ') || undefined,
		});
	}
	return { rows, notes: notes.filter(Boolean) };
}
