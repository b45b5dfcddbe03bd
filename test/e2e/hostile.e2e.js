'use strict';
// A hostile (or careless) LMS quotes the credential back in a 500: the secret itself, its
// URL-encoding and the base64 of the pair each vendor's Basic auth sends. None of those forms may
// reach anything n8n keeps: the execution data in its SQLite database and WAL, its log output,
// its event log. The workflow runs in `n8n start` (started by a webhook), as in production:
// `n8n execute` writes no event log.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./lib/harness');

const WORKFLOW = 'hostile-errors';

/** Every form of `secret` the answer plants, by name. */
function formsOf(label, secret) {
	const base64 = Buffer.from(secret, 'utf8').toString('base64');
	return {
		[`${label}`]: secret,
		[`${label} url-encoded`]: encodeURIComponent(secret),
		[`${label} base64`]: base64,
		[`${label} base64 unpadded`]: base64.replace(/=+$/, ''),
		[`${label} base64url`]: base64.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'),
	};
}

/** Files n8n wrote under its user folder that may hold what it logged or stored. */
function storedFiles(userFolder) {
	const dir = path.join(userFolder, '.n8n');
	const out = [];
	const walk = (d) => {
		for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
			const p = path.join(d, entry.name);
			if (entry.isDirectory()) {
				if (entry.name !== 'nodes' && entry.name !== 'node_modules') walk(p);
			} else if (/^database\.sqlite(-wal)?$|\.log$/.test(entry.name)) out.push(p);
		}
	};
	walk(dir);
	return out;
}

/** Webhooks are registered while n8n starts, not always before it reports ready. */
async function startByWebhook(url, timeoutMs = 60000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const r = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		if (r.status !== 404) {
			assert.equal(r.status, 200, `${url}: ${r.status} ${await r.text()}`);
			return;
		}
		if (Date.now() > deadline) throw new Error(`${url} still not registered after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

test(
	'secrets a server quotes back in a 500, in any form, reach no execution, database or log',
	{ skip: h.skipFor(WORKFLOW) },
	async () => {
		const tlms = h.sandbox('talentlms');
		const lu = h.sandbox('learnupon');
		// Each LMS quotes its own credential: a node knows only the secrets of its own.
		const formsBy = new Map([
			[
				tlms,
				{
					...formsOf('TalentLMS API key', tlms.credentials.apiKey),
					...formsOf('TalentLMS Basic pair', `${tlms.credentials.apiKey}:`),
				},
			],
			[
				lu,
				{
					...formsOf('LearnUpon password', lu.credentials.password),
					...formsOf(
						'LearnUpon Basic pair',
						`${lu.credentials.username}:${lu.credentials.password}`,
					),
				},
			],
		]);
		for (const [sb, planted] of formsBy) {
			// No key names a redactor would know: only the values themselves give them away.
			const quote = Object.values(planted)
				.map((value, i) => `q${i} ${value}`)
				.join(' ');
			const body = JSON.stringify({
				error: { message: `upstream failed: ${quote}` },
				message: quote,
			});
			await sb.faults({ serverErrorRate: 1, errorStatus: 500, errorBody: body });
		}
		const forms = Object.assign({}, ...formsBy.values());
		let run;
		let serverLog = '';
		try {
			await h.withActiveWorkflows([WORKFLOW], async (s) => {
				await startByWebhook(`${s.server.url}/webhook/e2e-hostile-errors`);
				[run] = await s.waitForExecutions(WORKFLOW, 1, 60000);
				// The run is stored before n8n's last log lines about it.
				await new Promise((r) => setTimeout(r, 1000));
				serverLog = s.server.output();
			});
		} finally {
			for (const sb of [tlms, lu]) await sb.clearFaults();
		}

		// Both calls were answered with the planted body, and what n8n kept quotes it, redacted.
		assert.equal(run.status, 'error');
		const [item] = run.items('TalentLMS get user') ?? [];
		assert.ok(
			item?.error,
			`TalentLMS gave no error item: ${JSON.stringify(run.run.data?.resultData)}`,
		);
		assert.match(JSON.stringify(item), /\[redacted\]/, JSON.stringify(item));
		assert.match(JSON.stringify(run.error), /\[redacted\]/, JSON.stringify(run.error));

		const places = {
			'n8n start log output': serverLog,
			...Object.fromEntries(
				storedFiles(h.ctx.userFolder).map((file) => [
					path.relative(h.ctx.userFolder, file),
					fs.readFileSync(file).toString('latin1'),
				]),
			),
		};
		const files = Object.keys(places);
		assert.ok(
			files.some((p) => p.endsWith('database.sqlite')),
			`no database among ${files}`,
		);
		const eventLog = files
			.filter((p) => /n8nEventLog/.test(p))
			.map((p) => places[p])
			.join('\n');
		assert.match(
			eventLog,
			/n8n\.workflow\.failed/,
			`the failed run is not in the event log (${files})`,
		);
		const leaks = [];
		for (const [place, text] of Object.entries(places)) {
			for (const [form, value] of Object.entries(forms)) {
				if (text.includes(value)) leaks.push(`${form} in ${place}`);
			}
		}
		assert.deepEqual(leaks, [], `searched ${Object.keys(places).join(', ')}`);
	},
);
