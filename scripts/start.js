#!/usr/bin/env node
'use strict';
/**
 * `npm start`: a real n8n with this package installed (from its packed tarball, as users get it)
 * and the LMS sandbox behind it, ready to click through.
 *
 *   build + pack → sandbox on 127.0.0.1:4101.. (SANDBOX_PORT_BASE) → pinned n8n (cached)
 *   → fresh user folder: tarball installed, demo credentials (demo/credentials.json, one per
 *     credential type the package declares) and demo workflows (demo/workflows/*.json) imported
 *   → `n8n start` on 127.0.0.1:5678 (N8N_PORT) with an owner created from env, so the editor
 *     opens straight to the login form.
 *
 * Login: LMS_DEMO_EMAIL / LMS_DEMO_PASSWORD (defaults printed at start). Other N8N_* variables
 * in your shell are passed to n8n. LMS_DEMO_USER_FOLDER keeps n8n's data in that folder
 * across runs (default: a temp folder removed on exit). Ctrl-C stops everything it started.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const runtime = require('./n8n-runtime.js');
const stack = require('../test/e2e/lib/stack.js');
const { addFreshCompletions } = require('./demo-events.js');
const demoWebhooks = require('./demo-webhooks.js');

const DEMO_WORKFLOWS = path.join(stack.ROOT, 'demo', 'workflows');
const DEMO_CREDENTIALS = path.join(stack.ROOT, 'demo', 'credentials.json');

async function main() {
	const t0 = Date.now();
	const port = Number(process.env.N8N_PORT || 5678);
	const owner = {
		email: process.env.LMS_DEMO_EMAIL || 'demo@example.com',
		password: process.env.LMS_DEMO_PASSWORD || 'LmsDemo-2026',
		firstName: 'Demo',
		lastName: 'Owner',
	};
	// Pass the caller's own n8n settings through; the runtime owns folder, port and owner.
	const passThrough = Object.fromEntries(
		Object.entries(process.env).filter(
			([k]) => k.startsWith('N8N_') && !['N8N_USER_FOLDER', 'N8N_PORT'].includes(k),
		),
	);

	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-start-'));
	const keepFolder = process.env.LMS_DEMO_USER_FOLDER;
	const userFolder = keepFolder ? path.resolve(keepFolder) : path.join(tmp, 'n8n');
	fs.mkdirSync(userFolder, { recursive: true });

	let sandboxProc;
	let server;
	let stopping = false;
	const stopAll = async (why) => {
		if (stopping) return;
		stopping = true;
		if (why) stack.log(`\n${why}: stopping n8n and the sandbox…`);
		await server?.stop().catch(() => {});
		await sandboxProc?.stop().catch(() => {});
		fs.rmSync(tmp, { recursive: true, force: true });
	};
	process.on('SIGINT', () => stopAll('SIGINT').then(() => process.exit(0)));
	process.on('SIGTERM', () => stopAll('SIGTERM').then(() => process.exit(0)));

	try {
		if (!(await portFree(port)))
			throw new Error(`port ${port} is in use; set N8N_PORT to another port`);
		stack.log('start: preparing');
		await stack.timed('build package', stack.buildPackage);
		const tgz = await stack.timed('npm pack', () => stack.packPackage(path.join(tmp, 'pack')));
		const info = stack.packageInfo();
		const [, sb] = await Promise.all([
			(async () => {
				await stack.timed('ensure n8n (first time: ~6 min)', () => runtime.ensureN8n());
				await stack.timed('install tarball into .n8n/nodes', () =>
					runtime.installPackageTarball(userFolder, tgz),
				);
			})(),
			(async () => {
				await stack.timed('build sandbox', stack.buildSandbox);
				return stack.timed('start sandbox', () =>
					stack.startSandboxProcess({ portBase: Number(process.env.SANDBOX_PORT_BASE || 4101) }),
				);
			})(),
		]);
		sandboxProc = sb;
		sb.child.once('exit', () => {
			if (!stopping) stopAll('sandbox exited').then(() => process.exit(1));
		});

		const fresh = await stack.timed('complete 2 courses per vendor (for Fetch Test Event)', () =>
			addFreshCompletions(sb.sandbox),
		);

		const vars = { sandbox: sb.sandbox, runId: Date.now().toString(36) };
		const creds = stack.prepareCredentials(info, vars, DEMO_CREDENTIALS);
		const workflows = stack.prepareWorkflows(DEMO_WORKFLOWS, info, vars);
		for (const n of creds.notes) stack.log(`  note: ${n}`);
		for (const w of workflows.filter((x) => x.skipped))
			stack.log(`  note: demo workflow ${w.name} not imported: ${w.skipped}`);
		const readyWorkflows = workflows.filter((w) => !w.skipped);
		if (creds.list.length || readyWorkflows.length) {
			await stack.timed(
				`import ${creds.list.length} credential(s), ${readyWorkflows.length} workflow(s)`,
				() => stack.importAll(userFolder, creds.list, workflows),
			);
		}

		// Instant triggers: active on start, and each simulator gets its workflow's URL once n8n runs.
		const hooks = demoWebhooks.webhookWorkflows(readyWorkflows, info.name);
		await demoWebhooks.publishWebhookWorkflows(runtime, userFolder, hooks);

		server = await stack.timed('start n8n', () =>
			runtime.startN8nServer(userFolder, { port, owner, env: passThrough }),
		);
		server.child.once('exit', (code) => {
			if (!stopping) {
				stack.log(server.output().slice(-3000));
				stopAll(`n8n exited (${code})`).then(() => process.exit(1));
			}
		});
		const editor = await fetch(`${server.url}/`);
		if (editor.status !== 200) throw new Error(`editor answered HTTP ${editor.status}`);
		const loaded = await stack.checkLoadedTypes(server, await server.login(), info);
		if (loaded.absentNodes.length || loaded.absentCredentials.length) {
			stack.log(
				`\n  WARNING: n8n did not load ${[...loaded.absentNodes, ...loaded.absentCredentials].join(', ')}` +
					`\n  ${loaded.loadErrors.join('\n  ') || '(no load error logged)'}`,
			);
		}

		await demoWebhooks.registerWebhookUrls(sb.sandbox, server.url, hooks);

		const v = runtime.n8nVersion();
		const lines = [
			'',
			`n8n ${v.n8n} (Node ${v.node}) is running with ${info.name}@${info.version} installed (ready in ${((Date.now() - t0) / 1000).toFixed(0)} s)`,
			'',
			`  Editor:    ${server.url}/`,
			`  Login:     ${owner.email} / ${owner.password}`,
			`  Nodes:     ${info.nodes.length ? info.nodes.map((n) => n.displayName + (loaded.absentNodes.includes(n.type) ? ' (NOT LOADED)' : '')).join(', ') : '(none built yet)'}`,
			`  Credentials imported: ${creds.list.length ? creds.list.map((c) => c.name).join(', ') : 'none'}`,
			`  Workflows imported:   ${readyWorkflows.length ? readyWorkflows.map((w) => w.workflow.name).join(', ') : `none (put templates in ${path.relative(stack.ROOT, DEMO_WORKFLOWS)}/)`}`,
			'  Sandbox:',
			...Object.entries(sb.sandbox).map(
				([vendor, s]) => `    ${vendor.padEnd(13)} ${s.url}   (inspect: ${s.url}/__sandbox/state)`,
			),
			`  n8n data:  ${userFolder}${keepFolder ? '' : ' (removed on exit)'}`,
			'',
			readyWorkflows.length
				? 'Try it: log in, open a "Demo: onboard new hires in …" workflow and click Execute workflow.'
				: '',
			`Triggers: ${Object.entries(fresh)
				.map(([vendor, n]) => `${vendor} ${n}`)
				.join(
					', ',
				)} course completions were made at start-up; a Course Completed trigger's "Fetch Test Event" shows them.`,
			hooks.length
				? `Instant triggers: ${hooks.map((h) => `"${h.name}"`).join(', ')} are active; \`node scripts/demo-webhooks.js ${hooks.map((h) => h.vendor).join('|')}\` completes a course there and the webhook starts the workflow (see its Executions).`
				: '',
			'Ctrl-C to stop.',
		];
		console.log(lines.join('\n'));
	} catch (e) {
		await stopAll();
		throw e;
	}
}

function portFree(port) {
	return new Promise((resolve) => {
		const s = require('node:net').createServer();
		s.once('error', () => resolve(false));
		s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
	});
}

main().catch((e) => {
	console.error(`start: ${e.message}`);
	process.exit(1);
});
