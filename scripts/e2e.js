#!/usr/bin/env node
'use strict';
/**
 * `npm run test:e2e [-- <filter>…]`: this package, packed and installed the way a user's n8n
 * installs it, executed by a real pinned n8n against the sandbox.
 *
 *   build → npm pack → (ensure n8n + install tarball into a fresh N8N_USER_FOLDER)
 *                    ∥ (build + start the sandbox on free ports)
 *   → import credentials + workflows (test/e2e/credentials.json, test/e2e/workflows/*.json)
 *   → node --test test/e2e/*.e2e.js  (serially: every n8n CLI run shares one SQLite database)
 *
 * Filters select test files by substring (`npm run test:e2e -- talentlms`).
 * E2E_KEEP=1 keeps the temp folder (user folder, tarball, context) for inspection.
 * LMS_N8N_CACHE moves the n8n cache (default ~/.cache/n8n-nodes-lms-provisioning; n8n-<version> in it).
 * LMS_N8N_VERSION=1 runs against the pinned n8n 1.x instead of 2.x (scripts/n8n-runtime.js).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const runtime = require('./n8n-runtime.js');
const stack = require('../test/e2e/lib/stack.js');

const E2E_DIR = path.join(stack.ROOT, 'test', 'e2e');

async function main() {
	const t0 = Date.now();
	const timings = [];
	const filters = process.argv.slice(2);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-e2e-'));
	const userFolder = path.join(tmp, 'n8n');
	fs.mkdirSync(userFolder);
	let sandboxProc;
	const cleanup = async () => {
		await sandboxProc?.stop().catch(() => {});
		if (process.env.E2E_KEEP) stack.log(`kept ${tmp}`);
		else fs.rmSync(tmp, { recursive: true, force: true });
	};
	process.once('SIGINT', () => cleanup().then(() => process.exit(130)));
	process.once('SIGTERM', () => cleanup().then(() => process.exit(143)));

	try {
		stack.log('e2e: preparing');
		await stack.timed('build package', stack.buildPackage, timings);
		const tgz = await stack.timed(
			'npm pack',
			() => stack.packPackage(path.join(tmp, 'pack')),
			timings,
		);
		const info = stack.packageInfo();
		if (info.missing.length)
			stack.log(
				`  note: package.json declares ${info.missing.length} file(s) dist/ does not have, e.g. ${info.missing.slice(0, 3).join(', ')}`,
			);

		// n8n side and sandbox side are independent: overlap them.
		const [, sb] = await Promise.all([
			(async () => {
				await stack.timed('ensure n8n (cache)', () => runtime.ensureN8n(), timings);
				await stack.timed(
					'install tarball into .n8n/nodes',
					() => runtime.installPackageTarball(userFolder, tgz),
					timings,
				);
			})(),
			(async () => {
				await stack.timed('build sandbox', stack.buildSandbox, timings);
				return stack.timed('start sandbox', () => stack.startSandboxProcess(), timings);
			})(),
		]);
		sandboxProc = sb;

		const vars = { sandbox: sb.sandbox, runId: Date.now().toString(36) };
		const creds = stack.prepareCredentials(info, vars);
		const workflows = stack.prepareWorkflows(path.join(E2E_DIR, 'workflows'), info, vars);
		for (const n of creds.notes) stack.log(`  note: ${n}`);
		for (const w of workflows.filter((x) => x.skipped))
			stack.log(`  note: workflow ${w.name} not imported: ${w.skipped}`);
		await stack.timed(
			`import ${creds.list.length} credential(s), ${workflows.filter((w) => !w.skipped).length} workflow(s)`,
			() => stack.importAll(userFolder, creds.list, workflows),
			timings,
		);

		const contextFile = path.join(tmp, 'context.json');
		fs.writeFileSync(
			contextFile,
			JSON.stringify(
				{
					userFolder,
					runId: vars.runId,
					sandbox: sb.sandbox,
					package: {
						name: info.name,
						version: info.version,
						nodes: info.nodes,
						credentials: info.credentials,
						missing: info.missing,
					},
					credentials: creds.list.map(({ id, name, type }) => ({ id, name, type })),
					workflows: workflows.map(({ workflow, ...rest }) => rest),
				},
				null,
				2,
			),
		);

		const files = fs
			.readdirSync(E2E_DIR)
			.filter((f) => f.endsWith('.e2e.js'))
			.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
			.sort((a, b) => (a.startsWith('smoke') ? -1 : b.startsWith('smoke') ? 1 : a.localeCompare(b)))
			.map((f) => path.join(E2E_DIR, f));
		if (files.length === 0)
			throw new Error(`no test/e2e/*.e2e.js file matches ${filters.join(', ')}`);

		stack.log(`e2e: running ${files.length} file(s) against n8n ${runtime.n8nVersion().n8n}`);
		const tTests = Date.now();
		const code = await new Promise((resolve) => {
			const child = spawn(
				process.execPath,
				['--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
				{ cwd: stack.ROOT, env: { ...process.env, E2E_CONTEXT: contextFile }, stdio: 'inherit' },
			);
			child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0)));
		});
		timings.push(['tests', Date.now() - tTests]);

		const v = runtime.n8nVersion();
		const total = ((Date.now() - t0) / 1000).toFixed(1);
		stack.log(`\ne2e: n8n ${v.n8n} on Node ${v.node}, package ${info.name}@${info.version}`);
		stack.log(`e2e: ${timings.map(([l, ms]) => `${l} ${(ms / 1000).toFixed(1)}s`).join(' | ')}`);
		stack.log(`e2e: ${code === 0 ? 'PASSED' : 'FAILED'} in ${total} s total`);
		return code;
	} finally {
		await cleanup();
	}
}

main().then(
	(code) => process.exit(code),
	(e) => {
		console.error(`e2e: ${e.stack || e.message}`);
		process.exit(1);
	},
);
