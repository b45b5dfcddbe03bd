import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { Capability, LmsAdapter, VendorDefinition } from '../../core';

/** Reads one item's parameters; every accessor validates and names the field on failure. */
export interface ParamReader {
	readonly itemIndex: number;
	raw(name: string, fallback?: unknown): unknown;
}

export interface OperationSpec<Input = unknown> {
	resource: string;
	/** Operation value as stored in the workflow. */
	value: string;
	name: string;
	action: string;
	description: string;
	/** Every capability it needs; the operation is offered only when the adapter has them all. */
	requires: Capability[];
	fields(vendor: VendorDefinition): INodeProperties[];
	/** Validates and converts one item's parameters before any call is made. */
	read(params: ParamReader, vendor: VendorDefinition): Input;
	/** A short label for error messages (e.g. the email), from the validated input. */
	label?(input: Input): string | undefined;
	/** Runs one item. */
	run?(
		adapter: LmsAdapter,
		input: Input,
		vendor: VendorDefinition,
	): Promise<IDataObject | IDataObject[]>;
	/**
	 * Runs all items at once (bulk endpoints, roster sync). Each result names the input item it
	 * belongs to, or none for results about the whole batch (a summary).
	 */
	runBatch?(
		adapter: LmsAdapter,
		inputs: Array<{ itemIndex: number; input: Input }>,
		vendor: VendorDefinition,
	): Promise<BatchResult[]>;
}

export interface BatchResult {
	json: IDataObject;
	itemIndex?: number;
}

export interface ResourceSpec {
	value: string;
	name: string;
	description: string;
}

export function defineOperation<Input>(spec: OperationSpec<Input>): OperationSpec<unknown> {
	return spec as OperationSpec<unknown>;
}
