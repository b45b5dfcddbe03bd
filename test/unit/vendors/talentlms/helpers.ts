import nock from 'nock';

import { ResilientTransport, type Clock } from '../../../../nodes/shared/core';
import { TalentLmsAdapter } from '../../../../nodes/shared/vendors/talentlms/adapter';
import { standaloneAuthorizer } from '../../../../nodes/shared/vendors/talentlms/standalone';
import { AxiosTransport } from '../../../../sandbox/client/axiosTransport';

export const ORIGIN = 'https://acme.talentlms.com';
// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a made-up key for nock
export const API_KEY = 'tlms-Key-9f8e7d6c5b';
/** Written out by hand: Basic base64("tlms-Key-9f8e7d6c5b:"), the key as user, empty password. */
export const EXPECTED_AUTH = 'Basic dGxtcy1LZXktOWY4ZTdkNmM1Yjo=';

export interface SeenCall {
	method: string;
	/** The path exactly as sent, still percent-encoded. */
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export const noWaitClock: Clock = { now: () => Date.now(), sleep: async () => undefined };

/**
 * An adapter against nock with the standalone auth, optionally behind the retrying transport.
 * Every request is recorded, so tests assert the exact method, raw path, headers and body.
 */
export function setup(options: { resilient?: boolean; domain?: string } = {}) {
	const calls: SeenCall[] = [];
	const inner = new AxiosTransport(standaloneAuthorizer({ apiKey: API_KEY }));
	const transport = options.resilient
		? new ResilientTransport(inner, { clock: noWaitClock, random: () => 0 })
		: inner;
	const adapter = new TalentLmsAdapter(options.domain ?? 'acme', transport);
	const scope = nock(ORIGIN);
	/** Answers the next request to exactly `method path` with `status` and `body`. */
	const answer = (method: 'GET' | 'POST', path: string, status: number, body: unknown) => {
		scope.intercept(`/api/v1${path}`, method).reply(function (uri, requestBody) {
			calls.push({
				method,
				path: uri,
				headers: this.req.headers,
				body: typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody),
			});
			return [status, body as nock.Body];
		});
	};
	return { adapter, calls, answer, scope };
}

export const tlmsError = (message: string, type = 'invalid_request_error') => ({
	error: { type, message },
});

export function rawUser(overrides: Record<string, unknown> = {}) {
	return {
		id: '17',
		login: 'jo+test@acme.com',
		first_name: 'Jo',
		last_name: 'Test',
		email: 'jo+test@acme.com',
		user_type: 'Learner-Type',
		status: 'active',
		courses: [],
		groups: [],
		...overrides,
	};
}
