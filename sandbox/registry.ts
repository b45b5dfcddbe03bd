/**
 * VendorId → simulator factory. The server and CLI start whatever is registered here.
 */
import { VENDOR_IDS } from '../nodes/shared/vendors';
import type { SeedOptions, VendorId, VendorSimulator } from './types';
import { createTalentLmsSimulator } from './talentlms/simulator';
import { createLearnUponSimulator } from './learnupon/simulator';
import { createLearnWorldsSimulator } from './learnworlds/simulator';
import { createGrowSimulator } from './grow/simulator';
import { createLearningPoolSimulator } from './learningpool/simulator';
import { DIALECTS } from './webhookEvents';
import { attachWebhooks } from './webhooks';

export type SimulatorFactory = (seed?: SeedOptions) => VendorSimulator;

export const ALL_VENDORS: readonly VendorId[] = VENDOR_IDS;

/** One simulator per vendor the package supports (a vendor without one does not compile). */
export const registry: Record<VendorId, SimulatorFactory> = {
	talentlms: (seed) => createTalentLmsSimulator(seed),
	// The three vendors that push events also send signed webhooks (sandbox/webhooks.ts).
	learnupon: (seed) => attachWebhooks(createLearnUponSimulator(seed), DIALECTS.learnupon),
	learnworlds: (seed) =>
		attachWebhooks(createLearnWorldsSimulator('learnworlds', seed), DIALECTS.learnworlds),
	grow: (seed) => attachWebhooks(createGrowSimulator(seed), DIALECTS.grow),
	learningpool: (seed) => createLearningPoolSimulator(seed),
};

/** Vendors with a simulator available, in the canonical order. */
export function availableVendors(): VendorId[] {
	return [...ALL_VENDORS];
}
