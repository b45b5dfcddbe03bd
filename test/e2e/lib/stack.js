'use strict';
/**
 * The pieces `npm run test:e2e` and `npm start` both assemble: build + pack this package,
 * build + start the sandbox, install the tarball into a real n8n, import credentials and
 * workflows filled in for this run's sandbox ports.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const runtime = require('../../../scripts/n8n-runtime.js');
const { fill, vendorsIn, readWorkflowDir, MissingVendorError } = require('./templates');
const { packageInfo, ROOT } = require('./package-info');

const CREDENTIALS_FILE = path.join(ROOT, 'test', 'e2e', 'credentials.json');

function log(msg) {
	process.stderr.write(`${msg}\n`);
}

async function timed(label, fn, timings) {
	const t = Date.now();
	try {
		return await fn();
	} finally {
		const ms = Date.now() - t;
		if (timings) timings.push([label, ms]);
		log(`  ${label}: ${(ms / 1000).toFixed(1)} s`);
	}
}

async function sh(cmd, args, what, opts = {}) {
	const r = await runtime.run(cmd, args, { cwd: ROOT, ...opts });
	if (r.code !== 0)
		throw new Error(
			`${what} failed (exit ${r.code ?? r.signal}):\n${(r.stdout + r.stderr).slice(-6000)}`,
		);
	return r;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const buildPackage = () => sh(npm, ['run', 'build', '--silent'], 'npm run build');

/** `npm pack` into destDir; returns the tarball path. */
async function packPackage(destDir) {
	fs.mkdirSync(destDir, { recursive: true });
	const r = await sh(npm, ['pack', '--json', '--pack-destination', destDir], 'npm pack');
	const [{ filename }] = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')));
	return path.join(destDir, path.basename(filename));
}

