import {
	DEFAULT_API_BASE_PATH,
	DEFAULT_AUTH_ENDPOINT,
	type LearnWorldsProfile,
} from '../learnworlds/profile';
import { perSecondPacing } from '../learnworlds/settings';

/** Grow publishes no ceiling; about 3 a second is known to be safe. */
export const GROW_DEFAULT_REQUESTS_PER_SECOND = 3;

/** Grow by Plenum runs LearnWorlds' v2 API on its own hosts, with its own client header. */
export const growProfile: LearnWorldsProfile = {
	id: 'grow',
	name: 'Grow',
	credentialType: 'growApi',
	nodeName: 'grow',
	clientHeader: 'Pl-Client',
	hostLabel: 'Environment URL',
	productTypes: ['course', 'bundle', 'program'],
	knownRoles: ['admin', 'instructor', 'reporter', 'seat_manager', 'license_reporter', 'user'],
	defaultTokenPath: DEFAULT_AUTH_ENDPOINT,
	defaultApiBasePath: DEFAULT_API_BASE_PATH,
	// Programs' listing path is not published [?]; this follows the other product listings.
	productPaths: { course: '/courses', bundle: '/bundles', program: '/programs' },
	// As Plenum's provisioning guide spells it (§4).
	defaultUserGroupsPath: '/usergroups',
	pacing: (credentials) => perSecondPacing(credentials, GROW_DEFAULT_REQUESTS_PER_SECOND),
	rateLimitedHint: 'Grow is throttling requests. Lower "Requests per Second" in the credential.',
	pathsInCredential: true,
};
