import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { buildMethods, buildTriggerDescription, pollEvents } from '../shared/n8n';
import { learningPoolVendor } from '../shared/vendors/learningpool/definition';

const ICON = { light: 'file:learningpool.svg', dark: 'file:learningpool.dark.svg' } as const;

export class LearningPoolTrigger implements INodeType {
	description: INodeTypeDescription = {
		...buildTriggerDescription(learningPoolVendor, {
			displayName: 'Learning Pool Trigger',
			icon: ICON,
			description: 'Starts the workflow when a Learning Pool user completes a course',
		}),
		// Repeated as literals: n8n's lint reads these from the class, not from the builder.
		icon: { light: 'file:learningpool.svg', dark: 'file:learningpool.dark.svg' },
		subtitle: '={{"Course completed"}}',
	};

	methods = buildMethods(learningPoolVendor);

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return pollEvents.call(this, learningPoolVendor);
	}
}
