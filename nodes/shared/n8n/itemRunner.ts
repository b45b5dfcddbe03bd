import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { redactValue, runKeyed, type VendorDefinition } from '../core';
import { connect, type Connection } from './connect';
import { findOperation } from './description';
import { checkCallQuota } from './quota';
import { credentialError, errorToJson, toNodeError } from './errors';
import type { ParamReader } from './operations/types';

interface PreparedItem {
	index: number;
	input?: unknown;
	label?: string;
	error?: unknown;
}

/**
 * Runs the chosen operation for every input item. All items are validated before the first call,
 * so bad input stops the run before anything is written; then items run in order, each result
 * paired with its item. With "Continue On Fail" a failed item becomes an error item and the rest go on.
 */
export async function runActionNode(
	this: IExecuteFunctions,
	vendor: VendorDefinition,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationValue = this.getNodeParameter('operation', 0) as string;
	const operation = findOperation(vendor, resource, operationValue);
	if (!operation) {
		throw new NodeOperationError(
			node,
			`${vendor.name} does not offer "${resource} › ${operationValue}"`,
			{
				description:
					'Pick an operation from the list; this one may come from a newer or different node.',
			},
		);
	}
	const continueOnFail = this.continueOnFail();

	const prepared: PreparedItem[] = items.map((_item, index) => {
		const params: ParamReader = {
			itemIndex: index,
			raw: (name, fallback) => this.getNodeParameter(name, index, fallback),
		};
		try {
			const input = operation.read(params, vendor);
			return { index, input, label: operation.label?.(input) };
		} catch (error) {
			return { index, error };
		}
	});
	const firstInvalid = prepared.find((item) => item.error !== undefined);
	if (firstInvalid && !continueOnFail) {
		throw toNodeError(node, firstInvalid.error, firstInvalid.index, undefined, []);
	}

	let connection: Connection;
	try {
		connection = await connect(this, vendor);
	} catch (error) {
		// Without a connection no item can run. connect() has already redacted and worded it.
		const refused = credentialError(node, vendor, error, []);
		if (!continueOnFail) throw refused;
		return [
			prepared.map((item) => ({
				json:
					item.error !== undefined
						? errorToJson(item.error, [])
						: { ...errorToJson(refused, []), errorKind: 'credential' },
				pairedItem: { item: item.index },
			})),
		];
	}
	const output: INodeExecutionData[] = [];
	if (operation.runBatch) {
		for (const item of prepared) {
			if (item.error !== undefined) {
				output.push({
					json: errorToJson(item.error, connection.secrets),
					pairedItem: { item: item.index },
				});
			}
		}
		const valid = prepared.filter((item) => item.error === undefined);
		try {
			const results = await operation.runBatch(
				connection.adapter,
				valid.map((item) => ({ itemIndex: item.index, input: item.input })),
				vendor,
			);
			for (const result of results) {
				output.push({
					json: redactValue(result.json, connection.secrets) as IDataObject,
					pairedItem:
						result.itemIndex === undefined
							? valid.map((item) => ({ item: item.index }))
							: { item: result.itemIndex },
				});
			}
		} catch (error) {
			if (!continueOnFail)
				throw toNodeError(node, error, valid[0]?.index ?? 0, 'batch', connection.secrets);
			output.push({
				json: errorToJson(error, connection.secrets),
				pairedItem: valid.map((item) => ({ item: item.index })),
			});
		}
		return [output];
	}
	const run = operation.run;
	if (!run) throw new NodeOperationError(node, `"${operation.name}" has nothing to run`);
	const valid = prepared.filter((item) => item.error === undefined);
	await checkCallQuota(this, vendor, connection.adapter, valid.length);
	// Items for different users overlap (the pacer keeps the rate); one user's items never do.
	const outcomes = await runKeyed(
		valid,
		{
			limit: valid.every((item) => userKeyOf(item.input) !== undefined)
				? connection.itemsInFlight
				: 1,
			keyOf: (item) => userKeyOf(item.input),
			stopOnError: !continueOnFail,
		},
		(item) => run(connection.adapter, item.input, vendor),
	);
	const firstFailure = valid.findIndex((_item, i) => outcomes[i]?.ok === false);
	if (firstFailure >= 0 && !continueOnFail) {
		const item = valid[firstFailure];
		const outcome = outcomes[firstFailure] as { error: unknown };
		throw toNodeError(node, outcome.error, item.index, item.label, connection.secrets);
	}
	const outcomeOf = new Map(valid.map((item, i) => [item.index, outcomes[i]]));
	for (const item of prepared) {
		const pairedItem = { item: item.index };
		if (item.error !== undefined) {
			output.push({ json: errorToJson(item.error, connection.secrets), pairedItem });
			continue;
		}
		const outcome = outcomeOf.get(item.index);
		if (outcome?.ok) {
			const result = outcome.value;
			for (const json of Array.isArray(result) ? result : [result]) {
				output.push({ json: redactValue(json, connection.secrets) as IDataObject, pairedItem });
			}
		} else if (outcome) {
			output.push({
				json: { ...errorToJson(outcome.error, connection.secrets), item: item.label ?? null },
				pairedItem,
			});
		}
	}
	return [output];
}

/**
 * The user an item acts on (a reference or a new user's email), so two items for one user run one
 * after the other: find-or-create cannot race itself into a duplicate, and read-modify-write
 * operations (tags kept in custom fields) cannot lose an update. Operations whose items name no
 * user run one item at a time.
 */
function userKeyOf(input: unknown): string | undefined {
	const value = input as { by?: unknown; value?: unknown; ref?: unknown; email?: unknown } | null;
	if (!value || typeof value !== 'object') return undefined;
	const ref = (
		typeof value.by === 'string' ? value : (value.ref as { by?: unknown; value?: unknown })
	) as { by?: unknown; value?: unknown } | undefined;
	if (ref && typeof ref.value === 'string') return `user:${ref.value.toLowerCase()}`;
	if (typeof value.email === 'string') return `user:${value.email.toLowerCase()}`;
	return undefined;
}
