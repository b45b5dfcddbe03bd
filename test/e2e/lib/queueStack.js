'use strict';
/**
 * n8n in queue mode the way its docs describe it for production: PostgreSQL (queue mode does not
 * support SQLite) and Redis from Debian's `postgresql` and `redis-server` packages, one `n8n start`
 * (main, receives webhooks) and `n8n worker` processes, all on loopback ports chosen free, in a
 * temp folder this module creates and removes. Every piece is started here and stopped by stop().
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');
const runtime = require('../../../scripts/n8n-runtime.js');

const PG_BIN_DIRS = [
	'/usr/lib/postgresql/17/bin',
	'/usr/lib/postgresql/16/bin',
	'/usr/lib/postgresql/15/bin',
];

function pgBin(name) {
	for (const dir of PG_BIN_DIRS) {
		const file = path.join(dir, name);
		if (fs.existsSync(file)) return file;
	}
	return undefined;
}

function onPath(name) {
	return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** Why queue mode cannot run here, or undefined. `.ci/run` installs both packages when missing. */
function missingPieces() {
	const missing = [];
	if (!pgBin('initdb') || !pgBin('pg_ctl')) missing.push('postgresql (initdb, pg_ctl)');
	if (!onPath('redis-server')) missing.push('redis-server');
	return missing.length
		? `not installed: ${missing.join(', ')} (apt-get install -y postgresql redis-server)`
		: undefined;
}

/** initdb and pg_ctl refuse to run as root: run them as Debian's postgres user then. */
function asDbUser(cmd, args) {
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	return root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

function mustSpawn(cmd, args, what, opts = {}) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120000, ...opts });
	if (r.status !== 0)
		throw new Error(`${what} failed (${r.status ?? r.signal}): ${r.stdout}${r.stderr}`);
	return r;
}

async function startPostgres(dir) {
	const data = path.join(dir, 'pg');
	const socket = path.join(dir, 'pgsock');
	fs.mkdirSync(data, { mode: 0o700 });
	fs.mkdirSync(socket);
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	if (root) {
		fs.chmodSync(dir, 0o755);
		mustSpawn('chown', ['-R', 'postgres:postgres', data, socket], 'chown');
	}
	const port = await runtime.freePort();
	mustSpawn(...asDbUser(pgBin('initdb'), ['-A', 'trust', '-U', 'n8n', '-D', data]), 'initdb');
	const log = path.join(dir, 'pg.log');
	if (root) {
		fs.writeFileSync(log, '');
		mustSpawn('chown', ['postgres:postgres', log], 'chown');
	}
	mustSpawn(
		...asDbUser(pgBin('pg_ctl'), [
			'-D',
			data,
			'-l',
			log,
			'-w',
			'-o',
			`-p ${port} -k ${socket} -c listen_addresses=127.0.0.1`,
			'start',
		]),
		'pg_ctl start',
	);
	const stop = () =>
		spawnSync(...asDbUser(pgBin('pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']), {
			encoding: 'utf8',
			timeout: 60000,
		});
	try {
		mustSpawn(
			pgBin('createdb') ?? 'createdb',
			['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n'],
			'createdb',
		);
	} catch (error) {
		stop();
		throw error;
	}
	return { port, stop };
}

async function startRedis(dir) {
	const port = await runtime.freePort();
	const pidfile = path.join(dir, 'redis.pid');
	mustSpawn(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'yes',
			'--pidfile',
			pidfile,
			'--dir',
			dir,
			'--logfile',
			path.join(dir, 'redis.log'),
		],
		'redis-server',
	);
	const deadline = Date.now() + 15000;
	while (!fs.existsSync(pidfile)) {
		if (Date.now() > deadline) throw new Error('redis-server wrote no pid file in 15 s');
		await new Promise((r) => setTimeout(r, 100));
	}
	const pid = Number(fs.readFileSync(pidfile, 'utf8').trim());
	const stop = async () => {
		try {
			process.kill(pid, 'SIGTERM');
		} catch {
			return;
		}
		for (let i = 0; i < 50; i++) {
			try {
				process.kill(pid, 0);
			} catch {
				return;
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	};
	return { port, stop };
}

function collectOutput(child) {
	let out = '';
	const collect = (d) => {
		out += d;
		if (out.length > 400000) out = out.slice(-200000);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	return () => out;
}

function stopChild(child) {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		const t = setTimeout(() => child.kill('SIGKILL'), 20000);
		child.once('exit', () => {
			clearTimeout(t);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

async function startWorker(userFolder, env) {
	const healthPort = await runtime.freePort();
	const child = await runtime.spawnN8n(userFolder, ['worker', '--concurrency=10'], {
		env: { ...env, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort) },
	});
	const output = collectOutput(child);
	const deadline = Date.now() + 180000;
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(`n8n worker exited early (${child.exitCode}):\n${output().slice(-4000)}`);
		try {
			const r = await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`);
			if (r.status === 200) break;
		} catch {}
		if (Date.now() > deadline) {
			await stopChild(child);
			throw new Error(`n8n worker not ready after 180 s:\n${output().slice(-4000)}`);
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	return { child, output, stop: () => stopChild(child) };
}

/**
 * Starts the whole stack from an n8n user folder that has this package installed (its
 * `.n8n/nodes` is copied), imports the credentials and workflows into PostgreSQL, publishes the
 * workflows, then starts the main and `workers` workers. Returns { main, workers, stop() }.
 */
async function startQueueStack({ sourceUserFolder, credentials, workflows, workers = 2 }) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-queue-'));
	const stops = [];
	const stop = async () => {
		for (const fn of stops.reverse()) await Promise.resolve(fn()).catch(() => {});
		if (!process.env.E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true });
	};
	try {
		const userFolder = path.join(dir, 'n8n');
		fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
		fs.cpSync(
			path.join(sourceUserFolder, '.n8n', 'nodes'),
			path.join(userFolder, '.n8n', 'nodes'),
			{
				recursive: true,
			},
		);
		const [pg, redis] = await Promise.all([startPostgres(dir), startRedis(dir)]);
		stops.push(pg.stop, redis.stop);
		const env = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pg.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
		};
		const cli = async (args, what) => {
			const r = await runtime.n8nCli(userFolder, args, { env });
			if (r.code !== 0)
				throw new Error(`${what} failed (${r.code}):\n${(r.stdout + r.stderr).slice(-3000)}`);
		};
		const file = (name, value) => {
			const f = path.join(dir, `${name}.json`);
			fs.writeFileSync(f, JSON.stringify(value));
			return f;
		};
		await cli(
			['import:credentials', `--input=${file('credentials', credentials)}`],
			'import:credentials',
		);
		await cli(['import:workflow', `--input=${file('workflows', workflows)}`], 'import:workflow');
		for (const w of workflows) await cli(['publish:workflow', `--id=${w.id}`], 'publish:workflow');

		const main = await runtime.startN8nServer(userFolder, { env });
		stops.push(main.stop);
		const started = [];
		for (let i = 0; i < workers; i++) {
			const worker = await startWorker(userFolder, env);
			stops.push(worker.stop);
			started.push(worker);
		}
		return { dir, main, workers: started, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = { missingPieces, startQueueStack };
