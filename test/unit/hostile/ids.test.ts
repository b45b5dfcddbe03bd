/* eslint-disable @n8n/community-nodes/require-node-api-error -- tests, not node code */
import {
	InputError,
	isLmsError,
	type HttpRequest,
	type HttpResponse,
	type LmsAdapter,
	type Transport,
	type VendorDefinition,
} from '../../../nodes/shared/core';
import { ManualClock } from '../../support/manualClock';
import { learningPoolVendor } from '../../../nodes/shared/vendors/learningpool';
import { learnWorldsVendor } from '../../../nodes/shared/vendors/learnworlds';
import { growVendor } from '../../../nodes/shared/vendors/grow';
import { learnUponVendor } from '../../../nodes/shared/vendors/learnupon';
import { talentLmsVendor } from '../../../nodes/shared/vendors/talentlms';

/**
 * Hostile ids, as found in real n8n (issue 14): `.` and `..` are normalised away by every URL
 * parser, so `/users/.` reaches the user list and `/groups/201/users/..` the group itself. The
 * fake LMS below resolves paths the way an HTTP client does and answers those other endpoints
 * like the simulators (and a real API) might, so the old code did the wrong write.
 */

type Route = (method: string, path: string) => { status: number; body?: unknown } | undefined;

function fakeLms(route: Route) {
	const calls: string[] = [];
	const transport: Transport = {
		async send(request: HttpRequest): Promise<HttpResponse> {
			// WHATWG URL resolution: what axios and n8n's request helper send on the wire.
			const path = new URL(request.url, 'https://lms.example.com').pathname;
			calls.push(`${request.method} ${path}`);
			const answer = route(request.method, path) ?? { status: 404, body: { message: 'Not found' } };
			return { status: answer.status, headers: {}, body: answer.body };
		},
	};
	return { transport, calls };
}

function adapterOf(vendor: VendorDefinition, creds: Record<string, unknown>, route: Route) {
	const { transport, calls } = fakeLms(route);
	const adapter: LmsAdapter = vendor.createAdapter(creds, transport, new ManualClock(0));
	return { adapter, calls };
}

