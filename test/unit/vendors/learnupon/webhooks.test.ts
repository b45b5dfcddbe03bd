import { InputError } from '../../../../nodes/shared/core';
import {
	learnUponWebhooks,
	parseLearnUponDelivery,
	v1SignedText,
	verifyLearnUponSignature,
} from '../../../../nodes/shared/vendors/learnupon/webhooks';

const delivery = (body: unknown, headers: Record<string, string> = {}, receivedAt = 0) => ({
	rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
	headers,
	receivedAt,
});

// Expected digests below were computed outside this code (openssl dgst / md5sum), so a bug in
// how the node builds them cannot also be in the expectation.
describe('LearnUpon v2 signature: hex HMAC-SHA256 of the raw body in X-Webhook-Signature', () => {
	const raw = '{"data":[{"enrollmentId":7,"courseId":501}]}';
	const signature = '54c618c074e8a18bf222543ff15d0445847bc86ee5c0f1479319ffc4d2ce2fdf';

	it('accepts the signature of the exact bytes, in either case of hex', () => {
		expect(
			verifyLearnUponSignature(
				delivery(raw, { 'x-webhook-signature': signature }),
				'lu-v2-secret',
				'v2',
			),
		).toEqual({ ok: true });
		expect(
			verifyLearnUponSignature(
				delivery(raw, { 'X-Webhook-Signature': signature.toUpperCase() }),
				'lu-v2-secret',
				'v2',
			),
		).toEqual({ ok: true });
	});

	it('refuses another secret, changed bytes (even whitespace) and a missing header', () => {
		const signed = { 'x-webhook-signature': signature };
		expect(verifyLearnUponSignature(delivery(raw, signed), 'other', 'v2')).toEqual({
			ok: false,
			reason: 'mismatch',
		});
		expect(verifyLearnUponSignature(delivery(`${raw}\n`, signed), 'lu-v2-secret', 'v2')).toEqual({
			ok: false,
			reason: 'mismatch',
		});
		expect(verifyLearnUponSignature(delivery(raw), 'lu-v2-secret', 'v2')).toEqual({
			ok: false,
			reason: 'missing',
		});
		expect(verifyLearnUponSignature(delivery(raw, signed), '  ', 'v2')).toEqual({
			ok: false,
			reason: 'mismatch',
		});
	});

	it('does not accept a v1-style signature in the body as v2', () => {
		const v1 = { header: { webHookType: 'course_completion', signature: signature } };
		expect(verifyLearnUponSignature(delivery(v1), 'lu-v2-secret', 'v2')).toEqual({
			ok: false,
			reason: 'missing',
		});
	});
});

describe('LearnUpon v1 signature: MD5 of the body JSON without the signature, ":" and the secret', () => {
	const event = {
		header: {
			version: '1.0',
			webHookType: 'course_completion',
			signature: '04b17c5b9f67cd4f69a02f439789234a',
		},
		user: { userId: 1001, email: 'ada@example.com' },
		courseId: 501,
		courseName: 'Onboarding',
		dateCompleted: '2026-12-01T10:00:00Z',
		percentage: 92,
	};

	it('signs the JSON with header.signature removed, keeping the order of every other key', () => {
		expect(v1SignedText(event)).toBe(
			'{"header":{"version":"1.0","webHookType":"course_completion"},"user":{"userId":1001,"email":"ada@example.com"},"courseId":501,"courseName":"Onboarding","dateCompleted":"2026-12-01T10:00:00Z","percentage":92}',
		);
	});

	it('accepts the right signature and refuses another secret, a changed field or none', () => {
		expect(verifyLearnUponSignature(delivery(event), 'lu-secret-1', 'v1')).toEqual({ ok: true });
		expect(verifyLearnUponSignature(delivery(event), 'lu-secret-2', 'v1')).toEqual({
			ok: false,
			reason: 'mismatch',
		});
		expect(
			verifyLearnUponSignature(delivery({ ...event, percentage: 100 }), 'lu-secret-1', 'v1'),
		).toEqual({
			ok: false,
			reason: 'mismatch',
		});
		const unsigned = { ...event, header: { webHookType: 'course_completion' } };
		expect(verifyLearnUponSignature(delivery(unsigned), 'lu-secret-1', 'v1')).toEqual({
			ok: false,
			reason: 'missing',
		});
		expect(verifyLearnUponSignature(delivery('[1]'), 'lu-secret-1', 'v1')).toEqual({
			ok: false,
			reason: 'malformed',
		});
	});

	it('maps the v1 event to the completion record, without the signing header', () => {
		const [mapped] = parseLearnUponDelivery(delivery(event), 'v1');
		expect(mapped).toMatchObject({ event: 'courseCompleted', vendorType: 'course_completion' });
		if (mapped.event !== 'courseCompleted') throw new Error('unreachable');
		const { header: _header, ...withoutHeader } = event;
		expect(mapped.record).toEqual({
			userId: '1001',
			email: 'ada@example.com',
			courseId: '501',
			courseName: 'Onboarding',
			completedAt: '2026-12-01T10:00:00.000Z',
			score: 92,
			raw: withoutHeader,
		});
	});
});

