import { itemsInFlightFor } from '../../../nodes/shared/n8n/connect';
import { learningPoolVendor } from '../../../nodes/shared/vendors/learningpool/definition';
import { learnUponVendor } from '../../../nodes/shared/vendors/learnupon/definition';
import { learnWorldsVendor } from '../../../nodes/shared/vendors/learnworlds/definition';
import { growVendor } from '../../../nodes/shared/vendors/grow';
import { talentLmsVendor } from '../../../nodes/shared/vendors/talentlms/definition';

describe('items in flight', () => {
	it("overlaps items at TalentLMS' pace, where one at a time cannot keep up with the limit", () => {
		const pacing = talentLmsVendor.pacing({});
		const inFlight = itemsInFlightFor(pacing);
		expect(inFlight).toBeGreaterThan(1);
		// Enough items that a 250 ms call (a cloud LMS from a self-hosted n8n) still leaves the
		// pace, not the waiting, in charge.
		expect((inFlight * 1_000) / 250).toBeGreaterThanOrEqual(
			(pacing.requests * 1_000) / pacing.windowMs,
		);
	});

	it('runs one item at a time at the default paces of the token-based vendors', () => {
		for (const vendor of [learnWorldsVendor, growVendor, learningPoolVendor]) {
			expect([vendor.id, itemsInFlightFor(vendor.pacing({}))]).toEqual([vendor.id, 1]);
		}
	});

	it("overlaps LearnUpon's items: its 5 / s is a guess its remaining-calls header replaces", () => {
		const inFlight = itemsInFlightFor(learnUponVendor.pacing({}));
		// Enough for 20 calls a second at 250 ms a call, twice the sandbox's 600 a minute.
		expect((inFlight * 1_000) / 250).toBeGreaterThanOrEqual(20);
	});

	it('overlaps items when a credential raises its pace above 10 a second', () => {
		const raised = growVendor.pacing({ requestsPerSecond: 20 });
		expect(itemsInFlightFor(raised)).toBeGreaterThan(1);
		expect(itemsInFlightFor(growVendor.pacing({ requestsPerSecond: 10 }))).toBe(1);
	});

	it('stays bounded however fast the pace', () => {
		expect(itemsInFlightFor({ requests: 100_000, windowMs: 1_000 })).toBeLessThanOrEqual(10);
		expect(itemsInFlightFor({ requests: 1, windowMs: 60_000 })).toBe(1);
	});
});
