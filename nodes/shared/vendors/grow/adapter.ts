import {
	ApiClient,
	type BulkEnrollItem,
	type Clock,
	type LmsAdapter,
	type Transport,
} from '../../core';
import {
	LearnWorldsAdapter,
	learnWorldsErrorRules,
	type LearnWorldsSettings,
} from '../learnworlds';
import { GrowBulkEnrollment } from './bulkEnrollment';
import { growProfile } from './profile';
import type { GrowBulkSettings } from './settings';

/** LearnWorlds' v2 adapter (with Grow's profile) plus Grow's bulk enrollment. */
export type GrowAdapter = LearnWorldsAdapter & Required<Pick<LmsAdapter, 'bulkEnroll'>>;

/**
 * Grow by composition: Grow serves LearnWorlds' v2 API, so every call but one is LearnWorlds'
 * adapter configured with Grow's profile; bulk enrollment, which only Grow has, is its own object.
 */
export function createGrowAdapter(
	settings: LearnWorldsSettings,
	bulk: GrowBulkSettings,
	transport: Transport,
	clock: Clock,
): GrowAdapter {
	const learnWorlds = new LearnWorldsAdapter(growProfile, settings, transport, clock);
	const bulkEnrollment = new GrowBulkEnrollment(
		new ApiClient(transport, learnWorldsErrorRules(growProfile)),
		settings.apiBase,
		bulk,
		clock,
	);
	return Object.assign(learnWorlds, {
		bulkEnroll: (items: BulkEnrollItem[]) => bulkEnrollment.enroll(items),
	});
}
