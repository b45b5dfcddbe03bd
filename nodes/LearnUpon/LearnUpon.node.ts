import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { buildActionDescription, buildMethods, runActionNode } from '../shared/n8n';
import { learnUponVendor } from '../shared/vendors/learnupon/definition';

const ICON = { light: 'file:learnupon.svg', dark: 'file:learnupon.dark.svg' } as const;

export class LearnUpon implements INodeType {
	description: INodeTypeDescription = {
		...buildActionDescription(learnUponVendor, {
			displayName: 'LearnUpon',
			icon: ICON,
			description: 'Create, enroll, group and offboard LearnUpon users',
		}),
		// Repeated as literals: n8n's lint reads these from the class, not from the builder.
		icon: { light: 'file:learnupon.svg', dark: 'file:learnupon.dark.svg' },
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		usableAsTool: true,
	};

	methods = buildMethods(learnUponVendor);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runActionNode.call(this, learnUponVendor);
	}
}