const buildSandbox = () =>
	sh(
		process.execPath,
		[require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', 'tsconfig.tools.json'],
		'sandbox build (tsc -p tsconfig.tools.json)',
	);

function portFree(port) {
	return new Promise((resolve) => {
		const s = net.createServer();
		s.once('error', () => resolve(false));
		s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
	});
}

/** A base port with the five vendor ports after it free (the sandbox CLI uses base..base+4). */
async function freePortBase(preferred) {
	const candidates = preferred ? [preferred] : [];
	for (let i = 0; i < 50; i++) candidates.push(20000 + Math.floor(Math.random() * 40000));
	for (const base of candidates) {
		let ok = true;
		for (let p = base; p < base + 5 && ok; p++) ok = await portFree(p);
		if (ok) return base;
		if (preferred && base === preferred)
			log(`  ports ${base}..${base + 4} are busy; picking others`);
	}
	throw new Error('no free port range for the sandbox');
}

/**
 * Start the built sandbox CLI (.build/sandbox/cli.js) as a child process. Resolves with
 * { child, sandbox: { <vendor>: { url, credentials } }, stop() } once every vendor answers.
 */
async function startSandboxProcess({ portBase, env = {}, onOutput } = {}) {
	const cli = path.join(ROOT, '.build', 'sandbox', 'cli.js');
	if (!fs.existsSync(cli)) throw new Error(`${cli} is missing; build the sandbox first`);
	const base = await freePortBase(portBase);
	const child = spawn(process.execPath, [cli], {
		cwd: ROOT,
		env: { ...process.env, SANDBOX_PORT_BASE: String(base), ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	child.stdout.on('data', (d) => {
		out += d;
		onOutput?.(String(d));
	});
	child.stderr.on('data', (d) => {
		out += d;
		onOutput?.(String(d));
	});
	const exited = new Promise((resolve) =>
		child.once('exit', (code, signal) => resolve({ code, signal })),
	);
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const t = setTimeout(() => child.kill('SIGKILL'), 5000);
		child.kill('SIGTERM');
		await exited;
		clearTimeout(t);
	};
	const deadline = Date.now() + 60000;
	// The CLI prints "<vendor> <url>" lines after "LMS sandbox ready".
	while (
		!/sandbox ready/i.test(out) ||
		!/^\S+\s+http:\/\/\S+$/m.test(out) ||
		!out.includes('inspect:')
	) {
		if (child.exitCode !== null)
			throw new Error(`sandbox exited early (${child.exitCode}):\n${out}`);
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`sandbox not ready after 60 s:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	await new Promise((r) => setTimeout(r, 100)); // let the remaining vendor lines arrive
	const sandbox = {};
	for (const m of out.matchAll(/^([a-z]+)\s+(http:\/\/127\.0\.0\.1:\d+)\s*$/gm)) {
		const [, vendor, url] = m;
		const info = await (await fetch(`${url}/__sandbox/info`)).json();
		sandbox[vendor] = { url, credentials: info.credentials ?? {} };
	}
	if (Object.keys(sandbox).length === 0) {
		await stop();
		throw new Error(`could not read vendor URLs from the sandbox output:\n${out}`);
	}
	return { child, base, sandbox, stop, output: () => out };
}

/**
 * Credentials for every credential type the package declares, from a templates file keyed by
 * credential type name (test/e2e/credentials.json; `npm start` passes demo/credentials.json).
 * Returns { list, notes }.
 */
function prepareCredentials(info, vars, file = CREDENTIALS_FILE) {
	const where = path.relative(ROOT, file);
	const templates = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
	const list = [];
	const notes = [];
	for (const cred of info.credentials) {
		const t = templates[cred.name];
		if (!t) {
			notes.push(`no credential template for "${cred.name}" in ${where}`);
			continue;
		}
		try {
			list.push(
				fill(
					{ id: t.id, name: t.name, type: cred.name, data: t.data },
					vars,
					`credential ${cred.name}`,
				),
			);
		} catch (e) {
			if (!(e instanceof MissingVendorError)) throw e;
			notes.push(`credential "${cred.name}" skipped: ${e.message}`);
		}
	}
	return { list, notes };
}

/**
 * Workflow templates from a folder, filled for this run. A workflow that needs a vendor the
 * sandbox does not simulate, or a node type of this package that is not built, is returned
 * with `skipped` set (and not imported) so its tests can skip with that reason.
 */
function prepareWorkflows(dir, info, vars) {
	const builtTypes = new Set(info.nodes.map((n) => n.type));
	return readWorkflowDir(dir).map(({ file, workflow }) => {
		const name = path.basename(file, '.json');
		const entry = { name, id: workflow.id, file, vendors: vendorsIn(workflow) };
		if (!workflow.id) throw new Error(`${file}: a workflow needs a fixed "id" (16 letters/digits)`);
		const missingTypes = (workflow.nodes ?? [])
			.map((n) => n.type)
			.filter((t) => t.startsWith(`${info.name}.`) && !builtTypes.has(t));
		if (missingTypes.length)
			return {
				...entry,
				skipped: `node type(s) not built: ${[...new Set(missingTypes)].join(', ')}`,
			};
		try {
			return { ...entry, workflow: fill(workflow, vars, file) };
		} catch (e) {
			if (e instanceof MissingVendorError) return { ...entry, skipped: e.message };
			throw e;
		}
	});
}

async function importAll(userFolder, credentials, workflows) {
	if (credentials.length) await runtime.importCredentials(userFolder, credentials);
	const ready = workflows.filter((w) => !w.skipped);
	if (ready.length)
		await runtime.importWorkflow(
			userFolder,
			ready.map((w) => w.workflow),
		);
}

/**
 * Which of the package's node/credential types a running n8n actually lists (an n8n that
 * cannot load one declared file drops the whole package), with the load errors it logged.
 */
async function checkLoadedTypes(server, api, info) {
	const names = async (p) => (await (await api.get(p)).json()).map((x) => x.name);
	const nodeTypes = new Set(await names('/types/nodes.json'));
	const credTypes = new Set(await names('/types/credentials.json'));
	const out = server.output();
	return {
		absentNodes: info.nodes.filter((n) => !nodeTypes.has(n.type)).map((n) => n.type),
		absentCredentials: info.credentials.filter((c) => !credTypes.has(c.name)).map((c) => c.name),
		loadErrors: [
			...(out.match(/Failed to load package[^\n]*/g) ?? []),
			...new Set(out.match(/Cannot find module '[^']*'/g) ?? []),
		],
	};
}

module.exports = {
	checkLoadedTypes,
	ROOT,
	log,
	timed,
	buildPackage,
	packPackage,
	buildSandbox,
	startSandboxProcess,
	prepareCredentials,
	prepareWorkflows,
	importAll,
	packageInfo,
};
