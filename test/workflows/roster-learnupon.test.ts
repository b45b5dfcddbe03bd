/**
 * Roster → Sync on the LearnUpon node through n8n-core's engine against the simulator: a
 * 2,000-row roster over 1,800 users applies exactly the planned changes and nothing else, the
 * same roster again changes nothing, and a new drift under injected faults still ends in the
 * roster's state without duplicates. Deprovisioning is scoped to one group (every sixth
 * learner); the portal admin is outside it and absent from the roster, and stays as it was.
 */
import type { IDataObject } from 'n8n-workflow';

import { LearnUponApi } from '../../credentials/LearnUponApi.credentials';
import { LearnUpon } from '../../nodes/LearnUpon/LearnUpon.node';
import { LEARNUPON_PASSWORD, LEARNUPON_USERNAME } from '../../sandbox/learnupon/simulator';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import {
	appliedByKind,
	buildScenario,
	describeView,
	duplicateEmails,
	faultsSeen,
	runRosterSync,
	summaryOf,
	type LmsView,
	type RosterNode,
	type RosterSetup,
} from './roster/scenario';

jest.setTimeout(180_000);

interface SimState {
	users: Array<{
		id: number;
		email: string;
		first_name: string;
		last_name: string;
		enabled: boolean;
		user_type: string;
	}>;
	enrollments: Array<{ user_id: number; course_id: number }>;
	group_memberships: Array<{ group_id: number; user_id: number }>;
}

let sb: Sandbox;
let vendor: RosterNode;
// Seeded groups 701..704: odd ones auto-enroll into a course, 702 and 704 do not.
const SCOPE_GROUP = '702';

function view(): LmsView {
	const state = sb.state('learnupon') as SimState;
	return {
		users: state.users.map((user) => ({
			id: String(user.id),
			email: user.email,
			firstName: user.first_name,
			lastName: user.last_name,
			active: user.enabled,
			tags: [],
			admin: user.user_type === 'admin',
		})),
		enrollments: new Set(state.enrollments.map((e) => `${e.user_id}|${e.course_id}`)),
		memberships: new Set(state.group_memberships.map((m) => `${m.user_id}|${m.group_id}`)),
	};
}

const setup = (salt: string): RosterSetup => ({
	rows: 2000,
	courseId: '3002',
	groupId: '704',
	scope: { groupId: SCOPE_GROUP },
	salt,
});
const options = { deprovision: true, scopeGroupId: SCOPE_GROUP };
const isWrite = (entry: { method: string }) => entry.method !== 'GET';

beforeAll(async () => {
	sb = await startSandbox({
		vendors: ['learnupon'],
		seed: { users: 1800, courses: 3, groups: 4, completions: 0 },
	});
	vendor = {
		type: 'n8n-nodes-lms-provisioning.learnUpon',
		node: LearnUpon,
		credentialTypes: [LearnUponApi],
		credentials: {
			learnUponApi: {
				portal: sb.urls.learnupon,
				username: LEARNUPON_USERNAME,
				password: LEARNUPON_PASSWORD,
				// The simulator allows 600 a minute; stay under it.
				requestsPerSecond: 8,
			},
		},
	};
	// The scope population: every sixth learner joins group 702 (set up outside the node).
	sb.setFaults('learnupon', { enforceRateLimit: false });
	const auth = `Basic ${Buffer.from(`${LEARNUPON_USERNAME}:${LEARNUPON_PASSWORD}`).toString('base64')}`;
	const learners = view().users.filter((user) => !user.admin);
	for (const user of learners.filter((_, index) => index % 6 === 0)) {
		const response = await fetch(`${sb.urls.learnupon}/api/v1/group_memberships`, {
			method: 'POST',
			headers: { authorization: auth, 'content-type': 'application/json' },
			body: JSON.stringify({
				GroupMembership: { group_id: Number(SCOPE_GROUP), user_id: Number(user.id) },
			}),
		});
		if (!response.ok) throw new Error(`membership setup failed: ${response.status}`);
	}
	sb.clearFaults();
});
afterAll(() => sb.close());

describe('LearnUpon roster sync against the simulator', () => {
	let rows: IDataObject[] = [];

	it('2,000 rows over 1,800 users: 6 creates, 6 renames, 4 reactivations, 6 suspensions, 11 enrollments, 11 group adds, exactly', async () => {
		const before = view();
		expect(before.users).toHaveLength(1800);
		expect(before.memberships.size).toBe(300);
		const scenario = buildScenario(before, setup('a'), {
			creates: 6,
			renames: 6,
			reactivations: 4,
			suspensions: 3,
			deprovisions: 3,
			enrolls: 5,
			groupAdds: 5,
			tagAdds: 0,
			tagRemovals: 0,
		});
		rows = scenario.rows;
		expect(rows).toHaveLength(2000);
		sb.clearLog();

		const items = await runRosterSync(vendor, rows, options);
		expect(appliedByKind(items)).toEqual({
			create: 6,
			update: 6,
			reactivate: 4,
			suspend: 6,
			enroll: 11,
			addToGroup: 11,
		});
		expect(summaryOf(items)).toMatchObject({ rows: 2000, applied: 44, failed: 0 });
		const after = view();
		expect(duplicateEmails(after)).toEqual([]);
		expect(describeView(after)).toEqual(describeView(scenario.expected));
		// Reads: user pages, one enrollment search for the course, one membership listing per group.
		const log = sb.requestLog('learnupon');
		expect(log.filter((entry) => /\/users\/\d+$/.test(entry.path) && !isWrite(entry))).toEqual([]);
		expect(log.filter((entry) => entry.path.endsWith('/enrollments/search'))).toHaveLength(1);
		expect(log.filter(isWrite)).toHaveLength(44);
	});

	it('the same 2,000 rows again: every row unchanged, no write', async () => {
		sb.clearLog();
		const items = await runRosterSync(vendor, rows, options);
		expect(summaryOf(items)).toMatchObject({ rows: 2000, applied: 0, unchanged: 2000, failed: 0 });
		expect(sb.requestLog('learnupon').filter(isWrite)).toEqual([]);
	});

	it('a new drift (4 creates, 4 renames, 2+2+2 status changes, 7 enrollments) through 5xx, a 429 burst and dropped connections ends in the roster state', async () => {
		const scenario = buildScenario(view(), setup('b'), {
			creates: 4,
			renames: 4,
			reactivations: 2,
			suspensions: 2,
			deprovisions: 2,
			enrolls: 3,
			groupAdds: 3,
			tagAdds: 0,
			tagRemovals: 0,
		});
		sb.clearLog();
		sb.setFaults('learnupon', {
			serverErrorRate: 0.1,
			rateLimitBurst: 3,
			dropAfterCommitRate: 0.25,
			seed: 5,
		});
		const items = await runRosterSync(vendor, scenario.rows, options);
		const faults = faultsSeen(sb, 'learnupon');
		sb.clearFaults();
		expect([...faults].sort()).toEqual(['dropAfterCommit', 'rateLimit', 'serverError']);
		expect(items.filter((item) => item.status === 'failed')).toEqual([]);
		const after = view();
		expect(duplicateEmails(after)).toEqual([]);
		expect(describeView(after)).toEqual(describeView(scenario.expected));
		const again = await runRosterSync(vendor, scenario.rows, options);
		expect(summaryOf(again)).toMatchObject({ applied: 0, unchanged: 2000 });
	});
});
