import { redactText, redactValue } from './redact';

export type LmsErrorKind =
	| 'notFound'
	| 'alreadyExists'
	| 'rateLimited'
	| 'unauthorized'
	| 'forbidden'
	| 'validation'
	| 'unavailable'
	| 'vendorOther';

const DEFAULT_HINTS: Record<LmsErrorKind, string> = {
	notFound: 'Check that the id or email is right and that the record was not deleted.',
	alreadyExists: 'A record with these details exists already. Use "Find or Create" to reuse it.',
	rateLimited:
		'The LMS is throttling requests. Retries were exhausted; run again later or lower the request rate in the credential.',
	unauthorized: 'The LMS rejected the credentials. Check them in the credential and test it again.',
	forbidden:
		'The credentials are valid but not allowed to do this. Ask the LMS admin for API permissions.',
	validation: 'The LMS rejected the input. Check the fields named in the message.',
	unavailable: 'The LMS could not be reached or answered with a server error. Try again later.',
	vendorOther: 'The LMS answered with an unexpected error. See the message for details.',
};

export interface LmsErrorOptions {
	kind: LmsErrorKind;
	message: string;
	status?: number;
	vendorMessage?: string;
	hint?: string;
	/** Which request failed, as "METHOD /path" (never headers or bodies). */
	request?: string;
	/** A write that may or may not have reached the LMS: check before repeating it. */
	outcomeUnknown?: boolean;
	/** Milliseconds the LMS asked us to wait, when it said so. */
	retryAfterMs?: number;
	/** Anything else worth showing; redacted like the rest. */
	details?: Record<string, unknown>;
	/** Secret values to strip from every text of this error. */
	secrets?: Iterable<string>;
}

/** The one error type adapters and the core throw; the n8n layer turns it into Node*Error. */
export class LmsError extends Error {
	readonly kind: LmsErrorKind;
	readonly status?: number;
	readonly vendorMessage?: string;
	readonly hint: string;
	readonly request?: string;
	readonly outcomeUnknown: boolean;
	readonly retryAfterMs?: number;
	readonly details?: Record<string, unknown>;

	constructor(options: LmsErrorOptions) {
		const secrets = [...(options.secrets ?? [])];
		super(redactText(options.message, secrets));
		this.name = 'LmsError';
		this.kind = options.kind;
		this.status = options.status;
		this.vendorMessage =
			options.vendorMessage === undefined ? undefined : redactText(options.vendorMessage, secrets);
		this.hint = redactText(options.hint ?? DEFAULT_HINTS[options.kind], secrets);
		this.request = options.request === undefined ? undefined : redactText(options.request, secrets);
		this.outcomeUnknown = options.outcomeUnknown ?? false;
		this.retryAfterMs = options.retryAfterMs;
		this.details =
			options.details === undefined ? undefined : redactValue(options.details, secrets);
	}

	toJSON(): Record<string, unknown> {
		return {
			name: this.name,
			kind: this.kind,
			message: this.message,
			status: this.status,
			vendorMessage: this.vendorMessage,
			hint: this.hint,
			request: this.request,
			outcomeUnknown: this.outcomeUnknown || undefined,
			details: this.details,
		};
	}
}

export function kindForStatus(status: number): LmsErrorKind {
	if (status === 400 || status === 422) return 'validation';
	if (status === 401) return 'unauthorized';
	if (status === 403) return 'forbidden';
	if (status === 404) return 'notFound';
	if (status === 409) return 'alreadyExists';
	if (status === 429) return 'rateLimited';
	if (status >= 500) return 'unavailable';
	return 'vendorOther';
}

export function isLmsError(error: unknown, kind?: LmsErrorKind): error is LmsError {
	return error instanceof LmsError && (kind === undefined || error.kind === kind);
}

/** A network-level failure: no HTTP answer at all. */
export class ConnectionError extends Error {
	constructor(
		message: string,
		readonly code?: string,
	) {
		super(message);
		this.name = 'ConnectionError';
	}
}

/** Invalid input caught before any call; `field` names the node parameter. */
export class InputError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'InputError';
	}
}
