import { capabilitiesOf, type Clock, type VendorDefinition } from '../../core';
import { n8nClock } from '../../n8n/connect';
import { LearnUponAdapter } from './adapter';
import { readRequestsPerSecond, readSettings } from './settings';

export const learnUponVendor: VendorDefinition = {
	id: 'learnupon',
	name: 'LearnUpon',
	credentialType: 'learnUponApi',
	capabilities: capabilitiesOf(LearnUponAdapter.prototype),
	productTypes: ['course'],
	enrollOptions: ['reEnrollIfCompleted', 'dueDate'],
	notes: {
		'user.delete':
			'Deletes the user and their learning history for good; Deactivate keeps the history',
		'enrollment.unenroll':
			"Deletes the user's enrollment records in the course, earlier completed ones included",
		'group.addMember':
			"The group's rules may enroll the user into courses; a later Enroll then answers alreadyEnrolled",
		'completion.list':
			'LearnUpon has no "changed since" filter: each poll reads every enrollment of the watched course(s)',
	},
	// LearnUpon publishes no numbers: a conservative default, settable in the credential.
	pacing: (credentials) => ({ requests: readRequestsPerSecond(credentials), windowMs: 1_000 }),
	// Each poll reads every enrollment anyway, so a wide window costs no extra calls and catches
	// completions that LearnUpon records with an earlier date than when they become visible.
	completionOverlapMs: 24 * 3_600_000,
	// Inside n8n the bulk job's waits use n8n's sleep; tools outside n8n pass their own clock.
	createAdapter: (credentials, transport, clock?: Clock) =>
		new LearnUponAdapter(readSettings(credentials), transport, clock ?? n8nClock),
	secretsOf: (credentials) =>
		[credentials.password].filter(
			(value): value is string => typeof value === 'string' && value.length > 0,
		),
};
