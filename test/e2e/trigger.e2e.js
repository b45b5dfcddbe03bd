'use strict';
// Polling triggers in a real n8n. `n8n execute` never calls poll(), so the workflows are
// activated: `n8n start` polls each active poll workflow once on activation (then every minute),
// and the executions it records are read back over its REST API. Two activations in a row
// prove the cursor in static data survives a restart: the second emits only what is new.
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

const WORKFLOWS = ['talentlms-completions', 'learnupon-completions'];
const skip = WORKFLOWS.map(h.skipFor).find(Boolean) ?? false;

// What the crash test below needs from this one: which executions and completions came before.
const shared = { tlmsExecutionIds: new Set(), tlmsUsersEmitted: new Set() };

// Each activation waits at most this long for its poll's execution.
const POLL_TIMEOUT_MS = 90000;

/** Marks a course completed "now" in the simulators; returns what each trigger should emit. */
async function completeOneCourseEach(state) {
	const tlms = h.sandbox('talentlms');
	const tlmsUser = state.talentlms.users.find(
		(u) => u.status === 'active' && !state.emitted.talentlms.has(u.id),
	);
	await tlms.control('completeCourse', { userId: Number(tlmsUser.id), courseId: 2 });

	const lu = h.sandbox('learnupon');
	const open = state.learnupon.enrollments.find(
		(e) =>
			!['completed', 'passed', 'failed'].includes(e.status) &&
			!state.emitted.learnupon.has(String(e.user_id)),
	);
	await lu.control('completeEnrollment', { enrollmentId: open.id });
	return {
		talentlms: { userId: String(tlmsUser.id), courseId: '2' },
		learnupon: { userId: String(open.user_id), courseId: String(open.course_id) },
	};
}

function completionsOf(execution, node) {
	assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? null));
	return execution
		.items(node)
		.map((c) => ({ userId: String(c.userId), courseId: String(c.courseId) }));
}

test(
	'course-completion triggers poll in an active workflow and emit each completion once',
	{ skip },
	async () => {
		const state = {
			talentlms: await h.sandbox('talentlms').state(),
			learnupon: await h.sandbox('learnupon').state(),
			emitted: { talentlms: new Set(), learnupon: new Set() },
		};
		const firstCompletions = await completeOneCourseEach(state);

		// Activation 1: the trigger starts one day back (Backfill Days = 1); the seeded completions
		// are older, so exactly the completion made above is new.
		await h.withActiveWorkflows(WORKFLOWS, async (s) => {
			const [tlms] = await s.waitForExecutions('talentlms-completions', 1, POLL_TIMEOUT_MS);
			const [lu] = await s.waitForExecutions('learnupon-completions', 1, POLL_TIMEOUT_MS);
			assert.deepEqual(completionsOf(tlms, 'TalentLMS Trigger'), [firstCompletions.talentlms]);
			assert.deepEqual(completionsOf(lu, 'LearnUpon Trigger'), [firstCompletions.learnupon]);
			assert.equal(tlms.mode, 'trigger');
		});
		state.emitted.talentlms.add(firstCompletions.talentlms.userId);
		shared.tlmsUsersEmitted = state.emitted.talentlms;
		state.emitted.learnupon.add(firstCompletions.learnupon.userId);

		// The poll went to the vendors' completion endpoints, through the installed package.
		const tlmsLog = await h.sandbox('talentlms').log();
		assert.ok(
			tlmsLog.some((e) => e.method === 'GET' && e.path.startsWith('/api/v1/gettimeline')),
			`no TalentLMS timeline request in ${JSON.stringify(tlmsLog.map((e) => e.path))}`,
		);

		// Activation 2 (a restart): only the completion made since is emitted.
		const secondCompletions = await completeOneCourseEach(state);
		await h.withActiveWorkflows(WORKFLOWS, async (s) => {
			const tlms = await s.waitForExecutions('talentlms-completions', 2, POLL_TIMEOUT_MS);
			const lu = await s.waitForExecutions('learnupon-completions', 2, POLL_TIMEOUT_MS);
			for (const e of tlms) shared.tlmsExecutionIds.add(e.id);
			assert.deepEqual(completionsOf(tlms[1], 'TalentLMS Trigger'), [secondCompletions.talentlms]);
			assert.deepEqual(completionsOf(lu[1], 'LearnUpon Trigger'), [secondCompletions.learnupon]);
		});
		state.emitted.talentlms.add(secondCompletions.talentlms.userId);
	},
);

/**
 * n8n 2.40.7's default poller saves a poll's cursor (workflow static data) before it stores the
 * execution that carries the poll's events (`saveStaticData` then `runWorkflow`, in
 * trigger-execution-context.factory.js) and saves nothing at shutdown, so a kill between the two
 * loses those events, and a node cannot tell after a restart which of the two happened. With
 * durable poll cursors n8n commits the cursor in the same transaction as the execution: these
 * are the settings the README asks for.
 */
