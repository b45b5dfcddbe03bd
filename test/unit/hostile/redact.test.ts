/* eslint-disable @n8n/community-nodes/require-node-api-error -- tests, not node code */
import type { INode } from 'n8n-workflow';

import {
	redactText,
	type HttpRequest,
	type HttpResponse,
	type LmsAdapter,
	type Transport,
	type VendorDefinition,
} from '../../../nodes/shared/core';
import { ManualClock } from '../../support/manualClock';
import { errorToJson, toNodeError } from '../../../nodes/shared/n8n/errors';
import { learningPoolVendor } from '../../../nodes/shared/vendors/learningpool';
import { learnUponVendor } from '../../../nodes/shared/vendors/learnupon';
import { learnWorldsVendor } from '../../../nodes/shared/vendors/learnworlds';
import { growVendor } from '../../../nodes/shared/vendors/grow';
import { talentLmsVendor } from '../../../nodes/shared/vendors/talentlms';

/**
 * Secrets planted in vendor error bodies, in the forms a hostile or careless server sends them
 * back: literal, URL-encoded, base64 of the Basic pair the vendor's auth builds, and base64 of the
 * secret alone. None may survive into an error message, description, continue-on-fail item or
 * the error's JSON (what n8n stores in the execution data).
 */

const b64 = (text: string) => Buffer.from(text).toString('base64');
const node: INode = {
	id: 'n1',
	name: 'LMS',
	type: 'test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const VENDORS: Array<{
	vendor: VendorDefinition;
	creds: Record<string, unknown>;
	secret: string;
	forms: string[];
}> = [
	{
		vendor: talentLmsVendor,
		creds: { domain: 'acme', apiKey: 'TlmsKey+/Secret=4711xyz' },
		secret: 'TlmsKey+/Secret=4711xyz',
		forms: [b64('TlmsKey+/Secret=4711xyz:')],
	},
	{
		vendor: learnUponVendor,
		creds: { portal: 'acme', username: 'api-user', password: 'Lu Pass/word+4711' },
		secret: 'Lu Pass/word+4711',
		forms: [b64('api-user:Lu Pass/word+4711')],
	},
	{
		vendor: learnWorldsVendor,
		creds: {
			schoolUrl: 'academy.example.com',
			clientId: 'c1',
			clientSecret: 'lw secret/4711+x',
			accessToken: 'lwTokenAbc123456',
		},
		secret: 'lw secret/4711+x',
		forms: ['lwTokenAbc123456', b64('lwTokenAbc123456')],
	},
	{
		vendor: growVendor,
		creds: {
			schoolUrl: 'acme.plenumapps.com',
			clientId: 'c1',
			clientSecret: 'grow secret/4711',
			accessToken: 'growTok-987654321',
		},
		secret: 'grow secret/4711',
		forms: ['growTok-987654321'],
	},
	{
		vendor: learningPoolVendor,
		creds: {
			baseUrl: 'https://learn.example.com',
			clientId: 'c1',
			clientSecret: 'lp secret/4711',
			accessToken: 'lpTok.abc.def123',
		},
		secret: 'lp secret/4711',
		forms: ['lpTok.abc.def123', encodeURIComponent('lpTok.abc.def123')],
	},
];

function planted(secret: string, forms: string[]): string {
	return [
		`literal ${secret}`,
		`url ${encodeURIComponent(secret)}`,
		`form ${encodeURIComponent(secret).replace(/%20/g, '+')}`,
		`b64 ${b64(secret)}`,
		`b64url ${b64(secret).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`,
		...forms.map((form) => `derived ${form}`),
	].join(' | ');
}

/** Every text of a value, for a search that cannot miss a nested field. */
const allText = (value: unknown): string => JSON.stringify(value) ?? '';

describe.each(VENDORS.map((entry) => [entry.vendor.name, entry]))(
	'%s: secrets planted in an error body never come out',
	(_name, { vendor, creds, secret, forms }) => {
		const leaks = (text: string) =>
			[secret, encodeURIComponent(secret), b64(secret).replace(/=+$/, ''), ...forms].filter(
				(form) => text.includes(form.replace(/=+$/, '')),
			);

		it.each([500, 400, 401])('status %d', async (status) => {
			const body = planted(secret, forms);
			const transport: Transport = {
				async send(_request: HttpRequest): Promise<HttpResponse> {
					return {
						status,
						headers: {},
						body: { message: body, error: { message: body }, errors: [{ message: body }] },
					};
				},
			};
			const adapter: LmsAdapter = vendor.createAdapter(creds, transport, new ManualClock(0));
			const secrets = vendor.secretsOf(creds);
			let caught: unknown;
			try {
				await adapter.findUser!({ by: 'email', value: 'ada@example.com' });
			} catch (error) {
				caught = error;
			}
			expect(caught).toBeDefined();
			const nodeError = toNodeError(node, caught, 0, 'ada@example.com', secrets);
			const outputs = [
				errorToJson(caught, secrets),
				nodeError.message,
				nodeError.description,
				nodeError.toJSON?.(),
				(nodeError as { context?: unknown }).context,
				(nodeError as { cause?: unknown }).cause,
				(nodeError as { errorResponse?: unknown }).errorResponse,
			];
			for (const output of outputs) expect(leaks(allText(output))).toEqual([]);
			// The vendor's message is still there, only the secrets are gone.
			expect(allText(errorToJson(caught, secrets))).toMatch(/literal \[redacted\]/);
		});
	},
);

describe('secret forms', () => {
	it('redacts a secret literal, URL-encoded, form-encoded and in base64 at any padding', () => {
		const secret = 'a b/c+d?';
		const text = planted(secret, []);
		expect(redactText(text, [secret])).toBe(
			'literal [redacted] | url [redacted] | form [redacted] | b64 [redacted] | b64url [redacted]',
		);
	});

	it('leaves ordinary text alone', () => {
		expect(redactText('User 17 not found', ['s3cret-value'])).toBe('User 17 not found');
	});
});
