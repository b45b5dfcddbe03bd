import {
	ApiClient,
	isLmsError,
	joinUrl,
	LmsError,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '../../core';
import { learnUponErrorRules } from './errors';
import { recordsOf, type Json } from './mapping';
import { RateBudgetTransport, type RateBudget } from './rateBudget';

/** LearnUpon's fixed page size. */
export const PAGE_SIZE = 500;
const MAX_PAGES = 10_000;

/**
 * LearnUpon's HTTP plumbing, shared by the adapter and its bulk enrollment: paths below the API
 * base, its error rules, the budget headers it reports and its paging.
 */
export class LearnUponApi {
	private readonly client: ApiClient;
	private readonly budgetTransport: RateBudgetTransport;

	constructor(
		private readonly apiBase: string,
		transport: Transport,
	) {
		this.budgetTransport = new RateBudgetTransport(transport);
		this.client = new ApiClient(this.budgetTransport, learnUponErrorRules);
	}

	/** The portal's remaining budget as LearnUpon last reported it. */
	get rateBudget(): Readonly<RateBudget> {
		return this.budgetTransport.budget;
	}

	private url(path: string): string {
		return joinUrl(this.apiBase, path);
	}

	async send(request: HttpRequest): Promise<HttpResponse> {
		try {
			return await this.client.send({ ...request, url: this.url(request.url) });
		} catch (error) {
			// A spent weekly budget does not come back within any retry: say so plainly.
			if (isLmsError(error, 'rateLimited') && this.rateBudget.remainingWeek === 0) {
				throw new LmsError({
					kind: 'rateLimited',
					status: error.status,
					message: `${error.message} (the portal's weekly API budget is used up)`,
					vendorMessage: error.vendorMessage,
					request: error.request,
					hint: 'LearnUpon reports no API calls left this week for this portal. Wait for the weekly budget to renew or ask LearnUpon support to raise it.',
				});
			}
			throw error;
		}
	}

	async get(path: string, query?: HttpRequest['query']): Promise<HttpResponse> {
		return this.send({ method: 'GET', url: path, query });
	}

	/** A GET that answers 404 for "nothing there" (LearnUpon's searches do). */
	async getOrNone(path: string, query?: HttpRequest['query']) {
		try {
			return await this.get(path, query);
		} catch (error) {
			if (isLmsError(error, 'notFound')) return undefined;
			throw error;
		}
	}

	/**
	 * Every record of a paged listing. `LU-Has-Next-Page` decides; where an endpoint leaves it out,
	 * a full page means "maybe more", and a page that repeats the previous one ends it.
	 */
	async *pages(
		path: string,
		key: string,
		query: HttpRequest['query'] = {},
		options: { notFoundIsEmpty?: boolean } = {},
	): AsyncGenerator<Json> {
		let previous: string | undefined;
		for (let page = 1; page <= MAX_PAGES; page++) {
			const response = options.notFoundIsEmpty
				? await this.getOrNone(path, { ...query, page })
				: await this.get(path, { ...query, page });
			if (!response) return;
			const records = recordsOf(response.body, key);
			const signature = records.map((record) => String(record.id)).join(',');
			if (records.length === 0 || signature === previous) return;
			previous = signature;
			yield* records;
			const header = response.headers['lu-has-next-page'];
			const hasNext =
				header !== undefined ? header.trim().toLowerCase() === 'true' : records.length >= PAGE_SIZE;
			if (!hasNext) return;
		}
	}
}
