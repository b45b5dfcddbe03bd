import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	DEFAULT_REQUESTS_PER_SECOND,
	PORTAL_EXPRESSION,
} from '../nodes/shared/vendors/learnupon/settings';

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
				"LearnUpon publishes no rate limit: this conservative pace, shared by every execution using this credential, applies until LearnUpon's answers report the calls left this minute, and the node then paces from those (keeping a reserve)",
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
			baseURL: PORTAL_EXPRESSION,
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
