/**
 * VendorId → simulator factory. The server and CLI start whatever is registered here.
 */
import type { SeedOptions, VendorId, VendorSimulator } from './types';
import { createTalentLmsSimulator } from './talentlms/simulator';
import { createLearnUponSimulator } from './learnupon/simulator';

export type SimulatorFactory = (seed?: SeedOptions) => VendorSimulator;

export const ALL_VENDORS: readonly VendorId[] = ['talentlms', 'learnupon', 'learnworlds', 'grow', 'learningpool'];

export const registry: Partial<Record<VendorId, SimulatorFactory>> = {
	talentlms: (seed) => createTalentLmsSimulator(seed),
	learnupon: (seed) => createLearnUponSimulator(seed),
};

// ---------------------------------------------------------------------------------------------
// LearnWorlds / Grow and Learning Pool: owned by the other sandbox helper (sandbox/learnworlds/,
// sandbox/learningpool/). Loaded only when their modules exist, so the sandbox runs before and
// without them. Replace with static imports + registry lines once both are committed.
// ---------------------------------------------------------------------------------------------
const lw = optionalModule('./learnworlds/simulator') as
	| { createLearnWorldsSimulator?: (kind: 'learnworlds' | 'grow', seed?: SeedOptions) => VendorSimulator }
	| undefined;
if (lw?.createLearnWorldsSimulator) {
	const create = lw.createLearnWorldsSimulator;
	registry.learnworlds = (seed) => create('learnworlds', seed);
	registry.grow = (seed) => create('grow', seed);
}
const lp = optionalModule('./learningpool/simulator') as { createLearningPoolSimulator?: (seed?: SeedOptions) => VendorSimulator } | undefined;
if (lp?.createLearningPoolSimulator) {
	const create = lp.createLearningPoolSimulator;
	registry.learningpool = (seed) => create(seed);
}

/** Vendors with a simulator available, in the canonical order. */
export function availableVendors(): VendorId[] {
	return ALL_VENDORS.filter((v) => registry[v] !== undefined);
}

/** require() that answers undefined only when that very module is absent; any other error surfaces. */
function optionalModule(id: string): unknown {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require(id);
	} catch (e) {
		const err = e as { code?: string; message?: string };
		const missing = err.code === 'MODULE_NOT_FOUND' || /Cannot find module/.test(err.message ?? '');
		// Only the first line names the missing module (later lines are the require stack), so a
		// missing dependency *inside* an existing simulator still surfaces.
		if (missing && (err.message ?? '').split('\n')[0].includes(id)) return undefined;
		throw e;
	}
}
