export { LearnWorldsAdapter, extractLearnWorldsMessage, learnWorldsErrorRules } from './adapter';
export { definitionFor, LEARNWORLDS_CAPABILITIES, learnWorldsVendor } from './definition';
export * from './profile';
export {
	failedResponse,
	normaliseSchoolUrl,
	pathSetting,
	perSecondPacing,
	parseTokenResponse,
	readSettings,
	tokenAnswerMessage,
	tokenError,
	tokenRequest,
	tokenRequestBody,
	type LearnWorldsSettings,
	type TokenSettings,
} from './settings';
export type { ActivityEvent } from './parse';
