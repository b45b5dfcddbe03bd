import {
	NodeConnectionTypes,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';

import type { Capability, VendorDefinition } from '../core';
import type { NodeIdentity } from './description';
import { courseLocator } from './fields';

export type TriggerEventName = 'courseCompleted' | 'userCreated' | 'userEnrolled';

interface TriggerEventDefinition {
	option: INodePropertyOptions & { value: TriggerEventName };
	/** Any one of these capabilities makes the event available. */
	requires: Capability[];
	/** Whether the course filter applies to this event. */
	byCourse: boolean;
}

const TRIGGER_EVENTS: TriggerEventDefinition[] = [
	{
		option: {
			name: 'Course Completed',
			value: 'courseCompleted',
			description: 'A user completed a course',
		},
		requires: ['completion.list'],
		byCourse: true,
	},
	{
		option: {
			name: 'User Created',
			value: 'userCreated',
			description: 'A new user was added to the LMS',
		},
		requires: ['userCreation.list', 'userCreation.listNumbered'],
		byCourse: false,
	},
	{
		option: {
			name: 'User Enrolled',
			value: 'userEnrolled',
			description:
				'A user was enrolled into a course (or, where the LMS has them, another product)',
		},
		requires: ['enrollmentEvent.list'],
		byCourse: true,
	},
];

/** The events this vendor's adapter can report, in the order the node lists them. */
export function offeredTriggerEvents(vendor: VendorDefinition): TriggerEventDefinition[] {
	return TRIGGER_EVENTS.filter((event) =>
		event.requires.some((capability) => vendor.capabilities.has(capability)),
	);
}

/** "User Created" is read by creation time where the LMS can filter by it, else by id. */
const readsUsersById = (vendor: VendorDefinition) =>
	!vendor.capabilities.has('userCreation.list') &&
	vendor.capabilities.has('userCreation.listNumbered');

export function triggerProperties(vendor: VendorDefinition): INodeProperties[] {
	const events = offeredTriggerEvents(vendor);
	const byCourse = events.filter((event) => event.byCourse).map((event) => event.option.value);
	// A backfill needs event times; users found by id have none to go back by.
	const timed = events
		.map((event) => event.option.value)
		.filter((event) => event !== 'userCreated' || !readsUsersById(vendor));
	return [
		{
			displayName: 'Event',
			name: 'event',
			type: 'options',
			noDataExpression: true,
			default: 'courseCompleted',
			options: events.map((event) => event.option),
		},
		{
			...courseLocator('course', 'Course', false),
			description: 'Only events of this course; leave empty for all courses',
			displayOptions: { show: { event: byCourse } },
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: { event: timed } },
			options: [
				{
					displayName: 'Backfill Days',
					name: 'backfillDays',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description:
						'On the first poll after activation, also emit events from this many days back. 0 starts from now.',
				},
			],
		},
	];
}

/** The chosen event, as the canvas shows it under the node. */
export const TRIGGER_SUBTITLE =
	'={{ {"courseCompleted": "Course completed", "userCreated": "User created", "userEnrolled": "User enrolled"}[$parameter["event"]] }}';

/** What every trigger of the package, polling or instant, declares the same way. */
export function triggerBase(
	identity: NodeIdentity & { name: string },
	subtitle: string,
	credentialType: string,
) {
	return {
		displayName: identity.displayName,
		name: identity.name,
		icon: identity.icon,
		group: ['trigger'],
		version: 1,
		subtitle,
		description: identity.description,
		defaults: { name: identity.displayName },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: credentialType, required: true }],
	} satisfies Partial<INodeTypeDescription>;
}

/** A polling trigger's description; the poll interval is n8n's own "Poll Times" setting. */
export function buildTriggerDescription(
	vendor: VendorDefinition,
	identity: NodeIdentity,
): INodeTypeDescription {
	return {
		...triggerBase(
			{ ...identity, name: `${vendor.nodeName}Trigger` },
			TRIGGER_SUBTITLE,
			vendor.credentialType,
		),
		polling: true,
		properties: triggerProperties(vendor),
	};
}
