import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { encodeForm } from '../nodes/shared/core';
import {
	DEFAULT_REQUESTS_PER_SECOND,
	LIST_USERS_PATH_EXPRESSION,
	readSettings,
} from '../nodes/shared/vendors/learningpool/settings';
import {
	parseTokenResponse,
	tokenError,
	tokenRequest,
} from '../nodes/shared/vendors/learningpool/auth';

/**
 * Learning Pool Learning Platform "Simple API": OAuth 2.0 client credentials against the
 * customer's instance. Tokens last an hour; n8n runs preAuthentication again after a 401.
 */
export class LearningPoolApi implements ICredentialType {
	name = 'learningPoolApi';

	displayName = 'Learning Pool API';

	icon: Icon = { light: 'file:learningpool.svg', dark: 'file:learningpool.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-lms-provisioning#learning-pool';

	properties: INodeProperties[] = [
		{
			displayName: 'Instance URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://learning.example.com',
			description:
				'Base URL of your Learning Platform instance (the collection\'s "baseURL"). Must use HTTPS.',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
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
			default: '/oauth/token',
			description:
				'Path of the OAuth token request below the instance URL. Check it against your Simple API collection.',
		},
		{
			displayName: 'Endpoint Map',
			name: 'endpointMap',
			type: 'json',
			default: '',
			placeholder: '{"getUser": "/api/v1/users/{id}"}',
			description:
				'Overrides for the default API paths, as JSON: operation key → path, or → {method, path, pagination}. Leave empty to use the defaults. See the package docs for the keys.',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_REQUESTS_PER_SECOND,
			description:
				'Learning Pool publishes no rate limit; this conservative ceiling applies to every node using this credential in one execution',
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
		// All of the settings, not only the token's: a value the nodes refuse (an Endpoint Map path
		// included) fails the credential test here, before the secret is sent anywhere.
		const settings = readSettings(credentials);
		const request = tokenRequest(settings);
		let body: unknown;
		try {
			body = await this.helpers.httpRequest({
				method: 'POST',
				url: request.url,
				headers: {
					accept: 'application/json',
					'content-type': 'application/x-www-form-urlencoded',
				},
				body: encodeForm(request.form ?? {}),
			});
		} catch (error) {
			// The helper's error carries the request, client secret included: say only what failed.
			throw tokenError(error, settings.clientSecret);
		}
		return { accessToken: parseTokenResponse(body, [settings.clientSecret]) };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	// Fetches a token (preAuthentication) and reads one user from the user-list path (the
	// Endpoint Map's "listUsers" when set).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: LIST_USERS_PATH_EXPRESSION,
			qs: { per_page: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Learning Pool did not accept the access token. Check the Client ID and Client Secret, and that this client may use the Simple API.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Learning Pool signed the client in but refused to list users. Ask your Learning Pool administrator to give this API client the user-provisioning scope.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Nothing at the user-list path below the Instance URL (/api/v1/users, or the Endpoint Map\'s "listUsers" path when set). Check the Instance URL, and that the Endpoint Map matches your Simple API collection.',
				},
			},
		],
	};
}
