import type { IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import { GrowApi } from '../../../../credentials/GrowApi.credentials';
import { LearnWorldsApi } from '../../../../credentials/LearnWorldsApi.credentials';
import { LmsError } from '../../../../nodes/shared/core';
import {
	learnWorldsProfile,
	normaliseSchoolUrl,
	readSettings,
} from '../../../../nodes/shared/vendors/learnworlds';

const SECRET = 'sec-77aa';

function helper(answer: (options: IHttpRequestOptions) => unknown) {
	const seen: IHttpRequestOptions[] = [];
	const context = {
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				seen.push(options);
				return answer(options);
			},
		},
	} as unknown as IHttpRequestHelper;
	return { context, seen };
}

describe('credential preAuthentication', () => {
	it('LearnWorlds: posts the client-credentials form with the Lw-Client header and keeps the token', async () => {
		const { context, seen } = helper(() => ({
			tokenData: { access_token: 'tok-abc', token_type: 'Bearer', expires_in: 7200 },
			success: true,
		}));
		const result = await new LearnWorldsApi().preAuthentication.call(context, {
			schoolUrl: 'https://academy.example.com/',
			clientId: 'cid',
			clientSecret: SECRET,
		});
		expect(result).toEqual({ accessToken: 'tok-abc' });
		expect(seen).toHaveLength(1);
		expect(seen[0].url).toBe('https://academy.example.com/admin/api/oauth2/access_token');
		expect(seen[0].headers).toMatchObject({
			'Lw-Client': 'cid',
			'content-type': 'application/x-www-form-urlencoded',
		});
		expect(new URLSearchParams(String(seen[0].body)).get('client_secret')).toBe(SECRET);
		expect(new URLSearchParams(String(seen[0].body)).get('grant_type')).toBe('client_credentials');
	});

	it('Grow: Pl-Client header and the overridden token path', async () => {
		const { context, seen } = helper(() => ({ tokenData: { access_token: 'tok-g' } }));
		await new GrowApi().preAuthentication.call(context, {
			schoolUrl: 'acme.plenumapps.com',
			clientId: 'gid',
			clientSecret: SECRET,
			tokenUrlPath: '/oauth/token',
		});
		expect(seen[0].url).toBe('https://acme.plenumapps.com/oauth/token');
		expect(seen[0].headers).toMatchObject({ 'Pl-Client': 'gid' });
	});

	it('a refused token call becomes a plain-language error without the secret', async () => {
		const { context } = helper(() => {
			throw Object.assign(new Error(`Request failed: client_secret=${SECRET}`), {
				response: { status: 401, data: { error: 'invalid_client' } },
			});
		});
		let caught: unknown;
		try {
			await new LearnWorldsApi().preAuthentication.call(context, {
				schoolUrl: 'academy.example.com',
				clientId: 'cid',
				clientSecret: SECRET,
			});
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(LmsError);
		expect((caught as LmsError).message).toBe(
			'LearnWorlds did not accept the Client ID and Client Secret (401): invalid_client',
		);
		expect(JSON.stringify(caught)).not.toContain(SECRET);
	});

	it('an answer without a token says so', async () => {
		const { context } = helper(() => ({
			success: false,
			errors: [{ message: 'Client disabled' }],
		}));
		await expect(
			new GrowApi().preAuthentication.call(context, {
				schoolUrl: 'acme.plenumapps.com',
				clientId: 'gid',
				clientSecret: SECRET,
			}),
		).rejects.toThrow('Grow answered without an access token. It said: Client disabled');
	});

	it('sends the bearer token and the client header on every API call', async () => {
		const authorize = async (credential: LearnWorldsApi | GrowApi) => {
			const { authenticate } = credential;
			if (typeof authenticate !== 'function') throw new Error('authenticate is not a function');
			return authenticate(
				{ clientId: 'cid', clientSecret: 'secret', accessToken: 'tok-1' },
				{ url: '/users', headers: { accept: 'application/json' } },
			);
		};
		expect((await authorize(new LearnWorldsApi())).headers).toEqual({
			accept: 'application/json',
			Authorization: 'Bearer tok-1',
			'Lw-Client': 'cid',
		});
		const grow = await authorize(new GrowApi());
		expect(grow).toMatchObject({ url: '/users' });
		expect(grow.headers).toEqual({
			accept: 'application/json',
			Authorization: 'Bearer tok-1',
			'Pl-Client': 'cid',
		});
		const token = new LearnWorldsApi().properties.find((p) => p.name === 'accessToken');
		expect(token?.typeOptions?.expirable).toBe(true);
	});
});

describe('school URL', () => {
	it.each([
		['academy.example.com', 'https://academy.example.com'],
		['https://academy.example.com/', 'https://academy.example.com'],
		['https://academy.example.com/admin/api/v2', 'https://academy.example.com'],
		['http://127.0.0.1:4103', 'http://127.0.0.1:4103'],
	])('%s → %s', (input, expected) => {
		expect(normaliseSchoolUrl(input)).toBe(expected);
	});

	it('refuses plain http to other hosts and names the field', () => {
		expect(() => normaliseSchoolUrl('http://academy.example.com')).toThrow(
			'"School URL" must use https://',
		);
		expect(() =>
			readSettings(learnWorldsProfile, { schoolUrl: 'a.example.com', clientId: 'x' }),
		).toThrow('"Client Secret" is required in the credential');
	});
});
