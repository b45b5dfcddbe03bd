import { declareCapabilities, type VendorDefinition } from '../../core';
import { definitionFor, LEARNWORLDS_CAPABILITIES, readSettings } from '../learnworlds';
import { GrowAdapter } from './adapter';
import { growProfile } from './profile';

export const growVendor: VendorDefinition = definitionFor(
	growProfile,
	declareCapabilities(GrowAdapter, [...LEARNWORLDS_CAPABILITIES, 'enrollment.bulkEnroll']),
	(credentials, transport, clock) =>
		new GrowAdapter(growProfile, readSettings(growProfile, credentials), transport, clock),
);
