import { z } from 'zod';

/** The canonical model every adapter translates to and from. `raw` keeps the vendor's record. */

/** Times are ISO 8601 with a zone, whatever the vendor sends (epoch seconds, local strings…). */
const isoDateTime = z.string().datetime({ offset: true });

export const userStatusSchema = z.enum(['active', 'suspended']);

export const userSchema = z.object({
	id: z.string(),
	email: z.string(),
	username: z.string().optional(),
	firstName: z.string().optional(),
	lastName: z.string().optional(),
	status: userStatusSchema,
	role: z.string().optional(),
	tags: z.array(z.string()).optional(),
	groupIds: z.array(z.string()).optional(),
	raw: z.unknown(),
});
export type User = z.infer<typeof userSchema>;

export const productTypeSchema = z.enum(['course', 'bundle', 'subscription', 'program']);
export type ProductType = z.infer<typeof productTypeSchema>;

export const enrollmentStatusSchema = z.enum([
	'notStarted',
	'inProgress',
	'completed',
	'passed',
	'failed',
	'pendingReview',
	'unknown',
]);
export type EnrollmentStatus = z.infer<typeof enrollmentStatusSchema>;

export const enrollmentSchema = z.object({
	id: z.string().optional(),
	userId: z.string(),
	productId: z.string(),
	productType: productTypeSchema,
	productName: z.string().optional(),
	status: enrollmentStatusSchema,
	progress: z.number().min(0).max(100).optional(),
	completedAt: isoDateTime.optional(),
	raw: z.unknown(),
});
export type Enrollment = z.infer<typeof enrollmentSchema>;

export const completionSchema = z.object({
	userId: z.string(),
	email: z.string().optional(),
	courseId: z.string(),
	courseName: z.string().optional(),
	completedAt: isoDateTime,
	score: z.number().optional(),
	raw: z.unknown(),
});
export type Completion = z.infer<typeof completionSchema>;

/** A user the LMS created: the "User Created" trigger's record. */
export const userCreationSchema = z.object({
	userId: z.string(),
	email: z.string(),
	username: z.string().optional(),
	firstName: z.string().optional(),
	lastName: z.string().optional(),
	status: userStatusSchema.optional(),
	/** ISO; absent where the LMS gives no machine-readable creation time. */
	createdAt: isoDateTime.optional(),
	raw: z.unknown(),
});
export type UserCreation = z.infer<typeof userCreationSchema>;

/** A user as a "user created" record; `createdAt` only where the LMS gives a machine-readable time. */
export function userCreationOf(user: User, raw: unknown, createdAt?: string): UserCreation {
	return {
		userId: user.id,
		email: user.email,
		username: user.username,
		firstName: user.firstName,
		lastName: user.lastName,
		status: user.status,
		...(createdAt ? { createdAt } : {}),
		raw,
	};
}

/** A user was enrolled into a product: the "User Enrolled" trigger's record. */
export const enrollmentEventSchema = z.object({
	userId: z.string(),
	email: z.string().optional(),
	productId: z.string(),
	productType: productTypeSchema,
	productName: z.string().optional(),
	enrolledAt: isoDateTime,
	raw: z.unknown(),
});
export type EnrollmentEvent = z.infer<typeof enrollmentEventSchema>;

export const groupSchema = z.object({
	id: z.string(),
	name: z.string(),
	/** Some vendors address groups by a key rather than the id (TalentLMS). */
	key: z.string().optional(),
	raw: z.unknown(),
});
export type Group = z.infer<typeof groupSchema>;

export const courseSchema = z.object({
	id: z.string(),
	name: z.string(),
	productType: productTypeSchema.default('course'),
	raw: z.unknown(),
});
export type Course = z.infer<typeof courseSchema>;

export const tagSchema = z.string().trim().min(1).max(100);
export type Tag = z.infer<typeof tagSchema>;

/** A user is addressed by id, email or username; adapters resolve whichever they are given. */
export type UserRef =
	| { by: 'id'; value: string }
	| { by: 'email'; value: string }
	| { by: 'username'; value: string };

export interface NewUser {
	email: string;
	firstName: string;
	lastName: string;
	username?: string;
	password?: string;
	role?: string;
	tags?: string[];
	/** Vendor-specific extra fields (custom fields, CustomData, …). */
	customFields?: Record<string, string>;
	/** Whether the LMS should send its own welcome email, where it can. */
	sendWelcomeEmail?: boolean;
}

export interface UserChanges {
	email?: string;
	firstName?: string;
	lastName?: string;
	username?: string;
	password?: string;
	customFields?: Record<string, string>;
}

export interface ProductRef {
	id: string;
	type: ProductType;
}
