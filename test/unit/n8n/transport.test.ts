/**
 * The n8n transport turns what n8n's request helper throws back into the HTTP answer, on both
 * n8n lines. The 1.x shape is what n8n 1.123.81's NodeApiError holds for a 404 with a JSON body
 * (measured there: `cause` undefined, `httpCode` '404', the body in `context.data`); the 2.x one
 * is this repo's n8n-workflow wrapping an axios-like error, as its helper does.
 */
import { NodeApiError, type IExecuteFunctions, type INode } from 'n8n-workflow';

import { ConnectionError } from '../../../nodes/shared/core';
import { N8nTransport } from '../../../nodes/shared/n8n/transport';

const node: INode = {
	id: 'n1',
	name: 'LMS',
	type: 'test',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function transportThrowing(error: unknown): N8nTransport {
	const context = {
		getNode: () => node,
		helpers: {
			httpRequestWithAuthentication: async () => {
				throw error;
			},
		},
	} as unknown as IExecuteFunctions;
	return new N8nTransport(context, 'testApi');
}

const request = { method: 'GET' as const, url: 'https://lms.example/users/42' };

/** An error like axios's for an answered request. */
function answeredError(status: number, data: unknown, headers: Record<string, string> = {}) {
	return Object.assign(new Error(`Request failed with status code ${status}`), {
		isAxiosError: true,
		response: { status, headers, data },
	});
}

describe('N8nTransport error answers', () => {
	it('n8n 2.x: reads status, headers and body from the wrapped cause', async () => {
		const thrown = new NodeApiError(
			node,
			answeredError(429, { error: 'slow down' }, { 'Retry-After': '3' }) as never,
		);
		await expect(transportThrowing(thrown).send(request)).resolves.toEqual({
			status: 429,
			headers: { 'retry-after': '3' },
			body: { error: 'slow down' },
		});
	});

	it('n8n 1.x: reads the status from httpCode and the body from context.data', async () => {
		const thrown = Object.assign(new Error('The resource you are requesting could not be found'), {
			cause: undefined,
			httpCode: '404',
			context: { data: { error: 'User not found' } },
			description: 'Request failed with status code 404',
		});
		await expect(transportThrowing(thrown).send(request)).resolves.toEqual({
			status: 404,
			headers: {},
			body: { error: 'User not found' },
		});
	});

	it('n8n 1.x: a status with a non-object body still comes back as that status', async () => {
		const thrown = Object.assign(new Error('Conflict'), { httpCode: '409', context: {} });
		await expect(transportThrowing(thrown).send(request)).resolves.toEqual({
			status: 409,
			headers: {},
			body: undefined,
		});
	});

	it('n8n 1.x: a network code in httpCode is a lost connection, not an answer', async () => {
		const thrown = Object.assign(new Error('The service refused the connection'), {
			httpCode: 'ECONNREFUSED',
			context: {},
		});
		const sent = transportThrowing(thrown).send(request);
		await expect(sent).rejects.toBeInstanceOf(ConnectionError);
		await expect(sent).rejects.toThrow('The service refused the connection');
	});

	it('n8n 2.x: a lost connection stays a ConnectionError with its code', async () => {
		const lost = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
			code: 'ECONNREFUSED',
		});
		const sent = transportThrowing(new NodeApiError(node, lost as never)).send(request);
		await expect(sent).rejects.toMatchObject({ name: 'ConnectionError', code: 'ECONNREFUSED' });
	});
});
