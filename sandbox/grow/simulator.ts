/**
 * Grow by Plenum: LearnWorlds' v2 API on Plenum's hosts, so the LearnWorlds simulator in its Grow
 * dialect (its client header, its user-groups path, its unpublished bulk endpoints, refused where
 * docs/grow.md marks a guess).
 */
import type { SeedOptions, VendorSimulator } from '../types';
import { createLearnWorldsSimulator, type LearnWorldsOptions } from '../learnworlds/simulator';

export function createGrowSimulator(
	seed?: SeedOptions,
	opts?: LearnWorldsOptions,
): VendorSimulator {
	return createLearnWorldsSimulator('grow', seed, opts);
}
