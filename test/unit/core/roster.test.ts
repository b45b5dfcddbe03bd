import {
	applyPlan,
	InputError,
	planRoster,
	readSnapshot,
	RosterThresholdError,
	summarise,
	type Enrollment,
	type LmsAdapter,
	type RosterPolicy,
	type RosterRow,
	type User,
	type UserRef,
} from '../../../nodes/shared/core';
import { MemoryLms } from '../../support/memoryLms';

const policy = (overrides: Partial<RosterPolicy> = {}): RosterPolicy => ({
	deprovision: false,
	maxSuspendPercent: 10,
	managedTags: [],
	...overrides,
});

const row = (item: number, email: string, extra: Partial<RosterRow> = {}): RosterRow => ({
	item,
	email,
	firstName: 'First',
	lastName: 'Last',
	active: true,
	...extra,
});

async function plan(lms: MemoryLms, rows: RosterRow[], rules = policy()) {
	return planRoster(rows, await readSnapshot(lms, rows, rules), rules);
}

describe('roster planner', () => {
	it('plans no name update where the LMS stores no names (LearnWorlds, Grow)', async () => {
		const lms = new MemoryLms();
		lms.seedUser('nameless@example.com', {});
		const rows = [row(0, 'nameless@example.com')];
		expect((await plan(lms, rows)).actions.map((a) => a.kind)).toEqual(['update']);
		Object.assign(lms, { storesNames: false });
		expect((await plan(lms, rows)).actions).toEqual([]);
	});

	it('plans every kind of action from the differences', async () => {
		const lms = new MemoryLms();
		lms.seedUser('renamed@example.com', { firstName: 'Old', lastName: 'Last' });
		lms.seedUser('returning@example.com', {
			firstName: 'First',
			lastName: 'Last',
			status: 'suspended',
		});
		lms.seedUser('leaver@example.com', { firstName: 'First', lastName: 'Last' });
		lms.seedUser('tagged@example.com', {
			firstName: 'First',
			lastName: 'Last',
			tags: ['contractor', 'keep'],
		});
		const rows = [
			row(0, 'new@example.com', { courses: ['c1'], groups: ['g1'], tags: ['emea'] }),
			row(1, 'renamed@example.com'),
			row(2, 'returning@example.com'),
			row(3, 'leaver@example.com', { active: false }),
			row(4, 'tagged@example.com', { tags: ['emea'] }),
		];
		const result = await plan(
			lms,
			rows,
			policy({ managedTags: ['contractor'], maxSuspendPercent: 50 }),
		);
		const summary = result.actions.map((action) => `${action.kind}:${action.email}`);
		expect(summary).toEqual([
			'create:new@example.com',
			'enroll:new@example.com',
			'addToGroup:new@example.com',
			'addTags:new@example.com',
			'update:renamed@example.com',
			'reactivate:returning@example.com',
			'suspend:leaver@example.com',
			'addTags:tagged@example.com',
			'removeTags:tagged@example.com',
		]);
		expect(result.actions.find((a) => a.kind === 'removeTags')?.tags).toEqual(['contractor']);
		expect(result.actions.find((a) => a.kind === 'update')?.changes).toEqual({
			firstName: 'First',
		});
	});

	it('matches emails case-insensitively', async () => {
		const lms = new MemoryLms();
		lms.seedUser('Jane.Doe@Example.com', { firstName: 'First', lastName: 'Last' });
		const result = await plan(lms, [row(0, 'jane.doe@example.COM')]);
		expect(result.actions).toEqual([]);
		expect(result.unchanged).toHaveLength(1);
	});

	it('rejects a roster listing an email twice, naming both rows', async () => {
		const lms = new MemoryLms();
		const error = await plan(lms, [
			row(0, 'a@example.com'),
			row(1, 'b@example.com'),
			row(2, 'A@example.com'),
		]).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(InputError);
		expect((error as Error).message).toBe(
			'The roster lists A@example.com twice: in item 1 and item 3. Each person must appear once.',
		);
	});

	it('suspends absent users only within the scope, and only when asked', async () => {
		const lms = new MemoryLms();
		for (let i = 0; i < 20; i++)
			lms.seedUser(`worker${i}@example.com`, {
				tags: ['hr-managed'],
				firstName: 'First',
				lastName: 'Last',
			});
		lms.seedUser('admin@example.com', { firstName: 'First', lastName: 'Last' });
		const rows = Array.from({ length: 19 }, (_, i) => row(i, `worker${i}@example.com`));
		expect((await plan(lms, rows)).actions).toEqual([]);
		const scoped = await plan(lms, rows, policy({ deprovision: true, scopeTag: 'hr-managed' }));
		expect(scoped.actions.map((a) => `${a.kind}:${a.email}`)).toEqual([
			'suspend:worker19@example.com',
		]);
	});

	it('refuses to deprovision without a scope', async () => {
		const lms = new MemoryLms();
		await expect(plan(lms, [], policy({ deprovision: true }))).rejects.toThrow(/needs a scope/);
	});

	it('stops before any write when more than the threshold would be suspended', async () => {
		const lms = new MemoryLms();
		for (let i = 0; i < 10; i++)
			lms.seedUser(`worker${i}@example.com`, {
				tags: ['hr'],
				firstName: 'First',
				lastName: 'Last',
			});
		const rows = Array.from({ length: 8 }, (_, i) => row(i, `worker${i}@example.com`));
		const error = await plan(lms, rows, policy({ deprovision: true, scopeTag: 'hr' })).catch(
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(RosterThresholdError);
		expect((error as Error).message).toBe(
			'The sync would suspend 2 of 10 users in scope (20 %), more than the 10 % safety limit. Nothing was changed.',
		);
		expect(lms.calls.filter((call) => call !== 'listUsers')).toEqual([]);
		// At 20 % allowed, the same roster goes ahead.
		expect(
			(await plan(lms, rows, policy({ deprovision: true, scopeTag: 'hr', maxSuspendPercent: 20 })))
				.suspensions,
		).toBe(2);
	});

	it('applies a plan, keeps going after a failure, and plans nothing the second time', async () => {
		const lms = new MemoryLms();
		lms.failCreateFor.add('broken@example.com');
		const rows = [
			row(0, 'one@example.com', { courses: ['c1'], groups: ['g1'] }),
			row(1, 'broken@example.com', { courses: ['c1'] }),
			row(2, 'two@example.com', { courses: ['c1'] }),
		];
		const first = await plan(lms, rows);
		const outcomes = await applyPlan(lms, first, rows);
		expect(
			outcomes.filter((o) => o.status === 'failed').map((o) => `${o.action}:${o.email}`),
		).toEqual(['create:broken@example.com', 'enroll:broken@example.com']);
		expect(lms.enrollments).toEqual([
			{ userId: '1', courseId: 'c1' },
			{ userId: '2', courseId: 'c1' },
		]);
		expect(summarise(outcomes, rows.length, false)).toMatchObject({ applied: 5, failed: 2 });

		lms.failCreateFor.clear();
		const healed = await applyPlan(lms, await plan(lms, rows), rows);
		expect(
			healed.filter((o) => o.status === 'applied').map((o) => `${o.action}:${o.email}`),
		).toEqual(['create:broken@example.com', 'enroll:broken@example.com']);
		const third = await plan(lms, rows);
		expect(third.actions).toEqual([]);
		expect(third.unchanged).toHaveLength(3);
	});

	it('suspends absent users within a scope group only; an admin outside it stays', async () => {
		const lms = new MemoryLms();
		lms.seedUser('admin@example.com', { firstName: 'First', lastName: 'Last' });
		for (let i = 0; i < 20; i++) {
			const user = lms.seedUser(`staff${i}@example.com`, { firstName: 'First', lastName: 'Last' });
			lms.memberships.push({ userId: user.id, groupId: 'hr' });
		}
		const rows = Array.from({ length: 18 }, (_, i) => row(i, `staff${i}@example.com`));
		const result = await plan(
			lms,
			rows,
			policy({ deprovision: true, scopeGroupId: 'hr', maxSuspendPercent: 10 }),
		);
		expect(result.actions.map((a) => `${a.kind}:${a.email}`)).toEqual([
			'suspend:staff18@example.com',
			'suspend:staff19@example.com',
		]);
		expect(result.inScopeActive).toBe(20);
		expect(lms.calls.filter((call) => call === 'listGroupMembers')).toHaveLength(1);
	});

	it('an inactive row for someone the LMS never had is left alone (no create)', async () => {
		const lms = new MemoryLms();
		const result = await plan(lms, [row(0, 'gone@example.com', { active: false })]);
		expect(result.actions).toEqual([]);
		expect(result.unchanged).toEqual([{ email: 'gone@example.com', item: 0 }]);
	});
});

describe('roster snapshot and apply: calls', () => {
	it('reads each named course once where the LMS lists a course roster', async () => {
		const lms = new MemoryLms();
		const a = lms.seedUser('a@example.com', { firstName: 'First', lastName: 'Last' });
		lms.seedUser('b@example.com', { firstName: 'First', lastName: 'Last' });
		lms.enrollments.push({ userId: a.id, courseId: 'c1' });
		const rows = [
			row(0, 'a@example.com', { courses: ['c1'] }),
			row(1, 'b@example.com', { courses: ['c1', 'c2'] }),
			row(2, 'new@example.com', { courses: ['c2'] }),
		];
		const result = await plan(lms, rows);
		expect(lms.calls).toEqual(['listUsers', 'listCourseEnrollments', 'listCourseEnrollments']);
		expect(
			result.actions.map((action) => `${action.kind}:${action.email}:${action.courseId ?? ''}`),
		).toEqual([
			'enroll:b@example.com:c1',
			'enroll:b@example.com:c2',
			'create:new@example.com:',
			'enroll:new@example.com:c2',
		]);
	});

	it('without a course roster listing, reads enrollments only of listed users whose active rows name courses', async () => {
		const users: User[] = ['a', 'b', 'c', 'd'].map((name, index) => ({
			id: String(index + 1),
			email: `${name}@example.com`,
			firstName: 'First',
			lastName: 'Last',
			status: 'active',
			raw: {},
		}));
		const enrolled: Record<string, string[]> = { '1': ['c1'], '2': [] };
		const perUser: string[] = [];
		const lms: LmsAdapter = {
			vendor: { id: 'per-user', name: 'Per-user LMS' },
			productTypes: ['course'],
			async *listUsers() {
				yield* users;
			},
			async *listEnrollments(ref: UserRef): AsyncIterable<Enrollment> {
				perUser.push(ref.value);
				for (const productId of enrolled[ref.value] ?? [])
					yield {
						userId: ref.value,
						productId,
						productType: 'course',
						status: 'notStarted',
						raw: {},
					};
			},
		};
		const rows = [
			row(0, 'a@example.com', { courses: ['c1'] }),
			row(1, 'b@example.com', { courses: ['c1'] }),
			row(2, 'c@example.com'),
			row(3, 'd@example.com', { active: false, courses: ['c1'] }),
			row(4, 'new@example.com', { courses: ['c1'] }),
		];
		const rules = policy({ maxSuspendPercent: 50 });
		const result = planRoster(rows, await readSnapshot(lms, rows, rules), rules);
		expect(perUser).toEqual(['1', '2']);
		expect(result.actions.map((action) => `${action.kind}:${action.email}`)).toEqual([
			'enroll:b@example.com',
			'suspend:d@example.com',
			'create:new@example.com',
			'enroll:new@example.com',
		]);
	});

	it('hands each write the user as listed, so an adapter need not read it again', async () => {
		const lms = new MemoryLms();
		lms.seedUser('renamed@example.com', { firstName: 'Old', lastName: 'Last' });
		lms.seedUser('leaver@example.com', { firstName: 'First', lastName: 'Last' });
		const update = jest.spyOn(lms, 'updateUser');
		const suspend = jest.spyOn(lms, 'suspendUser');
		const rows = [row(0, 'renamed@example.com'), row(1, 'leaver@example.com', { active: false })];
		const result = await plan(lms, rows, policy({ maxSuspendPercent: 50 }));
		await applyPlan(lms, result, rows);
		const [renamed, leaver] = lms.users;
		// The very records the listing returned (MemoryLms changes them in place afterwards).
		expect(update.mock.calls).toEqual([
			[{ by: 'id', value: '1' }, { firstName: 'First' }, renamed],
		]);
		expect((update.mock.calls[0] as unknown[])[2]).toBe(renamed);
		expect((suspend.mock.calls[0] as unknown[])[1]).toBe(leaver);
	});
});
