/**
 * The bench's plain-HTTP baseline (bench/lib/naive.ts) sends what the vendors' contracts allow:
 * run once for a new and once for an existing person against the LearnUpon, TalentLMS,
 * LearnWorlds and Grow simulators, it onboards them and no request is logged as a contract
 * violation (for Grow: groups at /usergroups, as Plenum's guide spells them).
 */
import { naiveRecipe, pickTarget, type Person } from '../../bench/lib/naive';
import { learnWorldsProfile } from '../../nodes/shared/vendors/learnworlds';
import { growProfile } from '../../nodes/shared/vendors/grow';
import { standaloneAuthorizer } from '../../nodes/shared/vendors/learnworlds/standalone';
import { AxiosTransport } from '../../sandbox/client/axiosTransport';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { VendorId } from '../../sandbox/types';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({
		vendors: ['learnupon', 'talentlms', 'learnworlds', 'grow'],
		seed: { users: 5, courses: 2, groups: 2, completions: 0 },
	});
});
afterAll(() => sb.close());

const basic = (username: string, password: string) => async () => ({
	Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
});

function transportFor(vendor: VendorId): AxiosTransport {
	const creds = sb.simulators[vendor]!.credentials;
	if (vendor === 'learnworlds' || vendor === 'grow') {
		const profile = vendor === 'grow' ? growProfile : learnWorldsProfile;
		const settings = { schoolUrl: sb.urls[vendor], ...creds };
		return new AxiosTransport(standaloneAuthorizer(profile, settings, new AxiosTransport()));
	}
	return new AxiosTransport(basic(creds.username, creds.password ?? ''));
}

it.each<VendorId>(['learnupon', 'talentlms', 'learnworlds', 'grow'])(
	'%s: lookup, create, enroll and add to group keep to the contract',
	async (vendor) => {
		sb.setFaults(vendor, { enforceRateLimit: false });
		const http = transportFor(vendor);
		const recipe = naiveRecipe(vendor, sb.urls[vendor])!;
		const target = pickTarget(sb.state(vendor) as Record<string, unknown>)!;
		const person: Person = {
			email: `naive.${vendor}@bench.example.com`,
			firstName: 'Nai',
			lastName: 'Ve',
			login: `naive_${vendor}`,
		};
		for (let round = 0; round < 2; round++) {
			let userId = recipe.foundId(await http.send(recipe.lookup(person.email)));
			if (!userId) userId = recipe.createdId(await http.send(recipe.create(person)));
			expect(userId).toBeDefined();
			const enrolled = await http.send(recipe.enroll(userId!, target, person));
			const added = await http.send(recipe.addToGroup(userId!, target));
			// The first round onboards; the second is a duplicate the vendor answers as such.
			if (round === 0) expect([enrolled.status < 300, added.status < 300]).toEqual([true, true]);
		}
		expect(sb.violations(vendor)).toEqual([]);
		expect(sb.requestLog(vendor).filter((e) => e.status >= 500)).toEqual([]);
	},
);
