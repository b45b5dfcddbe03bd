import { z } from 'zod';

import {
	buildPath,
	InputError,
	LmsError,
	type HttpMethod,
	type PathValue,
	type SegmentKind,
} from '../../core';

/**
 * Learning Pool's Simple API publishes no paths or payloads (docs/learningpool.md), so every
 * call the adapter makes goes through this map. The defaults are conventional REST guesses that the
 * sandbox implements; a customer checks them against their own collection and overrides any
 * entry from the credential's "Endpoint Map" JSON.
 */

/** How a list endpoint pages. */
export type PaginationStyle =
	/** `{data, meta:{current_page, last_page}}`: stop at the last page. */
	| 'lastPage'
	/** Keep asking for the next page until one comes back empty or short. */
	| 'untilEmpty'
	/** One answer holds everything. */
	| 'none';

export interface EndpointSpec {
	method: HttpMethod;
	/**
	 * Path below the instance base URL, with `{name}` placeholders filled in (URL-encoded). May
	 * carry a query, e.g. `/api/v1/users?email={email}`.
	 */
	path: string;
	/** Lists only. */
	pagination?: PaginationStyle;
	/** Lists only: query parameter names and page size. */
	pageParam?: string;
	sizeParam?: string;
	pageSize?: number;
}

/** Operation → the placeholders its path must contain, and whether it is a list. */
const OPERATIONS = {
	getUser: { placeholders: ['id'], list: false },
	findUserByEmail: { placeholders: ['email'], list: false },
	listUsers: { placeholders: [], list: true },
	createUser: { placeholders: [], list: false },
	updateUser: { placeholders: ['id'], list: false },
	suspendUser: { placeholders: ['id'], list: false },
	unsuspendUser: { placeholders: ['id'], list: false },
	listGroups: { placeholders: [], list: true },
	listGroupMembers: { placeholders: ['groupId'], list: true },
	addGroupMember: { placeholders: ['groupId'], list: false },
	removeGroupMember: { placeholders: ['groupId', 'userId'], list: false },
	listUserTags: { placeholders: ['id'], list: false },
	addUserTags: { placeholders: ['id'], list: false },
	removeUserTag: { placeholders: ['id', 'tag'], list: false },
	listCourses: { placeholders: [], list: true },
	enroll: { placeholders: [], list: false },
	listUserEnrollments: { placeholders: ['id'], list: true },
	unenroll: { placeholders: ['enrollmentId'], list: false },
	listCompletions: { placeholders: [], list: true },
} as const satisfies Record<string, { placeholders: readonly string[]; list: boolean }>;

export type EndpointKey = keyof typeof OPERATIONS;
export type EndpointMap = Record<EndpointKey, EndpointSpec>;

export const ENDPOINT_KEYS = Object.keys(OPERATIONS) as EndpointKey[];

const paged = (path: string): EndpointSpec => ({
	method: 'GET',
	path,
	pagination: 'lastPage',
	pageParam: 'page',
	sizeParam: 'per_page',
	pageSize: 100,
});

export const DEFAULT_TOKEN_PATH = '/oauth/token';

export const DEFAULT_ENDPOINTS: EndpointMap = {
	getUser: { method: 'GET', path: '/api/v1/users/{id}' },
	findUserByEmail: { method: 'GET', path: '/api/v1/users?email={email}' },
	listUsers: paged('/api/v1/users'),
	createUser: { method: 'POST', path: '/api/v1/users' },
	updateUser: { method: 'PATCH', path: '/api/v1/users/{id}' },
	suspendUser: { method: 'POST', path: '/api/v1/users/{id}/suspend' },
	unsuspendUser: { method: 'POST', path: '/api/v1/users/{id}/unsuspend' },
	listGroups: paged('/api/v1/groups'),
	listGroupMembers: paged('/api/v1/groups/{groupId}/members'),
	addGroupMember: { method: 'POST', path: '/api/v1/groups/{groupId}/members' },
	removeGroupMember: { method: 'DELETE', path: '/api/v1/groups/{groupId}/members/{userId}' },
	listUserTags: { method: 'GET', path: '/api/v1/users/{id}/tags' },
	addUserTags: { method: 'POST', path: '/api/v1/users/{id}/tags' },
	removeUserTag: { method: 'DELETE', path: '/api/v1/users/{id}/tags/{tag}' },
	listCourses: paged('/api/v1/courses'),
	enroll: { method: 'POST', path: '/api/v1/enrollments' },
	listUserEnrollments: paged('/api/v1/users/{id}/enrollments'),
	unenroll: { method: 'DELETE', path: '/api/v1/enrollments/{enrollmentId}' },
	listCompletions: paged('/api/v1/completions'),
};

const FIELD = 'Endpoint Map';

const pathSchema = z
	.string()
	.trim()
	.startsWith('/', { message: 'must start with "/" (a path below the base URL, not a full URL)' })
	.refine((path) => !/\s/.test(path), { message: 'must not contain spaces' });

