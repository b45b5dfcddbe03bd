import type { VendorDefinition } from '../core';
import { learningPoolVendor } from './learningpool';
import { learnUponVendor } from './learnupon';
import { growVendor } from './grow';
import { learnWorldsVendor } from './learnworlds';
import { talentLmsVendor } from './talentlms';

/**
 * Every vendor the package supports, by id, in the order the README lists them. Tests, the
 * sandbox and tools take their vendor lists from here (a sandbox without a simulator for an id
 * does not compile); adding a vendor is its folder, a line here and its node files.
 */
const BY_ID = {
	talentlms: talentLmsVendor,
	learnupon: learnUponVendor,
	learnworlds: learnWorldsVendor,
	grow: growVendor,
	learningpool: learningPoolVendor,
} as const satisfies Record<string, VendorDefinition>;

export type VendorId = keyof typeof BY_ID;

export const VENDORS: readonly VendorDefinition[] = Object.values(BY_ID);

export const VENDOR_IDS = Object.keys(BY_ID) as VendorId[];

export function vendorById(id: VendorId): VendorDefinition {
	return BY_ID[id];
}
