import type {
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import {
	buildQuery,
	ConnectionError,
	isLmsError,
	lowerCaseHeaders,
	type LmsError,
	type LmsErrorKind,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '../core';

const TRANSIENT_KINDS: ReadonlySet<LmsErrorKind> = new Set(['rateLimited', 'unavailable']);

type RequestingContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

interface ThrownHttpError {
	cause?: ThrownHttpError;
	response?: { status?: number; headers?: Record<string, unknown>; data?: unknown; body?: unknown };
	httpCode?: string | null;
	context?: { data?: unknown };
	code?: string;
	message?: string;
}

/**
 * The transport inside n8n: the host's authenticated request helper, so proxies, credential
 * `authenticate`, `preAuthentication` token caching and its refresh on 401 all apply. HTTP error
 * statuses come back as responses; the helper throws them, so they are unwrapped here.
 */
export class N8nTransport implements Transport {
	constructor(
		private readonly context: RequestingContext,
		private readonly credentialType: string,
	) {}

	async send(request: HttpRequest): Promise<HttpResponse> {
		const options: IHttpRequestOptions = {
			method: request.method as IHttpRequestMethods,
			url: request.url + buildQuery(request.query),
			headers: { accept: 'application/json', ...request.headers },
			returnFullResponse: true,
			json: true,
		};
		if (request.form) {
			options.headers = { ...options.headers, 'content-type': 'application/x-www-form-urlencoded' };
			options.body = request.form;
		} else if (request.body !== undefined) {
			options.headers = { ...options.headers, 'content-type': 'application/json' };
			options.body = request.body as IHttpRequestOptions['body'];
		}
		try {
			const response = (await this.context.helpers.httpRequestWithAuthentication.call(
				this.context,
				this.credentialType,
				options,
			)) as {
				statusCode?: number;
				status?: number;
				headers?: Record<string, unknown>;
				body?: unknown;
			};
			return {
				status: response.statusCode ?? response.status ?? 200,
				headers: lowerCaseHeaders(response.headers),
				body: parseBody(response.body),
			};
		} catch (error) {
			// The credential's own token call (preAuthentication) refused us: the request was never
			// sent, and the credential already said why, redacted. Not a lost connection. A throttled
			// or failing token call goes on below and is retried like any other.
			const refusal = findLmsError(error);
			if (refusal && !TRANSIENT_KINDS.has(refusal.kind)) throw refusal;
			const answered = findResponse(error as ThrownHttpError);
			if (answered) return answered;
			const root = rootCause(error as ThrownHttpError);
			// The core's resilience layer handles ConnectionError; it never reaches n8n as such.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			throw new ConnectionError(root.message ?? 'connection failed', root.code);
		}
	}
}

function findLmsError(error: unknown): LmsError | undefined {
	let current = error as ThrownHttpError | undefined;
	for (let depth = 0; current && depth < 5; current = current.cause, depth++) {
		if (isLmsError(current)) return current;
	}
	return undefined;
}

function findResponse(error: ThrownHttpError): HttpResponse | undefined {
	for (
		let current: ThrownHttpError | undefined = error, depth = 0;
		current && depth < 5;
		current = current.cause, depth++
	) {
		const status = current.response?.status;
		if (typeof status === 'number') {
			return {
				status,
				headers: lowerCaseHeaders(current.response?.headers),
				body: parseBody(current.response?.data ?? current.response?.body),
			};
		}
	}
	return fromN8n1ApiError(error);
}

/**
 * n8n 1.x's NodeApiError loses its cause (a class field resets `cause` after the constructor
 * set it), so the HTTP client's error with its response is gone. What survives is the status
 * as `httpCode` and an object body as `context.data`; the headers do not, so a Retry-After on
 * an error answer goes unseen there and backoff applies instead. `httpCode` also holds codes
 * like ECONNREFUSED for lost connections: only a 3-digit status is an answer. 2.x keeps the
 * cause, read above.
 */
function fromN8n1ApiError(error: ThrownHttpError): HttpResponse | undefined {
	const code = error.httpCode;
	if (error.cause !== undefined || typeof code !== 'string' || !/^[1-5]\d\d$/.test(code))
		return undefined;
	return { status: Number(code), headers: {}, body: parseBody(error.context?.data) };
}

function rootCause(error: ThrownHttpError): ThrownHttpError {
	let current = error;
	for (let depth = 0; current.cause && depth < 5; depth++) current = current.cause;
	return current;
}

function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body === '' ? undefined : body;
	if (body === '') return undefined;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}
