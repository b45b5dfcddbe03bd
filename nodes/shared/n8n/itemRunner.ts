import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { redactValue, type VendorDefinition } from '../core';
import { connect, type Connection } from './connect';
import { findOperation } from './description';
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
	for (const item of prepared) {
		const pairedItem = { item: item.index };
		if (item.error !== undefined) {
			output.push({ json: errorToJson(item.error, connection.secrets), pairedItem });
			continue;
		}
		try {
			const result = await run(connection.adapter, item.input, vendor);
			for (const json of Array.isArray(result) ? result : [result]) {
				output.push({ json: redactValue(json, connection.secrets) as IDataObject, pairedItem });
			}
		} catch (error) {
			if (!continueOnFail)
				throw toNodeError(node, error, item.index, item.label, connection.secrets);
			output.push({
				json: { ...errorToJson(error, connection.secrets), item: item.label ?? null },
				pairedItem,
			});
		}
	}
	return [output];
}
