import type { z } from 'zod';

import {
	collect,
	completionSchema,
	courseSchema,
	enrollmentEventSchema,
	enrollmentSchema,
	groupSchema,
	userCreationSchema,
	userSchema,
	type LmsAdapter,
} from '../../nodes/shared/core';
import { VENDOR_IDS, vendorById, type VendorId } from '../../nodes/shared/vendors';
import { AUTHORIZERS, simulatorCredentials } from '../../sandbox/client/authorizers';
import { AxiosTransport } from '../../sandbox/client/axiosTransport';
import { startSandbox, type Sandbox } from '../../sandbox/server';

jest.setTimeout(60_000);

/**
 * Every adapter, against its simulator, hands the core records of the canonical model: what the
 * n8n layer, the roster planner and the trigger cursor rely on whatever the vendor's shape.
 */

const clock = {
	now: () => Date.now(),
	sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
};

const connect = (id: VendorId, url: string, simulator: Record<string, string>) => {
	const creds = simulatorCredentials(url, simulator);
	return { creds, transport: new AxiosTransport(AUTHORIZERS[id](creds, new AxiosTransport())) };
};

const VENDORS = VENDOR_IDS.map((id) => ({ id, vendor: vendorById(id) }));

/** The first `count` records, or none when the adapter lacks the operation. */
const firstOf = <T>(items: AsyncIterable<T> | undefined, count: number): Promise<T[]> =>
	items ? collect(items, count) : Promise.resolve([]);

/** Parses every record; a failure names the record, so a wrong mapping is easy to find. */
function expectAll(schema: z.ZodTypeAny, records: unknown[], what: string) {
	for (const record of records) {
		const result = schema.safeParse(record);
		if (!result.success) {
			throw new Error(
				`${what} does not fit the canonical model: ${result.error.issues
					.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
					.join('; ')}\n${JSON.stringify({ ...(record as object), raw: undefined })}`,
			);
		}
	}
}

describe.each(VENDORS)('$id adapter records fit the canonical model', ({ id, vendor }) => {
	let sandbox: Sandbox;
	let adapter: LmsAdapter;

	beforeAll(async () => {
		sandbox = await startSandbox({
			vendors: [id],
			seed: { users: 12, courses: 3, groups: 2, completions: 6, seed: 11 },
		});
		// Shapes, not pacing: these adapters run without the node's limiter.
		sandbox.setFaults(id, { enforceRateLimit: false });
		const simulator = sandbox.simulators[id]!;
		const { creds, transport } = connect(
			id,
			sandbox.urls[id]!,
			simulator.credentials as Record<string, string>,
		);
		// The registry's own factory, as the node builds the adapter.
		adapter = vendor.createAdapter(creds, transport, clock);
	});
	afterAll(() => sandbox.close());

	it('names itself as its registry entry does (id and name declared once)', () => {
		// Error messages and outputs name the vendor through the adapter; the node lists it by the
		// definition. Two spellings would show one LMS under two names.
		expect(adapter.vendor).toEqual({ id: vendor.id, name: vendor.name });
		expect(vendor.id).toBe(id);
	});

	it('users, courses and groups', async () => {
		const users = await firstOf(adapter.listUsers?.({ limit: 12 }), 12);
		expect(users.length).toBeGreaterThan(0);
		expectAll(userSchema, users, 'a listed user');
		const found = await adapter.findUser?.({ by: 'email', value: users[0].email });
		expect(found?.id).toBe(users[0].id);
		expectAll(userSchema, [found], 'a found user');

		const courses = await firstOf(adapter.listCourses?.(), 3);
		expect(courses.length).toBeGreaterThan(0);
		expectAll(courseSchema, courses, 'a course');
		expectAll(groupSchema, await firstOf(adapter.listGroups?.(), 2), 'a group');
	});

	it('enrollments and completions', async () => {
		const since = new Date(Date.UTC(2020, 0, 1)).toISOString();
		const completions = await firstOf(adapter.listCompletions?.({ since }), 6);
		expect(completions.length).toBeGreaterThan(0);
		expectAll(completionSchema, completions, 'a completion');

		const enrollments = await firstOf(
			adapter.listEnrollments?.({ by: 'id', value: completions[0].userId }),
			10,
		);
		expect(enrollments.map((e) => e.productId)).toContain(completions[0].courseId);
		expectAll(enrollmentSchema, enrollments, 'an enrollment');
	});

	it('the other trigger sources, where the vendor has them', async () => {
		const since = new Date(Date.UTC(2020, 0, 1)).toISOString();
		const created = [
			...(await firstOf(adapter.listUserCreations?.({ since }), 5)),
			...(await firstOf(adapter.listNumberedUsers?.(), 5)),
		];
		if (adapter.listUserCreations || adapter.listNumberedUsers) {
			expect(created.length).toBeGreaterThan(0);
		}
		expectAll(userCreationSchema, created, 'a created user');
		expectAll(
			enrollmentEventSchema,
			await firstOf(adapter.listEnrollmentEvents?.({ since }), 5),
			'an enrollment event',
		);
	});
});
