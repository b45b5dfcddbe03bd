/**
 * `npm run bench`: starts the sandbox in a child process, runs the scenarios named in
 * BENCH_SCENARIOS (default: all) for every vendor whose simulator and adapter exist, and writes
 * bench/RESULTS.md. Not part of `npm test` or CI.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { mb, seconds } from './lib/measure';
import { ratio, table } from './lib/report';
import { startSandboxProcess } from './lib/sandbox';
import { settings } from './lib/settings';
import { discoverVendors, VENDOR_NAMES, type BenchVendor } from './lib/vendors';
import { BURST_SIZES, burstRuns } from './scenarios/burst';
import { QUEUE_WORKERS } from './lib/webhookN8n';
import { memoryRuns, type MemoryRun } from './scenarios/memory';
import { onboardingInN8n, type OnboardingRow } from './scenarios/onboarding';
import { startRealN8n, type RealN8n } from './lib/n8nStack';
import { overhead, overheadInN8n, type OverheadRun } from './scenarios/overhead';
import { pollingCosts, type PollRun } from './scenarios/polling';
import { rosterSync, type RosterRun } from './scenarios/roster';

const log = (line: string) => console.log(line);
const RESULTS = settings.results
	? path.resolve(settings.results)
	: path.resolve(__dirname, '..', '..', 'bench', 'RESULTS.md');

type Section = { title: string; body: string };

async function section(title: string, run: () => Promise<string>): Promise<Section> {
	log(`\n== ${title}`);
	const started = Date.now();
	try {
		const body = await run();
		log(`   done in ${seconds(Date.now() - started)} s`);
		return { title, body };
	} catch (error) {
		const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
		log(`   FAILED: ${message}`);
		return {
			title,
			body: `Scenario failed: \`${(error instanceof Error ? error.message : String(error)).slice(0, 300)}\``,
		};
	}
}

async function onboarding(vendors: BenchVendor[], n8n: RealN8n): Promise<string> {
	const rows: OnboardingRow[] = [];
	const notes: string[] = [];
	for (const vendor of vendors) {
		const users = settings.usersFor(vendor.id);
		try {
			const result = await onboardingInN8n(vendor, users, n8n, log);
			rows.push(...result.rows);
			notes.push(...result.notes);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			log(`   ${vendor.name} failed: ${error instanceof Error ? error.stack : message}`);
			notes.push(`${vendor.name}: failed: \`${message.slice(0, 200)}\``);
		}
	}
	const body = table(
		[
			'vendor',
			'way',
			'hires',
			'wall time (s)',
			'API calls (min 4/hire)',
			'429s',
			'failed hires',
			'duplicate users',
			'rate-limit bound (s)',
			'wall ÷ bound',
			'wall ÷ bound at adapter pacing',
			'note',
		],
		rows.map((r) => [
			r.vendor,
			r.way,
			r.users,
			seconds(r.wallMs),
			`${r.calls} (${r.minimumCalls})`,
			r.rateLimited,
			r.failed,
			r.duplicates,
			seconds(r.boundMs),
			ratio(r.wallMs, r.boundMs),
			r.pacingBoundMs ? ratio(r.wallMs, r.pacingBoundMs) : '—',
			r.note ?? '',
		]),
	);
	return [
		body,
		`Every row ran in a real n8n ${n8n.version.n8n} (Node ${n8n.version.node}), this package installed from its \`npm pack\` tarball into the community-nodes folder, each workflow run by \`n8n execute\`; a vendor's rows ran in the same n8n, one after another. Wall time = from the end of the node that makes the hires (a Code node) to the end of the run (n8n's start-up excluded). Failed hires = hires that did not come out of the last node (a run that stops fails every hire still in it). The HTTP Request workflow: Lookup (Never Error + full response) → IF status 200 → Create → Set (user id) → Enroll → Add to group, Retry On Fail on at n8n's defaults (3 tries, 1 s apart) on every HTTP node, which re-runs the whole node with all its items; "batching" adds the node's Batching option at the vendor's published rate (TalentLMS 40/s, LearnWorlds 3/s) or the adapter's default where none is published. LearnWorlds and Grow HTTP workflows fetch their bearer token in a first HTTP node and send it with the client header on every call; TalentLMS and LearnUpon use n8n's Basic Auth credential.`,
		...notes.map((n) => `- ${n}`),
	].join('\n\n');
}

const withAdapter = (vendors: BenchVendor[]) => vendors.filter((v) => v.definition);

/** Runs `fn` per vendor; a vendor that fails gets a note instead of stopping the scenario. */
async function perVendor<T>(
	vendors: BenchVendor[],
	fn: (v: BenchVendor) => Promise<T | undefined>,
	notes: string[],
): Promise<T[]> {
	const out: T[] = [];
	for (const vendor of vendors) {
		try {
			const result = await fn(vendor);
			if (result !== undefined) out.push(result);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			log(`   ${vendor.name} failed: ${error instanceof Error ? error.stack : message}`);
			notes.push(`${vendor.name}: failed: \`${message.slice(0, 200)}\``);
		}
	}
	return out;
}

