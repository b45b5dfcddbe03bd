import { declareCapabilities, type VendorDefinition } from '../../core';
import { definitionFor, LEARNWORLDS_CAPABILITIES, readSettings } from '../learnworlds';
import { GrowAdapter } from './adapter';
import { growProfile } from './profile';
import { readBulkSettings } from './settings';

export const growVendor: VendorDefinition = definitionFor(
	growProfile,
	declareCapabilities(GrowAdapter, [...LEARNWORLDS_CAPABILITIES, 'enrollment.bulkEnroll']),
	(credentials, transport, clock) =>
		new GrowAdapter(
			readSettings(growProfile, credentials),
			readBulkSettings(credentials),
			transport,
			clock,
		),
);
