/**
 * The three pagination shapes the LMSs use, as async iterators over items, so callers stream a
 * 100,000-user listing page by page instead of holding it.
 */

/** Hard stop against a vendor that never signals the end. */
const MAX_PAGES = 100_000;

/** Pages until one comes back empty (or shorter than a full page, when the size is known). */
export async function* pageUntilEmpty<T>(options: {
	fetchPage: (page: number) => Promise<T[]>;
	firstPage?: number;
	pageSize?: number;
}): AsyncGenerator<T> {
	const first = options.firstPage ?? 1;
	for (let page = first; page < first + MAX_PAGES; page++) {
		const items = await options.fetchPage(page);
		if (items.length === 0) return;
		yield* items;
		if (options.pageSize !== undefined && items.length < options.pageSize) return;
	}
}

/** Pages while the answer says there is a next one (e.g. a `Has-Next-Page` header). */
export async function* pageWithHasNext<T>(options: {
	fetchPage: (page: number) => Promise<{ items: T[]; hasNext: boolean }>;
	firstPage?: number;
}): AsyncGenerator<T> {
	const first = options.firstPage ?? 1;
	for (let page = first; page < first + MAX_PAGES; page++) {
		const { items, hasNext } = await options.fetchPage(page);
		yield* items;
		if (!hasNext || items.length === 0) return;
	}
}

/**
 * Pages up to `totalPages`. Some APIs answer a page past the end with the last page again, so
 * the total is the only trustworthy stop; a page identical to the previous one stops too, in
 * case the total changes while we read.
 */
export async function* pageWithTotalPages<T>(options: {
	fetchPage: (page: number) => Promise<{ items: T[]; totalPages: number }>;
	identify: (item: T) => string;
	firstPage?: number;
}): AsyncGenerator<T> {
	const first = options.firstPage ?? 1;
	let previousKey: string | undefined;
	for (let page = first; page < first + MAX_PAGES; page++) {
		const { items, totalPages } = await options.fetchPage(page);
		if (items.length === 0) return;
		const key = items.map(options.identify).join('\u0000');
		if (key === previousKey) return;
		previousKey = key;
		yield* items;
		if (page >= totalPages) return;
	}
}

export async function collect<T>(iterable: AsyncIterable<T>, limit = Infinity): Promise<T[]> {
	const items: T[] = [];
	if (limit <= 0) return items;
	for await (const item of iterable) {
		items.push(item);
		if (items.length >= limit) break;
	}
	return items;
}
