import axios, { type AxiosInstance } from 'axios';
import http from 'node:http';

import {
	buildQuery,
	ConnectionError,
	encodeForm,
	lowerCaseHeaders,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '../../nodes/shared/core';

/** Adds auth to a request outside n8n; `refresh` is true after a 401, to renew a token once. */
export type Authorizer = (request: HttpRequest, refresh: boolean) => Promise<Record<string, string>>;

/**
 * The transport for code that runs outside n8n (sandbox tools, benchmarks, adapter tests):
 * axios with keep-alive. Mirrors n8n's helper: auth added per request, one re-auth on 401.
 */
export class AxiosTransport implements Transport {
	private readonly client: AxiosInstance;
	requests = 0;

	constructor(private readonly authorize?: Authorizer) {
		this.client = axios.create({
			httpAgent: new http.Agent({ keepAlive: true, maxSockets: 16 }),
			validateStatus: () => true,
			responseType: 'text',
			transformResponse: (data: unknown) => data,
			timeout: 60_000,
		});
	}

	async send(request: HttpRequest): Promise<HttpResponse> {
		let response = await this.once(request, false);
		if (response.status === 401 && this.authorize) response = await this.once(request, true);
		return response;
	}

	private async once(request: HttpRequest, refresh: boolean): Promise<HttpResponse> {
		const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
		if (this.authorize) Object.assign(headers, await this.authorize(request, refresh));
		let data: string | undefined;
		if (request.form) {
			headers['content-type'] = 'application/x-www-form-urlencoded';
			data = encodeForm(request.form);
		} else if (request.body !== undefined) {
			headers['content-type'] = 'application/json';
			data = JSON.stringify(request.body);
		}
		this.requests++;
		try {
			const response = await this.client.request<string>({
				method: request.method,
				url: request.url + buildQuery(request.query),
				headers,
				data,
			});
			return {
				status: response.status,
				headers: lowerCaseHeaders(response.headers as Record<string, unknown>),
				body: parse(response.data),
			};
		} catch (error) {
			const err = error as { code?: string; message?: string };
			throw new ConnectionError(err.message ?? 'connection failed', err.code);
		}
	}
}

function parse(text: string | undefined): unknown {
	if (text === undefined || text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
