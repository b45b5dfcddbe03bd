import {
	NodeConnectionTypes,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { DEFAULT_MAX_WAIT_MINUTES, type VendorDefinition } from '../core';
import { maxWaitField, quotaCheckField } from './fields';
import { OPERATIONS, RESOURCES } from './operations/catalog';
import type { OperationSpec } from './operations/types';

/** What a node file says about itself; its type name comes from the vendor definition. */
export interface NodeIdentity {
	displayName: string;
	icon: INodeTypeDescription['icon'];
	description: string;
}

/** The operations a vendor offers: those whose every capability its adapter has. */
export function offeredOperations(vendor: VendorDefinition): OperationSpec[] {
	return OPERATIONS.filter((operation) =>
		operation.requires.every((capability) => vendor.capabilities.has(capability)),
	);
}

export function findOperation(
	vendor: VendorDefinition,
	resource: string,
	value: string,
): OperationSpec | undefined {
	return offeredOperations(vendor).find(
		(operation) => operation.resource === resource && operation.value === value,
	);
}

/** Builds an action node's whole description from what the vendor's adapter can do. */
export function buildActionDescription(
	vendor: VendorDefinition,
	identity: NodeIdentity,
): INodeTypeDescription {
	const offered = offeredOperations(vendor);
	const resources = RESOURCES.filter((resource) =>
		offered.some((operation) => operation.resource === resource.value),
	);
	const firstResource = resources[0].value;
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map(({ name, value, description }) => ({ name, value, description })),
			default: firstResource,
		},
	];
	for (const resource of resources) {
		const operations = offered.filter((operation) => operation.resource === resource.value);
		const options: INodePropertyOptions[] = operations
			.map((operation) => ({
				name: operation.name,
				value: operation.value,
				action: operation.action,
				description: withNote(vendor, operation),
			}))
			.sort((a, b) => a.name.localeCompare(b.name));
		const firstOperation = operations[0].value;
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options,
			default: firstOperation,
		});
	}
	for (const operation of offered) {
		const show = { resource: [operation.resource], operation: [operation.value] };
		for (const field of operation.fields(vendor)) {
			properties.push({
				...withIdentifierNote(vendor, field),
				displayOptions: {
					...field.displayOptions,
					show: { ...field.displayOptions?.show, ...show },
				},
			});
		}
	}
	if (vendor.callQuotaName) properties.push(quotaCheckField(vendor.callQuotaName));
	properties.push(maxWaitField(DEFAULT_MAX_WAIT_MINUTES));
	return {
		displayName: identity.displayName,
		name: vendor.nodeName,
		icon: identity.icon,
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: identity.description,
		defaults: { name: identity.displayName },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: vendor.credentialType, required: true }],
		properties,
	};
}

function withNote(vendor: VendorDefinition, operation: OperationSpec): string {
	const note = operation.requires.map((capability) => vendor.notes?.[capability]).find(Boolean);
	return note ? `${operation.description}. ${note}` : operation.description;
}

/** Every user picker says how the vendor reads the value typed into it (e.g. a login as ID). */
function withIdentifierNote(vendor: VendorDefinition, field: INodeProperties): INodeProperties {
	const note = vendor.notes?.['user.identifier'];
	if (!note || field.type !== 'resourceLocator' || field.name !== 'user') return field;
	return { ...field, description: field.description ? `${field.description}. ${note}` : note };
}
