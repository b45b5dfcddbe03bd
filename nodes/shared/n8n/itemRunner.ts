import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import { redactValue, runKeyed, type VendorDefinition } from '../core';
import { connect, type Connection } from './connect';
import { findOperation } from './description';
import { checkCallQuota } from './quota';
import { credentialError, errorToJson, toNodeError } from './errors';
import type { OperationSpec, ParamReader } from './operations/types';

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
		return [withoutConnection(prepared, refused)];
	}
	const run = { node, vendor, operation, prepared, connection, continueOnFail };
	if (operation.runBatch) return [await runAsBatch(run)];
	await checkCallQuota(this, vendor, connection.adapter, validOf(prepared).length);
	return [await runPerItem(run)];
}

interface ActionRun {
	node: INode;
	vendor: VendorDefinition;
	operation: OperationSpec;
	prepared: PreparedItem[];
	connection: Connection;
	continueOnFail: boolean;
}

const validOf = (prepared: PreparedItem[]) => prepared.filter((item) => item.error === undefined);

/** Continue On Fail without a connection: each item says why it did not run. */
function withoutConnection(prepared: PreparedItem[], refused: unknown): INodeExecutionData[] {
	return prepared.map((item) => ({
		json:
			item.error !== undefined
				? errorToJson(item.error, [])
				: { ...errorToJson(refused, []), errorKind: 'credential' },
		pairedItem: { item: item.index },
	}));
}

/**
 * One call for all valid items (bulk enroll): its results name their items, or pair with all of
 * them; invalid items come first as error items.
 */
async function runAsBatch(run: ActionRun): Promise<INodeExecutionData[]> {
	const { node, vendor, operation, prepared, connection, continueOnFail } = run;
	const { secrets } = connection;
	const output: INodeExecutionData[] = prepared
		.filter((item) => item.error !== undefined)
		.map((item) => ({ json: errorToJson(item.error, secrets), pairedItem: { item: item.index } }));
	const valid = validOf(prepared);
	const everyValid = valid.map((item) => ({ item: item.index }));
	try {
		const results = await operation.runBatch!(
			connection.adapter,
			valid.map((item) => ({ itemIndex: item.index, input: item.input })),
			vendor,
		);
		for (const result of results) {
			output.push({
				json: redactValue(result.json, secrets) as IDataObject,
				pairedItem: result.itemIndex === undefined ? everyValid : { item: result.itemIndex },
			});
		}
	} catch (error) {
		if (!continueOnFail) throw toNodeError(node, error, valid[0]?.index ?? 0, 'batch', secrets);
		output.push({ json: errorToJson(error, secrets), pairedItem: everyValid });
	}
	return output;
}

/**
 * One call (or a few) per item, in item order in the output. Items for different users overlap
 * (the pacer keeps the rate); one user's items never do.
 */
async function runPerItem(run: ActionRun): Promise<INodeExecutionData[]> {
	const { node, vendor, operation, prepared, connection, continueOnFail } = run;
	const { secrets } = connection;
	const perItem = operation.run;
	if (!perItem) throw new NodeOperationError(node, `"${operation.name}" has nothing to run`);
	const valid = validOf(prepared);
	const outcomes = await runKeyed(
		valid,
		{
			limit: valid.every((item) => userKeyOf(item.input) !== undefined)
				? connection.itemsInFlight
				: 1,
			keyOf: (item) => userKeyOf(item.input),
			stopOnError: !continueOnFail,
		},
		(item) => perItem(connection.adapter, item.input, vendor),
	);
	const firstFailure = valid.findIndex((_item, i) => outcomes[i]?.ok === false);
	if (firstFailure >= 0 && !continueOnFail) {
		const item = valid[firstFailure];
		const outcome = outcomes[firstFailure] as { error: unknown };
		throw toNodeError(node, outcome.error, item.index, item.label, secrets);
	}
	const outcomeOf = new Map(valid.map((item, i) => [item.index, outcomes[i]]));
	const output: INodeExecutionData[] = [];
	for (const item of prepared) {
		const pairedItem = { item: item.index };
		const outcome = outcomeOf.get(item.index);
		if (item.error !== undefined) {
			output.push({ json: errorToJson(item.error, secrets), pairedItem });
		} else if (outcome?.ok) {
			const result = outcome.value;
			for (const json of Array.isArray(result) ? result : [result])
				output.push({ json: redactValue(json, secrets) as IDataObject, pairedItem });
		} else if (outcome) {
			output.push({
				json: { ...errorToJson(outcome.error, secrets), item: item.label ?? null },
				pairedItem,
			});
		}
	}
	return output;
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
