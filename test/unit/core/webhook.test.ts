import {
	admitDeliveries,
	constantTimeEqual,
	headerValue,
	hmacSha256Hex,
	md5Hex,
	stableJson,
} from '../../../nodes/shared/core';

describe('webhook primitives', () => {
	it('HMAC-SHA256 matches RFC 4231 test case 2', () => {
		expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe(
			'5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
		);
	});

	it('MD5 matches the well-known digest of the quick brown fox', () => {
		expect(md5Hex('The quick brown fox jumps over the lazy dog')).toBe(
			'9e107d9d372bb6826bd81d3542a419d6',
		);
	});

	it('compares equal strings as equal and any difference, length included, as not', () => {
		expect(constantTimeEqual('v1=abc', 'v1=abc')).toBe(true);
		expect(constantTimeEqual('v1=abc', 'v1=abd')).toBe(false);
		expect(constantTimeEqual('abc', 'abcd')).toBe(false);
		expect(constantTimeEqual('', '')).toBe(true);
	});

	it('serialises objects with sorted keys, so key order does not change a dedupe key', () => {
		expect(stableJson({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: null } })).toBe(
			'{"a":{"c":null,"d":[2,{"x":2,"y":1}]},"b":1}',
		);
		expect(stableJson({ a: 1, b: undefined })).toBe(stableJson({ a: 1 }));
	});

	it('reads headers whatever their case, joining repeated ones', () => {
		const headers = { 'X-Webhook-Signature': 'abc', 'x-multi': ['a', 'b'] };
		expect(headerValue(headers, 'x-webhook-signature')).toBe('abc');
		expect(headerValue(headers, 'X-MULTI')).toBe('a,b');
		expect(headerValue(headers, 'absent')).toBeUndefined();
	});
});

describe('dedupe window', () => {
	const window = { windowMs: 1_000, maxEntries: 3 };

	it('admits a key once, and again after the window has passed', () => {
		const first = admitDeliveries(undefined, ['a'], 0, window);
		expect(first.fresh).toEqual([true]);
		const repeat = admitDeliveries(first.next, ['a'], 999, window);
		expect(repeat.fresh).toEqual([false]);
		const later = admitDeliveries(repeat.next, ['a'], 1_000, window);
		expect(later.fresh).toEqual([true]);
	});

	it('counts a key repeated within one delivery once', () => {
		expect(admitDeliveries({}, ['a', 'b', 'a'], 0, window).fresh).toEqual([true, true, false]);
	});

	it('keeps at most maxEntries keys, dropping the oldest', () => {
		let seen = {};
		for (const [index, key] of ['a', 'b', 'c', 'd'].entries()) {
			seen = admitDeliveries(seen, [key], index, window).next;
		}
		expect(Object.keys(seen).sort()).toEqual(['b', 'c', 'd']);
		expect(admitDeliveries(seen, ['a'], 4, window).fresh).toEqual([true]);
		expect(admitDeliveries(seen, ['d'], 4, window).fresh).toEqual([false]);
	});

	it('ignores stored entries that are not times (hand-edited or older formats)', () => {
		const seen = { a: 'yesterday' } as unknown as Record<string, number>;
		expect(admitDeliveries(seen, ['a'], 0, window).fresh).toEqual([true]);
	});
});