describe('LearnUpon v2 events → canonical records', () => {
	const completion = {
		enrollmentId: 7,
		courseId: 501,
		courseName: 'Onboarding',
		user: { userId: 1001, username: 'ada', email: 'ada@example.com' },
		enrollmentStatus: 'passed',
		percentage: 88,
		dateCompleted: '2026-12-01T10:00:00Z',
	};

	it('maps every event of a batch, typed by X-Webhook-Type, each with its own key', () => {
		const events = parseLearnUponDelivery(
			delivery(
				{
					data: [
						completion,
						{ ...completion, enrollmentId: 8, user: { userId: 1002, email: 'b@example.com' } },
					],
				},
				{
					'x-webhook-type': 'course_completion',
				},
			),
			'v2',
		);
		expect(events.map((e) => e.event)).toEqual(['courseCompleted', 'courseCompleted']);
		expect(events[0]).toMatchObject({ record: { userId: '1001', courseId: '501', score: 88 } });
		expect(events[1]).toMatchObject({ record: { userId: '1002', email: 'b@example.com' } });
		expect(events[0].dedupeKey).not.toBe(events[1].dedupeKey);
		// A retry of the same event, serialised with its keys in another order, keys alike.
		const reordered = parseLearnUponDelivery(
			delivery(
				{ data: [Object.fromEntries(Object.entries(completion).reverse())] },
				{ 'x-webhook-type': 'course_completion' },
			),
			'v2',
		);
		expect(reordered[0].dedupeKey).toBe(events[0].dedupeKey);
	});

	it('maps module, exam and learning path completions', () => {
		const parse = (type: string, event: object) =>
			parseLearnUponDelivery(delivery({ data: [event] }, { 'x-webhook-type': type }), 'v2')[0];
		expect(
			parse('module_complete', { ...completion, moduleId: 31, moduleName: 'Intro' }),
		).toMatchObject({
			event: 'moduleCompleted',
			record: { courseId: '501', moduleId: '31', moduleName: 'Intro' },
		});
		expect(
			parse('exam_completion', { ...completion, examId: 41, examName: 'Final' }),
		).toMatchObject({
			event: 'examCompleted',
			record: { courseId: '501', examId: '41', examName: 'Final', passed: true },
		});
		expect(
			parse('learning_path_completion', {
				learningPathId: 9,
				learningPathName: 'Path',
				user: completion.user,
				dateCompleted: completion.dateCompleted,
			}),
		).toMatchObject({
			event: 'learningPathCompleted',
			record: {
				userId: '1001',
				learningPathId: '9',
				learningPathName: 'Path',
				completedAt: '2026-12-01T10:00:00.000Z',
			},
		});
		expect(parse('badge_awarded', completion)).toMatchObject({
			event: undefined,
			reason: 'unsupportedType',
		});
		expect(parse('module_complete', completion)).toMatchObject({
			event: undefined,
			reason: 'unreadable',
		});
	});

	it('refuses a body that is not a JSON object', () => {
		expect(() => parseLearnUponDelivery(delivery('nope'), 'v2')).toThrow(InputError);
		expect(() => parseLearnUponDelivery(delivery({ data: [] }), 'v2')).toThrow(/no event/);
	});

	it('the credential picks the version (v2 unless it says v1)', () => {
		const raw = JSON.stringify({ data: [completion] });
		const v1Body = delivery(raw);
		expect(learnUponWebhooks.verify(v1Body, { signingSecret: 's', webhookVersion: 'v1' })).toEqual({
			ok: false,
			reason: 'missing',
		});
		expect(learnUponWebhooks.verify(v1Body, { signingSecret: 's' })).toEqual({
			ok: false,
			reason: 'missing',
		});
		expect(learnUponWebhooks.checkCredential({ signingSecret: ' ' })).toMatch(/empty/);
	});
});
