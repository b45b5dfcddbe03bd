/**
 * Clear input errors: a value of the wrong type is named for what it is, and text beyond what
 * RFC 5321 or the package's caps allow is refused before any call.
 */
import {
	InputError,
	isEmail,
	MAX_TEXT_LENGTH,
	optionalText,
	requireEmail,
	requireText,
	toUserRef,
	USER_FIELD_LIMITS,
} from '../../../nodes/shared/core';

describe('a value of the wrong type is named', () => {
	it.each([
		[{ first: 'Jo' }, 'an object'],
		[['Jo'], 'an array'],
		[null, 'null'],
		[true, 'a boolean'],
	])('required text given %j says it got %s', (value, name) => {
		expect(() => requireText('First Name', value)).toThrow(
			new InputError('First Name', `"First Name" must be text, got ${name}`),
		);
	});

	it('an empty or missing value is still "required"', () => {
		expect(() => requireText('First Name', '  ')).toThrow(/is required but was empty/);
		expect(() => requireText('First Name', undefined)).toThrow(/is required but was empty/);
	});

	it('optional text refuses objects and arrays instead of sending "[object Object]"', () => {
		expect(() => optionalText({ a: 1 }, 'Username')).toThrow(
			/"Username" must be text, got an object/,
		);
		expect(() => optionalText(['a'], 'Username')).toThrow(/got an array/);
		expect(optionalText(null, 'Username')).toBeUndefined();
		expect(optionalText(' jo ', 'Username')).toBe('jo');
	});

	it('an email given as an object is named, not called empty', () => {
		expect(() => requireEmail('Email', { email: 'a@example.com' })).toThrow(/got an object/);
		expect(() => toUserRef('User', 'id', ['7'])).toThrow(/got an array/);
	});
});

describe('lengths', () => {
	const domain = '@example.com';

	it('an email local part of 64 characters passes, 65 do not (RFC 5321)', () => {
		expect(requireEmail('Email', `${'a'.repeat(64)}${domain}`)).toHaveLength(64 + domain.length);
		expect(() => requireEmail('Email', `${'a'.repeat(65)}${domain}`)).toThrow(/RFC 5321/);
		expect(() => requireEmail('Email', `${'a'.repeat(5000)}${domain}`)).toThrow(/RFC 5321/);
	});

	it('an address of 254 characters passes, 255 do not', () => {
		const host = (length: number) => {
			const labels: string[] = [];
			let left = length - '.com'.length;
			while (left > 0) {
				const size = Math.min(63, left === 64 ? 62 : left);
				labels.push('b'.repeat(size));
				left -= size + 1;
			}
			return `${labels.join('.')}.com`.slice(-length);
		};
		const at254 = `jo@${host(254 - 3)}`;
		const at255 = `jo@${host(255 - 3)}`;
		expect(at254).toHaveLength(254);
		expect(at255).toHaveLength(255);
		expect(isEmail(at254)).toBe(true);
		expect(isEmail(at255)).toBe(false);
		expect(() => requireEmail('Email', at255)).toThrow(/254 in all/);
	});

	it('names beyond the cap are refused, naming the field and the cap', () => {
		const cap = USER_FIELD_LIMITS.firstName;
		expect(requireText('First Name', 'J'.repeat(cap), cap)).toHaveLength(cap);
		expect(() => requireText('First Name', 'J'.repeat(100_000), cap)).toThrow(
			`"First Name" is 100000 characters long; at most ${cap} are accepted`,
		);
		expect(() => optionalText('u'.repeat(cap + 1), 'Username', USER_FIELD_LIMITS.username)).toThrow(
			/Username/,
		);
	});

	it('any other text has a ceiling too', () => {
		expect(() => requireText('Name', 'x'.repeat(MAX_TEXT_LENGTH + 1))).toThrow(/at most/);
	});
});
