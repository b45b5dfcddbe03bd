/**
 * The shared n8n layer (description factory, item runner, batch runner, poller) run through
 * n8n-core's engine with an in-memory LMS, so these tests are about the layer, not a vendor.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeParameters,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import {
	capabilitiesOf,
	InputError,
	LmsError,
	type VendorDefinition,
} from '../../nodes/shared/core';
import {
	buildActionDescription,
	buildMethods,
	buildTriggerDescription,
	pollEvents,
	runActionNode,
} from '../../nodes/shared/n8n';
import { MemoryLms } from '../support/memoryLms';
import { FixtureBasicApi } from './fixtures/FixtureBasicApi.credentials';
import { createPollHarness, runWorkflow } from './harness';

const SECRET = 'pw-Very-Secret-42';
let lms: MemoryLms;
/** What createAdapter throws instead of building the adapter, as a vendor does for a bad domain. */
let credentialRefusal: unknown;

const memoryVendor: VendorDefinition = {
	id: 'memory',
	name: 'Memory LMS',
	credentialType: 'fixtureBasicApi',
	nodeName: 'memoryLms',
	capabilities: capabilitiesOf(MemoryLms.prototype),
	productTypes: ['course'],
	enrollOptions: [],
	pacing: () => ({ requests: 1_000, windowMs: 1_000 }),
	completionOverlapMs: 60_000,
	createAdapter: () => {
		if (credentialRefusal !== undefined) throw credentialRefusal;
		return lms;
	},
	secretsOf: (credentials) => [String(credentials.password)],
};

class MemoryNode implements INodeType {
	description: INodeTypeDescription = buildActionDescription(memoryVendor, {
		displayName: 'Memory LMS',
		icon: 'fa:graduation-cap',
		description: 'Test node',
	});
	methods = buildMethods(memoryVendor);
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runActionNode.call(this, memoryVendor);
	}
}

class MemoryTrigger implements INodeType {
	description: INodeTypeDescription = buildTriggerDescription(memoryVendor, {
		displayName: 'Memory LMS Trigger',
		icon: 'fa:graduation-cap',
		description: 'Test trigger',
	});
	async poll(this: IPollFunctions) {
		return pollEvents.call(this, memoryVendor);
	}
}

const TYPE = 'test.memoryLms';
const credentials = {
	fixtureBasicApi: { baseUrl: 'http://127.0.0.1:9', username: 'u', password: SECRET },
};

function run(parameters: INodeParameters, input: IDataObject[], continueOnFail = false) {
	return runWorkflow({
		nodeTypes: { [TYPE]: MemoryNode },
		credentialTypes: [FixtureBasicApi],
		credentials,
		nodes: [
			{
				name: 'LMS',
				type: TYPE,
				parameters,
				...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		input,
	});
}

const byEmail = (mode = 'email') => ({ __rl: true, mode, value: '={{ $json.email }}' });

beforeEach(() => {
	lms = new MemoryLms();
	credentialRefusal = undefined;
});

describe('description factory', () => {
	const description = new MemoryNode().description;
	const operationsOf = (resource: string) =>
		(description.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
		)?.options ?? []) as Array<{ value: string }>;

	it('offers exactly the operations the adapter implements', () => {
		expect(
			operationsOf('user')
				.map((o) => o.value)
				.sort(),
		).toEqual(
			['create', 'findOrCreate', 'get', 'getMany', 'reactivate', 'suspend', 'update'].sort(),
		);
		// The memory LMS cannot delete users, unenroll, or manage roles and seats.
		expect(operationsOf('user').map((o) => o.value)).not.toContain('delete');
		expect(operationsOf('enrollment').map((o) => o.value)).not.toContain('unenroll');
		const resources = description.properties.find((p) => p.name === 'resource')?.options as Array<{
			value: string;
		}>;
		expect(resources.map((r) => r.value)).not.toContain('seat');
		expect(resources.map((r) => r.value)).toContain('roster');
	});

	it('shows each field only for its operation and can be used as an AI tool', () => {
		const email = description.properties.filter((p) => p.name === 'email');
		expect(email.map((p) => p.displayOptions?.show?.operation?.[0]).sort()).toEqual([
			'create',
			'findOrCreate',
			'sync',
		]);
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'fixtureBasicApi', required: true }]);
	});
});

