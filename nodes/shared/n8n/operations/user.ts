import type { INodeProperties } from 'n8n-workflow';

import {
	collect,
	createUserChecked,
	findOrCreateUser,
	getUser,
	optionalText,
	parseTagList,
	requireEmail,
	requireOperation,
	requireDate,
	requireText,
	USER_FIELD_LIMITS,
	type NewUser,
	type UserChanges,
	type UserListFilter,
	type UserRef,
	type VendorDefinition,
} from '../../core';
import {
	customFieldsField,
	emailField,
	firstNameField,
	lastNameField,
	limitField,
	passwordField,
	returnAllField,
	userLocator,
} from '../fields';
import { userJson } from './output';
import { readCustomFields, readLimit, readUserRef, refLabel } from './params';
import { defineOperation, type ParamReader } from './types';

function updatable(vendor: VendorDefinition, options: INodeProperties[]): INodeProperties[] {
	const left = new Set<string>(vendor.notUpdatable ?? []);
	return options.filter((option) => !left.has(option.name));
}

function newUserFields(vendor: VendorDefinition): INodeProperties[] {
	const options: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			description: 'Login name; defaults to the email where the LMS needs one',
		},
		passwordField(
			'Leave empty for single sign-on users; where the LMS requires a password, a strong random one is generated and never shown',
		),
		customFieldsField(vendor),
	];
	if (vendor.capabilities.has('tag.add')) {
		options.push({
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			placeholder: 'sales, emea',
			description: 'Comma-separated tags to give the new user',
		});
	}
	// Where the LMS keeps no names, the fields say so (roster rows and other LMSs still have them).
	const names = vendor.notes?.['user.names'];
	return [
		emailField,
		names ? { ...firstNameField, description: names } : firstNameField,
		names ? { ...lastNameField, description: names } : lastNameField,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	];
}

function readNewUser(params: ParamReader): NewUser {
	const extra = (params.raw('additionalFields', {}) ?? {}) as Record<string, unknown>;
	const tagsText = optionalText(extra.tags, 'Tags');
	return {
		email: requireEmail('Email', params.raw('email')),
		firstName: requireText('First Name', params.raw('firstName'), USER_FIELD_LIMITS.firstName),
		lastName: requireText('Last Name', params.raw('lastName'), USER_FIELD_LIMITS.lastName),
		username: optionalText(extra.username, 'Username', USER_FIELD_LIMITS.username),
		password: optionalText(extra.password, 'Password'),
		tags: tagsText ? parseTagList('Tags', tagsText) : undefined,
		customFields: readCustomFields(extra.customFields),
	};
}

/** Status always (checked again on every user); tags and date only where the LMS filters by them. */
function userListFilterFields(vendor: VendorDefinition): INodeProperties[] {
	const offered = vendor.userListFilters ?? [];
	const fields: INodeProperties[] = [];
	if (offered.includes('registeredAfter')) {
		fields.push({
			displayName: 'Registered After',
			name: 'registeredAfter',
			type: 'dateTime',
			default: '',
			description: `Only users who registered in ${vendor.name} after this time`,
		});
	}
	fields.push({
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'active',
		options: [
			{ name: 'Active', value: 'active' },
			{ name: 'Suspended', value: 'suspended' },
		],
		description: 'Only users with this status',
	});
	if (offered.includes('tags')) {
		fields.push({
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			placeholder: 'sales, emea',
			description: 'Comma-separated tags; users with any of them are returned',
		});
	}
	return fields;
}

function readUserListFilter(params: ParamReader, vendor: VendorDefinition): UserListFilter {
	const filters = (params.raw('filters', {}) ?? {}) as Record<string, unknown>;
	const offered = vendor.userListFilters ?? [];
	const filter: UserListFilter = {};
	if (filters.status === 'active' || filters.status === 'suspended') filter.status = filters.status;
	const tags = offered.includes('tags') ? optionalText(filters.tags) : undefined;
	if (tags) filter.tags = parseTagList('Filters › Tags', tags);
	const after = offered.includes('registeredAfter')
		? optionalText(filters.registeredAfter)
		: undefined;
	if (after) filter.registeredAfter = requireDate('Filters › Registered After', after);
	return filter;
}

const userRefField = (what: string) =>
	userLocator(`The user to ${what}, picked from the list or given by email or ID`);

/** Create and Find or Create: the new user's form, one core call, the user as the answer. */
function newUserOperation(spec: {
	value: 'create' | 'findOrCreate';
	name: string;
	action: string;
	description: string;
	make: typeof createUserChecked;
}) {
	return defineOperation<NewUser>({
		resource: 'user',
		value: spec.value,
		name: spec.name,
		action: spec.action,
		description: spec.description,
		requires: ['user.create', 'user.get'],
		fields: newUserFields,
		read: readNewUser,
		label: (input) => input.email,
		run: async (adapter, input) => {
			const result = await spec.make(adapter, input);
			return { action: result.action, ...userJson(result.user) };
		},
	});
}

/** Suspend and Reactivate: the same form (one user), one adapter call, the user as the answer. */
function statusOperation(spec: {
	value: 'suspend' | 'reactivate';
	name: string;
	description: string;
	requires: 'user.suspend' | 'user.reactivate';
	method: 'suspendUser' | 'reactivateUser';
}) {
	return defineOperation<UserRef>({
		resource: 'user',
		value: spec.value,
		name: spec.name,
		action: `${spec.name} a user`,
		description: spec.description,
		requires: [spec.requires],
		fields: () => [userRefField(spec.value)],
		read: (params) => readUserRef(params),
		label: refLabel,
		run: async (adapter, ref) => {
			const result = await requireOperation(adapter, spec.method)(ref);
			return { action: result.action, ...userJson(result.user) };
		},
	});
}

