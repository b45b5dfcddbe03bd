import { z } from 'zod';

import { InputError } from './errors';
import type { UserRef } from './model';
import { typeName } from './path';

/**
 * Validation of node parameters before any call, with messages that name the field the way the
 * node shows it, so a user knows what to fix.
 */

/** RFC 5321 §4.5.3.1: 64 octets before the "@"; 254 in all (a 256-octet path less its "<>"). */
export const MAX_EMAIL_LOCAL_PART = 64;
export const MAX_EMAIL_LENGTH = 254;

/**
 * Caps on user fields. None of the five vendors publishes limits for names or logins, so these
 * are guesses (docs/<vendor>.md says so): far above real names, well below what makes an LMS
 * truncate or refuse a record. Any other text field is capped at MAX_TEXT_LENGTH.
 */
export const USER_FIELD_LIMITS = { firstName: 100, lastName: 100, username: 100 } as const;
export const MAX_TEXT_LENGTH = 5000;

const emailSchema = z.string().trim().email();

function withinRfc5321(email: string): boolean {
	const at = email.lastIndexOf('@');
	return email.length <= MAX_EMAIL_LENGTH && at <= MAX_EMAIL_LOCAL_PART;
}

/** The text of a value that should be text: a number is taken as its digits, anything else named. */
function textOf(field: string, value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (value === undefined || value === '') return '';
	throw new InputError(field, `"${field}" must be text, got ${typeName(value)}`);
}

function capped(field: string, text: string, maxLength: number): string {
	if (text.length > maxLength)
		throw new InputError(
			field,
			`"${field}" is ${text.length} characters long; at most ${maxLength} are accepted`,
		);
	return text;
}

export function requireText(field: string, value: unknown, maxLength = MAX_TEXT_LENGTH): string {
	const text = textOf(field, value);
	if (!text) throw new InputError(field, `"${field}" is required but was empty`);
	return capped(field, text, maxLength);
}

/** Empty, missing or null is "not given"; an object or array is an error that names its type. */
export function optionalText(
	value: unknown,
	field = 'A text field',
	maxLength = MAX_TEXT_LENGTH,
): string | undefined {
	if (value === null) return undefined;
	const text = textOf(field, value);
	return text === '' ? undefined : capped(field, text, maxLength);
}

export function requireEmail(field: string, value: unknown): string {
	// The RFC's limits say more than the generic text cap.
	const text = requireText(field, value, Infinity);
	if (!withinRfc5321(text))
		throw new InputError(
			field,
			`"${field}" is longer than an email address may be (RFC 5321: ${MAX_EMAIL_LOCAL_PART} characters before the "@", ${MAX_EMAIL_LENGTH} in all)`,
		);
	const parsed = emailSchema.safeParse(text);
	if (!parsed.success)
		throw new InputError(field, `"${field}" must be a valid email address, got "${text}"`);
	return parsed.data;
}

export function isEmail(value: string): boolean {
	return withinRfc5321(value.trim()) && emailSchema.safeParse(value).success;
}

/** Ids are opaque strings to the core, but never blank and never containing a path separator. */
export function requireId(field: string, value: unknown): string {
	const text = requireText(field, value);
	if (/[/?#\s]/.test(text)) throw new InputError(field, `"${field}" is not a valid id: "${text}"`);
	return text;
}

export function requireNumericId(field: string, value: unknown): string {
	const text = requireText(field, value);
	if (!/^\d+$/.test(text))
		throw new InputError(field, `"${field}" must be a numeric id, got "${text}"`);
	return text;
}

/** ISO 8601 date or date-time; returns it normalised to ISO. */
export function requireDate(field: string, value: unknown): string {
	const text = requireText(field, value);
	const time = Date.parse(text);
	if (Number.isNaN(time))
		throw new InputError(field, `"${field}" must be a date such as 2026-01-31, got "${text}"`);
	return new Date(time).toISOString();
}

/** "id", "email" or "username" with its value, from a resource locator or a plain field. */
export function toUserRef(field: string, mode: string, value: unknown): UserRef {
	if (mode === 'email') return { by: 'email', value: requireEmail(field, value) };
	if (mode === 'username') return { by: 'username', value: requireText(field, value) };
	const text = requireText(field, value);
	// A user picking "By ID" but pasting an email is common; accept it for what it is.
	if (isEmail(text)) return { by: 'email', value: text };
	return { by: 'id', value: requireId(field, text) };
}

export function parseTagList(field: string, value: unknown): string[] {
	const raw = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	const tags = [...new Set(raw.map((tag) => tag.trim()).filter(Boolean))];
	if (tags.length === 0) throw new InputError(field, `"${field}" needs at least one tag`);
	for (const tag of tags) {
		if (tag.length > 100)
			throw new InputError(
				field,
				`Tag "${tag.slice(0, 20)}…" in "${field}" is longer than 100 characters`,
			);
	}
	return tags;
}
