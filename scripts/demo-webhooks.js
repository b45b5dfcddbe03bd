#!/usr/bin/env node
'use strict';
/**
 * The instant (webhook) triggers in `npm start`'s demo. start.js publishes the demo workflows
 * whose trigger is a webhook trigger before n8n starts (so they are active), and once n8n runs
 * gives each simulator the workflow's production URL, as a user pastes it into the LMS.
 *
 * With `npm start` running:
 *   node scripts/demo-webhooks.js learnworlds|grow|learnupon [--forged]
 * completes an open course in that simulator, which sends the signed webhook to n8n (or, with
 * --forged, sends one with a wrong signature: n8n answers 401 and starts nothing), and prints
 * what n8n answered. SANDBOX_PORT_BASE as for `npm start` (default 4101).
 */

const path = require('node:path');

/** The vendor registry as built into dist/ (npm start builds the package before it runs this). */
function registry() {
	return require(path.join(__dirname, '..', 'dist', 'nodes', 'shared', 'vendors'));
}

/** The vendor whose webhook credential a node uses, or undefined for any other node. */
function webhookVendorOf(node) {
	const credentialTypes = Object.keys(node.credentials ?? {});
	const webhooks = registry().WEBHOOK_VENDORS.find((w) =>
		credentialTypes.includes(w.credentialType),
	);
	return webhooks?.id;
}

/** The imported demo workflows whose first webhook node belongs to this package. */
function webhookWorkflows(workflows, packageName) {
	const out = [];
	for (const w of workflows) {
		if (w.skipped || !w.workflow) continue;
		const node = (w.workflow.nodes ?? []).find(
			(n) => n.webhookId && n.type.startsWith(`${packageName}.`) && webhookVendorOf(n),
		);
		const vendor = node && webhookVendorOf(node);
		if (vendor) out.push({ vendor, id: w.id, name: w.workflow.name, webhookId: node.webhookId });
	}
	return out;
}

async function call(url, body) {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body ?? {}),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`POST ${url}: HTTP ${res.status} ${text}`);
	return JSON.parse(text).result;
}

/** Activates them for the next `n8n start` (n8n activates published workflows on start). */
async function publishWebhookWorkflows(runtime, userFolder, list) {
	for (const w of list) {
		const r = await runtime.n8nCli(userFolder, ['publish:workflow', `--id=${w.id}`]);
		if (r.code !== 0) throw new Error(`n8n publish:workflow --id=${w.id} failed:\n${r.stderr}`);
	}
}

/** Gives each simulator the production URL of its demo webhook workflow. */
async function registerWebhookUrls(sandbox, serverUrl, list) {
	for (const w of list) {
		const url = `${serverUrl}/webhook/${w.webhookId}/webhook`;
		await call(`${sandbox[w.vendor].url}/__sandbox/control/registerWebhook`, { url });
	}
}

async function fire(vendor, forged) {
	const { VENDOR_IDS, WEBHOOK_VENDOR_IDS } = registry();
	if (!WEBHOOK_VENDOR_IDS.includes(vendor)) {
		throw new Error(
			`usage: node scripts/demo-webhooks.js ${WEBHOOK_VENDOR_IDS.join('|')} [--forged]`,
		);
	}
	// The sandbox gives each vendor the port at its registry position (sandbox/cli.ts).
	const base = Number(process.env.SANDBOX_PORT_BASE || 4101);
	const url = `http://127.0.0.1:${base + VENDOR_IDS.indexOf(vendor)}/__sandbox`;
	const state = await (await fetch(`${url}/state`)).json();
	let deliveries;
	if (vendor === 'learnupon') {
		const open = state.enrollments.find(
			(e) => !['completed', 'passed', 'failed'].includes(e.status),
		);
		if (forged) {
			deliveries = (
				await call(`${url}/control/sendWebhook`, {
					type: 'course_completion',
					enrollmentId: open.id,
					signature: 'forged',
				})
			).deliveries;
		} else {
			await call(`${url}/control/completeEnrollment`, { enrollmentId: open.id });
			deliveries = (await call(`${url}/control/webhookDeliveries`)).deliveries.slice(-1);
		}
	} else {
		const open = state.progress.find((p) => p.status !== 'completed');
		const args = { userId: open.userId, courseId: open.course_id };
		if (forged) {
			deliveries = (
				await call(`${url}/control/sendWebhook`, {
					type: 'courseCompleted',
					...args,
					signature: 'forged',
				})
			).deliveries;
		} else {
			await call(`${url}/control/completeCourse`, args);
			deliveries = (await call(`${url}/control/webhookDeliveries`)).deliveries.slice(-2);
		}
	}
	for (const d of deliveries) {
		console.log(
			`${vendor} sent ${d.types.join(', ')} (${d.signature} signature) → n8n answered ${d.status || d.error} ${JSON.stringify(d.response)}`,
		);
	}
	if (deliveries.length === 0)
		console.log(`${vendor} sent nothing: is npm start running with its demo webhook workflows?`);
}

if (require.main === module) {
	fire(process.argv[2], process.argv.includes('--forged')).catch((e) => {
		console.error(e.message);
		process.exit(1);
	});
}

module.exports = { webhookWorkflows, publishWebhookWorkflows, registerWebhookUrls };
