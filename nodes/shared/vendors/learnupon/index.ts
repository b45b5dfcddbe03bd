export {
	BULK_CHUNK,
	BULK_TIMEOUT_MS,
	LearnUponAdapter,
	learnUponErrorRules,
	PAGE_SIZE,
	toEnrollment,
	toUser,
} from './adapter';
export { learnUponVendor } from './definition';
export { minuteBudgetOf, RateBudgetTransport, type RateBudget } from './rateBudget';
export {
	DEFAULT_REQUESTS_PER_SECOND,
	normalisePortalUrl,
	readRequestsPerSecond,
	readSettings,
	type LearnUponSettings,
} from './settings';
