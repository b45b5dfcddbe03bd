import { InputError } from '../../../../nodes/shared/core';
import {
	DEFAULT_ENDPOINTS,
	normaliseBaseUrl,
	readSettings,
	renderPath,
	resolveEndpoints,
} from '../../../../nodes/shared/vendors/learningpool';

const failure = (fn: () => unknown): InputError => {
	try {
		fn();
	} catch (error) {
		if (error instanceof InputError) return error;
		throw error;
	}
	throw new Error('expected an InputError');
};

describe('Learning Pool endpoint map', () => {
	it('uses the defaults when the credential leaves the map empty', () => {
		expect(resolveEndpoints('')).toEqual(DEFAULT_ENDPOINTS);
		expect(resolveEndpoints(undefined)).toEqual(DEFAULT_ENDPOINTS);
		expect(resolveEndpoints('  ')).toEqual(DEFAULT_ENDPOINTS);
	});

	it('overrides one path with a bare string and keeps the method and the rest', () => {
		const map = resolveEndpoints('{"getUser": "/simple/people/{id}"}');
		expect(map.getUser).toEqual({ method: 'GET', path: '/simple/people/{id}' });
		expect(map.listUsers).toEqual(DEFAULT_ENDPOINTS.listUsers);
	});

	it('overrides method, pagination and page parameters of a list, from an object too', () => {
		const map = resolveEndpoints({
			listUsers: { path: '/people', pagination: 'untilEmpty', pageParam: 'p', pageSize: 25 },
			updateUser: { method: 'PUT' },
		});
		expect(map.listUsers).toMatchObject({
			method: 'GET',
			path: '/people',
			pagination: 'untilEmpty',
			pageParam: 'p',
			sizeParam: 'per_page',
			pageSize: 25,
		});
		expect(map.updateUser).toEqual({ method: 'PUT', path: '/api/v1/users/{id}' });
	});

	it.each([
		['{"getUsers": "/x/{id}"}', /unknown key "getUsers"/],
		['{"getUser": "/people/{uid}"}', /"getUser.path" must contain \{id\}/],
		[
			'{"listGroups": "/groups/{id}"}',
			/"listGroups.path" has unknown placeholder \{id\} \(allowed: none\)/,
		],
		['{"getUser": "https://other.example.com/users/{id}"}', /"getUser" must start with "\/"/],
		['{"listUsers": {"pagination": "cursor"}}', /"listUsers.pagination"/],
		['{"createUser": {"pagination": "lastPage"}}', /"createUser" is not a list/],
		['{"getUser": {"path": "/u/{id}", "verb": "GET"}}', /"getUser".*Unrecognized key.*verb/],
		['{"getUser": {"method": "FETCH"}}', /"getUser.method"/],
		['{"getUser": ', /not valid JSON/],
		['["/users"]', /must be a JSON object/],
	])('rejects %s and names the wrong key', (json, message) => {
		const error = failure(() => resolveEndpoints(json));
		expect(error.field).toBe('Endpoint Map');
		expect(error.message).toMatch(message);
	});

	it('fills placeholders URL-encoded and moves a query template into the query', () => {
		expect(
			renderPath({ method: 'GET', path: '/u/{id}/tags/{tag}' }, { id: '7', tag: 'a b/c' }),
		).toEqual({ path: '/u/7/tags/a%20b%2Fc', query: {} });
		expect(renderPath(DEFAULT_ENDPOINTS.findUserByEmail, { email: 'ada+lp@example.com' })).toEqual({
			path: '/api/v1/users',
			query: { email: 'ada+lp@example.com' },
		});
	});
});

describe('Learning Pool credential settings', () => {
	const base = { clientId: 'client', clientSecret: 'secret-value' };

	it('accepts HTTPS and plain HTTP only for this machine, without a trailing slash', () => {
		expect(normaliseBaseUrl('https://learn.example.com/')).toBe('https://learn.example.com');
		expect(normaliseBaseUrl('https://learn.example.com/lp/')).toBe('https://learn.example.com/lp');
		expect(normaliseBaseUrl('http://127.0.0.1:4105')).toBe('http://127.0.0.1:4105');
		expect(normaliseBaseUrl('http://localhost:4105')).toBe('http://localhost:4105');
		expect(failure(() => normaliseBaseUrl('http://learn.example.com')).message).toMatch(/https/);
		expect(failure(() => normaliseBaseUrl('learn.example.com')).message).toMatch(/must be a URL/);
		expect(failure(() => normaliseBaseUrl('https://x.example.com/?a=1')).message).toMatch(/query/);
	});

	it('defaults the token path and the pace, and reports a missing secret by its label', () => {
		const settings = readSettings({ ...base, baseUrl: 'https://learn.example.com' });
		expect(settings.tokenPath).toBe('/oauth/token');
		expect(settings.requestsPerSecond).toBe(10);
		expect(
			readSettings({ ...base, baseUrl: 'https://l.example.com', requestsPerSecond: 3 })
				.requestsPerSecond,
		).toBe(3);
		const error = failure(() => readSettings({ baseUrl: 'https://l.example.com', clientId: 'c' }));
		expect(error.message).toMatch(/"Client Secret" is required/);
		expect(
			failure(() =>
				readSettings({ ...base, baseUrl: 'https://l.example.com', tokenUrlPath: 'oauth' }),
			).message,
		).toMatch(/Token Path/);
	});
});
