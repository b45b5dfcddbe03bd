/**
 * The LearnWorlds and Grow credentials inside n8n-core's engine, against a tiny v2-shaped server
 * on 127.0.0.1: the token is fetched once with the client header and reused by every item and by
 * the next execution, and a revoked token is fetched again exactly once (n8n's 401 refresh).
 */
/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a test's local server, not node code */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeParameters } from 'n8n-workflow';

import { GrowApi } from '../../credentials/GrowApi.credentials';
import { LearnWorldsApi } from '../../credentials/LearnWorldsApi.credentials';
import { Grow } from '../../nodes/Grow/Grow.node';
import { LearnWorlds } from '../../nodes/LearnWorlds/LearnWorlds.node';

import { CredentialStore, runWorkflow } from './harness';

jest.setTimeout(60_000);

const SECRET = 'local-secret-42';
const DISABLED = 'disabled-client';

interface Seen {
	method: string;
	path: string;
	authorization?: string;
	client?: string;
	body: string;
}

function startServer(clientHeader: string) {
	const seen: Seen[] = [];
	const valid = new Set<string>();
	let issued = 0;
	let enrolled = 0;
	let revokeAfterEnrollments: number | undefined;
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			const path = (req.url ?? '').split('?')[0];
			const client = req.headers[clientHeader.toLowerCase()] as string | undefined;
			seen.push({
				method: req.method ?? '',
				path,
				authorization: req.headers.authorization,
				client,
				body,
			});
			const reply = (status: number, json: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(json));
			};
			if (path === '/admin/api/oauth2/access_token') {
				const form = new URLSearchParams(body);
				// LearnWorlds also answers 200 with success: false.
				if (form.get('client_secret') === `${DISABLED}-secret`)
					return reply(200, { errors: [{ message: 'Client is disabled' }], success: false });
				if (client !== 'cid' || form.get('client_secret') !== SECRET)
					return reply(401, { errors: [{ message: 'Invalid client' }], success: false });
				const token = `tok-${++issued}`;
				valid.add(token);
				return reply(200, {
					tokenData: { access_token: token, token_type: 'Bearer', expires_in: 7200 },
					success: true,
				});
			}
			const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
			if (!valid.has(token) || client !== 'cid') return reply(401, { error: 'Unauthorized' });
			const enroll = /^\/admin\/api\/v2\/users\/([^/]+)\/enrollment$/.exec(path);
			// A careless server quoting the session it was given.
			if (decodeURIComponent(path).startsWith('/admin/api/v2/users/echo'))
				return reply(400, { errors: [{ message: `Session ${token} may not enroll this user` }] });
			if (enroll && req.method === 'POST') {
				if (++enrolled === revokeAfterEnrollments) valid.clear();
				return reply(200, { success: true });
			}
			return reply(404, { error: 'Not found' });
		});
	});
	return new Promise<{
		url: string;
		seen: Seen[];
		revoke: () => void;
		revokeAfter: (enrollments: number) => void;
		close: () => Promise<void>;
	}>((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			resolve({
				url: `http://127.0.0.1:${port}`,
				seen,
				revoke: () => valid.clear(),
				revokeAfter: (enrollments: number) => (revokeAfterEnrollments = enrolled + enrollments),
				close: () => new Promise((done) => server.close(() => done())),
			});
		});
	});
}

const enrollParameters = {
	resource: 'enrollment',
	operation: 'enroll',
	user: { __rl: true, mode: 'email', value: '={{ $json.email }}' },
	productType: 'course',
	course: { __rl: true, mode: 'id', value: 'intro' },
};

const emails = ['a@example.com', 'b@example.com', 'c@example.com'].map((email) => ({ email }));

