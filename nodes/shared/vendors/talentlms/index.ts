export { TalentLmsAdapter, TIMELINE_WINDOW, USER_PAGE_SIZE } from './adapter';
export { pathParams } from './endpoints';
export { noOpOf, talentLmsErrorRules } from './errors';
export { talentLmsVendor, TALENTLMS_PACING } from './definition';
export {
	apiBaseUrl,
	DOMAIN_EXPRESSION,
	DomainError,
	normaliseDomain,
	REFUSED_DOMAIN_ORIGIN,
} from './settings';
