import {
	confirmWrite,
	createUserChecked,
	findOrCreateUser,
	LmsError,
	type LmsAdapter,
	type NewUser,
	type User,
	type UserRef,
} from '../../../nodes/shared/core';

/** An in-memory LMS whose create can be told to fail in the ways real ones do. */
class FakeLms implements Partial<LmsAdapter> {
	readonly vendor = { id: 'fake', name: 'Fake LMS' };
	readonly productTypes = ['course'] as const;
	users: User[] = [];
	creates = 0;
	lookups = 0;
	/** Failures for the next creates: 'dropAfterCommit' applies the create, then fails ambiguously. */
	failures: Array<'dropAfterCommit' | 'dropBeforeCommit' | 'duplicateRace'> = [];

	async findUser(ref: UserRef) {
		this.lookups++;
		return this.users.find((user) =>
			ref.by === 'email' ? user.email === ref.value : user.id === ref.value,
		);
	}

	async createUser(input: NewUser) {
		this.creates++;
		const failure = this.failures.shift();
		const user: User = {
			id: String(this.users.length + 1),
			email: input.email,
			status: 'active',
			raw: {},
		};
		if (failure === 'duplicateRace') {
			this.users.push(user);
			throw new LmsError({
				kind: 'alreadyExists',
				message: 'A user with the same email address already exists',
			});
		}
		if (failure !== 'dropBeforeCommit') this.users.push(user);
		if (failure)
			throw new LmsError({ kind: 'unavailable', message: 'socket hang up', outcomeUnknown: true });
		return { action: 'created' as const, user };
	}
}

const jane: NewUser = { email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe' };
const asAdapter = (lms: FakeLms) => lms as unknown as LmsAdapter;

describe('createUserChecked', () => {
	it('does not repeat a create that was committed before the connection dropped', async () => {
		const lms = new FakeLms();
		lms.failures = ['dropAfterCommit'];
		const result = await createUserChecked(asAdapter(lms), jane);
		expect(result.action).toBe('created');
		expect(lms.users).toHaveLength(1);
		expect(lms.creates).toBe(1);
	});

	it('looks the email up after every lost answer: committed, then lost twice, is one user', async () => {
		const lms = new FakeLms();
		// The first create never arrives, the second is committed and its answer lost; a blind
		// repeat would make a second user.
		lms.failures = ['dropBeforeCommit', 'dropAfterCommit'];
		const result = await createUserChecked(asAdapter(lms), jane);
		expect(result).toMatchObject({ action: 'created', user: { email: jane.email } });
		expect(lms.users).toHaveLength(1);
		expect(lms.creates).toBe(2);
		expect(lms.lookups).toBe(2);
	});

	it('stops after a bounded number of creates that never arrive, without a user', async () => {
		const lms = new FakeLms();
		lms.failures = Array(10).fill('dropBeforeCommit');
		const failure = createUserChecked(asAdapter(lms), jane);
		await expect(failure).rejects.toMatchObject({ kind: 'unavailable', outcomeUnknown: true });
		await expect(failure).rejects.toThrow(/after 5 attempts: socket hang up/);
		expect(lms.creates).toBe(5);
		expect(lms.lookups).toBe(5);
		expect(lms.users).toHaveLength(0);
	});

	it('repeats a create that never arrived, once', async () => {
		const lms = new FakeLms();
		lms.failures = ['dropBeforeCommit'];
		const result = await createUserChecked(asAdapter(lms), jane);
		expect(result.action).toBe('created');
		expect(lms.users).toHaveLength(1);
		expect(lms.creates).toBe(2);
	});

	it('passes a plain duplicate through as alreadyExists', async () => {
		const lms = new FakeLms();
		lms.users.push({ id: '9', email: jane.email, status: 'active', raw: {} });
		lms.failures = ['duplicateRace'];
		await expect(createUserChecked(asAdapter(lms), jane)).rejects.toMatchObject({
			kind: 'alreadyExists',
		});
	});
});

describe('findOrCreateUser', () => {
	it('returns the existing user without creating', async () => {
		const lms = new FakeLms();
		lms.users.push({ id: '9', email: jane.email, status: 'active', raw: {} });
		const result = await findOrCreateUser(asAdapter(lms), jane);
		expect(result).toMatchObject({ action: 'found', user: { id: '9' } });
		expect(lms.creates).toBe(0);
	});

	it('creates when missing, and finds it the second time', async () => {
		const lms = new FakeLms();
		expect((await findOrCreateUser(asAdapter(lms), jane)).action).toBe('created');
		expect((await findOrCreateUser(asAdapter(lms), jane)).action).toBe('found');
		expect(lms.users).toHaveLength(1);
	});

	it('uses the user someone else created between lookup and create', async () => {
		const lms = new FakeLms();
		lms.failures = ['duplicateRace'];
		const result = await findOrCreateUser(asAdapter(lms), jane);
		expect(result.action).toBe('found');
		expect(lms.users).toHaveLength(1);
	});
});

describe('confirmWrite', () => {
	const lost = () =>
		new LmsError({ kind: 'unavailable', message: 'answer lost', outcomeUnknown: true });

	it('looks after every lost answer and repeats the write only while it has not landed', async () => {
		const events: string[] = [];
		let writes = 0;
		const result = await confirmWrite({
			write: async () => {
				events.push('write');
				if (++writes < 3) throw lost();
				return 'written';
			},
			landed: async () => {
				events.push('look');
				return undefined;
			},
			attempts: 5,
		});
		expect(result).toBe('written');
		expect(events).toEqual(['write', 'look', 'write', 'look', 'write']);
	});

	it('takes what the look found instead of writing again', async () => {
		let writes = 0;
		const result = await confirmWrite({
			write: async () => {
				writes++;
				throw lost();
			},
			landed: async () => 'there',
			attempts: 5,
		});
		expect([result, writes]).toEqual(['there', 1]);
	});

	it('stops after its attempts with the reworded error, and passes other errors through at once', async () => {
		let writes = 0;
		const giveUp = await confirmWrite({
			write: async () => {
				writes++;
				throw lost();
			},
			landed: async () => undefined,
			attempts: 2,
			giveUp: (error, attempts) =>
				new LmsError({ kind: error.kind, message: `gave up after ${attempts}` }),
		}).catch((error: unknown) => error);
		expect([(giveUp as Error).message, writes]).toEqual(['gave up after 2', 2]);
		const refused = new LmsError({ kind: 'validation', message: 'bad email' });
		let looks = 0;
		const passed = await confirmWrite({
			write: async () => {
				throw refused;
			},
			landed: async () => {
				looks++;
				return 'x';
			},
			attempts: 3,
		}).catch((error: unknown) => error);
		expect([passed, looks]).toEqual([refused, 0]);
	});
});