describe.each([
	{
		vendor: 'LearnWorlds',
		header: 'Lw-Client',
		node: LearnWorlds,
		credential: LearnWorldsApi,
		type: 'learnWorlds',
		credentialType: 'learnWorldsApi',
	},
	{
		vendor: 'Grow',
		header: 'Pl-Client',
		node: Grow,
		credential: GrowApi,
		type: 'grow',
		credentialType: 'growApi',
	},
])(
	'$vendor credential in the engine',
	({ vendor, header, node, credential, type, credentialType }) => {
		let server: Awaited<ReturnType<typeof startServer>>;
		beforeEach(async () => {
			server = await startServer(header);
		});
		afterEach(() => server.close());

		function execute(
			clientSecret: string | CredentialStore,
			input: typeof emails,
			parameters: INodeParameters = enrollParameters,
			continueOnFail = false,
		) {
			const store =
				clientSecret instanceof CredentialStore
					? clientSecret
					: new CredentialStore({
							[credentialType]: { schoolUrl: server.url, clientId: 'cid', clientSecret },
						});
			return runWorkflow({
				nodeTypes: { [`n8n-nodes-lms-provisioning.${type}`]: node },
				credentialTypes: [credential],
				credentials: store,
				nodes: [
					{
						name: vendor,
						type: `n8n-nodes-lms-provisioning.${type}`,
						parameters,
						...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
					},
				],
				input,
			});
		}

		async function run(store: CredentialStore) {
			const result = await execute(store, emails);
			if (result.error) throw result.error;
			return result.output(vendor).map((item) => item.json);
		}

		it('fetches one token with the client header, reuses it across items and executions, refreshes once after a 401', async () => {
			const store = new CredentialStore({
				[credentialType]: { schoolUrl: server.url, clientId: 'cid', clientSecret: SECRET },
			});
			const first = await run(store);
			expect(first.map((item) => item.action)).toEqual(['enrolled', 'enrolled', 'enrolled']);
			const tokenCalls = () => server.seen.filter((call) => call.path.endsWith('/access_token'));
			expect(tokenCalls()).toHaveLength(1);
			expect(tokenCalls()[0].client).toBe('cid');
			const apiCalls = server.seen.filter((call) => call.path.startsWith('/admin/api/v2/'));
			expect(apiCalls.map((call) => call.path)).toEqual(
				emails.map(({ email }) => `/admin/api/v2/users/${encodeURIComponent(email)}/enrollment`),
			);
			expect(
				apiCalls.every((call) => call.authorization === 'Bearer tok-1' && call.client === 'cid'),
			).toBe(true);
			expect(JSON.parse(apiCalls[0].body)).toEqual({
				productId: 'intro',
				productType: 'course',
				price: 0,
				justification: 'Enrolled by n8n',
				send_enrollment_email: false,
			});

			// The next execution starts from the stored token.
			await run(store);
			expect(tokenCalls()).toHaveLength(1);

			// A revoked token: n8n runs preAuthentication again once, and the run succeeds.
			server.revoke();
			const third = await run(store);
			expect(third.map((item) => item.action)).toEqual(['enrolled', 'enrolled', 'enrolled']);
			expect(tokenCalls()).toHaveLength(2);
			expect(
				server.seen.filter(
					(call) => call.authorization === 'Bearer tok-1' && call.path.endsWith('/enrollment'),
				).length,
			).toBe(7);
			expect(store.get(credentialType).accessToken).toBe('tok-2');
		});

		it('a token refreshed mid-run is redacted from a later answer that quotes it', async () => {
			const store = new CredentialStore({
				[credentialType]: { schoolUrl: server.url, clientId: 'cid', clientSecret: SECRET },
			});
			// The first item's token expires once it is enrolled; n8n fetches a new one for the next.
			server.revokeAfter(1);
			const result = await execute(
				store,
				[emails[0], { email: 'echo@example.com' }],
				enrollParameters,
				true,
			);
			const fresh = String(store.get(credentialType).accessToken);
			expect(fresh).toBe('tok-2');
			const quoted = server.seen.filter(
				(call) => call.path.includes('echo') && call.authorization === `Bearer ${fresh}`,
			);
			expect(quoted.length).toBeGreaterThan(0);
			const items = result.output(vendor).map((item) => item.json);
			expect(items[0].action).toBe('enrolled');
			expect(String(items[1].error)).toContain('may not enroll this user');
			expect(JSON.stringify(items)).not.toContain(fresh);
			expect(JSON.stringify(result.runData)).not.toContain(fresh);
		});

		it('a wrong secret fails the item with a plain message that does not contain the secret', async () => {
			const result = await execute('wrong-secret-99', [emails[0]]);
			expect(result.error?.message).toContain('401');
			expect(JSON.stringify(result.runData)).toContain('Invalid client');
			// The credential's own verdict and hint, not a generic 401.
			expect(result.error?.message).toContain('did not accept the Client ID and Client Secret');
			expect(result.error?.description).toMatch(/Client ID.* and Client Secret in the credential/);
			// A refused token is not a lost connection: no retry loop.
			expect(
				server.seen.filter((call) => call.path.endsWith('/access_token')).length,
			).toBeLessThanOrEqual(2);
			expect(JSON.stringify(result.runData)).not.toContain('wrong-secret-99');
		});

		async function readUser(clientSecret: string) {
			const getUser = {
				resource: 'user',
				operation: 'get',
				user: { __rl: true, mode: 'email', value: '={{ $json.email }}' },
			};
			const result = await execute(clientSecret, [emails[0]], getUser, true);
			const tokenCalls = server.seen.filter((call) => call.path.endsWith('/access_token'));
			return { result, item: result.output(vendor)[0].json, tokenCalls };
		}

		it('a token call refused with 401 ends a read as unauthorized with the credential hint', async () => {
			const { result, item, tokenCalls } = await readUser('wrong-secret-99');
			expect(item).toMatchObject({
				errorKind: 'unauthorized',
				status: 401,
				error: `${vendor} did not accept the Client ID and Client Secret (401): Invalid client`,
				vendorMessage: 'Invalid client',
			});
			expect(item.hint).toMatch(/Client ID.* and Client Secret in the credential/);
			// n8n's own refresh after a 401 asks once more; nothing retries beyond that.
			expect(tokenCalls.length).toBeLessThanOrEqual(2);
			expect(JSON.stringify(result.runData)).not.toContain('wrong-secret-99');
		});

		it('a token answer without a token is not retried as a lost connection', async () => {
			// A read is safe to repeat, so a lost connection would be retried with a token call each.
			const { result, item, tokenCalls } = await readUser(`${DISABLED}-secret`);
			expect(item).toMatchObject({
				errorKind: 'unauthorized',
				error: `${vendor} answered without an access token. It said: Client is disabled`,
			});
			expect(item.hint).toMatch(/Client ID.* and Client Secret in the credential/);
			expect(tokenCalls).toHaveLength(1);
			expect(JSON.stringify(result.runData)).not.toContain(`${DISABLED}-secret`);
		});
	},
);
