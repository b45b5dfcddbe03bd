'use strict';
// What the lifecycle e2e (lifecycle.e2e.js) checks per vendor, keyed by registry id
// (nodes/shared/vendors/index.ts); test/unit/package/vendorMaps.test.ts fails when an id is missing.

const same = (a, b) => String(a) === String(b);

// LearnWorlds and Grow share one API (and simulator).
function productFacts(state, user) {
	return {
		suspended: user.is_suspended === true,
		enrolled: state.enrollments.some(
			(e) =>
				e.userId === user.id && e.productId === 'security-basics-1' && e.productType === 'course',
		),
		inGroup: state.groups
			.find((g) => g.id === '64b200000000000000000001')
			.members.includes(user.id),
	};
}

/**
 * Where each simulator keeps what the workflow touched, in its vendor's own shapes
 * (GET /__sandbox/state), reduced to the same facts for every vendor.
 */
const LIFECYCLE_FACTS = {
	talentlms: {
		course: '1',
		group: '1',
		// Every request must keep to the vendor's contract as its simulator enforces it.
		contract: true,
		facts: (state, user) => ({
			suspended: user.status === 'inactive',
			enrolled: state.enrollments.some((e) => same(e.user_id, user.id) && same(e.course_id, '1')),
			inGroup: user.groups.map(String).includes('1'),
		}),
	},
	learnupon: {
		course: '3001',
		group: '701',
		// Every request must keep to the vendor's contract as its simulator enforces it.
		contract: true,
		facts: (state, user) => ({
			suspended: user.enabled === false,
			enrolled: state.enrollments.some((e) => same(e.user_id, user.id) && same(e.course_id, 3001)),
			inGroup: state.group_memberships.some(
				(m) => same(m.user_id, user.id) && same(m.group_id, 701),
			),
		}),
	},
	learnworlds: {
		course: 'security-basics-1',
		names: false,
		group: '64b200000000000000000001',
		// Every request must keep to LearnWorlds' OpenAPI spec.
		contract: true,
		facts: (state, user) => productFacts(state, user),
	},
	grow: {
		course: 'security-basics-1',
		names: false,
		group: '64b200000000000000000001',
		// Every request must keep to LearnWorlds' OpenAPI spec (with Grow's overlay).
		contract: true,
		facts: (state, user) => productFacts(state, user),
	},
	learningpool: {
		course: '501',
		group: '201',
		// Every request must keep to the vendor's contract as its simulator enforces it.
		contract: true,
		facts: (state, user) => ({
			suspended: user.status === 'suspended',
			enrolled: state.enrollments.some((e) => same(e.user_id, user.id) && same(e.course_id, 501)),
			inGroup: state.groups.find((g) => same(g.id, 201)).members.some((m) => same(m, user.id)),
		}),
	},
};

module.exports = { LIFECYCLE_FACTS };
