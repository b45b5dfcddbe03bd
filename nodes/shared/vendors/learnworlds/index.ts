export { LearnWorldsAdapter } from './adapter';
export { extractLearnWorldsMessage, learnWorldsErrorRules } from './errors';
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
export type { ActivityEvent } from './mapping';
