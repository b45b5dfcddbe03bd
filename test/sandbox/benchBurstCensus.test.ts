/**
 * The burst bench's "hires not done" (bench/lib/measure.ts hiresNotDone) reads the simulators'
 * own state: a hire counts as done only when the user exists, is enrolled in the course and is
 * in the group. Four hires stopped at each step, onboarded with the bench's plain-HTTP recipe
 * against the TalentLMS and LearnWorlds simulators, must give three not done.
 */
import { hiresNotDone } from '../../bench/lib/measure';
import { naiveRecipe, pickTarget, type Person } from '../../bench/lib/naive';
import { learnWorldsProfile } from '../../nodes/shared/vendors/learnworlds';
import { standaloneAuthorizer } from '../../nodes/shared/vendors/learnworlds/standalone';
import { AxiosTransport } from '../../sandbox/client/axiosTransport';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { VendorId } from '../../sandbox/types';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({
		vendors: ['talentlms', 'learnworlds'],
		seed: { users: 3, courses: 2, groups: 2, completions: 0 },
	});
});
afterAll(() => sb.close());

function transportFor(vendor: VendorId): AxiosTransport {
	const creds = sb.simulators[vendor]!.credentials;
	if (vendor === 'learnworlds') {
		const settings = { schoolUrl: sb.urls[vendor], ...creds };
		return new AxiosTransport(
			standaloneAuthorizer(learnWorldsProfile, settings, new AxiosTransport()),
		);
	}
	const basic = `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64')}`;
	return new AxiosTransport(async () => ({ Authorization: basic }));
}

it.each<VendorId>(['talentlms', 'learnworlds'])(
	'%s: a hire not created, not enrolled or not in the group is not done',
	async (vendor) => {
		sb.setFaults(vendor, { enforceRateLimit: false });
		const http = transportFor(vendor);
		const recipe = naiveRecipe(vendor, sb.urls[vendor])!;
		const target = pickTarget(sb.state(vendor) as Record<string, unknown>)!;
		const person = (step: string): Person => ({
			email: `census.${step}@bench.example.com`,
			firstName: 'Cen',
			lastName: 'Sus',
			login: `census_${step}`,
		});
		// Hire n goes through the first n steps: create, enroll, add to group.
		const steps = ['none', 'created', 'enrolled', 'grouped'];
		for (const [n, step] of steps.entries()) {
			if (n === 0) continue;
			const created = await http.send(recipe.create(person(step)));
			const userId = recipe.createdId(created);
			expect(userId).toBeDefined();
			if (n >= 2)
				expect((await http.send(recipe.enroll(userId!, target, person(step)))).status).toBeLessThan(
					300,
				);
			if (n >= 3)
				expect((await http.send(recipe.addToGroup(userId!, target))).status).toBeLessThan(300);
		}
		const state = sb.state(vendor) as Record<string, unknown>;
		const emails = steps.map((step) => person(step).email);
		expect(hiresNotDone(state, target, emails)).toBe(3);
		expect(hiresNotDone(state, target, [person('grouped').email])).toBe(0);
	},
);
