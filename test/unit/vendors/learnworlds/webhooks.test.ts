import { hmacSha256Hex, InputError } from '../../../../nodes/shared/core';
import { growWebhooks } from '../../../../nodes/shared/vendors/grow';
import {
	learnWorldsWebhooks,
	parseLearnWorldsDelivery,
	verifyLearnWorldsSignature,
} from '../../../../nodes/shared/vendors/learnworlds/webhooks';

// LearnWorlds' documented example header (learnworlds.dev › Webhooks › Webhook signatures).
const DOC_HEADER = 'v1=e8fad5b079d0977f61bc2d21fc5f461719e6478df7de56';
const DOC_SIGNATURE = 'e8fad5b079d0977f61bc2d21fc5f461719e6478df7de56';

// Abridged from LearnWorlds' documented "When a course is completed" example.
const COURSE_COMPLETED = {
	version: 2,
	type: 'courseCompleted',
	trigger: 'course_completed',
	school_id: '60004a6de11ac0798538ccc2',
	data: {
		completed_at: 1637232384.736462,
		ip_address: null,
		manually_completed: false,
		course: { id: 'sample-course', title: 'sample course', access: 'free' },
		user: {
			id: '618a740f8d07051ab200e5f4',
			email: 'john@doe.com',
			username: 'johndoe',
			created: 1636463631.488376,
		},
	},
};

const delivery = (body: unknown, headers: Record<string, string> = {}, receivedAt = 0) => ({
	rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
	headers,
	receivedAt,
});

describe('LearnWorlds webhook signature (pre-shared, as LearnWorlds documents it)', () => {
	const body = delivery(COURSE_COMPLETED, { 'learnworlds-webhook-signature': DOC_HEADER });

	it("accepts LearnWorlds' documented header against the signature shown in its settings", () => {
		expect(verifyLearnWorldsSignature(body, DOC_SIGNATURE)).toEqual({ ok: true });
		// Pasted with the prefix, as the settings page shows it.
		expect(verifyLearnWorldsSignature(body, DOC_HEADER)).toEqual({ ok: true });
		expect(verifyLearnWorldsSignature(body, `  ${DOC_HEADER}\n`)).toEqual({ ok: true });
	});

	it('refuses another signature, a missing header and a header without v1=', () => {
		expect(verifyLearnWorldsSignature(body, `${DOC_SIGNATURE}0`)).toEqual({
			ok: false,
			reason: 'mismatch',
		});
		expect(verifyLearnWorldsSignature(delivery(COURSE_COMPLETED), DOC_SIGNATURE)).toEqual({
			ok: false,
			reason: 'missing',
		});
		const bare = delivery(COURSE_COMPLETED, { 'learnworlds-webhook-signature': DOC_SIGNATURE });
		expect(verifyLearnWorldsSignature(bare, DOC_SIGNATURE)).toEqual({
			ok: false,
			reason: 'malformed',
		});
	});

	it('refuses everything when the credential holds no signature', () => {
		const empty = delivery(COURSE_COMPLETED, { 'learnworlds-webhook-signature': 'v1=' });
		expect(verifyLearnWorldsSignature(empty, '')).toEqual({ ok: false, reason: 'mismatch' });
	});

	it('reads the header whatever its case, and the v1 entry of a list', () => {
		const listed = delivery(COURSE_COMPLETED, {
			'Learnworlds-Webhook-Signature': `v0=old, ${DOC_HEADER}`,
		});
		expect(verifyLearnWorldsSignature(listed, DOC_SIGNATURE)).toEqual({ ok: true });
	});

	it('is not an HMAC: the signature does not depend on the body', () => {
		const other = delivery(
			{ ...COURSE_COMPLETED, school_id: 'x' },
			{
				'learnworlds-webhook-signature': DOC_HEADER,
			},
		);
		expect(verifyLearnWorldsSignature(other, DOC_SIGNATURE)).toEqual({ ok: true });
	});
});

describe('Grow webhook signature', () => {
	const secret = 'grow-secret-1';
	const raw = JSON.stringify(COURSE_COMPLETED);

	it('defaults to the pre-shared check LearnWorlds documents', () => {
		const d = delivery(raw, { 'learnworlds-webhook-signature': `v1=${secret}` });
		expect(growWebhooks.verify(d, { signingSecret: secret })).toEqual({ ok: true });
	});

	it('checks an HMAC-SHA256 of the exact body when the credential says so', () => {
		const signed = delivery(raw, {
			'learnworlds-webhook-signature': `v1=${hmacSha256Hex(secret, raw)}`,
		});
		const credentials = { signingSecret: secret, signatureScheme: 'hmacSha256' };
		expect(growWebhooks.verify(signed, credentials)).toEqual({ ok: true });
		// The pre-shared value is not a valid HMAC, and a changed body breaks the HMAC.
		const preShared = delivery(raw, { 'learnworlds-webhook-signature': `v1=${secret}` });
		expect(growWebhooks.verify(preShared, credentials)).toEqual({ ok: false, reason: 'mismatch' });
		const tampered = delivery(`${raw} `, signed.headers as Record<string, string>);
		expect(growWebhooks.verify(tampered, credentials)).toEqual({ ok: false, reason: 'mismatch' });
	});
});

