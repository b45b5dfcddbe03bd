import type { VendorDefinition, WebhookVendorDefinition } from '../core';
import { learningPoolVendor } from './learningpool';
import { learnUponVendor } from './learnupon';
import { learnUponWebhooks } from './learnupon/webhooks';
import { growVendor, growWebhooks } from './grow';
import { learnWorldsVendor } from './learnworlds';
import { learnWorldsWebhooks } from './learnworlds/webhooks';
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

/** The vendors that push signed webhooks (instant triggers), by registry id. */
const WEBHOOKS_BY_ID = {
	learnupon: learnUponWebhooks,
	learnworlds: learnWorldsWebhooks,
	grow: growWebhooks,
} as const satisfies Partial<Record<VendorId, WebhookVendorDefinition>>;

export const WEBHOOK_VENDORS: readonly WebhookVendorDefinition[] = Object.values(WEBHOOKS_BY_ID);

export const WEBHOOK_VENDOR_IDS = Object.keys(WEBHOOKS_BY_ID) as VendorId[];
