import {
	declareCapabilities,
	type Capability,
	type ImplementedBy,
	type VendorDefinition,
} from '../../core';
import { LearnWorldsAdapter } from './adapter';
import { learnWorldsProfile, type LearnWorldsProfile } from './profile';
import { readSettings } from './settings';

const NOTES: VendorDefinition['notes'] = {
	'user.identifier':
		'Every per-user call takes the user ID or the email directly, without a lookup',
	'user.customFields':
		"Sent in the user's `fields` object: a profile field (bio, location, url, phone, address, country, birthday, company, company_size, university, graduation_year, …) or your school's own custom field, cf_<name>",
	'enrollment.enroll':
		'Enrolling someone already enrolled counts as success (alreadyEnrolled) once the enrollment is confirmed',
	'seat.addUser':
		'Counts as "already a member" only when the LMS says so; no seat-membership listing is published',
};

/** A vendor on LearnWorlds' v2 API (LearnWorlds itself, Grow), from its profile. */
export function definitionFor(
	profile: LearnWorldsProfile,
	capabilities: ReadonlySet<Capability>,
	create: VendorDefinition['createAdapter'],
): VendorDefinition {
	return {
		id: profile.id,
		name: profile.name,
		credentialType: profile.credentialType,
		nodeName: profile.nodeName,
		capabilities,
		productTypes: profile.productTypes,
		enrollOptions: ['price', 'justification', 'sendEmail'],
		// A bulk item carries price and justification; no email setting is published for it.
		bulkEnrollOptions: ['price', 'justification'],
		userListFilters: ['tags', 'registeredAfter'],
		notes: {
			...NOTES,
			'user.names': `Not stored: ${profile.name} users have no first or last name, only a username and profile fields. Give the name as Username, or map it to a custom field (cf_<name>) of your school`,
		},
		// put-users-id takes no password, and the user has no name fields.
		notUpdatable: ['password', 'firstName', 'lastName'],
		pacing: (credentials) => profile.pacing(credentials),
		// Event-log entries are written shortly after the fact and carry whole seconds.
		completionOverlapMs: 10 * 60_000,
		createAdapter: create,
		secretsOf: (credentials) =>
			[credentials.clientSecret, credentials.accessToken].filter(
				(value): value is string => typeof value === 'string' && value.length > 0,
			),
	};
}

/** What the v2 API offers through LearnWorlds' adapter (Grow's adds bulk enrollment). */
// prettier-ignore
export const LEARNWORLDS_CAPABILITIES = [
	'user.create', 'user.get', 'user.list', 'user.update', 'user.suspend', 'user.reactivate',
	'enrollment.enroll', 'enrollment.unenroll', 'enrollment.listForUser', 'enrollment.progress',
	'course.list',
	'group.list', 'group.create', 'group.addMember', 'group.removeMember', 'group.listForUser',
	'tag.add', 'tag.remove',
	'completion.list',
	'userCreation.list',
	'enrollmentEvent.list',
	'product.list',
	'role.list', 'role.get', 'role.update',
	'seat.list', 'seat.addUser', 'seat.removeUser',
] as const satisfies ReadonlyArray<ImplementedBy<LearnWorldsAdapter>>;

export const learnWorldsVendor: VendorDefinition = definitionFor(
	learnWorldsProfile,
	declareCapabilities(LearnWorldsAdapter, LEARNWORLDS_CAPABILITIES),
	(credentials, transport, clock) =>
		new LearnWorldsAdapter(
			learnWorldsProfile,
			readSettings(learnWorldsProfile, credentials),
			transport,
			clock,
		),
);
