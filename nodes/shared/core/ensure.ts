import type { LmsAdapter, UserResult } from './adapter';
import { isLmsError, LmsError } from './errors';
import type { NewUser, User, UserRef } from './model';

/**
 * Idempotent "ensure" semantics shared by every vendor: a create whose outcome is unknown is
 * checked before it is repeated, and find-or-create never makes a second user.
 */

export function requireOperation<K extends keyof LmsAdapter>(
	adapter: LmsAdapter,
	method: K,
): NonNullable<LmsAdapter[K]> {
	const fn = adapter[method];
	if (typeof fn !== 'function') {
		throw new LmsError({
			kind: 'validation',
			message: `${adapter.vendor.name} does not support this operation (${String(method)})`,
			hint: 'Pick an operation this LMS offers.',
		});
	}
	return (fn as (...args: unknown[]) => unknown).bind(adapter) as NonNullable<LmsAdapter[K]>;
}

export function describeRef(ref: UserRef): string {
	return ref.by === 'id' ? `user ${ref.value}` : `user with ${ref.by} "${ref.value}"`;
}

/** The error for a user the LMS does not have, naming how we looked. */
export function userNotFound(ref: UserRef, vendorName: string): LmsError {
	return new LmsError({
		kind: 'notFound',
		status: 404,
		message: `No ${describeRef(ref)} in ${vendorName}`,
		hint: 'Check the id or email, or use "Find or Create" to create the user when missing.',
	});
}

/** The user, or a notFound error naming how we looked. */
export async function getUser(adapter: LmsAdapter, ref: UserRef): Promise<User> {
	const user = await requireOperation(adapter, 'findUser')(ref);
	if (!user) throw userNotFound(ref, adapter.vendor.name);
	return user;
}

/**
 * The one place that decides what a write whose outcome is unknown (a lost answer, a 5xx after
 * sending) did: `landed` looks, with a read, whether the LMS applied it, and the write is repeated
 * only while it has not, at most `attempts` times in all. Adapters say how to look; they do not
 * repeat writes themselves. `giveUp` rewords the last unknown outcome.
 */
export async function confirmWrite<T>(options: {
	write: () => Promise<T>;
	landed: () => Promise<T | undefined>;
	attempts: number;
	giveUp?: (error: LmsError, attempts: number) => LmsError;
}): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await options.write();
		} catch (error) {
			if (!isLmsError(error) || !error.outcomeUnknown) throw error;
			const landed = await options.landed();
			if (landed !== undefined) return landed;
			if (attempt >= options.attempts) throw options.giveUp?.(error, attempt) ?? error;
		}
	}
}

/**
 * Creates at most this many times when each answer is lost; every repeat follows a lookup, and
 * the lookup (a read) waits out an unreachable LMS for as long as the node's total wait allows.
 */
export const CREATE_ATTEMPTS = 5;

/**
 * Creates a user. When the LMS may or may not have applied the create (dropped connection,
 * server error), it looks the email up after every such attempt and repeats the create only
 * while nobody is there, a bounded number of times; a create is never repeated blindly.
 */
export async function createUserChecked(adapter: LmsAdapter, input: NewUser): Promise<UserResult> {
	const create = requireOperation(adapter, 'createUser');
	const find = requireOperation(adapter, 'findUser');
	return confirmWrite({
		write: () => create(input),
		landed: async () => {
			const user = await find({ by: 'email', value: input.email });
			return user ? { action: 'created', user } : undefined;
		},
		attempts: CREATE_ATTEMPTS,
		giveUp: (error, attempts) =>
			new LmsError({
				kind: error.kind,
				status: error.status,
				vendorMessage: error.vendorMessage,
				request: error.request,
				outcomeUnknown: true,
				message: `${adapter.vendor.name} did not confirm the new user after ${attempts} attempts: ${error.message}`,
				hint: `No user with this email exists in ${adapter.vendor.name} so far. Running the item again is safe: the email is looked up before each create.`,
			}),
	});
}

/** Finds a user by email or creates one; never makes two, even after a retried create. */
export async function findOrCreateUser(adapter: LmsAdapter, input: NewUser): Promise<UserResult> {
	const find = requireOperation(adapter, 'findUser');
	// New hires are the common case: where the LMS refuses a duplicate email, try the create
	// first and look up only when it says the user exists.
	const existing = adapter.createRefusesDuplicateEmail
		? undefined
		: await find({ by: 'email', value: input.email });
	if (existing) return { action: 'found', user: existing };
	try {
		return await createUserChecked(adapter, input);
	} catch (error) {
		// Someone else created it between our lookup and our create: theirs is the one.
		if (!isLmsError(error, 'alreadyExists')) throw error;
		const raced = await find({ by: 'email', value: input.email });
		if (raced) return { action: 'found', user: raced };
		throw error;
	}
}
