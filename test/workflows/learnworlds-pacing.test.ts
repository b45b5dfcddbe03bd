/**
 * 300 enrollments through the LearnWorlds node against the simulator's enforced limit of 30
 * requests per sliding 10 s (token call included). The node paces itself: no 429 at all, every
 * enrollment present. This takes about 105 s of real time by design (300 calls at 30/10 s).
 */
import { LearnWorldsApi } from '../../credentials/LearnWorldsApi.credentials';
import { LearnWorlds } from '../../nodes/LearnWorlds/LearnWorlds.node';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { CredentialStore, runWorkflow } from './harness';

jest.setTimeout(240_000);

const USERS = 300;

interface SimState {
	users: Array<{ id: string; email: string }>;
	courses: Array<{ id: string }>;
	enrollments: Array<{ userId: string; productId: string; productType: string }>;
}

describe('LearnWorlds pacing', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		// Four courses, no completions: seeding enrolls even users into courses 1 and 3 only.
		sandbox = await startSandbox({
			vendors: ['learnworlds'],
			seed: { users: USERS, courses: 4, groups: 0, completions: 0 },
		});
	});
	afterAll(() => sandbox.close());

	it('enrolls 300 users under 30 requests per 10 s with zero 429s', async () => {
		const state = () => sandbox.state('learnworlds') as SimState;
		const courseId = state().courses[1].id;
		expect(state().enrollments.filter((e) => e.productId === courseId)).toEqual([]);
		const simulator = sandbox.simulators.learnworlds!;
		const store = new CredentialStore({
			learnWorldsApi: {
				schoolUrl: sandbox.urls.learnworlds,
				clientId: simulator.credentials.clientId,
				clientSecret: simulator.credentials.clientSecret,
			},
		});
		const emails = state().users.map((user) => user.email);
		expect(emails).toHaveLength(USERS);

		const result = await runWorkflow({
			nodeTypes: { 'n8n-nodes-lms-provisioning.learnWorlds': LearnWorlds },
			credentialTypes: [LearnWorldsApi],
			credentials: store,
			nodes: [
				{
					name: 'LearnWorlds',
					type: 'n8n-nodes-lms-provisioning.learnWorlds',
					parameters: {
						resource: 'enrollment',
						operation: 'enroll',
						user: { __rl: true, mode: 'email', value: '={{ $json.email }}' },
						productType: 'course',
						course: { __rl: true, mode: 'id', value: courseId },
					},
				},
			],
			input: emails.map((email) => ({ email })),
		});
		if (result.error) throw result.error;
		const out = result.output('LearnWorlds').map((item) => item.json);
		expect(out.filter((item) => item.action === 'enrolled')).toHaveLength(USERS);

		const log = sandbox.requestLog('learnworlds');
		expect(log.filter((entry) => entry.status === 429)).toEqual([]);
		expect(log.filter((entry) => entry.path.endsWith('/access_token'))).toHaveLength(1);
		expect(log.filter((entry) => entry.path.endsWith('/enrollment'))).toHaveLength(USERS);
		// Never more than 30 calls (token included) in any 10 s, as the simulator counts them.
		const times = log.map((entry) => entry.at).sort((a, b) => a - b);
		let busiest = 0;
		for (let start = 0, end = 0; end < times.length; end++) {
			while (times[end] - times[start] >= 10_000) start++;
			busiest = Math.max(busiest, end - start + 1);
		}
		expect(busiest).toBeLessThanOrEqual(30);

		const enrolled = new Set(
			state()
				.enrollments.filter((e) => e.productId === courseId && e.productType === 'course')
				.map((e) => e.userId),
		);
		expect(enrolled.size).toBe(USERS);
		expect(state().users.every((user) => enrolled.has(user.id))).toBe(true);
	});
});
