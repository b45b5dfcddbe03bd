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
			assert.deepEqual(completionsOf(tlms[1], 'TalentLMS Trigger'), [secondCompletions.talentlms]);
			assert.deepEqual(completionsOf(lu[1], 'LearnUpon Trigger'), [secondCompletions.learnupon]);
		});
	},
);