const overrideSchema = z
	.object({
		method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
		path: pathSchema.optional(),
		pagination: z.enum(['lastPage', 'untilEmpty', 'none']).optional(),
		pageParam: z.string().trim().min(1).optional(),
		sizeParam: z.string().trim().min(1).optional(),
		pageSize: z.number().int().min(1).max(1000).optional(),
	})
	.strict();

function placeholdersOf(path: string): string[] {
	return [...path.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1]);
}

/**
 * The default map with the user's overrides applied. `overrides` is the credential's JSON (text
 * or already parsed); an empty value means the defaults. Errors name the wrong key.
 */
export function resolveEndpoints(overrides: unknown): EndpointMap {
	const map: EndpointMap = { ...DEFAULT_ENDPOINTS };
	const parsed = parseOverrides(overrides);
	for (const [key, value] of Object.entries(parsed)) {
		if (!(key in OPERATIONS)) {
			throw new InputError(
				FIELD,
				`${FIELD}: unknown key "${key}". Known keys: ${ENDPOINT_KEYS.join(', ')}`,
			);
		}
		const endpointKey = key as EndpointKey;
		// A bare string is shorthand for `{ "path": "…" }`.
		const result =
			typeof value === 'string'
				? pathSchema.transform((path) => ({ path })).safeParse(value)
				: overrideSchema.safeParse(value);
		if (!result.success) {
			const issue = result.error.issues[0];
			const where = typeof value === 'string' ? `${key}` : [key, ...issue.path].join('.');
			throw new InputError(FIELD, `${FIELD}: "${where}" ${issue.message}`);
		}
		const entry: EndpointSpec = { ...map[endpointKey], ...result.data };
		const spec = OPERATIONS[endpointKey];
		if (!spec.list && ('pagination' in result.data || 'pageSize' in result.data)) {
			throw new InputError(FIELD, `${FIELD}: "${key}" is not a list, so it takes no pagination`);
		}
		const found = placeholdersOf(entry.path);
		const missing = spec.placeholders.filter((name) => !found.includes(name));
		const unknown = found.filter(
			(name) => !(spec.placeholders as readonly string[]).includes(name),
		);
		if (missing.length) {
			throw new InputError(
				FIELD,
				`${FIELD}: "${key}.path" must contain ${missing.map((name) => `{${name}}`).join(' and ')}`,
			);
		}
		if (unknown.length) {
			const allowed = spec.placeholders.length
				? spec.placeholders.map((name) => `{${name}}`).join(', ')
				: 'none';
			throw new InputError(
				FIELD,
				`${FIELD}: "${key}.path" has unknown placeholder {${unknown[0]}} (allowed: ${allowed})`,
			);
		}
		map[endpointKey] = entry;
	}
	return map;
}

function parseOverrides(overrides: unknown): Record<string, unknown> {
	if (overrides === undefined || overrides === null) return {};
	let value = overrides;
	if (typeof overrides === 'string') {
		if (overrides.trim() === '') return {};
		try {
			value = JSON.parse(overrides);
		} catch {
			throw new InputError(FIELD, `${FIELD} is not valid JSON`);
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new InputError(
			FIELD,
			`${FIELD} must be a JSON object such as {"getUser": "/api/v1/users/{id}"}`,
		);
	}
	return value as Record<string, unknown>;
}

/** What each placeholder holds, for errors that name the field; kinds as Learning Pool's are unknown. */
const PLACEHOLDER_VALUES: Record<string, { label: string; kind: SegmentKind }> = {
	id: { label: 'User ID', kind: 'text' },
	userId: { label: 'User ID', kind: 'text' },
	groupId: { label: 'Group ID', kind: 'text' },
	enrollmentId: { label: 'Enrollment ID', kind: 'text' },
	tag: { label: 'Tag', kind: 'text' },
	email: { label: 'Email', kind: 'email' },
};

/**
 * An endpoint's path and query with placeholders filled in: each value checked and encoded as one
 * segment by the core's path builder (so `.` or `..` can never climb to another endpoint).
 */
export function renderPath(
	spec: EndpointSpec,
	values: Record<string, string>,
): { path: string; query: Record<string, string> } {
	const [pathPart, queryPart] = spec.path.split('?', 2);
	const checked: Record<string, PathValue> = {};
	for (const [, name] of spec.path.matchAll(/\{([^{}]+)\}/g)) {
		const value = values[name];
		if (value === undefined) {
			throw new LmsError({
				kind: 'validation',
				message: `No value for {${name}} in ${spec.path}`,
			});
		}
		checked[name] = { value, label: PLACEHOLDER_VALUES[name]?.label ?? name };
	}
	const kinded = (text: string) =>
		text.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, name: string) =>
			PLACEHOLDER_VALUES[name] ? `{${name}:${PLACEHOLDER_VALUES[name].kind}}` : match,
		);
	const query: Record<string, string> = {};
	if (queryPart) {
		for (const pair of queryPart.split('&')) {
			if (!pair) continue;
			const [key, raw = ''] = pair.split('=', 2);
			// Decode what the builder encoded: the transport encodes query values itself.
			query[decodeURIComponent(key)] = decodeURIComponent(buildPath(kinded(raw), checked));
		}
	}
	return { path: buildPath(kinded(pathPart), checked), query };
}
