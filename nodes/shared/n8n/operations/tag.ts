import { parseTagList, requireOperation, type UserRef, type VendorDefinition } from '../../core';
import { userLocator } from '../fields';
import { readUserRef } from './params';
import { defineOperation } from './types';

const tagsField = (vendor: VendorDefinition, verb: string) => ({
	displayName: 'Tags',
	name: 'tags',
	type: 'string' as const,
	default: '',
	required: true,
	placeholder: 'sales, emea',
	description: `Comma-separated tags to ${verb}${vendor.notes?.['tag.add'] ? `. ${vendor.notes['tag.add']}` : ''}`,
});

export const tagOperations = [
	defineOperation<{ ref: UserRef; tags: string[] }>({
		resource: 'tag',
		value: 'add',
		name: 'Add',
		action: 'Add tags to a user',
		description: 'Attach tags to a user; tags already there are left alone',
		requires: ['tag.add'],
		fields: (vendor) => [userLocator('The user to tag'), tagsField(vendor, 'add')],
		read: (params) => ({
			ref: readUserRef(params),
			tags: parseTagList('Tags', params.raw('tags')),
		}),
		label: (input) => input.ref.value,
		run: async (adapter, input) => ({
			...(await requireOperation(adapter, 'addTags')(input.ref, input.tags)),
		}),
	}),
	defineOperation<{ ref: UserRef; tags: string[] }>({
		resource: 'tag',
		value: 'remove',
		name: 'Remove',
		action: 'Remove tags from a user',
		description: 'Detach tags from a user; tags not there are ignored',
		requires: ['tag.remove'],
		fields: (vendor) => [userLocator('The user to untag'), tagsField(vendor, 'remove')],
		read: (params) => ({
			ref: readUserRef(params),
			tags: parseTagList('Tags', params.raw('tags')),
		}),
		label: (input) => input.ref.value,
		run: async (adapter, input) => ({
			...(await requireOperation(adapter, 'removeTags')(input.ref, input.tags)),
		}),
	}),
];
