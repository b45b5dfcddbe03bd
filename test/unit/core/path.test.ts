import {
	buildPath,
	checkRecordId,
	InputError,
	isLmsError,
	joinUrl,
} from '../../../nodes/shared/core';

function refusal(run: () => unknown): InputError {
	try {
		run();
	} catch (error) {
		if (error instanceof InputError) return error;
		throw error;
	}
	throw new Error('expected an InputError');
}

describe('buildPath', () => {
	it('encodes each value as one segment, so a slash or a query cannot leave it', () => {
		expect(
			buildPath('/groups/{groupId}/users/{userId}', { groupId: 'a/b?c#d', userId: 'x y' }),
		).toBe('/groups/a%2Fb%3Fc%23d/users/x%20y');
		expect(buildPath('/users/{userId:idOrEmail}', { userId: 'jo+1@acme.com' })).toBe(
			'/users/jo%2B1%40acme.com',
		);
		expect(
			buildPath('/users/email:{email:email}', { email: 'jo@acme.com' }, { readable: '@' }),
		).toBe('/users/email:jo@acme.com');
	});

	it.each(['.', '..', '...', ' .. ', '', '   '])(
		'refuses %j for every kind, naming the field',
		(value) => {
			for (const kind of ['numeric', 'token', 'text', 'idOrEmail'])
				expect(refusal(() => buildPath(`/users/{userId:${kind}}`, { userId: value })).field).toBe(
					'User ID',
				);
		},
	);

	it('checks each kind', () => {
		expect(buildPath('/u/{id:numeric}', { id: 42 })).toBe('/u/42');
		expect(refusal(() => buildPath('/u/{id:numeric}', { id: '4a' })).message).toBe(
			'"ID" must be a numeric id, got "4a"',
		);
		expect(buildPath('/u/{id:token}', { id: '5f1a-b_c.d~e' })).toBe('/u/5f1a-b_c.d~e');
		expect(() => buildPath('/u/{id:token}', { id: 'a b' })).toThrow(InputError);
		expect(() => buildPath('/u/{id:uuid}', { id: 'not-a-uuid' })).toThrow(InputError);
		expect(() => buildPath('/u/{id:email}', { id: 'nobody' })).toThrow(InputError);
		expect(() => buildPath('/u/{id}', { id: 'a\nb' })).toThrow(/control characters/);
	});

	it('names the type of a value that is not text', () => {
		expect(
			refusal(() => buildPath('/u/{id}', { id: { value: { a: 1 }, label: 'User' } })).message,
		).toBe('"User" must be text or a number, got an object');
		expect(
			refusal(() => buildPath('/u/{id}', { id: { value: null, label: 'User' } })).message,
		).toMatch(/got null$/);
	});

	it('a template mistake is a programming error, not an input error', () => {
		expect(() => buildPath('/u/{id:weird}', { id: '1' })).toThrow(/unknown kind/);
		expect(() => buildPath('/u/{id}', {})).toThrow(/no value for "id"/);
	});

	it('joinUrl puts exactly one slash between base and path', () => {
		expect(joinUrl('https://a.example/api/', '/users')).toBe('https://a.example/api/users');
		expect(joinUrl('https://a.example/api', 'users')).toBe('https://a.example/api/users');
		expect(joinUrl('https://a.example/api', '')).toBe('https://a.example/api');
	});
});

describe('checkRecordId', () => {
	it('passes the record asked for and fails on another', () => {
		expect(checkRecordId('V', 'user', '5', { id: 5 })).toEqual({ id: 5 });
		expect(
			checkRecordId('V', 'user', 'Jo@Acme.com', { id: 'x', email: 'jo@acme.com' }, ['id', 'email']),
		).toBeTruthy();
		expect(checkRecordId('V', 'user', '5', undefined)).toBeUndefined();
		let error: unknown;
		try {
			checkRecordId('V', 'user', '5', { id: 6 });
		} catch (caught) {
			error = caught;
		}
		expect(isLmsError(error)).toBe(true);
		expect((error as Error).message).toBe('V answered user "6" when asked for user "5"');
	});
});
