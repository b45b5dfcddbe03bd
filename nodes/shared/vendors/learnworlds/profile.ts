import type { PacingLimit, ProductType } from '../../core';

/**
 * What differs between tenants of LearnWorlds' v2 API: LearnWorlds itself, and Grow by Plenum (its
 * profile is in ../grow/profile.ts), which runs the same API on its own hosts with its own client
 * header. One adapter serves both, configured by one of these; no code in this folder depends on Grow's.
 */
export interface LearnWorldsProfile {
	id: string;
	name: string;
	credentialType: string;
	/** The action node's type name in n8n (the trigger's adds `Trigger`). */
	nodeName: string;
	/** The header that names the OAuth client on every call, the token call included. */
	clientHeader: 'Lw-Client' | 'Pl-Client';
	/** Label of the host field in the credential, for messages. */
	hostLabel: string;
	productTypes: readonly ProductType[];
	/** Roles offered when the LMS does not list them itself. */
	knownRoles: readonly string[];
	defaultTokenPath: string;
	defaultApiBasePath: string;
	/** Path (below the API base) of each product type's listing. */
	productPaths: Partial<Record<ProductType, string>>;
	/** Default path of user groups (overridable in the credential). */
	defaultUserGroupsPath: string;
	/** The published ceiling, or the credential's setting where none is published. */
	pacing(credentials: Record<string, unknown>): PacingLimit;
	/** What to do about a 429, in the error. */
	rateLimitedHint: string;
	/** The credential offers the token and API paths (unpublished for this family), so a token error names them. */
	pathsInCredential: boolean;
}

/** LearnWorlds publishes 30 requests per 10 s, the token call included. */
export const LEARNWORLDS_WINDOW_MS = 10_000;
export const LEARNWORLDS_REQUESTS_PER_WINDOW = 30;

// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a public URL path, not a secret
export const DEFAULT_AUTH_ENDPOINT = '/admin/api/oauth2/access_token';
export const DEFAULT_API_BASE_PATH = '/admin/api/v2';

export const learnWorldsProfile: LearnWorldsProfile = {
	id: 'learnworlds',
	name: 'LearnWorlds',
	credentialType: 'learnWorldsApi',
	nodeName: 'learnWorlds',
	clientHeader: 'Lw-Client',
	hostLabel: 'School URL',
	productTypes: ['course', 'bundle', 'subscription'],
	knownRoles: [],
	defaultTokenPath: DEFAULT_AUTH_ENDPOINT,
	defaultApiBasePath: DEFAULT_API_BASE_PATH,
	productPaths: { course: '/courses', bundle: '/bundles', subscription: '/subscription-plans' },
	// The spec's get-v2-groups / post-v2-groups.
	defaultUserGroupsPath: '/user_groups',
	// Its published 30 per 10 s, less one slot for the token call (it shares the budget but is
	// sent by n8n outside the limiter), over a slightly longer window to absorb network jitter.
	pacing: () => ({
		requests: LEARNWORLDS_REQUESTS_PER_WINDOW - 1,
		windowMs: LEARNWORLDS_WINDOW_MS + 250,
	}),
	rateLimitedHint:
		'LearnWorlds allows 30 requests per 10 seconds per school, retries included. Run again later or split the run.',
	pathsInCredential: false,
};

/**
 * The `activity` values of get-event-logs (one per call) that record an enrollment: an admin's
 * (the API's) enrollment, a purchase, a subscription sign-up. The spec documents the values, not
 * which one each kind of enrollment logs. A poll makes one call per value (more past 50 entries).
 */
export const ENROLLED_COURSE_ACTIVITIES = ['manual_enrollment', 'purchase'] as const;
export const ENROLLED_ACTIVITIES = [...ENROLLED_COURSE_ACTIVITIES, 'subscription_signup'] as const;

/** The `fields` of the spec's UserRequestModel; a school's own profile fields are `cf_<name>`. */
export const USER_FIELDS = new Set([
	'bio',
	'location',
	'url',
	'fb',
	'twitter',
	'instagram',
	'linkedin',
	'skype',
	'behance',
	'dribbble',
	'github',
	'phone',
	'address',
	'country',
	'birthday',
	'company',
	'company_size',
	'university',
	'graduation_year',
]);
