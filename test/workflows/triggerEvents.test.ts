/**
 * The trigger's events beyond completions (User Created, User Enrolled) through n8n-core's poll
 * path, with in-memory LMSs: one that filters users by creation time, one that only numbers them.
 */
import type {
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import {
	capabilitiesOf,
	LmsError,
	type Completion,
	type EnrollmentEvent,
	type LmsAdapter,
	type UserCreation,
	type VendorDefinition,
} from '../../nodes/shared/core';
import { buildTriggerDescription, pollEvents, triggerProperties } from '../../nodes/shared/n8n';
import { learningPoolVendor } from '../../nodes/shared/vendors/learningpool/definition';
import { learnUponVendor } from '../../nodes/shared/vendors/learnupon/definition';
import { talentLmsVendor } from '../../nodes/shared/vendors/talentlms/definition';
import { learnWorldsVendor } from '../../nodes/shared/vendors/learnworlds/definition';
import { MemoryLms } from '../support/memoryLms';
import { FixtureBasicApi } from './fixtures/FixtureBasicApi.credentials';
import { createPollHarness } from './harness';

const SECRET = 'pw-Very-Secret-42';

/** An LMS without a creation-time filter whose users carry increasing integer ids. */
class NumberedLms implements LmsAdapter {
	readonly vendor = { id: 'numbered', name: 'Numbered LMS' };
	readonly productTypes = ['course'] as const;
	users: UserCreation[] = [];
	reads = 0;
	failNextRead = false;

	add(id: number, email = `user${id}@example.com`): void {
		this.users.push({ userId: String(id), email, firstName: `First${id}`, raw: { id } });
	}

	async *listNumberedUsers(): AsyncIterable<UserCreation> {
		this.reads++;
		if (this.failNextRead) {
			this.failNextRead = false;
			yield* this.users.slice(0, 1);
			throw new LmsError({ kind: 'unavailable', status: 503, message: 'Service unavailable' });
		}
		yield* this.users;
	}

	async *listCompletions(): AsyncIterable<Completion> {}
}

let memory: MemoryLms;
let numbered: NumberedLms;

function vendorFor(id: string, adapter: () => LmsAdapter, prototype: object): VendorDefinition {
	return {
		id,
		name: id,
		credentialType: 'fixtureBasicApi',
		nodeName: 'lms',
		capabilities: capabilitiesOf(prototype as LmsAdapter),
		productTypes: ['course'],
		enrollOptions: [],
		pacing: () => ({ requests: 1_000, windowMs: 1_000 }),
		completionOverlapMs: 60_000,
		createAdapter: adapter,
		secretsOf: (credentials) => [String(credentials.password)],
	};
}
const memoryVendor = vendorFor('memory', () => memory, MemoryLms.prototype);
const numberedVendor = vendorFor('numbered', () => numbered, NumberedLms.prototype);

function triggerFor(vendor: VendorDefinition): new () => INodeType {
	return class implements INodeType {
		description: INodeTypeDescription = buildTriggerDescription(vendor, {
			displayName: 'LMS Trigger',
			icon: 'fa:graduation-cap',
			description: 'Test trigger',
		});
		async poll(this: IPollFunctions) {
			return pollEvents.call(this, vendor);
		}
	};
}

const credentials = {
	fixtureBasicApi: { baseUrl: 'http://127.0.0.1:9', username: 'u', password: SECRET },
};
const harness = (
	vendor: VendorDefinition,
	parameters: INodeParameters,
	staticData?: ReturnType<typeof createPollHarness>['staticData'],
) =>
	createPollHarness({
		nodeType: triggerFor(vendor),
		credentialTypes: [FixtureBasicApi],
		credentials,
		parameters,
		staticData,
	});
const course = (value: string) => ({ __rl: true, mode: 'id', value });
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

const created = (userId: string, at: string, raw: unknown = {}): UserCreation => ({
	userId,
	email: `${userId}@example.com`,
	firstName: 'Ann',
	lastName: 'Lee',
	status: 'active',
	createdAt: at,
	raw,
});
const enrolled = (
	userId: string,
	productId: string,
	at: string,
	productType: EnrollmentEvent['productType'] = 'course',
): EnrollmentEvent => ({ userId, productId, productType, enrolledAt: at, raw: {} });

beforeEach(() => {
	memory = new MemoryLms();
	numbered = new NumberedLms();
});

describe('trigger events offered', () => {
	const property = (properties: INodeProperties[], name: string) =>
		properties.find((p) => p.name === name)!;
	const events = (vendor: VendorDefinition) =>
		(property(triggerProperties(vendor), 'event').options as Array<{ value: string }>).map(
			(option) => option.value,
		);

	it('lists only the events the adapter can report', () => {
		expect(events(memoryVendor)).toEqual(['courseCompleted', 'userCreated', 'userEnrolled']);
		expect(events(numberedVendor)).toEqual(['courseCompleted', 'userCreated']);
		expect(events(learnWorldsVendor)).toEqual(['courseCompleted', 'userCreated', 'userEnrolled']);
		expect(events(talentLmsVendor)).toEqual(['courseCompleted', 'userCreated']);
		expect(events(learnUponVendor)).toEqual(['courseCompleted']);
		expect(events(learningPoolVendor)).toEqual(['courseCompleted']);
	});

	it('shows the course filter where it applies, and a backfill only for events with times', () => {
		const properties = triggerProperties(memoryVendor);
		expect(property(properties, 'course').displayOptions?.show?.event).toEqual([
			'courseCompleted',
			'userEnrolled',
		]);
		expect(property(properties, 'options').displayOptions?.show?.event).toEqual([
			'courseCompleted',
			'userCreated',
			'userEnrolled',
		]);
		// Users found by id have no time to go back to.
		expect(
			property(triggerProperties(numberedVendor), 'options').displayOptions?.show?.event,
		).toEqual(['courseCompleted']);
	});
});

describe('User Created, by creation time', () => {
	const parameters = { event: 'userCreated' };

	it('starts from now, then emits each new user once as a canonical item, secrets redacted', async () => {
		memory.userCreations.push(created('before', iso(-30_000)));
		const poller = harness(memoryVendor, parameters);
		expect(await poller.poll()).toEqual([]);

		memory.userCreations.push(
			created('u2', iso(2_000), { note: `password is ${SECRET}` }),
			created('u1', iso(1_000)),
		);
		const items = await poller.poll();
		expect(items.map((item) => item.json.userId)).toEqual(['u1', 'u2']);
		expect(items[0].json).toEqual({
			userId: 'u1',
			email: 'u1@example.com',
			firstName: 'Ann',
			lastName: 'Lee',
			status: 'active',
			createdAt: memory.userCreations[2].createdAt,
			raw: {},
		});
		expect(JSON.stringify(items)).not.toContain(SECRET);
		expect(await poller.poll()).toEqual([]);
	});

	it('backfills the given days on the first poll', async () => {
		memory.userCreations.push(created('old', iso(-3 * 86_400_000)), created('older', iso(-9e9)));
		const poller = harness(memoryVendor, { ...parameters, options: { backfillDays: 5 } });
		expect((await poller.poll()).map((item) => item.json.userId)).toEqual(['old']);
	});
});

describe('User Enrolled', () => {
	it('emits enrollments into the chosen course only, each once', async () => {
		const poller = harness(memoryVendor, { event: 'userEnrolled', course: course('c1') });
		memory.enrollmentEvents.push(enrolled('before', 'c1', iso(-10_000)));
		expect(await poller.poll()).toEqual([]);
		memory.enrollmentEvents.push(
			enrolled('u1', 'c1', iso(1_000)),
			enrolled('u2', 'c2', iso(1_000)),
			enrolled('u3', 'c1', iso(2_000), 'bundle'),
		);
		const items = await poller.poll();
		expect(items.map((item) => [item.json.userId, item.json.productId])).toEqual([['u1', 'c1']]);
		expect(items[0].json).toMatchObject({ productType: 'course', enrolledAt: expect.any(String) });
		expect(await poller.poll()).toEqual([]);
	});

	it('starts a new cursor when the event or the course changes', async () => {
		memory.userCreations.push(created('u1', iso(-10_000)));
		const users = harness(memoryVendor, { event: 'userCreated' });
		await users.poll();
		memory.enrollmentEvents.push(enrolled('u1', 'c1', iso(-5_000)));
		// Same node, event switched: the enrollment before the switch is not news.
		const enrollments = harness(memoryVendor, { event: 'userEnrolled' }, users.staticData);
		expect(await enrollments.poll()).toEqual([]);
		expect(enrollments.nodeStaticData.scope).toBe('userEnrolled:*');
		const oneCourse = harness(
			memoryVendor,
			{ event: 'userEnrolled', course: course('c1') },
			enrollments.staticData,
		);
		expect(await oneCourse.poll()).toEqual([]);
		expect(oneCourse.nodeStaticData.scope).toBe('userEnrolled:c1');
	});

	it('a failed first read after an event switch says what failed and keeps the old cursor apart', async () => {
		memory.userCreations.push(created('u1', iso(-10_000)));
		const users = harness(memoryVendor, { event: 'userCreated' });
		await users.poll();
		memory.enrollmentEvents.push(enrolled('u1', 'c1', iso(-5_000)));
		const listEnrollmentEvents = memory.listEnrollmentEvents.bind(memory);
		memory.listEnrollmentEvents = async function* () {
			yield* [];
			throw new LmsError({
				kind: 'unavailable',
				status: 503,
				message: 'Service unavailable',
				vendorMessage: 'Down for maintenance',
			});
		};
		const switched = harness(memoryVendor, { event: 'userEnrolled' }, users.staticData);
		const failure = (await switched.poll().catch((error: unknown) => error)) as Error & {
			description?: string;
		};
		expect(failure.message).toBe('Polling failed: Service unavailable');
		expect(failure.description).toContain('The LMS said: Down for maintenance');
		expect(failure.description).toContain('the next poll starts again from the same point');
		expect(switched.nodeStaticData.scope).toBe(users.nodeStaticData.scope);

		// The retry starts the new event from now: the enrollment before the switch is not news.
		memory.listEnrollmentEvents = listEnrollmentEvents;
		const retried = harness(memoryVendor, { event: 'userEnrolled' }, switched.staticData);
		expect(await retried.poll()).toEqual([]);
		expect(await retried.poll()).toEqual([]);
	});

	it('shows the newest enrollments in manual mode without moving the cursor', async () => {
		for (let i = 1; i <= 7; i++)
			memory.enrollmentEvents.push(enrolled(`u${i}`, 'c1', iso(-i * 60_000)));
		const poller = harness(memoryVendor, { event: 'userEnrolled' });
		await poller.poll();
		const before = JSON.stringify(poller.nodeStaticData);
		const sample = await poller.poll({ mode: 'manual' });
		expect(sample.map((item) => item.json.userId)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
		expect(JSON.stringify(poller.nodeStaticData)).toBe(before);
	});
});

describe('User Created, by id (no creation-time filter)', () => {
	const parameters = { event: 'userCreated' };

	it('treats every user listed at activation as known; emits later ids once, lowest first', async () => {
		numbered.add(1);
		numbered.add(2);
		const poller = harness(numberedVendor, parameters);
		expect(await poller.poll()).toEqual([]);
		numbered.add(4);
		numbered.add(3);
		const items = await poller.poll();
		expect(items.map((item) => item.json.userId)).toEqual(['3', '4']);
		expect(items[0].json).toEqual({
			userId: '3',
			email: 'user3@example.com',
			firstName: 'First3',
			raw: { id: 3 },
		});
		expect(await poller.poll()).toEqual([]);
		expect(numbered.reads).toBe(3);
	});

	it('a failed read leaves the cursor untouched, so the next poll still emits', async () => {
		numbered.add(1);
		const poller = harness(numberedVendor, parameters);
		await poller.poll();
		const cursor = JSON.stringify(poller.nodeStaticData);
		numbered.add(2);
		numbered.failNextRead = true;
		await expect(poller.poll()).rejects.toThrow();
		expect(JSON.stringify(poller.nodeStaticData)).toBe(cursor);
		expect((await poller.poll()).map((item) => item.json.userId)).toEqual(['2']);
	});

	it('shows the highest ids in manual mode without moving the cursor', async () => {
		for (let id = 1; id <= 12; id++) numbered.add(id);
		const poller = harness(numberedVendor, parameters);
		await poller.poll();
		const before = JSON.stringify(poller.nodeStaticData);
		const sample = await poller.poll({ mode: 'manual' });
		expect(sample.map((item) => item.json.userId)).toEqual(['12', '11', '10', '9', '8']);
		expect(JSON.stringify(poller.nodeStaticData)).toBe(before);
	});
});