export const userOperations = [
	newUserOperation({
		value: 'create',
		name: 'Create',
		action: 'Create a user',
		description: 'Create a new user',
		make: createUserChecked,
	}),
	newUserOperation({
		value: 'findOrCreate',
		name: 'Find or Create',
		action: 'Find or create a user by email',
		description:
			'Return the user with this email, creating them first if there is none. Safe to run again.',
		make: findOrCreateUser,
	}),
	defineOperation<UserRef>({
		resource: 'user',
		value: 'get',
		name: 'Get',
		action: 'Get a user',
		description: 'Get a user by ID or email',
		requires: ['user.get'],
		fields: () => [userRefField('get')],
		read: (params) => readUserRef(params),
		label: refLabel,
		run: async (adapter, ref) => userJson(await getUser(adapter, ref)),
	}),
	defineOperation<{ limit: number; filter: UserListFilter }>({
		resource: 'user',
		value: 'getMany',
		name: 'Get Many',
		action: 'Get many users',
		description: 'List users, page by page',
		requires: ['user.list'],
		fields: (vendor) => [
			returnAllField,
			limitField,
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: userListFilterFields(vendor),
			},
		],
		read: (params, vendor) => ({
			limit: readLimit(params),
			filter: readUserListFilter(params, vendor),
		}),
		run: async (adapter, input) => {
			const limit = Number.isFinite(input.limit) ? input.limit : undefined;
			const users = requireOperation(adapter, 'listUsers')({ ...input.filter, limit });
			const status = input.filter.status;
			const filtered = (async function* () {
				for await (const user of users) if (!status || user.status === status) yield user;
			})();
			return (await collect(filtered, input.limit)).map(userJson);
		},
	}),
	defineOperation<{ ref: UserRef; changes: UserChanges }>({
		resource: 'user',
		value: 'update',
		name: 'Update',
		action: 'Update a user',
		description: "Change a user's details; fields left out stay as they are",
		requires: ['user.update'],
		fields: (vendor) => [
			userRefField('update'),
			{
				displayName: 'Update Fields',
				name: 'updateFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				description: 'Only the fields added here change; the others stay as they are',
				options: updatable(vendor, [
					customFieldsField(vendor),
					{
						displayName: 'Email',
						name: 'email',
						type: 'string',
						placeholder: 'name@email.com',
						default: '',
						description: 'The new email address; the user signs in and is found by it from now on',
					},
					{
						displayName: 'First Name',
						name: 'firstName',
						type: 'string',
						default: '',
						description: "The user's new first name",
					},
					{
						displayName: 'Last Name',
						name: 'lastName',
						type: 'string',
						default: '',
						description: "The user's new last name",
					},
					passwordField(
						'A new password; it cannot be compared with the current one, so it is always sent',
					),
					{
						displayName: 'Username',
						name: 'username',
						type: 'string',
						default: '',
						description: 'The new login name',
					},
				]),
			},
		],
		read: (params) => {
			const fields = (params.raw('updateFields', {}) ?? {}) as Record<string, unknown>;
			const email = optionalText(fields.email, 'Update Fields › Email');
			const changes: UserChanges = {
				email: email === undefined ? undefined : requireEmail('Update Fields › Email', email),
				firstName: optionalText(
					fields.firstName,
					'Update Fields › First Name',
					USER_FIELD_LIMITS.firstName,
				),
				lastName: optionalText(
					fields.lastName,
					'Update Fields › Last Name',
					USER_FIELD_LIMITS.lastName,
				),
				username: optionalText(
					fields.username,
					'Update Fields › Username',
					USER_FIELD_LIMITS.username,
				),
				password: optionalText(fields.password, 'Update Fields › Password'),
				customFields: readCustomFields(fields.customFields),
			};
			return { ref: readUserRef(params), changes };
		},
		label: (input) => input.ref.value,
		run: async (adapter, input) => {
			const result = await requireOperation(adapter, 'updateUser')(input.ref, input.changes);
			return { action: result.action, ...userJson(result.user) };
		},
	}),
	statusOperation({
		value: 'suspend',
		name: 'Suspend',
		description: 'Block the user from signing in; their record and learning history are kept',
		requires: 'user.suspend',
		method: 'suspendUser',
	}),
	statusOperation({
		value: 'reactivate',
		name: 'Reactivate',
		description: 'Let a suspended user sign in again',
		requires: 'user.reactivate',
		method: 'reactivateUser',
	}),
	defineOperation<UserRef>({
		resource: 'user',
		value: 'delete',
		name: 'Delete',
		action: 'Delete a user',
		description: 'Delete the user and erase their learning history for good; prefer Suspend',
		requires: ['user.delete'],
		fields: () => [
			{
				displayName:
					'Deleting a user erases their completions and certificates permanently. To offboard someone and keep the record, use Suspend.',
				name: 'deleteNotice',
				type: 'notice',
				default: '',
			},
			userRefField('delete'),
		],
		read: (params) => readUserRef(params),
		label: refLabel,
		run: async (adapter, ref) => ({ ...(await requireOperation(adapter, 'deleteUser')(ref)) }),
	}),
];
