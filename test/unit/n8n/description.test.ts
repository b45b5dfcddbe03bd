/**
 * What each vendor's action node shows, built from its real definition: the notes and hints that
 * only the vendor knows reach the fields, and no node offers a filter or option its LMS ignores.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { VendorDefinition } from '../../../nodes/shared/core';
import { buildActionDescription } from '../../../nodes/shared/n8n';
import { learningPoolVendor } from '../../../nodes/shared/vendors/learningpool/definition';
import { learnUponVendor } from '../../../nodes/shared/vendors/learnupon/definition';
import { learnWorldsVendor } from '../../../nodes/shared/vendors/learnworlds/definition';
import { growVendor } from '../../../nodes/shared/vendors/grow';
import { talentLmsVendor } from '../../../nodes/shared/vendors/talentlms/definition';
import { VENDORS } from '../../../nodes/shared/vendors';

function propertiesOf(vendor: VendorDefinition): INodeProperties[] {
	return buildActionDescription(vendor, {
		displayName: vendor.name,
		icon: 'fa:graduation-cap',
		description: 'test',
	}).properties;
}

/** The field `name` shown for one operation. */
function fieldOf(vendor: VendorDefinition, resource: string, operation: string, name: string) {
	return propertiesOf(vendor).find(
		(property) =>
			property.name === name &&
			property.displayOptions?.show?.resource?.includes(resource) &&
			property.displayOptions?.show?.operation?.includes(operation),
	);
}

function optionNames(field: INodeProperties | undefined): string[] {
	return ((field?.options ?? []) as INodeProperties[]).map((option) => option.name).sort();
}

function customFieldKey(vendor: VendorDefinition): INodeProperties {
	const update = fieldOf(vendor, 'user', 'update', 'updateFields');
	const custom = (update?.options as INodeProperties[]).find(
		(option) => option.name === 'customFields',
	);
	const group = (custom?.options as Array<{ values: INodeProperties[] }>)[0];
	return group.values.find((value) => value.name === 'key')!;
}

describe('TalentLMS: finding a user by login', () => {
	it('every user picker tells how to look a user up by login', () => {
		const pickers = propertiesOf(talentLmsVendor).filter(
			(property) => property.name === 'user' && property.type === 'resourceLocator',
		);
		expect(pickers.length).toBeGreaterThan(5);
		for (const picker of pickers) expect(picker.description).toMatch(/by login.*"By ID"/i);
	});

	it('other vendors do not claim the login lookup', () => {
		const picker = fieldOf(learnUponVendor, 'user', 'get', 'user');
		expect(picker?.description).not.toMatch(/login/i);
	});
});

describe('custom field keys', () => {
	it.each([
		[talentLmsVendor, /custom_field_1/],
		[learnUponVendor, /CustomData/],
		[learnWorldsVendor, /`fields`/],
		[growVendor, /`fields`/],
	])("%#: the key's description gives the vendor's naming", (vendor, convention) => {
		expect(customFieldKey(vendor).description).toMatch(convention);
	});

	it('the Custom Fields value and every update field are described', () => {
		for (const vendor of VENDORS) {
			const update = fieldOf(vendor, 'user', 'update', 'updateFields');
			for (const option of update?.options as INodeProperties[])
				expect([option.name, option.description]).toEqual([option.name, expect.any(String)]);
		}
	});
});

describe('user fields the LMS does not take', () => {
	it('LearnWorlds and Grow updates offer no password and no names (put-users-id has neither)', () => {
		for (const vendor of [learnWorldsVendor, growVendor])
			expect(optionNames(fieldOf(vendor, 'user', 'update', 'updateFields'))).toEqual([
				'customFields',
				'email',
				'username',
			]);
		expect(optionNames(fieldOf(talentLmsVendor, 'user', 'update', 'updateFields'))).toEqual(
			expect.arrayContaining(['firstName', 'lastName', 'password']),
		);
	});

	it("LearnWorlds' name fields say the names are not stored and where a name can go", () => {
		const first = fieldOf(learnWorldsVendor, 'user', 'create', 'firstName');
		expect(first?.description).toMatch(/Not stored.*Username.*cf_/);
		expect(fieldOf(talentLmsVendor, 'user', 'create', 'firstName')?.description).toBeUndefined();
	});
});

describe('user list filters', () => {
	it('LearnWorlds and Grow offer tags and registration time besides status', () => {
		for (const vendor of [learnWorldsVendor, growVendor])
			expect(optionNames(fieldOf(vendor, 'user', 'getMany', 'filters'))).toEqual([
				'registeredAfter',
				'status',
				'tags',
			]);
	});

	it('vendors whose list cannot filter by them offer status only', () => {
		for (const vendor of [talentLmsVendor, learnUponVendor, learningPoolVendor])
			expect(optionNames(fieldOf(vendor, 'user', 'getMany', 'filters'))).toEqual(['status']);
	});
});

describe("a user's enrollments", () => {
	it('can be filtered by status wherever they can be listed', () => {
		for (const vendor of VENDORS) {
			if (!vendor.capabilities.has('enrollment.listForUser')) continue;
			expect(fieldOf(vendor, 'enrollment', 'getMany', 'status')?.type).toBe('options');
		}
	});
});

describe('bulk enroll options', () => {
	it('Grow bulk jobs take price and justification', () => {
		expect(optionNames(fieldOf(growVendor, 'enrollment', 'bulkEnroll', 'enrollOptions'))).toEqual([
			'justification',
			'price',
		]);
	});

	it('LearnUpon bulk jobs carry no options, so none are shown', () => {
		expect(learnUponVendor.capabilities.has('enrollment.bulkEnroll')).toBe(true);
		expect(fieldOf(learnUponVendor, 'enrollment', 'bulkEnroll', 'enrollOptions')).toBeUndefined();
	});
});

it('LearnUpon calls the history-keeping alternative to Delete by its operation name', () => {
	const operations = propertiesOf(learnUponVendor).find(
		(property) =>
			property.name === 'operation' && property.displayOptions?.show?.resource?.[0] === 'user',
	);
	const options = operations?.options as Array<{ name: string; description: string }>;
	const deleteOption = options.find((option) => option.name === 'Delete')!;
	const keeper = deleteOption.description.match(/; (\w+) keeps the history/)?.[1];
	expect(options.map((option) => option.name)).toContain(keeper);
});
