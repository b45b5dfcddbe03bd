/**
 * VendorId → simulator factory. The server and CLI start whatever is registered here.
 */
import type { SeedOptions, VendorId, VendorSimulator } from './types';
import { createTalentLmsSimulator } from './talentlms/simulator';
import { createLearnUponSimulator } from './learnupon/simulator';
import { createLearnWorldsSimulator } from './learnworlds/simulator';
import { createLearningPoolSimulator } from './learningpool/simulator';

export type SimulatorFactory = (seed?: SeedOptions) => VendorSimulator;

export const ALL_VENDORS: readonly VendorId[] = ['talentlms', 'learnupon', 'learnworlds', 'grow', 'learningpool'];

export const registry: Partial<Record<VendorId, SimulatorFactory>> = {
	talentlms: (seed) => createTalentLmsSimulator(seed),
	learnupon: (seed) => createLearnUponSimulator(seed),
	learnworlds: (seed) => createLearnWorldsSimulator('learnworlds', seed),
	grow: (seed) => createLearnWorldsSimulator('grow', seed),
	learningpool: (seed) => createLearningPoolSimulator(seed),
};

/** Vendors with a simulator available, in the canonical order. */
export function availableVendors(): VendorId[] {
	return ALL_VENDORS.filter((v) => registry[v] !== undefined);
}
