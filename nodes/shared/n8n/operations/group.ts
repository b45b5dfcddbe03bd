import {
	requireOperation,
	requireText,
	type Capability,
	type LmsAdapter,
	type MembershipResult,
	type UserRef,
} from '../../core';
import { groupLocator, userLocator } from '../fields';
import { getManyOperation } from './listing';
import { groupJson } from './output';
import { readLocatorId, readUserRef } from './params';
import { defineOperation } from './types';

const memberField = (what: string) =>
	userLocator(`The user to ${what}, picked from the list or given by email or ID`);

/** Add User and Remove User differ only in their words and the adapter call. */
function membershipChange(change: {
	value: 'addUser' | 'removeUser';
	name: string;
	action: string;
	description: string;
	requires: Capability;
	verb: string;
	change(adapter: LmsAdapter, ref: UserRef, groupId: string): Promise<MembershipResult>;
}) {
	return defineOperation<{ ref: UserRef; groupId: string }>({
		resource: 'group',
		value: change.value,
		name: change.name,
		action: change.action,
		description: change.description,
		requires: [change.requires],
		fields: () => [memberField(change.verb), groupLocator()],
		read: (params) => ({
			ref: readUserRef(params),
			groupId: readLocatorId(params, 'group', 'Group'),
		}),
		label: (input) => `${input.ref.value} → group ${input.groupId}`,
		run: async (adapter, input) => ({
			...(await change.change(adapter, input.ref, input.groupId)),
		}),
	});
}

export const groupOperations = [
	membershipChange({
		value: 'addUser',
		name: 'Add User',
		action: 'Add a user to a group',
		description: 'Add a user to a group; being a member already counts as success (alreadyMember)',
		requires: 'group.addMember',
		verb: 'add',
		change: (adapter, ref, groupId) => requireOperation(adapter, 'addToGroup')(ref, groupId),
	}),
	membershipChange({
		value: 'removeUser',
		name: 'Remove User',
		action: 'Remove a user from a group',
		description: 'Remove a user from a group; not being a member counts as success (notMember)',
		requires: 'group.removeMember',
		verb: 'remove',
		change: (adapter, ref, groupId) => requireOperation(adapter, 'removeFromGroup')(ref, groupId),
	}),
	getManyOperation({
		resource: 'group',
		things: 'groups',
		requires: 'group.list',
		list: (adapter) => requireOperation(adapter, 'listGroups')(),
		toJson: groupJson,
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
