/**
 * Many executions at once on one credential, as webhook-triggered onboarding runs them: each a few
 * hires through Find or Create → Enroll, all started together against the TalentLMS simulator
 * with its 200-calls-per-5-s limit enforced. One pace per credential in the process keeps the lot
 * under the ceiling (one pace per execution would send six times it), executions take turns, and
 * hires shared by two executions still make one user each.
 */
import type { IDataObject } from 'n8n-workflow';

import { TalentLmsApi } from '../../credentials/TalentLmsApi.credentials';
import { TalentLms } from '../../nodes/TalentLms/TalentLms.node';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { TALENTLMS_API_KEY } from '../../sandbox/talentlms/simulator';
import { runWorkflow } from './harness';

jest.setTimeout(180_000);

const TYPE = 'n8n-nodes-lms-provisioning.talentLms';
const EXECUTIONS = 6;
const HIRES = 20;

interface SimState {
	users: Array<{ id: string; email: string }>;
	enrollments: Array<{ user_id: string; course_id: string }>;
}

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({
		vendors: ['talentlms'],
		seed: { users: 10, courses: 2, groups: 0, completions: 0 },
	});
});
afterAll(() => sb.close());
beforeEach(() => {
	sb.reset({ users: 10, courses: 2, groups: 0, completions: 0 });
	sb.clearFaults();
});

const state = () => sb.state('talentlms') as SimState;

function onboard(hires: IDataObject[], maxWaitMinutes?: number) {
	const wait = maxWaitMinutes === undefined ? {} : { maxWaitMinutes };
	return runWorkflow({
		nodeTypes: { [TYPE]: TalentLms },
		credentialTypes: [TalentLmsApi],
		credentials: { talentLmsApi: { domain: sb.urls.talentlms, apiKey: TALENTLMS_API_KEY } },
		nodes: [
			{
				name: 'Find or Create',
				type: TYPE,
				parameters: {
					resource: 'user',
					operation: 'findOrCreate',
					email: '={{ $json.email }}',
					firstName: 'New',
					lastName: '={{ $json.last }}',
					...wait,
				},
				onError: 'continueRegularOutput',
			},
			{
				name: 'Enroll',
				type: TYPE,
				parameters: {
					resource: 'enrollment',
					operation: 'enroll',
					user: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					course: { __rl: true, mode: 'id', value: '1' },
					...wait,
				},
				onError: 'continueRegularOutput',
			},
		],
		input: hires,
	});
}

const hire = (execution: number, n: number) => ({
	email: `hire-${execution}-${n}@example.com`,
	last: `Hire${execution}x${n}`,
});

/** Most calls the simulator accepted in any 5 s. */
function busiest(times: number[], windowMs: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	for (let start = 0, end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= windowMs) start++;
		most = Math.max(most, end - start + 1);
	}
	return most;
}

describe('concurrent executions on one credential', () => {
	it(`${EXECUTIONS} executions × ${HIRES} hires: all done, no duplicates, under the ceiling, hardly a 429`, async () => {
		// Every execution also carries the same two people: find-or-create across executions.
		const shared = [0, 1].map((n) => ({ email: `shared-${n}@example.com`, last: `Shared${n}` }));
		const results = await Promise.all(
			Array.from({ length: EXECUTIONS }, (_, e) =>
				onboard([...Array.from({ length: HIRES }, (_, n) => hire(e, n)), ...shared]),
			),
		);
		for (const result of results) {
			if (result.error) throw result.error;
			const enrolled = result.output('Enroll').map((item) => item.json);
			expect(enrolled.filter((item) => item.error !== undefined)).toEqual([]);
			expect(enrolled).toHaveLength(HIRES + shared.length);
		}

		const { users, enrollments } = state();
		const emails = users.map((user) => user.email);
		for (let e = 0; e < EXECUTIONS; e++) {
			for (let n = 0; n < HIRES; n++) {
				expect(emails.filter((email) => email === hire(e, n).email)).toHaveLength(1);
			}
		}
		for (const person of shared) {
			expect(emails.filter((email) => email === person.email)).toHaveLength(1);
		}
		const newIds = new Set(
			users.filter((user) => /^(hire|shared)-/.test(user.email)).map((user) => user.id),
		);
		expect(newIds.size).toBe(EXECUTIONS * HIRES + shared.length);
		const enrolledIds = new Set(
			enrollments.filter((row) => row.course_id === '1').map((row) => row.user_id),
		);
		for (const id of newIds) expect(enrolledIds.has(id)).toBe(true);

		const log = sb.requestLog('talentlms');
		const refused = log.filter((entry) => entry.status === 429);
		expect(refused.length / log.length).toBeLessThanOrEqual(0.02);
		// GET /ratelimit (the quota check) does not count against the limit.
		const accepted = log
			.filter((entry) => entry.status !== 429 && !entry.path.endsWith('/ratelimit'))
			.map((entry) => entry.at);
		expect(busiest(accepted, 5_000)).toBeLessThanOrEqual(200);
	});

	it('waits out a burst of 30 injected 429s in a row (more than any attempt count) and finishes every hire', async () => {
		sb.setFaults('talentlms', { rateLimitBurst: 30 });
		const results = await Promise.all(
			Array.from({ length: 3 }, (_, e) => onboard(Array.from({ length: 5 }, (_, n) => hire(e, n)))),
		);
		for (const result of results) {
			if (result.error) throw result.error;
			const enrolled = result.output('Enroll').map((item) => item.json);
			expect(enrolled.filter((item) => item.error !== undefined)).toEqual([]);
			expect(enrolled.map((item) => item.action)).toEqual(Array(5).fill('enrolled'));
		}
		const log = sb.requestLog('talentlms');
		expect(log.filter((entry) => entry.fault === 'rateLimit')).toHaveLength(30);
		const emails = state().users.map((user) => user.email);
		expect(new Set(emails).size).toBe(emails.length);
	});

	it('fails an item that outlasts "Max Wait When Throttled", saying how long it waited and that rerunning is safe', async () => {
		sb.setFaults('talentlms', { rateLimitBurst: 10_000 });
		const result = await onboard([hire(0, 0)], 0.05);
		if (result.error) throw result.error;
		const [item] = result.output('Find or Create').map((entry) => entry.json);
		expect(String(item.error)).toMatch(/429.*after \d+ attempts over \d+ s/);
		expect(String(item.hint)).toMatch(/Max Wait When Throttled" \(3 s\)/);
		expect(String(item.hint)).toMatch(/running the item again is safe/);
		expect(state().users.filter((user) => user.email === hire(0, 0).email)).toEqual([]);
	});
});
