export { LearningPoolAdapter } from './adapter';
export { learningPoolErrorRules } from './errors';
export { learningPoolVendor } from './definition';
export {
	DEFAULT_ENDPOINTS,
	DEFAULT_TOKEN_PATH,
	ENDPOINT_KEYS,
	renderPath,
	resolveEndpoints,
	type EndpointKey,
	type EndpointMap,
	type EndpointSpec,
	type PaginationStyle,
} from './endpoints';
export {
	DEFAULT_REQUESTS_PER_SECOND,
	normaliseBaseUrl,
	readRequestsPerSecond,
	readSettings,
	readTokenSettings,
	type LearningPoolSettings,
	type TokenSettings,
} from './settings';
export { parseTokenResponse, tokenError, tokenRequest } from './auth';
