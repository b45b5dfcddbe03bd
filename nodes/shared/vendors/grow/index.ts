export { createGrowAdapter, type GrowAdapter } from './adapter';
export { BULK_CHUNK_SIZE, GrowBulkEnrollment } from './bulkEnrollment';
export { growVendor } from './definition';
export { GROW_DEFAULT_REQUESTS_PER_SECOND, growProfile } from './profile';
export {
	DEFAULT_BULK_ENROLL_PATH,
	DEFAULT_BULK_STATUS_PATH,
	readBulkSettings,
	type GrowBulkSettings,
} from './settings';
export { growWebhooks } from './webhooks';
