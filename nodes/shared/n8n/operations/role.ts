import { requireOperation, requireText, type UserRef } from '../../core';
import { userLocator } from '../fields';
import { readUserRef } from './params';
import { defineOperation } from './types';

export const roleOperations = [
	defineOperation<{ ref: UserRef }>({
		resource: 'role',
		value: 'get',
		name: 'Get',
		action: "Get a user's role",
		description: 'Get the role a user has in the LMS',
		requires: ['role.get'],
		fields: () => [userLocator('The user whose role to get')],
		read: (params) => ({ ref: readUserRef(params) }),
		label: (input) => input.ref.value,
		run: async (adapter, input) => ({
			...(await requireOperation(adapter, 'getUserRole')(input.ref)),
		}),
	}),
	defineOperation<{ ref: UserRef; role: string }>({
		resource: 'role',
		value: 'update',
		name: 'Update',
		action: "Update a user's role",
		description: "Change a user's role; the same role again counts as success (unchanged)",
		requires: ['role.update', 'role.list'],
		fields: () => [
			userLocator('The user whose role to change'),
			{
				displayName: 'Role Name or ID',
				name: 'role',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getRoles' },
				default: '',
				required: true,
				description:
					'The role to give the user. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
		read: (params) => ({ ref: readUserRef(params), role: requireText('Role', params.raw('role')) }),
		label: (input) => `${input.ref.value} → ${input.role}`,
		run: async (adapter, input) => ({
			...(await requireOperation(adapter, 'setUserRole')(input.ref, input.role)),
		}),
	}),
];
