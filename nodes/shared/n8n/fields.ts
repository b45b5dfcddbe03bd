import type { INodeProperties } from 'n8n-workflow';

import type { VendorDefinition } from '../core';

/** Reusable field definitions; the description factory adds displayOptions per operation. */

export function userLocator(description: string): INodeProperties {
	return {
		displayName: 'User',
		name: 'user',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By Email',
				name: 'email',
				type: 'string',
				placeholder: 'jane.doe@example.com',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
							errorMessage: 'Not a valid email address',
						},
					},
				],
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: '12345' },
		],
	};
}

/**
 * A picker with search (n8n's `list` mode, served by the node's `searchListMethod`) or an ID
 * typed in: how every course, group, product and seat field is asked for.
 */
export function listOrIdLocator(spec: {
	displayName: string;
	name: string;
	description: string;
	searchListMethod: string;
	idPlaceholder?: string;
	required?: boolean;
}): INodeProperties {
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: spec.required ?? true,
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				...(spec.idPlaceholder ? { placeholder: spec.idPlaceholder } : {}),
			},
		],
	};
}

export function courseLocator(
	name = 'course',
	displayName = 'Course',
	required = true,
): INodeProperties {
	return listOrIdLocator({
		displayName,
		name,
		required,
		description: 'The course, picked from the list or given by its ID',
		searchListMethod: 'searchCourses',
		idPlaceholder: '101',
	});
}

export function groupLocator(): INodeProperties {
	return listOrIdLocator({
		displayName: 'Group',
		name: 'group',
		description: 'The group, picked by name from the list or given by its ID',
		searchListMethod: 'searchGroups',
		idPlaceholder: '7',
	});
}

export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

export const emailField: INodeProperties = {
	displayName: 'Email',
	name: 'email',
	type: 'string',
	placeholder: 'name@email.com',
	default: '',
	required: true,
	description: "The user's email address; it is also how an existing user is recognised",
};

/** Masked in the editor. */
export function passwordField(description: string): INodeProperties {
	return {
		displayName: 'Password',
		name: 'password',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description,
	};
}

export const firstNameField: INodeProperties = {
	displayName: 'First Name',
	name: 'firstName',
	type: 'string',
	default: '',
	required: true,
};

export const lastNameField: INodeProperties = {
	displayName: 'Last Name',
	name: 'lastName',
	type: 'string',
	default: '',
	required: true,
};

/** The key hint comes from the vendor: each LMS names its custom fields its own way. */
export function customFieldsField(vendor: VendorDefinition): INodeProperties {
	const keyConvention = vendor.notes?.['user.customFields'];
	return {
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Custom Field',
		description: `Extra profile fields to set on the user in ${vendor.name}; each key must already exist there`,
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						description: keyConvention
							? `The field's key in ${vendor.name}. ${keyConvention}`
							: `The field's key in ${vendor.name}`,
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'The value to store in that field, as text',
					},
				],
			},
		],
	};
}

export const MAX_WAIT_PARAMETER = 'maxWaitMinutes';

/**
 * How long one call keeps waiting while the LMS says "slow down" (429) or is out of reach, before
 * its item fails. Every operation has it: the wait is per call, not per item count.
 */
export function maxWaitField(defaultMinutes: number): INodeProperties {
	return {
		displayName: 'Max Wait When Throttled (Minutes)',
		name: MAX_WAIT_PARAMETER,
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 1 },
		default: defaultMinutes,
		description:
			'How long one call may keep waiting and retrying while the LMS answers 429 (too many requests) or cannot be reached, before its item fails with an error that says so. Nothing is changed by a refused call, so running the item again is safe.',
	};
}

export const QUOTA_CHECK_PARAMETER = 'quotaCheck';
export type QuotaCheck = 'stop' | 'warn' | 'off';

/** For vendors that report a call quota: what to do when a run needs more calls than are left. */
export function quotaCheckField(quotaName: string): INodeProperties {
	return {
		displayName: 'When Calls Left Are Too Few',
		name: QUOTA_CHECK_PARAMETER,
		type: 'options',
		options: [
			{
				name: "Don't Check",
				value: 'off',
				description: 'Run without reading the quota first',
			},
			{
				name: 'Stop Before Any Call',
				value: 'stop',
				description:
					'Fail the run before anything is sent, saying how many calls it needs and how many are left',
			},
			{
				name: 'Warn and Run',
				value: 'warn',
				description:
					'Run anyway and show a warning with the same numbers; items past the quota wait or fail as the quota allows',
			},
		],
		default: 'stop',
		description: `Before the first call, the node reads the ${quotaName} (a free call) and compares it with the calls this run needs at least (one per item)`,
	};
}
