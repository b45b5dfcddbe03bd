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
import {
	DEFAULT_API_BASE_PATH,
	DEFAULT_AUTH_ENDPOINT,
} from '../nodes/shared/vendors/learnworlds/profile';
import {
	DEFAULT_BULK_ENROLL_PATH,
	DEFAULT_BULK_STATUS_PATH,
	GROW_DEFAULT_REQUESTS_PER_SECOND,
	growProfile,
} from '../nodes/shared/vendors/grow';
import { readSettings } from '../nodes/shared/vendors/learnworlds/settings';
import {
	apiHeaders,
	failedResponse,
	parseTokenResponse,
	tokenError,
	tokenRequest,
} from '../nodes/shared/vendors/learnworlds/auth';

/**
 * Grow by Plenum: LearnWorlds' v2 API on a Plenum host, with the `Pl-Client` header. Plenum
 * confirms paths per customer at onboarding, so the token path, API base path and bulk paths can
 * be changed here.
 */
export class GrowApi implements ICredentialType {
	name = 'growApi';

	displayName = 'Grow API';

	icon: Icon = { light: 'file:grow.svg', dark: 'file:grow.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-lms-provisioning#grow';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment URL',
			name: 'schoolUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://your-org.plenumapps.com',
			description: 'Your dedicated Grow environment. HTTPS is required.',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'Sent as the Pl-Client header',
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
			displayName: 'Token Path',
			name: 'tokenUrlPath',
			type: 'string',
			default: DEFAULT_AUTH_ENDPOINT,
			description:
				'Path of the OAuth token request; not published by Plenum, confirm it at onboarding',
		},
		{
			displayName: 'API Base Path',
			name: 'apiBasePath',
			type: 'string',
			default: DEFAULT_API_BASE_PATH,
			description: 'Path of the API below the environment URL',
		},
		{
			displayName: 'Bulk Enroll Path',
			name: 'bulkEnrollPath',
			type: 'string',
			default: DEFAULT_BULK_ENROLL_PATH,
			description:
				'Path below the API base path where bulk enrollments are submitted. An assumption: confirm it at onboarding.',
		},
		{
			displayName: 'Bulk Status Path',
			name: 'bulkStatusPath',
			type: 'string',
			default: DEFAULT_BULK_STATUS_PATH,
			description:
				'Path below the API base path where a bulk action is checked; "{id}" is replaced by the action handle. An assumption: confirm it at onboarding.',
		},
		{
			displayName: 'User Groups Path',
			name: 'userGroupsPath',
			type: 'string',
			default: growProfile.defaultUserGroupsPath,
			description:
				'Path below the API base path of user groups, as Plenum\'s provisioning guide spells it. If group operations answer "not found" for a group that exists, your environment may use LearnWorlds\' "/user_groups": confirm it at onboarding.',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: GROW_DEFAULT_REQUESTS_PER_SECOND,
			description:
				'Grow publishes no rate limit; this ceiling applies to every node using this credential in one execution',
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
		const settings = readSettings(growProfile, credentials);
		const request = tokenRequest(growProfile, settings);
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
			throw tokenError(growProfile, status, answer, settings.clientSecret);
		}
		return { accessToken: parseTokenResponse(growProfile, body, [settings.clientSecret]) };
	}

	// A function, not `={{ }}` templates: n8n renders a generic authenticate's expressions on every
	// request, which was the largest cost per call in the bench's profile of a 300-item run.
	authenticate: IAuthenticate = async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, ...apiHeaders(growProfile, credentials) },
	});

	// Fetches a token (preAuthentication), then reads one user.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{(/^https?:\\/\\//i.test($credentials.schoolUrl.trim()) ? "" : "https://") + $credentials.schoolUrl.trim().replace(/\\/+$/, "") + ($credentials.apiBasePath || "/admin/api/v2").trim().replace(/\\/+$/, "")}}',
			url: '/users',
			qs: { items_per_page: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Grow did not accept the access token. Check the Client ID and Client Secret.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The API client is valid but may not read users. Ask your Plenum engagement lead for access.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'No Grow API at this address. Check the Environment URL and API Base Path.',
				},
			},
		],
	};
}