const noAdapterNote = (vendors: BenchVendor[]) =>
	vendors.filter((v) => !v.definition).map((v) => `${v.name}: skipped, no adapter yet.`);

async function roster(vendors: BenchVendor[]): Promise<string> {
	const notes = noAdapterNote(vendors);
	const runs = await perVendor<RosterRun>(
		withAdapter(vendors),
		(v) =>
			rosterSync(
				v,
				settings.rosterUsersFor(v.id),
				{ latencyMs: settings.latencyMs, limits: true, paced: true },
				log,
			),
		notes,
	);
	const body = table(
		[
			'vendor',
			'LMS users',
			'roster rows',
			'drifted rows',
			'planned changes',
			'calls: read + write',
			'minimum',
			'made ÷ minimum',
			'naive per-row calls',
			'429s',
			'failed',
			'wall time (s)',
			'wall ÷ bound',
			'read calls by endpoint',
			'write calls by endpoint',
		],
		runs.map((r) => [
			r.vendor,
			r.users,
			r.rows,
			r.driftRows,
			r.actions,
			`${r.readCalls} + ${r.writeCalls} = ${r.readCalls + r.writeCalls}`,
			r.minimumCalls ?? 'unknown page size',
			r.minimumCalls ? ratio(r.readCalls + r.writeCalls, r.minimumCalls) : 'n/a',
			r.naivePerRowCalls,
			r.rateLimited,
			r.failed + (r.note ? ` (${r.note})` : ''),
			seconds(r.wallMs),
			ratio(r.wallMs, r.boundMs),
			r.readBreakdown,
			r.writeBreakdown,
		]),
	);
	return [
		body,
		`Roster sizes: ${vendors
			.filter((v) => v.definition)
			.map((v) => `${v.name} ${settings.rosterUsersFor(v.id).toLocaleString('en')}`)
			.join(
				', ',
			)} LMS users (smaller where the vendor allows a few calls a second and the sync reads per user; \`BENCH_ROSTER_USERS\` to change).`,
		'Drift: half of the drifted rows are renamed users, half are new hires enrolled in one course. Minimum = user listing pages at the largest page the API allows (TalentLMS: `GET /users` returns everyone in one call) + one listing per named course + one call per planned change. Naive = one lookup per roster row + one call per change (computed, not run). Bound = calls made ÷ the sandbox limit.',
		...notes.map((n) => `- ${n}`),
	].join('\n\n');
}

async function polling(vendors: BenchVendor[]): Promise<string> {
	const notes = noAdapterNote(vendors);
	const runs = await perVendor<PollRun>(withAdapter(vendors), (v) => pollingCosts(v, log), notes);
	const body = table(
		[
			'vendor',
			'courses in LMS',
			'first poll (calls)',
			'idle poll (calls)',
			`poll with ${settings.pollCompletions} new (calls / emitted)`,
			'next poll (calls / emitted)',
			'note',
		],
		runs.map((r) => [
			r.vendor,
			r.courses,
			r.firstCalls,
			r.idleCalls,
			`${r.busyCalls} / ${r.busyFresh}`,
			`${r.afterCalls} / ${r.afterFresh}`,
			r.note ?? '',
		]),
	);
	return [
		body,
		'Each poll is the trigger\'s own sequence: `fetchSince(cursor)` → `listCompletions` → `advanceCursor`, all courses. "next poll" follows the busy one: it must emit nothing again.',
		...notes.map((n) => `- ${n}`),
	].join('\n\n');
}

