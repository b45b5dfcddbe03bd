import type { VendorDefinition } from '../core';
import { learningPoolVendor } from './learningpool';
import { learnUponVendor } from './learnupon';
import { growVendor, learnWorldsVendor } from './learnworlds';
import { talentLmsVendor } from './talentlms';

/**
 * Every vendor the package supports, in the order the README lists them. Tests, the sandbox and
 * tools read their vendor lists from here; adding a vendor is its folder, a line here and its
 * node files.
 */
export const VENDORS: readonly VendorDefinition[] = [
	talentLmsVendor,
	learnUponVendor,
	learnWorldsVendor,
	growVendor,
	learningPoolVendor,
];
