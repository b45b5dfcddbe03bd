import nock from 'nock';

import { type Clock } from '../../../../nodes/shared/core';
import { ManualClock } from '../../../support/manualClock';
import {
	LearnWorldsAdapter,
	learnWorldsProfile,
	readSettings,
} from '../../../../nodes/shared/vendors/learnworlds';
import { createGrowAdapter, growProfile, readBulkSettings } from '../../../../nodes/shared/vendors/grow';
import { standaloneAuthorizer } from '../../../../nodes/shared/vendors/learnworlds/standalone';
import { AxiosTransport } from '../../../../sandbox/client/axiosTransport';

export const ORIGIN = 'https://academy.example.com';
export const API = '/admin/api/v2';
export const CLIENT_ID = 'lw-client-5f3a';
// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a made-up secret for nock
export const SECRET = 'lw-secret-0b9c8d7e';

export const credentials = (extra: Record<string, unknown> = {}) => ({
	schoolUrl: 'academy.example.com',
	clientId: CLIENT_ID,
	clientSecret: SECRET,
	...extra,
});

export interface Token {
	issued: number;
}

/** A token endpoint that insists on the client header and form fields and counts what it issues. */
export function tokenEndpoint(
	options: { header?: string; path?: string; origin?: string } = {},
): Token {
	const state = { issued: 0 };
	nock(options.origin ?? ORIGIN, {
		reqheaders: {
			[(options.header ?? 'Lw-Client').toLowerCase()]: CLIENT_ID,
			'content-type': 'application/x-www-form-urlencoded',
		},
	})
		.post(
			options.path ?? '/admin/api/oauth2/access_token',
			(body: Record<string, string>) =>
				body.grant_type === 'client_credentials' &&
				body.client_id === CLIENT_ID &&
				body.client_secret === SECRET,
		)
		.reply(200, () => ({
			tokenData: { access_token: `tok-${++state.issued}`, token_type: 'Bearer', expires_in: 7200 },
			success: true,
		}))
		.persist();
	return state;
}

/** An API scope that demands a bearer token and the client header on every call. */
export function api(header = 'Lw-Client', origin = ORIGIN) {
	return nock(origin, {
		reqheaders: {
			authorization: (value: string) => /^Bearer tok-\d+$/.test(value),
			[header.toLowerCase()]: CLIENT_ID,
		},
	});
}

export function learnWorlds(
	extra: Record<string, unknown> = {},
	clock: Clock = new ManualClock(Date.now()),
) {
	const creds = credentials(extra);
	const authorizer = standaloneAuthorizer(learnWorldsProfile, creds, new AxiosTransport());
	const adapter = new LearnWorldsAdapter(
		learnWorldsProfile,
		readSettings(learnWorldsProfile, creds),
		new AxiosTransport(authorizer),
		clock,
	);
	return { adapter, authorizer };
}

export function grow(
	extra: Record<string, unknown> = {},
	clock: Clock = new ManualClock(Date.now()),
) {
	const creds = credentials({ schoolUrl: 'https://acme.plenumapps.com', ...extra });
	const authorizer = standaloneAuthorizer(growProfile, creds, new AxiosTransport());
	const adapter = createGrowAdapter(
		readSettings(growProfile, creds),
		readBulkSettings(creds),
		new AxiosTransport(authorizer),
		clock,
	);
	return { adapter, authorizer };
}

export const userRecord = (id: string, extra: Record<string, unknown> = {}) => ({
	id,
	email: `${id}@example.com`,
	username: `${id}@example.com`,
	fields: { company: 'Analytical Engines' },
	tags: [] as string[],
	is_suspended: false,
	role: { level: 'user', name: 'User' },
	created: 1_600_000_000,
	...extra,
});

export function installNock(): void {
	beforeEach(() => nock.disableNetConnect());
	afterEach(() => {
		const pending = nock.pendingMocks();
		nock.cleanAll();
		nock.enableNetConnect();
		// Every interceptor a test declares (except persistent ones) must have been used.
		expect(pending.filter((mock) => !mock.includes('oauth2'))).toEqual([]);
	});
}
