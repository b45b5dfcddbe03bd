import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { encodeForm } from '../nodes/shared/core';
import { learnWorldsProfile } from '../nodes/shared/vendors/learnworlds/profile';
import { readSettings } from '../nodes/shared/vendors/learnworlds/settings';
import {
	apiHeaders,
	failedResponse,
	parseTokenResponse,
	tokenError,
	tokenRequest,
} from '../nodes/shared/vendors/learnworlds/auth';

/**
 * LearnWorlds API v2: OAuth2 client credentials against the school, with the `Lw-Client` header on
 * the token call and every API call. The token is kept in an expirable hidden field, reused across
 * executions, and fetched again by n8n after a 401.
 */
export class LearnWorldsApi implements ICredentialType {
	name = 'learnWorldsApi';

	displayName = 'LearnWorlds API';

	icon: Icon = { light: 'file:learnworlds.svg', dark: 'file:learnworlds.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-lms-provisioning#learnworlds';

	properties: INodeProperties[] = [
		{
			displayName: 'School URL',
			name: 'schoolUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://academy.example.com',
			description:
				'Your school address: a *.learnworlds.com name or your custom domain. HTTPS is required.',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'From LearnWorlds → Settings → Developers → API; sent as the Lw-Client header',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const settings = readSettings(learnWorldsProfile, credentials);
		const request = tokenRequest(learnWorldsProfile, settings);
		let body: unknown;
		try {
			body = await this.helpers.httpRequest({
				method: 'POST',
				url: request.url,
				headers: {
					...request.headers,
					accept: 'application/json',
					'content-type': 'application/x-www-form-urlencoded',
				},
				body: encodeForm(request.form),
			});
		} catch (error) {
			// The helper's error carries the request, client secret included: say only what failed.
			const { status, body: answer } = failedResponse(error);
			throw tokenError(learnWorldsProfile, status, answer, settings.clientSecret);
		}
		return { accessToken: parseTokenResponse(learnWorldsProfile, body, [settings.clientSecret]) };
	}

	// A function, not `={{ }}` templates: n8n renders a generic authenticate's expressions on every
	// request, which was the largest cost per call in the bench's profile of a 300-item run.
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, ...apiHeaders(learnWorldsProfile, credentials) },
	});

	// Fetches a token (preAuthentication), then reads one user.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{(/^https?:\\/\\//i.test($credentials.schoolUrl.trim()) ? "" : "https://") + $credentials.schoolUrl.trim().replace(/\\/+$/, "").replace(/\\/admin\\/api(\\/v2)?$/i, "") + "/admin/api/v2"}}',
			url: '/users',
			qs: { items_per_page: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'LearnWorlds did not accept the access token. Check the Client ID and Client Secret.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The API client is valid but may not read users. Check its scopes in LearnWorlds.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'No LearnWorlds API at this address. Check the School URL.',
				},
			},
		],
	};
}
