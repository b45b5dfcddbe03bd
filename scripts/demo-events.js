'use strict';
/**
 * Seeded completions are fixed before 2025-01-15 (sandbox/README.md), older than the 90 days a
 * trigger's "Fetch Test Event" looks back. For the demo, complete two open enrollments per
 * vendor at start-up, so a trigger dragged into a workflow shows something on its first click.
 */
const PER_VENDOR = 2;

/** Control-action calls ({action, args}) that complete open enrollments, from a simulator's state. */
const PICKERS = {
	talentlms: (state) =>
		state.enrollments
			.filter((e) => Number(e.completion_percentage) < 100)
			.map((e) => ({
				action: 'completeCourse',
				args: { userId: Number(e.user_id), courseId: Number(e.course_id) },
			})),
	learnupon: (state) =>
		state.enrollments
			.filter((e) => !['completed', 'passed', 'failed'].includes(e.status))
			.map((e) => ({ action: 'completeEnrollment', args: { enrollmentId: e.id } })),
	learnworlds: (state) => openProgress(state),
	grow: (state) => openProgress(state),
	learningpool: (state) =>
		state.enrollments
			.filter((e) => e.status !== 'completed')
			.map((e) => ({
				action: 'completeCourse',
				args: { userId: e.user_id, courseId: e.course_id },
			})),
};

function openProgress(state) {
	return state.progress
		.filter((p) => p.status !== 'completed')
		.map((p) => ({ action: 'completeCourse', args: { userId: p.userId, courseId: p.course_id } }));
}

async function call(url, method, body) {
	const res = await fetch(url, {
		method,
		headers: body ? { 'content-type': 'application/json' } : {},
		body: body ? JSON.stringify(body) : undefined,
	});
	if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${await res.text()}`);
	return res.json();
}

/**
 * @param sandbox { [vendor]: { url } } as the sandbox process reports it
 * @returns { [vendor]: number } completions made per vendor
 */
async function addFreshCompletions(sandbox) {
	const made = {};
	for (const [vendor, { url }] of Object.entries(sandbox)) {
		const pick = PICKERS[vendor];
		if (!pick) continue;
		const calls = pick(await call(`${url}/__sandbox/state`, 'GET')).slice(0, PER_VENDOR);
		for (const { action, args } of calls) {
			await call(`${url}/__sandbox/control/${action}`, 'POST', args);
		}
		made[vendor] = calls.length;
	}
	return made;
}

module.exports = { addFreshCompletions, PICKERS };
