export { LearningPoolAdapter, learningPoolErrorRules } from './adapter';
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
	parseTokenResponse,
	readRequestsPerSecond,
	readSettings,
	readTokenSettings,
	tokenRequestBody,
	standaloneAuthorizer,
	tokenError,
	tokenRequest,
	type LearningPoolSettings,
	type StandaloneAuthorizer,
	type TokenSettings,
} from './settings';
