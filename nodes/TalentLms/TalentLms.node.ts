import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { buildActionDescription, buildMethods, runActionNode } from '../shared/n8n';
import { talentLmsVendor } from '../shared/vendors/talentlms/definition';

const ICON = { light: 'file:talentlms.svg', dark: 'file:talentlms.dark.svg' } as const;

export class TalentLms implements INodeType {
	description: INodeTypeDescription = {
		...buildActionDescription(talentLmsVendor, {
			displayName: 'TalentLMS',
			icon: ICON,
			description: 'Create, enroll, group and offboard TalentLMS users',
		}),
		// Repeated as literals: n8n's lint reads these from the class, not from the builder.
		icon: { light: 'file:talentlms.svg', dark: 'file:talentlms.dark.svg' },
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		usableAsTool: true,
	};

	methods = buildMethods(talentLmsVendor);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runActionNode.call(this, talentLmsVendor);
	}
}
