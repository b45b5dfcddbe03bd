import type { LmsErrorKind, VendorErrorRules } from '../../core';
import { talentLmsIdentity } from './identity';

/** TalentLMS's error answers: its envelope, its no-op texts, what each means. */

/** The fixed texts TalentLMS answers duplicates and no-ops with (as errors, status ~400). */
export const NO_OP_PATTERNS = {
	duplicateEmail: /same email address already exists/i,
	duplicateLogin: /same login already exists/i,
	alreadyEnrolled: /already enrolled in this course/i,
	alreadyMember: /already a member of this group/i,
	notEnrolled: /not enrolled in this course/i,
	notMember: /not a member of this group/i,
} as const;

export type NoOp = keyof typeof NO_OP_PATTERNS;

export function noOpOf(vendorMessage: string | undefined): NoOp | undefined {
	if (!vendorMessage) return undefined;
	return (Object.keys(NO_OP_PATTERNS) as NoOp[]).find((name) =>
		NO_OP_PATTERNS[name].test(vendorMessage),
	);
}

export const talentLmsErrorRules: VendorErrorRules = {
	vendorName: talentLmsIdentity.name,
	extractMessage(body) {
		const error = (body as { error?: { message?: unknown } } | undefined)?.error;
		if (error && typeof error === 'object' && typeof error.message === 'string')
			return error.message;
		return undefined;
	},
	classify(status, vendorMessage): LmsErrorKind | undefined {
		if (status >= 500 || status === 429 || status === 401) return undefined;
		switch (noOpOf(vendorMessage)) {
			case 'duplicateEmail':
			case 'duplicateLogin':
			case 'alreadyEnrolled':
			case 'alreadyMember':
				return 'alreadyExists';
			case 'notEnrolled':
			case 'notMember':
				return 'notFound';
		}
		if (vendorMessage && /\bdoes not exist\b/i.test(vendorMessage)) return 'notFound';
		return undefined;
	},
	hints: {
		unauthorized:
			'TalentLMS rejected the API key. Copy it again from Account & Settings › Integrations › API and check the domain in the credential.',
		forbidden:
			'TalentLMS refused the call: check that the API is enabled under Account & Settings › Integrations and that your plan allows it.',
		notFound:
			'Check the ID or email: TalentLMS has no such user, course or group (it may have been deleted).',
		validation:
			'TalentLMS rejected the input; the message names the field. User IDs and course IDs are numbers.',
		rateLimited:
			'TalentLMS allows 200 calls per 5 seconds and an hourly quota by plan. Retries ran out: run again later.',
	},
};
