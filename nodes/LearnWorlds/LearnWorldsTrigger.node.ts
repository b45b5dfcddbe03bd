import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { buildMethods, buildTriggerDescription, pollEvents } from '../shared/n8n';
import { learnWorldsVendor } from '../shared/vendors/learnworlds/definition';

export class LearnWorldsTrigger implements INodeType {
	description: INodeTypeDescription = {
		...buildTriggerDescription(learnWorldsVendor, {
			displayName: 'LearnWorlds Trigger',
			icon: { light: 'file:learnworlds.svg', dark: 'file:learnworlds.dark.svg' },
			description:
				'Starts the workflow when a LearnWorlds user is created, is enrolled or completes a course',
		}),
		// Repeated as literals: n8n's lint reads these from the class, not from the builder.
		icon: { light: 'file:learnworlds.svg', dark: 'file:learnworlds.dark.svg' },
		subtitle:
			'={{ {"courseCompleted": "Course completed", "userCreated": "User created", "userEnrolled": "User enrolled"}[$parameter["event"]] }}',
	};

	methods = buildMethods(learnWorldsVendor);

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return pollEvents.call(this, learnWorldsVendor);
	}
}
