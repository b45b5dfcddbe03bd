'use strict';
/**
 * Queue mode, as n8n documents it for production: PostgreSQL, Redis, a main that receives the
 * webhooks and two `n8n worker` processes that run them. Twenty webhook executions at once, ten
 * new hires each (find or create → enroll), on one TalentLMS credential: the workers share no
 * memory, so each has its own pace, and they must converge under TalentLMS's 200 calls per 5 s by
 * reacting to its 429s. Checked on the simulator afterwards: every hire exists once and is
 * enrolled, and the 429s stay a small share of the calls.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const h = require('./lib/harness');
const stack = require('./lib/stack');
const { missingPieces, startQueueStack } = require('./lib/queueStack');

const EXECUTIONS = 20;
const HIRES = 10;
const WORKFLOW = 'talentlms-webhook-onboarding';

function prepared() {
	const vars = { sandbox: h.ctx.sandbox, runId: h.ctx.runId };
	const info = { ...h.ctx.package, name: h.ctx.package.name };
	const credentials = stack.prepareCredentials(info, vars).list;
	const workflows = stack.prepareWorkflows(path.join(__dirname, 'workflows', 'queue'), info, vars);
	return { credentials, workflows };
}

const skip = missingPieces() ?? (h.ctx.sandbox.talentlms ? false : 'no TalentLMS simulator');

test(
	`queue mode, 2 workers: ${EXECUTIONS} webhook executions × ${HIRES} hires on one TalentLMS credential`,
	{ skip, timeout: 15 * 60_000 },
	async () => {
		const { credentials, workflows } = prepared();
		const onboarding = workflows.find((w) => w.name === WORKFLOW);
		assert.ok(onboarding && !onboarding.skipped, onboarding?.skipped ?? `${WORKFLOW} missing`);
		const tlms = h.sandbox('talentlms');
		await tlms.clearFaults();
		const queue = await startQueueStack({
			sourceUserFolder: h.ctx.userFolder,
			credentials: credentials.filter((c) => c.type === 'talentLmsApi'),
			workflows: [onboarding.workflow],
		});
		try {
			await tlms.clearLog();
			const hookPath = onboarding.workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook')
				.parameters.path;
			const emailOf = (e, n) => `queue.${h.ctx.runId}.${e}.${n}@example.com`;
			const started = Date.now();
			const answers = await Promise.all(
				Array.from({ length: EXECUTIONS }, async (_, e) => {
					const hires = Array.from({ length: HIRES }, (_, n) => ({
						email: emailOf(e, n),
						lastName: `Hire${e}x${n}`,
					}));
					const r = await fetch(`${queue.main.url}/webhook/${hookPath}`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ hires }),
						signal: AbortSignal.timeout(10 * 60_000),
					});
					const text = await r.text();
					assert.equal(r.status, 200, `execution ${e}: HTTP ${r.status} ${text.slice(0, 500)}`);
					return JSON.parse(text);
				}),
			);
			const wallMs = Date.now() - started;

			// What n8n answered: every hire enrolled, no error item.
			for (const [e, items] of answers.entries()) {
				const list = Array.isArray(items) ? items : [items];
				assert.equal(list.length, HIRES, `execution ${e}: ${JSON.stringify(list).slice(0, 500)}`);
				const failed = list.filter((item) => item.error !== undefined);
				assert.deepEqual(failed, [], `execution ${e} has error items`);
			}

			// What the simulator holds: each hire once, each enrolled in course 1.
			const state = await tlms.state();
			const byEmail = new Map();
			for (const user of state.users)
				byEmail.set(user.email, [...(byEmail.get(user.email) ?? []), user]);
			const enrolled = new Set(
				state.enrollments
					.filter((row) => String(row.course_id) === '1')
					.map((row) => String(row.user_id)),
			);
			let notDone = 0;
			let duplicates = 0;
			for (let e = 0; e < EXECUTIONS; e++) {
				for (let n = 0; n < HIRES; n++) {
					const users = byEmail.get(emailOf(e, n)) ?? [];
					if (users.length > 1) duplicates++;
					if (users.length === 0 || !enrolled.has(String(users[0].id))) notDone++;
				}
			}
			const log = await tlms.log();
			const calls = log.filter((entry) => !entry.path.endsWith('/ratelimit'));
			const refused = calls.filter((entry) => entry.status === 429).length;
			const share = refused / calls.length;
			const bound = ((calls.length - refused) / 200) * 5_000;
			const ran = queue.workers.map((w) => (w.output().match(/started execution/gi) ?? []).length);
			stack.log(
				`  queue mode: ${calls.length} calls, ${refused} × 429 (${(share * 100).toFixed(1)} %), ${notDone} hires not done, ${duplicates} duplicates, wall ${(wallMs / 1000).toFixed(1)} s (${(wallMs / bound).toFixed(2)}× the rate-limit bound), executions per worker ${ran.join(' + ')}`,
			);
			assert.equal(notDone, 0, 'hires not done');
			assert.equal(duplicates, 0, 'duplicate users');
			// The <= 2 % target is a benchmark's (bench/RESULTS.md), not this test's: the share depends
			// on the machine's load. This bound only catches pacing gone (the unshared pace of issue 13
			// drew 50 % 429s; measured here 9.5 to 12 %).
			assert.ok(share <= 0.3, `429s are ${(share * 100).toFixed(1)} % of the calls`);
			assert.ok(
				ran.every((count) => count > 0),
				`both workers ran executions: ${ran.join(', ')}`,
			);
		} finally {
			await queue.stop();
		}
	},
);