async function memory(vendors: BenchVendor[]): Promise<string> {
	const notes = noAdapterNote(vendors);
	const runs = (
		await perVendor<MemoryRun[]>(withAdapter(vendors), (v) => memoryRuns(v, log), notes)
	).flat();
	const body = table(
		[
			'vendor',
			'work',
			'items',
			'baseline RSS (MB)',
			'peak RSS (MB)',
			'peak − baseline (MB)',
			'time (s)',
		],
		runs.map((r) => [
			r.vendor,
			r.what,
			r.items,
			mb(r.baselineBytes),
			mb(r.peakBytes),
			mb(r.peakBytes - r.baselineBytes),
			seconds(r.ms),
		]),
	);
	return [
		body,
		'Client process only (fresh `node` per run; the sandbox runs in another process). Latency and rate limits off. Peak = max of sampled `rss` and `resourceUsage().maxRSS`. The roster sync keeps the whole LMS user list by design (it diffs against it).',
		...notes.map((n) => `- ${n}`),
	].join('\n\n');
}

async function overheadSection(vendors: BenchVendor[], n8n: RealN8n | undefined): Promise<string> {
	const notes = noAdapterNote(vendors);
	const runs = await perVendor<OverheadRun>(
		withAdapter(vendors),
		async (v) => {
			const inN8n = n8n && (await overheadInN8n(v, n8n, log));
			if (inN8n) return inN8n;
			const run = await overhead(v, log);
			if (!run)
				notes.push(
					`${v.name}: skipped, no plain-HTTP recipe to compare with (bench/lib/naive.ts).`,
				);
			else
				notes.push(
					`${v.name}: measured outside n8n: its pacing is fixed at the published limit, so inside n8n this run would measure the pacer, not the per-item cost.`,
				);
			return run;
		},
		notes,
	);
	const body = table(
		[
			'vendor',
			'where',
			'items',
			'package (items/s)',
			'calls/item',
			'HTTP (items/s)',
			'calls/item',
			'package ÷ HTTP',
		],
		runs.map((r) => [
			r.vendor,
			r.where === 'n8n'
				? 'real n8n: action nodes vs HTTP Request nodes'
				: 'outside n8n: adapter + core vs plain axios',
			r.items,
			r.stackPerSecond.toFixed(0),
			r.stackCallsPerItem.toFixed(2),
			r.plainPerSecond.toFixed(0),
			r.plainCallsPerItem.toFixed(2),
			ratio(r.stackPerSecond, r.plainPerSecond),
		]),
	);
	return [
		body,
		`Latency and rate limits off. Item = find-or-create by email, enroll in one course, add to one group. In n8n: the onboarding workflows of scenario 1 (package: 3 action nodes; HTTP: Lookup → IF → Create → Set → Enroll → Add to group, n8n's HTTP Request node sending each node's items concurrently, as it does by default), the package credential's Requests per Second raised to 100,000; items/s = items ÷ the time from the end of the Code node to the end of the run. Outside n8n: the adapter through ResilientTransport (no pacer) vs the same requests sent directly with axios. Best of two alternating runs each. Load average when the scenario started: ${os
			.loadavg()
			.map((l) => l.toFixed(2))
			.join(', ')} (2 cores).`,
		...notes.map((n) => `- ${n}`),
	].join('\n\n');
}

/** Issue 13's targets for the burst rows. */
const BURST_TARGETS = { rateLimitedShare: 0.02, wallOverBound: 1.25 };

