import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import type { VendorDefinition } from '../core';
import type { NodeIdentity } from './description';
import { triggerProperties } from './poller';

/** The chosen event, as the canvas shows it under the node. */
export const TRIGGER_SUBTITLE =
	'={{ {"courseCompleted": "Course completed", "userCreated": "User created", "userEnrolled": "User enrolled"}[$parameter["event"]] }}';

/** What every trigger of the package, polling or instant, declares the same way. */
export function triggerBase(identity: NodeIdentity, subtitle: string, credentialType: string) {
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
		...triggerBase(identity, TRIGGER_SUBTITLE, vendor.credentialType),
		polling: true,
		properties: triggerProperties(vendor),
	};
}
