'use strict';
/**
 * What an e2e test file needs, set up once by scripts/e2e.js and handed over in the JSON file
 * named by E2E_CONTEXT: a real n8n (user folder with this package installed from its tarball,
 * credentials and workflows imported), and a running sandbox.
 *
 *   const h = require('./lib/harness');
 *   const res = await h.execute('talentlms-lifecycle');      // workflow file name or id
 *   res.items('Create user')                                 // output items (json) of a node
 *   await h.sandbox('talentlms').state()                     // GET /__sandbox/state
 */
const fs = require('node:fs');
const path = require('node:path');
const runtime = require('../../../scripts/n8n-runtime.js');

function loadContext() {
	const file = process.env.E2E_CONTEXT;
	if (!file || !fs.existsSync(file)) {
		throw new Error(
			'E2E_CONTEXT is not set: run end-to-end tests with `npm run test:e2e`, not directly.',
		);
	}
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const ctx = loadContext();

/** A workflow by its file name (without .json) or id, as imported for this run. */
function workflow(nameOrId) {
	const w = ctx.workflows.find((x) => x.name === nameOrId || x.id === nameOrId);
	if (!w)
		throw new Error(
			`workflow "${nameOrId}" is not imported (known: ${ctx.workflows.map((x) => x.name).join(', ')})`,
		);
	if (w.skipped) throw new Error(`workflow "${nameOrId}" was not imported: ${w.skipped}`);
	return w;
}

/** Why a workflow cannot run in this run (vendor not simulated, node not built), or undefined. */
function skipReason(nameOrId) {
	const w = ctx.workflows.find((x) => x.name === nameOrId || x.id === nameOrId);
	if (!w) return `workflow "${nameOrId}" not found in test/e2e/workflows`;
	return w.skipped;
}

/**
 * Execute an imported workflow with `n8n execute`. Never throws for a failed run: check
 * res.status / res.error. res.items(node, {output, runIndex}) returns that node's output json.
 */
async function execute(nameOrId, opts) {
	const w = workflow(nameOrId);
	const r = await runtime.executeWorkflow(ctx.userFolder, w.id, opts);
	const run = r.run;
	return {
		...r,
		status: run.status,
		error: run.data?.resultData?.error,
		lastNode: run.data?.resultData?.lastNodeExecuted,
		items: (node, o) => runtime.nodeOutput(run, node, o),
		/** Node names that ran, in order. */
		nodesRun: () => Object.keys(run.data?.resultData?.runData ?? {}),
		/** Human summary for assertion messages. */
		describe: () =>
			`status=${run.status} last=${run.data?.resultData?.lastNodeExecuted} error=${JSON.stringify(run.data?.resultData?.error?.message ?? null)}`,
	};
}

async function call(url, method = 'GET', body) {
	const r = await fetch(url, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await r.text();
	if (!r.ok) throw new Error(`${method} ${url} → HTTP ${r.status}: ${text.slice(0, 500)}`);
	return text ? JSON.parse(text) : undefined;
}

/** The inspection API of one vendor's simulator. */
function sandbox(vendor) {
	const sb = ctx.sandbox[vendor];
	if (!sb)
		throw new Error(
			`no sandbox running for "${vendor}" (running: ${Object.keys(ctx.sandbox).join(', ')})`,
		);
	const api = `${sb.url}/__sandbox`;
	return {
		url: sb.url,
		credentials: sb.credentials,
		info: () => call(`${api}/info`),
		state: () => call(`${api}/state`),
		/** Request log entries (since: sandbox clock ms). */
		log: (since) =>
			call(`${api}/log${since === undefined ? '' : `?since=${since}`}`).then((r) => r.entries),
		clearLog: () => call(`${api}/log`, 'DELETE'),
		faults: (faults) => call(`${api}/faults`, 'POST', faults),
		clearFaults: () => call(`${api}/faults`, 'DELETE'),
		reset: (seed) => call(`${api}/reset`, 'POST', seed ?? {}),
		control: (action, body) => call(`${api}/control/${action}`, 'POST', body ?? {}),
	};
}

/** The instance owner every `n8n start` of a run creates (from the environment) and logs in as. */
const OWNER = { email: 'e2e@example.com', password: 'E2e-password-1' };

/**
 * Polling triggers need an active workflow: `n8n execute` runs in 'cli' mode, where n8n-core
 * passes a poll node's input through instead of calling poll() (only 'manual' mode polls),
 * and it only starts from a manual/execute-workflow trigger. So: publish the workflows, run
 * `n8n start` (which activates them and polls on their schedule — use a short cron like
 * "*\/5 * * * * *" in the template), and read the executions it records.
 *
 *   await h.withActiveWorkflows(['talentlms-completions'], async (s) => {
 *     const runs = await s.waitForExecutions('talentlms-completions', 2);
 *     runs[0].items('TalentLMS Trigger')
 *   });
 *
 * Workflows are unpublished again afterwards so later tests see the same database state.
 */
async function withActiveWorkflows(names, fn, { readyTimeoutMs, env } = {}) {
	const ids = names.map((n) => workflow(n).id);
	for (const id of ids) await mustCli(runtime.activationArgs(id, true));
	const server = await runtime.startN8nServer(ctx.userFolder, {
		owner: OWNER,
		readyTimeoutMs,
		env,
	});
	try {
		const api = await server.login();
		const getJson = async (p) => {
			const r = await api.get(p);
			if (!r.ok) throw new Error(`GET ${p} → HTTP ${r.status}: ${(await r.text()).slice(0, 300)}`);
			return (await r.json()).data;
		};
		const flatted = require(path.join(runtime.cacheDir(), 'node_modules', 'flatted'));
		const session = {
			server,
			api,
			/** Finished executions of a workflow, oldest first, each with items(node) like execute(). */
			async executions(name) {
				const id = workflow(name).id;
				const list = await getJson(
					`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: id }))}&limit=100`,
				);
				const done = list.results.filter(
					(e) => e.finished || ['success', 'error', 'crashed'].includes(e.status),
				);
				const out = [];
				for (const e of done.sort((a, b) => Number(a.id) - Number(b.id))) {
					const full = await getJson(`/rest/executions/${e.id}`);
					const run = {
						...full,
						data: typeof full.data === 'string' ? flatted.parse(full.data) : full.data,
					};
					out.push({
						id: e.id,
						mode: full.mode,
						status: full.status,
						run,
						error: run.data?.resultData?.error,
						items: (node, o) => runtime.nodeOutput(run, node, o),
					});
				}
				return out;
			},
			/** Wait until a workflow has at least `count` finished executions (default 60 s). */
			async waitForExecutions(name, count = 1, timeoutMs = 60000) {
				const deadline = Date.now() + timeoutMs;
				for (;;) {
					const list = await session.executions(name);
					if (list.length >= count) return list;
					if (Date.now() > deadline) {
						throw new Error(
							`${name}: ${list.length} of ${count} executions after ${timeoutMs} ms\n${server.output().slice(-3000)}`,
						);
					}
					await new Promise((r) => setTimeout(r, 1000));
				}
			},
		};
		return await fn(session);
	} finally {
		await server.stop();
		for (const id of ids) await mustCli(runtime.activationArgs(id, false)).catch(() => {});
	}
}

async function mustCli(args) {
	const r = await runtime.n8nCli(ctx.userFolder, args);
	if (r.code !== 0)
		throw new Error(
			`n8n ${args.join(' ')} failed (${r.code}):\n${(r.stdout + r.stderr).slice(-3000)}`,
		);
	return r;
}

/** For node:test: `test('…', { skip: h.skipFor('talentlms-lifecycle') }, async () => …)`. */
function skipFor(workflowName) {
	return skipReason(workflowName) ?? false;
}

module.exports = {
	ctx,
	OWNER,
	mustCli,
	runtime,
	execute,
	withActiveWorkflows,
	sandbox,
	workflow,
	skipReason,
	skipFor,
};
