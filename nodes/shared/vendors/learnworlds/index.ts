export { LearnWorldsAdapter, extractLearnWorldsMessage, learnWorldsErrorRules } from './adapter';
export { GrowAdapter, BULK_CHUNK_SIZE } from './grow';
export { growVendor, learnWorldsVendor } from './definition';
export * from './profile';
export {
	failedResponse,
	normaliseSchoolUrl,
	pacingFor,
	parseTokenResponse,
	readRequestsPerSecond,
	readSettings,
	tokenAnswerMessage,
	tokenError,
	tokenRequest,
	tokenRequestBody,
	type LearnWorldsSettings,
	type TokenSettings,
} from './settings';
export type { ActivityEvent } from './parse';
