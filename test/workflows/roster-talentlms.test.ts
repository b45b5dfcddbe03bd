/**
 * Roster → Sync on the TalentLMS node through n8n-core's engine against the simulator: a
 * 2,000-row roster over 1,800 users applies exactly the planned changes and nothing else, the
 * same roster again changes nothing, and a new drift under injected faults still ends in the
 * roster's state without duplicates. Deprovisioning is scoped to group 2; the account's
 * SuperAdmin is in group 1 and absent from the roster, and stays as it was.
 */
import type { IDataObject } from 'n8n-workflow';

import { TalentLmsApi } from '../../credentials/TalentLmsApi.credentials';
import { TalentLms } from '../../nodes/TalentLms/TalentLms.node';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { TALENTLMS_API_KEY } from '../../sandbox/talentlms/simulator';
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
		id: string;
		email: string;
		first_name: string;
		last_name: string;
		status: string;
		user_type: string;
		groups: string[];
	}>;
	enrollments: Array<{ user_id: string; course_id: string }>;
}

let sb: Sandbox;
let vendor: RosterNode;

function view(): LmsView {
	const state = sb.state('talentlms') as SimState;
	return {
		users: state.users.map((user) => ({
			id: user.id,
			email: user.email,
			firstName: user.first_name,
			lastName: user.last_name,
			active: user.status === 'active',
			tags: [],
			admin: user.user_type === 'SuperAdmin',
		})),
		enrollments: new Set(state.enrollments.map((e) => `${e.user_id}|${e.course_id}`)),
		memberships: new Set(state.users.flatMap((user) => user.groups.map((g) => `${user.id}|${g}`))),
	};
}

// Group 1 carries course 1 (joining enrolls), group 2 carries courses 2 and 3.
const setup = (salt: string): RosterSetup => ({
	rows: 2000,
	courseId: '3',
	groupId: '1',
	groupCourses: ['1'],
	scope: { groupId: '2' },
	salt,
});
const options = { deprovision: true, scopeGroupId: '2' };
/** TalentLMS's state-changing calls (some are GETs). */
const WRITES = /\/(usersignup|edituser|usersetstatus|addusertocourse|addusertogroup)\b/;

beforeAll(async () => {
	sb = await startSandbox({
		vendors: ['talentlms'],
		seed: { users: 1800, courses: 3, groups: 2, completions: 0 },
	});
	vendor = {
		type: 'n8n-nodes-lms-provisioning.talentLms',
		node: TalentLms,
		credentialTypes: [TalentLmsApi],
		credentials: { talentLmsApi: { domain: sb.urls.talentlms, apiKey: TALENTLMS_API_KEY } },
	};
});
afterAll(() => sb.close());

describe('TalentLMS roster sync against the simulator', () => {
	let rows: IDataObject[] = [];

	it('2,000 rows over 1,800 users: 20 creates, 20 renames, 10 reactivations, 20 suspensions, 40 enrollments, 40 group adds, exactly', async () => {
		const before = view();
		expect(before.users).toHaveLength(1800);
		const scenario = buildScenario(before, setup('a'), {
			creates: 20,
			renames: 20,
			reactivations: 10,
			suspensions: 10,
			deprovisions: 10,
			enrolls: 20,
			groupAdds: 20,
			tagAdds: 0,
			tagRemovals: 0,
		});
		rows = scenario.rows;
		expect(rows).toHaveLength(2000);
		sb.clearLog();

		const items = await runRosterSync(vendor, scenario.rows, options);
		expect(appliedByKind(items)).toEqual({
			create: 20,
			update: 20,
			reactivate: 10,
			suspend: 20,
			enroll: 40,
			addToGroup: 40,
		});
		expect(summaryOf(items)).toMatchObject({ rows: 2000, applied: 150, failed: 0 });
		const after = view();
		expect(duplicateEmails(after)).toEqual([]);
		expect(describeView(after)).toEqual(describeView(scenario.expected));
		// One listing per named course, no per-user reads.
		const reads = sb.requestLog('talentlms').filter((entry) => !WRITES.test(entry.path));
		expect(reads.filter((entry) => /\/users\/(id|email):/.test(entry.path))).toEqual([]);
		expect(reads.filter((entry) => entry.path.includes('/courses/id:'))).toHaveLength(1);
	});

	it('the same 2,000 rows again: every row unchanged, no write', async () => {
		sb.clearLog();
		const items = await runRosterSync(vendor, rows, options);
		expect(summaryOf(items)).toMatchObject({ rows: 2000, applied: 0, unchanged: 2000, failed: 0 });
		expect(items.filter((item) => !item.summary && item.status !== 'unchanged')).toEqual([]);
		expect(sb.requestLog('talentlms').filter((entry) => WRITES.test(entry.path))).toEqual([]);
	});

	it('a new drift (10 creates, 10 renames, 5+5+5 status changes, 20 enrollments) through 5xx, a 429 burst and dropped connections ends in the roster state', async () => {
		const scenario = buildScenario(view(), setup('b'), {
			creates: 10,
			renames: 10,
			reactivations: 5,
			suspensions: 5,
			deprovisions: 5,
			enrolls: 10,
			groupAdds: 10,
			tagAdds: 0,
			tagRemovals: 0,
		});
		sb.clearLog();
		sb.setFaults('talentlms', {
			serverErrorRate: 0.1,
			rateLimitBurst: 5,
			dropAfterCommitRate: 0.2,
			seed: 11,
		});
		const items = await runRosterSync(vendor, scenario.rows, options);
		const faults = faultsSeen(sb, 'talentlms');
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
