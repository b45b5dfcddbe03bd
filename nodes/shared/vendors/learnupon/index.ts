export { LearnUponAdapter } from './adapter';
export { PAGE_SIZE } from './api';
export { BULK_CHUNK, BULK_TIMEOUT_MS } from './bulkEnrollment';
export { learnUponErrorRules } from './errors';
export { toEnrollment, toUser } from './mapping';
export { learnUponVendor } from './definition';
export { minuteBudgetOf, RateBudgetTransport, type RateBudget } from './rateBudget';
export {
	DEFAULT_REQUESTS_PER_SECOND,
	normalisePortalUrl,
	readRequestsPerSecond,
	readSettings,
	type LearnUponSettings,
} from './settings';
