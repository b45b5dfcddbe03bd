import { declareCapabilities, type VendorDefinition } from '../../core';
import { learningPoolIdentity } from './identity';
import { LearningPoolAdapter } from './adapter';
import { readRequestsPerSecond, readSettings } from './settings';

export const learningPoolVendor: VendorDefinition = {
	...learningPoolIdentity,
	// prettier-ignore
	capabilities: declareCapabilities(LearningPoolAdapter, [
		'user.create', 'user.get', 'user.list', 'user.update', 'user.suspend', 'user.reactivate',
		'enrollment.enroll', 'enrollment.unenroll', 'enrollment.listForUser', 'enrollment.progress',
		'course.list',
		'group.list', 'group.addMember', 'group.removeMember', 'group.listMembers',
		'tag.add', 'tag.remove',
		'completion.list',
	]),
	productTypes: ['course'],
	enrollOptions: [],
	notes: {
		'user.customFields':
			'Sent as top-level fields of the user body, next to email and names: use the names your Learning Pool collection documents',
		'group.removeMember':
			'A 404 from the LMS counts as "not a member"; a wrong group ID is not detected',
	},
	// No published ceiling: a conservative default, settable in the credential.
	pacing: (credentials) => ({ requests: readRequestsPerSecond(credentials), windowMs: 1_000 }),
	completionOverlapMs: 10 * 60_000,
	createAdapter: (credentials, transport) =>
		new LearningPoolAdapter(readSettings(credentials), transport),
	secretsOf: (credentials) =>
		[credentials.clientSecret, credentials.accessToken].filter(
			(value): value is string => typeof value === 'string' && value.length > 0,
		),
};
