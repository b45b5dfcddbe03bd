import type { Capability, LmsAdapter } from './adapter';
import type { Clock } from './clock';
import type { ProductType } from './model';
import type { PacingLimit, RemainingBudget } from './pacing';
import type { HttpResponse, Transport } from './transport';

/** Optional enrollment settings a vendor understands; the node shows only these. */
export type EnrollOptionName =
	| 'price'
	| 'justification'
	| 'role'
	| 'reEnrollIfCompleted'
	| 'dueDate'
	| 'sendEmail';

/** User-list filters beyond status that a vendor's list call applies itself. */
export type UserListFilterName = 'tags' | 'registeredAfter';

/**
 * Everything the shared layers need to know about one LMS, without knowing its API: names, the
 * credential, what it supports, its pacing, and how to build its adapter from credential data.
 */
export interface VendorDefinition {
	id: string;
	name: string;
	credentialType: string;
	/** The action node's type name in n8n; its polling trigger is `<nodeName>Trigger`. */
	nodeName: string;
	capabilities: ReadonlySet<Capability>;
	productTypes: readonly ProductType[];
	enrollOptions: readonly EnrollOptionName[];
	/** The enroll options a bulk enrollment job carries; Bulk Enroll offers only these. */
	bulkEnrollOptions?: readonly EnrollOptionName[];
	/** Filters the user list offers (besides status); only those the LMS applies are listed. */
	userListFilters?: readonly UserListFilterName[];
	/**
	 * Caveats shown next to emulated or surprising operations; `user.identifier` is shown on every
	 * user picker, `user.customFields` on the custom-field key (the vendor's key convention).
	 */
	notes?: Partial<
		Record<Capability | 'user.identifier' | 'user.customFields' | 'user.names', string>
	>;
	/** Update fields the LMS's update call does not take (the node does not offer them). */
	notUpdatable?: readonly ('password' | 'firstName' | 'lastName')[];
	/** The vendor's published ceiling, or a safe default where none is published. */
	pacing(credentials: Record<string, unknown>): PacingLimit;
	/**
	 * The vendor reports a plan's call quota for free (the adapter's `callQuota`): the node then
	 * checks a run against it before the first call.
	 */
	callQuotaName?: string;
	/** Where the vendor reports what is left of its budget on an answer: that, and when it renews. */
	rateBudgetOf?(response: HttpResponse, now: number): RemainingBudget | undefined;
	/** Minutes a completion can appear late (or share a timestamp); the poll re-reads this window. */
	completionOverlapMs: number;
	/**
	 * The clock is the caller's: inside n8n it sleeps with n8n-workflow's `sleep`, elsewhere the
	 * tool or test supplies its own. Adapters never pick one themselves, so they stay n8n-free.
	 */
	createAdapter(
		credentials: Record<string, unknown>,
		transport: Transport,
		clock: Clock,
	): LmsAdapter;
	/** Values in the credential that must never be shown anywhere. */
	secretsOf(credentials: Record<string, unknown>): string[];
}