async function burst(vendors: BenchVendor[], n8n: RealN8n): Promise<string> {
	const { rows, notes } = await burstRuns(vendors, n8n, settings.burstModes, log);
	const percent = (part: number, whole: number) =>
		whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : 'n/a';
	const misses = (r: (typeof rows)[number]) =>
		[
			r.notDone > 0 ? 'hires not done' : '',
			r.duplicates > 0 ? 'duplicates' : '',
			r.rateLimited > BURST_TARGETS.rateLimitedShare * r.requests ? '429 > 2 %' : '',
			r.wallMs > BURST_TARGETS.wallOverBound * r.boundMs ? 'wall > 1.25× bound' : '',
		].filter(Boolean);
	const body = table(
		[
			'vendor',
			'n8n',
			'executions × hires',
			'requests',
			'429s (% of requests)',
			'hires not done',
			'duplicate users',
			'wall time (s)',
			'first → last request (s)',
			'rate-limit bound (s)',
			'wall ÷ bound',
			'calls per hire',
			'error items',
			'executions per worker',
			'load',
			'targets',
			'note',
		],
		rows.map((r) => {
			const missed = misses(r);
			return [
				r.vendor,
				r.mode === 'queue' ? 'queue mode: main + 2 workers' : 'one process',
				`${r.executions} × ${r.hiresEach}`,
				r.requests,
				`${r.rateLimited} (${percent(r.rateLimited, r.requests)})`,
				`${r.notDone} of ${r.executions * r.hiresEach}`,
				r.duplicates,
				seconds(r.wallMs),
				seconds(r.spanMs),
				seconds(r.boundMs),
				ratio(r.wallMs, r.boundMs),
				((r.requests - r.rateLimited) / (r.executions * r.hiresEach)).toFixed(2),
				r.errorItems,
				r.perWorker.length ? r.perWorker.join(' + ') : '—',
				r.load.toFixed(2),
				missed.length ? `missed: ${missed.join(', ')}` : 'met',
				[r.endpoints, r.quotaReads ? `${r.quotaReads} free quota reads` : '', r.note ?? '']
					.filter(Boolean)
					.join('; '),
			];
		}),
	);
	const sizes = Object.entries(BURST_SIZES)
		.map(([id, s]) => `${id} ${s?.executions} × ${s?.hires}`)
		.join(', ');
	return [
		body,
		[
			'All executions of a row are sent at once as webhook POSTs (`{ hires: [...] }`,',
			`${sizes}) to a real n8n ${n8n.version.n8n}: Webhook → Split Out → this package's`,
			'Find or create → Enroll → Add to group, every action node with Continue On Fail',
			'(On Error: Continue), one credential for all. "One process" = `n8n start` in regular',
			'mode (SQLite); queue mode = PostgreSQL + Redis + a main that receives the webhooks +',
			`${QUEUE_WORKERS} \`n8n worker\` processes (concurrency 10 each), started by`,
			'test/e2e/lib/queueStack.js. Wall time = first POST sent to last answer received;',
			'first → last request = the time between the first and the last call the simulator saw.',
			"Requests = every call the simulator received except TalentLMS's free `GET /ratelimit`;",
			'calls per hire = requests answered (not 429) ÷ hires; rate-limit bound = requests',
			"answered ÷ the simulator's limit (nothing can answer them sooner). Hires not done = by",
			"the simulator's state: no user, not enrolled in the course, or not in the group. Error",
			'items = items n8n answered with an `error` field. Targets (issue 13): 0 not done,',
			'0 duplicates, 429s ≤ 2 % of requests, wall ≤ 1.25× bound. Load = 1-minute load',
			'average when the row started (2 cores, shared).',
		].join(' '),
		...notes.map((n) => `- ${n}`),
	].join('\n\n');
}

async function main(): Promise<void> {
	const runStarted = Date.now();
	log('starting the sandbox (child process)…');
	const sandbox = await startSandboxProcess();
	const sections: Section[] = [];
	let discoveredNotes: string[] = [];
	let vendors: BenchVendor[] = [];
	let skipped: Record<string, string> = {};
	let n8n: RealN8n | undefined;
	try {
		const found = await discoverVendors(sandbox, settings.vendors);
		vendors = found.vendors;
		skipped = found.skipped as Record<string, string>;
		discoveredNotes = found.notes;
		log(
			`vendors: ${vendors.map((v) => v.id + (v.definition ? '' : ' (raw HTTP only)')).join(', ') || 'none'}`,
		);
		for (const [id, why] of Object.entries(skipped)) log(`  ${id}: ${why}`);
		if (['onboarding', 'overhead', 'burst'].some((name) => settings.scenarios.includes(name))) {
			log('preparing a real n8n (pinned, this package from its tarball)…');
			n8n = await startRealN8n(vendors, log);
		}
		if (settings.scenarios.includes('onboarding') && n8n) {
			const realN8n = n8n;
			sections.push(await section('1. Onboarding new hires', () => onboarding(vendors, realN8n)));
		}
		if (settings.scenarios.includes('roster'))
			sections.push(await section('2. Roster sync with 1 % drift', () => roster(vendors)));
		if (settings.scenarios.includes('polling'))
			sections.push(await section('3. Completion polling', () => polling(vendors)));
		if (settings.scenarios.includes('memory'))
			sections.push(await section('4. Memory', () => memory(vendors)));
		if (settings.scenarios.includes('overhead'))
			sections.push(await section('5. Per-item overhead', () => overheadSection(vendors, n8n)));
		if (settings.scenarios.includes('burst') && n8n) {
			const realN8n = n8n;
			sections.push(
				await section('6. Burst of webhook executions on one credential', () =>
					burst(vendors, realN8n),
				),
			);
		}
	} finally {
		n8n?.close();
		await sandbox.close();
	}
	writeResults(sections, vendors, skipped, discoveredNotes, Date.now() - runStarted);
	log(`\nwrote ${RESULTS}`);
}

