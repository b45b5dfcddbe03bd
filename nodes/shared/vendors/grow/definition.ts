import { declareCapabilities, type VendorDefinition } from '../../core';
import { definitionFor, LEARNWORLDS_CAPABILITIES, readSettings } from '../learnworlds';
import { createGrowAdapter } from './adapter';
import { growProfile } from './profile';
import { readBulkSettings } from './settings';

export const growVendor: VendorDefinition = definitionFor(
	growProfile,
	declareCapabilities(createGrowAdapter, [...LEARNWORLDS_CAPABILITIES, 'enrollment.bulkEnroll']),
	(credentials, transport, clock) =>
		createGrowAdapter(
			readSettings(growProfile, credentials),
			readBulkSettings(credentials),
			transport,
			clock,
		),
);