describe('item runner', () => {
	it('validates every item before the first call and names the bad item', async () => {
		const result = await run(
			{
				resource: 'user',
				operation: 'create',
				email: '={{ $json.email }}',
				firstName: 'A',
				lastName: 'B',
			},
			[{ email: 'ok@example.com' }, { email: 'ok2@example.com' }, { email: 'not-an-email' }],
		);
		expect(result.error?.message).toBe(
			'Item 3: "Email" must be a valid email address, got "not-an-email"',
		);
		expect(lms.calls).toEqual([]);
	});

	it('with Continue On Fail, keeps going and pairs each result or error with its item', async () => {
		lms.seedUser('known@example.com');
		const result = await run(
			{ resource: 'user', operation: 'suspend', user: byEmail() },
			[{ email: 'known@example.com' }, { email: 'bad' }, { email: 'unknown@example.com' }],
			true,
		);
		const items = result.output('LMS');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ action: 'suspended', email: 'known@example.com' });
		expect(items[1].json).toMatchObject({ errorKind: 'input', field: 'User' });
		expect(items[2].json).toMatchObject({ errorKind: 'notFound' });
	});

	it('stops at a failing item with its number, the LMS message and a hint — and no secret', async () => {
		lms.seedUser('a@example.com');
		lms.suspendUser = async () => {
			throw new LmsError({
				kind: 'forbidden',
				status: 403,
				message: `Memory LMS answered 403: key ${SECRET} lacks rights`,
				vendorMessage: `key ${SECRET} lacks rights`,
			});
		};
		const result = await run({ resource: 'user', operation: 'suspend', user: byEmail() }, [
			{ email: 'a@example.com' },
		]);
		const error = result.error as unknown as { message: string; description?: string };
		expect(error.message).toContain('Item 1 (a@example.com): Memory LMS answered 403');
		expect(error.description).toContain('The LMS said:');
		expect(error.description).toContain('Ask the LMS admin');
		expect(JSON.stringify(result.runData)).not.toContain(SECRET);
		expect(`${error.message} ${error.description}`).not.toContain(SECRET);
	});

	describe('a credential the adapter refuses', () => {
		const suspend = { resource: 'user', operation: 'suspend', user: byEmail() };
		const rows = [{ email: 'a@example.com' }, { email: 'b@example.com' }];

		it('stops the run with a plain NodeOperationError naming the credential field, no secret', async () => {
			credentialRefusal = new InputError(
				'Domain',
				`"Domain" has an invalid host name: acme..${SECRET}.example.com`,
			);
			const result = await run(suspend, rows);
			const error = result.error as unknown as {
				name: string;
				message: string;
				description?: string;
			};
			expect(error.name).toBe('NodeOperationError');
			expect(error.message).toBe(
				'The Memory LMS credential cannot be used: "Domain" has an invalid host name: acme..[redacted].example.com',
			);
			expect(error.description).toBe(
				'Fix "Domain" in the Memory LMS credential; nothing was sent to the LMS.',
			);
			expect(JSON.stringify(result.runData)).not.toContain(SECRET);
			expect(lms.calls).toEqual([]);
		});

		it('turns a raw Error from createAdapter into a NodeOperationError too', async () => {
			credentialRefusal = new TypeError('Cannot read properties of undefined (reading "trim")');
			const result = await run(suspend, rows);
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toBe(
				'The Memory LMS credential cannot be used: Cannot read properties of undefined (reading "trim")',
			);
		});

		it('with Continue On Fail, gives every item the error, paired with it', async () => {
			credentialRefusal = new InputError('Domain', '"Domain" has an invalid host name');
			const result = await run(suspend, [...rows, { email: 'not-an-email' }], true);
			const items = result.output('LMS');
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			for (const item of items.slice(0, 2)) {
				expect(item.json).toEqual({
					error: 'The Memory LMS credential cannot be used: "Domain" has an invalid host name',
					errorKind: 'credential',
					hint: 'Fix "Domain" in the Memory LMS credential; nothing was sent to the LMS.',
				});
			}
			// An item that is invalid by itself keeps its own, more precise, error.
			expect(items[2].json).toMatchObject({ errorKind: 'input', field: 'User' });
			expect(lms.calls).toEqual([]);
		});
	});

	it('runs find-or-create twice without a second user', async () => {
		const params = {
			resource: 'user',
			operation: 'findOrCreate',
			email: '={{ $json.email }}',
			firstName: 'Jo',
			lastName: 'Do',
		};
		const first = await run(params, [{ email: 'jo@example.com' }]);
		const second = await run(params, [{ email: 'jo@example.com' }]);
		expect(first.output('LMS')[0].json.action).toBe('created');
		expect(second.output('LMS')[0].json.action).toBe('found');
		expect(lms.users).toHaveLength(1);
	});

	it("runs different users' items side by side, one user's items one after another, output in input order", async () => {
		let running = 0;
		let maxRunning = 0;
		let sameUserOverlaps = 0;
		const busy = new Map<string, number>();
		/** The adapter call takes a turn of the event loop, and records who overlaps whom. */
		const slow =
			<A extends unknown[], R>(call: (...args: A) => Promise<R>, emailOf: (...args: A) => string) =>
			async (...args: A): Promise<R> => {
				const email = emailOf(...args).toLowerCase();
				if (busy.get(email)) sameUserOverlaps++;
				busy.set(email, (busy.get(email) ?? 0) + 1);
				maxRunning = Math.max(maxRunning, ++running);
				await new Promise((resolve) => setImmediate(resolve));
				try {
					return await call(...args);
				} finally {
					running--;
					busy.set(email, (busy.get(email) ?? 1) - 1);
				}
			};
		lms.findUser = slow(lms.findUser.bind(lms), (ref) => ref.value);
		lms.createUser = slow(lms.createUser.bind(lms), (input) => input.email);
		const emails = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5].map((i) => `p${i}@example.com`);
		const result = await run(
			{
				resource: 'user',
				operation: 'findOrCreate',
				email: '={{ $json.email }}',
				firstName: 'Jo',
				lastName: 'Do',
			},
			emails.map((email) => ({ email })),
		);
		const items = result.output('LMS');
		expect(items.map((item) => item.json.email)).toEqual(emails);
		expect(items.map((item) => item.pairedItem)).toEqual(emails.map((_email, item) => ({ item })));
		expect(items.map((item) => item.json.action)).toEqual([
			...Array<string>(6).fill('created'),
			...Array<string>(6).fill('found'),
		]);
		expect(lms.users).toHaveLength(6);
		expect(sameUserOverlaps).toBe(0);
		expect(maxRunning).toBeGreaterThan(1);
	});
});

