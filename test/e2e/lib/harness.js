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
		throw new Error('E2E_CONTEXT is not set: run end-to-end tests with `npm run test:e2e`, not directly.');
	}
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const ctx = loadContext();

/** A workflow by its file name (without .json) or id, as imported for this run. */
function workflow(nameOrId) {
	const w = ctx.workflows.find((x) => x.name === nameOrId || x.id === nameOrId);
	if (!w) throw new Error(`workflow "${nameOrId}" is not imported (known: ${ctx.workflows.map((x) => x.name).join(', ')})`);
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
		describe: () => `status=${run.status} last=${run.data?.resultData?.lastNodeExecuted} error=${JSON.stringify(run.data?.resultData?.error?.message ?? null)}`,
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
	if (!sb) throw new Error(`no sandbox running for "${vendor}" (running: ${Object.keys(ctx.sandbox).join(', ')})`);
	const api = `${sb.url}/__sandbox`;
	return {
		url: sb.url,
		credentials: sb.credentials,
		info: () => call(`${api}/info`),
		state: () => call(`${api}/state`),
		/** Request log entries (since: sandbox clock ms). */
		log: (since) => call(`${api}/log${since === undefined ? '' : `?since=${since}`}`).then((r) => r.entries),
		clearLog: () => call(`${api}/log`, 'DELETE'),
		faults: (faults) => call(`${api}/faults`, 'POST', faults),
		clearFaults: () => call(`${api}/faults`, 'DELETE'),
		reset: (seed) => call(`${api}/reset`, 'POST', seed ?? {}),
		control: (action, body) => call(`${api}/control/${action}`, 'POST', body ?? {}),
	};
}

/** For node:test: `test('…', { skip: h.skipFor('talentlms-lifecycle') }, async () => …)`. */
function skipFor(workflowName) {
	return skipReason(workflowName) ?? false;
}

module.exports = { ctx, runtime, execute, sandbox, workflow, skipReason, skipFor };
