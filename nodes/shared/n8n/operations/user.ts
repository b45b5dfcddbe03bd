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
	requireText,
	type NewUser,
	type UserChanges,
	type UserRef,
	type VendorDefinition,
} from '../../core';
import {
	customFieldsField,
	emailField,
	firstNameField,
	lastNameField,
	limitField,
	returnAllField,
	userLocator,
} from '../fields';
import { userJson } from './output';
import { readCustomFields, readLimit, readUserRef, refLabel } from './params';
import { defineOperation, type ParamReader } from './types';

function newUserFields(vendor: VendorDefinition): INodeProperties[] {
	const options: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			description: 'Login name; defaults to the email where the LMS needs one',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Leave empty for single sign-on users; where the LMS requires a password, a strong random one is generated and never shown',
		},
		customFieldsField,
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
	return [
		emailField,
		firstNameField,
		lastNameField,
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
	const tagsText = optionalText(extra.tags);
	return {
		email: requireEmail('Email', params.raw('email')),
		firstName: requireText('First Name', params.raw('firstName')),
		lastName: requireText('Last Name', params.raw('lastName')),
		username: optionalText(extra.username),
		password: optionalText(extra.password),
		tags: tagsText ? parseTagList('Tags', tagsText) : undefined,
		customFields: readCustomFields(extra.customFields),
	};
}

const userRefField = (what: string) =>
	userLocator(`The user to ${what}, picked from the list or given by email or ID`);

export const userOperations = [
	defineOperation<NewUser>({
		resource: 'user',
		value: 'create',
		name: 'Create',
		action: 'Create a user',
		description: 'Create a new user',
		requires: ['user.create', 'user.get'],
		fields: newUserFields,
		read: readNewUser,
		label: (input) => input.email,
		run: async (adapter, input) => {
			const result = await createUserChecked(adapter, input);
			return { action: result.action, ...userJson(result.user) };
		},
	}),
	defineOperation<NewUser>({
		resource: 'user',
		value: 'findOrCreate',
		name: 'Find or Create',
		action: 'Find or create a user by email',
		description:
			'Return the user with this email, creating them first if there is none. Safe to run again.',
		requires: ['user.create', 'user.get'],
		fields: newUserFields,
		read: readNewUser,
		label: (input) => input.email,
		run: async (adapter, input) => {
			const result = await findOrCreateUser(adapter, input);
			return { action: result.action, ...userJson(result.user) };
		},
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
	defineOperation<{ limit: number; search?: string; status?: 'active' | 'suspended' }>({
		resource: 'user',
		value: 'getMany',
		name: 'Get Many',
		action: 'Get many users',
		description: 'List users, page by page',
		requires: ['user.list'],
		fields: () => [
			returnAllField,
			limitField,
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: [
					{
						displayName: 'Status',
						name: 'status',
						type: 'options',
						default: 'active',
						options: [
							{ name: 'Active', value: 'active' },
							{ name: 'Suspended', value: 'suspended' },
						],
					},
				],
			},
		],
		read: (params) => {
			const filters = (params.raw('filters', {}) ?? {}) as Record<string, unknown>;
			const status =
				filters.status === 'suspended'
					? 'suspended'
					: filters.status === 'active'
						? 'active'
						: undefined;
			return { limit: readLimit(params), status };
		},
		run: async (adapter, input) => {
			const users = requireOperation(adapter, 'listUsers')({ status: input.status });
			const filtered = (async function* () {
				for await (const user of users)
					if (!input.status || user.status === input.status) yield user;
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
		fields: () => [
			userRefField('update'),
			{
				displayName: 'Update Fields',
				name: 'updateFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				options: [
					customFieldsField,
					{
						displayName: 'Email',
						name: 'email',
						type: 'string',
						placeholder: 'name@email.com',
						default: '',
					},
					{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
					{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
					{
						displayName: 'Password',
						name: 'password',
						type: 'string',
						typeOptions: { password: true },
						default: '',
					},
					{ displayName: 'Username', name: 'username', type: 'string', default: '' },
				],
			},
		],
		read: (params) => {
			const fields = (params.raw('updateFields', {}) ?? {}) as Record<string, unknown>;
			const email = optionalText(fields.email);
			const changes: UserChanges = {
				email: email === undefined ? undefined : requireEmail('Update Fields › Email', email),
				firstName: optionalText(fields.firstName),
				lastName: optionalText(fields.lastName),
				username: optionalText(fields.username),
				password: optionalText(fields.password),
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
	defineOperation<UserRef>({
		resource: 'user',
		value: 'suspend',
		name: 'Suspend',
		action: 'Suspend a user',
		description: 'Block the user from signing in; their record and learning history are kept',
		requires: ['user.suspend'],
		fields: () => [userRefField('suspend')],
		read: (params) => readUserRef(params),
		label: refLabel,
		run: async (adapter, ref) => {
			const result = await requireOperation(adapter, 'suspendUser')(ref);
			return { action: result.action, ...userJson(result.user) };
		},
	}),
	defineOperation<UserRef>({
		resource: 'user',
		value: 'reactivate',
		name: 'Reactivate',
		action: 'Reactivate a user',
		description: 'Let a suspended user sign in again',
		requires: ['user.reactivate'],
		fields: () => [userRefField('reactivate')],
		read: (params) => readUserRef(params),
		label: refLabel,
		run: async (adapter, ref) => {
			const result = await requireOperation(adapter, 'reactivateUser')(ref);
			return { action: result.action, ...userJson(result.user) };
		},
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
