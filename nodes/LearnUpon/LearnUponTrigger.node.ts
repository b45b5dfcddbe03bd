import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { buildMethods, buildTriggerDescription, pollEvents } from '../shared/n8n';
import { learnUponVendor } from '../shared/vendors/learnupon/definition';

const ICON = { light: 'file:learnupon.svg', dark: 'file:learnupon.dark.svg' } as const;

export class LearnUponTrigger implements INodeType {
	description: INodeTypeDescription = {
		...buildTriggerDescription(learnUponVendor, {
			displayName: 'LearnUpon Trigger',
			icon: ICON,
			description:
				'Starts the workflow when a LearnUpon user completes or passes a course (polls every enrollment of the watched courses)',
		}),
		// Repeated as literals: n8n's lint reads these from the class, not from the builder.
		icon: { light: 'file:learnupon.svg', dark: 'file:learnupon.dark.svg' },
		subtitle: '={{"Course completed"}}',
	};

	methods = buildMethods(learnUponVendor);

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return pollEvents.call(this, learnUponVendor);
	}
}
