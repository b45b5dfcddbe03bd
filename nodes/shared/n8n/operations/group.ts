import { collect, requireOperation, requireText, type UserRef } from '../../core';
import { groupLocator, limitField, returnAllField, userLocator } from '../fields';
import { groupJson } from './output';
import { readLimit, readLocatorId, readUserRef } from './params';
import { defineOperation } from './types';

const memberField = (what: string) =>
	userLocator(`The user to ${what}, picked from the list or given by email or ID`);

export const groupOperations = [
	defineOperation<{ ref: UserRef; groupId: string }>({
		resource: 'group',
		value: 'addUser',
		name: 'Add User',
		action: 'Add a user to a group',
		description: 'Add a user to a group; being a member already counts as success (alreadyMember)',
		requires: ['group.addMember'],
		fields: () => [memberField('add'), groupLocator()],
		read: (params) => ({
			ref: readUserRef(params),
			groupId: readLocatorId(params, 'group', 'Group'),
		}),
		label: (input) => `${input.ref.value} → group ${input.groupId}`,
		run: async (adapter, input) => ({
			...(await requireOperation(adapter, 'addToGroup')(input.ref, input.groupId)),
		}),
	}),
	defineOperation<{ ref: UserRef; groupId: string }>({
		resource: 'group',
		value: 'removeUser',
		name: 'Remove User',
		action: 'Remove a user from a group',
		description: 'Remove a user from a group; not being a member counts as success (notMember)',
		requires: ['group.removeMember'],
		fields: () => [memberField('remove'), groupLocator()],
		read: (params) => ({
			ref: readUserRef(params),
			groupId: readLocatorId(params, 'group', 'Group'),
		}),
		label: (input) => `${input.ref.value} → group ${input.groupId}`,
		run: async (adapter, input) => ({
			...(await requireOperation(adapter, 'removeFromGroup')(input.ref, input.groupId)),
		}),
	}),
	defineOperation<{ limit: number }>({
		resource: 'group',
		value: 'getMany',
		name: 'Get Many',
		action: 'Get many groups',
		description: 'List groups',
		requires: ['group.list'],
		fields: () => [returnAllField, limitField],
		read: (params) => ({ limit: readLimit(params) }),
		run: async (adapter, input) =>
			(await collect(requireOperation(adapter, 'listGroups')(), input.limit)).map(groupJson),
	}),
	defineOperation<{ ref: UserRef }>({
		resource: 'group',
		value: 'getForUser',
		name: "Get User's Groups",
		action: "Get a user's groups",
		description: 'List the groups a user belongs to',
		requires: ['group.listForUser'],
		fields: () => [memberField('list groups of')],
		read: (params) => ({ ref: readUserRef(params) }),
		label: (input) => input.ref.value,
		run: async (adapter, input) =>
			(await requireOperation(adapter, 'listUserGroups')(input.ref)).map(groupJson),
	}),
	defineOperation<{ name: string }>({
		resource: 'group',
		value: 'create',
		name: 'Create',
		action: 'Create a group',
		description: 'Create a group; an existing group with the same name is returned instead (found)',
		requires: ['group.create'],
		fields: () => [
			{
				displayName: 'Name',
				name: 'groupName',
				type: 'string',
				default: '',
				required: true,
				description: 'Name of the group',
			},
		],
		read: (params) => ({ name: requireText('Name', params.raw('groupName')) }),
		label: (input) => input.name,
		run: async (adapter, input) => {
			const result = await requireOperation(adapter, 'createGroup')(input.name);
			return { action: result.action, ...groupJson(result.group) };
		},
	}),
];
