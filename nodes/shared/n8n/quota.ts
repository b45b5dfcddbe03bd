import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { LmsAdapter, VendorDefinition } from '../core';
import { maxWaitMsOf } from './connect';
import { QUOTA_CHECK_PARAMETER, type QuotaCheck } from './fields';

/**
 * Before the first call of a run: when the vendor reports a call quota and the run needs more
 * calls than are left (at least one per item), stop with the numbers (nothing spent) or warn and
 * run, as the node's "When Calls Left Are Too Few" says. A quota that cannot be read does not
 * hold the run up: 429s are still waited out.
 */
export async function checkCallQuota(
	context: IExecuteFunctions,
	vendor: VendorDefinition,
	adapter: LmsAdapter,
	callsNeeded: number,
): Promise<void> {
	if (!vendor.callQuotaName || !adapter.callQuota || callsNeeded === 0) return;
	const mode = context.getNodeParameter(QUOTA_CHECK_PARAMETER, 0, 'stop') as QuotaCheck;
	if (mode === 'off') return;
	const quota = await adapter.callQuota().catch(() => undefined);
	if (!quota || quota.remaining >= callsNeeded) return;
	// Calls already spent that come back within the run's Max Wait are a rate window the pace
	// waits out (TalentLMS's /ratelimit can report its 200-per-5-s window while other executions
	// use it), not a budget this run would use up.
	const renewsSoon =
		quota.resetAt !== undefined && quota.resetAt - Date.now() <= maxWaitMsOf(context);
	if (renewsSoon && quota.remaining < quota.limit) return;
	const renews =
		quota.resetAt !== undefined && quota.resetAt > Date.now()
			? `it renews at ${new Date(quota.resetAt).toISOString()}`
			: `${vendor.name} did not say when it renews`;
	const message = `This run needs at least ${callsNeeded} ${vendor.name} calls (one per item), and ${quota.remaining} of the ${vendor.callQuotaName} of ${quota.limit} are left; ${renews}`;
	if (mode === 'stop') {
		throw new NodeOperationError(context.getNode(), message, {
			description:
				'Nothing was sent. Run fewer items, run after the quota renews, or set "When Calls Left Are Too Few" to "Warn and Run".',
		});
	}
	context.addExecutionHints({ message, type: 'warning', location: 'outputPane' });
}
