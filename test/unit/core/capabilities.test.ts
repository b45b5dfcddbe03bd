import { capabilitiesOf, declareCapabilities } from '../../../nodes/shared/core';
import { VENDOR_IDS, VENDORS } from '../../../nodes/shared/vendors';
import { LearningPoolAdapter } from '../../../nodes/shared/vendors/learningpool/adapter';
import { LearnUponAdapter } from '../../../nodes/shared/vendors/learnupon/adapter';
import { LearnWorldsAdapter } from '../../../nodes/shared/vendors/learnworlds/adapter';
import { GrowAdapter } from '../../../nodes/shared/vendors/grow';
import { TalentLmsAdapter } from '../../../nodes/shared/vendors/talentlms/adapter';

const ADAPTERS: Record<string, object> = {
	talentlms: TalentLmsAdapter.prototype,
	learnupon: LearnUponAdapter.prototype,
	learnworlds: LearnWorldsAdapter.prototype,
	grow: GrowAdapter.prototype,
	learningpool: LearningPoolAdapter.prototype,
};

describe('declared capabilities', () => {
	it.each(VENDORS.map((vendor) => [vendor.name, vendor] as const))(
		'%s declares every operation its adapter implements, and only those',
		(_name, vendor) => {
			const implemented = capabilitiesOf(ADAPTERS[vendor.id] as never);
			expect([...vendor.capabilities].sort()).toEqual([...implemented].sort());
		},
	);

	it('refuses, at compile time, a capability the adapter does not implement', () => {
		// TalentLMS has no tags: `npm run lint` (tsc) fails if this line ever compiles.
		// @ts-expect-error 'tag.add' is not implemented by TalentLmsAdapter
		const declared = declareCapabilities(TalentLmsAdapter, ['user.create', 'tag.add']);
		expect(declared.has('user.create')).toBe(true);
	});
});

describe('vendor registry', () => {
	it('lists each vendor under its own id', () => {
		expect(VENDORS.map((vendor) => vendor.id)).toEqual(VENDOR_IDS);
		expect(new Set(VENDOR_IDS).size).toBe(VENDOR_IDS.length);
	});
});
