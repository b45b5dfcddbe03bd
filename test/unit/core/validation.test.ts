import {
	InputError,
	parseTagList,
	requireDate,
	requireEmail,
	requireId,
	toUserRef,
} from '../../../nodes/shared/core';

const fails = (fn: () => unknown) => {
	try {
		fn();
	} catch (error) {
		return error as InputError;
	}
	throw new Error('expected a validation error');
};

describe('input validation', () => {
	it('rejects an invalid email naming the field and the value', () => {
		const error = fails(() => requireEmail('Email', 'jane.example.com'));
		expect(error).toBeInstanceOf(InputError);
		expect(error.field).toBe('Email');
		expect(error.message).toBe('"Email" must be a valid email address, got "jane.example.com"');
	});

	it('accepts and trims a valid email, plus-addressing included', () => {
		expect(requireEmail('Email', '  jane+lms@example.co.uk ')).toBe('jane+lms@example.co.uk');
	});

	it('rejects a missing value', () => {
		expect(fails(() => requireEmail('Email', '')).message).toBe(
			'"Email" is required but was empty',
		);
	});

	it('rejects ids that would change the request path', () => {
		expect(fails(() => requireId('Course', '12/../../users')).field).toBe('Course');
		expect(requireId('Course', 42)).toBe('42');
	});

	it('normalises dates and rejects nonsense', () => {
		expect(requireDate('Since', '2026-01-31')).toBe('2026-01-31T00:00:00.000Z');
		expect(fails(() => requireDate('Since', 'last tuesday')).message).toContain(
			'"Since" must be a date',
		);
	});

	it('reads a user reference by mode, treating an email typed into "By ID" as an email', () => {
		expect(toUserRef('User', 'id', '17')).toEqual({ by: 'id', value: '17' });
		expect(toUserRef('User', 'id', 'jane@example.com')).toEqual({
			by: 'email',
			value: 'jane@example.com',
		});
		expect(toUserRef('User', 'username', 'jdoe')).toEqual({ by: 'username', value: 'jdoe' });
		expect(fails(() => toUserRef('User', 'email', 'jdoe')).field).toBe('User');
	});

	it('splits, trims and de-duplicates tags', () => {
		expect(parseTagList('Tags', ' sales, emea ,sales,, ')).toEqual(['sales', 'emea']);
		expect(fails(() => parseTagList('Tags', ' , ')).message).toBe('"Tags" needs at least one tag');
	});
});
