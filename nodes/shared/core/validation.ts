import { z } from 'zod';

import { InputError } from './errors';
import type { UserRef } from './model';

/**
 * Validation of node parameters before any call, with messages that name the field the way the
 * node shows it, so a user knows what to fix.
 */

const emailSchema = z.string().trim().email();

export function requireText(field: string, value: unknown): string {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!text) throw new InputError(field, `"${field}" is required but was empty`);
	return text;
}

export function optionalText(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

export function requireEmail(field: string, value: unknown): string {
	const text = requireText(field, value);
	const parsed = emailSchema.safeParse(text);
	if (!parsed.success)
		throw new InputError(field, `"${field}" must be a valid email address, got "${text}"`);
	return parsed.data;
}

export function isEmail(value: string): boolean {
	return emailSchema.safeParse(value).success;
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