describe('roster sync through the engine', () => {
	it('dry-runs by default: a plan item per action, paired with its row, and a summary', async () => {
		lms.seedUser('stays@example.com', { firstName: 'S', lastName: 'T' });
		const result = await run(
			{
				resource: 'roster',
				operation: 'sync',
				email: '={{ $json.email }}',
				firstName: '={{ $json.first }}',
				lastName: '={{ $json.last }}',
				courses: 'c1',
			},
			[
				{ email: 'new@example.com', first: 'N', last: 'W' },
				{ email: 'stays@example.com', first: 'S', last: 'T' },
			],
		);
		const items = result.output('LMS');
		expect(
			items.map((item) => [item.json.email, item.json.action, item.json.status, item.pairedItem]),
		).toEqual([
			['new@example.com', 'create', 'planned', { item: 0 }],
			['new@example.com', 'enroll', 'planned', { item: 0 }],
			['stays@example.com', 'enroll', 'planned', { item: 1 }],
			[undefined, undefined, undefined, [{ item: 0 }, { item: 1 }]],
		]);
		expect(items[3].json).toMatchObject({ summary: true, dryRun: true, planned: 3 });
		expect(lms.users).toHaveLength(1);
	});
});

describe('completion poller', () => {
	const done = (user: string, at: string) => ({
		userId: user,
		courseId: 'c1',
		completedAt: at,
		raw: {},
	});
	const harness = () =>
		createPollHarness({
			nodeType: MemoryTrigger,
			credentialTypes: [FixtureBasicApi],
			credentials,
			parameters: {},
		});

	it('starts from now, then emits each new completion once; a failed fetch leaves the cursor untouched', async () => {
		const now = Date.now();
		const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();
		lms.completions.push(done('before-activation', iso(-30_000)));
		const poller = harness();
		expect(await poller.poll()).toEqual([]);
		const cursorAfterStart = JSON.stringify(poller.nodeStaticData);

		lms.completions.push(done('u1', iso(1_000)), done('u2', iso(2_000)), done('u3', iso(2_000)));
		lms.failCompletionsAfter = 1;
		await expect(poller.poll()).rejects.toThrow(/Service unavailable/);
		expect(JSON.stringify(poller.nodeStaticData)).toBe(cursorAfterStart);

		const emitted = await poller.poll();
		expect(emitted.flat().map((item) => item.json.userId)).toEqual(['u1', 'u2', 'u3']);
		expect(await poller.poll()).toEqual([]);
	});

	it('shows the newest completions in manual mode without moving the cursor', async () => {
		const now = Date.now();
		for (let i = 1; i <= 7; i++)
			lms.completions.push(done(`u${i}`, new Date(now - i * 60_000).toISOString()));
		const poller = harness();
		await poller.poll();
		const before = JSON.stringify(poller.nodeStaticData);
		const sample = await poller.poll({ mode: 'manual' });
		expect(sample.flat().map((item) => item.json.userId)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
		expect(JSON.stringify(poller.nodeStaticData)).toBe(before);
	});
});
