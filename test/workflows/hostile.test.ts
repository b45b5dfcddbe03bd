/**
 * Hostile input through n8n-core's engine: a refused or reset connection, with "Continue On Fail"
 * off, stops the run with the package's own "Item N: …" message and hint, not n8n's generic
 * sentence for ECONNREFUSED / ECONNRESET; oversized or wrongly typed fields stop before any call.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { LearnUponApi } from '../../credentials/LearnUponApi.credentials';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { LearnUpon } from '../../nodes/LearnUpon/LearnUpon.node';
import { runWorkflow } from './harness';

jest.setTimeout(60_000);

const TYPE = 'n8n-nodes-lms-provisioning.learnUpon';

async function getUser(portal: string) {
	return await runFailing(portal, {
		resource: 'user',
		operation: 'get',
		user: { __rl: true, mode: 'id', value: '42' },
		maxWaitMinutes: 0,
	});
}

async function runFailing(
	portal: string,
	parameters: INodeParameters,
	input: IDataObject[] = [{}],
) {
	const result = await runWorkflow({
		nodeTypes: { [TYPE]: LearnUpon },
		credentialTypes: [LearnUponApi],
		credentials: { learnUponApi: { portal, username: 'api', password: 'pw-Conn-55' } },
		nodes: [
			{
				name: 'LearnUpon',
				type: TYPE,
				parameters,
			},
		],
		input,
	});
	const error = result.nodeError('LearnUpon') ?? result.error;
	if (!error) throw new Error('the run did not fail');
	return error as Error & { description?: string };
}

/** A port that was just free: nothing listens there. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

let resetting: Server;
let resettingPort: number;
/** Every request the stand-in LMS received. */
const received: string[] = [];
beforeAll(async () => {
	// Accepts the connection, then drops it without an answer.
	resetting = createServer((request) => {
		received.push(`${request.method} ${request.url}`);
		request.socket.destroy();
	});
	await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
	resettingPort = (resetting.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => resetting.close(() => resolve())));
beforeEach(() => {
	received.length = 0;
});

describe('Stop on fail keeps the package message for lost connections', () => {
	it('a refused connection (ECONNREFUSED)', async () => {
		const error = await getUser(`http://127.0.0.1:${await closedPort()}`);
		expect(error.message).toMatch(/^Item 1( \(.*\))?: The LMS could not be reached/);
		expect(error.message).toMatch(/ECONNREFUSED/);
		expect(error.message).not.toMatch(/perhaps it is offline/);
		expect(error.description).toMatch(/Check the LMS address/);
		expect(`${error.message} ${error.description}`).not.toContain('pw-Conn-55');
	});

	it('a reset connection (ECONNRESET)', async () => {
		const error = await getUser(`http://127.0.0.1:${resettingPort}`);
		expect(error.message).toMatch(/^Item 1( \(.*\))?: The LMS could not be reached/);
		expect(error.message).not.toMatch(/closed unexpectedly/);
		expect(error.description).toBeTruthy();
	});
});

describe('oversized or wrongly typed fields stop the run before any call', () => {
	const create = {
		resource: 'user',
		operation: 'create',
		email: '={{ $json.email }}',
		firstName: '={{ $json.firstName }}',
		lastName: 'Learner',
	};

	it.each([
		[
			'a 5,000-character email local part',
			{ email: `${'a'.repeat(5000)}@example.com`, firstName: 'Jo' },
			/Email.*RFC 5321/,
		],
		[
			'a 100,000-character first name',
			{ email: 'jo@example.com', firstName: 'J'.repeat(100_000) },
			/"First Name" is 100000 characters long/,
		],
		[
			'an object as the first name',
			{ email: 'jo@example.com', firstName: { given: 'Jo' } },
			/"First Name" must be text, got an object/,
		],
		[
			'an array as the email',
			{ email: ['jo@example.com'], firstName: 'Jo' },
			/"Email" must be text, got an array/,
		],
	])('%s', async (_case, item, reason) => {
		const error = await runFailing(`http://127.0.0.1:${resettingPort}`, create, [
			item as IDataObject,
		]);
		expect(error.message).toMatch(/^Item 1: /);
		expect(error.message).toMatch(reason);
		expect(received).toEqual([]);
	});
});