const DURABLE_CURSORS = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	// Pick up due polls within a second instead of 5–10 s.
	N8N_SCHEDULER_MATERIALIZATION_INTERVAL: '1',
	N8N_SCHEDULER_EXECUTOR_INTERVAL: '1',
};
// Logged (debug) by n8n when a poll returned events, before it stores their execution.
const EMIT_LINE = /Received event to trigger execution for workflow "[^"]*TalentLMS/;
const CRASH_COMPLETIONS = 5;

/**
 * `n8n start` that is SIGKILLed as soon as it logs that a poll of `name` returned events: the
 * simulator has answered, the execution may or may not be stored yet.
 */
async function startAndKillAfterPoll(env) {
	const port = await h.runtime.freePort();
	const child = await h.runtime.spawnN8n(h.ctx.userFolder, ['start'], {
		env: { ...env, N8N_LOG_LEVEL: 'debug', N8N_PORT: String(port), ...h.runtime.ownerEnv(h.OWNER) },
	});
	let out = '';
	return await new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`no poll emitted within ${POLL_TIMEOUT_MS} ms:\n${out.slice(-3000)}`));
		}, POLL_TIMEOUT_MS);
		const watch = (chunk) => {
			out += chunk;
			if (out.length > 400000) out = out.slice(-200000);
			if (EMIT_LINE.test(out) && child.exitCode === null && child.signalCode === null) {
				child.kill('SIGKILL');
			}
		};
		child.stdout.on('data', watch);
		child.stderr.on('data', watch);
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			if (signal === 'SIGKILL' && EMIT_LINE.test(out)) resolve(out);
			else
				reject(
					new Error(`n8n start exited (${code ?? signal}) before a poll:\n${out.slice(-3000)}`),
				);
		});
	});
}

test(
	'with durable poll cursors, a kill right after a poll was answered loses no completion',
	{
		// Durable poll cursors are an n8n 2.x setting; 1.x saves the cursor before the execution.
		skip:
			h.skipFor('talentlms-completions') ||
			(h.runtime.N8N_VERSION.startsWith('1.') && 'n8n 1.x has no durable poll cursors'),
	},
	async (t) => {
		const name = 'talentlms-completions';
		const tlms = h.sandbox('talentlms');
		const users = (await tlms.state()).users
			.filter((u) => u.status === 'active' && !shared.tlmsUsersEmitted.has(String(u.id)))
			.slice(0, CRASH_COMPLETIONS);
		assert.equal(users.length, CRASH_COMPLETIONS, 'not enough users left in the seed');
		for (const u of users)
			await tlms.control('completeCourse', { userId: Number(u.id), courseId: 2 });
		const expected = users.map((u) => String(u.id)).sort();

		await h.mustCli(h.runtime.activationArgs(h.workflow(name).id, true));
		const logMark = Date.now();
		await startAndKillAfterPoll(DURABLE_CURSORS);
		const answered = (await tlms.log()).filter(
			(e) => e.path.startsWith('/api/v1/gettimeline') && e.status === 200 && e.at >= logMark - 1000,
		);
		assert.ok(answered.length > 0, 'n8n was killed before the simulator answered its poll');

		// Restarted: the completions come out of the execution stored before the kill, or of the
		// poll that repeats the window the uncommitted cursor still points at.
		await h.withActiveWorkflows(
			[name],
			async (s) => {
				const deadline = Date.now() + 2 * POLL_TIMEOUT_MS;
				let emitted = [];
				for (;;) {
					const after = (await s.executions(name)).filter(
						(e) => !shared.tlmsExecutionIds.has(e.id),
					);
					emitted = after
						.flatMap((e) => completionsOf(e, 'TalentLMS Trigger'))
						.map((c) => c.userId);
					if (expected.every((id) => emitted.includes(id)) || Date.now() > deadline) break;
					await new Promise((r) => setTimeout(r, 1000));
				}
				const missing = expected.filter((id) => !emitted.includes(id));
				assert.deepEqual(
					missing,
					[],
					`lost across the kill; emitted ${JSON.stringify(emitted)}\n${s.server.output().slice(-3000)}`,
				);
				const repeated = emitted.filter((id, i) => emitted.indexOf(id) !== i);
				t.diagnostic(
					`emitted ${emitted.length} for ${expected.length} completions; repeated: ${repeated.length}`,
				);
				assert.deepEqual(
					repeated,
					[],
					'durable cursors commit the cursor with the execution: nothing twice',
				);
			},
			{ env: DURABLE_CURSORS },
		);
	},
);
