import type { INodeProperties } from 'n8n-workflow';

import {
	applyPlan,
	InputError,
	optionalText,
	plannedOutcomes,
	planRoster,
	readSnapshot,
	requireEmail,
	USER_FIELD_LIMITS,
	summarise,
	type RosterPolicy,
	type RosterRow,
	type VendorDefinition,
} from '../../core';
import { defineOperation, type ParamReader } from './types';

function listOf(value: unknown): string[] | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const raw = Array.isArray(value) ? value.map(String) : String(value).split(/[,;]/);
	return [...new Set(raw.map((entry) => entry.trim()).filter(Boolean))];
}

function readBoolean(field: string, value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	const text = String(value ?? '')
		.trim()
		.toLowerCase();
	if (['', 'true', 'yes', 'y', '1', 'active'].includes(text)) return true;
	if (['false', 'no', 'n', '0', 'inactive', 'terminated', 'suspended'].includes(text)) return false;
	throw new InputError(field, `"${field}" must be true or false, got "${String(value)}"`);
}

const rosterFields = (vendor: VendorDefinition): INodeProperties[] => {
	const fields: INodeProperties[] = [
		{
			displayName:
				'Every input item is one roster row. The sync reads the LMS once, plans the differences and applies them; use Dry Run first.',
			name: 'rosterNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '={{ $json.email }}',
			required: true,
			description: 'Email of the person; the match key',
		},
		{
			displayName: 'First Name',
			name: 'firstName',
			type: 'string',
			default: '={{ $json.firstName }}',
		},
		{
			displayName: 'Last Name',
			name: 'lastName',
			type: 'string',
			default: '={{ $json.lastName }}',
		},
		{
			displayName: 'Active',
			name: 'active',
			type: 'boolean',
			default: true,
			description:
				'Whether the person should have access; false suspends them. Map it from the HR status with an expression.',
		},
		{
			displayName: 'Courses',
			name: 'courses',
			type: 'string',
			default: '',
			description: 'Comma-separated course IDs the person must be enrolled in',
		},
		{
			displayName: 'Groups',
			name: 'groups',
			type: 'string',
			default: '',
			description: 'Comma-separated group IDs the person must belong to',
		},
	];
	if (vendor.capabilities.has('tag.add')) {
		fields.push({
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			description: 'Comma-separated tags the person must carry',
		});
	}
	const options: INodeProperties[] = [
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: true,
			description: 'Whether to only show the plan without changing anything',
		},
		{
			displayName: 'Suspend Users Missing From Roster',
			name: 'deprovision',
			type: 'boolean',
			default: false,
			description:
				'Whether to suspend users in scope (see Scope Tag / Scope Group ID) that the roster does not list. Never deletes.',
		},
		{
			displayName: 'Scope Group ID',
			name: 'scopeGroupId',
			type: 'string',
			default: '',
			description: 'Only members of this group are ever suspended for being absent',
		},
		{
			displayName: 'Max Suspend Percent',
			name: 'maxSuspendPercent',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 100 },
			default: 10,
			description:
				'Stop before any change when more than this share of in-scope users would be suspended',
		},
	];
	if (vendor.capabilities.has('tag.add')) {
		options.push(
			{
				displayName: 'Scope Tag',
				name: 'scopeTag',
				type: 'string',
				default: '',
				description: 'Only users with this tag are ever suspended for being absent',
			},
			{
				displayName: 'Managed Tags',
				name: 'managedTags',
				type: 'string',
				default: '',
				description:
					'Comma-separated tags the sync owns: removed from users whose row no longer lists them',
			},
		);
	}
	fields.push({
		displayName: 'Options',
		name: 'rosterOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	});
	return fields;
};

interface RosterInput {
	row: RosterRow;
	policy: RosterPolicy;
	dryRun: boolean;
}

function readRow(params: ParamReader, vendor: VendorDefinition): RosterInput {
	const options = (params.raw('rosterOptions', {}) ?? {}) as Record<string, unknown>;
	const row: RosterRow = {
		item: params.itemIndex,
		email: requireEmail('Email', params.raw('email')),
		firstName: optionalText(params.raw('firstName', ''), 'First Name', USER_FIELD_LIMITS.firstName),
		lastName: optionalText(params.raw('lastName', ''), 'Last Name', USER_FIELD_LIMITS.lastName),
		active: readBoolean('Active', params.raw('active', true)),
		courses: listOf(params.raw('courses', '')),
		groups: listOf(params.raw('groups', '')),
		tags: vendor.capabilities.has('tag.add') ? listOf(params.raw('tags', '')) : undefined,
	};
	if (row.courses && !vendor.capabilities.has('enrollment.enroll')) {
		throw new InputError(
			'Courses',
			`${vendor.name} cannot enroll through this node; leave "Courses" empty`,
		);
	}
	const maxSuspendPercent =
		options.maxSuspendPercent === undefined ? 10 : Number(options.maxSuspendPercent);
	if (!Number.isFinite(maxSuspendPercent) || maxSuspendPercent < 0 || maxSuspendPercent > 100) {
		throw new InputError('Max Suspend Percent', '"Max Suspend Percent" must be between 0 and 100');
	}
	return {
		row,
		dryRun: options.dryRun === undefined ? true : options.dryRun === true,
		policy: {
			deprovision: options.deprovision === true,
			scopeTag: optionalText(options.scopeTag),
			scopeGroupId: optionalText(options.scopeGroupId),
			maxSuspendPercent,
			managedTags: listOf(options.managedTags) ?? [],
		},
	};
}

export const rosterOperations = [
	defineOperation<RosterInput>({
		resource: 'roster',
		value: 'sync',
		name: 'Sync',
		action: 'Sync a roster into the LMS',
		description:
			'Reconcile all input items (the roster) with the LMS: create, update, reactivate, suspend, enroll, group and tag, with a dry run and an audit item per change',
		requires: [
			'user.list',
			'user.create',
			'user.get',
			'user.update',
			'user.suspend',
			'user.reactivate',
		],
		fields: rosterFields,
		read: readRow,
		label: (input) => input.row.email,
		runBatch: async (adapter, inputs) => {
			if (inputs.length === 0) return [];
			// Options are node-level; the first item's values stand for the run.
			const { policy, dryRun } = inputs[0].input;
			const rows = inputs.map(({ input }) => input.row);
			const snapshot = await readSnapshot(adapter, rows, policy);
			const plan = planRoster(rows, snapshot, policy);
			const outcomes = dryRun ? plannedOutcomes(plan) : await applyPlan(adapter, plan, rows);
			return [
				...outcomes.map((outcome) => ({
					json: {
						email: outcome.email,
						action: outcome.action,
						status: outcome.status,
						detail: outcome.detail ?? null,
						userId: outcome.userId ?? null,
						error: outcome.error ?? null,
					},
					itemIndex: outcome.item,
				})),
				{ json: { ...summarise(outcomes, rows.length, dryRun) } },
			];
		},
	}),
];
