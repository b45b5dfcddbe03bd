export { GrowAdapter, BULK_CHUNK_SIZE } from './adapter';
export { growVendor } from './definition';
export {
	DEFAULT_BULK_ENROLL_PATH,
	DEFAULT_BULK_STATUS_PATH,
	GROW_DEFAULT_REQUESTS_PER_SECOND,
	growProfile,
} from './profile';
