/**
 * The call-quota check before a run: a budget that cannot cover the run stops it with the numbers;
 * calls spent in a window that renews within the run's Max Wait are waited out by the pace.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { CallQuota, LmsAdapter, VendorDefinition } from '../../../nodes/shared/core';
import { checkCallQuota } from '../../../nodes/shared/n8n/quota';

const vendor = { name: 'TalentLMS', callQuotaName: 'hourly call quota' } as VendorDefinition;

function context(): IExecuteFunctions {
	return {
		getInputData: () => [],
		getNode: () => ({ name: 'TalentLMS' }),
		getNodeParameter: (_name: string, _item: number, fallback: unknown) => fallback,
		addExecutionHints: jest.fn(),
	} as unknown as IExecuteFunctions;
}

const adapterWith = (quota: CallQuota) =>
	({ callQuota: async () => quota }) as unknown as LmsAdapter;

describe('checkCallQuota', () => {
	it('stops when an hourly budget renewing in 40 minutes cannot cover the run', async () => {
		const quota = { limit: 2000, remaining: 10, resetAt: Date.now() + 40 * 60_000 };
		await expect(checkCallQuota(context(), vendor, adapterWith(quota), 12)).rejects.toThrow(
			/needs at least 12 TalentLMS calls .* 10 of the hourly call quota of 2000 are left/,
		);
	});

	it('runs when the calls it lacks were spent in a window that renews in seconds', async () => {
		const quota = { limit: 200, remaining: 10, resetAt: Date.now() + 3_000 };
		await expect(
			checkCallQuota(context(), vendor, adapterWith(quota), 60),
		).resolves.toBeUndefined();
	});

	it('stops when even an unspent window is too small, since waiting frees nothing', async () => {
		const quota = { limit: 10, remaining: 10, resetAt: Date.now() };
		await expect(checkCallQuota(context(), vendor, adapterWith(quota), 12)).rejects.toThrow(
			/needs at least 12/,
		);
	});
});
