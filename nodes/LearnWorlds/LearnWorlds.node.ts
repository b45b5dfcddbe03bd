import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { buildActionDescription, buildMethods, runActionNode } from '../shared/n8n';
import { learnWorldsVendor } from '../shared/vendors/learnworlds/definition';

export class LearnWorlds implements INodeType {
	description: INodeTypeDescription = {
		...buildActionDescription(learnWorldsVendor, {
			displayName: 'LearnWorlds',
			icon: { light: 'file:learnworlds.svg', dark: 'file:learnworlds.dark.svg' },
			description: 'Create, enroll, tag, group and offboard LearnWorlds users',
		}),
		// Repeated as literals: n8n's lint reads these from the class, not from the builder.
		icon: { light: 'file:learnworlds.svg', dark: 'file:learnworlds.dark.svg' },
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		usableAsTool: true,
	};

	methods = buildMethods(learnWorldsVendor);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runActionNode.call(this, learnWorldsVendor);
	}
}