function writeResults(
	sections: Section[],
	vendors: BenchVendor[],
	skipped: Record<string, string>,
	notes: string[],
	totalMs: number,
): void {
	const cpus = os.cpus();
	const lines = [
		'# Benchmark results',
		'',
		`Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${seconds(totalMs)} s.`,
		`Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${os.platform()}.`,
		`Sandbox: simulators in a child process on 127.0.0.1, rate limits **on**, ${settings.latencyMs} ms added latency per request (scenarios 4 and 5 turn them off, as they say).`,
		`Scenarios: ${settings.scenarios.join(', ')}.`,
		'',
		'Vendors and the limits the sandbox enforces:',
		'',
		table(
			['vendor', 'adapter', 'sandbox limit', 'adapter pacing'],
			[
				...vendors.map((v) => {
					const pacing = v.definition?.pacing(v.credentials);
					return [
						v.name,
						v.definition ? 'yes' : 'not yet',
						v.limit.label,
						pacing ? `${pacing.requests} / ${pacing.windowMs / 1000} s` : '—',
					];
				}),
				...Object.entries(skipped)
					.filter(([id]) => !vendors.some((v) => v.id === id))
					.map(([id, why]) => [
						VENDOR_NAMES[id as keyof typeof VENDOR_NAMES] ?? id,
						'skipped',
						why,
						'—',
					]),
			],
		),
		...(notes.length ? ['', ...notes.map((n) => `- ${n}`)] : []),
		'',
		...sections.flatMap((s) => [`## ${s.title}`, '', s.body, '']),
		'## What the numbers mean',
		'',
		'- **Rate-limit bound** = API calls needed ÷ the rate the sandbox allows (onboarding: 4 calls per hire — lookup, create, enroll, add to group). Nothing can finish faster for long, so **wall ÷ bound** near 1.0 means "as fast as the vendor allows". Below 1.0 happens for short runs, which fit in the first window\'s burst. A vendor with no published limit is paced at its adapter\'s conservative default, so its ratio to the sandbox\'s limit is above 1 by design; the "at adapter pacing" column shows how close the run is to the pace it chose.',
		'- **429s** are answers the vendor would count against you; a paced run should get none. **Failed hires** are hires that did not come out of the last node: with Retry On Fail, n8n re-runs a failed node with all its items, three tries in all, then stops the workflow, so every hire still in it fails (and creates re-sent on a retry come back as "already exists"). **Duplicate users** are extra users with the same email in the simulator afterwards.',
		'- **Roster sync minimum** is what any tool needs: read every user once at the largest page size, one listing per named course, one call per change. The per-row approach (look each row up) costs about one call per row however little changed.',
		'- **Polling**: an idle poll that costs one call is the cheapest possible; vendors without a "completed since" listing pay one call per course (stated per vendor).',
		'- **Memory** is the client process only; a roster sync holds the LMS user list by design.',
		"- **Per-item overhead**: package ÷ HTTP ≥ 0.9 means the validation, mapping to the canonical model, error handling and retry machinery cost under 10 % of throughput when the network is free; with real latency the difference disappears into it. In n8n most of a call's cost is n8n's own: the credential is read and decrypted for every request, by the package's nodes and by an HTTP Request node with a credential alike.",
		'- Targets (reported, not enforced): zero 429s and zero duplicates in paced runs; wall time within 1.15× of the rate-limit bound; roster sync within 5 % of the minimum calls; an idle poll costs one call where the vendor allows it; per-item overhead at least 0.9× plain HTTP.',
		'',
	];
	fs.writeFileSync(RESULTS, lines.join('\n'));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
