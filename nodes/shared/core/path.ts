import { InputError, LmsError } from './errors';
import { isEmail } from './validation';

/**
 * The one place URL paths are built from values. An id is a value, never a path: a user id `.`
 * sent as `/users/.` is normalised to `/users/` (the user list) by every URL parser, so dot
 * segments, empty values and values of the wrong shape are refused before any call, and every
 * value is percent-encoded into its own segment.
 *
 * Kinds:
 * - `numeric`: digits only (TalentLMS and LearnUpon ids are integers);
 * - `token`: an opaque vendor id, RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`), not
 *   made of dots only (LearnWorlds ids and course slugs, TalentLMS group keys);
 * - `uuid`: a UUID (LearnUpon bulk job ids);
 * - `email`: an email address (RFC 5321 lengths);
 * - `idOrEmail`: `token` or `email` (LearnWorlds and Grow take either in `/users/{id}`);
 * - `text`: any other non-empty value without control characters (logins, Learning Pool ids,
 *   whose shape is not published).
 */
export type SegmentKind = 'numeric' | 'token' | 'uuid' | 'email' | 'idOrEmail' | 'text';

export const SEGMENT_KINDS: readonly SegmentKind[] = [
	'numeric',
	'token',
	'uuid',
	'email',
	'idOrEmail',
	'text',
];

/** A value with the field name an error should show (defaults to the placeholder's name). */
export type PathValue = string | number | { value: unknown; label: string };

export interface PathOptions {
	/** Characters left readable after encoding (TalentLMS wants `@` in `email:jo@acme.com`). */
	readable?: string;
}

/** Longest value accepted in a path segment; no vendor id here comes near it. */
const MAX_SEGMENT = 1000;
const TOKEN = /^[A-Za-z0-9._~-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z]+))?\}/g;

/**
 * `/users/{userId:numeric}/groups/{groupId:token}` with each value checked for its kind and
 * encoded as one segment (or as one value inside a segment, as TalentLMS's `id:{id}`). A
 * placeholder without a kind is `text`. Throws `InputError` naming the field before any call.
 */
export function buildPath(
	template: string,
	values: Record<string, PathValue>,
	options: PathOptions = {},
): string {
	return template.replace(PLACEHOLDER, (_match, name: string, kind: string | undefined) => {
		if (kind !== undefined && !(SEGMENT_KINDS as readonly string[]).includes(kind))
			throw new Error(`Path template "${template}" has an unknown kind "${kind}"`);
		if (!(name in values))
			throw new Error(`Path template "${template}" has no value for "${name}"`);
		const entry = values[name];
		const { value, label } =
			typeof entry === 'object' && entry !== null ? entry : { value: entry, label: labelOf(name) };
		return encodeSegment(value, (kind as SegmentKind | undefined) ?? 'text', label, options);
	});
}

/** One value checked for its kind and percent-encoded so it cannot leave its segment. */
export function encodeSegment(
	value: unknown,
	kind: SegmentKind,
	label: string,
	options: PathOptions = {},
): string {
	const text = checkSegment(value, kind, label);
	let encoded = encodeURIComponent(text);
	for (const char of options.readable ?? '')
		encoded = encoded.split(encodeURIComponent(char)).join(char);
	return encoded;
}

/** The value as text when it is of its kind; `InputError` otherwise. */
export function checkSegment(value: unknown, kind: SegmentKind, label: string): string {
	if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value)))
		throw new InputError(label, `"${label}" must be text or a number, got ${typeName(value)}`);
	const text = String(value);
	if (text.trim() === '') throw new InputError(label, `"${label}" is required but was empty`);
	if (/^\.+$/.test(text.trim()))
		throw new InputError(label, `"${label}" cannot be "${text}": it is not an id`);
	if (text.length > MAX_SEGMENT)
		throw new InputError(label, `"${label}" is longer than ${MAX_SEGMENT} characters`);
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(text))
		throw new InputError(label, `"${label}" contains control characters`);
	const fits: Record<SegmentKind, () => boolean> = {
		numeric: () => /^\d{1,19}$/.test(text),
		token: () => TOKEN.test(text),
		uuid: () => UUID.test(text),
		email: () => isEmail(text),
		idOrEmail: () => TOKEN.test(text) || isEmail(text),
		text: () => true,
	};
	if (!fits[kind]()) throw new InputError(label, `"${label}" ${KIND_TEXT[kind]}, got "${text}"`);
	return text;
}

const KIND_TEXT: Record<SegmentKind, string> = {
	numeric: 'must be a numeric id',
	token: 'must be an id made of letters, digits, "-", "_", "." or "~"',
	uuid: 'must be a UUID',
	email: 'must be a valid email address',
	idOrEmail: 'must be an id (letters, digits, "-", "_", ".", "~") or an email address',
	text: 'is not a valid value',
};

/** A base URL and a built path, with exactly one slash between them. */
export function joinUrl(base: string, path: string): string {
	if (!path) return base;
	return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * A read by id must answer the record asked for: a vendor (or a path gone wrong) that answers
 * another record must not lead to a write on that other record. Returns the record when one of
 * its `keys` equals the id asked for (emails caseless), throws otherwise; undefined stays so.
 */
export function checkRecordId<R extends Record<string, unknown>>(
	vendor: string,
	what: string,
	asked: string,
	record: R | undefined,
	keys: string[] = ['id'],
): R | undefined {
	if (record === undefined) return undefined;
	const same = (value: unknown) =>
		(typeof value === 'string' || typeof value === 'number') &&
		(String(value) === asked ||
			(asked.includes('@') && String(value).toLowerCase() === asked.toLowerCase()));
	if (keys.some((key) => same(record[key]))) return record;
	const got = record[keys[0]];
	throw new LmsError({
		kind: 'vendorOther',
		message: `${vendor} answered ${what} "${typeof got === 'string' || typeof got === 'number' ? got : '(no id)'}" when asked for ${what} "${asked}"`,
		hint: 'Nothing was changed. Check the id; if it is right, the LMS answered another record than the one asked for.',
	});
}

/** `userId` → `User ID`, for errors about placeholders given without a label. */
function labelOf(name: string): string {
	const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_]+/);
	return words
		.map((word) => (/^id$/i.test(word) ? 'ID' : word.charAt(0).toUpperCase() + word.slice(1)))
		.join(' ');
}

export function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'object') return 'an object';
	if (value === undefined) return 'nothing';
	return `a ${typeof value}`;
}
