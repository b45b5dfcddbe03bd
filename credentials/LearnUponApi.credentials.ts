import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_REQUESTS_PER_SECOND } from '../nodes/shared/vendors/learnupon/settings';

/**
 * The credential test's base URL: `normalisePortalUrl` as an n8n expression, for valid input.
 * Plain http is kept only for loopback addresses, so the test never sends the password in clear.
 */
export const TEST_BASE_URL =
	'={{ (/^[a-z0-9-]+$/i.test($credentials.portal.trim()) ? "https://" + $credentials.portal.trim().toLowerCase() + ".learnupon.com" : /^http:\\/\\/(localhost|127\\.[0-9.]+|\\[::1\\])(:[0-9]+)?(\\/|$)/i.test($credentials.portal.trim()) ? $credentials.portal.trim() : "https://" + $credentials.portal.trim().replace(/^[a-z]+:\\/\\//i, "")).replace(/\\/+$/, "").replace(/\\/api\\/v1$/i, "") }}';

/** LearnUpon API v1: HTTP Basic with the portal's API username and password. */
export class LearnUponApi implements ICredentialType {
	name = 'learnUponApi';

	displayName = 'LearnUpon API';

	icon: Icon = { light: 'file:learnupon.svg', dark: 'file:learnupon.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-lms-provisioning#learnupon';

	properties: INodeProperties[] = [
		{
			displayName: 'Portal',
			name: 'portal',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme',
			description:
				"Your portal's subdomain (acme), host name (acme.learnupon.com) or URL (https://acme.learnupon.com). Must use HTTPS.",
		},
		{
			displayName: 'API Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			description: 'From Settings › Integrations › API in LearnUpon (not an admin login)',
		},
		{
			displayName: 'API Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API password (key) shown next to the API username',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_REQUESTS_PER_SECOND,
			description:
				'LearnUpon publishes no rate limit; this conservative ceiling applies to every node using this credential in one execution',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.username}}',
				password: '={{$credentials.password}}',
			},
		},
	};

	// A title nobody uses: one cheap call that needs valid credentials and the right portal.
	test: ICredentialTestRequest = {
		request: {
			baseURL: TEST_BASE_URL,
			url: '/api/v1/groups',
			qs: { title: 'n8n credential test' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'LearnUpon rejected the API username or password. Copy both from Settings › Integrations › API in LearnUpon.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'LearnUpon accepted the credentials but refused access. Check that the API is enabled for this portal.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No LearnUpon API at this address. Check the portal subdomain (the "acme" in acme.learnupon.com).',
				},
			},
		],
	};
}
