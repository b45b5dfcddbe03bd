import {
	collect,
	pageUntilEmpty,
	pageWithHasNext,
	pageWithTotalPages,
} from '../../../nodes/shared/core';

/** 7 records split into pages of 3, fetched through a spy. */
const RECORDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const slice = (page: number, size = 3) => RECORDS.slice((page - 1) * size, page * size);

describe('pageUntilEmpty', () => {
	it('reads pages until an empty one', async () => {
		const fetchPage = jest.fn(async (page: number) => slice(page));
		expect(await collect(pageUntilEmpty({ fetchPage }))).toEqual(RECORDS);
		expect(fetchPage.mock.calls.map(([page]) => page)).toEqual([1, 2, 3, 4]);
	});

	it('stops after a short page when the page size is known, saving a call', async () => {
		const fetchPage = jest.fn(async (page: number) => slice(page));
		expect(await collect(pageUntilEmpty({ fetchPage, pageSize: 3 }))).toEqual(RECORDS);
		expect(fetchPage).toHaveBeenCalledTimes(3);
		const exact = jest.fn(async (page: number) =>
			RECORDS.slice(0, 6).slice((page - 1) * 3, page * 3),
		);
		await collect(pageUntilEmpty({ fetchPage: exact, pageSize: 3 }));
		expect(exact).toHaveBeenCalledTimes(3);
	});

	it('fetches no further than the caller reads', async () => {
		const fetchPage = jest.fn(async (page: number) => slice(page));
		expect(await collect(pageUntilEmpty({ fetchPage }), 2)).toEqual(['a', 'b']);
		expect(fetchPage).toHaveBeenCalledTimes(1);
	});
});

describe('pageWithHasNext', () => {
	it('follows the has-next flag and stops when it is false', async () => {
		const fetchPage = jest.fn(async (page: number) => ({ items: slice(page), hasNext: page < 3 }));
		expect(await collect(pageWithHasNext({ fetchPage }))).toEqual(RECORDS);
		expect(fetchPage).toHaveBeenCalledTimes(3);
	});

	it('stops on an empty page even if the flag says more', async () => {
		const fetchPage = jest.fn(async () => ({ items: [] as string[], hasNext: true }));
		expect(await collect(pageWithHasNext({ fetchPage }))).toEqual([]);
		expect(fetchPage).toHaveBeenCalledTimes(1);
	});
});

describe('pageWithTotalPages', () => {
	/** Like LearnWorlds: a page past the end answers with the last page again. */
	const repeatingLastPage = (totalPages: number) =>
		jest.fn(async (page: number) => ({ items: slice(Math.min(page, totalPages)), totalPages }));

	it('stops at totalPages and never returns the repeated last page', async () => {
		const fetchPage = repeatingLastPage(3);
		const items = await collect(pageWithTotalPages({ fetchPage, identify: (item) => item }));
		expect(items).toEqual(RECORDS);
		expect(fetchPage).toHaveBeenCalledTimes(3);
	});

	it('stops on a repeated page even when the total is wrong (records deleted while reading)', async () => {
		const fetchPage = jest.fn(async (page: number) => ({
			items: slice(Math.min(page, 3)),
			totalPages: 5,
		}));
		const items = await collect(pageWithTotalPages({ fetchPage, identify: (item) => item }));
		expect(items).toEqual(RECORDS);
		expect(fetchPage).toHaveBeenCalledTimes(4);
	});
});
