import { declareCapabilities, type VendorDefinition } from '../../core';
import { talentLmsIdentity } from './identity';
import { TalentLmsAdapter } from './adapter';

/**
 * TalentLMS allows 200 calls per 5 s. A call holds its pacing slot from its start until a window
 * after its answer, which already over-counts the vendor's window, so a small margin is enough.
 */
export const TALENTLMS_PACING = { requests: 196, windowMs: 5_000 };

export const talentLmsVendor: VendorDefinition = {
	...talentLmsIdentity,
	// prettier-ignore
	capabilities: declareCapabilities(TalentLmsAdapter, [
		'user.create', 'user.get', 'user.list', 'user.update', 'user.suspend', 'user.reactivate', 'user.delete',
		'enrollment.enroll', 'enrollment.unenroll', 'enrollment.listForUser', 'enrollment.progress', 'enrollment.listForCourse',
		'course.list',
		'group.list', 'group.addMember', 'group.removeMember', 'group.listForUser', 'group.listMembers',
		'completion.list',
		'userCreation.listNumbered',
	]),
	productTypes: ['course'],
	enrollOptions: ['role'],
	notes: {
		'user.identifier':
			'To find a user by login, choose "By ID" and type the login: a non-numeric ID is looked up as the TalentLMS login',
		'user.customFields':
			'TalentLMS keys its custom fields custom_field_1, custom_field_2, …; also accepted: user_type, branch_id, group_id, language, restrict_email when creating, bio, timezone, deactivation_date when updating',
		'group.addMember': "TalentLMS also enrolls the user in the group's courses",
		'completion.list':
			'Read from the timeline (200 newest); when more completions happened since the date, every course is read (one call per course)',
	},
	pacing: () => TALENTLMS_PACING,
	callQuotaName: 'hourly call quota',
	// Timeline times are whole seconds; re-reading a few minutes costs nothing extra.
	completionOverlapMs: 5 * 60_000,
	createAdapter: (credentials, transport) => new TalentLmsAdapter(credentials.domain, transport),
	// The key, and the Basic pair TalentLMS's auth encodes from it (`key:`, empty password).
	secretsOf: (credentials) =>
		typeof credentials.apiKey === 'string' && credentials.apiKey
			? [credentials.apiKey, `${credentials.apiKey}:`]
			: [],
};
