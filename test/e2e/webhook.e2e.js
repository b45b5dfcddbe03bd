'use strict';
// Instant (webhook) triggers in a real n8n: the three webhook-trigger workflows are activated,
// each simulator is given n8n's production webhook URL, and then delivers, the way the vendor
// does, a signed event when a course is completed, a forged and an unsigned one, and a retry of
// one already delivered. n8n's answers and the executions it recorded must show one execution
// per genuine event, none for the forged, unsigned or repeated ones.
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

const WORKFLOWS = {
	learnworlds: { name: 'learnworlds-webhook', node: 'LearnWorlds Webhook Trigger' },
	grow: { name: 'grow-webhook', node: 'Grow Webhook Trigger' },
	learnupon: { name: 'learnupon-webhook', node: 'LearnUpon Webhook Trigger' },
};
const names = Object.values(WORKFLOWS).map((w) => w.name);
const skip = names.map(h.skipFor).find(Boolean) ?? false;

// Executions are written after n8n has answered the LMS; give late ones time to appear.
const SETTLE_MS = 3000;

function productionUrl(server, vendor) {
	const wf = require(h.workflow(WORKFLOWS[vendor].name).file);
	return `${server.url}/webhook/${wf.nodes[0].webhookId}/webhook`;
}

/**
 * n8n activates published workflows while it starts, not always before it reports ready: wait
 * until the production URL is registered (an unsigned probe is then answered 401, not 404).
 */
