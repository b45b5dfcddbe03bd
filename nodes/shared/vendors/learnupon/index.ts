export { BULK_CHUNK, BULK_TIMEOUT_MS, LearnUponAdapter, PAGE_SIZE } from './adapter';
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
