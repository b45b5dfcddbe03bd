import type { Completion, EnrollmentEvent, ProductType, UserCreation } from './model';
import type { SignatureCheck, WebhookHeaders } from './webhook';

/**
 * Instant (webhook) triggers: the events an LMS pushes, as the same canonical records the polling
 * triggers emit, so a workflow can switch between polling and instant without touching the nodes
 * after the trigger. Events without a polling counterpart get records in the same style.
 */

export type InstantEventName =
	| 'courseCompleted'
	| 'userEnrolled'
	| 'userUnenrolled'
	| 'userUpdated'
	| 'moduleCompleted'
	| 'examCompleted'
	| 'learningPathCompleted';

/** A user lost access to a product. The LMS sends no time, so `unenrolledAt` is when it arrived. */
export interface UnenrollmentEvent {
	userId: string;
	email?: string;
	productId: string;
	productType: ProductType;
	productName?: string;
	unenrolledAt: string;
	raw: unknown;
}

/** A module of a course was completed: a completion of the course's module. */
export interface ModuleCompletion extends Completion {
	moduleId: string;
	moduleName?: string;
}

/** An exam was completed (passed or not, where the LMS says). */
export interface ExamCompletion extends Completion {
	examId?: string;
	examName?: string;
	passed?: boolean;
}

export interface LearningPathCompletion {
	userId: string;
	email?: string;
	learningPathId: string;
	learningPathName?: string;
	completedAt: string;
	score?: number;
	raw: unknown;
}

export interface InstantRecords {
	courseCompleted: Completion;
	userEnrolled: EnrollmentEvent;
	userUnenrolled: UnenrollmentEvent;
	userUpdated: UserCreation;
	moduleCompleted: ModuleCompletion;
	examCompleted: ExamCompletion;
	learningPathCompleted: LearningPathCompletion;
}

/** One event of a delivery, mapped. `event` is undefined for a type the trigger does not offer. */
export type InstantEvent = {
	[E in InstantEventName]: {
		event: E;
		/** The vendor's own name for the event type, e.g. `courseCompleted` or `course_completion`. */
		vendorType: string;
		/** The same event delivered again (a vendor retry) has the same key. */
		dedupeKey: string;
		record: InstantRecords[E];
	};
}[InstantEventName];

export interface IgnoredEvent {
	event: undefined;
	vendorType: string;
	dedupeKey: string;
	/** Why it starts nothing: a type the node does not offer, or one without the ids a record needs. */
	reason: 'unsupportedType' | 'unreadable';
}

/** A request as it arrived: the exact bytes (signatures cover them) and the headers. */
export interface WebhookDelivery {
	rawBody: Buffer;
	headers: WebhookHeaders;
	/** Milliseconds since the epoch, when it arrived. */
	receivedAt: number;
}

export interface InstantEventOption {
	name: InstantEventName;
	displayName: string;
	description: string;
}

/**
 * What a vendor contributes to an instant trigger: its events, how its deliveries are signed and
 * how they are read. Like `VendorDefinition`, it knows neither n8n nor HTTP clients.
 */
export interface WebhookVendorDefinition {
	id: string;
	name: string;
	/** The credential holding the signing secret (one of its own: the API credential is not needed). */
	credentialType: string;
	events: readonly InstantEventOption[];
	/** Never throws: a delivery that cannot be checked is a failed check. */
	verify(delivery: WebhookDelivery, credentials: Record<string, unknown>): SignatureCheck;
	/** Only called on a verified delivery. Throws `InputError` when the body is not the vendor's envelope. */
	parse(
		delivery: WebhookDelivery,
		credentials: Record<string, unknown>,
	): Array<InstantEvent | IgnoredEvent>;
	/** A problem with the credential as filled in, for its Test button; undefined when it looks right. */
	checkCredential(credentials: Record<string, unknown>): string | undefined;
	secretsOf(credentials: Record<string, unknown>): string[];
}