describe('LearnWorlds webhook events → canonical records', () => {
	it("maps the documented course completion to the polling trigger's completion record", () => {
		const [event] = parseLearnWorldsDelivery(delivery(COURSE_COMPLETED));
		expect(event).toMatchObject({ event: 'courseCompleted', vendorType: 'courseCompleted' });
		if (event.event !== 'courseCompleted') throw new Error('unreachable');
		expect(event.record).toEqual({
			userId: '618a740f8d07051ab200e5f4',
			email: 'john@doe.com',
			courseId: 'sample-course',
			courseName: 'sample course',
			completedAt: '2021-11-18T10:46:24.736Z',
			score: undefined,
			raw: COURSE_COMPLETED,
		});
	});

	it('maps a free-course enrollment and a product bought to User Enrolled', () => {
		const free = parseLearnWorldsDelivery(
			delivery({
				version: 2,
				type: 'enrolledFreeCourse',
				trigger: 'enrolled_free',
				data: {
					date: 1638190255,
					course: { id: 'sample-course', title: 'sample course' },
					user: { id: 'u1', email: 'a@b.c' },
				},
			}),
		)[0];
		expect(free).toMatchObject({
			event: 'userEnrolled',
			record: {
				userId: 'u1',
				productId: 'sample-course',
				productType: 'course',
				enrolledAt: '2021-11-29T12:50:55.000Z',
			},
		});
		const bought = parseLearnWorldsDelivery(
			delivery({
				version: 2,
				type: 'productBought',
				trigger: 'new_purchase',
				data: {
					payment: {
						paid_at: 1637235626.56606,
						product: { id: 'bundle-new', name: 'Bundle new', type: 'bundle' },
						user_id: 'u2',
					},
					user: { id: 'u2', email: 'b@b.c' },
				},
			}),
		)[0];
		expect(bought).toMatchObject({
			event: 'userEnrolled',
			record: {
				userId: 'u2',
				productId: 'bundle-new',
				productType: 'bundle',
				productName: 'Bundle new',
			},
		});
	});

	it('maps an unenrollment, with the time it arrived (LearnWorlds sends none)', () => {
		const [event] = parseLearnWorldsDelivery(
			delivery(
				{
					version: 2,
					type: 'userUnenrolledFromProduct',
					data: {
						product: { id: 'bundle-new', title: 'Bundle new', type: 'bundle' },
						user: { id: 'u3', email: 'c@b.c' },
					},
				},
				{},
				Date.parse('2026-12-02T10:00:00Z'),
			),
		);
		expect(event).toMatchObject({
			event: 'userUnenrolled',
			record: {
				userId: 'u3',
				productId: 'bundle-new',
				productType: 'bundle',
				unenrolledAt: '2026-12-02T10:00:00.000Z',
			},
		});
	});

	it('maps userUpdated to the User Created record shape', () => {
		const [event] = parseLearnWorldsDelivery(
			delivery({
				version: 2,
				type: 'userUpdated',
				data: {
					user: {
						id: 'u4',
						email: 'john@doe.com',
						username: 'john',
						first_name: '',
						last_name: 'john',
						created: 1630580658.435539,
					},
				},
			}),
		);
		expect(event).toMatchObject({
			event: 'userUpdated',
			record: {
				userId: 'u4',
				email: 'john@doe.com',
				username: 'john',
				lastName: 'john',
				createdAt: '2021-09-02T11:04:18.435Z',
			},
		});
	});

	it('acknowledges other types without mapping them, and says when ids are missing', () => {
		expect(
			parseLearnWorldsDelivery(delivery({ type: 'paymentCreated', data: {} }))[0],
		).toMatchObject({
			event: undefined,
			reason: 'unsupportedType',
		});
		expect(
			parseLearnWorldsDelivery(
				delivery({ type: 'courseCompleted', data: { user: { id: 'u' } } }),
			)[0],
		).toMatchObject({
			event: undefined,
			reason: 'unreadable',
		});
	});

	it('keys a retry (the same body) alike and another event differently', () => {
		const key = (body: unknown) => parseLearnWorldsDelivery(delivery(body))[0].dedupeKey;
		expect(key(COURSE_COMPLETED)).toBe(key(COURSE_COMPLETED));
		expect(key(COURSE_COMPLETED)).not.toBe(
			key({ ...COURSE_COMPLETED, data: { ...COURSE_COMPLETED.data, completed_at: 1 } }),
		);
	});

	it('refuses a body that is not the LearnWorlds envelope', () => {
		expect(() => parseLearnWorldsDelivery(delivery('not json'))).toThrow(InputError);
		expect(() => parseLearnWorldsDelivery(delivery({ hello: 'world' }))).toThrow(
			/not a LearnWorlds webhook/,
		);
	});

	it('checks the credential form and never lists an empty secret', () => {
		expect(learnWorldsWebhooks.checkCredential({ signingSecret: '' })).toMatch(/empty/);
		expect(learnWorldsWebhooks.checkCredential({ signingSecret: 'v1=ab cd' })).toMatch(/spaces/);
		expect(learnWorldsWebhooks.checkCredential({ signingSecret: DOC_HEADER })).toBeUndefined();
		expect(learnWorldsWebhooks.secretsOf({ signingSecret: DOC_HEADER })).toEqual([
			DOC_HEADER,
			DOC_SIGNATURE,
		]);
		expect(learnWorldsWebhooks.secretsOf({})).toEqual([]);
	});
});
