export { LearnWorldsAdapter } from './adapter';
export { extractLearnWorldsMessage, learnWorldsErrorRules } from './errors';
export { definitionFor, LEARNWORLDS_CAPABILITIES, learnWorldsVendor } from './definition';
export * from './profile';
export {
	normaliseSchoolUrl,
	pathSetting,
	perSecondPacing,
	readSettings,
	type LearnWorldsSettings,
} from './settings';
export {
	failedResponse,
	parseTokenResponse,
	tokenAnswerMessage,
	tokenError,
	tokenRequest,
	type TokenSettings,
} from './auth';
export type { ActivityEvent } from './mapping';
