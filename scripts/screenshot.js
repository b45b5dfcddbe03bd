#!/usr/bin/env node
'use strict';
/**
 * Screenshot of a demo workflow in the n8n editor, for the README. Needs a running `npm start`
 * and Debian's Chromium (`apt-get install chromium`); drives it over the DevTools protocol with
 * the WebSocket built into Node ≥ 22 (re-runs itself under the cached Node 24 otherwise), so it
 * adds no dependency.
 *
 *   node scripts/screenshot.js [--url http://127.0.0.1:5678] [--workflow lmsDemoTalentLms1]
 *        [--out docs/images/demo-workflow.png] [--execute]
 *
 * Logs in with LMS_DEMO_EMAIL / LMS_DEMO_PASSWORD (npm start's defaults). --execute clicks
 * "Execute workflow" first and waits for the run to finish, so the picture shows item counts.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

if (typeof WebSocket === 'undefined') {
	const runtime = require('./n8n-runtime.js');
	const r = spawnSync(runtime.paths().node, [__filename, ...process.argv.slice(2)], {
		stdio: 'inherit',
	});
	process.exit(r.status ?? 1);
}

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : fallback;
}

const BASE = arg('url', `http://127.0.0.1:${process.env.N8N_PORT || 5678}`).replace(/\/$/, '');
const WORKFLOW = arg('workflow', 'lmsDemoTalentLms1');
const OUT = path.resolve(
	arg('out', path.join(__dirname, '..', 'docs', 'images', 'demo-workflow.png')),
);
const EXECUTE = process.argv.includes('--execute');
const WIDTH = 1440;
const HEIGHT = 900;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function login() {
	const r = await fetch(`${BASE}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			emailOrLdapLoginId: process.env.LMS_DEMO_EMAIL || 'demo@example.com',
			password: process.env.LMS_DEMO_PASSWORD || 'LmsDemo-2026',
		}),
	});
	if (r.status !== 200) throw new Error(`login failed: HTTP ${r.status} ${await r.text()}`);
	return r.headers.getSetCookie().map((c) => {
		const [pair] = c.split(';');
		const eq = pair.indexOf('=');
		return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
	});
}

/** Headless Chromium with remote debugging on a free port; resolves with its DevTools port. */
async function launchChromium(profileDir) {
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`${CHROMIUM} not found: install Debian's chromium package (or set CHROMIUM)`);
	// Flags from this machine's notes: no background networking (the network is closed).
	const child = spawn(
		CHROMIUM,
		[
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--hide-scrollbars',
			`--user-data-dir=${profileDir}`,
			'--remote-debugging-address=127.0.0.1',
			'--remote-debugging-port=0',
			`--window-size=${WIDTH},${HEIGHT}`,
			'about:blank',
		],
		{ stdio: 'ignore' },
	);
	const portFile = path.join(profileDir, 'DevToolsActivePort');
	for (let i = 0; i < 200 && !fs.existsSync(portFile); i++) await sleep(100);
	if (!fs.existsSync(portFile)) {
		child.kill('SIGKILL');
		throw new Error('Chromium did not open its DevTools port');
	}
	return { child, port: Number(fs.readFileSync(portFile, 'utf8').split('\n')[0]) };
}

/** A minimal DevTools-protocol client for one page. */
async function connectPage(port) {
	const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
	const page = targets.find((t) => t.type === 'page');
	const ws = new WebSocket(page.webSocketDebuggerUrl);
	await new Promise((resolve, reject) => {
		ws.onopen = resolve;
		ws.onerror = reject;
	});
	let nextId = 1;
	const pending = new Map();
	ws.onmessage = (event) => {
		const msg = JSON.parse(event.data);
		const waiter = pending.get(msg.id);
		if (!waiter) return;
		pending.delete(msg.id);
		if (msg.error) waiter.reject(new Error(`${waiter.method}: ${msg.error.message}`));
		else waiter.resolve(msg.result);
	};
	const send = (method, params = {}) =>
		new Promise((resolve, reject) => {
			const id = nextId++;
			pending.set(id, { resolve, reject, method });
			ws.send(JSON.stringify({ id, method, params }));
		});
	const evaluate = async (expression) => {
		const r = await send('Runtime.evaluate', {
			expression,
			returnByValue: true,
			awaitPromise: true,
		});
		return r.result.value;
	};
	const waitFor = async (expression, what, timeoutMs = 30000) => {
		const deadline = Date.now() + timeoutMs;
		while (!(await evaluate(expression))) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
			await sleep(250);
		}
	};
	return { send, evaluate, waitFor, close: () => ws.close() };
}

async function main() {
	const cookies = await login();
	const workflow = await fetch(`${BASE}/rest/workflows/${WORKFLOW}`, {
		headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
	});
	if (workflow.status !== 200)
		throw new Error(`workflow ${WORKFLOW}: HTTP ${workflow.status} (is it imported?)`);
	const nodeCount = (await workflow.json()).data.nodes.filter(
		(n) => n.type !== 'n8n-nodes-base.stickyNote',
	).length;

	const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-chromium-'));
	const browser = await launchChromium(profileDir);
	try {
		const page = await connectPage(browser.port);
		await page.send('Network.enable');
		const { hostname } = new URL(BASE);
		for (const c of cookies)
			await page.send('Network.setCookie', { ...c, domain: hostname, path: '/' });
		await page.send('Emulation.setDeviceMetricsOverride', {
			width: WIDTH,
			height: HEIGHT,
			deviceScaleFactor: 1,
			mobile: false,
		});
		await page.send('Page.enable');
		await page.send('Page.navigate', { url: `${BASE}/workflow/${WORKFLOW}` });
		await page.waitFor(
			`document.querySelectorAll('[data-test-id="canvas-node"]').length >= ${nodeCount}`,
			`${nodeCount} nodes on the canvas`,
		);
		if (EXECUTE) {
			await page.waitFor(
				`!!document.querySelector('[data-test-id="execute-workflow-button"]')`,
				'the Execute workflow button',
			);
			await page.evaluate(
				`document.querySelector('[data-test-id="execute-workflow-button"]').click()`,
			);
			// n8n marks each node that ran successfully; wait for all of them.
			await page.waitFor(
				`document.querySelectorAll('[data-test-id="canvas-node-status-success"]').length >= ${nodeCount}`,
				'every node to finish',
				60000,
			);
		}
		await sleep(1500); // let the canvas settle (fit-to-view animation, fonts)
		const { data } = await page.send('Page.captureScreenshot', { format: 'png' });
		fs.mkdirSync(path.dirname(OUT), { recursive: true });
		fs.writeFileSync(OUT, Buffer.from(data, 'base64'));
		page.close();
		console.log(`wrote ${path.relative(process.cwd(), OUT)} (${WIDTH}x${HEIGHT})`);
	} finally {
		browser.child.kill('SIGTERM');
		await sleep(500);
		fs.rmSync(profileDir, { recursive: true, force: true });
	}
}

main().catch((e) => {
	console.error(`screenshot: ${e.message}`);
	process.exit(1);
});