async function refusal(run: () => Promise<unknown>): Promise<Error> {
	try {
		await run();
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a refusal, the operation succeeded');
}

const luUser = (id: number, extra: Record<string, unknown> = {}) => ({
	id,
	email: `user${id}@example.com`,
	first_name: 'Ada',
	last_name: `User${id}`,
	user_type: 'learner',
	enabled: true,
	...extra,
});

describe('LearnUpon: a user id is a value, never a path', () => {
	const creds = { portal: 'acme', username: 'api-user', password: 'lu-api-password-4711' };
	// `/users/` is the user list: its first record is someone else.
	const route: Route = (method, path) => {
		if (method === 'GET' && path === '/api/v1/users/')
			return { status: 200, body: { user: [luUser(10001)] } };
		if (method === 'GET' && path === '/api/v1/users/5')
			return { status: 200, body: { user: [luUser(10001)] } };
		if (method === 'PUT') return { status: 200, body: {} };
		return undefined;
	};

	it.each(['.', '..', ' . ', ''])(
		'Suspend with user id %j sends nothing and suspends nobody',
		async (id) => {
			const { adapter, calls } = adapterOf(learnUponVendor, creds, route);
			const error = await refusal(() => adapter.suspendUser!({ by: 'id', value: id }));
			expect(error).toBeInstanceOf(InputError);
			expect(error.message).toMatch(/User ID/);
			expect(calls).toEqual([]);
		},
	);

	it('Get with user id "." is refused, not answered with the first user of the list', async () => {
		const { adapter, calls } = adapterOf(learnUponVendor, creds, route);
		await expect(adapter.findUser!({ by: 'id', value: '.' })).rejects.toThrow(/User ID/);
		expect(calls).toEqual([]);
	});

	it('a non-numeric id never reaches LearnUpon, whose user ids are integers', async () => {
		const { adapter, calls } = adapterOf(learnUponVendor, creds, route);
		await expect(adapter.deleteUser!({ by: 'id', value: '5;6' })).rejects.toThrow(
			/"User ID" must be a numeric id/,
		);
		expect(calls).toEqual([]);
	});

	it('a read by id that answers another user is an error, and nothing is written', async () => {
		const { adapter, calls } = adapterOf(learnUponVendor, creds, route);
		const error = await refusal(() => adapter.suspendUser!({ by: 'id', value: '5' }));
		expect(isLmsError(error)).toBe(true);
		expect(error.message).toBe('LearnUpon answered user "10001" when asked for user "5"');
		expect(calls).toEqual(['GET /api/v1/users/5']);
	});
});

describe('Learning Pool: ids and tags are values, never paths', () => {
	const creds = {
		baseUrl: 'https://learn.example.com',
		clientId: 'client-1',
		clientSecret: 'client-secret-4711',
	};
	const member = {
		id: 1001,
		email: 'ada@example.com',
		first_name: 'Ada',
		last_name: 'L',
		status: 'active',
	};
	const route: Route = (method, path) => {
		if (method === 'GET' && path === '/api/v1/users/1001') return { status: 200, body: member };
		if (method === 'GET' && path === '/api/v1/users/1001/tags')
			return { status: 200, body: { tags: ['..', 'keep'] } };
		if (method === 'DELETE') return { status: 204 };
		return undefined;
	};

	it.each([
		['group id', { ref: '1001', group: '..' }],
		['user id', { ref: '..', group: '201' }],
	])('Remove User from group with a %s of ".." deletes nothing', async (_name, { ref, group }) => {
		const { adapter, calls } = adapterOf(learningPoolVendor, creds, route);
		const error = await refusal(() => adapter.removeFromGroup!({ by: 'id', value: ref }, group));
		expect(error).toBeInstanceOf(InputError);
		expect(calls.filter((call) => call.startsWith('DELETE'))).toEqual([]);
	});

	it('Remove Tag ".." is refused before any delete, and the tag is not reported removed', async () => {
		const { adapter, calls } = adapterOf(learningPoolVendor, creds, route);
		const error = await refusal(() => adapter.removeTags!({ by: 'id', value: '1001' }, ['..']));
		expect(error).toBeInstanceOf(InputError);
		expect(error.message).toMatch(/"Tag" cannot be ".."/);
		expect(calls.filter((call) => call.startsWith('DELETE'))).toEqual([]);
	});

	it('a read by id that answers another user is an error', async () => {
		const { adapter } = adapterOf(learningPoolVendor, creds, (method, path) =>
			method === 'GET' && path === '/api/v1/users/7' ? { status: 200, body: member } : undefined,
		);
		await expect(adapter.findUser!({ by: 'id', value: '7' })).rejects.toThrow(
			'Learning Pool answered user "1001" when asked for user "7"',
		);
	});
});

describe('TalentLMS: values stay inside their name:value segment', () => {
	it.each(['.', '..'])('Suspend with user id %j sends nothing', async (id) => {
		const { adapter, calls } = adapterOf(
			talentLmsVendor,
			{ domain: 'acme', apiKey: 'k'.repeat(30) },
			() => ({
				status: 200,
				body: { id: '1', login: 'someone', email: 'someone@example.com', status: 'active' },
			}),
		);
		await expect(adapter.suspendUser!({ by: 'id', value: id })).rejects.toThrow(InputError);
		expect(calls).toEqual([]);
	});

	it('a read by id that answers another user is an error', async () => {
		const { adapter } = adapterOf(
			talentLmsVendor,
			{ domain: 'acme', apiKey: 'k'.repeat(30) },
			() => ({
				status: 200,
				body: { id: '18', login: 'someone', email: 'someone@example.com', status: 'active' },
			}),
		);
		await expect(adapter.findUser!({ by: 'id', value: '17' })).rejects.toThrow(
			'TalentLMS answered user "18" when asked for user "17"',
		);
	});
});

describe('LearnWorlds and Grow: ids are values, never paths', () => {
	const creds = {
		schoolUrl: 'academy.example.com',
		clientId: 'client-1',
		clientSecret: 'secret-4711-abc',
	};
	// `DELETE /user_groups/g1/users/..` is the group itself; `/user_groups/../users/u1` a user record.
	const route: Route = (method) =>
		method === 'DELETE' ? { status: 200, body: { success: true } } : undefined;

	it.each([
		['group id', { user: 'u1', group: '..' }],
		['user id', { user: '..', group: 'g1' }],
		['group id', { user: 'u1', group: '.' }],
	])('Remove User from group with a %s of %j sends no delete', async (_name, { user, group }) => {
		for (const vendor of [learnWorldsVendor, growVendor]) {
			const { adapter, calls } = adapterOf(vendor, creds, route);
			await expect(adapter.removeFromGroup!({ by: 'id', value: user }, group)).rejects.toThrow(
				InputError,
			);
			expect(calls).toEqual([]);
		}
	});

	it('a read by id that answers another user is an error', async () => {
		const { adapter } = adapterOf(learnWorldsVendor, creds, (method, path) =>
			method === 'GET' && path === '/admin/api/v2/users/u1'
				? { status: 200, body: { id: 'u2', email: 'other@example.com', username: 'other' } }
				: undefined,
		);
		await expect(adapter.findUser!({ by: 'id', value: 'u1' })).rejects.toThrow(
			'LearnWorlds answered user "u2" when asked for user "u1"',
		);
	});
});
