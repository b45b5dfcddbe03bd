import type { IDataObject } from 'n8n-workflow';

import { collect, type Capability, type LmsAdapter } from '../../core';
import { limitField, returnAllField } from '../fields';
import { readLimit } from './params';
import { defineOperation, type OperationSpec } from './types';

/** "Get Many" of a catalog resource (courses, groups, seats): all of one listing, or up to Limit. */
export function getManyOperation<T>(spec: {
	resource: string;
	/** Plural, lower case, as the action reads: "Get many courses". */
	things: string;
	requires: Capability;
	list(adapter: LmsAdapter): AsyncIterable<T>;
	toJson(record: T): IDataObject;
}): OperationSpec<unknown> {
	return defineOperation<{ limit: number }>({
		resource: spec.resource,
		value: 'getMany',
		name: 'Get Many',
		action: `Get many ${spec.things}`,
		description: `List ${spec.things}`,
		requires: [spec.requires],
		fields: () => [returnAllField, limitField],
		read: (params) => ({ limit: readLimit(params) }),
		run: async (adapter, input) =>
			(await collect(spec.list(adapter), input.limit)).map((record) => spec.toJson(record)),
	});
}
