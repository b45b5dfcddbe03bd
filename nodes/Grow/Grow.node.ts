import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { buildActionDescription, buildMethods, runActionNode } from '../shared/n8n';
import { growVendor } from '../shared/vendors/grow';

export class Grow implements INodeType {
	description: INodeTypeDescription = {
		...buildActionDescription(growVendor, {
			displayName: 'Grow',
			icon: { light: 'file:grow.svg', dark: 'file:grow.dark.svg' },
			description: 'Create, enroll, tag, group and offboard Grow by Plenum users',
		}),
		// Repeated as literals: n8n's lint reads these from the class, not from the builder.
		icon: { light: 'file:grow.svg', dark: 'file:grow.dark.svg' },
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		usableAsTool: true,
	};

	methods = buildMethods(growVendor);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runActionNode.call(this, growVendor);
	}
}