async function waitForWebhook(server, url, timeoutMs = 60000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const r = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		if (r.status !== 404) {
			assert.equal(r.status, 401, `an unsigned probe of ${url} got ${r.status}: ${await r.text()}`);
			return;
		}
		if (Date.now() > deadline) {
			throw new Error(
				`${url} still not registered after ${timeoutMs} ms:\n${server.output().slice(-4000)}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

async function deliveries(vendor) {
	return (await h.sandbox(vendor).control('webhookDeliveries')).result.deliveries;
}

async function send(vendor, args) {
	return (await h.sandbox(vendor).control('sendWebhook', args)).result.deliveries;
}

/** Completes one open course in a LearnWorlds-family simulator; returns who and which course. */
async function completeCourse(vendor) {
	const state = await h.sandbox(vendor).state();
	const open = state.progress.find((p) => p.status !== 'completed');
	await h
		.sandbox(vendor)
		.control('completeCourse', { userId: open.userId, courseId: open.course_id });
	return { userId: open.userId, courseId: open.course_id };
}

async function completeEnrollment() {
	const state = await h.sandbox('learnupon').state();
	const open = state.enrollments.find((e) => !['completed', 'passed', 'failed'].includes(e.status));
	await h.sandbox('learnupon').control('completeEnrollment', { enrollmentId: open.id, score: 77 });
	return { enrollmentId: open.id, userId: String(open.user_id), courseId: String(open.course_id) };
}

const statuses = (list) => list.map((d) => d.status);

test(
	'webhook triggers: signed events start one execution each; forged, unsigned and repeated ones none',
	{ skip },
	async () => {
		await h.withActiveWorkflows(names, async (s) => {
			for (const vendor of Object.keys(WORKFLOWS)) {
				const url = productionUrl(s.server, vendor);
				await waitForWebhook(s.server, url);
				await h.sandbox(vendor).control('unregisterWebhooks');
				await h.sandbox(vendor).control('registerWebhook', { url });
			}
			try {
				// Genuine events, sent because something happened in the LMS.
				const lw = await completeCourse('learnworlds');
				const grow = await completeCourse('grow');
				const lu = await completeEnrollment();
				for (const vendor of Object.keys(WORKFLOWS)) {
					const sent = await deliveries(vendor);
					assert.ok(sent.length > 0, `${vendor} sent nothing`);
					assert.ok(
						sent.every((d) => d.status === 200),
						`${vendor}: n8n answered ${JSON.stringify(sent.map((d) => [d.types, d.status, d.response]))}`,
					);
				}

				// Forged and unsigned: 401, and no execution.
				for (const signature of ['forged', 'none']) {
					assert.deepEqual(
						statuses(await send('learnworlds', { type: 'courseCompleted', ...lw, signature })),
						[401],
					);
					assert.deepEqual(
						statuses(await send('grow', { type: 'courseCompleted', ...grow, signature })),
						[401],
					);
					assert.deepEqual(
						statuses(
							await send('learnupon', {
								type: 'course_completion',
								enrollmentId: lu.enrollmentId,
								signature,
							}),
						),
						[401],
					);
				}

				// A retry of the completion already delivered: acknowledged, starts nothing.
				const retry = await send('learnupon', {
					type: 'course_completion',
					enrollmentId: lu.enrollmentId,
				});
				assert.deepEqual(statuses(retry), [200]);
				assert.equal(retry[0].response.reason, 'duplicate', JSON.stringify(retry[0].response));
				// One new LearnWorlds event delivered twice: one execution.
				const twice = await send('learnworlds', {
					type: 'courseCompleted',
					...lw,
					at: Date.parse('2026-01-01T00:00:00Z'),
					times: 2,
				});
				assert.deepEqual(statuses(twice), [200, 200]);

				const [lwRuns, growRuns, luRuns] = [
					await s.waitForExecutions(WORKFLOWS.learnworlds.name, 2),
					await s.waitForExecutions(WORKFLOWS.grow.name, 1),
					await s.waitForExecutions(WORKFLOWS.learnupon.name, 1),
				];
				await new Promise((r) => setTimeout(r, SETTLE_MS));
				const runs = {
					learnworlds: await s.executions(WORKFLOWS.learnworlds.name),
					grow: await s.executions(WORKFLOWS.grow.name),
					learnupon: await s.executions(WORKFLOWS.learnupon.name),
				};
				assert.equal(
					runs.learnworlds.length,
					2,
					'LearnWorlds: the completion and the new event once',
				);
				assert.equal(runs.grow.length, 1, 'Grow: the completion only');
				assert.equal(runs.learnupon.length, 1, 'LearnUpon: the completion only');
				assert.equal(lwRuns.length + growRuns.length + luRuns.length, 4);

				const items = (vendor, index = 0) => {
					const run = runs[vendor][index];
					assert.equal(run.status, 'success', JSON.stringify(run.error ?? null));
					assert.equal(run.mode, 'webhook');
					return run.items(WORKFLOWS[vendor].node);
				};
				const picked = (list) =>
					list.map(({ userId, courseId }) => ({
						userId: String(userId),
						courseId: String(courseId),
					}));
				assert.deepEqual(picked(items('learnworlds', 0)), [lw]);
				assert.deepEqual(picked(items('learnworlds', 1)), [lw]);
				assert.equal(items('learnworlds', 1)[0].completedAt, '2026-01-01T00:00:00.000Z');
				assert.deepEqual(picked(items('grow')), [grow]);
				const [luItem] = items('learnupon');
				assert.deepEqual(picked([luItem]), [{ userId: lu.userId, courseId: lu.courseId }]);
				assert.equal(luItem.score, 77);
				// The canonical completion record, as the polling triggers emit it.
				assert.deepEqual(Object.keys(luItem).sort(), [
					'completedAt',
					'courseId',
					'courseName',
					'email',
					'raw',
					'score',
					'userId',
				]);
				const secrets = Object.keys(WORKFLOWS).map((v) => h.sandbox(v).credentials.webhookSecret);
				const everything = JSON.stringify(
					Object.values(runs)
						.flat()
						.map((r) => r.run),
				);
				for (const secret of secrets)
					assert.ok(!everything.includes(secret), 'a secret reached an execution');
			} finally {
				for (const vendor of Object.keys(WORKFLOWS)) {
					await h.sandbox(vendor).control('unregisterWebhooks');
				}
			}
		});
	},
);
