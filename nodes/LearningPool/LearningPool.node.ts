import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { buildActionDescription, buildMethods, runActionNode } from '../shared/n8n';
import { learningPoolVendor } from '../shared/vendors/learningpool/definition';

const ICON = { light: 'file:learningpool.svg', dark: 'file:learningpool.dark.svg' } as const;

export class LearningPool implements INodeType {
	description: INodeTypeDescription = {
		...buildActionDescription(learningPoolVendor, {
			displayName: 'Learning Pool',
			icon: ICON,
			description: 'Create, enroll, group, tag and offboard Learning Pool users (Simple API)',
		}),
		// Repeated as literals: n8n's lint reads these from the class, not from the builder.
		icon: { light: 'file:learningpool.svg', dark: 'file:learningpool.dark.svg' },
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		usableAsTool: true,
	};

	methods = buildMethods(learningPoolVendor);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runActionNode.call(this, learningPoolVendor);
	}
}
