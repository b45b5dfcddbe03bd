'use strict';
// Per vendor, in a real n8n with the packed package: a new hire is found-or-created, enrolled,
// added to a group and suspended (workflows/<vendor>-lifecycle.json). The same workflow runs a
// second time and must change nothing. Asserted on n8n's output items and on the simulator state.
const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');
const { LIFECYCLE_FACTS: VENDORS } = require('./lib/lifecycleFacts');

const same = (a, b) => String(a) === String(b);

const STEPS = ['Find or create user', 'Enroll in course', 'Add to group', 'Suspend user'];

function actions(res) {
	return STEPS.map((node) => {
		const items = res.items(node);
		assert.equal(
			items?.length,
			1,
			`${node}: expected one output item, got ${JSON.stringify(items)}`,
		);
		return items[0].action;
	});
}

for (const [vendor, expected] of Object.entries(VENDORS)) {
	const name = `${vendor}-lifecycle`;
	test(
		`${vendor}: create → enroll → group → suspend, then again with nothing to do`,
		{ skip: h.skipFor(name) },
		async () => {
			const sb = h.sandbox(vendor);
			const email = `e2e.${vendor}.${h.ctx.runId}@example.com`;
			const usersWithEmail = async () =>
				(await sb.state()).users.filter((u) => u.email.toLowerCase() === email);
			assert.deepEqual(await usersWithEmail(), [], 'the new hire must not exist before the run');

			const first = await h.execute(name);
			assert.equal(first.status, 'success', first.describe());
			assert.deepEqual(first.nodesRun(), ['Start', 'New hire', ...STEPS]);
			assert.deepEqual(actions(first), ['created', 'enrolled', 'added', 'suspended']);
			const created = first.items('Find or create user')[0];
			assert.equal(created.email, email);
			if (expected.names === false) {
				// The user has no name fields (LearnWorlds' spec): the names are not stored.
				assert.equal(created.firstName, undefined);
			} else {
				assert.equal(created.firstName, 'Ada');
				assert.equal(created.lastName, 'Lovelace');
			}
			const enrolled = first.items('Enroll in course')[0];
			assert.ok(
				same(enrolled.userId, created.id),
				`enrolled ${enrolled.userId}, created ${created.id}`,
			);
			assert.ok(same(enrolled.productId, expected.course));
			assert.ok(same(first.items('Add to group')[0].groupId, expected.group));
			const suspended = first.items('Suspend user')[0];
			assert.ok(same(suspended.id, created.id));
			assert.equal(suspended.status, 'suspended');

			let [user, ...dupes] = await usersWithEmail();
			assert.equal(dupes.length, 0, 'the user exists once');
			assert.ok(same(user.id, created.id), `sandbox id ${user.id}, output id ${created.id}`);
			assert.deepEqual(expected.facts(await sb.state(), user), {
				suspended: true,
				enrolled: true,
				inGroup: true,
			});

			// Re-running is safe: every step reports the work as already done and writes nothing new.
			const second = await h.execute(name);
			assert.equal(second.status, 'success', second.describe());
			assert.deepEqual(actions(second), [
				'found',
				'alreadyEnrolled',
				'alreadyMember',
				'alreadySuspended',
			]);
			assert.ok(same(second.items('Find or create user')[0].id, created.id));
			[user, ...dupes] = await usersWithEmail();
			assert.equal(dupes.length, 0, 'still exactly one user after the second run');
			assert.deepEqual(expected.facts(await sb.state(), user), {
				suspended: true,
				enrolled: true,
				inGroup: true,
			});
			if (expected.contract) {
				const broken = (await sb.log()).filter((entry) => entry.violation);
				assert.deepEqual(broken, [], 'requests the vendor contract refuses');
			}
		},
	);
}
