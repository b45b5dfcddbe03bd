import {
	parseTagList,
	requireOperation,
	type LmsAdapter,
	type TagResult,
	type UserRef,
	type VendorDefinition,
} from '../../core';
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

/** Add and Remove differ only in their words and the adapter call. */
function tagChange(change: {
	value: 'add' | 'remove';
	name: string;
	action: string;
	description: string;
	/** What the user locator says: "The user to tag". */
	userPrompt: string;
	change(adapter: LmsAdapter, ref: UserRef, tags: string[]): Promise<TagResult>;
}) {
	return defineOperation<{ ref: UserRef; tags: string[] }>({
		resource: 'tag',
		value: change.value,
		name: change.name,
		action: change.action,
		description: change.description,
		requires: [change.value === 'add' ? 'tag.add' : 'tag.remove'],
		fields: (vendor) => [userLocator(change.userPrompt), tagsField(vendor, change.value)],
		read: (params) => ({
			ref: readUserRef(params),
			tags: parseTagList('Tags', params.raw('tags')),
		}),
		label: (input) => input.ref.value,
		run: async (adapter, input) => ({ ...(await change.change(adapter, input.ref, input.tags)) }),
	});
}

export const tagOperations = [
	tagChange({
		value: 'add',
		name: 'Add',
		action: 'Add tags to a user',
		description: 'Attach tags to a user; tags already there are left alone',
		userPrompt: 'The user to tag',
		change: (adapter, ref, tags) => requireOperation(adapter, 'addTags')(ref, tags),
	}),
	tagChange({
		value: 'remove',
		name: 'Remove',
		action: 'Remove tags from a user',
		description: 'Detach tags from a user; tags not there are ignored',
		userPrompt: 'The user to untag',
		change: (adapter, ref, tags) => requireOperation(adapter, 'removeTags')(ref, tags),
	}),
];
