import { kindForStatus, LmsError, type LmsErrorKind } from './errors';
import { collectSecrets } from './redact';
import { stripQuery } from './resilientTransport';
import { formatWait } from './retry';
import {
	isIdempotent,
	type HttpRequest,
	type HttpResponse,
	type RetrySummary,
	type Transport,
} from './transport';

export interface VendorErrorRules {
	vendorName: string;
	/** The vendor's own message from an error body, in whatever envelope it uses. */
	extractMessage(body: unknown): string | undefined;
	/**
	 * Refines the kind from the vendor's message where the status alone misleads (e.g. a 400 that
	 * says "already exists"). Return undefined to keep the status's kind.
	 */
	classify?(
		status: number,
		vendorMessage: string | undefined,
		body: unknown,
	): LmsErrorKind | undefined;
	/** Hints that say what to do, per kind, in this vendor's words. */
	hints?: Partial<Record<LmsErrorKind, string>>;
}

/** Sends requests through a transport and turns every non-2xx answer into an `LmsError`. */
export class ApiClient {
	constructor(
		readonly transport: Transport,
		private readonly rules: VendorErrorRules,
	) {}

	/** The response of a successful (2xx) call; throws `LmsError` otherwise. */
	async send(request: HttpRequest): Promise<HttpResponse> {
		const response = await this.transport.send(request);
		if (response.status >= 200 && response.status < 300) return response;
		throw this.toError(request, response);
	}

	/** Like `send`, but returns the body. */
	async call<T = unknown>(request: HttpRequest): Promise<T> {
		return (await this.send(request)).body as T;
	}

	toError(request: HttpRequest, response: HttpResponse): LmsError {
		const vendorMessage = this.rules.extractMessage(response.body) ?? describeBody(response.body);
		const kind =
			this.rules.classify?.(response.status, vendorMessage, response.body) ??
			kindForStatus(response.status);
		const outcomeUnknown = response.status >= 500 && !isIdempotent(request);
		const summary = vendorMessage ? `: ${vendorMessage}` : '';
		const { retried } = response;
		const tried =
			retried && retried.attempts > 1
				? ` (still, after ${retried.attempts} attempts over ${formatWait(retried.waitedMs)})`
				: '';
		return new LmsError({
			kind,
			status: response.status,
			message: `${this.rules.vendorName} answered ${response.status}${summary}${tried}`,
			vendorMessage,
			hint: outcomeUnknown
				? 'The LMS failed while handling a change, so it may or may not have been applied. Check before repeating it.'
				: retried
					? gaveUpHint(this.rules.vendorName, retried)
					: this.rules.hints?.[kind],
			request: `${request.method} ${stripQuery(request.url)}`,
			outcomeUnknown,
			secrets: collectSecrets({ headers: request.headers, body: request.body ?? request.form }),
		});
	}
}

/** Why the retries stopped, how long the item waited, and that running it again is safe. */
function gaveUpHint(vendorName: string, retried: RetrySummary): string {
	const limit = `the node's "Max Wait When Throttled" (${formatWait(retried.maxTotalWaitMs)})`;
	const waitedFor =
		retried.waitedMs > 0
			? `for ${formatWait(retried.waitedMs)}, and the next wait (${formatWait(retried.nextWaitMs)}) would pass ${limit}`
			: `to wait ${formatWait(retried.nextWaitMs)}, longer than ${limit}`;
	if (retried.reason === 'rateLimited') {
		return `${vendorName} kept asking to slow down (429) ${retried.waitedMs > 0 ? waitedFor : `and asked ${waitedFor}`}. A 429 changes nothing in the LMS, so running the item again is safe; raise the option, or run when the LMS is less busy.`;
	}
	if (retried.reason === 'unavailable') {
		return `${vendorName} stayed unavailable ${retried.waitedMs > 0 ? waitedFor : `and asked ${waitedFor}`}. The call repeats harmlessly, so running the item again is safe once the LMS is back.`;
	}
	return `${vendorName} failed the same call ${retried.attempts} times. The call repeats harmlessly, so running the item again is safe; if it keeps failing, contact the LMS's support.`;
}

/** A short, safe description of a body that had no recognisable message (HTML pages, junk). */
function describeBody(body: unknown): string | undefined {
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body === 'string') {
		if (/<html|<!doctype/i.test(body)) return 'an HTML error page instead of an API answer';
		return body.length > 200 ? `${body.slice(0, 200)}…` : body;
	}
	return undefined;
}
