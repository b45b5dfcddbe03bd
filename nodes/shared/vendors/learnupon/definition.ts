import { declareCapabilities, type VendorDefinition } from '../../core';
import { learnUponIdentity } from './identity';
import { LearnUponAdapter } from './adapter';
import { minuteBudgetOf } from './rateBudget';
import { readRequestsPerSecond, readSettings } from './settings';

export const learnUponVendor: VendorDefinition = {
	...learnUponIdentity,
	// prettier-ignore
	capabilities: declareCapabilities(LearnUponAdapter, [
		'user.create', 'user.get', 'user.list', 'user.update', 'user.suspend', 'user.reactivate', 'user.delete',
		'enrollment.enroll', 'enrollment.unenroll', 'enrollment.listForUser', 'enrollment.progress', 'enrollment.listForCourse', 'enrollment.bulkEnroll',
		'course.list',
		'group.list', 'group.create', 'group.addMember', 'group.removeMember', 'group.listForUser', 'group.listMembers',
		'completion.list',
	]),
	productTypes: ['course'],
	enrollOptions: ['reEnrollIfCompleted', 'dueDate'],
	notes: {
		'user.delete':
			'Deletes the user and their learning history for good; Suspend keeps the history',
		'user.customFields':
			"Sent as the user's CustomData: use the key of a custom user field defined in your LearnUpon portal",
		'enrollment.enroll':
			'LearnUpon enrolls by email: a user given by ID costs one lookup of their email first (pick "By Email" when the item has the email)',
		'enrollment.unenroll':
			"Deletes the user's enrollment records in the course, completed ones included (they leave the learner's history)",
		'enrollment.bulkEnroll':
			"One LearnUpon job per 100,000 items; the job reports only counts and a report link, so each item's outcome comes from a read of the enrollments after the job",
		'group.addMember':
			"The group's rules may enroll the user into courses; a later Enroll then answers alreadyEnrolled",
		'completion.list':
			'LearnUpon has no "changed since" filter: each poll reads every enrollment of the watched course(s)',
	},
	// LearnUpon publishes no numbers: the credential's rate (a conservative default) paces until
	// LearnUpon's remaining-calls header does, and whenever an answer lacks it.
	pacing: (credentials) => ({
		requests: readRequestsPerSecond(credentials),
		windowMs: 1_000,
		provisional: true,
	}),
	rateBudgetOf: minuteBudgetOf,
	// Each poll reads every enrollment anyway, so a wide window costs no extra calls and catches
	// completions that LearnUpon records with an earlier date than when they become visible.
	completionOverlapMs: 24 * 3_600_000,
	// The bulk job waits on the caller's clock (n8n's sleep inside n8n).
	createAdapter: (credentials, transport, clock) =>
		new LearnUponAdapter(readSettings(credentials), transport, clock),
	// The password, and the Basic pair LearnUpon's auth encodes (`user:password`).
	secretsOf: (credentials) =>
		[
			credentials.password,
			typeof credentials.password === 'string' && credentials.password
				? `${String(credentials.username ?? '')}:${credentials.password}`
				: undefined,
		].filter((value): value is string => typeof value === 'string' && value.length > 0),
};
