import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { DOMAIN_EXPRESSION } from '../nodes/shared/vendors/talentlms/settings';

/**
 * TalentLMS API v1: HTTP Basic with the API key as user name and an empty password. The domain
 * is accepted as `acme`, `acme.talentlms.com` or the full HTTPS address.
 */
export class TalentLmsApi implements ICredentialType {
	name = 'talentLmsApi';

	displayName = 'TalentLMS API';

	icon: Icon = { light: 'file:talentlms.svg', dark: 'file:talentlms.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-lms-provisioning#talentlms';

	properties: INodeProperties[] = [
		{
			displayName: 'Domain',
			name: 'domain',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme.talentlms.com',
			description:
				'Your TalentLMS portal: "acme", "acme.talentlms.com" or "https://acme.talentlms.com". HTTPS only, without a path.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'From Account & Settings › Integrations › API in TalentLMS (enable the API there)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.apiKey}}', password: '' },
		},
	};

	// /ratelimit is cheap and does not count against the hourly quota.
	test: ICredentialTestRequest = {
		request: {
			baseURL: DOMAIN_EXPRESSION,
			url: '/api/v1/ratelimit',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'TalentLMS did not accept this API key. Copy it again from Account & Settings › Integrations › API.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'TalentLMS refused access: make sure the API is enabled under Account & Settings › Integrations.',
				},
			},
		],
	};
}
