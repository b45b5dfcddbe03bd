/**
 * Roster → Sync on the LearnWorlds node through n8n-core's engine against the simulator, which
 * enforces 30 calls per 10 s: a 2,000-row roster over 1,800 users applies exactly the planned
 * changes and nothing else, the same roster again changes nothing, and a new drift under
 * injected faults still ends in the roster's state without duplicates. The drift is small on
 * purpose (every write is a paced call); the roster is the full 2,000 rows. Deprovisioning is
 * scoped to a tag the school admin does not carry; the admin is absent from the roster and
 * stays as it was. "contractor" is a managed tag: removed where a row stops listing it.
 */
import type { IDataObject } from 'n8n-workflow';

import { LearnWorldsApi } from '../../credentials/LearnWorldsApi.credentials';
import { LearnWorlds } from '../../nodes/LearnWorlds/LearnWorlds.node';
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
import { CredentialStore } from './harness';

jest.setTimeout(240_000);

interface SimState {
	users: Array<{
		id: string;
		email: string;
		fields: Record<string, string>;
		is_suspended: boolean;
		tags: string[];
		role: { level: string };
	}>;
	courses: Array<{ id: string }>;
	groups: Array<{ id: string; members: string[] }>;
	enrollments: Array<{ userId: string; productId: string; productType: string }>;
}

let sb: Sandbox;
let vendor: RosterNode;
let scopeTag = '';
let courseId = '';
let groupId = '';

const state = () => sb.state('learnworlds') as SimState;
function view(): LmsView {
	const current = state();
	return {
		users: current.users.map((user) => ({
			id: user.id,
			email: user.email,
			// LearnWorlds users have no names (the spec's user has none): nothing to compare.
			firstName: '',
			lastName: '',
			active: !user.is_suspended,
			tags: user.tags,
			admin: user.role.level === 'admin',
		})),
		enrollments: new Set(current.enrollments.map((e) => `${e.userId}|${e.productId}`)),
		memberships: new Set(
			current.groups.flatMap((group) => group.members.map((member) => `${member}|${group.id}`)),
		),
	};
}

/** The roster's names are not stored in LearnWorlds: the expected state has none either. */
const withoutNames = (expected: LmsView): LmsView => ({
	...expected,
	users: expected.users.map((user) => ({ ...user, firstName: '', lastName: '' })),
});

const setup = (salt: string): RosterSetup => ({
	rows: 2000,
	courseId,
	groupId,
	scope: { tag: scopeTag },
	tags: { managed: 'contractor', added: 'emea' },
	salt,
});
const options = () => ({
	deprovision: true,
	scopeTag,
	managedTags: 'contractor',
});
const isWrite = (entry: { method: string; path: string }) =>
	entry.method !== 'GET' && !entry.path.endsWith('/access_token');

beforeAll(async () => {
	sb = await startSandbox({
		vendors: ['learnworlds'],
		seed: { users: 1800, courses: 3, groups: 2, completions: 0 },
	});
	const simulator = sb.simulators.learnworlds!;
	vendor = {
		type: 'n8n-nodes-lms-provisioning.learnWorlds',
		node: LearnWorlds,
		credentialTypes: [LearnWorldsApi],
		// One store for the file: later runs reuse the token, as an n8n instance would.
		credentials: new CredentialStore({
			learnWorldsApi: {
				schoolUrl: sb.urls.learnworlds,
				clientId: simulator.credentials.clientId,
				clientSecret: simulator.credentials.clientSecret,
			},
		}),
	};
	const admin = view().users.find((user) => user.admin)!;
	scopeTag = ['engineering', 'sales', 'apac'].find((tag) => !admin.tags.includes(tag))!;
	courseId = state().courses[1].id;
	groupId = state().groups[1].id;
});
afterAll(() => sb.close());

describe('LearnWorlds roster sync against the simulator (30 calls / 10 s)', () => {
	let rows: IDataObject[] = [];

	it('2,000 rows over 1,800 users: 3 creates, 2 reactivations, 4 suspensions, 5 enrollments, 5 group adds, 7 tag changes, exactly; names are no reason to update', async () => {
		const before = view();
		expect(before.users).toHaveLength(1800);
		const scenario = buildScenario(before, setup('a'), {
			creates: 3,
			// Every row carries a name LearnWorlds does not store; none may cause an update.
			renames: 0,
			reactivations: 2,
			suspensions: 2,
			deprovisions: 2,
			enrolls: 2,
			groupAdds: 2,
			tagAdds: 2,
			tagRemovals: 2,
		});
		rows = scenario.rows;
		expect(rows).toHaveLength(2000);
		sb.clearLog();

		const items = await runRosterSync(vendor, rows, options());
		expect(appliedByKind(items)).toEqual({
			create: 3,
			reactivate: 2,
			suspend: 4,
			enroll: 5,
			addToGroup: 5,
			addTags: 5,
			removeTags: 2,
		});
		expect(summaryOf(items)).toMatchObject({ rows: 2000, applied: 26, failed: 0 });
		const after = view();
		expect(duplicateEmails(after)).toEqual([]);
		expect(describeView(after)).toEqual(describeView(withoutNames(scenario.expected)));
		const log = sb.requestLog('learnworlds');
		expect(log.filter(isWrite)).toHaveLength(26);
		expect(log.filter((entry) => entry.violation)).toEqual([]);
		expect(log.filter((entry) => entry.status === 429)).toEqual([]);
		// No per-course listing is documented: enrollments and groups are read per user, and only
		// for the 2 + 2 existing users whose rows name a course or a group.
		expect(log.filter((entry) => /\/users\/[^/]+\/products$/.test(entry.path))).toHaveLength(2);
		expect(log.filter((entry) => /\/users\/[^/]+\/user-groups$/.test(entry.path))).toHaveLength(2);
	});

	it('the same 2,000 rows again: every row unchanged, no write', async () => {
		sb.clearLog();
		const items = await runRosterSync(vendor, rows, options());
		expect(summaryOf(items)).toMatchObject({ rows: 2000, applied: 0, unchanged: 2000, failed: 0 });
		expect(sb.requestLog('learnworlds').filter(isWrite)).toEqual([]);
	});

	it('a new drift (2 creates, 1+1+1 status changes, 3 enrollments, 4 tag changes) through 5xx, a 429 burst and dropped connections ends in the roster state', async () => {
		const scenario = buildScenario(view(), setup('b'), {
			creates: 2,
			renames: 0,
			reactivations: 1,
			suspensions: 1,
			deprovisions: 1,
			enrolls: 1,
			groupAdds: 1,
			tagAdds: 1,
			tagRemovals: 1,
		});
		sb.clearLog();
		sb.setFaults('learnworlds', {
			serverErrorRate: 0.1,
			rateLimitBurst: 2,
			dropAfterCommitRate: 0.3,
			seed: 3,
		});
		const items = await runRosterSync(vendor, scenario.rows, options());
		const faults = faultsSeen(sb, 'learnworlds');
		sb.clearFaults();
		// Retries after injected faults may also meet the school's own 30/10 s limit: allowed.
		expect([...faults]).toEqual(
			expect.arrayContaining(['dropAfterCommit', 'rateLimit', 'serverError']),
		);
		expect(items.filter((item) => item.status === 'failed')).toEqual([]);
		const after = view();
		expect(duplicateEmails(after)).toEqual([]);
		expect(describeView(after)).toEqual(describeView(withoutNames(scenario.expected)));
		const again = await runRosterSync(vendor, scenario.rows, options());
		expect(summaryOf(again)).toMatchObject({ applied: 0, unchanged: 2000 });
	});
});
